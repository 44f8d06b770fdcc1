"""The course's figures, one helper per picture: Axes first, then the data, then style keywords.

Every helper draws on the Axes it is given and returns the artists it made, so a notebook can
restyle them and a live figure can move them later with ``set_data``. Nothing here calls pyplot
or writes rcParams; ``course_style()`` applies the course's look when it is asked for. A helper
sets an axis label or a title only where the Axes has none yet, so a caller's own labels win.

Colours come from ``PALETTE`` (Okabe–Ito, safe for colour-blind readers), and every series also
has its own marker or line style, so no figure depends on colour alone.

Two parts live beside this file and are importable from here too: the artists of a descent path
(``StepArrows``, ``PathArtists``: ``helpers.plots_paths``) and the ranges and contour levels of the
two-parameter cost pictures (``cost_ranges``, ``contour_levels``: ``helpers.plots_ranges``).
"""

from __future__ import annotations

import functools
import importlib.resources
from contextlib import contextmanager
from dataclasses import dataclass

import matplotlib
import numpy as np

from .costs import Cost1D
from .descent import DescentResult, cost_grid, least_squares
from .plots_paths import PathArtists, StepArrows
from .plots_ranges import contour_levels, cost_ranges

#: The eight Okabe–Ito colours by name (Okabe & Ito, 2008: distinguishable with any colour vision).
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: The colour of each role in the course's figures.
PALETTE = {
    "curve": OKABE_ITO["blue"],
    "path": OKABE_ITO["vermillion"],
    "current": OKABE_ITO["orange"],
    "tangent": OKABE_ITO["bluish_green"],
    "data": OKABE_ITO["blue"],
    "fit": OKABE_ITO["vermillion"],
    "threshold": OKABE_ITO["reddish_purple"],
    "alt": OKABE_ITO["sky_blue"],
    "minimum": OKABE_ITO["bluish_green"],
    "diverged": OKABE_ITO["black"],
    "edge": OKABE_ITO["black"],
    "muted": "#BBBBBB",
    "threshold_text": "#8E3B74",  # the threshold's colour, dark enough for text on white
    "hollow": "white",
}

#: How each outcome of a run (``DescentResult.outcome``) reads in a status line: its words, which
#: begin the line, and a colour dark enough for text on white (at least 5:1). The words carry the
#: meaning; the colour only helps the eye find it.
OUTCOME_STYLE = {
    "converged": ("converged", "#007A5A"),
    "diverged": ("diverged", "#B8460B"),
    "stalled": ("stalled", "#8A5A00"),
    "out_of_steps": ("out of steps", "#005A9C"),
}

#: Colour-map for contours and surfaces: perceptually uniform and colour-blind safe.
CMAP = "viridis"

_STYLE_FILE = "course.mplstyle"
_CURVE_POINTS = 400


@functools.lru_cache(maxsize=1)
def _course_rc() -> dict:
    """The settings in helpers/course.mplstyle, read once."""
    resource = importlib.resources.files(__package__).joinpath(_STYLE_FILE)
    with importlib.resources.as_file(resource) as path:
        return dict(matplotlib.rc_params_from_file(str(path), use_default_template=False))


@contextmanager
def course_style():
    """Apply the course's matplotlib style (helpers/course.mplstyle) inside a ``with`` block.

    Cheap enough (well under a millisecond) for a live figure to draw every frame inside it, so
    a redraw long after the figure was made still uses the course's fonts and sizes.
    """
    with matplotlib.rc_context(_course_rc()):
        yield


# --------------------------------------------------------------------------- small shared pieces


def _label(ax, xlabel=None, ylabel=None, title=None, zlabel=None) -> None:
    """Set each label or title the Axes does not have yet; never overwrite the caller's."""
    if xlabel and not ax.get_xlabel():
        ax.set_xlabel(xlabel)
    if ylabel and not ax.get_ylabel():
        ax.set_ylabel(ylabel)
    if zlabel and hasattr(ax, "set_zlabel") and not ax.get_zlabel():
        ax.set_zlabel(zlabel)
    if title and not ax.get_title():
        ax.set_title(title)


def evaluate(f, w) -> np.ndarray:
    """``f(w)`` as a float array, with overflow turned into ±inf instead of a warning or an error."""
    w = np.asarray(w, dtype=float)
    with np.errstate(all="ignore"):
        try:
            return np.asarray(f(w), dtype=float) + np.zeros_like(w)
        except OverflowError:
            return np.full(w.shape, np.inf)


