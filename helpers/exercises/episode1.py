"""Checks for Episode 1, walking downhill.

Exercise 1.1 the update rule, Exercise 1.2 the descent loop, Exercise 1.3 a start in the other
valley.
"""

from __future__ import annotations

from ..costs import bowl, two_valleys
from . import CheckResult, Earlier, Named, check_function, exercise, failed, passed, read_number


def shown(w: float) -> str:
    """A learner's number as they typed it (3.5000001 stays 3.5000001), for messages."""
    return f"{w:.15g}"


def step_reference(w, dj_dw, alpha):
    """One gradient descent update, w - alpha * dj_dw."""
    return w - alpha * dj_dw


# --- Exercise 1.1: the update rule --------------------------------------------------------------

#: (w, dj_dw, alpha): slopes of both signs, a zero slope, big and small numbers.
# The last case's answer, 0.3 - 0.0123 * 0.456 = 0.2943912, has seven decimals, so a rounded update fails.
UPDATE_CASES = [(5.0, 4.0, 0.1), (1.0, -4.0, 0.1), (3.0, 0.0, 0.5), (-2.0, 6.0, 0.01), (200.0, -650.0, 0.001),
                (0.3, 0.456, 0.0123)]

#: Said when alpha multiplies w instead of the slope, here and in later exercises.
ALPHA_TIMES_W = "You multiply alpha by w itself. The step is alpha times the slope: w - alpha * dj_dw."

UPDATE_MISTAKES = [
    (
        lambda w, dj_dw, alpha: w + alpha * dj_dw,
        "Your update walks uphill: it adds alpha * dj_dw. Subtract it instead, w - alpha * dj_dw.",
    ),
    (
        lambda w, dj_dw, alpha: w - dj_dw,
        "You subtract the whole slope. Multiply it by the learning rate first: w - alpha * dj_dw.",
    ),
    (
        lambda w, dj_dw, alpha: w - alpha,
        "You subtract alpha alone, so every step has the same size whatever the slope. Use alpha * dj_dw.",
    ),
    (lambda w, dj_dw, alpha: w - alpha * w, ALPHA_TIMES_W),
    (
        lambda w, dj_dw, alpha: w - 2 * alpha * dj_dw,
        "Your step is twice as long: 2 * alpha * dj_dw. The 2 of a derivative such as 2(w - 3) is "
        "already inside dj_dw; step by alpha * dj_dw, w - alpha * dj_dw.",
    ),
    (
        lambda w, dj_dw, alpha: w - dj_dw / alpha,
        "You divide the slope by alpha. Multiply instead: w - alpha * dj_dw.",
    ),
    (
        lambda w, dj_dw, alpha: -alpha * dj_dw,
        "You return only the change, -alpha * dj_dw. Return the new w: the old w plus that change.",
    ),
    (
        lambda w, dj_dw, alpha: alpha * dj_dw,
        "You return only alpha * dj_dw. Return the new w: w - alpha * dj_dw.",
    ),
]


@exercise("1.1")
def check_update(update, *, time_limit: float | None = None) -> CheckResult:
    """Exercise 1.1: ``update(w, dj_dw, alpha)`` returns the new w after one step."""
    return check_function(
        update,
        step_reference,
        UPDATE_CASES,
        name="update",
        returns="the new w, one number",
        mistakes=UPDATE_MISTAKES,
        success="update moves w against the slope by alpha times the slope, on all "
        f"{len(UPDATE_CASES)} test cases.",
        time_limit=time_limit,
    )


# --- Exercise 1.2: the descent loop -------------------------------------------------------------

_BOWL = bowl()
_VALLEYS = two_valleys()
BOWL_SLOPE = Named(_BOWL.dJ_dw, "dJ_dw of J(w) = (w - 3)²")
VALLEYS_SLOPE = Named(_VALLEYS.dJ_dw, "dJ_dw of the two-valley cost")

#: (w_in, alpha, num_iters, dJ_dw): the order of ``cost.descend(w_in, alpha, num_iters)``, plus the slope.
DESCEND_CASES = [
    (0.0, 0.1, 5, BOWL_SLOPE),
    (8.0, 0.3, 3, BOWL_SLOPE),
    (6.0, 0.05, 4, VALLEYS_SLOPE),
    (1.0, 0.1, 0, BOWL_SLOPE),
    (5.0, 0.5, 3, BOWL_SLOPE),  # lands on the bottom in one step, then stays: still 3 steps
]


