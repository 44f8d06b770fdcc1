"""LadderExplorer: the whole α ladder at once, on raw or on scaled features (Episode 7)."""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from .. import plots_features
from .._validate import as_real, as_real_array
from ..diagnostics import ALPHA_LADDER, verdict
from ..fastpath import QuadraticDescent
from ..plots import OUTCOME_STYLE, PALETTE
from ..result import DescentResult
from ..scaling import fit_scaler
from . import controls, oned
from .base import Explorer
from .readout import capped_rows, drawn, fmt, lines, steps, threshold_span

#: The two choices of features: the columns as given, or their z-scores.
FEATURES = ("raw", "z-scored")
#: What to do about each verdict, in the readout's words.
REMEDY = {"converged": "", "slow": ": raise α", "oscillating": ": lower α", "diverged": ": lower α",
          "stalled": ": raise α a lot"}
#: Each rung's marker in the figure, as a character the readout shows in the rung's colour.
GLYPHS = {"o": "●", "s": "■", "^": "▲", "v": "▼", "D": "◆", "P": "✚", "X": "✖", "*": "★"}
#: The lowest value drawn of J − J* on the log axis (a run that reaches J* exactly drops off the bottom).
FLOOR = 1e-14


def shifted(alphas, shift: int) -> list[float]:
    """Every rung of ``alphas`` times 10^shift, exactly as its decimal reads (0.003e-6 is 3e-9)."""
    return [float(f"{alpha!r}e{int(shift)}") for alpha in alphas]


def power_label(value, _position=None) -> str:
    """A tick label of a log axis as 10 with a superscript power, in plain text."""
    return "10" + str(round(np.log10(value))).replace("-", "−").translate(SUPERSCRIPTS) if value > 0 else ""


