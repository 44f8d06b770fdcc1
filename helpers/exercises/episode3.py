"""Checks for Episode 3, the learning rate: a fast α, the divergence threshold, a bouncy α."""

from __future__ import annotations

from ..costs import bowl
from . import CheckResult, check_function, failed, passed
from .episode1 import as_number, not_a_number

#: The bowl of the episode, J(w) = (w - 3)², started at w = 0.
_BOWL = bowl()
W_START = 0.0
#: How far we let a run go when we count the steps it would need.
PATIENCE = 100_000


def _steps_needed(alpha: float) -> str:
    """'needs N steps' or 'does not settle' for the episode's bowl, for a learner's message."""
    result = _BOWL.descend(W_START, alpha, PATIENCE)
    if result.converged:
        return f"needs {result.stopped_at} steps"
    return "never settles"


def _read_alpha(value, name: str):
    """(alpha, None) for a usable learning rate, or (None, CheckResult) saying what to change."""
    alpha = as_number(value)
    if alpha is None:
        return None, not_a_number(name, value, "0.05")
    if alpha <= 0:
        return None, failed(
            f"{name} = {alpha:g}. A learning rate must be above 0: zero never moves, and a negative "
            "α walks uphill."
        )
    return alpha, None


# --- Exercise 3.1: an α that arrives within 20 steps --------------------------------------------

FAST_STEPS = 20
#: What "converged" means, in the words Episode 1 uses (helpers.CONVERGENCE_TOL).
CONVERGED_MEANS = "Converged means a step moves w by less than about a billionth, 1e-9 × (1 + |w|)."


def check_fast_alpha(my_alpha) -> CheckResult:
    """Exercise 3.1: an α with which descent on the bowl from w = 0 converges within 20 steps."""
    alpha, problem = _read_alpha(my_alpha, "my_alpha")
    if problem is not None:
        return problem
    result = _BOWL.descend(W_START, alpha, FAST_STEPS)
    if result.converged:
        return passed(
            f"With α = {alpha:g}, descent converged after {result.stopped_at} steps, within "
            f"{FAST_STEPS}."
        )
    if alpha > _BOWL.alpha_max * (1 + 1e-9):
        where = (
            f"diverged at step {result.stopped_at}"
            if result.diverged
            else f"is at w = {result.w:.4g} after {FAST_STEPS} steps, further out than it started"
        )
        return failed(
            f"With α = {alpha:g}, every jump lands further from the minimum: the run {where}. "
            f"That happens for any α above {_BOWL.alpha_max:g} on this bowl."
        )
    if alpha >= _BOWL.alpha_max * (1 - 1e-9):
        return failed(
            f"With α = {alpha:g}, w bounces between {result.w_history[0]:g} and {result.w_history[1]:g} "
            "forever, never closer. Pick a smaller α."
        )
    distance = abs(result.w - _BOWL.minima[0])
    if alpha < 0.5:
        return failed(
            f"With α = {alpha:g}, descent has not converged after {FAST_STEPS} steps: w is still "
            f"{distance:.2g} from the minimum and still moving. ({CONVERGED_MEANS} It "
            f"{_steps_needed(alpha)}.) The steps are too small: try a larger α. The figure of section 4 "
            "shows how many steps each α needs."
        )
    return failed(
        f"With α = {alpha:g}, w jumps back and forth across the minimum and has not converged after "
        f"{FAST_STEPS} steps: it is still {distance:.2g} away. ({CONVERGED_MEANS} "
        f"It {_steps_needed(alpha)}.) Try a slightly smaller α; the figure of section 4 shows how many "
        "steps each α needs."
    )


# --- Exercise 3.2: the threshold for any bowl ---------------------------------------------------

#: (curvature,) for bowls J(w) = curvature · (w - w_min)².
THRESHOLD_CASES = [(1.0,), (4.0,), (0.25,), (2.5,)]


def threshold_reference(curvature):
    """The α above which descent on curvature·(w − w_min)² diverges: 1 / curvature."""
    return 1.0 / curvature


THRESHOLD_MISTAKES = [
    (
        lambda a: 1 / (2 * a),
        "That is where overshooting starts (the factor 1 - 2·a·α turns negative), but descent still "
        "converges above it. Find where the factor reaches -1.",
    ),
    (
        lambda a: 2 / a,
        "Too big by a factor of 2. Solve 1 - 2·a·α = -1 for α.",
    ),
    (
        lambda a: a,
        "A steeper bowl (larger curvature) needs a smaller α, so the threshold should shrink as the "
        "curvature grows.",
    ),
    (
        lambda a: 2 * a,
        "A steeper bowl (larger curvature) needs a smaller α, so divide by the curvature.",
    ),
    (
        lambda a: 1.0,
        "The threshold depends on the curvature: a steeper bowl needs a smaller α.",
    ),
]


def check_threshold_alpha(threshold_alpha) -> CheckResult:
    """Exercise 3.2: ``threshold_alpha(curvature)`` is the largest α that does not diverge."""
    return check_function(
        threshold_alpha,
        threshold_reference,
        THRESHOLD_CASES,
        name="threshold_alpha",
        mistakes=THRESHOLD_MISTAKES,
        success=f"threshold_alpha is right for all {len(THRESHOLD_CASES)} bowls: the steeper the bowl, "
        "the smaller the largest safe α.",
    )


# --- Exercise 3.3: an α that overshoots and still arrives ---------------------------------------

BOUNCY_STEPS = 100


def check_bouncy_alpha(my_alpha) -> CheckResult:
    """Exercise 3.3: an α that jumps past the minimum at least once yet converges within 100 steps."""
    alpha, problem = _read_alpha(my_alpha, "my_alpha")
    if problem is not None:
        return problem
    result = _BOWL.descend(W_START, alpha, BOUNCY_STEPS)
    w_min = _BOWL.minima[0]
    crossings = int((result.w_history > w_min + 1e-9).sum())
    if result.diverged:
        return failed(
            f"With α = {alpha:g}, descent diverged at step {result.stopped_at}. Stay below the "
            f"threshold α = {_BOWL.alpha_max:g}."
        )
    if crossings == 0 and abs(result.w_history[1] - w_min) < 1e-9:
        return failed(
            f"With α = {alpha:g}, the first step lands exactly on the minimum: no overshoot at all. "
            "Go a little bigger."
        )
    if crossings == 0:
        return failed(
            f"With α = {alpha:g}, w never jumps past the minimum at w = {w_min:g}: it creeps up from the "
            "left. A bigger α makes each step longer than the distance left to go."
        )
    if not result.converged:
        return failed(
            f"With α = {alpha:g}, w overshoots, but it is still bouncing after {BOUNCY_STEPS} steps "
            f"(it {_steps_needed(alpha)}). Pick an α a little further below {_BOWL.alpha_max:g}."
        )
    return passed(
        f"With α = {alpha:g}, w first jumps to {result.w_history[1]:.3f}, past the minimum at "
        f"w = {w_min:g}, lands on the far side {crossings} times in all and still converges after "
        f"{result.stopped_at} steps."
    )
