"""ScalingExplorer: feature scaling and the valley of J over two weights (Episode 6)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
from matplotlib.ticker import LogLocator, MaxNLocator, NullLocator

from .. import plots, plots_features
from .._validate import as_real, check_features
from ..fastpath import QuadraticDescent
from ..plots import PALETTE
from ..scaling import SCALINGS, fit_scaler
from . import controls
from .base import Explorer
from .oned import round_up
from .readout import fmt, iteration_row, lines, status_html, status_line, threshold_span

#: The scaling buttons' labels, short enough for four in the controls column.
LABELS = {"none": "none", "max": "max", "mean": "mean", "zscore": "z-score"}
#: What each scaling divides the centred features by, as the readout says it.
DIVIDES_BY = {"none": "centred only", "max": "centred, ÷ largest |x|", "mean": "centred, ÷ range",
              "zscore": "centred, ÷ std. dev."}
#: Every step of a run is drawn up to here; beyond, a longer run is thinned to ``MAX_DRAWN`` points.
ALL_STEPS_DRAWN = 200


@dataclass(eq=False)
class Scaled:
    """One scaling of the two features, with everything a move needs computed once."""

    kind: str
    description: str
    spread: np.ndarray
    X: np.ndarray  # the centred features divided by ``spread``
    valley: plots_features.Valley
    descent: QuadraticDescent
    w_star: np.ndarray
    window: tuple = ((0.0, 1.0), (0.0, 1.0))
    contours: object = None

    @property
    def limit(self) -> float:
        return self.valley.max_stable_alpha

    def alpha_range(self) -> tuple[float, float]:
        """The α slider's range: two decades below the largest stable α, to twice it."""
        return 10.0 ** math.floor(math.log10(self.limit / 100)), 2.0 * self.limit