def curve_points(cost: Cost1D, w_values=None) -> tuple[np.ndarray, np.ndarray]:
    """The (w, J(w)) points of a cost curve, over ``cost.w_range`` unless ``w_values`` are given."""
    w = np.linspace(*cost.w_range, _CURVE_POINTS) if w_values is None else np.asarray(w_values, float)
    return w, evaluate(cost.J, w)


def tangent_segment(cost: Cost1D, w: float, half_width: float | None = None):
    """The two end points (ws, Js) of the tangent to J at ``w``, ``half_width`` to each side."""
    if half_width is None:
        half_width = 0.14 * (cost.w_range[1] - cost.w_range[0])
    J0, slope = float(evaluate(cost.J, w)), float(evaluate(cost.dJ_dw, w))
    ws = np.array([w - half_width, w + half_width])
    with np.errstate(all="ignore"):
        return ws, J0 + slope * (ws - w)


# --------------------------------------------------------------------------- one-parameter cost


def plot_cost_curve(ax, cost: Cost1D, *, w_values=None, **style):
    """Draw the cost curve J(w) over ``cost.w_range``. Returns the Line2D."""
    w, J = curve_points(cost, w_values)
    defaults = {"color": PALETTE["curve"], "linewidth": 2.4, "label": "cost J(w)", "zorder": 2}
    (line,) = ax.plot(w, J, **{**defaults, **style})
    _label(ax, "w", "cost J(w)", cost.name[:1].upper() + cost.name[1:])
    return line


def plot_path_1d(ax, cost: Cost1D, result: DescentResult, *, arrows: bool = True, **style) -> PathArtists:
    """Draw w after each step of a 1-D descent on the cost curve, with an arrow for each step.

    Only finite points are ever in a result's history, so a diverged run shows where it was
    before it blew up. Returns a ``PathArtists`` bundle (points, start, arrows).
    """
    w, J = result.w_history, result.J_history
    color = style.pop("color", PALETTE["path"])
    defaults = {"linestyle": "none", "marker": "o", "markersize": 6, "markeredgecolor": PALETTE["edge"],
                "markeredgewidth": 0.6, "label": "w after each step", "zorder": 4}
    (points,) = ax.plot(w, J, color=color, **{**defaults, **style})
    (start,) = ax.plot(w[:1], J[:1], linestyle="none", marker="s", markersize=9, color="white",
                       markeredgecolor=color, markeredgewidth=2, label="start", zorder=5)
    arrow_artist = None
    if arrows:
        arrow_artist = StepArrows(w, J, facecolor=color, alpha=0.85, zorder=3)
        ax.add_artist(arrow_artist)
    _label(ax, "w", "cost J(w)", cost.name[:1].upper() + cost.name[1:])
    return PathArtists(points, start, arrow_artist)


def plot_tangent(ax, cost: Cost1D, w, *, half_width=None, **style):
    """Draw the tangent line to J at ``w`` (its slope is dJ/dw there). Returns the Line2D."""
    ws, Js = tangent_segment(cost, float(w), half_width)
    defaults = {"color": PALETTE["tangent"], "linestyle": "--", "linewidth": 2.0,
                "label": "tangent (slope dJ/dw)", "zorder": 3}
    (line,) = ax.plot(ws, Js, **{**defaults, **style})
    _label(ax, "w", "cost J(w)", cost.name[:1].upper() + cost.name[1:])
    return line


@dataclass(eq=False)
class SlopeTriangle:
    """A rise-over-run triangle under the tangent at w: its legs, and labels unless turned off."""

    cost: Cost1D
    run: float
    legs: object
    run_label: object = None
    rise_label: object = None

    def update(self, w) -> None:
        w = float(w)
        J0, slope = float(evaluate(self.cost.J, w)), float(evaluate(self.cost.dJ_dw, w))
        with np.errstate(all="ignore"):
            rise = slope * self.run
        self.legs.set_data([w, w + self.run, w + self.run], [J0, J0, J0 + rise])
        if self.run_label is not None:
            self.run_label.xy = (w + self.run / 2, J0)
            self.run_label.set_text(f"run = {_short(self.run)}")
            self.run_label.set_verticalalignment("top" if rise >= 0 else "bottom")
            self.run_label.xyann = (0, -4 if rise >= 0 else 4)
        if self.rise_label is not None:
            self.rise_label.xy = (w + self.run, J0 + rise / 2)
            self.rise_label.set_text(f"rise = {_short(rise)}")

    @property
    def artists(self) -> tuple:
        return tuple(a for a in (self.legs, self.run_label, self.rise_label) if a is not None)


