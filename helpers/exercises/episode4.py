"""Checks for Episode 4, local minima.

Exercise 4.1 a start right of the hilltop that ends in the deep valley, Exercise 4.2 an α that
converges to the deep minimum fast, Exercise 4.3 the shrink factor. All runs use
``helpers.two_valleys()``: a deep minimum at w = 1, a hilltop at w = 3.5 and a shallower minimum
at w = 5.
"""

from __future__ import annotations

import numpy as np

from ..costs import two_valleys
from . import CheckResult, check_function, exercise, failed, passed, read_number
from .episode3 import read_alpha, stalled_message

COST = two_valleys()
DEEP, SHALLOW = COST.minima
HILLTOP = 3.5
#: How close to a minimum counts as "reached it" (a converged run is far closer).
AT_MINIMUM = 1e-6

#: Exercise 4.1: find a start to the right of the hilltop that still ends in the deep valley.
JUMP_ALPHA = 0.15
JUMP_ITERS = 200

#: Exercise 4.2: from this start, an α that converges to the deep minimum within this many steps.
FAST_W0 = 0.0
FAST_ITERS = 15
#: How long a run the message for a slow α looks at.
LONG_ITERS = 2000
#: From w = 0 the fewest steps are taken near this α; below it steps are timid, above it they zig-zag.
FAST_BEST_ALPHA = 0.1


def _where(w: float) -> str:
    """Name the place a run ended, in the words of the episode."""
    if abs(w - DEEP) < AT_MINIMUM:
        return f"the deep valley (w = {DEEP:g})"
    if abs(w - SHALLOW) < AT_MINIMUM:
        return f"the shallow valley (w = {SHALLOW:g})"
    if abs(w - HILLTOP) < AT_MINIMUM:
        return f"the hilltop (w = {HILLTOP:g}), where the slope is also zero"
    return f"w = {w:.3f}"


@exercise("4.1")
def check_start_right_of_hill(w0) -> CheckResult:
    """Exercise 4.1: a start w0 > 3.5 from which α = 0.15 still ends in the deep valley at w = 1."""
    w0 = read_number(w0, "w0_right", what="a start to the right of the hilltop", example="4.2")
    if w0 == HILLTOP:
        return failed(
            f"w0 = {w0:g} is the hilltop itself: the slope there is 0, so descent never moves. The puzzle "
            "is to start on the right of the hilltop and still end in the deep valley at w = 1."
        )
    if w0 < HILLTOP:
        return failed(
            f"w0 = {w0:.10g} is left of the hilltop at w = {HILLTOP:g}, so it simply rolls down into the "
            "deep valley. The puzzle is to start on the right of the hilltop and still end at w = 1."
        )
    result = COST.descend(w0, JUMP_ALPHA, JUMP_ITERS)
    if result.diverged:
        return failed(
            f"From w0 = {w0:.10g} the wall is so steep that the first steps fly off and the run diverges. "
            "Stay inside the figure (w up to 6.5)."
        )
    if result.converged and abs(result.w - DEEP) < AT_MINIMUM:
        return passed(
            f"From w0 = {w0:.10g} the first step (w = {result.w_history[1]:.2f}) jumps right over the "
            f"hilltop, and the run converges in the deep valley at w = {DEEP:g}. A large α can carry a "
            "run out of the basin it started in."
        )
    ends = "ends in" if result.converged else f"has not converged after {JUMP_ITERS} steps; it is at"
    return failed(
        f"From w0 = {w0:.10g} the run with α = {JUMP_ALPHA} {ends} {_where(result.w)}. In the basins strip "
        f"at α = {JUMP_ALPHA}, look for starts on the right of the hilltop coloured like the deep valley: "
        "a start on a steep wall takes a long first step."
    )


def _factor_text(factor: float) -> str:
    """``factor`` with as few digits as show it is not 1 (0.995, 0.99999), or "1" when it is 1."""
    for digits in range(3, 13):
        text = f"{factor:.{digits}g}"
        if float(text) != 1 or factor == 1:
            return text
    return f"{factor:.15g}"


def _deep_factor(alpha: float) -> tuple[float, float]:
    """(J''(1), |1 − α·J''(1)|): what one step near the deep minimum leaves of the distance (Exercise 4.3)."""
    d2J = float(COST.d2J_dw2(DEEP))
    return d2J, abs(1 - alpha * d2J)


def _reaches_deep_too_slowly(alpha: float, steps: int) -> CheckResult:
    """Exercise 4.2 failed: the run from w = 0 converges to w = 1, but takes more than FAST_ITERS steps."""
    d2J, shrink = _deep_factor(alpha)
    said = f"α = {alpha:.10g} reaches w = 1 but needs {steps} steps, more than {FAST_ITERS}: "
    if alpha < FAST_BEST_ALPHA:
        return failed(
            said + f"near w = 1 each step covers only α·J''(1) = {alpha * d2J:.3g} of the distance left, "
            f"so {shrink:.3g} of it remains after every step. Make α larger, toward 1/J''(1) = {1 / d2J:g}, "
            "which would cover it all in one step."
        )
    return failed(
        said + f"near w = 1 each step overshoots it and lands {shrink:.3g} of the distance away on the other "
        f"side, so the run zig-zags in. Make α smaller, toward 1/J''(1) = {1 / d2J:g}."
    )


