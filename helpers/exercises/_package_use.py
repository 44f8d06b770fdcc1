"""Whether a learner's function hands its work to the package's own answer.

An exercise that asks for a function the package already has (the gradient of Episode 6, the
descent loop of Episode 5, the batches of Episode 8) would pass if the learner called the package's
function: ``calls`` looks at the function's code for it, so the check can ask for their own.
"""

from __future__ import annotations

import dis


def calls(candidate, function, *, by_global_name: bool = False) -> bool:
    """Is ``candidate`` the package's ``function`` itself, a partial of it, or does its code call it?

    An attribute or import of the function's name counts (``helpers.gradient_descent``,
    ``from helpers import gradient_descent`` inside the body); a global or closure variable counts when
    it holds the function (under any name), or, with ``by_global_name``, when it has its name.
    """
    name = function.__name__
    if candidate is function or getattr(candidate, "func", None) is function:
        return True
    code = getattr(candidate, "__code__", None)
    if code is None:
        return False
    names = dict(getattr(candidate, "__globals__", {}))
    cells = zip(code.co_freevars, getattr(candidate, "__closure__", None) or (), strict=False)
    names.update({var: _cell_value(cell) for var, cell in cells})
    for instruction in dis.get_instructions(code):
        by_name = instruction.argval == name
        if instruction.opname in ("LOAD_ATTR", "LOAD_METHOD", "IMPORT_FROM") and by_name:
            return True
        if instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME", "LOAD_DEREF") and (
            (by_global_name and by_name) or names.get(instruction.argval) is function
        ):
            return True
    return False


def _cell_value(cell):
    try:
        return cell.cell_contents
    except ValueError:  # a closure variable not bound yet
        return None
