"""Checks for Episode 5, gradient descent for linear regression.

Exercise 5.1 ``compute_gradient``, Exercise 5.2 one simultaneous step, Exercise 5.3 an α that
converges within a step budget. Each message names the typical mistake it saw: a sign error,
forgetting to divide by m (in one derivative or both), updating w or b before the other's
derivative is computed, alpha times w instead of alpha times its derivative, or a learning rate
out of range (too small: larger; too large: smaller).
"""

from __future__ import annotations

import numpy as np

from ..data import data_path, load_houses
from ..descent import compute_gradient, gradient_descent, max_stable_alpha
from ..fastpath import gradient_descent_closed_form
from . import CheckResult, Earlier, check_function, exercise, failed, passed
from .episode3 import read_alpha, stalled_message

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


def _gradient_terms(x, y, w, b):
    """m and the per-example errors f(xᵢ) − yᵢ, from which every wrong answer below is made."""
    return x.size, w * x + b - y


def _gradient_sign_error(x, y, w, b):
    dj_dw, dj_db = compute_gradient(x, y, w, b)
    return -dj_dw, -dj_db


def _gradient_no_mean(x, y, w, b):
    m, errors = _gradient_terms(x, y, w, b)
    return errors @ x, errors.sum()


def _gradient_no_mean_in_dj_dw(x, y, w, b):
    m, errors = _gradient_terms(x, y, w, b)
    return errors @ x, errors.sum() / m


def _gradient_no_mean_in_dj_db(x, y, w, b):
    m, errors = _gradient_terms(x, y, w, b)
    return errors @ x / m, errors.sum()


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
    m, errors = _gradient_terms(x, y, w, b)
    return errors[-1] * x[-1] / m, errors[-1] / m


def _gradient_not_summed(x, y, w, b):
    m, errors = _gradient_terms(x, y, w, b)
    return errors * x / m, errors / m


_DIVIDE_BY_M = "You forgot to divide by m: the derivatives are averages, (1/m) Σ …, not sums."


def _one_sum(which: str, other: str) -> str:
    return (
        f"{which} is m times too large: you summed its terms without dividing by m, while {other} "
        f"is right. Both derivatives are averages: divide {which}'s sum by m too (or use np.mean)."
    )


GRADIENT_MISTAKES = [
    (
        _gradient_sign_error,
        "Check the sign: the error is f(xᵢ) − yᵢ = (w·xᵢ + b) − yᵢ, prediction minus target.",
    ),
    (_gradient_no_mean, _DIVIDE_BY_M),
    (_gradient_no_mean_in_dj_dw, _one_sum("dj_dw", "dj_db")),
    (_gradient_no_mean_in_dj_db, _one_sum("dj_db", "dj_dw")),
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
    (
        _gradient_not_summed,
        "You return one term per example. dj_dw and dj_db are each one number: the average of those "
        "terms, np.mean(...) or .sum() / m.",
    ),
]


@exercise("5.1")
def check_compute_gradient(compute_gradient, *, time_limit: float | None = None) -> CheckResult:
    """Exercise 5.1 for the line: ``compute_gradient(x, y, w, b)`` returns (dj_dw, dj_db).

    The exercise as first written; Episode 5 now asks for the gradient of a curve instead
    (``check_curve_gradient``). Kept so that a notebook asking for the line's gradient still works.
    """
    return check_function(
        compute_gradient,
        _reference_gradient,
        _gradient_cases(),
        name="compute_gradient",
        returns="the two derivatives, as return dj_dw, dj_db",
        mistakes=GRADIENT_MISTAKES,
        success="compute_gradient matches the formulas on four data sets, including the two houses.",
        time_limit=time_limit,
    )


def _reference_step(x, y, w, b, alpha):
    dj_dw, dj_db = compute_gradient(x, y, w, b)
    return w - alpha * dj_dw, b - alpha * dj_db


def _step_w_first(x, y, w, b, alpha):
    dj_dw, _ = compute_gradient(x, y, w, b)
    w = w - alpha * dj_dw
    _, dj_db = compute_gradient(x, y, w, b)
    return w, b - alpha * dj_db


