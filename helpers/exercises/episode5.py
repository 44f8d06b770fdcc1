"""Checks for Episode 5, gradient descent for linear regression.

Exercise 5.1 ``compute_gradient``, Exercise 5.2 one simultaneous step, Exercise 5.3 an α that
converges within a step budget. Each message names the typical mistake it saw: a sign error,
forgetting to divide by m (in one derivative or both), updating w or b before the other's
derivative is computed, alpha times w instead of alpha times its derivative, or a learning rate
out of range (too small: larger; too large: smaller).

This module holds the checks; the references they compare with, the cases they try and the typical
mistakes with their hints are in ``episode5_gradients`` (Exercise 5.1) and ``episode5_loops``
(Exercise 5.2), and importable from here as before.
"""

from __future__ import annotations

import numpy as np

from ..data import data_path, load_houses
from ..descent import gradient_descent, max_stable_alpha
from ..fastpath import gradient_descent_closed_form
from ..linear import compute_gradient as _package_gradient
from ..optimizers import batch_gradients
from . import CheckResult, Earlier, check_function, exercise, failed, passed, stop
from ._answers import _explain_failed_call
from ._package_use import package_function_used
from ._running import TIME_LIMIT, accepts, parameters
from .episode3 import read_alpha, stalled_message
from .episode5_gradients import (
    CURVE_GRADIENT_MISTAKES,
    GRADIENT_MISTAKES,
    _curve_cases,
    _curve_numeric_gradient,
    _gradient_cases,
    _reference_gradient,
)
from .episode5_gradients import cost_curve as cost_curve  # the notebook calls episode5.cost_curve
from .episode5_loops import (
    FIXED_DESCENT_MISTAKES,
    STEP_MISTAKES,
    _descent_cases,
    _reference_descent,
    _reference_step,
    _step_cases,
)

# ---------------------------------------------------------------- Exercises 5.1 and 5.2 as first written


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
            f"w = {result.w:.2f}, b = {result.b:.2f}, where the slope is close to 0 in both directions."
        )
    if alpha >= threshold:
        grows = ("the run bounces across the valley for ever instead of settling" if alpha == threshold
                 else "the cost grows instead of falling")
        return failed(
            f"α = {alpha:.10g} is at or above this data's divergence threshold, max_stable_alpha(x) = "
            f"{threshold:.6g}: {grows}. Make α smaller, below it."
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
            f"α = {alpha:g} is just under the threshold {threshold:.6g}, so the run zig-zags across the "
            f"valley and {needs}. Make α a little smaller."
        )
    return failed(f"α = {alpha:g} is safe but too slow: the run {needs}. Make α larger.")


def _size(result) -> str:
    return f"{float(np.linalg.norm(result.slope)):.2g} in size"


# ---------------------------------------------------------------- Exercise 5.1: a curve's gradient
# The model f(x) = w·x² + b, which the episode does not derive. The reference is not a formula but
# central differences of the cost, the oracle of section 3, so the check trusts no hand algebra.


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

#: The package's own loops, which an answer may not hand its work to.
_PACKAGE_LOOPS = (gradient_descent, gradient_descent_closed_form)
#: The package's gradients, which mend one of the loop's bugs without showing it, as a learner calls them.
_PACKAGE_GRADIENTS = {
    _package_gradient: "helpers.compute_gradient",
    batch_gradients: "helpers.optimizers.batch_gradients",
}


def _refuse_package_use(fixed_descent, time_limit) -> None:
    """Stop if the learner's loop calls the package's descent or gradient (or runs out of time)."""
    if not (callable(fixed_descent) and accepts(fixed_descent, 6)):
        return  # check_function says what to change
    params = parameters(fixed_descent) or ("x", "y", "w_in", "b_in", "alpha", "num_iters")
    used, call = package_function_used(
        fixed_descent, _descent_cases(), (*_PACKAGE_LOOPS, *_PACKAGE_GRADIENTS), params,
        time_limit=TIME_LIMIT if time_limit is None else time_limit,
    )
    if used in _PACKAGE_LOOPS:
        stop("fixed_descent calls the package's gradient descent, which has no bugs to fix: repair the loop "
             "given in the cell instead (its two bugs are in how the derivatives are computed and used).")
    if used is not None:
        stop(f"fixed_descent calls {_PACKAGE_GRADIENTS[used]}, which mends one of the two bugs without "
             "showing it: repair the loop's own derivatives instead, so that you find both bugs.")
    if call is not None:  # it ran out of time: say so now, not after a second wait
        stop(_explain_failed_call(call, fixed_descent, "fixed_descent", params, ()))


@exercise("5.2")
def check_fixed_descent(fixed_descent, *, time_limit: float | None = None) -> CheckResult:
    """Exercise 5.2: the given loop with its two bugs fixed is gradient descent, returning (w, b)."""
    _refuse_package_use(fixed_descent, time_limit)
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