class ScalingExplorer(Explorer):
    """Feature scaling, live: J over two weights (w₁, w₂) on equal axes with the descent path and
    the minimum, for no scaling or one of three (``scaling``: none, max, mean, z-score), beside the
    cost above its lowest value against the step, under the scaling buttons, sliders for α, the
    start (w₁, w₂) and the iterations, and Step / Play / Reset. Click the contours to start there.
    The readout gives how many times longer than wide the valley is, the largest stable α (and
    which parameter sets it), the iteration, w₁, w₂, J, the size of the gradient and how the run
    ended. Episode 6.

    ``X`` holds two raw feature columns (m × 2); the explorer centres them (so b, held at the mean
    of ``y``, is always at its best value and the walk is over (w₁, w₂) alone) and divides them by
    each scaling's spread, fitted on ``X``. When the scaling changes, the α slider's notches follow
    the new largest stable α, and α is put at ``alpha_fraction`` of it, or at the fraction the
    learner last chose; the start stays the same model (the same predictions), in the new units.

    Artists: ``ax_contour``, ``ax_history``, ``contours_`` (a ContourSet per scaling, one shown),
    ``path_`` (a ``PathArtists``), ``point_``, ``minimum_``, ``history_``, ``history_point_``.
    """

    SLIDERS = ("scaling", "alpha", "w1", "w2", "num_iters")
    FIGURE_PX = (520, 340)
    MAX_ITERS = 100_000  # the closed form runs 100,000 steps in a few milliseconds
    MAX_DRAWN = 1_000

    def __init__(self, X, y, *, names=("w₁", "w₂"), scaling="none", alpha=None, alpha_fraction=0.5,
                 w1=0.0, w2=0.0, num_iters=20_000, key=None):
        super().__init__()
        X, self.y, _ = check_features(X, y)
        if X.shape[1] != 2:
            raise ValueError(f"X has {X.shape[1]} feature columns; pass exactly two (e.g. X[:, [0, 3]]).")
        if scaling not in SCALINGS:
            raise ValueError(f"scaling is {scaling!r}; pick one of {', '.join(map(repr, SCALINGS))}.")
        self.names = tuple(str(n) for n in names)
        self.alpha_fraction = as_real(alpha_fraction, "alpha_fraction")
        if not 0 < self.alpha_fraction <= 2:
            raise ValueError(f"alpha_fraction = {alpha_fraction:g}; pass a fraction of the largest stable α "
                             "above 0 and at most 2 (e.g. 0.5 for half).")
        self.b = float(self.y.mean())  # b's best value whatever the weights, as the features are centred
        self._fraction = self.alpha_fraction
        start = np.array([as_real(w1, "w1"), as_real(w2, "w2")])
        self.scalings = self._prepare(X, scaling, start, num_iters)
        now = self.scalings[scaling]
        alpha = self.alpha_fraction * now.limit if alpha is None else as_real(alpha, "alpha")
        self._state = {"scaling": scaling, "alpha": alpha, "w1": start[0], "w2": start[1]}

        self.scaling_buttons = controls.choice(
            scaling, [(LABELS[k], k) for k in SCALINGS], description="scaling",
            tooltip="How the two features are scaled before descent: none, ÷ max, mean normalisation, "
                    "z-score")
        self.alpha_slider = controls.alpha_slider(alpha, *now.alpha_range())
        self.w1_slider, self.w2_slider = (
            controls.start_slider(start[j], *now.window[j], description=f"start w{'₁₂'[j]}",
                                  tooltip=f"The starting weight of {self.names[j]} (or click the contours)")
            for j in (0, 1))
        self.iters_slider = self._iters(num_iters, floor=20_000, step=100,
                                        tooltip="How many steps to take at most")
        for name, widget in zip(self.SLIDERS, (self.scaling_buttons, self.alpha_slider, self.w1_slider,
                                              self.w2_slider, self.iters_slider), strict=True):
            self._add_slider(name, widget, self._threshold_hint(now) if name == "alpha" else "")
        self._finish(key=key, interval=0.12)

    # -- computed once ----------------------------------------------------------------------------

    def _prepare(self, X, first, start, num_iters) -> dict:
        """Every scaling's features, valley, closed-form descent and window, fitted on ``X`` once."""
        centred = X - X.mean(axis=0)
        scalers = [fit_scaler(X, kind) for kind in SCALINGS]  # refuses a feature with no spread, by name
        made = {}
        for kind, scaler in zip(SCALINGS, scalers, strict=True):
            Xs = centred / scaler.spread
            descent = QuadraticDescent(Xs, self.y)
            made[kind] = Scaled(kind, scaler.description, scaler.spread, Xs,
                                plots_features.valley_numbers(Xs, names=self.names), descent,
                                descent.p_star[:2].copy())
        origin = start / made[first].spread  # the start as a model, in the raw units
        for s in made.values():
            here = origin * s.spread
            run = s.descent.run(here, self.b, self.alpha_fraction * s.limit, min(int(num_iters), 20_000))
            mirror = 2 * s.w_star - here  # so the minimum sits near the middle, with room to click round it
            s.window = plots_features.square_window(
                np.vstack([run.w_history[:, :2], here, s.w_star, mirror]), pad=0.15)
        # One cost axis for every scaling (J's values do not depend on it): only the contours change.
        top = max(float(plots_features.weight_cost_grid(s.X, self.y, *np.meshgrid(*s.window), self.b).max())
                  - s.descent.J_star for s in made.values())
        J_star = made[first].descent.J_star  # below J* × 10⁻¹³, J − J* is rounding: the axis ends there
        self.gap_limits = (J_star * 1e-13 if J_star > 0 else top * 1e-17, top * 3.0)
        return made

    @property
    def scaled(self) -> Scaled:
        """The scaling on show, with its numbers."""
        return self.scalings[self._state["scaling"]]

    @staticmethod
    def _threshold_hint(s: Scaled) -> str:
        return f"diverges above α = {fmt(s.limit)} (set by {s.valley.set_by})"

    # -- the figure -------------------------------------------------------------------------------

    def build_artists(self, fig) -> list:
        grid = fig.add_gridspec(1, 2, width_ratios=[1.3, 1])
        self.ax_contour, self.ax_history = ax, hx = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1])
        ax.set(xlabel=f"w₁ ({self.names[0]})", ylabel=f"w₂ ({self.names[1]})")
        ax.xaxis.set_major_locator(MaxNLocator(5))  # tick labels that do not run into each other
        now = self.scaled
        view = plots_features.plot_weight_view(ax, now.X, self.y, self.result, b=self.b, w_star=now.w_star,
                                               window=now.window, resolution=120, markersize=2.5)
        now.contours = view.contours
        for s in self.scalings.values():
            if s.contours is None:
                s.contours = plots_features.plot_weight_contours(
                    ax, s.X, self.y, b=self.b, w1_range=s.window[0], w2_range=s.window[1], resolution=120)
        self.contours_ = {k: s.contours for k, s in self.scalings.items()}
        self.path_, self.minimum_ = view.path, view.minimum
        self.point_ = plots.plot_current(ax, markersize=10, label="current (w₁, w₂)")
        # Above the spines (2.5), as the blitted frame paints them: the curve can run along the floor.
        (self.history_,) = hx.plot([], [], color=PALETTE["path"], linewidth=1.6, label="_nolegend_", zorder=3)
        self.history_point_ = plots.plot_current(hx, markersize=9, label="_nolegend_", zorder=4)
        hx.set(xscale="log", yscale="log", xlabel="step k (log scale)")
        hx.set_title("J − lowest J (log scale)", fontsize=10)
        hx.set_ylim(self.gap_limits)
        for axis in (hx.xaxis, hx.yaxis):  # a tick every few decades, no minor ticks: quick to draw
            axis.set_major_locator(LogLocator(numticks=6))
            axis.set_minor_locator(NullLocator())
        self._show_scaling()
        self._set_step_limits()
        handles = ax.get_legend_handles_labels()[0]
        fig.legend(handles=handles, loc="outside lower center", ncols=4, frameon=False, fontsize=8)
        return [*self.path_.artists, self.point_, self.minimum_, self.history_, self.history_point_]

    def _show_scaling(self) -> None:
        """The contours, window, minimum and title of the scaling on show (static: redrawn once)."""
        now = self.scaled
        for kind, contours in self.contours_.items():
            contours.set_visible(kind == now.kind)
        self.ax_contour.set(xlim=now.window[0], ylim=now.window[1])
        title = f"J over (w₁, w₂): {now.description}"
        if self.ax_contour.get_title() != title:
            with plots.course_style():  # its padding from the course's style, as when it was first set
                self.ax_contour.set_title(title, fontsize=10)
        self.minimum_.set_data(now.w_star[:1], now.w_star[1:])

    def _set_step_limits(self) -> None:
        self.ax_history.set_xlim(0.8, 1.25 * round_up(max(int(self._state["num_iters"]), 1)))

    def recompute(self, changed) -> list:
        s, now, kept = self._state, self.scaled, getattr(self, "result", None)
        if not (changed == {"num_iters"} and kept is not None and not kept.out_of_steps
                and kept.stopped_at <= s["num_iters"]):  # else the run ended before: the same run
            self.result = now.descent.run(np.array([s["w1"], s["w2"]]), self.b, s["alpha"], s["num_iters"])
        self._current = self.result.iterations
        if self.blitter is None:  # before the figure is built
            return []
        before = (self.ax_contour.viewLim.bounds, self.ax_history.viewLim.bounds)
        if "scaling" in changed:
            self._show_scaling()
        if "num_iters" in changed:
            self._set_step_limits()
        after = (self.ax_contour.viewLim.bounds, self.ax_history.viewLim.bounds)
        both = (self.ax_contour, self.ax_history)
        return [ax for ax, old, new in zip(both, before, after, strict=True) if old != new]

    def _drawn(self, k: int) -> np.ndarray:
        """The steps 0..k drawn: every one of the first ``ALL_STEPS_DRAWN`` (the zig-zag), then at
        most ``MAX_DRAWN`` more, evenly spread, with k itself always kept."""
        first = np.arange(min(k, ALL_STEPS_DRAWN) + 1)
        if k <= ALL_STEPS_DRAWN + self.MAX_DRAWN:
            return np.arange(k + 1)
        rest = np.linspace(ALL_STEPS_DRAWN + 1, k, self.MAX_DRAWN).round().astype(int)
        return np.concatenate([first, rest])

    def set_artists(self) -> None:
        k, result = self._current, self.result
        index = self._drawn(k)
        W = result.w_history[index]
        self.path_.update(W[:, 0], W[:, 1])
        self.point_.set_data(W[-1:, 0], W[-1:, 1])
        gap = np.maximum(result.J_history[index] - self.scaled.descent.J_star, self.gap_limits[0])
        self.history_.set_data(index[1:], gap[1:])  # the cost after each step (the axis is logarithmic)
        self.history_point_.set_data(index[-1:] if k else [], gap[-1:] if k else [])

    # -- the readout ------------------------------------------------------------------------------

    def _at(self, k: int) -> tuple[np.ndarray, float, np.ndarray]:
        """(w₁, w₂), J and the gradient (dJ/dw₁, dJ/dw₂, dJ/db) after k steps, H·(p − p*): exactly 0
        at the minimum."""
        if k == 0:  # exactly the start that was set
            w = np.array([self._state["w1"], self._state["w2"]])
        else:
            w = np.asarray(self.result.w_history[k], dtype=float)
        descent = self.scaled.descent
        with np.errstate(all="ignore"):
            gradient = descent.hessian @ (np.append(w, self.result.b_history[k]) - descent.p_star)
        return w, float(self.result.J_history[k]), gradient

    def readout_html(self) -> str:
        k, s, now = self._current, self._state, self.scaled
        w, J, gradient = self._at(k)
        valley = now.valley
        return lines(
            f"<b>scaling</b>: {now.description} ({DIVIDES_BY[now.kind]})",
            f"<b>α</b> = {fmt(s['alpha'])} = {s['alpha'] / now.limit:.3g} × the largest stable α, "
            + threshold_span(f"{fmt(now.limit)} (set by {valley.set_by})"),
            f"the valley is <b>{valley.elongation:,.3g}×</b> longer than wide",
            iteration_row(self.result, k, s["num_iters"]),
            f"<b>w₁</b> = {fmt(w[0])}, <b>w₂</b> = {fmt(w[1])}, from the start ({fmt(s['w1'])}, "
            f"{fmt(s['w2'])}); b stays at {fmt(self.b)}, its best value",
            f"<b>J</b> = {fmt(J)}; <b>slope size</b> |∇J| = {fmt(np.linalg.norm(gradient))}",
            status_html(self.result, k),
            *self._capped_rows(k),
        )

    def _capped_rows(self, k: int) -> list[str]:
        rows = []
        asked, n = self._iters_asked, self._state["num_iters"]
        if asked is not None and n == self.MAX_ITERS < asked:
            rows.append(f"<i>iterations capped at {n:,}, the most this figure runs "
                        f"(you asked for {asked:,})</i>")
        if k > ALL_STEPS_DRAWN + self.MAX_DRAWN:
            rows.append(f"<i>drawn: every step to {ALL_STEPS_DRAWN}, then {self.MAX_DRAWN:,} "
                        f"of the other {k - ALL_STEPS_DRAWN:,}</i>")
        return rows

    def describe(self) -> str:
        s, now = self._state, self.scaled
        return (f"J over the weights of {self.names[0]} and {self.names[1]} ({now.description}) on equal "
                f"axes, a valley {now.valley.elongation:,.3g} times longer than wide, with the path of "
                f"gradient descent at α = {fmt(s['alpha'])} (largest stable α {fmt(now.limit)}) from w₁ = "
                f"{fmt(s['w1'])}, w₂ = {fmt(s['w2'])}: {status_line(self.result)}; beside it the "
                "cost above its lowest value against the step.")

    # -- changing the scaling ---------------------------------------------------------------------

    def update(self, **values) -> None:
        """Set any of ``scaling``, ``alpha``, ``w1``, ``w2`` (the start) and ``num_iters`` and redraw
        once, as the controls do. A new scaling without an α puts α at the same fraction of its
        largest stable α as before (``alpha_fraction``, or the learner's own); an α or a start
        given with it is in the new scaling's units and checked against its sliders."""
        self._target = values.get("scaling")
        try:
            super().update(**values)
        finally:
            self._target = None

    def _check_value(self, name, value):
        target = getattr(self, "_target", None)
        if name in ("alpha", "w1", "w2") and target in self.scalings and target != self._state["scaling"]:
            s = self.scalings[target]  # checked against the slider of the new scaling
            lo, hi = s.alpha_range() if name == "alpha" else s.window[name == "w2"]
            return controls.check_value(name, SimpleNamespace(min=lo, max=hi), value, most=self.MAX_ITERS)
        return super()._check_value(name, value)

    def _draw_values(self, values) -> None:
        values, old = dict(values), self.scaled
        new = self.scalings[values.get("scaling", old.kind)]
        lo, hi = new.alpha_range()
        if "alpha" in values and (new is old or lo <= values["alpha"] <= hi):
            self._fraction = values["alpha"] / new.limit  # the learner's own choice, kept from now on
        elif new is not old:
            values["alpha"] = min(max(self._fraction * new.limit, lo), hi)
        if new is not old:  # a start not given stays the same model (the same predictions), in new units
            same = np.array([self._state["w1"], self._state["w2"]]) / old.spread * new.spread
            for j, name in enumerate(("w1", "w2")):
                values.setdefault(name, float(min(max(same[j], new.window[j][0]), new.window[j][1])))
        super()._draw_values(values)

    def _show_values(self, values) -> None:
        if "scaling" in values and values["scaling"] != self.scaling_buttons.value:
            with self._hold():
                self._fit_controls(self.scalings[values["scaling"]], values)
        super()._show_values(values)

    def _fit_controls(self, s: Scaled, values) -> None:
        """The α notches and the start sliders' ranges of scaling ``s`` (values set after this)."""
        lo, hi = s.alpha_range()
        alpha = values["alpha"]
        self.alpha_slider.options = [(fmt(a), a) for a in sorted({*controls.alpha_notches(lo, hi), alpha})]
        self.alpha_slider.alpha_range = (lo, hi)
        self.alpha_slider.value = alpha
        self.hints["alpha"].value = (f'<span style="color: {PALETTE["threshold_text"]}">'
                                     f"{self._threshold_hint(s)}</span>")
        for j, (name, slider) in enumerate((("w1", self.w1_slider), ("w2", self.w2_slider))):
            value, (low, high) = values[name], s.window[j]
            step = controls.nice_step((high - low) / 400)
            low, high = controls.anchored(value, low, high, step)
            with slider.hold_trait_notifications():
                slider.min, slider.max = min(low, slider.min), max(high, slider.max)
                slider.value, slider.step = value, step
                slider.readout_format = f".{max(0, -math.floor(math.log10(step)))}f"
            slider.min, slider.max = low, high

    # -- the mouse --------------------------------------------------------------------------------

    def click(self, w1, w2) -> None:
        """Start the descent at (w₁, w₂) (what a click on the contours does)."""
        self.update(w1=self._clip_to(self.w1_slider, w1, "w1"), w2=self._clip_to(self.w2_slider, w2, "w2"))

    def clicked_axes(self) -> tuple:
        return (self.ax_contour,)

    def on_click(self, event) -> None:
        self.click(event.xdata, event.ydata)