def _step_b_first(x, y, w, b, alpha):
    _, dj_db = compute_gradient(x, y, w, b)
    b = b - alpha * dj_db
    dj_dw, _ = compute_gradient(x, y, w, b)
    return w - alpha * dj_dw, b


def _step_with(gradient):
    """The simultaneous step, with the derivatives of one of the wrong gradients above."""

    def step(x, y, w, b, alpha):
        dj_dw, dj_db = gradient(x, y, w, b)
        return w - alpha * dj_dw, b - alpha * dj_db

    return step


def _step_alpha_times_w(x, y, w, b, alpha):
    return w - alpha * w, b - alpha * b


def _step_alpha_times_w_only(x, y, w, b, alpha):
    _, dj_db = compute_gradient(x, y, w, b)
    return w - alpha * w, b - alpha * dj_db


def _step_w_only(x, y, w, b, alpha):
    dj_dw, _ = compute_gradient(x, y, w, b)
    return w - alpha * dj_dw, b


def _step_b_only(x, y, w, b, alpha):
    _, dj_db = compute_gradient(x, y, w, b)
    return w, b - alpha * dj_db


def _step_no_alpha(x, y, w, b, alpha):
    dj_dw, dj_db = compute_gradient(x, y, w, b)
    return w - dj_dw, b - dj_db


def _step_only_the_change(x, y, w, b, alpha):
    dj_dw, dj_db = compute_gradient(x, y, w, b)
    return -alpha * dj_dw, -alpha * dj_db


def _simultaneous(first: str, second: str) -> str:
    return (
        f"You updated {first} first and then took {second}'s derivative at the new {first}. Compute "
        "both derivatives at the old (w, b) first, then update both: the simultaneous update."
    )


_ALPHA_TIMES_PARAMETER = (
    "A step is alpha times the derivative: w - alpha * dj_dw and b - alpha * dj_db, not alpha * w "
    "or alpha * b."
)

STEP_MISTAKES = [
    (_step_w_first, _simultaneous("w", "b")),
    (_step_b_first, _simultaneous("b", "w")),
    (
        _step_with(_gradient_sign_error),
        "Check the sign: a step goes downhill, w − α·dj_dw (minus, not plus).",
    ),
    (_step_with(_gradient_no_mean), _DIVIDE_BY_M),
    (_step_with(_gradient_no_mean_in_dj_dw), _one_sum("dj_dw", "dj_db")),
    (_step_with(_gradient_no_mean_in_dj_db), _one_sum("dj_db", "dj_dw")),
    (_step_alpha_times_w, _ALPHA_TIMES_PARAMETER),
    (_step_alpha_times_w_only, _ALPHA_TIMES_PARAMETER),
    (_step_w_only, "b did not move: update b as well, b − α·dj_db."),
    (_step_b_only, "w did not move: update w as well, w − α·dj_dw."),
    (_step_no_alpha, "The step needs the learning rate: w − α·dj_dw, not w − dj_dw."),
    (_step_only_the_change, "You return only the changes. Return the new values: w − α·dj_dw, b − α·dj_db."),
    (
        lambda x, y, w, b, alpha: compute_gradient(x, y, w, b),
        "You return the derivatives. Use them to move w and b: w − α·dj_dw, b − α·dj_db.",
    ),
]


def _step_cases():
    alphas = (0.1, 0.3, 0.05, 0.02)
    return [(x, y, w, b, alpha) for (x, y, w, b), alpha in zip(_gradient_cases(), alphas, strict=True)]


@exercise("5.2")
def check_gradient_step(gradient_step, *, time_limit: float | None = None) -> CheckResult:
    """Exercise 5.2 as one step: ``gradient_step(x, y, w, b, alpha)`` returns the updated (w, b).

    The exercise as first written; Episode 5 now asks to fix a given loop instead
    (``check_fixed_descent``). Kept so that a notebook asking for one step still works.
    """
    return check_function(
        gradient_step,
        _reference_step,
        _step_cases(),
        name="gradient_step",
        returns="the new w and b, as return w_new, b_new",
        mistakes=STEP_MISTAKES,
        earlier=[Earlier("compute_gradient", "5.1", _reference_gradient, check_compute_gradient)],
        success=(
            "gradient_step updates w and b simultaneously: both derivatives are taken at the same "
            "point before either parameter moves."
        ),
        time_limit=time_limit,
    )


