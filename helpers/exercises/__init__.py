"""Instant feedback for the episodes' exercises.

Each episode has its own module (``helpers.exercises.episode1`` …) whose ``check_…`` functions
take the learner's answer and return a ``CheckResult``: it shows as a green or red line in the
notebook and says what to look at. Floats are compared with tolerances, never with ``==``.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

#: Default tolerances for comparing a learner's numbers with the reference.
REL_TOL = 1e-6
ABS_TOL = 1e-9


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


def close(a, b, *, rel: float = REL_TOL, abs_: float = ABS_TOL) -> bool:
    """True when every value of ``a`` is within tolerance of ``b`` (and both are finite)."""
    try:
        a = np.asarray(a, dtype=float)
        b = np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    if a.shape != b.shape or not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return False
    return bool(np.allclose(a, b, rtol=rel, atol=abs_))


def check_function(
    candidate: Callable,
    reference: Callable,
    cases: Sequence[tuple],
    *,
    name: str,
    mistakes: Iterable[tuple[Callable, str]] = (),
    rel: float = REL_TOL,
    abs_: float = ABS_TOL,
    success: str = "",
) -> CheckResult:
    """Call ``candidate`` and ``reference`` on every case and compare the results.

    ``mistakes`` pairs a typical wrong version of the function with the hint to give when the
    learner's function behaves like it, so a sign error gets a message about signs.
    """
    if not callable(candidate):
        return failed(f"{name} should be a function; define it with def {name}(...) and run that cell.")
    for args in cases:
        try:
            got = candidate(*args)
        except NotImplementedError:
            return failed(f"{name} is not written yet: replace the line that raises NotImplementedError.")
        except Exception as exc:  # the learner's code: report any failure, never crash the check
            return failed(f"{name}{args} raised {type(exc).__name__}: {exc}")
        if got is None:
            return failed(f"{name}{args} returned None; did you forget the return statement?")
        expected = reference(*args)
        if not close(got, expected, rel=rel, abs_=abs_):
            for wrong, hint in mistakes:
                if _behaves_like(candidate, wrong, cases, rel=rel, abs_=abs_):
                    return failed(hint)
            return failed(f"{name}{args} returned {_short(got)}, but it should be {_short(expected)}.")
    return passed(success or f"{name} gives the right answer on all {len(cases)} test cases.")


def _behaves_like(candidate, wrong, cases, *, rel, abs_) -> bool:
    """True when ``candidate`` gives what the typical mistake ``wrong`` gives on every case."""
    for args in cases:
        try:
            if not close(candidate(*args), wrong(*args), rel=rel, abs_=abs_):
                return False
        except Exception:  # the learner's code failed on a later case: not this mistake
            return False
    return True


def _short(value) -> str:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return repr(value)
    if arr.ndim == 0:
        number = float(arr)
        return f"{number:.6g}" if math.isfinite(number) else str(number)
    return np.array2string(arr, precision=6, separator=", ")