def _never_converges(alpha: float, run) -> CheckResult:
    """Exercise 4.2 failed: after LONG_ITERS steps the run from w = 0 is still out of steps."""
    d2J, shrink = _deep_factor(alpha)
    if alpha < FAST_BEST_ALPHA:
        return failed(
            f"With α = {alpha:.10g} the steps are far too timid: after {LONG_ITERS} steps w is only at "
            f"{run.w:.6g} and the slope is still {run.slope:.2g}, so it has not converged. Make α larger."
        )
    late = run.w_history[-50:]
    middle = (float(late.min()) + float(late.max())) / 2
    bottom, near = (DEEP, "the deep valley") if abs(middle - DEEP) < abs(middle - SHALLOW) else (
        SHALLOW, "the shallow valley")
    spread = float(np.abs(late - bottom).max())
    said = (
        f"With α = {alpha:.10g} the run has not converged after {LONG_ITERS} steps: it still zig-zags "
        f"around {near} (w = {bottom:g}), up to {spread:.2g} from its bottom, each step overshooting it. "
    )
    if bottom == SHALLOW:
        said += f"{'Its first step' if run.w_history[1] > HILLTOP else 'It'} crossed the hilltop. "
        d2J_here = float(COST.d2J_dw2(SHALLOW))
        factor = abs(1 - alpha * d2J_here)
    else:
        d2J_here, factor = d2J, shrink
    settles = (
        "it cannot settle there" if factor >= 1
        else f"each overshoot there is still {_factor_text(factor)} of the one before, so it settles only "
        "very slowly"
    )
    said += f"J''({bottom:g}) = {d2J_here:g}, so |1 − α·J''| = {_factor_text(factor)}: {settles}. "
    if bottom == SHALLOW or factor >= 1:
        return failed(said + f"The deep valley needs α below 2/J''(1) = {2 / d2J:g}. Make α smaller.")
    return failed(said + f"Make α smaller, toward 1/J''(1) = {1 / d2J:g}.")


@exercise("4.2")
def check_alpha_fast_to_deep(alpha) -> CheckResult:
    """Exercise 4.2: an α that takes w0 = 0 to the deep minimum, converged, within 15 steps."""
    alpha = read_alpha(alpha, "alpha_fast")
    quick = COST.descend(FAST_W0, alpha, FAST_ITERS)
    if quick.converged and abs(quick.w - DEEP) < AT_MINIMUM:
        return passed(
            f"With α = {alpha:g} the run from w = 0 converges to the deep minimum after "
            f"{quick.stopped_at} steps."
        )
    run = COST.descend(FAST_W0, alpha, LONG_ITERS)
    d2J, _ = _deep_factor(alpha)
    if run.diverged:
        return failed(
            f"α = {alpha:.10g} is far too large: the run diverges. Make α smaller, below 2/J''(1) = "
            f"{2 / d2J:g}."
        )
    if run.stalled:
        return failed(stalled_message(run, alpha))
    if run.converged and abs(run.w - SHALLOW) < AT_MINIMUM:
        return failed(
            f"With α = {alpha:.10g} the first step goes from w = 0 to w = {run.w_history[1]:.2f}, over the "
            f"hilltop at {HILLTOP:g}, and the run settles in the shallow valley. Make α smaller."
        )
    if run.converged and abs(run.w - HILLTOP) < AT_MINIMUM:
        return failed(
            f"With α = {alpha:.10g} the first step lands on the hilltop (w = {run.w_history[1]:.10g}), where "
            "the slope is zero or as good as, so the run stops there. Make α smaller."
        )
    if run.converged:
        return _reaches_deep_too_slowly(alpha, run.stopped_at)
    return _never_converges(alpha, run)


def shrink_factor_reference(alpha, d2J):
    return abs(1 - alpha * d2J)


#: (alpha, J'') pairs: gentle steps, overshooting steps, and steps too long to settle.
SHRINK_CASES = [(0.1, 6.0), (0.05, 10.0), (0.1, 10.0), (0.15, 10.0), (0.25, 10.0), (0.01, 2.0)]
_SIGN = "Check the sign: a step goes downhill, w_new − w_min = (w − w_min) − α·J''·(w − w_min)."
SHRINK_MISTAKES = [
    (
        lambda alpha, d2J: 1 - alpha * d2J,
        "Close: for small α that is right, but when α·J'' > 1 the step overshoots the minimum and "
        "the distance flips sign. The factor is the size of the change, so wrap it in abs().",
    ),
    (lambda alpha, d2J: abs(1 + alpha * d2J), _SIGN),
    (lambda alpha, d2J: 1 + alpha * d2J, _SIGN),
    (
        lambda alpha, d2J: alpha * d2J,
        "α·J'' is the share of the distance one step covers; the factor is what is left after it.",
    ),
    (
        lambda alpha, d2J: abs(1 - 2 * alpha * d2J),
        "d2J is already the second derivative J''(w_min): the slope near the minimum is "
        "J''·(w − w_min), with no extra factor 2.",
    ),
    (
        lambda alpha, d2J: abs(1 - alpha / d2J),
        "The step is α times the slope, and the slope near the minimum is J''·(w − w_min): multiply "
        "α by J'', don't divide.",
    ),
    (
        lambda alpha, d2J: (1 - alpha * d2J) ** 2,
        "The factor multiplies the distance itself, not its square: abs(1 - α·J''), without ** 2.",
    ),
]


@exercise("4.3")
def check_shrink_factor(shrink_factor, *, time_limit: float | None = None) -> CheckResult:
    """Exercise 4.3: ``shrink_factor(alpha, d2J)`` = |1 − α·J''|, what one step leaves of the distance."""
    return check_function(
        shrink_factor,
        shrink_factor_reference,
        SHRINK_CASES,
        name="shrink_factor",
        returns="the factor, one number that is never negative",
        mistakes=SHRINK_MISTAKES,
        success=(
            "shrink_factor is right. At w = 5 with α = 0.1 it is 0.4, so each step keeps 40 % of the "
            "distance; at w = 1 with α = 0.25 it is 1.5, so the deep valley cannot hold that run."
        ),
        time_limit=time_limit,
    )