#: Exercise 5.3: an α that fits the course's houses.csv from (0, 0) to convergence within this many
#: steps. The check reads the packaged file by its path, so a houses.csv beside the notebook never
#: changes what it grades against.
ALPHA_DATA = "houses.csv"
ALPHA_ITERS = 600
#: How long a run the message for a slow α looks at.
ALPHA_LONG_ITERS = 20 * ALPHA_ITERS


@exercise("5.3")
def check_alpha_within(alpha) -> CheckResult:
    """Exercise 5.3: an α that makes descent on houses.csv from (0, 0) converge within 600 steps."""
    alpha = read_alpha(alpha, "alpha_600")
    x, y = load_houses(data_path(ALPHA_DATA))
    threshold = max_stable_alpha(x)
    result = gradient_descent(x, y, 0.0, 0.0, alpha, ALPHA_ITERS)
    if result.converged:
        return passed(
            f"With α = {alpha:g} the fit converges after {result.stopped_at} steps: "
            f"w = {result.w:.2f}, b = {result.b:.2f}, where the slope is close to 0."
        )
    if alpha >= threshold:
        return failed(
            f"α = {alpha:g} is at or above this data's divergence threshold, max_stable_alpha(x) = "
            f"{threshold:.4f}: the cost grows instead of falling. Make α smaller, below it."
        )
    if result.stalled:
        return failed(stalled_message(result, alpha, "(w, b)"))
    # The closed form gives the same run as gradient_descent, every step at once: quick to quote.
    long_run = gradient_descent_closed_form(x, y, 0.0, 0.0, alpha, ALPHA_LONG_ITERS)
    if long_run.converged:
        needs = f"needs {long_run.stopped_at} steps, more than {ALPHA_ITERS}"
    else:
        needs = (
            f"has not converged even after {ALPHA_LONG_ITERS} steps (the slope is still "
            f"{_size(long_run)})"
        )
    if alpha > 0.9 * threshold:
        return failed(
            f"α = {alpha:g} is just under the threshold {threshold:.4f}, so the run zig-zags across the "
            f"valley and {needs}. Make α a little smaller."
        )
    return failed(f"α = {alpha:g} is safe but too slow: the run {needs}. Make α larger.")


def _size(result) -> str:
    return f"{float(np.linalg.norm(result.slope)):.2g} in size"


# ---------------------------------------------------------------- Exercise 5.1: a curve's gradient
# The model f(x) = w·x² + b, which the episode does not derive. The reference is not a formula but
# central differences of the cost, the oracle of section 3, so the check trusts no hand algebra.


def cost_curve(x, y, w, b) -> float:
    """The squared-error cost of the curve f(x) = w·x² + b: (1/2m) Σ (w·xᵢ² + b − yᵢ)²."""
    errors = w * np.asarray(x, dtype=float) ** 2 + b - np.asarray(y, dtype=float)
    return float(errors @ errors / (2 * errors.size))


def _curve_numeric_gradient(x, y, w, b):
    """(dJ/dw, dJ/db) of ``cost_curve`` by central differences; exact up to rounding, J is quadratic."""
    hw, hb = 1e-3 * (1.0 + abs(w)), 1e-3 * (1.0 + abs(b))
    dj_dw = (cost_curve(x, y, w + hw, b) - cost_curve(x, y, w - hw, b)) / (2 * hw)
    dj_db = (cost_curve(x, y, w, b + hb) - cost_curve(x, y, w, b - hb)) / (2 * hb)
    return dj_dw, dj_db


def _curve_terms(x, y, w, b):
    """The pieces every wrong answer below is made of: m, the curve's errors and the line's."""
    return x.size, w * x**2 + b - y, w * x + b - y


def _curve_is_the_line(x, y, w, b):
    return compute_gradient(x, y, w, b)


def _curve_factor_x(x, y, w, b):
    m, errors, _ = _curve_terms(x, y, w, b)
    return errors @ x / m, errors.sum() / m


