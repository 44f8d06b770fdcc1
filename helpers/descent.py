"""Gradient descent for linear regression, and for any cost of one parameter.

Pure NumPy: no plotting, no printing, no module state. Every function returns its results;
nothing reads a global learning rate or a hidden starting point. How a run ends (converged,
diverged, stalled, out of steps) is decided by the one rule in ``helpers._stopping``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._learner import learner_number
from ._stopping import (
    DIVERGENCE_FACTOR,
    GRADIENT_TOL,
    OUTCOMES,
    STALL_TOL,
    describe,
    divergence_limit,
    is_stalled,
    slope_is_flat,
)
from ._validate import (
    as_real,
    as_real_array,
    check_alpha,
    check_data,
    check_num_iters,
    check_tol,
    finite_or_raise,
)

__all__ = [
    "DIVERGENCE_FACTOR",
    "GRADIENT_TOL",
    "OUTCOMES",
    "STALL_TOL",
    "DescentResult",
    "compute_cost",
    "compute_gradient",
    "cost_grid",
    "cost_hessian",
    "descend_many",
    "gradient_descent",
    "gradient_descent_1d",
    "least_squares",
    "max_stable_alpha",
    "predict",
    "step",
]

_SCALE_FIX = "scale the feature first (for example divide x by its largest value), or use smaller numbers."


@dataclass(frozen=True, eq=False)
class DescentResult:
    """Everything one run of gradient descent produced.

    ``p_history[k]`` holds the parameters after ``k`` iterations (row 0 is the start) and
    ``J_history[k]`` the cost there, so both have ``iterations + 1`` rows. A diverged run keeps
    only the finite points: nothing in the history is ever NaN or inf. ``outcome`` is one of
    ``OUTCOMES``; ``gradient`` and ``start_gradient`` hold the slope at the last point and at the
    start.
    """

    p_history: np.ndarray
    J_history: np.ndarray
    outcome: str
    stopped_at: int
    alpha: float
    gradient: np.ndarray
    start_gradient: np.ndarray
    names: tuple[str, ...] = ("w", "b")

    def __post_init__(self):
        if self.outcome not in OUTCOMES:
            raise ValueError(f"outcome is {self.outcome!r}; it must be one of {OUTCOMES}.")

    @property
    def converged(self) -> bool:
        """The slope at the end is close to zero: the run arrived at a flat point."""
        return self.outcome == "converged"

    @property
    def diverged(self) -> bool:
        return self.outcome == "diverged"

    @property
    def stalled(self) -> bool:
        """Steps became too small to make progress while the slope was still large."""
        return self.outcome == "stalled"

    @property
    def out_of_steps(self) -> bool:
        return self.outcome == "out_of_steps"

    @property
    def iterations(self) -> int:
        """How many finite steps are in the history."""
        return len(self.J_history) - 1

    @property
    def w(self) -> float:
        """The last finite w."""
        return float(self.p_history[-1, 0])

    @property
    def b(self) -> float | None:
        """The last finite b (None for a one-parameter cost)."""
        return float(self.p_history[-1, 1]) if self.p_history.shape[1] > 1 else None

    @property
    def w_history(self) -> np.ndarray:
        return self.p_history[:, 0]

    @property
    def b_history(self) -> np.ndarray | None:
        return self.p_history[:, 1] if self.p_history.shape[1] > 1 else None

    @property
    def J(self) -> float:
        """The cost at the last finite point."""
        return float(self.J_history[-1])

    @property
    def slope(self):
        """The slope at the last point: dJ/dw for one parameter, [dj_dw, dj_db] for two."""
        return float(self.gradient[0]) if self.gradient.size == 1 else self.gradient.copy()

    @property
    def start_slope(self):
        """The slope at the start, in the same form as ``slope``."""
        g = self.start_gradient
        return float(g[0]) if g.size == 1 else g.copy()

    @property
    def moved(self) -> float:
        """How far the parameters are from where they started (a straight-line distance)."""
        return float(np.linalg.norm(self.p_history[-1] - self.p_history[0]))

    @property
    def status(self) -> str:
        """One line for a learner: how the run ended and what to change."""
        if self.stopped_at == 0 and self.converged:
            slope = float(np.linalg.norm(self.gradient))
            size = "exactly 0" if slope == 0 else f"{slope:.2g}, close to 0"
            return f"converged at the start: the slope there is already {size}, so descent stays put"
        size = float(np.linalg.norm(self.gradient))
        slope = float(self.gradient[0]) if self.gradient.size == 1 else size
        return describe(
            self.outcome, self.stopped_at, alpha=self.alpha, slope=slope, moved=self.moved,
            name=self.names[0] if len(self.names) == 1 else "(w, b)",
        )

    def __repr__(self) -> str:
        values = ", ".join(f"{n}={v:.6g}" for n, v in zip(self.names, self.p_history[-1], strict=True))
        return f"DescentResult({values}, J={self.J:.6g}, {self.status})"


def step(w, dj_dw, alpha):
    """One gradient descent update, ``w - alpha * dj_dw``, for numbers or arrays.

    Introduced in Episode 1.
    """
    alpha = check_alpha(alpha)
    w_arr = np.asarray(w)
    slope_arr = np.asarray(dj_dw)
    for name, value, arr in (("w", w, w_arr), ("dj_dw", dj_dw, slope_arr)):
        if arr.ndim == 0:
            as_real(value, name)
        elif arr.dtype.kind not in "iuf" or not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must hold finite real numbers; got {value!r}.")
    return w - alpha * dj_dw


def predict(x, w, b):
    """The linear model f(x) = w·x + b, for one x or an array of them. Introduced in Episode 5."""
    x = as_real_array(x, "x")
    return as_real(w, "w") * x + as_real(b, "b")


def _errors(x, y, w, b) -> np.ndarray:
    """The prediction errors f(xᵢ) − yᵢ, refused with a message if they overflow."""
    with np.errstate(all="ignore"):
        errors = w * x + b - y
    return finite_or_raise(errors, "the predictions w·x + b", _SCALE_FIX)


def compute_cost(x, y, w, b) -> float:
    """Squared-error cost J(w, b) = (1/2m) Σ (w·xᵢ + b − yᵢ)². Introduced in Episode 5."""
    x, y = check_data(x, y)
    errors = _errors(x, y, as_real(w, "w"), as_real(b, "b"))
    with np.errstate(all="ignore"):
        cost = errors @ errors / (2 * x.size)
    return float(finite_or_raise(cost, "the cost J(w, b)", _SCALE_FIX))


def compute_gradient(x, y, w, b) -> tuple[float, float]:
    """The partial derivatives (dJ/dw, dJ/db) of the squared-error cost. Introduced in Episode 5."""
    x, y = check_data(x, y)
    errors = _errors(x, y, as_real(w, "w"), as_real(b, "b"))
    with np.errstate(all="ignore"):
        gradient = np.array([errors @ x, errors.sum()]) / x.size
    dj_dw, dj_db = finite_or_raise(gradient, "the gradient (dj_dw, dj_db)", _SCALE_FIX)
    return float(dj_dw), float(dj_db)


def cost_grid(x, y, w_values, b_values) -> np.ndarray:
    """J(w, b) at every pair of a grid: ``w_values`` and ``b_values`` broadcast against each other.

    Uses the sums of x, x², y, x·y and y² once, so the price of a grid does not depend on the
    number of data points and there is no loop over grid cells. The data are centred first, so
    large, nearly equal x values keep their precision.
    """
    x, y = check_data(x, y)
    w = np.asarray(w_values, dtype=float)
    b = np.asarray(b_values, dtype=float)
    m = x.size
    with np.errstate(all="ignore"):
        x_mean, y_mean = x.mean(), y.mean()
        xc, yc = x - x_mean, y - y_mean
        sxx, sxy, syy = xc @ xc, xc @ yc, yc @ yc
        # With the data centred, J splits into a part for w alone and one for the mean error.
        mean_error = w * x_mean + b - y_mean
        total = w * w * sxx - 2 * w * sxy + syy + m * mean_error * mean_error
        grid = np.maximum(total, 0.0) / (2 * m)
    return finite_or_raise(grid, "the cost grid", _SCALE_FIX + " Or choose a smaller range of w and b.")


def least_squares(x, y) -> tuple[float, float]:
    """The (w, b) that minimise the squared-error cost exactly.

    Solved with x centred on its mean, so that x values that are large and nearly equal (say
    10¹⁵ + 1, 10¹⁵ + 2, …) lose no precision: w = Σ(xᵢ − x̄)(yᵢ − ȳ) / Σ(xᵢ − x̄)², b = ȳ − w·x̄.
    """
    x, y = check_data(x, y)
    with np.errstate(all="ignore"):
        x_mean, y_mean = x.mean(), y.mean()
        xc = x - x_mean
        sxx = xc @ xc
        w = (xc @ (y - y_mean)) / sxx if sxx > 0 else np.nan
        b = y_mean - w * x_mean
    if sxx == 0:
        raise ValueError(
            "every x is the same, so no single line fits best: any w works with the right b. "
            "Add examples with different x."
        )
    w, b = finite_or_raise(np.array([w, b]), "the least-squares line", _SCALE_FIX)
    return float(w), float(b)


def cost_hessian(x) -> np.ndarray:
    """The constant 2×2 matrix of second derivatives of J(w, b) for inputs ``x``."""
    x, _ = check_data(x, np.zeros(np.shape(x)))
    m = x.size
    with np.errstate(all="ignore"):
        hessian = np.array([[x @ x, x.sum()], [x.sum(), m]]) / m
    return finite_or_raise(hessian, "the curvature (Hessian) of J", _SCALE_FIX)


def max_stable_alpha(x) -> float:
    """The learning rate above which descent on this data diverges: 2 / largest Hessian eigenvalue.

    Below it every step lowers the cost; at exactly this α the slowest direction oscillates
    forever; above it the cost grows without bound. Introduced in Episode 5.
    """
    largest = float(np.linalg.eigvalsh(cost_hessian(x))[-1])
    return 2.0 / largest


class _History:
    """Rows of parameters and costs, kept in arrays that grow as the run goes on.

    Memory grows with the steps actually taken, never with ``num_iters`` up front.
    """

    def __init__(self, p0, J0, num_iters):
        size = min(num_iters + 1, 1024)
        self.p = np.empty((size, len(p0)))
        self.J = np.empty(size)
        self.n = 0
        self.add(p0, J0)

    def add(self, p, J) -> None:
        if self.n == len(self.J):
            self.p = np.concatenate([self.p, np.empty_like(self.p)])
            self.J = np.concatenate([self.J, np.empty_like(self.J)])
        self.p[self.n] = p
        self.J[self.n] = J
        self.n += 1

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        return self.p[: self.n].copy(), self.J[: self.n].copy()


def gradient_descent(x, y, w_in, b_in, alpha, num_iters, *, tol=GRADIENT_TOL) -> DescentResult:
    """Fit f(x) = w·x + b by gradient descent on the squared-error cost. Introduced in Episode 5.

    w and b are updated simultaneously from derivatives taken at the same point. The run stops
    early once it converges, diverges or stalls (see ``helpers._stopping``); ``tol`` is the
    fraction of the starting slope below which it counts as converged (0: run every step).
    """
    x, y = check_data(x, y)
    p = np.array([as_real(w_in, "w_in"), as_real(b_in, "b_in")])
    alpha = check_alpha(alpha)
    num_iters = check_num_iters(num_iters)
    tol = check_tol(tol)
    m = x.size

    def cost_and_gradient(p):
        errors = p[0] * x + p[1] - y
        return float(errors @ errors / (2 * m)), np.array([errors @ x, errors.sum()]) / m

    with np.errstate(all="ignore"):
        J, g = cost_and_gradient(p)
    if not (np.isfinite(J) and np.all(np.isfinite(g))):
        raise ValueError(f"the cost at the start (w={p[0]:g}, b={p[1]:g}) overflowed; {_SCALE_FIX}")
    g0_size, limit, history = float(np.linalg.norm(g)), divergence_limit(J), _History(p, J, num_iters)
    outcome, g0 = "out_of_steps", g
    if slope_is_flat(g0_size, g0_size, J, float(np.linalg.norm(p)), tol):
        outcome, num_iters = "converged", 0
    stopped_at = 0
    for k in range(1, num_iters + 1):
        stopped_at = k
        p_new = p - alpha * g  # both derivatives were taken at the old point: a simultaneous update
        with np.errstate(all="ignore"):
            J_new, g_new = cost_and_gradient(p_new)
        if not (np.isfinite(J_new) and np.all(np.isfinite(p_new))):
            outcome = "diverged"
            break
        history.add(p_new, J_new)
        if abs(J_new) > limit or not np.all(np.isfinite(g_new)):
            g, outcome = g_new, "diverged"
            break
        if slope_is_flat(float(np.linalg.norm(g_new)), g0_size, J_new, float(np.linalg.norm(p_new)), tol):
            p, g, outcome = p_new, g_new, "converged"
            break
        if is_stalled(p_new - p, p, float(np.linalg.norm(g_new)), g0_size, tol):
            p, g, outcome = p_new, g_new, "stalled"
            break
        p, g = p_new, g_new
    p_history, J_history = history.arrays()
    return DescentResult(
        p_history, J_history, outcome, stopped_at, alpha, np.array(g), np.array(g0), ("w", "b")
    )


def gradient_descent_1d(
    J: Callable, dJ_dw: Callable, w_in, alpha, num_iters, *, tol=GRADIENT_TOL
) -> DescentResult:
    """Gradient descent on any differentiable cost J(w) of one parameter. Introduced in Episode 1.

    ``J`` and ``dJ_dw`` take w and return numbers. The result has the same shape and outcomes as
    ``gradient_descent``; its ``b`` is None. The loop runs on plain floats, so a live figure can
    call it on every slider move. If ``J`` or ``dJ_dw`` returns something that is not a number
    (None, text, an array, NaN at an ordinary w), the error names that function.
    """
    if not (callable(J) and callable(dJ_dw)):
        raise TypeError("J and dJ_dw must be functions of w, e.g. J=lambda w: (w - 3) ** 2.")
    w = as_real(w_in, "w_in")
    alpha = check_alpha(alpha)
    num_iters = check_num_iters(num_iters)
    tol = check_tol(tol)
    with np.errstate(all="ignore"):
        return _descend_floats(J, dJ_dw, w, alpha, num_iters, tol)


def _descend_floats(J, dJ_dw, w, alpha, num_iters, tol) -> DescentResult:
    """The 1-D loop itself, on Python floats (inputs already checked)."""
    cost = learner_number(J, "J", w, at_start=True)
    if not np.isfinite(cost):
        raise ValueError(f"the cost at the start, J({w:g}), is {cost}; pick another start.")
    g = g0 = learner_number(dJ_dw, "dJ_dw", w, at_start=True)
    limit = divergence_limit(cost)
    ws, costs = [w], [cost]
    outcome, stopped_at = "out_of_steps", 0
    if slope_is_flat(abs(g0), abs(g0), cost, abs(w), tol):
        outcome, num_iters = "converged", 0
    for k in range(1, num_iters + 1):
        stopped_at = k
        try:
            w_new = w - alpha * g
            cost = learner_number(J, "J", w_new)
        except (OverflowError, FloatingPointError):
            outcome = "diverged"
            break
        if not (np.isfinite(cost) and np.isfinite(w_new)):
            outcome = "diverged"
            break
        ws.append(w_new)
        costs.append(cost)
        try:
            g_new = learner_number(dJ_dw, "dJ_dw", w_new)
        except (OverflowError, FloatingPointError):
            g_new = float("inf")
        if abs(cost) > limit or not np.isfinite(g_new):
            g, outcome = g_new, "diverged"
            break
        if slope_is_flat(abs(g_new), abs(g0), cost, abs(w_new), tol):
            w, g, outcome = w_new, g_new, "converged"
            break
        if is_stalled(w_new - w, w, abs(g_new), abs(g0), tol):
            w, g, outcome = w_new, g_new, "stalled"
            break
        w, g = w_new, g_new
    return DescentResult(
        np.array(ws)[:, None], np.array(costs), outcome, stopped_at, alpha,
        np.array([g]), np.array([g0]), ("w",),
    )


def descend_many(dJ_dw: Callable, w_starts, alpha, num_iters) -> tuple[np.ndarray, np.ndarray]:
    """Run 1-D descent from many starts at once, with one array operation per iteration.

    Returns ``(w_final, diverged)``: where a run left the finite numbers, ``diverged`` is True
    and its ``w_final`` is NaN. ``dJ_dw`` must accept arrays. Introduced in Episode 4.
    """
    w = np.array(w_starts, dtype=float, ndmin=1)
    if w.size == 0 or not np.all(np.isfinite(w)):
        raise ValueError("w_starts must hold at least one start, all finite numbers.")
    alpha = check_alpha(alpha)
    num_iters = check_num_iters(num_iters)
    diverged = np.zeros(w.shape, dtype=bool)
    with np.errstate(all="ignore"):
        for _ in range(num_iters):
            w = w - alpha * dJ_dw(w)
            bad = ~np.isfinite(w)
            if bad.any():
                diverged |= bad
                w[bad] = np.nan
    return w, diverged