SUPERSCRIPTS = str.maketrans("−0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def verdict_text(word: str, result: DescentResult) -> str:
    """A rung's verdict for the readout: "converged in 295 steps", "diverged at step 27: lower α"."""
    when = (f" in {steps(result.stopped_at)}" if word == "converged"
            else f" at step {result.stopped_at:,}" if word == "diverged" else "")
    return f"{word}{when}{REMEDY[word]}"


def hint_html(text: str) -> str:
    """The inside of a hint under a slider (as ``controls.hint`` makes it), for a hint that changes."""
    return f'<span style="color: {PALETTE["threshold_text"]}">{html.escape(text)}</span>'


def cut(result: DescentResult, num_iters: int, descent: QuadraticDescent) -> DescentResult:
    """The run ``result`` as it would have ended after at most ``num_iters`` steps.

    A run with fewer steps is the first part of a longer one (each stop rule looks at one step at a
    time), so a ladder run once at the most steps serves every position of the iterations slider.
    """
    if result.stopped_at <= num_iters:
        return result
    p = result.p_history[: num_iters + 1]
    gradient = descent.hessian @ p[-1] - descent.g
    return DescentResult(p, result.J_history[: num_iters + 1], "out_of_steps", num_iters, result.alpha,
                         gradient, result.start_gradient, result.names)


class LadderExplorer(Explorer):
    """The α ladder (Episode 7): one learning curve per rung (J − J* on a log scale), all run at
    once from the same start, each with its verdict (converged, slow, oscillating, diverged,
    stalled) and the largest safe α drawn thick and starred; on raw or on z-scored features. The
    controls move the whole ladder by a power of ten, switch the features and set the steps.
    Step / Play / Reset walk the iteration shown on every curve; a click on the figure shows them
    up to the iteration clicked.

    Artists: ``ax_ladder`` (the curves), ``ax_key`` (one row per rung: its line and verdict),
    ``ladder_`` (a ``plots_features.LadderArtists``: ``.lines``, ``.safe``), ``key_lines_``,
    ``key_texts_``, ``key_title_``.
    """

    SLIDERS = ("shift", "features", "num_iters")
    FIGURE_PX = (520, 360)
    MAX_ITERS = 5_000
    #: The lowest and highest power of ten the ladder moves by (raw houses need 10⁻⁶).
    SHIFTS = (-7, 1)

    def __init__(self, X, y, X_scaled=None, *, features="z-scored", shift=0, num_iters=1000,
                 alphas=ALPHA_LADDER, key=None):
        super().__init__()
        self.alphas = tuple(float(a) for a in as_real_array(alphas, "alphas").reshape(-1))
        if not self.alphas or min(self.alphas) <= 0 or len(self.alphas) > 8:
            raise ValueError("alphas must be 1 to 8 positive learning rates, such as "
                             "diagnostics.ALPHA_LADDER.")
        if X_scaled is None:
            X_scaled = fit_scaler(X, "zscore").transform(X)
        self.descents = {"raw": QuadraticDescent(X, y), "z-scored": QuadraticDescent(X_scaled, y)}
        self.n_weights = len(self.descents["raw"].names) - 1
        self.J_star = self.descents["z-scored"].J_star  # the lowest cost: the same for both
        self._full: dict = {}
        self._state = {"shift": shift, "features": features}
        self.shift_slider = controls._styled(widgets.IntSlider(
            value=0, min=self.SHIFTS[0], max=self.SHIFTS[1], description="ladder × 10^s",
            tooltip="Move every rung of the ladder by a power of ten: s = −6 makes 0.3 into 3×10⁻⁷",
            continuous_update=True, style=controls.SLIDER_STYLE,
            layout=widgets.Layout(**controls.SLIDER_LAYOUT)))
        self.features_toggle = controls.choice(
            features, FEATURES, description="features",
            tooltip="Run the ladder on the raw features or on their z-scores")
        self.iters_slider = self._iters(num_iters, floor=self.MAX_ITERS, step=10,
                                        tooltip="How many steps each rung takes at most")
        self._add_slider("shift", self.shift_slider, self._rungs_text(0))
        self._add_slider("features", self.features_toggle)
        self._add_slider("num_iters", self.iters_slider)
        self.shift_slider.value = self._state["shift"] = self._check_value("shift", shift)
        self.hints["shift"].value = hint_html(self._rungs_text(self._state["shift"]))
        self._finish(key=key, interval=0.12)

    # -- the numbers ---------------------------------------------------------------------------

    def ladder_alphas(self) -> list[float]:
        """The rungs now on show: the ladder times 10^shift."""
        return shifted(self.alphas, self._state["shift"])

    def _full_runs(self) -> list:
        """The ladder of the features and shift now, each rung run once at the most steps.

        Each ladder is run the first time it is shown (a few tens of ms) and kept, so a move back to
        it, or to other steps, only cuts the kept runs.
        """
        key = (self._state["features"], self._state["shift"])
        if key not in self._full:
            descent, start = self.descents[key[0]], np.zeros(self.n_weights)
            self._full[key] = [descent.run(start, 0.0, alpha, self.MAX_ITERS)
                               for alpha in self.ladder_alphas()]
        return self._full[key]

    def recompute(self, changed) -> list:
        descent, n = self.descents[self._state["features"]], self._state["num_iters"]
        self.runs = []
        for result in self._full_runs():
            run = cut(result, n, descent)
            self.runs.append((run.alpha, run, verdict(run)))
        self.safe_alpha = plots_features.largest_safe_alpha(self.runs)
        self._current = self.last_index()
        if "shift" in changed and "shift" in self.hints:
            self.hints["shift"].value = hint_html(self._rungs_text(self._state["shift"]))
        if getattr(self, "ladder_", None) is not None:
            self.ladder_.update(self.runs, self.J_star)
        if "num_iters" in changed and getattr(self, "ax_ladder", None) is not None:
            self._set_limits()
            return [self.ax_ladder]
        return []

    def last_index(self) -> int:
        return max(result.iterations for _, result, _ in self.runs)

    def click(self, k) -> None:
        """Show every curve up to iteration ``k`` (what a click on the figure at k does)."""
        self.check_open()
        self.pause()
        self.go_to(round(min(max(as_real(k, "k"), 0.0), float(self.last_index()))))

    def clicked_axes(self) -> tuple:
        return (self.ax_ladder,)

    def _rungs_text(self, shift) -> str:
        rungs = shifted(self.alphas, shift)
        return f"rungs from α = {fmt(rungs[0])} to {fmt(rungs[-1])}"

    # -- the figure ----------------------------------------------------------------------------

    def build_artists(self, fig) -> list:
        ax = self.ax_ladder = fig.add_subplot()
        self.ladder_ = plots_features.plot_ladder(ax, self.runs, J_star=self.J_star)
        ax.set_title("Every rung of the α ladder at once", fontsize=10)
        ax.set_ylabel("J − J* (log scale)")
        ax.set_ylim(1e-13, 1e8)
        ax.yaxis.set_major_formatter(FuncFormatter(power_label))  # plain text: mathtext is slow to draw
        self._set_limits()
        # Text is slow to draw (several ms a label): each rung's α and verdict are in the readout, with
        # its colour and marker; the figure's key says what the line styles and the star mean.
        key = [Line2D([], [], color="black", label=word, **style)
               for word, style in plots_features.VERDICT_STYLE.items()]
        key.append(Line2D([], [], linestyle="none", marker="*", markersize=13, color=PALETTE["minimum"],
                          markeredgecolor=PALETTE["edge"], label="largest safe α"))
        fig.legend(handles=key, loc="outside lower center", ncols=3, frameon=False, fontsize=8,
                   columnspacing=1.2, handlelength=2.6)
        return list(self.ladder_.artists)

    def _set_limits(self) -> None:
        # A round limit, at least 100: few distinct axes to draw (each is drawn once and kept).
        n = oned.round_up(max(int(self._state["num_iters"]), 100))
        self.ax_ladder.set_xlim(-0.02 * n, 1.02 * n)

    def set_artists(self) -> None:
        k = self._current
        safe_point = ([], [])
        for line, (alpha, result, _) in zip(self.ladder_.lines, self.runs, strict=True):
            index = drawn(min(k, result.iterations), self.MAX_DRAWN)[0]
            J = np.maximum(result.J_history[index] - self.J_star, FLOOR)
            line.set_data(index, J)
            line.set_markevery(max(1, index.size // 6))
            if alpha == self.safe_alpha:
                safe_point = (index[-1:], J[-1:])
        self.ladder_.safe.set_data(*safe_point)

    # -- text ------------------------------------------------------------------------------------

    def _rung_rows(self) -> str:
        """A row per rung: its marker in its colour (the figure's key), its α and its verdict."""
        cells = []
        for line, (alpha, result, word) in zip(self.ladder_.lines, self.runs, strict=True):
            glyph = GLYPHS.get(line.get_marker(), "●")
            mark = " ★" if alpha == self.safe_alpha else ""
            colour = OUTCOME_STYLE["diverged" if word == "diverged" else result.outcome][1]
            cells.append(f"<tr><td style='padding-right: 10px'><span aria-hidden='true' style='color: "
                         f"{line.get_color()}'>{glyph}</span> α = {fmt(alpha)}{mark}</td>"
                         f"<td style='color: {colour}'>{html.escape(verdict_text(word, result))}</td></tr>")
        return f"<table style='border-collapse: collapse; line-height: 1.35'>{''.join(cells)}</table>"

    def _safe_row(self) -> str:
        if self.safe_alpha is None:
            worst = {word for _, _, word in self.runs}
            advice = "move the ladder down (lower s)" if worst == {"diverged"} else "move the ladder"
            return threshold_span(f"<b>largest safe α</b>: none on this ladder; {advice}")
        result = next(r for a, r, _ in self.runs if a == self.safe_alpha)
        how = f"converges in {steps(result.stopped_at)}" if result.converged else "still slow"
        return f"<b>largest safe α</b> = {fmt(self.safe_alpha)} ({how})"

    def readout_html(self) -> str:
        s, k, last = self._state, self._current, self.last_index()
        where = f"<b>iteration</b> k = {k:,} of {last:,} (at most {s['num_iters']:,})"
        return lines(
            f"<b>features</b>: {s['features']}; <b>rungs</b>: the ladder × {power_label(10.0 ** s['shift'])}",
            where,
            self._rung_rows(),
            self._safe_row(),
            *capped_rows(self, k),
        )

    def describe(self) -> str:
        s = self._state
        verdicts = "; ".join(f"α = {fmt(a)} {w}" for a, _, w in self.runs)
        safe = "none is safe" if self.safe_alpha is None else f"the largest safe α is {fmt(self.safe_alpha)}"
        return (f"The α ladder on the {s['features']} features, {s['num_iters']:,} steps at most: the "
                f"learning curves of J − J* on a log scale, one per rung ({verdicts}); {safe}, drawn thick "
                "and starred.")
