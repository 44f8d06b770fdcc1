"""BasinsExplorer: which minimum each start reaches, for every α (Episode 4)."""

from __future__ import annotations

import math
import numbers

import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import plots
from .._validate import as_real
from ..descent import descend_many
from ..plots import PALETTE, evaluate
from . import controls, oned
from .base import Explorer
from .layout import padded
from .readout import capped_rows, drawn, fmt, lines, percent, status_html, steps


class BasinsExplorer(Explorer):
    """Which minimum each start reaches: the curve, and a strip of starting points coloured and
    marked by where descent ends, recomputed for every α; diverged starts shown apart. The start
    slider (or a click) shows one run's path, which Step / Play / Reset walk through.

    ``starts`` holds the starting points and ``codes`` the outcome of each: the index of the
    minimum it reached, then "not settled yet", then "diverged" (see ``shares()``). Artists:
    ``ax_curve``, ``ax_strip``, ``path_``, ``end_``, ``strip_``, ``mark_lines_``, ``chosen_``.
    """

    SLIDERS = ("alpha", "w0", "num_iters")
    FIGURE_PX = (520, 360)
    MAX_ITERS = 5_000  # every start takes every step: 2,000 starts × 5,000 steps is about 0.2 s
    MAX_STARTS = 10_000  # more than the strip has pixels
    #: The class of a start that has not come within reach of a minimum when its steps run out.
    NOT_SETTLED = "out of steps (not settled)"
    _MIN_MARKERS = ("o", "s", "D", "v", "P")
    _MIN_COLOURS = tuple(plots.OKABE_ITO[name] for name in
                         ("bluish_green", "sky_blue", "orange", "reddish_purple", "blue"))

    def __init__(self, cost, *, alpha=0.05, num_iters=200, n_starts=2000, w0=None, alpha_min=1e-3,
                 alpha_max=None, key=None):
        super().__init__()
        self.cost = cost = oned.check_cost(cost)
        lo, hi = cost.w_range
        top = oned.alpha_top(cost) if alpha_max is None else as_real(alpha_max, "alpha_max")
        whole = isinstance(n_starts, numbers.Integral) or (
            isinstance(n_starts, numbers.Real) and math.isfinite(n_starts) and float(n_starts).is_integer())
        if isinstance(n_starts, bool) or not whole or not 2 <= n_starts <= self.MAX_STARTS:
            raise ValueError(f"n_starts is {n_starts!r}; pass a whole number of starting points from 2 to "
                             f"{self.MAX_STARTS:,}, e.g. 2000.")
        self.starts = np.linspace(lo, hi, int(n_starts))
        w0 = oned.start_default(cost) if w0 is None else as_real(w0, "w0")
        self._state = {"alpha": as_real(alpha, "alpha"), "w0": w0}
        self._w_curve, self._J_curve = plots.curve_points(cost)
        self._J_limits = padded(self._J_curve[np.isfinite(self._J_curve)])
        self._settle = 1e-3 * (hi - lo)
        self._marks = np.linspace(0, self.starts.size - 1, 56).round().astype(int)
        self._checkpoints: dict = {}  # α -> {steps: every start's w after them}

        self.alpha_slider = controls.alpha_slider(self._state["alpha"], as_real(alpha_min, "alpha_min"), top)
        self.w0_slider = controls.start_slider(w0, lo, hi, description="start w",
                                               tooltip="One start whose path is drawn (or click)")
        self.iters_slider = self._iters(num_iters, floor=1000, tooltip="How many steps every start takes")
        self._add_slider("alpha", self.alpha_slider, oned.threshold_text(cost))
        self._add_slider("w0", self.w0_slider)
        self._add_slider("num_iters", self.iters_slider)
        self.threshold_label = self.hints.get("alpha")
        self._finish(key=key, tooltips={"step": "One more step of the path from the chosen start",
                                        "play": "Walk this start's path step by step (press again to pause)",
                                        "reset": "Back to the chosen start, before any step"})

    @property
    def classes(self) -> list:
        """(label, colour, marker) for each outcome: each minimum, out of steps, diverged."""
        items = [(f"reaches w = {fmt(m)}", self._MIN_COLOURS[i % 5], self._MIN_MARKERS[i % 5])
                 for i, m in enumerate(self.cost.minima)]
        items.append((self.NOT_SETTLED, PALETTE["muted"], "^"))
        items.append(("diverged", PALETTE["diverged"], "X"))
        return items

    def build_artists(self, fig) -> list:
        grid = fig.add_gridspec(2, 1, height_ratios=[3.3, 1])
        ax = self.ax_curve = fig.add_subplot(grid[0])
        sx = self.ax_strip = fig.add_subplot(grid[1], sharex=ax)
        cost = self.cost
        plots.plot_cost_curve(ax, cost, w_values=self._w_curve)
        ax.set_title(f"Where descent ends, start by start: {cost.name}")
        minima = np.asarray(cost.minima, float)
        self.minimum_ = plots.plot_minimum(ax, minima, evaluate(cost.J, minima))
        self.path_ = plots.plot_path_1d(ax, cost, self.result, label="path from the chosen start")
        self.end_ = plots.plot_current(ax, label="w after the last step")
        ax.set_ylim(self._J_limits)
        ax.set_xlabel("")
        ax.tick_params(labelbottom=False)
        ax.legend(loc="upper center", ncols=2, fontsize=8)
        self._build_strip(fig, sx)
        return [*self.path_.artists, self.end_, self.strip_, *self.mark_lines_, self.chosen_]

    def _build_strip(self, fig, sx) -> None:
        classes = self.classes
        self._colours = np.array([to_rgba(c) for _, c, _ in classes])
        lo, hi = self.cost.w_range
        # Between neighbouring starts the strip changes colour half-way; one rectangle per run of
        # starts with the same outcome (usually a handful) is far cheaper to draw than an image.
        self._edges = np.concatenate([[lo], (self.starts[1:] + self.starts[:-1]) / 2, [hi]])
        self.strip_ = PolyCollection([], edgecolors="none", linewidths=0, zorder=1)
        sx.add_collection(self.strip_, autolim=False)
        sx.set_ylim(0, 1)
        self.mark_lines_ = []
        for _, colour, marker in classes:
            face = PALETTE["hollow"] if colour == PALETTE["diverged"] else PALETTE["edge"]
            edge = PALETTE["hollow"] if face == PALETTE["edge"] else PALETTE["edge"]
            (line,) = sx.plot([], [], linestyle="none", marker=marker, markersize=6, color=face,
                              markeredgecolor=edge, markeredgewidth=0.6)
            self.mark_lines_.append(line)
        self.chosen_ = sx.axvline(self._state["w0"], color=PALETTE["current"], linewidth=3, zorder=5)
        sx.set_yticks([])
        sx.set_xlim(lo, hi)
        sx.set_xlabel("starting w")
        sx.set_title("Each start, coloured by where it ends", fontsize=10)
        sx.grid(False)
        handles = [(Patch(facecolor=c, edgecolor=PALETTE["muted"]),
                    Line2D([], [], linestyle="none", marker=m, markersize=6,
                           color=PALETTE["hollow"] if c == PALETTE["diverged"] else PALETTE["edge"]))
                   for _, c, m in classes]
        fig.legend(handles, [label for label, _, _ in classes], loc="outside lower center",
                   ncols=min(len(classes), 3), frameon=False)

    def recompute(self, changed) -> list:
        s = self._state
        if changed & {"alpha", "num_iters"}:
            w_final = self._finals(s["alpha"], s["num_iters"])
            codes = np.full(self.starts.shape, len(self.cost.minima))
            with np.errstate(invalid="ignore"):
                for i, m in enumerate(self.cost.minima):  # a loop over the minima, not the starts
                    codes[np.abs(w_final - m) <= self._settle] = i
            codes[np.isnan(w_final)] = len(self.cost.minima) + 1
            self.codes = codes
        if not (changed <= {"num_iters"} and oned.ends_within(getattr(self, "result", None), s["num_iters"])):
            self.result = oned.descend(self.cost, s["w0"], s["alpha"], s["num_iters"])
        self._current = self.result.iterations
        return []

    #: Every start's w is kept after each multiple of this many steps (or of 1/20 of the slider's
    #: most, if more), for the α of the latest moves: up to ``KEPT_FLOATS`` numbers in all.
    CHECKPOINT = 50
    KEPT_FLOATS = 2_000_000

    def _finals(self, alpha: float, num_iters: int) -> np.ndarray:
        """Where each start is after ``num_iters`` steps (NaN where it diverged): ``descend_many``,
        resumed from the latest checkpoint kept for this α, so a move of the iterations, or back to
        an α seen before, takes at most one checkpoint's interval of steps more. The same numbers
        as one call of ``descend_many`` over all the steps: each step depends only on w, and a run
        that left the finite numbers never comes back."""
        every = max(self.CHECKPOINT, -(-self.iters_slider.max // 20))
        kept = self._checkpoints.pop(alpha, None) or {0: self.starts}
        self._checkpoints[alpha] = kept  # the newest last
        while len(self._checkpoints) > max(2, self.KEPT_FLOATS // (21 * self.starts.size)):
            del self._checkpoints[next(iter(self._checkpoints))]
        done = max(k for k in kept if k <= num_iters)
        w = kept[done]
        while done < num_iters:
            n = min(every - done % every, num_iters - done)
            w, finite = w.copy(), np.isfinite(w)
            if finite.any():
                w[finite] = descend_many(self.cost.dJ_dw, w[finite], alpha, n)[0]
            done += n
            if done % every == 0:
                kept[done] = w
        return w

    def set_artists(self) -> None:
        k, result = self._current, self.result
        index = drawn(k, self.MAX_DRAWN)[0]
        w, J = result.w_history[index], result.J_history[index]
        self.path_.update(w, J)
        self.end_.set_data(w[-1:], J[-1:])
        codes = self.codes
        first = np.concatenate([[0], np.flatnonzero(codes[1:] != codes[:-1]) + 1])  # where each run starts
        x0, x1 = self._edges[first], self._edges[np.append(first[1:], codes.size)]
        zeros, ones = np.zeros_like(x0), np.ones_like(x0)
        self.strip_.set_verts(np.stack([np.column_stack([x0, zeros]), np.column_stack([x1, zeros]),
                                        np.column_stack([x1, ones]), np.column_stack([x0, ones])], axis=1))
        self.strip_.set_facecolor(self._colours[codes[first]])
        marks = self._marks
        for code, line in enumerate(self.mark_lines_):
            chosen = marks[codes[marks] == code]
            line.set_data(self.starts[chosen], np.full(chosen.size, 0.5))
        self.chosen_.set_xdata([self._state["w0"], self._state["w0"]])

    def shares(self) -> dict[str, float]:
        """The fraction of starts with each outcome, by label."""
        counts = np.bincount(self.codes, minlength=len(self.classes))
        labels = [label for label, _, _ in self.classes]
        return {label: float(c) / self.codes.size for label, c in zip(labels, counts, strict=True)}

    def readout_html(self) -> str:
        s, result, k = self._state, self.result, self._current
        wk, Jk = float(result.w_history[k]), float(result.J_history[k])
        slope = float(evaluate(self.cost.dJ_dw, wk))
        share_rows = [f"{label}: {percent(share)} of starts" for label, share in self.shares().items()]
        after = "at the start" if k == 0 else f"after {steps(k)}"
        return lines(
            f"<b>α</b> = {fmt(s['alpha'])}, <b>iterations</b> = {s['num_iters']:,}",
            *share_rows,
            f"<b>chosen start</b> w = {fmt(s['w0'])}: <b>w</b> = {fmt(wk)} {after}",
            f"<b>J(w)</b> = {fmt(Jk)}, <b>dJ/dw</b> = {fmt(slope)}",
            status_html(result, k),
            *capped_rows(self, k),
        )

    def click(self, w) -> None:
        """Draw the path from the start ``w`` (what a click on the curve or the strip does)."""
        self.update(w0=self._clip_to(self.w0_slider, w, "w"))

    def clicked_axes(self) -> tuple:
        return (self.ax_curve, self.ax_strip)

    def describe(self) -> str:
        parts = ", ".join(f"{percent(v)} {label}" for label, v in self.shares().items())
        return (f"Starts across {self.cost.name} after {self._state['num_iters']} steps with "
                f"α = {fmt(self._state['alpha'])}: {parts}.")
