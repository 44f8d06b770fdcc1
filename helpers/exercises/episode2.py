"""Checks for Episode 2, the derivative term.

Exercise 2.1 a slope from two nearby points, Exercise 2.2 a step that needs only J, Exercise 2.3
a start where the first step goes right.
"""

from __future__ import annotations

import math

from ..costs import bowl, two_valleys
from . import CheckResult, Earlier, Named, check_function, exercise, failed, passed, read_number, stop
from ._running import TIME_LIMIT, call_learner
from .episode1 import ALPHA_TIMES_W, shown, step_reference

_BOWL = bowl()
_STEEP = bowl(w_min=-1.0, curvature=2.5)
_VALLEYS = two_valleys()

BOWL_J = Named(_BOWL.J, "J(w) = (w - 3)²")
STEEP_J = Named(_STEEP.J, "J(w) = 2.5·(w + 1)²")
VALLEYS_J = Named(_VALLEYS.J, "the two-valley J")
#: A cost on which every finite-difference estimate changes with its run h (no polynomial, so no
#: stencil is exact).
EXP_J = Named(math.exp, "J(w) = exp(w)")

#: The exact slope of each test cost, from its formula.
_EXACT = {BOWL_J: _BOWL.dJ_dw, STEEP_J: _STEEP.dJ_dw, VALLEYS_J: _VALLEYS.dJ_dw, EXP_J: math.exp}

#: A slope estimate may differ from the formula by this much (relative) and still count as right.
SLOPE_REL = 1e-3
SLOPE_ABS = 1e-3


def exact_slope(J, w, h=None):
    """The slope of a test cost from its formula; ``h`` is accepted and ignored."""
    return _EXACT[J](w)


# --- Exercise 2.1: the slope from two nearby points ---------------------------------------------

#: (J, w, h): positive and negative slopes, three costs, two sizes of h.
SLOPE_CASES = [
    (BOWL_J, 5.0, 1e-6),
    (BOWL_J, 1.0, 1e-6),
    (STEEP_J, 0.5, 1e-5),
    (VALLEYS_J, 0.0, 1e-6),
    (VALLEYS_J, 4.2, 1e-6),
]

SLOPE_MISTAKES = [
    (
        lambda J, w, h: J(w + h) - J(w),
        "Your estimates are all about 0, as the rise J(w + h) - J(w) alone is for a tiny h. Divide the "
        "rise by the run h: (J(w + h) - J(w)) / h.",
    ),
    (
        lambda J, w, h: J(w + h) - J(w) / h,
        "Put brackets around the rise: (J(w + h) - J(w)) / h. Without them only J(w) is divided by h.",
    ),
    (
        lambda J, w, h: -exact_slope(J, w),
        "Your slopes have the wrong sign. The rise is the later value minus the earlier one: "
        "J(w + h) - J(w).",
    ),
    (
        lambda J, w, h: 2 * exact_slope(J, w),
        "Your slopes are twice too big. If you go from w - h to w + h, the run is 2 * h, not h.",
    ),
    (
        lambda J, w, h: exact_slope(J, w) / 2,
        "Your slopes are half what they should be. From w to w + h the run is h, not 2 * h.",
    ),
]


#: Two large runs: an estimate that ignores the h it is given answers the same for both.
BIG_RUNS = (0.1, 0.2)


def _uses_h(slope_estimate, time_limit) -> None:
    """Stop if ``slope_estimate`` gives the same answer for two different runs h."""
    values = []
    for h in BIG_RUNS:
        call = call_learner(slope_estimate, (EXP_J, 0.0, h), ("J", "w", "h"),
                            time_limit=TIME_LIMIT if time_limit is None else time_limit)
        if not call.ok or isinstance(call.value, bool):
            return  # check_function has said what is wrong with such a call
        try:
            values.append(float(call.value))
        except (TypeError, ValueError):
            return
    if values[0] == values[1]:
        h = BIG_RUNS[0]
        forward = (math.exp(h) - 1.0) / h
        stop(
            f"slope_estimate({EXP_J.label}, w=0, h={h}) and with h={BIG_RUNS[1]} both returned "
            f"{values[0]:.6g}, but rise over run changes with the run: (J({h}) - J(0)) / {h} = "
            f"{forward:.6g}. Your function does not use the h it is given: step to w + h and divide by h, "
            "the argument, not a number of your own."
        )


@exercise("2.1")
def check_slope_estimate(slope_estimate, *, time_limit: float | None = None) -> CheckResult:
    """Exercise 2.1: ``slope_estimate(J, w, h)`` is rise over run between w and w + h."""
    result = check_function(
        slope_estimate,
        exact_slope,
        SLOPE_CASES,
        name="slope_estimate",
        returns="the slope, one number: (J(w + h) - J(w)) / h",
        mistakes=SLOPE_MISTAKES,
        rel=SLOPE_REL,
        abs_=SLOPE_ABS,
        success="Your estimates match the slope formulas on all "
        f"{len(SLOPE_CASES)} test cases, to better than 0.1 %.",
        time_limit=time_limit,
    )
    if result.passed:
        _uses_h(slope_estimate, time_limit)
    return result


