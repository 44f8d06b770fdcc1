"""Instant checks for Episode 5, gradient descent for linear regression.

Each ``check_…`` takes the learner's function or value and returns a ``CheckResult`` whose
message names the typical mistake it saw: a sign error, forgetting to divide by m, updating w
before b's derivative is computed, or a learning rate out of range.
"""

from __future__ import annotations

import numpy as np

from ..data import load_houses
from ..descent import compute_gradient, gradient_descent, max_stable_alpha
from . import CheckResult, check_function, failed, passed
from .episode4 import _as_number

# Small data sets the learner's functions are tried on: the two houses, and three made-up ones
# with uneven sizes so that no wrong formula gives the right numbers by luck.
_TWO_X, _TWO_Y = np.array([1.0, 2.0]), np.array([300.0, 500.0])
_THREE_X, _THREE_Y = np.array([0.5, 1.5, 3.0]), np.array([150.0, 420.0, 700.0])
_FIVE_X = np.array([0.8, 1.1, 1.9, 2.4, 3.3])
_FIVE_Y = np.array([240.0, 310.0, 460.0, 530.0, 790.0])


def _gradient_cases():
    return [
        (_TWO_X.copy(), _TWO_Y.copy(), 0.0, 0.0),
        (_TWO_X.copy(), _TWO_Y.copy(), 150.0, 20.0),
        (_THREE_X.copy(), _THREE_Y.copy(), 100.0, -30.0),
        (_FIVE_X.copy(), _FIVE_Y.copy(), 250.0, 60.0),
    ]


def _reference_gradient(x, y, w, b):
    return compute_gradient(x, y, w, b)


def _gradient_sign_error(x, y, w, b):
    dj_dw, dj_db = compute_gradient(x, y, w, b)
    return -dj_dw, -dj_db


def _gradient_no_mean(x, y, w, b):
    dj_dw, dj_db = compute_gradient(x, y, w, b)
    return dj_dw * len(x), dj_db * len(x)


def _gradient_two_m(x, y, w, b):
    dj_dw, dj_db = compute_gradient(x, y, w, b)
    return dj_dw / 2, dj_db / 2


def _gradient_no_x(x, y, w, b):
    _, dj_db = compute_gradient(x, y, w, b)
    return dj_db, dj_db


def _gradient_swapped(x, y, w, b):
    dj_dw, dj_db = compute_gradient(x, y, w, b)
    return dj_db, dj_dw


def _gradient_last_example(x, y, w, b):
    error = w * x[-1] + b - y[-1]
    return error * x[-1] / len(x), error / len(x)


_DIVIDE_BY_M = "You forgot to divide by m: the derivatives are averages, (1/m) Σ …, not sums."

GRADIENT_MISTAKES = [
    (
        _gradient_sign_error,
        "Check the sign: the error is f(xᵢ) − yᵢ = (w·xᵢ + b) − yᵢ, prediction minus target.",
    ),
    (_gradient_no_mean, _DIVIDE_BY_M),
    (
        _gradient_two_m,
        "You divided by 2m: the ½ in the cost cancels the 2 that comes down from the square, "
        "so the derivatives have 1/m.",
    ),
    (_gradient_no_x, "dj_dw needs the extra factor xᵢ inside the sum: (1/m) Σ (f(xᵢ) − yᵢ)·xᵢ."),
    (_gradient_swapped, "The numbers are right but swapped: return dj_dw first, then dj_db."),
    (
        _gradient_last_example,
        "Only the last example counts: add each example's term to a running total (+=), "
        "or use whole arrays with np.mean or .sum().",
    ),
]


def check_compute_gradient(compute_gradient) -> CheckResult:
    """Exercise 1: ``compute_gradient(x, y, w, b)`` returns (dj_dw, dj_db), for arrays x and y."""
    return check_function(
        compute_gradient,
        _reference_gradient,
        _gradient_cases(),
        name="compute_gradient",
        mistakes=GRADIENT_MISTAKES,
        success="compute_gradient matches the formulas on four data sets, including the two houses.",
    )


def _reference_step(x, y, w, b, alpha):
    dj_dw, dj_db = compute_gradient(x, y, w, b)
    return w - alpha * dj_dw, b - alpha * dj_db


