"""PolynomialExplorer: a curve fitted by gradient descent on the powers of x (Episode 7)."""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import FuncFormatter

from .. import plots, plots_features
from .._validate import as_real, as_real_array
from ..fastpath import QuadraticDescent
from ..linear import compute_cost, condition_number, least_squares, max_stable_alpha
from ..plots import OUTCOME_STYLE, PALETTE
from ..scaling import polynomial_features
from . import controls, oned
from .base import Explorer
from .ladder import hint_html, power_label
from .readout import capped_rows, drawn, fmt, iteration_row, lines

#: The scaling choices: the powers of x as they are, or of z = (x − mean) / standard deviation.
SCALINGS = (("off: x, x², …", "off"), ("on: z, z², …", "on"))
#: Where the fitted curve is drawn at most (a diverging run leaves the chart, never overflows it).
CURVE_LIMIT = 1e6


@dataclass(frozen=True, eq=False)
class Design:
    """One design matrix (a degree, scaled or not): its columns for the training points, the
    held-back points and the drawing grid, its descent (closed form) and its exact fit."""

    degree: int
    scaled: bool
    train: np.ndarray
    held: np.ndarray | None
    grid: np.ndarray
    descent: QuadraticDescent
    alpha_max: float
    kappa: float
    exact_curve: np.ndarray
    exact_costs: tuple  # (J on the training points, J on the held-back points or None) of the exact fit


def _powers(values, degree, centre, spread):
    return polynomial_features((np.asarray(values, float) - centre) / spread, degree)


def make_design(x, y, x_held, y_held, grid, degree: int, scaled: bool) -> Design:
    """The ``Design`` of ``degree`` (powers of z = (x − mean) / std when ``scaled``)."""
    centre, spread = (float(np.mean(x)), float(np.std(x))) if scaled else (0.0, 1.0)
    train = _powers(x, degree, centre, spread)
    held = None if x_held is None else _powers(x_held, degree, centre, spread)
    grid_powers = _powers(grid, degree, centre, spread)
    # The exact fit of the same curves, computed on the scaled powers (the raw ones lose every digit
    # by degree 10); both span the same polynomials, so it is the same curve.
    z_train = _powers(x, degree, float(np.mean(x)), float(np.std(x)))
    w, b = least_squares(z_train, y)
    exact = _powers(grid, degree, float(np.mean(x)), float(np.std(x))) @ w + b
    costs = (compute_cost(z_train, y, w, b), None if y_held is None else compute_cost(
        _powers(x_held, degree, float(np.mean(x)), float(np.std(x))), y_held, w, b))
    with np.errstate(all="ignore"):
        kappa = condition_number(train)
    return Design(degree, scaled, train, held, grid_powers, QuadraticDescent(train, y),
                  max_stable_alpha(train), kappa if kappa > 0 else math.inf, exact, costs)


def alpha_range(alpha_max: float) -> tuple[float, float]:
    """The α slider's range for a design: from a round decade 10⁴ below its largest stable α to twice it."""
    return 10.0 ** math.floor(math.log10(alpha_max * 1e-4)), 2.0 * alpha_max


def safe_alpha(alpha_max: float) -> float:
    """The largest round α (a notch of the slider) at or below half the largest stable α."""
    return max(a for a in controls.alpha_notches(*alpha_range(alpha_max)) if a <= alpha_max / 2)


