"""Figures for many features (Episodes 6 and 7): Axes first, then the data, then style keywords.

Three pictures, each drawn once and then moved with setters, so a live figure can reuse them:

* the cost over two weights, on equal axes, with a descent path and the minimum
  (``plot_weight_view``; Episode 6, feature scaling);
* the learning curves of an α ladder, overlaid, each labelled with its verdict and the largest
  safe α marked (``plot_ladder``; Episode 7);
* a fitted curve with the training points and a few held-out ones (``plot_curve_fit``; Episode 7).

Like ``helpers.plots``: nothing here calls pyplot or writes rcParams, a caller's keywords win over
the defaults, and every series has its own marker or line style, so no figure depends on colour.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.ticker import LogLocator, NullLocator

from .linear import cost_hessian, max_stable_alpha
from .plots import CMAP, OKABE_ITO, PALETTE, PathArtists, contour_levels
from .result import DescentResult


def _label(ax, xlabel=None, ylabel=None, title=None) -> None:
    """Set each label or title the Axes does not have yet; never overwrite the caller's."""
    if xlabel and not ax.get_xlabel():
        ax.set_xlabel(xlabel)
    if ylabel and not ax.get_ylabel():
        ax.set_ylabel(ylabel)
    if title and not ax.get_title():
        ax.set_title(title)


# --------------------------------------------------------------------------- J over two weights