def _step_sequential(x, y, w, b, alpha):
    dj_dw, _ = compute_gradient(x, y, w, b)
    w = w - alpha * dj_dw
    _, dj_db = compute_gradient(x, y, w, b)
    return w, b - alpha * dj_db


def _step_sign_error(x, y, w, b, alpha):
    dj_dw, dj_db = compute_gradient(x, y, w, b)
    return w + alpha * dj_dw, b + alpha * dj_db


def _step_no_mean(x, y, w, b, alpha):
    dj_dw, dj_db = compute_gradient(x, y, w, b)
    return w - alpha * dj_dw * len(x), b - alpha * dj_db * len(x)


def _step_w_only(x, y, w, b, alpha):
    dj_dw, _ = compute_gradient(x, y, w, b)
    return w - alpha * dj_dw, b


def _step_no_alpha(x, y, w, b, alpha):
    dj_dw, dj_db = compute_gradient(x, y, w, b)
    return w - dj_dw, b - dj_db


STEP_MISTAKES = [
    (
        _step_sequential,
        "You updated w before computing b's derivative, so dj_db was measured at the new w. Compute "
        "both derivatives at the old (w, b) first, then update both: the simultaneous update.",
    ),
    (_step_sign_error, "Check the sign: a step goes downhill, w − α·dj_dw (minus, not plus)."),
    (_step_no_mean, _DIVIDE_BY_M),
    (_step_w_only, "b did not move: update b as well, b − α·dj_db."),
    (_step_no_alpha, "The step needs the learning rate: w − α·dj_dw, not w − dj_dw."),
]


def _step_cases():
    alphas = (0.1, 0.3, 0.05, 0.02)
    return [(x, y, w, b, alpha) for (x, y, w, b), alpha in zip(_gradient_cases(), alphas, strict=True)]


def check_gradient_step(gradient_step) -> CheckResult:
    """Exercise 2: ``gradient_step(x, y, w, b, alpha)`` returns the simultaneously updated (w, b)."""
    return check_function(
        gradient_step,
        _reference_step,
        _step_cases(),
        name="gradient_step",
        mistakes=STEP_MISTAKES,
        success=(
            "gradient_step updates w and b simultaneously: both derivatives are taken at the same "
            "point before either parameter moves."
        ),
    )


#: Exercise 3: an α that fits data/houses.csv from (0, 0) to convergence within this many steps.
ALPHA_DATA = "houses.csv"
ALPHA_ITERS = 600


def check_alpha_within(alpha) -> CheckResult:
    """Exercise 3: an α that makes descent on houses.csv from (0, 0) converge within 600 steps."""
    alpha, problem = _as_number(alpha, "a learning rate", "0.05")
    if problem is not None:
        return problem
    if alpha <= 0:
        return failed(f"α = {alpha:g} does not walk downhill; a learning rate must be positive.")
    x, y = load_houses(ALPHA_DATA)
    threshold = max_stable_alpha(x)
    result = gradient_descent(x, y, 0.0, 0.0, alpha, ALPHA_ITERS)
    if result.converged:
        return passed(
            f"With α = {alpha:g} the fit converges after {result.stopped_at} steps: "
            f"w = {result.w:.2f}, b = {result.b:.2f}."
        )
    if alpha >= threshold:
        return failed(
            f"α = {alpha:g} is at or above this data's divergence threshold, max_stable_alpha(x) = "
            f"{threshold:.4f}: the cost grows instead of falling. Go below it."
        )
    long_run = gradient_descent(x, y, 0.0, 0.0, alpha, 20 * ALPHA_ITERS)
    needs = f"{long_run.stopped_at} steps" if long_run.converged else f"more than {20 * ALPHA_ITERS} steps"
    if alpha > 0.9 * threshold:
        return failed(
            f"α = {alpha:g} is just under the threshold {threshold:.4f}, so the run zig-zags across the "
            f"valley and needs {needs}. Back off a little."
        )
    return failed(
        f"α = {alpha:g} is safe but slow: the run needs {needs}, more than {ALPHA_ITERS}. Make α larger."
    )
