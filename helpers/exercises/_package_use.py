"""Whether a learner's function hands its work to the package's own answer.

An exercise that asks for a function the package already has (the gradient of Episode 6, the
descent loop of Episode 5, the batches of Episode 8) would pass if the learner called the package's
function. ``package_function_used`` runs the learner's function on the check's cases and watches
which functions start while it runs: one of the package's answers counts when the learner's own
code called it, however it was reached (directly, through wrappers, a class, a dictionary, a
``functools.partial`` or ``getattr``), or when it was given as the answer itself. A function of the
learner's own with the package's name does not count, and neither does the package calling its own
functions inside another helper.
"""

from __future__ import annotations

import contextlib
import sys

from ._running import call_learner, is_learner_file

_CHECK_CALL = call_learner.__code__  # where a check calls the learner's answer


@contextlib.contextmanager
def watching(functions):
    """Within the block, collect each of ``functions`` that the learner's own code calls."""
    codes = {function.__code__: function for function in functions}
    used: list = []
    previous = sys.getprofile()

    def profile(frame, event, arg):
        if event == "call" and frame.f_code in codes:
            caller = frame.f_back
            # Called by the learner's code, or by the check itself: then it is the answer given.
            if caller is not None and (
                caller.f_code is _CHECK_CALL or is_learner_file(caller.f_code.co_filename)
            ):
                used.append(codes[frame.f_code])
        if previous is not None:
            previous(frame, event, arg)

    sys.setprofile(profile)
    try:
        yield used
    finally:
        sys.setprofile(previous)


def package_function_used(candidate, cases, functions, params, *, time_limit):
    """Call ``candidate`` on each case as the check will, and return ``(used, call)``.

    ``used`` is the first of ``functions`` the learner's code called (None if none); ``call`` is the
    call that used it, or one that ran out of time (the check then says so at once rather than
    waiting for it again), else None.
    """
    for args in cases:
        with watching(functions) as used:
            call = call_learner(candidate, args, params, time_limit=time_limit)
        if used:
            return used[0], call
        if call.timed_out:
            return None, call
    return None, None