def plot_slope_triangle(ax, cost: Cost1D, w, *, run=1.0, labels=True, **style) -> SlopeTriangle:
    """Draw the rise/run triangle under the tangent at ``w``: slope = rise / run.

    With ``labels=False`` only the legs are drawn (a live figure states the numbers beside it).
    """
    defaults = {"color": PALETTE["tangent"], "linestyle": ":", "linewidth": 2.2,
                "label": "rise over run (slope = rise ÷ run)", "zorder": 3}
    (legs,) = ax.plot([], [], **{**defaults, **style})
    run_label = rise_label = None
    if labels:
        text = {"fontsize": 10, "color": "black", "zorder": 6, "textcoords": "offset points",
                "bbox": {"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none",
                         "alpha": 0.8}}
        run_label = ax.annotate("", (0, 0), xytext=(0, -4), ha="center", va="top", **text)
        rise_label = ax.annotate("", (0, 0), xytext=(5, 0), ha="left", va="center", **text)
    triangle = SlopeTriangle(cost, float(run), legs, run_label, rise_label)
    triangle.update(w)
    return triangle


def _short(value: float) -> str:
    """A number in three significant figures, with a true minus sign: never "−0" or "1e-05"."""
    value = float(value)
    if not np.isfinite(value):
        return "too steep to show"
    text = f"{value:.3g}"
    if float(text) == 0:
        return "0"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}×10{str(int(exponent)).translate(_SUPERSCRIPTS)}"
    return text.replace("-", "−")


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


# --------------------------------------------------------------------------- cost against iteration


def plot_cost_history(ax, J_history, **style):
    """Draw the cost against the iteration number. Returns the Line2D."""
    J = np.asarray(J_history, dtype=float)
    defaults = {"color": PALETTE["path"], "marker": "o" if J.size <= 60 else "", "markersize": 4,
                "linewidth": 1.8, "label": "cost J after k steps", "zorder": 3}
    (line,) = ax.plot(np.arange(J.size), J, **{**defaults, **style})
    _label(ax, "iteration k", "cost J", "Cost against iteration")
    return line


# --------------------------------------------------------------------------- linear regression


def plot_data(ax, x, y, **style):
    """Draw the training examples as points. Returns the Line2D of markers."""
    defaults = {"linestyle": "none", "marker": "o", "markersize": 6, "color": PALETTE["data"],
                "markeredgecolor": "white", "markeredgewidth": 0.6, "label": "training data", "zorder": 5}
    (line,) = ax.plot(np.asarray(x, float), np.asarray(y, float), **{**defaults, **style})
    _label(ax, "size x (1000 sqft)", r"price y (\$1000s)", "Data and the fitted line")
    return line


def fit_line_x(x) -> np.ndarray:
    """The two x values a fitted line is drawn between: the data's range plus a small margin."""
    x = np.asarray(x, dtype=float)
    lo, hi = float(x.min()), float(x.max())
    pad = 0.05 * (hi - lo) if hi > lo else 0.5
    return np.array([lo - pad, hi + pad])


def plot_fit_line(ax, x, w, b, **style):
    """Draw the model f(x) = w·x + b across the data's x range. Returns the Line2D."""
    xs = fit_line_x(x)
    defaults = {"color": PALETTE["fit"], "linewidth": 2.2, "label": "model f(x) = w·x + b", "zorder": 4}
    (line,) = ax.plot(xs, w * xs + b, **{**defaults, **style})
    _label(ax, "size x (1000 sqft)", r"price y (\$1000s)", "Data and the fitted line")
    return line


def cost_surface_grid(x, y, *, w_range=None, b_range=None, resolution=100):
    """(W, B, J): J(w, b) on a regular grid, one vectorised call (ranges from the data if None)."""
    if w_range is None or b_range is None:
        w_auto, b_auto = cost_ranges(x, y)
        w_range = w_auto if w_range is None else w_range
        b_range = b_auto if b_range is None else b_range
    w = np.linspace(*w_range, resolution)
    b = np.linspace(*b_range, resolution)
    W, B = np.meshgrid(w, b)
    return W, B, cost_grid(x, y, W, B)


