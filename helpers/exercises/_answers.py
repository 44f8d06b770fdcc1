"""Reading a learner's answer: what their function returned (a value they picked: ``_values``).

``check_function`` runs a learner's function on every test case (through ``_running``) and
names the mistake when its answers match a typical wrong version of the function.
"""

from __future__ import annotations

import dis
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from . import _places, _running
from ._feedback import (
    CheckResult,
    Verdict,
    call_text,
    failed,
    label,
    passed,
    short,
    stop,
    unset,
    unset_function,
)
from ._values import _not_a_number, read_number

#: Default tolerances for comparing a learner's numbers with the reference.
REL_TOL = 1e-6
ABS_TOL = 1e-9


# --- What the learner's function returned -------------------------------------------------------


def returned_numbers(value) -> np.ndarray | str:
    """``value`` as a float array, or the reason it is not a number, tuple or array of numbers."""
    problem = _problem_in(value)
    if problem is not None:
        return problem
    try:
        with np.errstate(all="ignore"):
            return np.asarray(value, dtype=float)
    except OverflowError:
        return "a number too large for a float"
    except (TypeError, ValueError):
        return "lists of different lengths"


def _problem_in(value) -> str | None:
    problem = _not_a_number(value)
    if problem is not None:
        return problem
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "b":
            return "yes/no values (an array of bools)"
        if value.dtype.kind == "c":
            return "complex numbers"
        if value.dtype.kind in "USa":
            return "text (an array of strings)"
        if value.dtype.kind in "iuf":
            return None
        return next((p for item in value.flat if (p := _problem_in(item)) is not None), None)
    if isinstance(value, (list, tuple)):
        for item in value:
            problem = _problem_in(item)
            if problem is not None:
                return f"a {type(value).__name__} holding {problem}"
    return None


def first_difference(got, want, *, rel: float = REL_TOL, abs_: float = ABS_TOL) -> str:
    """Where a table too big to print (see ``short``) first differs from the answer, as a sentence."""
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    if got.shape != want.shape or got.ndim < 2 or got.size <= 12:
        return ""
    wrong = ~np.isclose(got, want, rtol=rel, atol=abs_, equal_nan=True)
    if not wrong.any():
        return ""
    at = tuple(int(i) for i in np.argwhere(wrong)[0])
    return (f" The first entry that differs is [{', '.join(map(str, at))}]: {short(got[at])} instead of "
            f"{short(want[at])}.")


def close(a, b, *, rel: float = REL_TOL, abs_: float = ABS_TOL) -> bool:
    """True when every value of ``a`` is within tolerance of ``b`` (and both are finite numbers)."""
    if a is None or b is None:
        return a is None and b is None
    a, b = returned_numbers(a), returned_numbers(b)
    if isinstance(a, str) or isinstance(b, str):
        return False
    if a.shape != b.shape or not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return False
    return bool(np.allclose(a, b, rtol=rel, atol=abs_))


# --- A function the learner wrote ---------------------------------------------------------------


@dataclass(frozen=True)
class Earlier:
    """A function from an earlier exercise that the checked function may call by its name."""

    name: str
    number: str
    #: A correct version, swapped in to see whether the earlier function is the cause.
    reference: Callable
    #: That exercise's check, to quote what is wrong with the learner's version.
    check: Callable[[Callable], CheckResult] | None = None
    #: What to say when the learner's version passes its own check: then the call is what is wrong.
    called_wrong: str = ""


def check_function(
    candidate: Callable,
    reference: Callable,
    cases: Sequence[tuple],
    *,
    name: str,
    returns: str = "the answer",
    mistakes: Sequence[tuple[Callable, str]] = (),
    earlier: Sequence[Earlier] = (),
    rel: float = REL_TOL,
    abs_: float = ABS_TOL,
    success: str = "",
    time_limit: float | None = None,
) -> CheckResult:
    """Call ``candidate`` and ``reference`` on every case and compare the results.

    ``mistakes`` pairs a typical wrong version of the function with the hint to give when the
    learner's function behaves like it on every case, so a sign error gets a message about signs.
    ``earlier`` names functions of earlier exercises the learner's function may call: when one
    of them is the cause of a failure, the message names that exercise. ``returns`` says in words
    what the function should return. ``time_limit`` is in seconds (default ``TIME_LIMIT``).
    """
    try:
        return _check_function(
            candidate, reference, cases, name, returns, mistakes, earlier, rel, abs_, success, time_limit
        )
    except Verdict as verdict:
        return verdict.result


