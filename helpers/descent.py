"""Gradient descent for linear regression, and for any cost of one parameter.

Pure NumPy: no plotting, no printing, no module state. Every function returns its results;
nothing reads a global learning rate or a hidden starting point. How a run ends (converged,
diverged, stalled, out of steps) is decided by the one rule in ``helpers._stopping``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from ._learner import learner_number
from ._stopping import (
    DIVERGENCE_FACTOR,
    GRADIENT_TOL,
    OUTCOMES,
    STALL_TOL,
    divergence_limit,
    is_stalled,
    slope_is_flat,
)
from ._validate import (
    as_real,
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
    "condition_number",
    "curvatures",
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

from .linear import SCALE_FIX as _SCALE_FIX
from .linear import (  # the linear model lives in its own module; these names stay importable here
    compute_cost,
    compute_gradient,
    condition_number,
    cost_hessian,
    curvatures,
    gradient_descent,
    least_squares,
    max_stable_alpha,
    predict,
)
from .result import DescentResult


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
    """The 1-D loop itself, on Python floats (inputs already checked; ``math.isfinite`` is many
    times quicker than NumPy's on a single float)."""
    cost = learner_number(J, "J", w, at_start=True)
    if not math.isfinite(cost):
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
            w_new = cost = float("inf")
        if not (math.isfinite(cost) and math.isfinite(w_new)):
            outcome = "diverged"
            break
        ws.append(w_new)
        costs.append(cost)
        try:
            g_new = learner_number(dJ_dw, "dJ_dw", w_new)
        except (OverflowError, FloatingPointError):
            g_new = float("inf")
        if abs(cost) > limit or not math.isfinite(g_new):
            g, outcome = g_new, "diverged"
            break
        if slope_is_flat(abs(g_new), abs(g0), cost, abs(w_new), tol):
            w, g, outcome = w_new, g_new, "converged"
            break
        if is_stalled(w_new - w, w, abs(g_new), abs(g0), tol):
            w, g, outcome = w_new, g_new, "stalled"
            break
        w, g = w_new, g_new
    return DescentResult(np.array(ws)[:, None], np.array(costs), outcome, stopped_at, alpha,
                         np.array([g]), np.array([g0]), ("w",))


#: descend_many looks this often for a fixed point (every run left exactly where it was).
FIXED_POINT_EVERY = 8


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
    with np.errstate(all="ignore"):
        for k in range(num_iters):
            before, w = w, w - alpha * dJ_dw(w)
            # Every start at a point the step leaves exactly where it is: so will every later step.
            if k % FIXED_POINT_EVERY == 0 and np.array_equal(w, before, equal_nan=True):
                break
    # A run that left the finite numbers never comes back (inf − inf is NaN, and NaN stays NaN),
    # so one look at the end finds every run that diverged.
    diverged = ~np.isfinite(w)
    w[diverged] = np.nan
    return w, diverged