def plot_cost_contour(ax, x, y, *, w_range=None, b_range=None, levels=None, resolution=120, grid=None,
                      **style):
    """Draw contour lines of J(w, b); ranges derived from the data when None. Returns the ContourSet.

    ``grid`` is a precomputed ``(W, B, J)`` from ``cost_surface_grid`` (then no grid is computed).
    """
    W, B, J = grid if grid is not None else cost_surface_grid(x, y, w_range=w_range, b_range=b_range,
                                                             resolution=resolution)
    if levels is None:
        w_star, b_star = least_squares(x, y)
        levels = contour_levels(J, float(cost_grid(x, y, w_star, b_star)))
    defaults = {"cmap": CMAP, "linewidths": 1.1, "zorder": 1}
    contours = ax.contour(W, B, J, levels=levels, **{**defaults, **style})
    _label(ax, "w (weight)", "b (bias)", "Contours of the cost J(w, b)")
    return contours


def plot_cost_surface(ax3d, x, y, *, w_range=None, b_range=None, resolution=40, grid=None, **style):
    """Draw J(w, b) as a 3-D surface on a 3-D Axes (``grid``: a precomputed ``(W, B, J)``).
    Returns the Poly3DCollection."""
    W, B, J = grid if grid is not None else cost_surface_grid(x, y, w_range=w_range, b_range=b_range,
                                                             resolution=resolution)
    defaults = {"cmap": CMAP, "linewidth": 0, "antialiased": False, "alpha": 0.75, "rstride": 1,
                "cstride": 1, "zorder": 1}
    surface = ax3d.plot_surface(W, B, J, **{**defaults, **style})
    _label(ax3d, "w", "b", "Cost surface J(w, b)", zlabel="J")
    return surface


def plot_path_2d(ax, result: DescentResult, **style) -> PathArtists:
    """Draw the path of (w, b) after each step, e.g. on a contour plot. Returns a ``PathArtists`` bundle."""
    w, b = result.w_history, result.b_history
    if b is None:
        raise ValueError("plot_path_2d needs a result with both w and b; use plot_path_1d for one parameter.")
    color = style.pop("color", PALETTE["path"])
    defaults = {"marker": "o", "markersize": 3, "linewidth": 1.4, "label": "(w, b) after each step",
                "zorder": 4}
    (points,) = ax.plot(w, b, color=color, **{**defaults, **style})
    (start,) = ax.plot(w[:1], b[:1], linestyle="none", marker="s", markersize=9, color="white",
                       markeredgecolor=color, markeredgewidth=2, label="start", zorder=5)
    _label(ax, "w (weight)", "b (bias)", "Contours of the cost J(w, b)")
    return PathArtists(points, start)


def plot_path_3d(ax3d, x, y, result: DescentResult, **style):
    """Draw the descent path on the cost surface, at height J(w, b). Returns the 3-D line."""
    w, b = result.w_history, result.b_history
    if b is None:
        raise ValueError("plot_path_3d needs a result with both w and b.")
    defaults = {"color": PALETTE["path"], "marker": "o", "markersize": 3, "linewidth": 1.6,
                "label": "descent path", "zorder": 5}
    (line,) = ax3d.plot(w, b, cost_grid(x, y, w, b), **{**defaults, **style})
    _label(ax3d, "w", "b", "Cost surface J(w, b)", zlabel="J")
    return line


def plot_minimum(ax, x, y, **style):
    """Mark the minimum (or minima) at ``x``, ``y`` with a star. Returns the Line2D."""
    defaults = {"linestyle": "none", "marker": "*", "markersize": 15, "color": PALETTE["minimum"],
                "markeredgecolor": PALETTE["edge"], "markeredgewidth": 0.7, "label": "minimum", "zorder": 3}
    (line,) = ax.plot(np.atleast_1d(x), np.atleast_1d(y), **{**defaults, **style})
    return line


def plot_current(ax, *coords, **style):
    """The "current point" marker (empty until it is set; ``coords`` for a 3-D Axes: 3 lists).
    Returns the Line2D."""
    defaults = {"linestyle": "none", "marker": "o", "markersize": 12, "color": PALETTE["current"],
                "markeredgecolor": PALETTE["edge"], "markeredgewidth": 1.3, "label": "current point",
                "zorder": 7}
    (line,) = ax.plot(*(coords or ([], [])), **{**defaults, **style})
    return line