def _refuse_what_cannot_be_called(candidate, name: str, params: tuple, count: int) -> None:
    """Stop with what to change when ``candidate`` is unset, not a function, or takes other arguments."""
    if candidate is None or candidate is Ellipsis:
        stop(unset(name, repr(candidate), f"your function, def {name}({', '.join(params)}): …"))
    if not callable(candidate):
        stop(
            f"{name} is {short(candidate)}, not a function: define it with "
            f"def {name}({', '.join(params)}): and run that cell."
        )
    if not _running.accepts(candidate, count):
        theirs = _running.parameters(candidate)
        stop(
            f"{name} should take {len(params)} arguments, ({', '.join(params)}), in that order; "
            f"yours takes ({', '.join(theirs or ())})."
        )


def _check_function(candidate, reference, cases, name, returns, mistakes, earlier, rel, abs_, success, limit):
    if limit is None:
        limit = _running.TIME_LIMIT
    params = _running.parameters(reference) or ()
    params = params[: len(cases[0])]
    _refuse_what_cannot_be_called(candidate, name, params, len(cases[0]))
    own = _running.parameters(candidate) or params
    calls = []
    for args in cases:
        call = _running.call_learner(candidate, args, own, time_limit=limit)
        if not call.ok:
            stop(_explain_failed_call(call, candidate, name, params, earlier))
        calls.append(call)
    expected = [reference(*args) for args in cases]
    if all(close(c.value, e, rel=rel, abs_=abs_) for c, e in zip(calls, expected, strict=True)):
        return passed(success or f"{name} gives the right answer on all {len(cases)} test cases.")
    cause = _earlier_cause(candidate, name, reference, cases, earlier, rel, abs_, limit)
    if cause is not None:
        stop(cause)
    for wrong, hint in mistakes:
        if all(_matches(c.value, wrong, c.args, rel, abs_) for c in calls):
            stop(hint)
    named = own if len(own) == len(params) else params  # the calls as the learner's own names have them
    for call in calls:
        got = returned_numbers(call.value)
        if isinstance(got, str):
            stop(_not_numbers(call, name, named, returns, got))
    for call, want in zip(calls, expected, strict=True):
        if not close(call.value, want, rel=rel, abs_=abs_):
            stop(_wrong_value(call, want, name, named, returns))
    raise AssertionError("unreachable: some case differed")  # pragma: no cover


def _matches(value, wrong, args, rel, abs_) -> bool:
    try:
        with np.errstate(all="ignore"):  # a typical mistake may overflow; that is no news to the learner
            mistaken = wrong(*args)
    except Exception:  # the typical mistake is undefined here, so the learner's answer is not it
        return False
    return close(value, mistaken, rel=rel, abs_=abs_)


def _not_numbers(call, name, params, returns, problem) -> str:
    text = call_text(name, params, call.args)
    if call.value is None:
        return f"{text} returned None. Did you forget return? {name} must return {returns}."
    return f"{text} returned {problem}, which is not a number. {name} must return {returns}."


def _wrong_value(call, want, name, params, returns) -> str:
    text = call_text(name, params, call.args)
    if want is None:  # the right answer is "none": no number at all
        return f"{text} returned {short(call.value)}, but the right answer there is None: no number is due."
    got = np.asarray(returned_numbers(call.value))
    want = np.asarray(want, dtype=float)
    if got.shape != want.shape:
        return (
            f"{text} returned {_count(got, 'a list of ')}, but it should return {_count(want)}: "
            f"{returns}. It returned {short(call.value)}."
        )
    where = first_difference(got, want)
    return f"{text} returned {short(call.value)}, but it should be {short(want)}.{where}"


def _count(arr: np.ndarray, kind: str = "") -> str:
    if arr.ndim == 0:
        return "one number"
    if arr.ndim == 1:
        return f"{kind}{arr.size} number{'s' if arr.size != 1 else ''}"
    return f"an array of shape {arr.shape}"


# --- A call that failed -------------------------------------------------------------------------