class PolynomialExplorer(Explorer):
    """Polynomial regression by gradient descent (Episode 7): the training points, the held-back
    ones (hollow), the curve after k steps and the exact least-squares curve of the same degree;
    beside it the cost on the training points and on the held-back ones against iteration. The
    controls set α (its range follows the largest stable α of the design), the degree, whether x
    is scaled before taking its powers, and the number of steps; Step / Play / Reset walk the run,
    and a click on the learning curves shows the fit at the iteration clicked.

    Artists: ``ax_fit``, ``ax_history``, ``fit_`` (a ``plots_features.CurveFitArtists``: ``.train``,
    ``.held_out``, ``.curve``), ``exact_``, ``history_``, ``held_history_``, ``history_point_``.
    """

    SLIDERS = ("alpha", "degree", "scaling", "num_iters")
    FIGURE_PX = (520, 360)
    MAX_ITERS = 10_000
    DEGREES = (1, 10)
    #: The cost axis of the learning curves (fixed, so no move redraws it).
    J_LIMITS = (10.0, 1e7)

    def __init__(self, x, y, x_held=None, y_held=None, *, degree=3, scaling="on", alpha=0.1, num_iters=5000,
                 xlabel="x", ylabel="y", key=None):
        super().__init__()
        self.labels = (str(xlabel), str(ylabel))
        self.x = as_real_array(x, "x").reshape(-1)
        self.y = as_real_array(y, "y").reshape(-1)
        if (x_held is None) != (y_held is None):
            raise ValueError("pass both x_held and y_held (the held-back points), or neither.")
        self.x_held = None if x_held is None else as_real_array(x_held, "x_held").reshape(-1)
        self.y_held = None if y_held is None else as_real_array(y_held, "y_held").reshape(-1)
        everything = self.x if self.x_held is None else np.concatenate([self.x, self.x_held])
        self.grid = np.linspace(everything.min(), everything.max(), 200)
        # Every design once (20 closed forms of at most 11 parameters: a few ms each).
        self.designs = {(d, s): make_design(self.x, self.y, self.x_held, self.y_held, self.grid, d, s == "on")
                        for d in range(self.DEGREES[0], self.DEGREES[1] + 1) for _, s in SCALINGS}
        self.degree_slider = controls._styled(widgets.IntSlider(
            value=self.DEGREES[0], min=self.DEGREES[0], max=self.DEGREES[1], description="degree",
            tooltip="The highest power of x used as a feature", continuous_update=True,
            style=controls.SLIDER_STYLE, layout=widgets.Layout(**controls.SLIDER_LAYOUT)))
        self.scaling_toggle = controls.choice(scaling, SCALINGS, description="scale x first",
                                              tooltip="Take the powers of x itself, or of its z-score")
        self.iters_slider = self._iters(num_iters, floor=self.MAX_ITERS, step=10,
                                        tooltip="How many steps to take at most")
        self._state = {"degree": self.DEGREES[0], "scaling": scaling, "num_iters": self.iters_slider.value}
        degree = controls.check_value("degree", self.degree_slider, degree, most=self.MAX_ITERS)
        self.degree_slider.value = self._state["degree"] = degree
        lo, hi = alpha_range(self.design.alpha_max)
        self.alpha_slider = controls.alpha_slider(as_real(alpha, "alpha"), lo, hi)
        self._state["alpha"] = self.alpha_slider.value
        self._add_slider("alpha", self.alpha_slider, self._threshold_text())
        self._add_slider("degree", self.degree_slider)
        self._add_slider("scaling", self.scaling_toggle)
        self._add_slider("num_iters", self.iters_slider)
        self._finish(key=key, interval=0.12)

    # -- the numbers ---------------------------------------------------------------------------

    @property
    def design(self) -> Design:
        """The design matrix now on show (its degree and scaling)."""
        return self.designs[self._state["degree"], self._state["scaling"]]

    def alpha_range_for(self, degree: int, scaling: str) -> tuple[float, float]:
        """The α slider's range when showing ``degree`` with ``scaling``."""
        return alpha_range(self.designs[degree, scaling].alpha_max)

    def _threshold_text(self) -> str:
        return f"diverges above α = {fmt(self.design.alpha_max)}"

    def update(self, **values) -> None:
        """As ``Explorer.update``; with a new degree or scaling, α is checked against that design's range."""
        design = {name: values.pop(name) for name in ("degree", "scaling") if name in values}
        if design and "alpha" in values:
            self.check_open()
            new = {name: self._check_value(name, value) for name, value in design.items()}
            new = {**self._state, **new}
            lo, hi = self.alpha_range_for(new["degree"], new["scaling"])
            alpha = as_real(values["alpha"], "alpha")
            if not lo <= alpha <= hi:
                raise ValueError(f"alpha = {alpha:g} is outside the slider's range at degree {new['degree']} "
                                 f"with scaling {new['scaling']} ({lo:.4g} to {hi:.4g}); pick one inside it.")
        if design:
            super().update(**design)
        if values:
            super().update(**values)

    def _follow_design(self) -> None:
        """The α slider's range follows the design; an α outside it moves to a safe round one."""
        lo, hi = alpha_range(self.design.alpha_max)
        alpha = self._state["alpha"]
        self.alpha_note = ""
        if not lo <= alpha <= hi:
            alpha = safe_alpha(self.design.alpha_max)
            self.alpha_note = (f"<i>α moved from {fmt(self._state['alpha'])} to {fmt(alpha)}: the old one is "
                               "outside this design's range</i>")
        notches = sorted({*controls.alpha_notches(lo, hi), alpha})
        with self._hold():
            self.alpha_slider.alpha_range = (lo, hi)
            self.alpha_slider.options = [(fmt(a), a) for a in notches]
            self.alpha_slider.value = alpha
        self._state["alpha"] = alpha
        self.hints["alpha"].value = hint_html(self._threshold_text())

    def recompute(self, changed) -> list:
        if {"degree", "scaling"} & set(changed):
            self._follow_design()
        s, design = self._state, self.design
        self.result = design.descent.run(np.zeros(design.degree), 0.0, s["alpha"], s["num_iters"])
        self.held_history = None
        if design.held is not None:
            P = self.result.p_history
            with np.errstate(all="ignore"):
                errors = design.held @ P[:, :-1].T + P[:, -1] - self.y_held[:, None]
                self.held_history = (errors * errors).mean(axis=0) / 2
        self._current = self.result.iterations
        if "num_iters" in changed and getattr(self, "ax_history", None) is not None:
            self._set_limits()
            return [self.ax_history]
        return []

    # -- the figure ----------------------------------------------------------------------------

    def build_artists(self, fig) -> list:
        grid = fig.add_gridspec(1, 2, width_ratios=[1.2, 1])
        ax, hx = self.ax_fit, self.ax_history = fig.add_subplot(grid[0]), fig.add_subplot(grid[1])
        self.fit_ = plots_features.plot_curve_fit(ax, self.x, self.y, self.grid, self.grid * 0.0,
                                                  x_held=self.x_held, y_held=self.y_held,
                                                  label="gradient descent, step k")
        (self.exact_,) = ax.plot(self.grid, self.design.exact_curve, color="black", linestyle=":",
                                 linewidth=1.6, zorder=4, label="least squares (exact)")
        everything = self.y if self.y_held is None else np.concatenate([self.y, self.y_held])
        ax.set(xlim=(self.grid[0], self.grid[-1]), ylim=(0.0, 1.3 * float(everything.max())))
        ax.set(xlabel=self.labels[0], ylabel=self.labels[1])
        ax.set_title("The fitted curve", fontsize=10)
        self.history_ = plots.plot_cost_history(hx, self.result.J_history, marker="", color=PALETTE["data"],
                                                label="J on the training points")
        (self.held_history_,) = hx.plot([], [], color=PALETTE["current"], linestyle="--", linewidth=1.6,
                                        label="J on the held-back points")
        self.history_point_ = plots.plot_current(hx, markersize=8, label="_nolegend_")
        hx.set_yscale("log")
        hx.set_ylim(self.J_LIMITS)
        hx.yaxis.set_major_formatter(FuncFormatter(power_label))  # plain text: mathtext is slow to draw
        hx.set_ylabel("cost J (log scale)")
        hx.set_title("Learning curves", fontsize=10)
        self._set_limits()
        handles = [h for a in (ax, hx) for h in a.get_legend_handles_labels()[0]]
        fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False, fontsize=8)
        return [self.fit_.curve, self.exact_, self.history_, self.held_history_, self.history_point_]

    def click(self, k) -> None:
        """Show the fit after ``k`` steps (what a click on the learning curves at iteration k does)."""
        self.check_open()
        self.pause()
        self.go_to(round(min(max(as_real(k, "k"), 0.0), float(self.last_index()))))

    def clicked_axes(self) -> tuple:
        return (self.ax_history,)

    def _set_limits(self) -> None:
        n = oned.round_up(max(int(self._state["num_iters"]), 100))
        self.ax_history.set_xlim(-0.02 * n, 1.02 * n)

    def curve_at(self, k: int) -> np.ndarray:
        """The fitted curve after k steps, on the drawing grid (ages from the lowest to the highest)."""
        p = self.result.p_history[k]
        with np.errstate(all="ignore"):
            return self.design.grid @ p[:-1] + p[-1]

    def set_artists(self) -> None:
        k, result = self._current, self.result
        curve = np.clip(self.curve_at(k), -CURVE_LIMIT, CURVE_LIMIT)
        self.fit_.update(self.grid, np.where(np.isfinite(curve), curve, CURVE_LIMIT))
        self.exact_.set_ydata(self.design.exact_curve)
        index = drawn(k, self.MAX_DRAWN)[0]
        self.history_.set_data(index, np.minimum(result.J_history[index], 1e30))
        if self.held_history is not None:
            held = self.held_history[index]
            self.held_history_.set_data(index, np.where(np.isfinite(held), np.minimum(held, 1e30), 1e30))
        self.history_point_.set_data([k], [min(float(result.J_history[k]), 1e30)])

    # -- text ------------------------------------------------------------------------------------

    def costs_at(self, k: int) -> tuple[float, float | None]:
        """(J on the training points, J on the held-back points or None) after k steps."""
        held = None if self.held_history is None else float(self.held_history[k])
        return float(self.result.J_history[k]), held

    def _status_html(self, k: int) -> str:
        result = self.result
        words, colour = OUTCOME_STYLE[result.outcome]
        where = "" if k == result.iterations else f" (showing step {k:,} of {result.iterations:,})"
        return (f'<b class="gd-outcome" data-outcome="{result.outcome}" style="color: {colour}">'
                f"{html.escape(result.status)}</b>{where}")

    def readout_html(self) -> str:
        s, d, k = self._state, self.design, self._current
        train, held = self.costs_at(k)
        kappa = "too large to compute" if not math.isfinite(d.kappa) or d.kappa > 1e16 else fmt(d.kappa)
        held_text = "" if held is None else f", on the {self.x_held.size} held back: {fmt(held)}"
        exact_train, exact_held = d.exact_costs
        exact_text = "" if exact_held is None else f", held back: {fmt(exact_held)}"
        return lines(
            f"<b>α</b> = {fmt(s['alpha'])} (diverges above {fmt(d.alpha_max)})",
            f"<b>degree</b> {d.degree}, features {'z, z², …' if d.scaled else 'x, x², …'}; "
            f"<b>condition number</b> {kappa}",
            iteration_row(self.result, k, s["num_iters"]),
            f"<b>J</b> on the {self.x.size} training points: {fmt(train)}{held_text}",
            f"least squares (exact): J = {fmt(exact_train)}{exact_text}",
            self._status_html(k),
            self.alpha_note,
            *capped_rows(self, k),
        )

    def describe(self) -> str:
        s, d = self._state, self.design
        return (f"A degree-{d.degree} polynomial fitted by gradient descent with α = {fmt(s['alpha'])}, "
                f"scaling {s['scaling']}: {self.result.status}; the training points, the held-back points, "
                "the fitted and the exact least-squares curve, and the cost on both sets against iteration.")