def _curve_factor_2x(x, y, w, b):
    m, errors, _ = _curve_terms(x, y, w, b)
    return errors @ (2 * x) / m, errors.sum() / m


def _curve_line_errors(x, y, w, b):
    m, _, line_errors = _curve_terms(x, y, w, b)
    return line_errors @ x**2 / m, line_errors.sum() / m


def _curve_sign_error(x, y, w, b):
    m, errors, _ = _curve_terms(x, y, w, b)
    return -(errors @ x**2) / m, -errors.sum() / m


def _curve_no_mean(x, y, w, b):
    _, errors, _ = _curve_terms(x, y, w, b)
    return errors @ x**2, errors.sum()


def _curve_two_m(x, y, w, b):
    m, errors, _ = _curve_terms(x, y, w, b)
    return errors @ x**2 / (2 * m), errors.sum() / (2 * m)


def _curve_doubled(x, y, w, b):
    m, errors, _ = _curve_terms(x, y, w, b)
    return 2 * (errors @ x**2) / m, 2 * errors.sum() / m


def _curve_no_factor(x, y, w, b):
    m, errors, _ = _curve_terms(x, y, w, b)
    return errors.sum() / m, errors.sum() / m


def _curve_db_weighted(x, y, w, b):
    m, errors, _ = _curve_terms(x, y, w, b)
    return errors @ x**2 / m, errors @ x**2 / m


def _curve_swapped(x, y, w, b):
    m, errors, _ = _curve_terms(x, y, w, b)
    return errors.sum() / m, errors @ x**2 / m


def _curve_squared_errors(x, y, w, b):
    m, errors, _ = _curve_terms(x, y, w, b)
    return errors**2 @ x**2 / m, errors @ errors / m


def _curve_last_example(x, y, w, b):
    m, errors, _ = _curve_terms(x, y, w, b)
    return errors[-1] * x[-1] ** 2 / m, errors[-1] / m


def _curve_only_dj_dw(x, y, w, b):
    m, errors, _ = _curve_terms(x, y, w, b)
    return errors @ x**2 / m


_CURVE_RATE = "when w moves, the prediction w·xᵢ² changes at rate xᵢ², so that is dj_dw's factor"

CURVE_GRADIENT_MISTAKES = [
    (
        _curve_is_the_line,
        "That is the gradient of the straight line w·x + b from section 2. This model predicts "
        f"w·xᵢ² + b: use that prediction in the error, and {_CURVE_RATE}.",
    ),
    (_curve_factor_x, f"The errors are right, but dj_dw is weighted by xᵢ: {_CURVE_RATE}."),
    (
        _curve_factor_2x,
        "You took the derivative of x² with respect to x (2x). x is data here; the parameter is w, "
        f"and {_CURVE_RATE}.",
    ),
    (
        _curve_line_errors,
        "The factor xᵢ² is right, but the errors are the line's: use this model's prediction, "
        "f(xᵢ) − yᵢ = w·xᵢ² + b − yᵢ.",
    ),
    (
        _curve_sign_error,
        "Check the sign: the error is prediction minus target, (w·xᵢ² + b) − yᵢ.",
    ),
    (_curve_no_mean, "You forgot to divide by m: the derivatives are averages, (1/m) Σ …, not sums."),
    (
        _curve_two_m,
        "You divided by 2m: the ½ in the cost cancels the 2 that comes down from the square, so the "
        "derivatives have 1/m.",
    ),
    (
        _curve_doubled,
        "Both derivatives are twice too large: the ½ in the cost cancels the 2 that comes down from "
        "the square.",
    ),
    (_curve_no_factor, f"dj_dw needs a factor inside the sum: {_CURVE_RATE}."),
    (
        _curve_db_weighted,
        "dj_db has no factor: when b moves, the prediction changes at rate 1, so dj_db is the plain "
        "average of the errors.",
    ),
    (_curve_swapped, "The numbers are right but swapped: return dj_dw first, then dj_db."),
    (
        _curve_squared_errors,
        "You squared the errors: the square in the cost comes down as a factor 2 (which the ½ "
        "cancels), leaving the error itself, not its square.",
    ),
    (
        _curve_last_example,
        "Only the last example counts: add every example's term (a running total with +=, or whole "
        "arrays with np.mean or .sum()).",
    ),
    (_curve_only_dj_dw, "Return both derivatives as a pair: return dj_dw, dj_db."),
]


