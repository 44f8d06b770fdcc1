"""Checks for Episode 1, walking downhill: the update rule, the descent loop, two valleys."""

from __future__ import annotations

import numbers

import numpy as np

from ..costs import bowl, two_valleys
from ..descent import step
from . import CheckResult, check_function, failed, passed


class Named:
    """A function that prints under a readable name, so a check's message can show its cases."""

    def __init__(self, fn, label: str):
        self.fn = fn
        self.label = label

    def __call__(self, *args):
        return self.fn(*args)

    def __repr__(self) -> str:
        return self.label


def as_number(value):
    """The learner's value as a float, or None when it is not one real, finite number."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    try:
        value = float(value)
    except OverflowError:  # an int with hundreds of digits
        return None
    return value if np.isfinite(value) else None


def not_a_number(name: str, value, example: str) -> CheckResult:
    """The message for a pick-a-value exercise whose answer is not a number yet."""
    return failed(
        f"{name} is {value!r}; set it to a number without quotes, such as {example}, and run the cell."
    )


# --- Exercise 1.1: the update rule --------------------------------------------------------------

#: (w, dj_dw, alpha): slopes of both signs, a zero slope, big and small numbers.
UPDATE_CASES = [(5.0, 4.0, 0.1), (1.0, -4.0, 0.1), (3.0, 0.0, 0.5), (-2.0, 6.0, 0.01), (200.0, -650.0, 0.001)]

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
    (
        lambda w, dj_dw, alpha: -alpha * dj_dw,
        "You return only the change, -alpha * dj_dw. Return the new w: the old w plus that change.",
    ),
    (
        lambda w, dj_dw, alpha: alpha * dj_dw,
        "You return only alpha * dj_dw. Return the new w: w - alpha * dj_dw.",
    ),
]


def check_update(update) -> CheckResult:
    """Exercise 1.1: ``update(w, dj_dw, alpha)`` returns the new w after one step."""
    return check_function(
        update,
        step,
        UPDATE_CASES,
        name="update",
        mistakes=UPDATE_MISTAKES,
        success="update moves w against the slope by alpha times the slope, on all "
        f"{len(UPDATE_CASES)} test cases.",
    )


# --- Exercise 1.2: the descent loop -------------------------------------------------------------

_BOWL = bowl()
_VALLEYS = two_valleys()
BOWL_SLOPE = Named(_BOWL.dJ_dw, "dJ_dw of J(w) = (w - 3)²")
VALLEYS_SLOPE = Named(_VALLEYS.dJ_dw, "dJ_dw of the two-valley cost")

#: (dJ_dw, w_in, alpha, num_iters)
DESCEND_CASES = [
    (BOWL_SLOPE, 0.0, 0.1, 5),
    (BOWL_SLOPE, 8.0, 0.3, 3),
    (VALLEYS_SLOPE, 6.0, 0.05, 4),
    (BOWL_SLOPE, 1.0, 0.1, 0),
]


def descend_reference(dJ_dw, w_in, alpha, num_iters):
    """Every w from the start to the last step: ``num_iters + 1`` values."""
    w_history = [float(w_in)]
    for _ in range(num_iters):
        w_history.append(step(w_history[-1], dJ_dw(w_history[-1]), alpha))
    return w_history


def _without_start(dJ_dw, w_in, alpha, num_iters):
    return descend_reference(dJ_dw, w_in, alpha, num_iters)[1:]


def _last_only(dJ_dw, w_in, alpha, num_iters):
    return descend_reference(dJ_dw, w_in, alpha, num_iters)[-1]


def _uphill(dJ_dw, w_in, alpha, num_iters):
    return descend_reference(dJ_dw, w_in, -alpha, num_iters)


def _slope_never_updated(dJ_dw, w_in, alpha, num_iters):
    """Each step uses the slope at the start instead of the slope where w now is."""
    slope = dJ_dw(w_in)
    return [w_in - k * alpha * slope for k in range(num_iters + 1)]


def _w_never_updated(dJ_dw, w_in, alpha, num_iters):
    """Each step starts again from w_in."""
    return [w_in] + [w_in - alpha * dJ_dw(w_in)] * num_iters


DESCEND_MISTAKES = [
    (_last_only, "You return only the last w. Return the whole list, starting with w_in."),
    (
        _without_start,
        "Your list is missing the start: begin it with w_in, so it holds num_iters + 1 values.",
    ),
    (_uphill, "Your w climbs: the update must subtract alpha * dJ_dw(w), not add it."),
    (
        _slope_never_updated,
        "Every step uses the slope at the start. Take dJ_dw(w) at the current w inside the loop.",
    ),
    (
        _w_never_updated,
        "Each step starts again from w_in. Assign the new value back to w inside the loop.",
    ),
]


def check_descend(descend) -> CheckResult:
    """Exercise 1.2: ``descend(dJ_dw, w_in, alpha, num_iters)`` returns every w, start first."""
    return check_function(
        descend,
        descend_reference,
        DESCEND_CASES,
        name="descend",
        mistakes=DESCEND_MISTAKES,
        success="descend returns the start and every step after it, on all "
        f"{len(DESCEND_CASES)} test cases. That loop is gradient descent.",
    )


# --- Exercise 1.3: a start that ends in the other valley ----------------------------------------

VALLEY_ALPHA = 0.05
VALLEY_ITERS = 500


def check_other_valley(w_start) -> CheckResult:
    """Exercise 1.3: a starting w from which descent on the two-valley cost ends near w = 5."""
    cost = _VALLEYS
    w0 = as_number(w_start)
    if w0 is None:
        return not_a_number("w_start", w_start, "2.0")
    low, high = cost.w_range
    if not low <= w0 <= high:
        return failed(f"w_start = {w0:g} is off the drawn curve. Pick a start between {low:g} and {high:g}.")
    result = cost.descend(w0, VALLEY_ALPHA, VALLEY_ITERS)
    end = result.w
    if abs(end - 5.0) < 1e-3:
        if abs(w0 - 5.0) < 1e-9:
            return passed(
                "You started at the bottom of the shallow valley: the slope there is 0, so w never "
                "moves. Try a start further away, such as 6, and watch it roll back."
            )
        return passed(
            f"From w = {w0:g}, descent with alpha = {VALLEY_ALPHA} ends at w = {end:.3f}, the bottom of "
            f"the shallow valley, where J = {cost.J(end):.2f}. The deeper valley at w = 1 has J = 0, "
            "but downhill from your start never leads there."
        )
    if abs(end - 1.0) < 1e-3:
        return failed(
            f"From w = {w0:g}, descent rolls down into the deep valley at w = 1. Look at the curve: "
            "which side of the hill between the two valleys is your start on?"
        )
    return failed(
        f"From w = {w0:g}, descent stays at w = {end:.3f}, where the slope is {cost.dJ_dw(end) + 0.0:.2g}: "
        "that is the flat top of the hill, not a valley. Nudge the start a little to one side."
    )
