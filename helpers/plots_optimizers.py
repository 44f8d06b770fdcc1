"""Figures of Episode 8: several descents on one cost landscape, and their learning curves.

The same conventions as ``helpers.plots``: Axes first, then the data, then style keywords; the
caller's keywords (and label) win; nothing calls pyplot or writes rcParams. Each helper returns a
small bundle of the artists it drew, whose ``update(...)`` moves them with setters only, so a live
figure can redraw a run without making new artists and a test can read what was drawn.

A run is a ``DescentResult`` of one feature (w and b), or its history given directly: an array of
(w, b) rows for a path, an array of costs for a learning curve. Runs are passed as a mapping from a
key to the run; the key picks the run's look in ``RUN_STYLES`` ("gd", "momentum", ...), and any
other key gets a look of its own from ``EXTRA_STYLES``. Every look has its own marker and line
style as well as its colour, so no figure depends on colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from .plots import OKABE_ITO, PALETTE

#: One look per kind of run, the same in every figure of Episode 8.
RUN_STYLES = {
    "gd": {"color": OKABE_ITO["vermillion"], "marker": "o", "linestyle": "-", "label": "gradient descent"},
    "momentum": {"color": OKABE_ITO["blue"], "marker": "^", "linestyle": "--", "label": "momentum"},
    "adam": {"color": OKABE_ITO["bluish_green"], "marker": "s", "linestyle": "-.", "label": "Adam"},
    "minibatch": {"color": OKABE_ITO["orange"], "marker": "D", "linestyle": ":", "label": "mini-batch"},
    "stochastic": {
        "color": OKABE_ITO["reddish_purple"],
        "marker": "v",
        "linestyle": "-",
        "label": "stochastic (batch of 1)",
    },
}

#: Looks for keys that are not in ``RUN_STYLES``, handed out in this order.
EXTRA_STYLES = (
    {"color": OKABE_ITO["sky_blue"], "marker": "P", "linestyle": "-"},
    {"color": OKABE_ITO["black"], "marker": "X", "linestyle": "--"},
    {"color": "#888888", "marker": "h", "linestyle": ":"},
    {"color": OKABE_ITO["reddish_purple"], "marker": "*", "linestyle": "-."},
)

#: About this many markers on a line however long the run, so long runs stay readable.
MARKERS_PER_LINE = 12

_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def log_label(value, _position=None) -> str:
    """A tick label on a log axis: 10⁵ for a power of ten, else the number itself ("0.5", "2e+03").

    Plain text, not mathtext: a figure with log axes is drawn several times faster.
    """
    if value <= 0 or not np.isfinite(value):
        return ""
    exponent = np.log10(value)
    if abs(exponent - round(exponent)) < 1e-9:
        return "1" if round(exponent) == 0 else "10" + str(int(round(exponent))).translate(_SUPERSCRIPTS)
    return f"{value:g}"


def run_points(run) -> np.ndarray:
    """The (w, b) after each step of ``run``, as an array of shape (steps + 1, 2)."""
    if hasattr(run, "p_history"):
        points = np.asarray(run.p_history, dtype=float)
    else:
        points = np.asarray(run, dtype=float)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(
            f"a path needs one (w, b) row per step, shape (steps + 1, 2); got shape {points.shape}. "
            "Pass a DescentResult of one feature, or its p_history."
        )
    return points


def run_costs(run) -> np.ndarray:
    """The cost after each step of ``run`` (its ``J_history``), as a 1-D array."""
    J = np.asarray(getattr(run, "J_history", run), dtype=float)
    if J.ndim != 1:
        raise ValueError(f"a learning curve needs one cost per step, a 1-D array; got shape {J.shape}.")
    return J


def run_style(key, index: int = 0) -> dict:
    """The look of the run called ``key``: its entry in RUN_STYLES, else the index-th extra look."""
    if key in RUN_STYLES:
        return dict(RUN_STYLES[key])
    return {**EXTRA_STYLES[index % len(EXTRA_STYLES)], "label": str(key)}


def _styles_for(runs: Mapping, styles: Mapping | None, common: dict) -> dict:
    """Each run's look: its default, then the keywords common to all, then its own keywords."""
    styles = {} if styles is None else styles
    unknown = set(styles) - set(runs)
    if unknown:
        raise ValueError(
            f"styles names runs that are not drawn: {sorted(map(str, unknown))}; use the runs' keys."
        )
    extra = 0
    looks = {}
    for key in runs:
        look = run_style(key, extra)
        extra += key not in RUN_STYLES
        looks[key] = {**look, **common, **styles.get(key, {})}
    return looks