def descend_reference(w_in, alpha, num_iters, dJ_dw):
    """Every w from the start to the last step: ``num_iters + 1`` values."""
    w_history = [float(w_in)]
    for _ in range(num_iters):
        w_history.append(step_reference(w_history[-1], dJ_dw(w_history[-1]), alpha))
    return w_history


def _without_start(w_in, alpha, num_iters, dJ_dw):
    return descend_reference(w_in, alpha, num_iters, dJ_dw)[1:]


def _last_only(w_in, alpha, num_iters, dJ_dw):
    return descend_reference(w_in, alpha, num_iters, dJ_dw)[-1]


def _uphill(w_in, alpha, num_iters, dJ_dw):
    return descend_reference(w_in, -alpha, num_iters, dJ_dw)


def _alpha_times_w(w_in, alpha, num_iters, dJ_dw):
    w_history = [w_in]
    for _ in range(num_iters):
        w_history.append(w_history[-1] - alpha * w_history[-1])
    return w_history


def _slope_never_updated(w_in, alpha, num_iters, dJ_dw):
    """Each step uses the slope at the start instead of the slope where w now is."""
    slope = dJ_dw(w_in)
    return [w_in - k * alpha * slope for k in range(num_iters + 1)]


def _w_never_updated(w_in, alpha, num_iters, dJ_dw):
    """Each step starts again from w_in."""
    return [w_in] + [w_in - alpha * dJ_dw(w_in)] * num_iters


def _one_step_too_many(w_in, alpha, num_iters, dJ_dw):
    return descend_reference(w_in, alpha, num_iters + 1, dJ_dw)


def _one_step_short(w_in, alpha, num_iters, dJ_dw):
    return descend_reference(w_in, alpha, max(num_iters - 1, 0), dJ_dw)


def _returns_inside_loop(w_in, alpha, num_iters, dJ_dw):
    """``return w_history`` indented into the loop: back after one step, None with no steps."""
    return descend_reference(w_in, alpha, 1, dJ_dw) if num_iters > 0 else None


def _stores_before_stepping(w_in, alpha, num_iters, dJ_dw):
    """``w_history.append(w)`` before the update: the start twice, the last step missing."""
    visited = descend_reference(w_in, alpha, num_iters, dJ_dw)
    return [visited[0]] + visited[:-1]


def _stops_at_the_bottom(w_in, alpha, num_iters, dJ_dw):
    """A loop that breaks once the slope is (nearly) 0: fewer than num_iters steps."""
    w_history = [float(w_in)]
    for _ in range(num_iters):
        slope = dJ_dw(w_history[-1])
        if abs(slope) < 1e-3:
            break
        w_history.append(step_reference(w_history[-1], slope, alpha))
    return w_history


DESCEND_MISTAKES = [
    (_last_only, "You return only the last w. Return the whole list, starting with w_in."),
    (
        _without_start,
        "Your list is missing the start: begin it with w_in, so it holds num_iters + 1 values.",
    ),
    (_uphill, "Your w climbs: the update must subtract alpha * dJ_dw(w), not add it."),
    (
        _alpha_times_w,
        "Each step multiplies alpha by w itself. Step by alpha times the slope there: w - alpha * dJ_dw(w).",
    ),
    (
        _slope_never_updated,
        "Every step uses the slope at the start. Take dJ_dw(w) at the current w inside the loop.",
    ),
    (
        _w_never_updated,
        "Each step starts again from w_in. Assign the new value back to w inside the loop.",
    ),
    (
        _returns_inside_loop,
        "Your return is inside the loop, so the function stops after the first step (and returns "
        "None when there are no steps). Move return w_history out of the loop: unindent it.",
    ),
    (
        _stores_before_stepping,
        "Your list holds the start twice and misses the last step: you append w before updating it. "
        "Append after the update, so each step adds the w it arrived at.",
    ),
    (
        _stops_at_the_bottom,
        "Your list ends early, where the slope is 0. descend takes exactly num_iters steps, even once w "
        "stops moving (at the bottom each step leaves w where it is): keep appending.",
    ),
    (
        _one_step_too_many,
        "Your loop takes one step too many: num_iters steps give num_iters + 1 values with the start. "
        "Loop with for _ in range(num_iters).",
    ),
    (
        _one_step_short,
        "Your loop takes one step too few: num_iters steps give num_iters + 1 values with the start. "
        "Loop with for _ in range(num_iters).",
    ),
]


