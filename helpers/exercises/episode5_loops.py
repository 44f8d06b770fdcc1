"""Exercise 5.2's answers: one simultaneous step, and the descent loop with its bugs fixed, right and
typically wrong.

For ``episode5.check_gradient_step`` and ``episode5.check_fixed_descent``: the reference, the cases,
and the typical wrong steps and loops, each with the hint a learner reads when their answers match
it. ``episode5`` imports them from here.
"""

from __future__ import annotations

from ..descent import compute_gradient
from .episode5_gradients import (
    _DIVIDE_BY_M,
    _FIVE_X,
    _FIVE_Y,
    _THREE_X,
    _THREE_Y,
    _TWO_X,
    _TWO_Y,
    _gradient_cases,
    _gradient_no_mean,
    _gradient_no_mean_in_dj_db,
    _gradient_no_mean_in_dj_dw,
    _gradient_sign_error,
    _one_sum,
)

# ---------------------------------------------------------------- Exercise 5.2 as first written: one step


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


def _loop_returning_b_first(x, y, w, b, alpha, num_iters):
    w, b = _reference_descent(x, y, w, b, alpha, num_iters)
    return b, w


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
        _loop(dj_dw_of=_mean_x, dj_db_of=lambda e, x, m, b: -e.sum() / m),
        "Check the sign of b's step: it goes downhill too, b − α·dj_db (minus, not plus).",
    ),
    (
        _loop(dj_dw_of=lambda e, x, m, w: -(e @ x) / m, dj_db_of=_mean),
        "Check the sign of w's step: it goes downhill too, w − α·dj_dw (minus, not plus).",
    ),
    (
        _loop_returning_b_first,
        "The loop is right, but it returns b first: return w, b, in that order.",
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
