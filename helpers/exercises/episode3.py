"""Checks for Episode 3, the learning rate.

Exercise 3.1 an α that converges fast, Exercise 3.2 the divergence threshold, Exercise 3.3 an α
that overshoots and still converges. A run counts as converged only when the slope has become
close to 0 (``helpers.GRADIENT_TOL``), never merely because w stopped moving: a far too small α
is named as such, with the advice to make it larger.
"""

from __future__ import annotations

import math

import numpy as np

from .. import descent
from ..costs import bowl
from . import CheckResult, check_function, exercise, failed, passed, read_number, stop

#: The bowl of the episode, J(w) = (w - 3)², started at w = 0.
_BOWL = bowl()
W_START = 0.0
W_MIN = _BOWL.minima[0]
#: J'' of the bowl: the α that lands on the minimum in one step is 1 / J''.
D2J = float(_BOWL.d2J_dw2(W_MIN))
BEST_ALPHA = 1.0 / D2J


def _power_of_ten(value: float) -> str:
    exponent = math.log10(value)
    return f"1e{round(exponent)}" if abs(exponent - round(exponent)) < 1e-9 else f"{value:g}"


#: What "converged" means, in the words of the course (helpers.GRADIENT_TOL).
CONVERGED_MEANS = (
    "Converged means the slope is close to 0: it has shrunk to at most "
    f"{_power_of_ten(descent.GRADIENT_TOL)} of its size at the start. A w that merely stopped "
    "moving has not converged."
)


def steps_needed(alpha: float) -> int | None:
    """How many steps descent on the bowl needs to converge with ``alpha`` (None: never)."""
    shrink = abs(1 - alpha * D2J)  # each step multiplies the slope by this
    if shrink == 0:
        return 1
    if shrink >= 1:
        return None
    return math.ceil(math.log(descent.GRADIENT_TOL) / math.log(shrink))


def _needs(alpha: float) -> str:
    steps = steps_needed(alpha)
    return "It never converges." if steps is None else f"It would need about {steps:,} steps."


def read_alpha(value, name: str, *, what: str = "a learning rate", example: str = "0.05") -> float:
    """A usable learning rate, or stop the check saying what to change."""
    alpha = read_number(value, name, what=what, example=example)
    if alpha <= 0:
        stop(
            f"{name} = {alpha:g}. A learning rate must be above 0: zero never moves, and a negative "
            "α walks uphill."
        )
    return alpha


def stalled_message(result, alpha: float, moving: str = "w") -> str:
    """The words for a run that stopped moving while the slope was still large."""
    slope = result.slope
    slope = f"{slope:.2g}" if np.ndim(slope) == 0 else f"{float(np.linalg.norm(slope)):.2g} in size"
    return (
        f"With α = {alpha:g}, descent stalled after {result.stopped_at} step"
        f"{'' if result.stopped_at == 1 else 's'}: {moving} moved only {result.moved:.2g} in all, while "
        f"the slope is still {slope}. That is not converged, just stuck: α is far too small to make "
        "progress. Make α larger."
    )


# --- Exercise 3.1: an α that arrives within 20 steps --------------------------------------------

FAST_STEPS = 20


