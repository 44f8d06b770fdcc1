"""What a check says: the verdict, the words every episode shares, and numbers written for people."""

from __future__ import annotations

import functools
import html
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn

import numpy as np


@dataclass(frozen=True)
class CheckResult:
    """The verdict of one check: ``passed`` and a message for the learner."""

    passed: bool
    message: str

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return ("✅ Correct. " if self.passed else "❌ Not yet. ") + self.message

    def _repr_html_(self) -> str:
        colour = "#0072B2" if self.passed else "#D55E00"
        label = "✅ Correct." if self.passed else "❌ Not yet."
        return (
            f'<div role="status" style="border-left: 4px solid {colour}; padding: 4px 8px;">'
            f"<strong>{label}</strong> {html.escape(self.message)}</div>"
        )


def passed(message: str) -> CheckResult:
    return CheckResult(True, message)


def failed(message: str) -> CheckResult:
    return CheckResult(False, message)


class Verdict(Exception):
    """Stops a check early with its result; the check itself returns the result, never this."""

    def __init__(self, result: CheckResult):
        super().__init__(result.message)
        self.result = result


def stop(message: str) -> NoReturn:
    """End the running check with a failed result that says ``message``."""
    raise Verdict(failed(message))


def exercise(number: str) -> Callable[[Callable[..., CheckResult]], Callable[..., CheckResult]]:
    """Mark a function as the check of Exercise ``number`` (e.g. "4.2").

    Anything inside the check may call ``stop(message)``; the check then returns that failed
    result, so the learner sees one line and never a traceback from inside ``helpers``.
    """

    def decorate(check: Callable[..., CheckResult]) -> Callable[..., CheckResult]:
        @functools.wraps(check)
        def run(*args, **kwargs) -> CheckResult:
            try:
                return check(*args, **kwargs)
            except Verdict as verdict:
                return verdict.result

        run.exercise = number
        return run

    return decorate


# --- One vocabulary for every episode ------------------------------------------------------------


def label(number: str) -> str:
    """How every message names an exercise: 'Exercise 4.2'."""
    return f"Exercise {number}"


def unset(name: str, placeholder: str, what: str) -> str:
    """The one message for an answer that is still the notebook's placeholder."""
    return f"{name} is not set yet: replace {placeholder} with {what}, then run the cell."


#: The placeholder of a function exercise, as every message names it.
STUB = "the line raise NotImplementedError"


def unset_function(name: str) -> str:
    return unset(name, STUB, "your code")


# --- Numbers and calls, written for people -------------------------------------------------------


def short(value) -> str:
    """A number, list or array in a few characters; anything else by its repr."""
    if callable(value) and not isinstance(value, np.ndarray):
        return getattr(value, "label", None) or getattr(value, "__name__", "a function")
    if isinstance(value, (str, bytes, bool, np.bool_)) or value is None:
        return repr(value)
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        text = repr(value)
        return text if len(text) <= 40 else text[:39] + "…"
    if arr.ndim == 0:
        return number(float(arr))
    if arr.ndim >= 2 and arr.size > 12:  # a table of data: its shape and first row say enough
        row = arr.reshape(-1, arr.shape[-1])[0]
        first = ", ".join(f"{v:.4g}" for v in row[:6]) + (", …" if row.size > 6 else "")
        return f"a {'×'.join(map(str, arr.shape))} array (first row [{first}])"
    return np.array2string(arr, precision=6, separator=", ", threshold=12)


def number(value: float) -> str:
    """A float as a learner would write it: 6 significant digits, no '.0' noise, plain inf/nan."""
    value = float(value)
    return f"{value:.6g}" if math.isfinite(value) else str(value)


def call_text(name: str, params: tuple[str, ...], args: tuple) -> str:
    """'update(w=5, dj_dw=4, alpha=0.1)': the call a message talks about."""
    if len(params) == len(args):
        shown = ", ".join(f"{p}={short(a)}" for p, a in zip(params, args, strict=True))
    else:
        shown = ", ".join(short(a) for a in args)
    return f"{name}({shown})"


class Named:
    """A function that prints under a readable name, so a check's message can show its cases.

    Copying one (as every check copies the inputs it hands to the learner) gives the same
    object: it holds no data the learner could change.
    """

    def __init__(self, fn: Callable, label: str):
        self.fn = fn
        self.label = label

    def __call__(self, *args):
        return self.fn(*args)

    def __repr__(self) -> str:
        return self.label

    def __copy__(self) -> Named:
        return self

    def __deepcopy__(self, memo) -> Named:
        return self