def _markevery(n: int) -> int:
    return max(1, n // MARKERS_PER_LINE)


def _label(ax, xlabel: str, ylabel: str, title: str) -> None:
    """Set each label or title the Axes does not have yet; never overwrite the caller's."""
    if not ax.get_xlabel():
        ax.set_xlabel(xlabel)
    if not ax.get_ylabel():
        ax.set_ylabel(ylabel)
    if not ax.get_title():
        ax.set_title(title)


def _check_same_keys(drawn, runs: Mapping) -> None:
    if list(runs) != list(drawn):
        raise ValueError(
            f"update needs the same runs as were drawn, {list(drawn)}; got {list(runs)}. Draw a new figure "
            "for other runs."
        )


# --------------------------------------------------------------------------- paths on the landscape


@dataclass(eq=False)
class PathsArtists:
    """The paths of several runs on one landscape, and their common start.

    ``lines[key]`` is the Line2D of the run called ``key``; ``update(runs)`` moves every line to the
    runs' new histories (same keys) with setters only.
    """

    ax: object
    lines: dict
    start: object

    def update(self, runs: Mapping) -> None:
        _check_same_keys(self.lines, runs)
        first = None
        for key, run in runs.items():
            points = run_points(run)
            line = self.lines[key]
            line.set_data(points[:, 0], points[:, 1])
            line.set_markevery(_markevery(len(points)))
            first = points[0] if first is None else first
        self.start.set_data([first[0]], [first[1]])

    @property
    def artists(self) -> tuple:
        return (*self.lines.values(), self.start)


def plot_paths(ax, runs: Mapping, *, styles: Mapping | None = None, **style) -> PathsArtists:
    """Draw the (w, b) path of every run in ``runs`` on ``ax``, and the start of the first.

    ``styles`` maps a run's key to keywords for that run only; other keywords go to every line.
    Returns a ``PathsArtists`` bundle. Introduced in Episode 8.
    """
    if not runs:
        raise ValueError("runs is empty; pass a mapping such as {'gd': result, 'momentum': other}.")
    looks = _styles_for(runs, styles, style)
    lines = {}
    for key, run in runs.items():
        points = run_points(run)
        defaults = {"markersize": 4, "linewidth": 1.3, "markevery": _markevery(len(points)), "zorder": 4}
        (lines[key],) = ax.plot(points[:, 0], points[:, 1], **{**defaults, **looks[key]})
    first = run_points(next(iter(runs.values())))[0]
    (start,) = ax.plot(
        [first[0]],
        [first[1]],
        linestyle="none",
        marker="s",
        markersize=9,
        color="white",
        markeredgecolor=PALETTE["edge"],
        markeredgewidth=2,
        label="start",
        zorder=6,
    )
    _label(ax, "w (weight)", "b (bias)", "Paths on the contours of J(w, b)")
    return PathsArtists(ax, lines, start)


def plot_minimum(ax, w, b, **style):
    """Mark the lowest point of the landscape at (w, b) with a star. Returns the Line2D."""
    defaults = {
        "linestyle": "none",
        "marker": "*",
        "markersize": 16,
        "color": PALETTE["minimum"],
        "markeredgecolor": PALETTE["edge"],
        "label": "minimum",
        "zorder": 7,
    }
    (line,) = ax.plot([float(w)], [float(b)], **{**defaults, **style})
    return line


# --------------------------------------------------------------------------- learning curves


@dataclass(eq=False)
class CurvesArtists:
    """The learning curves of several runs on one Axes.

    ``lines[key]`` is the Line2D of the run called ``key``. ``per`` is "step" or "epoch";
    ``steps_per_epoch`` (per run) turns a step count into epochs; ``J_min`` is subtracted from every
    cost. ``update(runs)`` moves every line to the runs' new costs (same keys) with setters only.
    """

    ax: object
    lines: dict
    per: str
    steps_per_epoch: dict
    J_min: float

    def xy(self, key, run) -> tuple[np.ndarray, np.ndarray]:
        """What the curve of ``run`` plots: (steps or epochs, cost above J_min)."""
        J = run_costs(run)
        k = np.arange(J.size, dtype=float)
        if self.per == "epoch":
            k = k / self.steps_per_epoch[key]
        return k, J - self.J_min

    def update(self, runs: Mapping) -> None:
        _check_same_keys(self.lines, runs)
        for key, run in runs.items():
            x, y = self.xy(key, run)
            self.lines[key].set_data(x, y)
            self.lines[key].set_markevery(_markevery(x.size))

    @property
    def artists(self) -> tuple:
        return tuple(self.lines.values())


def _epoch_counts(runs: Mapping, per: str, steps_per_epoch) -> dict:
    """Each run's number of steps per epoch (empty for ``per="step"``), or an error that says what to pass."""
    if per not in ("step", "epoch"):
        raise ValueError(
            f"per is {per!r}; pass 'step' (one point per update) or 'epoch' (passes over the data)."
        )
    if per == "step":
        return {}
    if steps_per_epoch is None:
        raise ValueError("per='epoch' needs steps_per_epoch: how many updates make one pass over the data.")
    if not isinstance(steps_per_epoch, Mapping):
        steps_per_epoch = dict.fromkeys(runs, steps_per_epoch)
    missing = [key for key in runs if key not in steps_per_epoch]
    if missing:
        raise ValueError(f"steps_per_epoch has no entry for {missing}; give one for every run.")
    counts = {key: int(steps_per_epoch[key]) for key in runs}
    if min(counts.values()) < 1:
        raise ValueError("steps_per_epoch must be 1 or more for every run (the full batch makes 1).")
    return counts


def _log_cost_axis(ax) -> None:
    """A log y axis with plain-text labels at the powers of ten."""
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(FuncFormatter(log_label))
    # Minor ticks at 2 and 5 times each power of ten only, unlabelled: the full set (2, 3, …, 9)
    # doubles the time it takes to draw the figure and adds nothing a learner reads.
    ax.yaxis.set_minor_locator(LogLocator(subs=(2.0, 5.0)))
    ax.yaxis.set_minor_formatter(NullFormatter())


def plot_learning_curves(
    ax,
    runs: Mapping,
    *,
    per: str = "step",
    steps_per_epoch=None,
    J_min: float = 0.0,
    log: bool = True,
    styles: Mapping | None = None,
    **style,
) -> CurvesArtists:
    """Draw the cost of every run in ``runs`` after each step, or against epochs (passes over the data).

    ``per="epoch"`` needs ``steps_per_epoch``: one number for every run, or a mapping from a run's
    key to its number (a batch of 1 makes m steps per epoch, the full batch 1). ``J_min`` is
    subtracted from every cost, so on the log scale (``log=True``) a run that arrives falls without
    end instead of flattening at the minimum. Returns a ``CurvesArtists`` bundle. Introduced in
    Episode 8.
    """
    if not runs:
        raise ValueError("runs is empty; pass a mapping such as {'gd': result, 'momentum': other}.")
    counts = _epoch_counts(runs, per, steps_per_epoch)
    looks = _styles_for(runs, styles, style)
    bundle = CurvesArtists(ax, {}, per, counts, float(J_min))
    for key, run in runs.items():
        x, y = bundle.xy(key, run)
        defaults = {"markersize": 4, "linewidth": 1.5, "markevery": _markevery(x.size), "zorder": 3}
        (bundle.lines[key],) = ax.plot(x, y, **{**defaults, **looks[key]})
    if log:
        _log_cost_axis(ax)
    cost = ("cost J" if J_min == 0 else "J − lowest J") + (" (log scale)" if log else "")
    if per == "step":
        _label(ax, "step k (updates)", cost, "Cost after each step")
    else:
        _label(ax, "epochs (passes over the data)", cost, "Cost against epochs")
    return bundle


def plot_target(ax, target: float, **style):
    """A horizontal line at the cost a challenge asks to get below. Returns the Line2D."""
    defaults = {
        "color": PALETTE["threshold"],
        "linestyle": ":",
        "linewidth": 1.6,
        "label": f"target: J below {target:g}",
        "zorder": 2,
    }
    return ax.axhline(float(target), **{**defaults, **style})


# --------------------------------------------------------------------------- gradient estimates


@dataclass(eq=False)
class GradientCloud:
    """Mini-batch estimates of the gradient as a cloud of points, and the full gradient as a cross."""

    ax: object
    estimates: object
    full: object

    def update(self, estimates, full) -> None:
        estimates = np.asarray(estimates, dtype=float)
        self.estimates.set_offsets(estimates)
        self.full.set_data([float(full[0])], [float(full[1])])


def plot_gradient_estimates(ax, estimates, full, **style) -> GradientCloud:
    """Draw gradients (dJ/dw, dJ/db) from random batches as points, and the full gradient.

    ``estimates`` has one row (dJ/dw, dJ/db) per batch; ``full`` is the gradient on all the data.
    Returns a ``GradientCloud`` bundle. Introduced in Episode 8.
    """
    estimates = np.asarray(estimates, dtype=float)
    if estimates.ndim != 2 or estimates.shape[1] != 2:
        raise ValueError(f"estimates needs one (dJ/dw, dJ/db) row per batch; got shape {estimates.shape}.")
    defaults = {
        "s": 10,
        "color": PALETTE["alt"],
        "alpha": 0.6,
        "linewidths": 0,
        "label": "one batch's gradient",
        "zorder": 3,
    }
    cloud = ax.scatter(estimates[:, 0], estimates[:, 1], **{**defaults, **style})
    (cross,) = ax.plot(
        [float(full[0])],
        [float(full[1])],
        linestyle="none",
        marker="X",
        markersize=12,
        color=PALETTE["path"],
        markeredgecolor=PALETTE["edge"],
        label="the full gradient",
        zorder=5,
    )
    _label(ax, "∂J/∂w", "∂J/∂b", "Gradients from random batches")
    return GradientCloud(ax, cloud, cross)