@exercise("3.1")
def check_fast_alpha(my_alpha) -> CheckResult:
    """Exercise 3.1: an α with which descent on the bowl from w = 0 converges within 20 steps."""
    alpha = read_alpha(my_alpha, "my_alpha")
    result = _BOWL.descend(W_START, alpha, FAST_STEPS)
    if result.converged:
        return passed(
            f"With α = {alpha:g}, descent converged after {result.stopped_at} "
            f"step{'' if result.stopped_at == 1 else 's'}, within {FAST_STEPS}: the slope is now "
            f"{abs(result.slope):.2g}, close to 0."
        )
    if result.stalled:
        return failed(stalled_message(result, alpha))
    if alpha > _BOWL.alpha_max * (1 + 1e-9):
        where = (
            f"diverged at step {result.stopped_at}"
            if result.diverged
            else f"is at w = {result.w:.4g} after {FAST_STEPS} steps, further out than it started"
        )
        return failed(
            f"With α = {alpha:g}, every jump lands further from the minimum: the run {where}. "
            f"That happens for any α above {_BOWL.alpha_max:g} on this bowl. Make α smaller."
        )
    if alpha >= _BOWL.alpha_max * (1 - 1e-9):
        return failed(
            f"With α = {alpha:g}, w bounces between {result.w_history[0]:g} and {result.w_history[1]:g} "
            "forever, never closer. Make α smaller."
        )
    distance = abs(result.w - W_MIN)
    if alpha < BEST_ALPHA:
        return failed(
            f"With α = {alpha:g}, descent has not converged after {FAST_STEPS} steps: w is still "
            f"{distance:.2g} from the minimum and the slope is {result.slope:.2g}. ({CONVERGED_MEANS} "
            f"{_needs(alpha)}) The steps are too small: make α larger. The figure of section 4 shows "
            "how many steps each α needs."
        )
    return failed(
        f"With α = {alpha:g}, w jumps back and forth across the minimum and has not converged after "
        f"{FAST_STEPS} steps: it is still {distance:.2g} away. ({CONVERGED_MEANS} {_needs(alpha)}) "
        "Make α a little smaller; the figure of section 4 shows how many steps each α needs."
    )


# --- Exercise 3.2: the threshold for any bowl ---------------------------------------------------

#: (d2J,): the second derivative J'' of bowls J(w) = (J''/2)·(w − w_min)².
THRESHOLD_CASES = [(2.0,), (8.0,), (0.5,), (5.0,)]


def threshold_reference(d2J):
    """The α above which descent on a bowl with second derivative J'' diverges: 2 / J''."""
    return 2.0 / d2J


THRESHOLD_MISTAKES = [
    (
        lambda d2J: 1 / d2J,
        "That α lands on the minimum in one step (the factor 1 - α·J'' is 0); descent still converges "
        "above it. Find where the factor reaches -1.",
    ),
    (lambda d2J: 4 / d2J, "Too big by a factor of 2. Solve 1 - α·J'' = -1 for α."),
    (lambda d2J: 1 / (2 * d2J), "Too small by a factor of 4. Solve 1 - α·J'' = -1 for α."),
    (lambda d2J: -2 / d2J, "A learning rate is positive: solve 1 - α·J'' = -1 for α and check the sign."),
    (
        lambda d2J: d2J / 2,
        "A steeper bowl (larger J'') needs a smaller α, so the threshold should shrink as J'' grows: "
        "divide by J''.",
    ),
    (lambda d2J: 2 * d2J, "A steeper bowl (larger J'') needs a smaller α, so divide by J''."),
    (lambda d2J: 2.0, "The threshold depends on J'': a steeper bowl needs a smaller α."),
]


@exercise("3.2")
def check_threshold_alpha(threshold_alpha, *, time_limit: float | None = None) -> CheckResult:
    """Exercise 3.2: ``threshold_alpha(d2J)`` = 2 / J'', the largest α that does not diverge."""
    return check_function(
        threshold_alpha,
        threshold_reference,
        THRESHOLD_CASES,
        name="threshold_alpha",
        returns="the largest safe learning rate, one number",
        mistakes=THRESHOLD_MISTAKES,
        success=f"threshold_alpha is right for all {len(THRESHOLD_CASES)} bowls: the larger J'', the "
        "smaller the largest safe α.",
        time_limit=time_limit,
    )


#: (curvature,) for bowls J(w) = curvature · (w - w_min)², as Exercise 3.2 was first asked.
CURVATURE_CASES = [(1.0,), (4.0,), (0.25,), (2.5,)]


def curvature_threshold_reference(curvature):
    """The α above which descent on curvature·(w − w_min)² diverges: 1 / curvature (J'' = 2·curvature)."""
    return 1.0 / curvature


