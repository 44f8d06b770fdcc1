"""Reading a value the learner picked: one finite number, or a message saying what to type instead."""

from __future__ import annotations

import numbers
import types

import numpy as np

from ._feedback import short, stop, unset


def read_number(value, name: str, *, what: str = "a number", example: str) -> float:
    """The learner's answer as one finite float, or stop the check saying what to write instead."""
    if value is None or value is Ellipsis:
        stop(unset(name, repr(value), f"{what} such as {example}"))
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    problem = _not_a_number(value)
    if problem is None and isinstance(value, (list, tuple, set, dict, np.ndarray)):
        problem = f"a {type(value).__name__} of values, not one number"
    if problem is not None and isinstance(value, str) and _as_float(value) is not None:
        stop(f"{name} is {problem}: remove the quotes, {name} = {value.strip()}, and run the cell.")
    if problem is not None:
        stop(f"{name} is {problem}: write one plain number, such as {example}, and run the cell.")
    try:
        result = float(value)
    except OverflowError:  # an int with hundreds of digits
        result = float("inf")
    if not np.isfinite(result):
        text = short(value) if len(repr(value)) <= 14 else repr(value)[:12] + "…"
        stop(
            f"{name} = {text} is not a finite number (it is too large, infinite or nan): set it to an "
            f"ordinary number, such as {example}, and run the cell."
        )
    return result


def _as_float(text: str) -> float | None:
    """The finite number ``text`` spells, or None."""
    try:
        number = float(text)
    except ValueError:
        return None
    return number if np.isfinite(number) else None


def _not_a_number(value) -> str | None:
    """Why ``value`` is not one real number or a collection of them, in words; None when it is."""
    if isinstance(value, (bool, np.bool_)):
        return f"{value}, a yes/no value (a bool)"
    if isinstance(value, (str, bytes)):
        return f"the text {value!r} (in quotes)"
    if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
        return f"the complex number {value!r}"
    if isinstance(value, (numbers.Real, list, tuple, np.ndarray)):
        return None
    if isinstance(value, types.GeneratorType):
        return "a generator (wrap it in list(...) to get the values)"
    if callable(value):
        return "a function (call it, with brackets, to get its value)"
    return f"a {type(value).__name__}"