@exercise("1.2")
def check_descend(descend, *, time_limit: float | None = None) -> CheckResult:
    """Exercise 1.2: ``descend(w_in, alpha, num_iters, dJ_dw)`` returns every w, start first."""
    return check_function(
        descend,
        descend_reference,
        DESCEND_CASES,
        name="descend",
        returns="the list of every w it visited, the start first (num_iters + 1 numbers)",
        mistakes=DESCEND_MISTAKES,
        earlier=[Earlier("update", "1.1", step_reference, check_update)],
        success="descend returns the start and every step after it, on all "
        f"{len(DESCEND_CASES)} test cases. That loop is gradient descent.",
        time_limit=time_limit,
    )


# --- Exercise 1.3: a start that ends in the other valley ----------------------------------------

VALLEY_ALPHA = 0.05
VALLEY_ITERS = 500
#: The top of the hill between the two valleys, where the slope is 0.
HILLTOP = 3.5
#: Beyond this distance from 0 the two-valley curve is so steep that a step of α = 0.05 always
#: lands further out than it started: descent diverges (tests check the edge with the package).
FAR_OUT = 1e3


def _leaps_the_hill(w0: float, w1: float) -> bool:
    """Does the first step jump from one side of the hilltop to the other?"""
    return (w0 - HILLTOP) * (w1 - HILLTOP) < 0


def _diverges_from(w0: float, w1: float | None = None) -> CheckResult:
    landing = f" the first step lands at w = {w1:.4g}, even further out, and" if w1 is not None else ""
    return failed(
        f"From w = {shown(w0)} the curve is so steep that{landing} descent with alpha = {VALLEY_ALPHA} "
        f"diverges (Episode 3 explains why). Pick a start nearer the valleys: the figure shows "
        f"{_VALLEYS.w_range[0]:g} to {_VALLEYS.w_range[1]:g}."
    )


def _ends_in_shallow_valley(w0: float, end: float, leap: str) -> CheckResult:
    """Exercise 1.3 passed: descent from w0 converged at ``end``, the shallow valley's bottom."""
    shallow = f"the bottom of the shallow valley, where J = {_VALLEYS.J(5.0):.2f}"
    if abs(w0 - 5.0) < 1e-9:
        return passed(
            f"w = {shown(w0)} is already {shallow}: the slope there is 0, so descent never moves. The "
            "deeper valley at w = 1 has J = 0, but downhill from here never leads there."
        )
    return passed(
        f"From w = {shown(w0)}, {leap}descent with alpha = {VALLEY_ALPHA} converges at w = {end:.3f}, "
        f"{shallow}. The deeper valley at w = 1 has J = 0, but downhill from your start never leads "
        "there."
    )


def _rolls_into_deep_valley(w0: float, leap: str) -> CheckResult:
    """Exercise 1.3 failed: descent from w0 converged in the deep valley at w = 1."""
    if leap:
        return failed(
            f"From w = {shown(w0)}, {leap}descent rolls into the deep valley at w = 1. Start nearer "
            "the shallow valley, so the steps stay on its side of the hill."
        )
    return failed(
        f"From w = {shown(w0)}, descent rolls down into the deep valley at w = 1. Look at the curve: "
        "which side of the hill between the two valleys is your start on?"
    )


@exercise("1.3")
def check_other_valley(w_start) -> CheckResult:
    """Exercise 1.3: a starting w from which descent on the two-valley cost ends near w = 5."""
    cost = _VALLEYS
    w0 = read_number(w_start, "w_start", example="2.0")
    if abs(w0) > FAR_OUT:
        return _diverges_from(w0)
    result = cost.descend(w0, VALLEY_ALPHA, VALLEY_ITERS)
    if result.diverged:
        return _diverges_from(w0, float(result.w_history[1]) if result.iterations else None)
    end, w1 = result.w, float(result.w_history[min(1, result.iterations)])
    leap = (
        f"the first step is long (the curve is steep there) and leaps over the hill to w = {w1:.2f}; then "
        if _leaps_the_hill(w0, w1)
        else ""
    )
    if result.converged and abs(end - 5.0) < 1e-3:
        return _ends_in_shallow_valley(w0, end, leap)
    if result.converged and abs(end - 1.0) < 1e-3:
        return _rolls_into_deep_valley(w0, leap)
    if result.converged:
        return failed(
            f"From w = {shown(w0)}, descent stays at w = {end:.3f}, where the slope is "
            f"{cost.dJ_dw(end) + 0.0:.2g}: that is the flat top of the hill, not a valley. Nudge the "
            "start a little to one side."
        )
    return failed(
        f"From w = {shown(w0)}, descent has not converged after {VALLEY_ITERS} steps (it is at "
        f"w = {end:.3f}, where the slope is still {cost.dJ_dw(end) + 0.0:.2g}): you started almost "
        "exactly on the flat top of the hill, where steps are tiny. Nudge the start a little to one side."
    )