def _curve_cases():
    return [
        (_TWO_X.copy(), _TWO_Y.copy(), 0.0, 0.0),
        (_TWO_X.copy(), _TWO_Y.copy(), 80.0, 50.0),
        (_THREE_X.copy(), _THREE_Y.copy(), 60.0, -30.0),
        (_FIVE_X.copy(), _FIVE_Y.copy(), 45.0, 120.0),
    ]


@exercise("5.1")
def check_curve_gradient(compute_gradient_curve, *, time_limit: float | None = None) -> CheckResult:
    """Exercise 5.1: (dj_dw, dj_db) of the squared-error cost of the curve f(x) = w·x² + b."""
    return check_function(
        compute_gradient_curve,
        _curve_numeric_gradient,
        _curve_cases(),
        name="compute_gradient_curve",
        returns="the two derivatives, as return dj_dw, dj_db",
        mistakes=CURVE_GRADIENT_MISTAKES,
        rel=1e-6,
        abs_=1e-6,
        success=(
            "compute_gradient_curve agrees with finite differences of the cost on four data sets: "
            "the error times the rate at which each parameter moves the prediction (xᵢ² for w, 1 for b)."
        ),
        time_limit=time_limit,
    )


# ---------------------------------------------------------------- Exercise 5.2: fix a descent loop
# The notebook shows BUGGY_DESCENT; the learner's fixed copy must be gradient descent itself.



def _descent_loop(x, y, w, b, alpha, num_iters, *, dj_dw_of, dj_db_of, order="both", steps=None):
    """A descent loop with one knob per typical mistake; every wrong loop below is one setting."""
    m = x.size
    for _ in range(num_iters if steps is None else steps(num_iters)):
        errors = w * x + b - y
        if order == "both":
            w, b = w - alpha * dj_dw_of(errors, x, m, w), b - alpha * dj_db_of(errors, x, m, b)
        elif order == "w first":
            w = w - alpha * dj_dw_of(errors, x, m, w)
            b = b - alpha * dj_db_of(w * x + b - y, x, m, b)
        else:  # b first
            b = b - alpha * dj_db_of(errors, x, m, b)
            w = w - alpha * dj_dw_of(w * x + b - y, x, m, w)
    return w, b


def _mean_x(errors, x, m, _):
    return errors @ x / m


def _mean(errors, x, m, _):
    return errors.sum() / m


def _sum_x(errors, x, m, _):
    return errors @ x


def _sum(errors, x, m, _):
    return errors.sum()


def _reference_descent(x, y, w, b, alpha, num_iters):
    return _descent_loop(x, y, w, b, alpha, num_iters, dj_dw_of=_mean_x, dj_db_of=_mean)


def _loop(**knobs):
    def loop(x, y, w, b, alpha, num_iters):
        return _descent_loop(x, y, w, b, alpha, num_iters, **knobs)

    return loop


def _loop_stale_errors(x, y, w, b, alpha, num_iters):
    errors, m = w * x + b - y, x.size
    for _ in range(num_iters):
        w, b = w - alpha * (errors @ x) / m, b - alpha * errors.sum() / m
    return w, b


def _loop_unchanged(x, y, w, b, alpha, num_iters):
    return w, b


_SEQUENTIAL = (
    "errors is computed again after w has moved, so b's derivative is taken at the new w. Compute "
    "both derivatives from the same errors, then update w and b together."
)
_AVERAGES = "Both derivatives are averages over the m examples: divide each sum by m."

