"""Checks for Episode 7, choosing α, checking convergence, and polynomial features.

Exercise 7.1 an α from the ladder that fits the degree-4 curve within 7000 steps, Exercise 7.2 the
relative ε test, Exercise 7.3 polynomial features of a scaled x. Each message names the typical
mistake it saw: an α off the ladder, one rung too high or too low, a change that is not measured
by its size or not against the cost, an index off by one, a missing None, powers taken before
scaling, the new examples scaled by their own statistics, a column of ones.

This module holds the checks; the episode's curve and the references, cases and typical mistakes of
Exercises 7.2 and 7.3 are in ``episode7_mistakes``, and importable from here as before.
"""

from __future__ import annotations

import numpy as np

from ..diagnostics import ALPHA_LADDER, verdict
from ..fastpath import QuadraticDescent
from . import CheckResult, check_function, close, exercise, failed, passed, stop
from ._answers import _explain_failed_call
from ._feedback import call_text, short
from ._parts import check_parts
from ._running import TIME_LIMIT, accepts, call_learner
from .episode3 import read_alpha
from .episode7_mistakes import (
    _YES_NO,
    POLY_MISTAKES,
    RELATIVE_MISTAKES,
    _poly_cases,
    _poly_reference,
    _relative,
    _relative_cases,
    curve_data,
    scaled_powers,
)
from .episode7_mistakes import CURVE_HELD as CURVE_HELD
from .episode7_mistakes import CURVE_SEED as CURVE_SEED
from .episode7_mistakes import CURVE_TRAIN as CURVE_TRAIN

# ---------------------------------------------------------------- Exercise 7.1: an α from the ladder

LADDER_DEGREE = 4
LADDER_BUDGET = 7000


def _ladder_problem():
    x, y, _, _ = curve_data()
    X, _ = scaled_powers(x, x, LADDER_DEGREE)
    return X, y


def _ladder_text() -> str:
    return ", ".join(f"{a:g}" for a in ALPHA_LADDER)


@exercise("7.1")
def check_ladder_alpha(alpha_7000) -> CheckResult:
    """Exercise 7.1: the α of ``ALPHA_LADDER`` that fits the degree-4 curve within 7000 steps."""
    alpha = read_alpha(alpha_7000, "alpha_7000", what="an α from the ladder", example="0.001")
    on_ladder = [a for a in ALPHA_LADDER if np.isclose(a, alpha, rtol=1e-9)]
    if not on_ladder:
        stop(f"α = {alpha:g} is not on the ladder. Pick one of its values ({_ladder_text()}): run the whole "
             "ladder with diagnostics.run_ladder and read the verdicts.")
    X, y = _ladder_problem()
    descent = QuadraticDescent(X, y)
    run = descent.run(np.zeros(LADDER_DEGREE), 0.0, on_ladder[0], LADDER_BUDGET)
    said = verdict(run)
    if run.converged:
        return passed(
            f"With α = {alpha:g} the degree-{LADDER_DEGREE} fit converges after {run.stopped_at} steps, "
            f"within {LADDER_BUDGET}: the largest safe α on the ladder for these features."
        )
    rung = ALPHA_LADDER.index(on_ladder[0])
    if said == "diverged":
        return failed(
            f"α = {alpha:g} diverged at step {run.stopped_at}: the degree-{LADDER_DEGREE} features make a "
            "steeper bowl than the houses did, so this rung is too high. Go down the ladder."
        )
    longer = descent.run(np.zeros(LADDER_DEGREE), 0.0, on_ladder[0], 50 * LADDER_BUDGET)
    needs = f"needs {longer.stopped_at} steps" if longer.converged else "is still far from converged"
    upper = ALPHA_LADDER[rung + 1] if rung + 1 < len(ALPHA_LADDER) else None
    return failed(
        f"α = {alpha:g} is safe but slow: the run {needs}, more than {LADDER_BUDGET}. Go up the "
        f"ladder" + (f", to {upper:g}, and read the verdict." if upper is not None else ".")
    )


# ---------------------------------------------------------------- Exercise 7.2: the relative ε test

PARAMS = ("J_history", "epsilon")


@exercise("7.2")
def check_relative_change(first_relative_change, *, time_limit: float | None = None) -> CheckResult:
    """Exercise 7.2: the first k with |J[k] − J[k−1]| < ε · J[k−1], or None."""
    if callable(first_relative_change) and accepts(first_relative_change, 2):
        case = _relative_cases()[0]
        call = call_learner(first_relative_change, case, PARAMS,
                            time_limit=TIME_LIMIT if time_limit is None else time_limit)
        if call.timed_out:  # said now, not after a second wait on the cases
            stop(_explain_failed_call(call, first_relative_change, "first_relative_change", PARAMS, ()))
        if call.ok and isinstance(call.value, (bool, np.bool_)):
            stop(_YES_NO)
    result = check_function(
        first_relative_change,
        _relative,
        _relative_cases(),
        name="first_relative_change",
        returns="one iteration number k, or None",
        mistakes=RELATIVE_MISTAKES,
        success=(
            "first_relative_change finds the first step whose change is below ε times the cost before it, "
            "whatever the units of J, and says None when there is none."
        ),
        time_limit=time_limit,
    )
    if not result.passed and "Did you forget return?" in result.message:
        # None is a fair answer on some cases, so check_function's "forgot return?" can mislead:
        # name the first case whose answer is wrong instead.
        stop(_first_wrong_k(first_relative_change, time_limit))
    return result


def _first_wrong_k(first_relative_change, time_limit) -> str:
    limit = TIME_LIMIT if time_limit is None else time_limit
    for case in _relative_cases():
        got = call_learner(first_relative_change, case, PARAMS, time_limit=limit).value
        expected = _relative(*case)
        text = call_text("first_relative_change", PARAMS, case)
        if got is None and expected is not None:
            return (
                f"{text} returned None, but step {expected} already changed J by less than ε · J[k−1]: "
                "return the first such k (and if your function has no return statement for it, add one)."
            )
        if got is not None and expected is None:
            return f"{text} returned {short(got)}, but no step qualifies there: it should return None."
        if got is not None and not close(got, expected):
            return f"{text} returned {short(got)}, but it should be {expected}."
    return "first_relative_change returned None where a number was due."  # pragma: no cover


# ---------------------------------------------------------------- Exercise 7.3: polynomial features


@exercise("7.3")
def check_poly_features(poly_features, *, time_limit: float | None = None) -> CheckResult:
    """Exercise 7.3: ``poly_features(x_train, x_new, degree)`` returns the scaled powers of both."""
    check_parts(
        poly_features,
        _poly_reference,
        _poly_cases(),
        name="poly_features",
        params=("x_train", "x_new", "degree"),
        parts=("X_train", "X_new"),
        returns="two arrays, one row per example and one column per power, as return X_train, X_new",
        mistakes=POLY_MISTAKES,
        time_limit=time_limit,
    )
    return passed(
        "poly_features scales x with the training mean and standard deviation, then takes its powers 1 … "
        "degree, for the training and the new examples alike."
    )
