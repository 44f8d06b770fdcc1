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


def _reaches_deep_too_slowly(alpha: float, steps: int) -> CheckResult:
    """Exercise 4.2 failed: the run from w = 0 converges to w = 1, but takes more than FAST_ITERS steps."""
    if alpha < FAST_BEST_ALPHA:
        return failed(
            f"α = {alpha:g} reaches w = 1 but needs {steps} steps, more than {FAST_ITERS}: the steps "
            "are too timid. Make α larger."
        )
    return failed(
        f"α = {alpha:g} reaches w = 1 but needs {steps} steps, more than {FAST_ITERS}: each step "
        "overshoots and the run zig-zags around the minimum. Make α a little smaller."
    )


def _never_converges(alpha: float, run, d2J: float) -> CheckResult:
    """Exercise 4.2 failed: after LONG_ITERS steps the run from w = 0 is still out of steps."""
    if alpha < FAST_BEST_ALPHA:
        return failed(
            f"With α = {alpha:g} the steps are far too timid: after {LONG_ITERS} steps w is only at "
            f"{run.w:.6g} and the slope is still {run.slope:.2g}, so it has not converged. Make α larger."
        )
    late = run.w_history[-50:]
    middle = (float(late.min()) + float(late.max())) / 2
    bottom, near = (DEEP, "the deep valley") if abs(middle - DEEP) < abs(middle - SHALLOW) else (
        SHALLOW, "the shallow valley")
    spread = float(np.abs(late - bottom).max())
    said = (
        f"With α = {alpha:g} the run has not converged after {LONG_ITERS} steps: it still zig-zags around "
        f"{near} (w = {bottom:g}), up to {spread:.2g} from its bottom, each step overshooting it. "
    )
    if bottom == SHALLOW:
        d2J_here = float(COST.d2J_dw2(SHALLOW))
        shrink = abs(1 - alpha * d2J_here)  # what one step there leaves of the distance (Exercise 4.3)
        settles = (
            "it cannot settle even there" if shrink >= 1
            else f"each overshoot there is still {shrink:.3g} of the one before, so it settles only very "
            "slowly"
        )
        said += (
            f"{'Its first step' if run.w_history[1] > HILLTOP else 'It'} crossed the hilltop. "
            f"J''({SHALLOW:g}) = {d2J_here:g}, so |1 − α·J''| = {shrink:.3g}: {settles}. "
        )
    return failed(said + f"J''(1) = {d2J:g}, so the deep valley needs α below 2/{d2J:g} = {2 / d2J:g}. "
                  "Make α smaller.")


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
    d2J = float(COST.d2J_dw2(DEEP))
    if run.diverged:
        return failed(
            f"α = {alpha:g} is far too large: the run diverges. Make α smaller, below 2/J''(1) = {2 / d2J:g}."
        )
    if run.stalled:
        return failed(stalled_message(run, alpha))
    if run.converged and abs(run.w - SHALLOW) < AT_MINIMUM:
        return failed(
            f"With α = {alpha:g} the first step goes from w = 0 to w = {run.w_history[1]:.2f}, over the "
            f"hilltop at {HILLTOP:g}, and the run settles in the shallow valley. Make α smaller."
        )
    if run.converged and abs(run.w - HILLTOP) < AT_MINIMUM:
        return failed(
            f"With α = {alpha:g} the first step lands exactly on the hilltop, where the slope is zero, "
            "so the run stops there. Make α smaller."
        )
    if run.converged:
        return _reaches_deep_too_slowly(alpha, run.stopped_at)
    return _never_converges(alpha, run, d2J)


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