FIXED_DESCENT_MISTAKES = [
    (
        _loop(dj_dw_of=_sum_x, dj_db_of=_mean, order="w first"),
        "This is still the loop as given, with both of its bugs. Compare it line by line with the "
        "two derivatives of section 2 and the two parts of a step in section 4.",
    ),
    (
        _loop(dj_dw_of=_mean_x, dj_db_of=_mean, order="w first"),
        f"The 1/m is fixed; one bug is left: {_SEQUENTIAL}",
    ),
    (
        _loop(dj_dw_of=_sum_x, dj_db_of=_mean),
        f"The order is fixed; one bug is left: w's derivative is a sum, b's an average. {_AVERAGES}",
    ),
    (
        _loop(dj_dw_of=_mean_x, dj_db_of=_mean, order="b first"),
        "You moved b first and w second: still one parameter moves before the other's derivative "
        "is taken. Take both derivatives at the same (w, b), then update both.",
    ),
    (
        _loop(dj_dw_of=_mean_x, dj_db_of=_sum),
        f"The order is fixed, and w's derivative divides by m, but b's no longer does. {_AVERAGES}",
    ),
    (_loop(dj_dw_of=_sum_x, dj_db_of=_sum), f"Now neither derivative divides by m. {_AVERAGES}"),
    (
        _loop(dj_dw_of=lambda e, x, m, w: w, dj_db_of=lambda e, x, m, b: b),
        "The steps use α·w and α·b: a step is α times the derivative, w − α·dj_dw, not w − α·w.",
    ),
    (
        _loop(dj_dw_of=lambda e, x, m, w: -(e @ x) / m, dj_db_of=lambda e, x, m, b: -e.sum() / m),
        "Check the sign: a step goes downhill, w − α·dj_dw (minus, not plus).",
    ),
    (
        _loop(dj_dw_of=_mean_x, dj_db_of=lambda e, x, m, b: e @ x / m),
        "b's derivative has no factor x: dj_db is the plain average of the errors.",
    ),
    (
        _loop(dj_dw_of=lambda e, x, m, w: e.sum() / m, dj_db_of=_mean),
        "w's derivative needs the factor xᵢ: dj_dw = (1/m) Σ (f(xᵢ) − yᵢ)·xᵢ.",
    ),
    (
        _loop(dj_dw_of=lambda e, x, m, w: e @ x / (2 * m), dj_db_of=lambda e, x, m, b: e.sum() / (2 * m)),
        "You divided by 2m: the ½ in the cost cancels the 2 from the square, so the derivatives have 1/m.",
    ),
    (
        _loop(dj_dw_of=_mean_x, dj_db_of=lambda e, x, m, b: 0.0),
        "b never moves: update b as well, b − α·dj_db.",
    ),
    (
        _loop_stale_errors,
        "errors is computed once, before the loop: compute it again in every step, at the current w and b.",
    ),
    (
        _loop(dj_dw_of=_mean_x, dj_db_of=_mean, steps=lambda n: min(n, 1)),
        "Your loop takes only one step: is the return indented inside the for loop?",
    ),
    (
        _loop(dj_dw_of=_mean_x, dj_db_of=_mean, steps=lambda n: n - 1),
        "One step short: the loop must run exactly num_iters times, for _ in range(num_iters).",
    ),
    (
        _loop(dj_dw_of=_mean_x, dj_db_of=_mean, steps=lambda n: n + 1),
        "One step too many: the loop must run exactly num_iters times, for _ in range(num_iters).",
    ),
    (_loop_unchanged, "w and b never change: assign the new values back, w = w − α·dj_dw, and return them."),
]


def _descent_cases():
    return [
        (_TWO_X.copy(), _TWO_Y.copy(), 0.0, 0.0, 0.1, 3),
        (_THREE_X.copy(), _THREE_Y.copy(), 50.0, 10.0, 0.05, 4),
        (_FIVE_X.copy(), _FIVE_Y.copy(), 120.0, -20.0, 0.02, 5),
        (_TWO_X.copy(), _TWO_Y.copy(), 180.0, 140.0, 0.2, 2),
    ]


@exercise("5.2")
def check_fixed_descent(fixed_descent, *, time_limit: float | None = None) -> CheckResult:
    """Exercise 5.2: the given loop with its two bugs fixed is gradient descent, returning (w, b)."""
    return check_function(
        fixed_descent,
        _reference_descent,
        _descent_cases(),
        name="fixed_descent",
        returns="the final w and b, as return w, b",
        mistakes=FIXED_DESCENT_MISTAKES,
        success=(
            "fixed_descent is gradient descent: both derivatives are averages taken at the same "
            "(w, b), and then both parameters move."
        ),
        time_limit=time_limit,
    )
