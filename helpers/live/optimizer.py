"""OptimizerExplorer: gradient descent, momentum, mini-batch and Adam side by side (Episode 8)."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import LogLocator

from .. import plots
from .. import plots_optimizers as paths
from .._validate import as_real
from ..exercises import episode8 as challenge
from ..linear import max_stable_alpha
from ..plots import OUTCOME_STYLE
from . import controls
from .base import Explorer
from .oned import round_up
from .optimizer_runs import Landscape
from .readout import fmt, lines, steps

#: The four runs, in the order they are drawn and listed.
KEYS = ("gd", "momentum", "minibatch", "adam")
NAMES = {"gd": "gradient descent", "momentum": "momentum", "minibatch": "mini-batch", "adam": "Adam"}
#: Each run's marker (``plots_optimizers.RUN_STYLES``) as a character, so the readout names the same look.
SYMBOLS = {"o": "●", "^": "▲", "D": "◆", "s": "■"}


class OptimizerExplorer(Explorer):
    """Four descents on one landscape J(w, b): gradient descent and momentum (α, β) on all the data,
    mini-batch gradient descent (α, the batch size, seeded shuffles) and Adam (its own α, β₁ = β),
    all from the same start. Their paths on the contours (click to start there) and their costs
    after each step beside them, under sliders for α, β, the batch size, Adam's α, the start and
    the number of steps, with Step / Play / Reset. On the two houses the readout judges the
    challenge of Episode 8 (J below 1 by step 20, for good, from (0, 0)) and says which knob to
    turn, and which way, when it is not met yet.

    Artists: ``ax_paths``, ``ax_curves``, ``paths_`` (a ``PathsArtists``: ``paths_.lines[key]``
    for the keys ``KEYS``, ``paths_.start``), ``curves_`` (a ``CurvesArtists``), ``minimum_``,
    ``step_line_`` (the step on show), ``target_`` and ``budget_`` (the challenge's J = 1 and
    step 20; None without the challenge). ``runs`` holds the four ``DescentResult``s on show.
    """

    SLIDERS = ("alpha", "beta", "batch_size", "adam_alpha", "w0", "b0", "num_iters")
    FIGURE_PX = (520, 340)
    MAX_ITERS = 1000
    MAX_DRAWN = 1000
    _KEEP = 256  # paths and results kept for moves back to settings seen before

    def __init__(self, x, y, *, alpha=0.4, beta=0.5, batch_size=1, adam_alpha=100.0, w0=0.0, b0=0.0,
                 num_iters=40, w_range=None, b_range=None, alpha_min=0.01, alpha_max=1.5, key=None):
        super().__init__()
        self.landscape = land = Landscape(x, y, seed=challenge.CHALLENGE_SEED)
        self.x, self.y, self.m = land.x, land.y, land.m
        self.challenge = self._is_challenge_data()
        if self.challenge:
            challenge.momentum_passes()  # the hints' grid, once (a quarter of a second)
        w0, b0 = as_real(w0, "w0"), as_real(b0, "b0")
        w_auto, b_auto = plots.cost_ranges(self.x, self.y)
        w_range, b_range = (w_auto if w_range is None else w_range), (b_auto if b_range is None else b_range)
        self.w_range = (min(float(w_range[0]), w0), max(float(w_range[1]), w0))
        self.b_range = (min(float(b_range[0]), b0), max(float(b_range[1]), b0))
        self.alpha_threshold = max_stable_alpha(self.x)
        self._paths: dict = {}
        self._results: dict = {}
        self._state = {"alpha": as_real(alpha, "alpha"), "beta": as_real(beta, "beta"),
                       "batch_size": batch_size, "adam_alpha": as_real(adam_alpha, "adam_alpha"),
                       "w0": w0, "b0": b0}
        self._static_numbers()
        self._make_sliders(alpha_min, alpha_max, num_iters)
        self._finish(key=key, interval=0.2, tooltips={"step": "Take one more step of every run"})

    def _is_challenge_data(self) -> bool:
        cx, cy = challenge.challenge_data()
        return self.x.shape == cx.shape and bool(np.all(self.x == cx) and np.all(self.y == cy))

    def _static_numbers(self) -> None:
        """Computed once per data set: the contour grid, the minimum, the cost axis."""
        self.grid = plots.cost_surface_grid(self.x, self.y, w_range=self.w_range, b_range=self.b_range,
                                            resolution=90)
        self.p_star = self.landscape.p_star
        J_star = float(self.landscape.costs(self.p_star[None])[0])
        self.J_top = float(self.grid[2].max())
        # J − lowest J on the log axis; where the lowest J is 0 (the two houses) the cost itself.
        self.J_min = J_star if J_star > 1e-9 * self.J_top else 0.0
        self._J_limits = (1e-3, 5.0 * (self.J_top - self.J_min))

    def _make_sliders(self, alpha_min, alpha_max, num_iters) -> None:
        s = self._state
        self.alpha_slider = controls.alpha_slider(s["alpha"], as_real(alpha_min, "alpha_min"),
                                                  as_real(alpha_max, "alpha_max"))
        self.alpha_slider.tooltip = "α of gradient descent, momentum and the mini-batches (round values)"
        self.beta_slider = widgets.FloatSlider(
            value=s["beta"], min=0.0, max=0.95, step=0.05, readout_format=".2f", description="β (momentum)",
            tooltip="β: the share of the velocity kept each step (momentum's β, Adam's β₁); 0: none",
            continuous_update=True, style=controls.SLIDER_STYLE,
            layout=widgets.Layout(**controls.SLIDER_LAYOUT))
        self.beta_slider.add_class("gd-slider")
        self.batch_slider = self._batch_control(s["batch_size"])
        self.adam_slider = controls.alpha_slider(s["adam_alpha"], 0.1, 1000.0)
        self.adam_slider.description = "Adam's α"
        self.adam_slider.tooltip = "Adam's α: about how far each parameter moves per step (round values)"
        self.w0_slider = controls.start_slider(s["w0"], *self.w_range, description="start w",
                                               tooltip="The starting weight w (or click the contours)")
        self.b0_slider = controls.start_slider(s["b0"], *self.b_range, description="start b",
                                               tooltip="The starting bias b (or click the contours)")
        self.iters_slider = self._iters(num_iters, floor=200, step=10,
                                        tooltip="How many steps each run takes")
        hint = f"gradient descent diverges above α = {fmt(self.alpha_threshold)}"
        sliders = (self.alpha_slider, self.beta_slider, self.batch_slider, self.adam_slider,
                   self.w0_slider, self.b0_slider, self.iters_slider)
        for name, slider in zip(self.SLIDERS, sliders, strict=True):
            self._add_slider(name, slider, hint if name == "alpha" else "")
        self.threshold_label = self.hints["alpha"]

    #: Up to this many examples, the batch size is a row of buttons (a slider of two notches is hard to drag).
    BUTTONS_UP_TO = 8

    def _batch_control(self, value):
        """The batch size: buttons for a few examples, else a slider from 1 to m."""
        self.batch_sizes = tuple(range(1, self.m + 1))
        size = value if value in self.batch_sizes else 1  # any other value is refused by _finish
        tooltip = f"Examples per step of the mini-batch run, 1 (stochastic) to {self.m} (all of them)"
        if self.m <= self.BUTTONS_UP_TO:
            labels = [(f"{k} (all)" if k == self.m else str(k), k) for k in self.batch_sizes]
            return controls.choice(size, labels, description="batch size", tooltip=tooltip)
        slider = widgets.IntSlider(value=size, min=1, max=self.m, step=1, description="batch size",
                                   continuous_update=True, tooltip=tooltip, style=controls.SLIDER_STYLE,
                                   layout=widgets.Layout(**controls.SLIDER_LAYOUT))
        slider.add_class("gd-slider")
        return slider

    # -- the runs -------------------------------------------------------------------------------

    def _settings(self, key) -> tuple:
        """(method, α, β, batch size) of the run called ``key``."""
        s = self._state
        return {"gd": ("gd", s["alpha"], 0.0, self.m),
                "momentum": ("momentum", s["alpha"], s["beta"], self.m),
                "minibatch": ("gd", s["alpha"], 0.0, int(s["batch_size"])),
                "adam": ("adam", s["adam_alpha"], s["beta"], self.m)}[key]

    def _run(self, key, start: tuple, num_steps: int):
        """The run called ``key`` from ``start``: its path is kept, so a move that leaves its settings
        alone (β for gradient descent, say) costs nothing for it."""
        method, alpha, beta, size = self._settings(key)
        where = (method, alpha, beta if method != "gd" else 0.0, size, start)
        done = self._results.get((where, num_steps))
        if done is not None:
            return done
        P = self._paths.get(where)
        if P is None or len(P) <= num_steps:
            # From the challenge's start, one path serves the run on show and the challenge's run.
            length = max(num_steps, self._horizon()) if start == self._challenge_start else num_steps
            P = self.landscape.path(method, start, alpha, beta, size, length)
            self._paths[where] = P
        result = self._results[(where, num_steps)] = self.landscape.result(P, alpha, num_steps)
        for kept in (self._paths, self._results):
            while len(kept) > self._KEEP:
                del kept[next(iter(kept))]
        return result

    def _horizon(self) -> int:
        return challenge.CHALLENGE_HORIZON if self.challenge else 0

    @property
    def _challenge_start(self) -> tuple:
        return tuple(float(v) for v in challenge.CHALLENGE_START)

    def recompute(self, changed) -> list:
        s = self._state
        s["batch_size"] = int(s["batch_size"])
        start = (s["w0"], s["b0"])
        self.runs = {key: self._run(key, start, s["num_iters"]) for key in KEYS}
        if self.challenge:
            begin = self._challenge_start
            self.challenge_runs = {key: self._run(key, begin, challenge.CHALLENGE_HORIZON) for key in KEYS}
        self._current = self.last_index()
        if "num_iters" in changed and getattr(self, "ax_curves", None) is not None:
            self._set_step_limits()
            return [self.ax_curves]
        return []

    def last_index(self) -> int:
        return max(run.iterations for run in self.runs.values())

    # -- the figure -----------------------------------------------------------------------------

    def build_artists(self, fig) -> list:
        grid = fig.add_gridspec(1, 2, width_ratios=[1.25, 1])
        ax = self.ax_paths = fig.add_subplot(grid[0])
        cx = self.ax_curves = fig.add_subplot(grid[1])
        plots.plot_cost_contour(ax, self.x, self.y, grid=self.grid,
                                levels=plots.contour_levels(self.grid[2], self.J_min, n=10), linewidths=0.9)
        ax.set_title("Paths on the contours: click to start")
        self.minimum_ = paths.plot_minimum(ax, *self.p_star, markersize=12, zorder=3)
        self.paths_ = paths.plot_paths(ax, self.runs)
        ax.set_xlim(self.w_range)
        ax.set_ylim(self.b_range)
        # No markers on the curves (their line styles tell them apart): a third less to draw per move.
        self.curves_ = paths.plot_learning_curves(cx, {key: self._above(run.J_history)
                                                       for key, run in self.runs.items()}, marker="")
        # A label at every second power of ten (1 among them, the challenge's target), the others
        # unlabelled: a third of the ticks to lay out and draw, the first time and on every
        # iterations move that redraws this panel.
        cx.yaxis.set_major_locator(LogLocator(base=100.0))
        cx.yaxis.set_minor_locator(LogLocator(base=10.0, subs=(1.0,)))
        if self.J_min:
            cx.set_ylabel("J − lowest J (log scale)")
        cx.set_title("Cost after each step")
        self.target_ = self.budget_ = None
        if self.challenge:
            self.target_ = paths.plot_target(cx, challenge.CHALLENGE_TARGET)
            self.budget_ = cx.axvline(challenge.CHALLENGE_STEPS, color="#555555", linestyle="--",
                                      linewidth=1, label=f"step {challenge.CHALLENGE_STEPS}")
        self.step_line_ = cx.axvline(0, color=plots.PALETTE["muted"], linewidth=4, zorder=1,
                                     label="_step on show")
        cx.set_ylim(self._J_limits)
        self._set_step_limits()
        handles = [*ax.get_legend_handles_labels()[0], *cx.get_legend_handles_labels()[0][len(KEYS):]]
        fig.legend(handles=handles, loc="outside lower center", ncols=4, frameon=False, fontsize=8)
        return [*self.paths_.artists, *self.curves_.artists, self.step_line_]

    def _set_step_limits(self) -> None:
        n = round_up(max(int(self._state["num_iters"]), 1))
        self.ax_curves.set_xlim(-0.02 * n, 1.02 * n)

    def _above(self, J) -> np.ndarray:
        """J as the learning curves plot it: above the lowest J, never under the axis' floor."""
        return np.maximum(np.asarray(J, float) - self.J_min, 0.1 * self._J_limits[0])

    def set_artists(self) -> None:
        k = self._current
        shown = {key: min(k, run.iterations) for key, run in self.runs.items()}
        self.paths_.update({key: run.p_history[: shown[key] + 1] for key, run in self.runs.items()})
        self.curves_.update({key: self._above(run.J_history[: shown[key] + 1])
                             for key, run in self.runs.items()})
        self.step_line_.set_xdata([k, k])

    # -- the words ------------------------------------------------------------------------------

    def readout_html(self) -> str:
        s, k = self._state, self._current
        rows = [f"<b>α</b> = {fmt(s['alpha'])}, <b>β</b> = {fmt(s['beta'])}, <b>batch</b> "
                f"{s['batch_size']} of {self.m}, <b>Adam's α</b> = {fmt(s['adam_alpha'])}",
                f"<b>step</b> k = {k:,} of {self.last_index():,}"]
        rows += [self._run_row(key, run, k) for key, run in self.runs.items()]
        if self.challenge:
            rows += self._challenge_rows()
        return lines(*rows)

    def _run_row(self, key, run, k) -> str:
        look = paths.RUN_STYLES[key]
        name = NAMES[key] + (f" ({s})" if key == "minibatch" and (s := self._state["batch_size"]) < self.m
                             else "")
        J = float(run.J_history[min(k, run.iterations)])
        words, colour = OUTCOME_STYLE[run.outcome]
        n = run.stopped_at
        ending = {"converged": f"converged after {steps(n)}", "diverged": f"diverged at step {n:,}",
                  "out_of_steps": "out of steps"}.get(run.outcome, words)
        return (f'<span style="color: {look["color"]}" aria-hidden="true">{SYMBOLS[look["marker"]]}</span> '
                f"<b>{name}</b>: J = {fmt(J - self.J_min if self.J_min else J)}"
                f"{' above the lowest' if self.J_min else ''}, "
                f'<span class="gd-outcome" data-outcome="{run.outcome}" style="color: {colour}">{ending}'
                "</span>")

    def challenge_passes(self) -> dict:
        """For each run: does it meet the challenge (from (0, 0), J below 1 by step 20, for good)?"""
        limit = challenge.CHALLENGE_STEPS
        return {key: (n := challenge.challenge_steps(run)) is not None and n <= limit
                for key, run in self.challenge_runs.items()}

    def _challenge_rows(self) -> list[str]:
        passes, runs = self.challenge_passes(), self.challenge_runs
        target = f"{challenge.CHALLENGE_TARGET:g}"
        where = "" if (self._state["w0"], self._state["b0"]) == self._challenge_start else \
            " (It starts at (0, 0).)"
        goal = f"J below {target} by step {challenge.CHALLENGE_STEPS}, for good, from (0, 0)"
        if any(passes.values()):
            key = next(k for k in KEYS if passes[k])
            n = challenge.challenge_steps(runs[key])
            return [f'<b class="gd-challenge" data-passed="true" title="{goal}">Challenge met:</b> '
                    f"{NAMES[key]} stays below J = {target} from step {n} on.{where}",
                    f"The fastest pair on a fine grid needs {challenge.FASTEST} steps: can you match it?"]
        return [f'<b class="gd-challenge" data-passed="false" title="{goal}">Challenge not met yet:</b> '
                f"{self._momentum_words(runs['momentum'])}.{where}",
                f"<b>Hint:</b> {self.hint()}"]

    @staticmethod
    def _momentum_words(run) -> str:
        limit = challenge.CHALLENGE_STEPS
        if run.diverged and run.stopped_at <= limit:
            return f"momentum diverges at step {run.stopped_at}"
        J = challenge.challenge_cost(run)
        if J >= challenge.CHALLENGE_TARGET:
            return f"momentum's J is {fmt(J)} at step {limit}"
        return (f"momentum's J is {fmt(J)} at step {limit} but swings back above "
                f"{challenge.CHALLENGE_TARGET:g}")

    def hint(self) -> str:
        """Which knob of momentum to turn, and which way, towards the nearest (α, β) that meets the
        challenge (``challenge.momentum_move``: α in notches of × 1.5, β in steps of 0.1)."""
        knob, notches = challenge.momentum_move(self._state["alpha"], self._state["beta"])
        way = "raise" if notches > 0 else "lower"
        if knob == "α":
            size = "a little (less than one notch)" if abs(notches) < 1 else \
                f"by about {round(abs(notches))} notch{'es' if round(abs(notches)) > 1 else ''}"
        else:
            size = f"by about {fmt(max(0.05, round(abs(notches) * 2) * 0.05))}"
        return f"{way} {knob} {size}."

    def describe(self) -> str:
        s = self._state
        ends = ", ".join(f"{NAMES[key]} {OUTCOME_STYLE[run.outcome][0]}" for key, run in self.runs.items())
        verdict = ""
        if self.challenge:
            met = any(self.challenge_passes().values())
            verdict = "; the challenge is met" if met else "; the challenge is not met yet"
        return (f"Four descents from (w, b) = ({fmt(s['w0'])}, {fmt(s['b0'])}) with α = {fmt(s['alpha'])} "
                f"and β = {fmt(s['beta'])}, batches of {s['batch_size']} for the mini-batch run and steps "
                f"of about {fmt(s['adam_alpha'])} for Adam: {ends}; their paths on the contours of "
                f"J(w, b) and their costs after each step{verdict}.")

    # -- the mouse ------------------------------------------------------------------------------

    def click(self, w, b) -> None:
        """Start every run at (w, b) (what a click on the contours does)."""
        self.update(w0=self._clip_to(self.w0_slider, w, "w"), b0=self._clip_to(self.b0_slider, b, "b"))

    def clicked_axes(self) -> tuple:
        return (self.ax_paths,)

    def on_click(self, event) -> None:
        self.click(event.xdata, event.ydata)

