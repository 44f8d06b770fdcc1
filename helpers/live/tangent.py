"""TangentExplorer: the derivative as a slope, and one step of gradient descent (Episode 2)."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.lines import Line2D

from .. import plots
from .._validate import as_real
from ..plots import PALETTE, evaluate
from . import controls, oned
from .base import Explorer
from .layout import padded
from .readout import fmt, lines, slope_words


class TangentExplorer(Explorer):
    """The derivative as a slope: the tangent at w with its rise/run triangle and slope, and an
    arrow showing where one step of size α·slope moves w. Step takes that step, Play keeps
    stepping, Reset goes back to the w that was picked.

    Artists: ``ax``, ``tangent_``, ``triangle_``, ``point_``, ``next_``, ``arrow_`` (the step on
    the curve), ``move_`` (the step along w).
    """

    SLIDERS = ("alpha", "w")
    FIGURE_PX = (520, 320)
    #: Step stops after this many steps from the w that was picked (Episode 2 is about one step).
    MAX_STEPS = 50

    def __init__(self, cost, *, w=None, alpha=0.1, alpha_min=1e-3, alpha_max=None, run=None, key=None):
        super().__init__()
        self.cost = cost = oned.check_cost(cost)
        lo, hi = cost.w_range
        top = oned.alpha_top(cost) if alpha_max is None else as_real(alpha_max, "alpha_max")
        w = oned.start_default(cost) if w is None else as_real(w, "w")
        self._state = {"w": w, "alpha": as_real(alpha, "alpha")}
        self._origin = w
        self._run = controls.nice_step((hi - lo) / 10) if run is None else as_real(run, "run")
        if not 0 < self._run <= hi - lo:
            raise ValueError(f"run is {self._run:g}; the run of the rise-over-run triangle must be above 0 "
                             f"and at most the width of the chart ({hi - lo:g}), e.g. "
                             f"run={controls.nice_step((hi - lo) / 10):g}.")
        self._w_curve, self._J_curve = plots.curve_points(cost)
        self._J_limits = padded(self._J_curve[np.isfinite(self._J_curve)], 0.1)
        self._slope_scale = oned.slope_scale(cost, self._w_curve)

        self.alpha_slider = controls.alpha_slider(self._state["alpha"], as_real(alpha_min, "alpha_min"), top)
        self.w_slider = self.w0_slider = controls.start_slider(
            w, lo, hi, description="w", tooltip="Where to look at the slope (or click the curve)")
        self._add_slider("alpha", self.alpha_slider, oned.threshold_text(cost))
        self._add_slider("w", self.w_slider)
        self.threshold_label = self.hints.get("alpha")
        self._finish(key=key, interval=0.5, tooltips={
            "step": "Take the step: move w to w − α·dJ/dw",
            "play": "Keep taking steps from here, one at a time (press again to pause)",
            "reset": "Go back to the w you picked"})

    def build_artists(self, fig) -> list:
        ax = self.ax = fig.add_subplot()
        cost = self.cost
        plots.plot_cost_curve(ax, cost, w_values=self._w_curve)
        ax.set_title(f"The slope of {cost.name}")
        w = self._state["w"]
        self.tangent_ = plots.plot_tangent(ax, cost, w, label="tangent at w")
        self.triangle_ = plots.plot_slope_triangle(ax, cost, w, run=self._run, labels=False)
        self.point_ = plots.plot_current(ax, [w], [0], label="current point (w, J(w))")
        self.next_ = plots.plot_current(ax, markersize=11, color=PALETTE["hollow"],
                                        markeredgecolor=PALETTE["path"], markeredgewidth=2.2,
                                        label="after one step")
        arrow_style = {"facecolor": PALETTE["path"], "zorder": 6, "width": 2.2, "head_width": 11,
                       "head_length": 11}
        self.arrow_ = plots.StepArrows(**arrow_style)
        self.move_ = plots.StepArrows(**arrow_style)
        ax.add_artist(self.arrow_)
        ax.add_artist(self.move_)
        ax.set_xlim(cost.w_range)
        ax.set_ylim(self._J_limits)
        self._baseline = self._J_limits[0] + 0.05 * (self._J_limits[1] - self._J_limits[0])
        step_handle = Line2D([], [], color=PALETTE["path"], linewidth=2.2, marker=">", markersize=8)
        handles, labels = ax.get_legend_handles_labels()
        fig.legend(handles=[*handles, step_handle], labels=[*labels, "the step −α·dJ/dw (along w, and on J)"],
                   loc="outside lower center", ncols=2, frameon=False)
        return [self.tangent_, *self.triangle_.artists, self.point_, self.next_, self.arrow_, self.move_]

    def recompute(self, changed) -> list:
        if "w" in changed:
            self._origin = self._state["w"]
            self._current = 0
        return []

    def step_facts(self):
        """(w, J(w), dJ/dw, the step −α·dJ/dw, the new w, its J) for the state now."""
        cost, w, alpha = self.cost, self._state["w"], self._state["alpha"]
        J = float(evaluate(cost.J, w))
        slope = float(evaluate(cost.dJ_dw, w))
        with np.errstate(all="ignore"):
            move = -alpha * slope
            new_w = w + move
        new_J = float(evaluate(cost.J, new_w))
        return w, J, slope, move, new_w, new_J

    def set_artists(self) -> None:
        w, J, slope, move, new_w, new_J = self.step_facts()
        self.point_.set_data([w], [J])
        self.tangent_.set_data(*plots.tangent_segment(self.cost, w))
        self.triangle_.update(w)
        if math.isfinite(new_w) and math.isfinite(new_J):
            self.next_.set_data([new_w], [new_J])
            self.arrow_.set_points([w, new_w], [J, new_J])
            self.move_.set_points([w, new_w], [self._baseline] * 2)
        else:
            self.next_.set_data([], [])
            self.arrow_.set_points([], [])
            self.move_.set_points([], [])

    def readout_html(self) -> str:
        w, J, slope, move, new_w, new_J = self.step_facts()
        lo, hi = self.cost.w_range
        if not (math.isfinite(new_J) and lo <= new_w <= hi):
            verdict = "the step leaves the chart: α is too large here"
        elif new_J < J:
            verdict = "lower: the step went downhill"
        elif new_J > J:
            verdict = "higher: the step overshot the valley"
        else:
            verdict = "the same: w did not move"
        with np.errstate(all="ignore"):
            rise = slope * self._run
        taken = f"{self._current} step{'s' if self._current != 1 else ''} taken"
        return lines(
            f"<b>w</b> = {fmt(w)}, <b>J(w)</b> = {fmt(J)}",
            f"<b>rise</b> = {fmt(rise)} over <b>run</b> = {fmt(self._run)}",
            f"<b>dJ/dw</b> = rise ÷ run = {fmt(slope)} ({slope_words(slope, self._slope_scale)})",
            f"<b>α</b> = {fmt(self._state['alpha'])}",
            f"<b>step</b> −α·dJ/dw = {fmt(move)}",
            f"<b>new w</b> = {fmt(new_w)}, J = {fmt(new_J)} ({verdict})",
            f"<b>iteration</b>: {taken}",
        )

    def last_index(self) -> int:
        w, J, slope, move, new_w, new_J = self.step_facts()
        lo, hi = self.cost.w_range
        can_step = math.isfinite(new_J) and lo <= new_w <= hi and move != 0 and self._current < self.MAX_STEPS
        return self._current + 1 if can_step else self._current

    def go_to(self, k: int, *, reset: bool = False) -> None:
        """Take steps until ``k`` have been taken from the w that was picked (back to it first if fewer)."""
        self.check_open()
        k = int(k)
        if reset or k < self._current:
            self._move_w(self._origin)
            self._current = 0
        while self._current < k and self.last_index() > self._current:
            self._move_w(self.step_facts()[4])
            self._current += 1
        self._render()

    def _move_w(self, w: float) -> None:
        self._state["w"] = w
        with self._hold():
            self.w_slider.value = w

    def click(self, w) -> None:
        """Look at the slope at ``w`` (what a click on the curve does)."""
        self.update(w=self._clip_to(self.w_slider, w, "w"))

    def clicked_axes(self) -> tuple:
        return (self.ax,)

    def describe(self) -> str:
        w, J, slope, move, new_w, new_J = self.step_facts()
        return (f"The tangent to {self.cost.name} at w = {fmt(w)} has slope {fmt(slope)}; one step with "
                f"α = {fmt(self._state['alpha'])} moves w by {fmt(move)} to {fmt(new_w)}.")