# --- Exercise 2.2: one step that needs nothing but J --------------------------------------------

#: (J, w, alpha)
NUMERIC_STEP_CASES = [
    (BOWL_J, 5.0, 0.1),
    (BOWL_J, 1.0, 0.1),
    (STEEP_J, 0.5, 0.05),
    (VALLEYS_J, 4.2, 0.05),
    (EXP_J, 0.0, 0.2),  # no stencil is exact here: a slope taken over a run as long as alpha is off
]


def numeric_step_reference(J, w, alpha):
    """One gradient descent step, with the slope taken from the formula."""
    return step_reference(w, exact_slope(J, w), alpha)


NUMERIC_STEP_MISTAKES = [
    (
        lambda J, w, alpha: w + alpha * exact_slope(J, w),
        "Your step goes uphill: it adds alpha times the slope. Subtract it: w - alpha * slope.",
    ),
    (
        lambda J, w, alpha: w - exact_slope(J, w),
        "You subtract the whole slope. Multiply it by alpha first: w - alpha * slope.",
    ),
    (lambda J, w, alpha: w - alpha * w, ALPHA_TIMES_W.replace("dj_dw", "slope_estimate(J, w)")),
    (
        lambda J, w, alpha: w - alpha * J(w),
        "You step by alpha times J(w), the height. Step by alpha times the slope: "
        "w - alpha * slope_estimate(J, w).",
    ),
    (
        lambda J, w, alpha: -alpha * exact_slope(J, w),
        "You return only the change. Return the new w: w - alpha * slope.",
    ),
    (
        lambda J, w, alpha: exact_slope(J, w),
        "You return the slope itself. Use it to move w: w - alpha * slope.",
    ),
]


@exercise("2.2")
def check_numeric_step(numeric_step, *, time_limit: float | None = None) -> CheckResult:
    """Exercise 2.2: ``numeric_step(J, w, alpha)`` takes one step using an estimated slope."""
    return check_function(
        numeric_step,
        numeric_step_reference,
        NUMERIC_STEP_CASES,
        name="numeric_step",
        returns="the new w, one number",
        mistakes=NUMERIC_STEP_MISTAKES,
        earlier=[Earlier("slope_estimate", "2.1", exact_slope, check_slope_estimate,
                         called_wrong="The run h it then uses is too long for a good slope: pass a small "
                         "one, slope_estimate(J, w, 1e-6) (a run such as alpha, or a default of 0.1, gives "
                         "only a rough slope).")],
        rel=SLOPE_REL,
        abs_=SLOPE_ABS,
        success="numeric_step lands where the slope formula says, on all "
        f"{len(NUMERIC_STEP_CASES)} test cases. You can now descend any J you can compute.",
        time_limit=time_limit,
    )


# --- Exercise 2.3: a start where the first step goes right --------------------------------------

RIGHT_ALPHA = 0.05


@exercise("2.3")
def check_step_goes_right(w_start) -> CheckResult:
    """Exercise 2.3: a w on the two-valley cost where one step makes w larger."""
    cost = _VALLEYS
    w0 = read_number(w_start, "w_start", example="2.0")
    slope = float(cost.dJ_dw(w0)) + 0.0  # plain floats: a huge w gives ±inf, never a warning
    w1 = step_reference(w0, slope, RIGHT_ALPHA)
    if not (math.isfinite(slope) and math.isfinite(w1)):
        return failed(
            f"At w = {shown(w0)} the slope is too large to compute (it overflows). Pick a start on the "
            f"drawn curve, between {cost.w_range[0]:g} and {cost.w_range[1]:g}."
        )
    if abs(slope) < 1e-9:
        return failed(
            f"At w = {shown(w0)} the slope is 0: the curve is flat there, so the step is 0 and w stays put. "
            "Look for a place where the curve goes down as w grows."
        )
    if slope > 0:
        return failed(
            f"At w = {shown(w0)} the slope is {slope:+.3g}: the curve rises to the right, so w − α·slope is "
            f"smaller and w moves left, to {w1:.4g}. Look for a place where the curve goes down as w grows."
        )
    nearest = min(m for m in cost.minima if m > w0)
    detour = ", even though the deeper valley lies to the left" if nearest > min(cost.minima) else ""
    far = (
        f" Out there the curve is so steep that the step flies past both valleys, off the drawn curve: "
        f"α = {RIGHT_ALPHA} is too large for such a slope (Episode 3)."
        if w1 > cost.w_range[1]
        else ""
    )
    return passed(
        f"At w = {shown(w0)} the slope is {slope:+.3g}, negative, so w − α·slope = {w1:.4g} is larger: "
        f"w moves right, downhill towards the valley at w = {nearest:g}{detour}. The slope only knows "
        f"the ground under your feet.{far}"
    )
