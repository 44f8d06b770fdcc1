"""Calling a function the learner wrote, such as their J(w) or dJ_dw(w), and naming it when its
answer is not a number, so that a bug in their function is never reported as "lower alpha"."""

from __future__ import annotations

import numbers

import numpy as np

#: Beyond this size a NaN is taken as the arithmetic of a run that is blowing up (inf − inf), not as
#: a mistake in the learner's function.
ORDINARY = 1e100


def learner_number(fn, name: str, w: float, *, at_start: bool = False) -> float:
    """``fn(w)`` as a float, or a ValueError that says ``name`` returned something else."""
    value = fn(w)
    if type(value) is not float:
        value = _as_float(value, name, w)
    if value != value and (at_start or abs(w) < ORDINARY):
        raise ValueError(
            f"your function {name} returned nan at w = {w:.6g}, an ordinary number. Check {name}: it "
            "must give a number for every w (a square root or a log of a negative number gives nan)."
        )
    return value


def _as_float(value, name: str, w: float) -> float:
    where = f"at w = {w:.6g}"
    if value is None:
        raise ValueError(
            f"your function {name} returned None {where}; it must return a number. "
            "Did you forget the return statement?"
        )
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "iuf":
        return float(value.reshape(()))
    if isinstance(value, np.ndarray):
        raise ValueError(
            f"your function {name} returned an array of shape {value.shape} {where}; for one w it "
            "must return one number."
        )
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        text = repr(value) if len(repr(value)) <= 40 else repr(value)[:40] + "…"
        quotes = " (without quotes)" if isinstance(value, str) else ""
        raise ValueError(
            f"your function {name} returned {text}, a {type(value).__name__}, {where}; it must "
            f"return a number{quotes}."
        )
    return float(value)
