"""DescentExplorer: gradient descent on a cost J(w) of one parameter (Episodes 1 to 4)."""

from __future__ import annotations

import math

import numpy as np

from .. import plots
from .._validate import as_real
from ..plots import evaluate
from . import controls, oned
from .base import Explorer
from .layout import padded
from .readout import (
    capped_rows,
    drawn,
    fmt,
    iteration_row,
    lines,
    slope_words,
    status_html,
    status_line,
    threshold_span,
)


class DescentExplorer(oned.ShowsDescent, Explorer):
    """Gradient descent on a cost J(w): the curve, the path with an arrow per step, the current
    point with its tangent and slope, and the cost against iteration, under sliders for α, the
    start w and the number of iterations, with Step / Play / Reset. Click the curve to start there.

    Artists: ``ax_curve``, ``ax_history``, ``path_`` (a ``PathArtists``), ``point_``, ``tangent_``,
    ``history_``, ``history_point_``.
    """

    SLIDERS = ("alpha", "w0", "num_iters")
    FIGURE_PX = (520, 300)

    def __init__(self, cost, *, alpha=0.1, w0=None, num_iters=30, alpha_min=1e-3, alpha_max=None,
                 show_tangent=True, title=None, key=None):
        super().__init__()
        self.cost = cost = oned.check_cost(cost)
        lo, hi = cost.w_range
        top = oned.alpha_top(cost) if alpha_max is None else as_real(alpha_max, "alpha_max")
        alpha_min = as_real(alpha_min, "alpha_min")
        if not 0 < alpha_min < top:
            raise ValueError(f"alpha_min = {alpha_min:g} must be above 0 and below alpha_max = {top:g}.")
        w0 = oned.start_default(cost) if w0 is None else as_real(w0, "w0")
        self._state = {"alpha": as_real(alpha, "alpha"), "w0": w0}
        self.show_tangent = bool(show_tangent)
        self.title = title or f"Gradient descent on {cost.name}"
        # Static: computed once per cost.
        self._w_curve, self._J_curve = plots.curve_points(cost)
        self._J_limits = padded(self._J_curve[np.isfinite(self._J_curve)])
        self._slope_scale = oned.slope_scale(cost, self._w_curve)

        self.alpha_slider = controls.alpha_slider(self._state["alpha"], alpha_min, top)
        self.w0_slider = controls.start_slider(w0, lo, hi, description="start w",
                                               tooltip="Where descent starts (or click the curve)")
        self.iters_slider = self._iters(num_iters, floor=100, tooltip="How many steps to take at most")
        self._add_slider("alpha", self.alpha_slider, oned.threshold_text(cost))
        self._add_slider("w0", self.w0_slider)
        self._add_slider("num_iters", self.iters_slider)
        self.threshold_label = self.hints.get("alpha")
        self._finish(key=key)

    def build_artists(self, fig) -> list:
        grid = fig.add_gridspec(1, 2, width_ratios=[1.6, 1])
        ax = self.ax_curve = fig.add_subplot(grid[0])
        hx = self.ax_history = fig.add_subplot(grid[1])
        cost = self.cost
        plots.plot_cost_curve(ax, cost, w_values=self._w_curve)
        ax.set_title(self.title)
        minima = np.asarray(cost.minima, float)
        self.minimum_ = plots.plot_minimum(ax, minima, evaluate(cost.J, minima))
        self.path_ = plots.plot_path_1d(ax, cost, self.result, label="w after each step")
        self.point_ = plots.plot_current(ax, label="current w")
        self.tangent_ = plots.plot_tangent(ax, cost, self._state["w0"], label="tangent at current w") \
            if self.show_tangent else None
        ax.set_xlim(cost.w_range)
        ax.set_ylim(self._J_limits)

        self.history_ = plots.plot_cost_history(hx, self.result.J_history, marker="o", markersize=3.5,
                                                label="cost J after k steps")
        self.history_point_ = plots.plot_current(hx, markersize=10, markeredgewidth=1.2, label="_nolegend_")
        hx.set_ylim(self._J_limits)
        self.set_history_limits()
        fig.legend(handles=[*ax.get_legend_handles_labels()[0], self.history_],
                   loc="outside lower center", ncols=3, frameon=False)
        # Text is slow to draw (~3 ms a label): the numbers that change live in the readout.
        return [*self.path_.artists, self.point_, self.tangent_, self.history_, self.history_point_]

    def run_descent(self):
        s = self._state
        return oned.descend(self.cost, s["w0"], s["alpha"], s["num_iters"])

    def set_artists(self) -> None:
        k, result = self._current, self.result
        index = drawn(k, self.MAX_DRAWN)[0]
        w, J = result.w_history[index], result.J_history[index]
        self.path_.update(w, J)
        wk, Jk = float(w[-1]), float(J[-1])
        slope = float(evaluate(self.cost.dJ_dw, wk))
        self.point_.set_data([wk], [Jk])
        if self.tangent_ is not None:
            if math.isfinite(slope):
                self.tangent_.set_data(*plots.tangent_segment(self.cost, wk))
            else:
                self.tangent_.set_data([], [])
        self.history_.set_data(index, J)
        self.history_point_.set_data([k], [Jk])

    def readout_html(self) -> str:
        k, result, cost = self._current, self.result, self.cost
        wk, Jk = float(result.w_history[k]), float(result.J_history[k])
        slope = float(evaluate(cost.dJ_dw, wk))
        alpha = self._state["alpha"]
        top = cost.alpha_max
        threshold = "" if top is None else threshold_span(f" (diverges above {fmt(top)})")
        with np.errstate(all="ignore"):
            next_w = wk - alpha * slope
        nxt = f"next: w − α·dJ/dw = {fmt(next_w)}" if k < result.iterations else ""
        return lines(
            f"<b>α</b> = {fmt(alpha)}{threshold}",
            iteration_row(result, k, self._state["num_iters"]),
            f"<b>w</b> = {fmt(wk)}, <b>J(w)</b> = {fmt(Jk)}",
            f"<b>dJ/dw</b> = {fmt(slope)} ({slope_words(slope, self._slope_scale)})",
            nxt,
            status_html(result, k),
            *capped_rows(self, k),
        )

    def click(self, w) -> None:
        """Start the descent at ``w`` (what a click on the curve does)."""
        self.update(w0=self._clip_to(self.w0_slider, w, "w"))

    def clicked_axes(self) -> tuple:
        return (self.ax_curve,)

    def describe(self) -> str:
        s, r = self._state, self.result
        return (f"Gradient descent on {self.cost.name} with α = {fmt(s['alpha'])} from w = {fmt(s['w0'])}: "
                f"{status_line(r)}; the path of w, step by step, on the curve and the cost against "
                "iteration beside it.")
