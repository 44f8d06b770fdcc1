"""RegressionExplorer: linear regression by gradient descent (Episode 5)."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.ticker import EngFormatter, FuncFormatter, LogLocator, MaxNLocator, NullFormatter

from .. import plots
from .._validate import as_real
from ..descent import least_squares, max_stable_alpha
from ..fastpath import QuadraticDescent
from ..plots import PALETTE
from ..plots_optimizers import log_label
from . import controls, oned
from .base import Explorer
from .layout import padded
from .readout import capped_rows, drawn, fmt, iteration_row, lines, status_html, status_line, threshold_span


class RegressionExplorer(oned.ShowsDescent, Explorer):
    """Linear regression by gradient descent: the data with the current line, the contour of
    J(w, b) with the path (click it to start there), the cost against iteration, and the cost
    surface with the path, under sliders for α, the start w and b, and the number of iterations.

    Artists: ``ax_data``, ``ax_contour``, ``ax_history``, ``ax_surface`` (None without the surface),
    ``line_`` (the fitted line), ``path_``, ``point_``, ``history_``, ``history_point_``,
    ``path3d_`` (the path on the surface, with the current point as the marker on its last vertex;
    ``point3d_`` is the same artist).
    """

    SLIDERS = ("alpha", "w0", "b0", "num_iters")
    FIGURE_PX = (520, 470)
    MAX_ITERS = 100_000  # the closed form runs 100,000 steps in about 0.1 s

    def __init__(self, x, y, *, alpha=0.01, w0=0.0, b0=0.0, num_iters=500, show_surface=True,
                 alpha_min=None, alpha_max=None, key=None):
        super().__init__()
        self.descent = QuadraticDescent(x, y)  # checks the data; the run is then vectorised
        self.x, self.y = np.asarray(x, float).ravel(), np.asarray(y, float).ravel()
        self.alpha_threshold = max_stable_alpha(self.x)
        w0, b0 = as_real(w0, "w0"), as_real(b0, "b0")
        w_range, b_range = plots.cost_ranges(self.x, self.y)
        # A start the learner picks is always on the chart.
        self.w_range = (min(w_range[0], w0), max(w_range[1], w0))
        self.b_range = (min(b_range[0], b0), max(b_range[1], b0))
        self.show_surface = bool(show_surface)
        if not self.show_surface:
            self.FIGURE_PX = (520, 260)
        alpha = as_real(alpha, "alpha")
        top = 2.0 * self.alpha_threshold if alpha_max is None else as_real(alpha_max, "alpha_max")
        bottom = 10 ** math.floor(math.log10(min(alpha, self.alpha_threshold) / 100)) \
            if alpha_min is None else as_real(alpha_min, "alpha_min")
        self._state = {"alpha": alpha, "w0": w0, "b0": b0}
        self._static_numbers()

        self.alpha_slider = controls.alpha_slider(alpha, bottom, top)
        self.w0_slider = controls.start_slider(w0, *self.w_range, description="start w",
                                               tooltip="The starting weight w (or click the contours)")
        self.b0_slider = controls.start_slider(b0, *self.b_range, description="start b",
                                               tooltip="The starting bias b (or click the contours)")
        self.iters_slider = self._iters(num_iters, floor=5000, step=10,
                                        tooltip="How many steps to take at most")
        self._add_slider("alpha", self.alpha_slider, f"diverges above α = {fmt(self.alpha_threshold)}")
        for name in ("w0", "b0", "num_iters"):
            self._add_slider(name, {"w0": self.w0_slider, "b0": self.b0_slider,
                                    "num_iters": self.iters_slider}[name])
        self.threshold_label = self.hints.get("alpha")
        self._finish(key=key, interval=0.12)

    def _static_numbers(self) -> None:
        """Computed once per data set: the cost grids, the minimum, the cost axis."""
        ranges = {"w_range": self.w_range, "b_range": self.b_range}
        self.grid = plots.cost_surface_grid(self.x, self.y, **ranges, resolution=120)
        self.surface_grid = plots.cost_surface_grid(self.x, self.y, **ranges, resolution=36)
        self.p_star = least_squares(self.x, self.y)
        self.J_star = self.descent.J_star
        self._J_top = J_top = float(self.grid[2].max())
        self._J_limits = (max(self.J_star * 0.8, J_top * 1e-8), J_top * 1.5)
        self._J_star_shown = self._cost_shown(self.J_star)

    def build_artists(self, fig) -> list:
        if self.show_surface:
            grid = fig.add_gridspec(2, 2)
            ax_data, ax_contour = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1])
            ax_history = fig.add_subplot(grid[1, 0])
            ax_surface = fig.add_subplot(grid[1, 1], projection="3d")
        else:
            grid = fig.add_gridspec(1, 3)
            ax_data, ax_contour, ax_history = (fig.add_subplot(grid[0, i]) for i in range(3))
            ax_surface = None
        self.ax_data, self.ax_contour = ax_data, ax_contour
        self.ax_history, self.ax_surface = ax_history, ax_surface
        x, y, (w0, b0) = self.x, self.y, (self._state["w0"], self._state["b0"])
        plots.plot_data(ax_data, x, y)
        self.line_ = plots.plot_fit_line(ax_data, x, w0, b0, label="model f(x) = w·x + b")
        ax_data.set_xlim(*plots.fit_line_x(x))
        ax_data.set_ylim(*padded(y, 0.15))

        plots.plot_cost_contour(ax_contour, x, y, grid=self.grid,
                                levels=plots.contour_levels(self.grid[2], self.J_star))
        ax_contour.set_title("Contours of J: click to start")
        self.minimum_ = plots.plot_minimum(ax_contour, *self.p_star, markeredgewidth=1.0)
        self.path_ = plots.plot_path_2d(ax_contour, self.result)
        self.point_ = plots.plot_current(ax_contour, markersize=11, label="current (w, b)")
        ax_contour.set_xlim(self.w_range)
        ax_contour.set_ylim(self.b_range)
        self._build_history(ax_history)
        handles = [h for a in (ax_data, ax_contour, ax_history) for h in a.get_legend_handles_labels()[0]]
        fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False, fontsize=8)
        moving = [self.line_, *self.path_.artists, self.point_, self.history_, self.history_point_]
        self.path3d_ = self.point3d_ = None
        if ax_surface is not None:
            moving += self._build_surface(ax_surface)
        return moving

    def _build_history(self, ax) -> None:
        self.history_ = plots.plot_cost_history(ax, self.result.J_history, marker="",
                                                label="cost J after k steps")
        self.history_point_ = plots.plot_current(ax, markersize=10, label="_nolegend_")
        ax.set_yscale("log")
        # Plain-text labels and minor ticks at 2 and 5 only (as Episode 8's learning curves): this
        # panel is redrawn on an iterations move to a new axis length, 3 to 5 times faster so.
        ax.yaxis.set_major_formatter(FuncFormatter(log_label))
        ax.yaxis.set_minor_locator(LogLocator(subs=(2.0, 5.0)))
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_ylabel("cost J (log scale)")
        ax.set_ylim(self._J_limits)
        ax.axhline(max(self.J_star, self._J_limits[0]), color=PALETTE["minimum"], linestyle=":",
                   linewidth=1.5, label=f"lowest possible J = {fmt(self._J_star_shown)}")
        self.set_history_limits()

    def _build_surface(self, ax) -> list:
        Ws, Bs, Js = self.surface_grid
        plots.plot_cost_surface(ax, self.x, self.y, grid=self.surface_grid, alpha=0.7)
        ax.set_title("Surface of J(w, b), the path")
        # One artist for the path and the current point (a marker on its last vertex only): each
        # 3-D artist is projected on every move, and this saves one projection and one draw.
        (self.path3d_,) = ax.plot([], [], [], color=PALETTE["path"], linewidth=2.0, zorder=5, axlim_clip=True,
                                  marker="o", markersize=9, markerfacecolor=PALETTE["current"],
                                  markeredgecolor=PALETTE["edge"], markeredgewidth=1.0, markevery=[0],
                                  label="_path and current point")
        self.point3d_ = self.path3d_
        ax.set_xlim(self.w_range)
        ax.set_ylim(self.b_range)
        ax.set_zlim(0, float(Js.max()))
        ax.zaxis.set_major_formatter(EngFormatter(sep=""))
        for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
            axis.set_major_locator(MaxNLocator(4))
        ax.view_init(elev=28, azim=-125)
        return [self.path3d_]

    def set_history_limits(self) -> None:
        super().set_history_limits(margin=0.01)

    def run_descent(self):
        """The run on show; an iterations move keeps a run that ended by itself before it."""
        s = self._state
        key, before = (s["w0"], s["b0"], s["alpha"]), getattr(self, "result", None)
        if key == getattr(self, "_run_key", None) and oned.ends_within(before, s["num_iters"]):
            return before
        self._run_key = key
        return self.descent.run(s["w0"], s["b0"], s["alpha"], s["num_iters"])

    def set_artists(self) -> None:
        k, result = self._current, self.result
        index = drawn(k, self.MAX_DRAWN)[0]
        w, b, J = result.w_history[index], result.b_history[index], result.J_history[index]
        wk, bk = float(w[-1]), float(b[-1])
        self.line_.set_ydata(wk * self.line_.get_xdata() + bk)
        self.path_.update(w, b)
        self.path_.points.set_markevery(max(1, len(w) // 100))  # a dot per step, thinned on long runs
        self.point_.set_data([wk], [bk])
        self.history_.set_data(index, J)
        self.history_point_.set_data([k], J[-1:])
        if self.ax_surface is not None:
            self.path3d_.set_data_3d(w, b, J)
            self.path3d_.set_markevery([w.size - 1])

    def readout_html(self) -> str:
        k, result = self._current, self.result
        wk, bk, Jk = (float(result.w_history[k]), float(result.b_history[k]), float(result.J_history[k]))
        if k == 0:  # exactly the start that was set, not the start rebuilt from the closed form
            wk, bk = self._state["w0"], self._state["b0"]
        dj_dw, dj_db = self._gradient(k, wk, bk)
        return lines(
            f"<b>α</b> = {fmt(self._state['alpha'])}"
            + threshold_span(f" (diverges above {fmt(self.alpha_threshold)})"),
            iteration_row(result, k, self._state["num_iters"]),
            f"<b>w</b> = {fmt(wk)}, <b>b</b> = {fmt(bk)}",
            f"<b>J(w, b)</b> = {fmt(self._cost_shown(Jk))}",
            f"<b>dJ/dw</b> = {fmt(dj_dw)}, <b>dJ/db</b> = {fmt(dj_db)}",
            status_html(result, k),
            *capped_rows(self, k),
        )

    def _cost_shown(self, J: float) -> float:
        """J as the readout shows it: 0 where it is only rounding (10⁻²⁸ when a line fits exactly)."""
        return J if J > 1e-12 * self._J_top else 0.0

    def _gradient(self, k, w, b) -> tuple[float, float]:
        """(dJ/dw, dJ/db) at iteration k: the run's own at its end; elsewhere H·(p − p*), which is
        exactly 0 at the minimum (H·p − g would leave rounding noise of 10⁻¹³ there)."""
        if k == self.result.iterations:
            return tuple(float(v) for v in self.result.gradient)
        d = np.array([w, b]) - self.descent.p_star
        with np.errstate(all="ignore"):
            return tuple(float(v) for v in self.descent.hessian @ d)

    def click(self, w, b) -> None:
        """Start the descent at (w, b) (what a click on the contour plot does)."""
        self.update(w0=self._clip_to(self.w0_slider, w, "w"), b0=self._clip_to(self.b0_slider, b, "b"))

    def clicked_axes(self) -> tuple:
        return (self.ax_contour,)

    def on_click(self, event) -> None:
        self.click(event.xdata, event.ydata)

    def describe(self) -> str:
        s, r = self._state, self.result
        return (f"Linear regression by gradient descent with α = {fmt(s['alpha'])} from w = {fmt(s['w0'])}, "
                f"b = {fmt(s['b0'])}: {status_line(r)}; the data with the fitted line, the path on the "
                "contours of J(w, b), the cost against iteration and the cost surface.")