CURVATURE_MISTAKES = [
    (
        lambda a: 1 / (2 * a),
        "That is where overshooting starts (the factor 1 - 2·a·α turns negative), but descent still "
        "converges above it. Find where the factor reaches -1.",
    ),
    (lambda a: 2 / a, "Too big by a factor of 2. Solve 1 - 2·a·α = -1 for α."),
    (lambda a: -1 / a, "A learning rate is positive: solve 1 - 2·a·α = -1 for α and check the sign."),
    (
        lambda a: a,
        "A steeper bowl (larger curvature) needs a smaller α, so the threshold should shrink as the "
        "curvature grows.",
    ),
    (lambda a: 2 * a, "A steeper bowl (larger curvature) needs a smaller α, so divide by the curvature."),
    (lambda a: 1.0, "The threshold depends on the curvature: a steeper bowl needs a smaller α."),
]


@exercise("3.2")
def check_threshold_from_curvature(threshold_alpha, *, time_limit: float | None = None) -> CheckResult:
    """Exercise 3.2 as first asked: ``threshold_alpha(curvature)`` = 1 / curvature for curvature·(w − w_min)².

    Kept for notebooks that still ask it this way; the episode now asks in terms of J''.
    """
    return check_function(
        threshold_alpha,
        curvature_threshold_reference,
        CURVATURE_CASES,
        name="threshold_alpha",
        returns="the largest safe learning rate, one number",
        mistakes=CURVATURE_MISTAKES,
        success=f"threshold_alpha is right for all {len(CURVATURE_CASES)} bowls: the steeper the bowl, "
        "the smaller the largest safe α.",
        time_limit=time_limit,
    )


# --- Exercise 3.3: an α that overshoots and still arrives ---------------------------------------

BOUNCY_STEPS = 100


#: How far past the minimum a step must land to count as an overshoot (a hair's breadth does not).
OVERSHOOT = 1e-6


@exercise("3.3")
def check_bouncy_alpha(my_alpha) -> CheckResult:
    """Exercise 3.3: an α that jumps past the minimum at least once yet converges within 100 steps."""
    alpha = read_alpha(my_alpha, "my_alpha")
    result = _BOWL.descend(W_START, alpha, BOUNCY_STEPS)
    crossings = int((result.w_history > W_MIN + OVERSHOOT).sum())
    if result.diverged or alpha > _BOWL.alpha_max * (1 + 1e-9):
        ended = f"diverged at step {result.stopped_at}" if result.diverged else "moves further out each step"
        return failed(
            f"With α = {alpha:g}, descent {ended}. Make α smaller: stay below the threshold "
            f"α = {_BOWL.alpha_max:g}."
        )
    if result.stalled:
        return failed(stalled_message(result, alpha))
    if crossings == 0 and result.iterations and abs(result.w_history[1] - W_MIN) <= OVERSHOOT:
        return failed(
            f"With α = {alpha:.10g}, the first step lands on the minimum (within {OVERSHOOT:g}): no "
            "overshoot to speak of. Make α a little larger."
        )
    if crossings == 0:
        return failed(
            f"With α = {alpha:g}, w never jumps past the minimum at w = {W_MIN:g}: it creeps up from the "
            "left. Make α larger, so that each step is longer than the distance left to go."
        )
    if not result.converged:
        return failed(
            f"With α = {alpha:g}, w overshoots, but it has not converged after {BOUNCY_STEPS} steps: "
            f"the slope is still {result.slope:.2g}. ({CONVERGED_MEANS} {_needs(alpha)}) Make α a "
            f"little smaller, further below {_BOWL.alpha_max:g}."
        )
    return passed(
        f"With α = {alpha:.10g}, w first jumps to {result.w_history[1]:.7g}, past the minimum at "
        f"w = {W_MIN:g}, lands on the far side {crossings} times in all and still converges after "
        f"{result.stopped_at} steps."
    )
