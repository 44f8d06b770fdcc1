"""Whether a learner's function hands its work to the package's own answer.

An exercise that asks for a function the package already has (the gradient of Episode 6, the
descent loop of Episode 5, the batches of Episode 8) would pass if the learner called the package's
function: ``calls`` looks at the function's code for it, so the check can ask for their own. It
follows the learner's own code down: inner functions and lambdas, and functions of their own that
the answer calls, and the ones those call (a chain of wrappers around the package's function is
found too; each function is read once, so functions that call each other end the search).
"""

from __future__ import annotations

import dis
import types

from ._running import is_learner_file

#: How many of the learner's own functions deep ``calls`` follows: far more than any chain of wrappers
#: a learner writes, and well within Python's recursion limit.
DEPTH = 40


def calls(candidate, function) -> bool:
    """Is ``candidate`` the package's ``function`` itself, a partial of it, or does its code call it?

    An attribute or import of the function's name counts (``helpers.gradient_descent``,
    ``from helpers import gradient_descent`` inside the body); a global or closure variable counts when
    it holds the function, under any name (a function of the learner's own with the same name does not).
    """
    if candidate is function or getattr(candidate, "func", None) is function:
        return True
    code = getattr(candidate, "__code__", None)
    if code is None:
        return False
    return _code_calls(code, _names(candidate, code), function, DEPTH, set())


def _names(fn, code) -> dict:
    names = dict(getattr(fn, "__globals__", {}))
    cells = zip(code.co_freevars, getattr(fn, "__closure__", None) or (), strict=False)
    names.update({var: _cell_value(cell) for var, cell in cells})
    return names


def _code_calls(code, names: dict, function, depth: int, seen: set) -> bool:
    if code in seen:
        return False
    seen.add(code)
    for instruction in dis.get_instructions(code):
        by_name = instruction.argval == function.__name__
        if instruction.opname in ("LOAD_ATTR", "LOAD_METHOD", "IMPORT_FROM") and by_name:
            return True
        if instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME", "LOAD_DEREF"):
            value = names.get(instruction.argval)
            if value is function:
                return True
            if depth > 0 and _learners_own(value) and _code_calls(
                value.__code__, _names(value, value.__code__), function, depth - 1, seen
            ):
                return True
    # Inner functions and lambdas: their code sits among the constants.
    return any(
        isinstance(const, types.CodeType) and _code_calls(const, names, function, depth, seen)
        for const in code.co_consts
    )


def _learners_own(value) -> bool:
    """A function the learner wrote (in a notebook cell or a file of their own), not a library's."""
    return isinstance(value, types.FunctionType) and is_learner_file(value.__code__.co_filename)


def _cell_value(cell):
    try:
        return cell.cell_contents
    except ValueError:  # a closure variable not bound yet
        return None