def _explain_failed_call(call, candidate, name, params, earlier) -> str:
    text = call_text(name, params, call.args)
    if call.error is not None:
        for dep in earlier:
            theirs = _their_function(candidate, dep.name)
            if theirs is not None and _places.raised_in(call.error, theirs.__code__):
                return _earlier_raised(call, dep, name)
    if call.timed_out:
        where = _places.learner_place(call.error)
        return (
            f"{text} was still running after {_seconds(call)}, so the check stopped it"
            + (f" at {where}" if where else "")
            + ". Is there a loop that never ends? A while loop needs a condition that becomes False "
            "(or use for _ in range(num_iters), which always ends)."
        )
    if call.error is not None:
        exc = call.error
        if isinstance(exc, NotImplementedError) and _places.innermost_code(exc) is getattr(
            candidate, "__code__", None
        ):
            return unset_function(name)
        where = _places.learner_place(exc)
        return f"{text} raised {_places.error_text(exc)}" + (
            f", at {where}." if where else ". Check that it takes its arguments in this order."
        )
    changes = "; ".join(detail for _, detail in call.changed)
    names = " and ".join(n for n, _ in call.changed)
    return (
        f"Your {name} changed its input {names}: {changes}. A function must leave the arrays it is "
        f"given as they were: work on a copy, or don't assign into {names} "
        f"(no {call.changed[0][0]} -= …, no {call.changed[0][0]}[i] = …)."
    )


def _seconds(call) -> str:
    seconds = call.time_limit
    return f"{seconds:g} second{'s' if seconds != 1 else ''}" if seconds else "a long time"


def _earlier_raised(call, dep: Earlier, name: str) -> str:
    exc = call.error
    where = _places.learner_place(exc)
    if isinstance(exc, NotImplementedError):
        return (
            f"{name} calls your {dep.name} from {label(dep.number)}, which is not set yet (it still "
            f"raises NotImplementedError). Finish {label(dep.number)} first and run its cell, then "
            "run this one again."
        )
    if call.timed_out:
        return (
            f"{name} calls your {dep.name} from {label(dep.number)}, which was still running when the "
            f"check stopped it" + (f" at {where}" if where else "") + f". Fix {label(dep.number)} first."
        )
    return (
        f"{name} calls your {dep.name} from {label(dep.number)}, which raised "
        f"{_places.error_text(exc)}" + (f" at {where}" if where else "") + f". Fix {label(dep.number)} "
        "first, run its cell, then run this one again."
    )


def _their_function(candidate, dep_name: str):
    """The learner's function ``dep_name`` when ``candidate`` calls it by that name, else None."""
    code = getattr(candidate, "__code__", None)
    namespace = getattr(candidate, "__globals__", None)
    if code is None or namespace is None or not _loads_global(code, dep_name):
        return None
    theirs = namespace.get(dep_name)
    return theirs if isinstance(theirs, types.FunctionType) else None


def _loads_global(code, name: str) -> bool:
    """Does ``code`` (or a function nested in it) read the global ``name``?"""
    for instruction in dis.get_instructions(code):
        if instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME") and instruction.argval == name:
            return True
    return any(isinstance(c, types.CodeType) and _loads_global(c, name) for c in code.co_consts)


def _earlier_cause(candidate, name, reference, cases, earlier, rel, abs_, limit) -> str | None:
    """Name the earlier exercise when a correct version of it makes ``candidate`` right."""
    for dep in earlier:
        theirs = _their_function(candidate, dep.name)
        if theirs is None or theirs is dep.reference:
            continue
        namespace = candidate.__globals__
        namespace[dep.name] = dep.reference
        try:
            fixed = all(
                (c := _running.call_learner(candidate, args, (), time_limit=limit)).ok
                and close(c.value, reference(*args), rel=rel, abs_=abs_)
                for args in cases
            )
        finally:
            namespace[dep.name] = theirs
        if fixed:
            verdict = dep.check(theirs) if dep.check is not None else None
            if verdict is not None and verdict.passed:
                return (
                    f"Your {dep.name} passes the check of {label(dep.number)}, so look at how your {name} "
                    f"calls it: with the arguments you pass, it gives other numbers. {dep.called_wrong}"
                ).strip()
            said = f" Its check says: {verdict.message}" if verdict is not None and not verdict else ""
            return (
                f"Your {name} itself looks right, but the {dep.name} it calls, from "
                f"{label(dep.number)}, is not: with a correct {dep.name}, your function gives the right "
                f"answers. Fix {label(dep.number)} first, run its cell, then run this one again.{said}"
            )
    return None


__all__ = ["Earlier", "check_function", "close", "failed", "read_number", "returned_numbers"]