def weight_cost_grid(X, y, w1, w2, b) -> np.ndarray:
    """J(w₁, w₂, b) for two feature columns ``X`` (m × 2), at every (w₁, w₂) of a grid, b fixed.

    ``w1`` and ``w2`` broadcast against each other. Uses the sums of the centred data once, so
    the price of a grid does not depend on the number of examples and there is no loop.
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2 or X.shape[0] != y.size:
        raise ValueError(f"X has shape {X.shape} and y {y.shape}; pass two feature columns, one row per y.")
    w1, w2 = np.asarray(w1, dtype=float), np.asarray(w2, dtype=float)
    m = y.size
    mean_x, mean_y = X.mean(axis=0), y.mean()
    Xc, yc = X - mean_x, y - mean_y
    S, s, syy = Xc.T @ Xc, Xc.T @ yc, yc @ yc
    with np.errstate(all="ignore"):
        # With the data centred, J splits into a part for the weights and one for the mean error.
        mean_error = w1 * mean_x[0] + w2 * mean_x[1] + b - mean_y
        quadratic = w1 * w1 * S[0, 0] + 2 * w1 * w2 * S[0, 1] + w2 * w2 * S[1, 1]
        total = quadratic - 2 * (w1 * s[0] + w2 * s[1]) + syy + m * mean_error * mean_error
        return total / (2 * m)


@dataclass(frozen=True)
class Valley:
    """The numbers beside a picture of J over two weights, for a run that holds b at its best value.

    ``curvatures``: the two weights' curvatures (along the valley's axes), smallest first;
    ``elongation``: how many times longer than wide the picture's contour ellipses are, the square
    root of the steeper weight curvature over the flatter; ``max_stable_alpha``: 2 over the
    steepest curvature, b's included (with scaled features b's, 1, can be the steepest), and
    ``set_by``: the name of the parameter that steepest direction mostly moves.
    """

    curvatures: np.ndarray
    b_curvature: float
    elongation: float
    max_stable_alpha: float
    set_by: str


def valley_numbers(X, names=("w₁", "w₂")) -> Valley:
    """The ``Valley`` of two centred feature columns ``X`` (m × 2): what the picture's readout says.

    With centred features b's slope does not depend on the weights, so b started at its best value
    stays there and only the weights move; b's curvature (1) still limits α.
    """
    hessian = cost_hessian(X)
    if hessian.shape != (3, 3):
        raise ValueError(f"X has {hessian.shape[0] - 1} feature columns; pass the two of the picture.")
    weights = np.linalg.eigvalsh(hessian[:2, :2])
    every, vectors = np.linalg.eigh(hessian)
    share = np.abs(vectors[:, -1])  # how much each parameter moves along the steepest direction
    movers = [name for name, part in zip((*names, "b"), share, strict=True) if part >= 0.5 * share.max()]
    return Valley(weights, float(hessian[2, 2]), float(np.sqrt(weights[1] / weights[0])), max_stable_alpha(X),
                  " and ".join(movers))


def square_window(points, *, pad: float = 0.25) -> tuple[tuple[float, float], tuple[float, float]]:
    """(w₁ range, w₂ range) of equal length around ``points`` (rows of (w₁, w₂)), for equal axes."""
    P = np.asarray(points, dtype=float).reshape(-1, 2)
    P = P[np.all(np.isfinite(P), axis=1)]
    lo, hi = P.min(axis=0), P.max(axis=0)
    centre = (lo + hi) / 2
    half = (1 + pad) * float(np.max(hi - lo)) / 2 or 1.0
    return (centre[0] - half, centre[0] + half), (centre[1] - half, centre[1] + half)


def plot_weight_contours(ax, X, y, *, b, w1_range, w2_range, levels=None, resolution=160, **style):
    """Contour lines of J over (w₁, w₂) with b fixed, on equal axes. Returns the ContourSet.

    The levels are spaced geometrically above the lowest cost in the window, so the valley floor
    shows even when the walls are steep.
    """
    W1, W2 = np.meshgrid(np.linspace(*w1_range, resolution), np.linspace(*w2_range, resolution))
    J = weight_cost_grid(X, y, W1, W2, b)
    if levels is None:
        levels = contour_levels(J, float(np.min(J)))
    defaults = {"cmap": CMAP, "linewidths": 1.1, "zorder": 1}
    contours = ax.contour(W1, W2, J, levels=levels, **{**defaults, **style})
    ax.set_aspect("equal", adjustable="box")
    _label(ax, "w₁", "w₂", "Contours of J over two weights")
    return contours


def plot_weight_path(ax, result: DescentResult, **style) -> PathArtists:
    """The (w₁, w₂) after each step of a run with (at least) two weights. Returns a ``PathArtists``."""
    W = np.asarray(result.w_history, dtype=float)
    if W.ndim != 2 or W.shape[1] < 2:
        raise ValueError("plot_weight_path needs a run with two weights or more (X with two columns).")
    color = style.pop("color", PALETTE["path"])
    defaults = {"marker": "o", "markersize": 3, "linewidth": 1.2, "label": "(w₁, w₂) after each step",
                "markevery": slice(0, 60), "zorder": 4}  # a dot for each of the first 60 steps
    (points,) = ax.plot(W[:, 0], W[:, 1], color=color, **{**defaults, **style})
    (start,) = ax.plot(W[:1, 0], W[:1, 1], linestyle="none", marker="s", markersize=9, color="white",
                       markeredgecolor=color, markeredgewidth=2, label="start", zorder=5)
    return PathArtists(points, start)


def plot_minimum(ax, w_star, **style):
    """A star at the lowest point (w₁*, w₂*). Returns the Line2D."""
    defaults = {"linestyle": "none", "marker": "*", "markersize": 15, "color": PALETTE["minimum"],
                "markeredgecolor": PALETTE["edge"], "label": "minimum", "zorder": 6}
    (star,) = ax.plot([w_star[0]], [w_star[1]], **{**defaults, **style})
    return star


#: Where a readout box can sit inside the Axes: (x, y, horizontal and vertical alignment).
READOUT_PLACES = {
    "upper left": (0.02, 0.98, "left", "top"),
    "lower left": (0.02, 0.02, "left", "bottom"),
    "upper right": (0.98, 0.98, "right", "top"),
    "lower right": (0.98, 0.02, "right", "bottom"),
}


def _readout_box(ax, text: str, loc: str = "upper left"):
    if loc not in READOUT_PLACES:
        raise ValueError(f"readout_loc is {loc!r}; pick one of {', '.join(map(repr, READOUT_PLACES))}.")
    x, y, ha, va = READOUT_PLACES[loc]
    return ax.text(x, y, text, transform=ax.transAxes, ha=ha, va=va, fontsize=9, zorder=7,
                   bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": "#cccccc",
                         "alpha": 0.92})


@dataclass(eq=False)
class WeightView:
    """The artists of one cost-over-two-weights picture, and setters to move them.

    ``set_path(result)`` moves the path, ``set_readout(text)`` rewrites the text box, and
    ``set_contours(...)`` replaces the contour lines (a ContourSet has no setter for its data).
    """

    ax: object
    contours: object
    path: PathArtists
    minimum: object
    readout: object = None

    def set_path(self, result: DescentResult) -> None:
        W = np.asarray(result.w_history, dtype=float)
        self.path.update(W[:, 0], W[:, 1])

    def set_readout(self, text: str, loc: str = "upper left") -> None:
        if self.readout is None:
            self.readout = _readout_box(self.ax, text, loc)
        else:
            self.readout.set_text(text)

    def set_contours(self, X, y, *, b, w1_range, w2_range, levels=None, resolution=160, **style) -> None:
        self.contours.remove()
        self.ax.set(xlim=w1_range, ylim=w2_range)
        self.contours = plot_weight_contours(self.ax, X, y, b=b, w1_range=w1_range, w2_range=w2_range,
                                             levels=levels, resolution=resolution, **style)

    def set_minimum(self, w_star) -> None:
        self.minimum.set_data([w_star[0]], [w_star[1]])

    @property
    def artists(self) -> tuple:
        readout = () if self.readout is None else (self.readout,)
        return (self.contours, *self.path.artists, self.minimum, *readout)


def plot_weight_view(ax, X, y, result: DescentResult, *, b, w_star, readout: str | None = None,
                     readout_loc: str = "upper left", window=None, resolution=160,
                     **path_style) -> WeightView:
    """J over (w₁, w₂) on equal axes, with the path of ``result``, the minimum and a text readout.

    ``X`` holds the two feature columns the run used and ``b`` the value b is held at (with
    centred features, the mean of y: then it is b's best value whatever the weights). The window
    is a square around the path and the minimum (with a strip for the readout) unless ``window`` =
    (w₁ range, w₂ range) is given; the units stay equal on both axes whatever the window's shape.
    """
    if window is None:
        window = square_window(np.vstack([np.asarray(result.w_history)[:, :2], np.reshape(w_star, (1, 2))]))
        if readout is not None:  # leave a strip for the readout box, above or below, so it hides nothing
            (lo, hi), span = window[1], window[1][1] - window[1][0]
            window = (window[0], (lo - 0.3 * span, hi) if "lower" in readout_loc else (lo, hi + 0.3 * span))
    w1_range, w2_range = window
    contours = plot_weight_contours(ax, X, y, b=b, w1_range=w1_range, w2_range=w2_range,
                                    resolution=resolution)
    path = plot_weight_path(ax, result, **path_style)
    star = plot_minimum(ax, w_star)
    ax.set(xlim=w1_range, ylim=w2_range)
    view = WeightView(ax, contours, path, star)
    if readout is not None:
        view.set_readout(readout, readout_loc)
    return view


# --------------------------------------------------------------------------- the α ladder

#: The line style of each verdict, so a learning curve's verdict shows without colour.
VERDICT_STYLE = {
    "converged": {"linestyle": "-"},
    "slow": {"linestyle": "--"},
    "oscillating": {"linestyle": "-."},
    "diverged": {"linestyle": ":"},
    "stalled": {"linestyle": (0, (1, 4))},
}

#: One colour and marker per rung of a ladder, in order (Okabe–Ito, then grey).
RUNG_COLOURS = (OKABE_ITO["sky_blue"], OKABE_ITO["bluish_green"], OKABE_ITO["blue"], OKABE_ITO["orange"],
                OKABE_ITO["reddish_purple"], OKABE_ITO["vermillion"], OKABE_ITO["black"], "#888888")
RUNG_MARKERS = ("o", "s", "^", "v", "D", "P", "X", "*")


def ladder_curve(result: DescentResult, J_star: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(k, J) of a run's learning curve, or (k, J − J*) when the lowest cost ``J_star`` is given."""
    J = np.asarray(result.J_history, dtype=float)
    if J_star is not None:
        J = J - J_star
    return np.arange(J.size), J


def largest_safe_alpha(runs) -> float | None:
    """The largest α of a ladder whose run neither diverged, oscillated nor stalled (None: none)."""
    safe = [alpha for alpha, _, verdict in runs if verdict in ("converged", "slow")]
    return max(safe) if safe else None


def _rung_label(alpha: float, verdict: str, result: DescentResult) -> str:
    if verdict == "converged":
        return f"α = {alpha:g}: converged in {result.stopped_at}"
    if verdict == "diverged":
        return f"α = {alpha:g}: diverged at step {result.stopped_at}"
    return f"α = {alpha:g}: {verdict}"


@dataclass(eq=False)
class LadderArtists:
    """One learning curve per rung (``lines``, in the ladder's order) and the largest safe α's marker.

    ``update(runs, J_star)`` moves every curve and rewrites its label with setters; the legend
    should be redrawn afterwards (``ax.legend()``) to show the new verdicts.
    """

    ax: object
    lines: list
    safe: object
    J_star: float | None = None

    def update(self, runs, J_star: float | None = None) -> None:
        if len(runs) != len(self.lines):
            raise ValueError(f"{len(runs)} runs for a ladder drawn with {len(self.lines)} rungs.")
        self.J_star = J_star
        safe_alpha = largest_safe_alpha(runs)
        for line, (alpha, result, verdict) in zip(self.lines, runs, strict=True):
            line.set_data(*ladder_curve(result, J_star))
            line.set_label(_rung_label(alpha, verdict, result))
            line.set_linestyle(VERDICT_STYLE[verdict]["linestyle"])
            line.set_linewidth(3.2 if alpha == safe_alpha else 1.6)
            if alpha == safe_alpha:
                k, J = ladder_curve(result, J_star)
                self.safe.set_data(k[-1:], J[-1:])
                self.safe.set_label(f"largest safe α = {alpha:g}")
        if safe_alpha is None:
            self.safe.set_data([], [])
            self.safe.set_label("no safe α on this ladder")

    @property
    def artists(self) -> tuple:
        return (*self.lines, self.safe)


def plot_ladder(ax, runs, *, J_star: float | None = None, log: bool = True, **style) -> LadderArtists:
    """Overlay the learning curves of an α ladder, ``runs`` = [(alpha, result, verdict), …].

    Each curve is labelled with its α and verdict and styled by the verdict (solid converged,
    dashed slow, dash-dot oscillating, dotted diverged); the largest safe α is drawn thick and
    marked at its last point. With ``J_star`` the curves show J − J* (how far above the lowest
    cost), which a log scale turns into straight lines while a run converges.
    """
    lines = []
    for i, (_, result, verdict) in enumerate(runs):
        k, J = ladder_curve(result, J_star)
        defaults = {"color": RUNG_COLOURS[i % len(RUNG_COLOURS)],
                    "marker": RUNG_MARKERS[i % len(RUNG_MARKERS)], "markevery": max(1, J.size // 6),
                    "markersize": 5, "linewidth": 1.6, "zorder": 3,
                    **VERDICT_STYLE[verdict]}
        (line,) = ax.plot(k, J, **{**defaults, **style})
        lines.append(line)
    (safe,) = ax.plot([], [], linestyle="none", marker="*", markersize=16, color=PALETTE["minimum"],
                      markeredgecolor=PALETTE["edge"], zorder=6)
    if log:
        ax.set_yscale("log")
        # Curves span many decades: a tick every few decades, no minor ticks (also much faster to lay out).
        ax.yaxis.set_major_locator(LogLocator(numticks=9))
        ax.yaxis.set_minor_locator(NullLocator())
    artists = LadderArtists(ax, lines, safe, J_star)
    artists.update(runs, J_star)
    _label(ax, "iteration k", "J − J* (log scale)" if J_star is not None else "cost J", "The α ladder")
    return artists


# --------------------------------------------------------------------------- a fitted curve


@dataclass(eq=False)
class CurveFitArtists:
    """The training points, the held-out points (or None) and the fitted curve; ``update`` moves the curve."""

    train: object
    held_out: object
    curve: object

    def update(self, curve_x, curve_y) -> None:
        self.curve.set_data(np.asarray(curve_x, float), np.asarray(curve_y, float))

    @property
    def artists(self) -> tuple:
        return tuple(a for a in (self.train, self.held_out, self.curve) if a is not None)


def plot_curve_fit(ax, x, y, curve_x, curve_y, *, x_held=None, y_held=None, **style) -> CurveFitArtists:
    """The training points, a fitted curve through ``(curve_x, curve_y)`` and, if given, held-out points.

    The held-out points are drawn hollow with another marker: the fit never saw them.
    """
    (train,) = ax.plot(np.asarray(x, float), np.asarray(y, float), linestyle="none", marker="o", markersize=6,
                       color=PALETTE["data"], markeredgecolor="white", markeredgewidth=0.6,
                       label="training points", zorder=5)
    held = None
    if x_held is not None:
        (held,) = ax.plot(np.asarray(x_held, float), np.asarray(y_held, float), linestyle="none", marker="D",
                          markersize=7, markerfacecolor="white", markeredgecolor=PALETTE["current"],
                          markeredgewidth=2, label="held-out points (not fitted)", zorder=6)
    defaults = {"color": PALETTE["fit"], "linewidth": 2.2, "label": "fitted curve", "zorder": 4}
    (curve,) = ax.plot(np.asarray(curve_x, float), np.asarray(curve_y, float), **{**defaults, **style})
    _label(ax, "x", "y", "The fitted curve")
    return CurveFitArtists(train, held, curve)
