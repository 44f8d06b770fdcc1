"""Exercise 5.1's answers: the line's and the curve's gradient, right and typically wrong.

For each of ``episode5.check_compute_gradient`` (the gradient of the line w·x + b) and
``episode5.check_curve_gradient`` (of the curve w·x² + b): the reference the learner's function is
compared with, the cases it is tried on, and the typical wrong gradients, each with the hint a
learner reads when their answers match it. ``episode5`` imports them from here; the small data
sets here are shared with ``episode5_loops``.
"""

from __future__ import annotations

import numpy as np

from ..descent import compute_gradient

# Small data sets the learner's functions are tried on: the two houses, and three made-up ones
# with uneven sizes so that no wrong formula gives the right numbers by luck.
_TWO_X, _TWO_Y = np.array([1.0, 2.0]), np.array([300.0, 500.0])
_THREE_X, _THREE_Y = np.array([0.5, 1.5, 3.0]), np.array([150.0, 420.0, 700.0])
_FIVE_X = np.array([0.8, 1.1, 1.9, 2.4, 3.3])
_FIVE_Y = np.array([240.0, 310.0, 460.0, 530.0, 790.0])


# ---------------------------------------------------------------- Exercise 5.1 as first written: the line


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
