"""Checking a function whose answer is several arrays of different shapes, part by part.

A function of Episodes 6 and 7 returns several arrays (dj_dw and dj_db; the training and the new
houses), which ``check_function`` cannot hold in one array. ``learner_parts`` reads such an answer
and ``check_parts`` compares it with a reference, naming a typical mistake when one matches;
``helpers.exercises.episode6`` exports both, as before.
"""

from __future__ import annotations

import numpy as np

from ._answers import ABS_TOL, REL_TOL, _explain_failed_call, close, first_difference, returned_numbers
from ._feedback import call_text, short, stop, unset
from ._running import TIME_LIMIT, accepts, call_learner, parameters


def learner_parts(candidate, args, *, name, params, parts, returns, time_limit=None) -> tuple:
    """The learner's answer on ``args`` as one float array per part, or stop saying what went wrong."""
    if candidate is None or candidate is Ellipsis:
        stop(unset(name, repr(candidate), f"your function, def {name}({', '.join(params)}): …"))
    if not callable(candidate):
        stop(f"{name} is {short(candidate)}, not a function: define it with def {name}({', '.join(params)}): "
             "and run that cell.")
    if not accepts(candidate, len(params)):
        theirs = parameters(candidate) or ()
        stop(f"{name} should take {len(params)} arguments, ({', '.join(params)}), in that order; yours takes "
             f"({', '.join(theirs)}).")
    own = parameters(candidate) or params
    call = call_learner(candidate, args, own if len(own) == len(params) else params,
                        time_limit=TIME_LIMIT if time_limit is None else time_limit)
    if not call.ok:
        stop(_explain_failed_call(call, candidate, name, params, ()))
    value = call.value
    text = call_text(name, params, args)
    if value is None:
        stop(f"{text} returned None. Did you forget return? {name} must return {returns}.")
    if not isinstance(value, (tuple, list)) or len(value) != len(parts):
        stop(f"{text} returned {short(value)}, not {len(parts)} separate results. {name} must return "
             f"{returns}.")
    answer = []
    for part, got in zip(parts, value, strict=True):
        numbers = returned_numbers(got)
        if isinstance(numbers, str):
            stop(f"{text} returned {numbers} as {part}, which is not a number. {name} must return {returns}.")
        answer.append(numbers)
    return tuple(answer)


def _same(answer, expected, rel, abs_) -> bool:
    return all(close(a, b, rel=rel, abs_=abs_) for a, b in zip(answer, expected, strict=True))


def _matches(answer, wrong, args, rel, abs_) -> bool:
    try:
        with np.errstate(all="ignore"):  # a typical mistake may overflow; that is no news to the learner
            mistaken = wrong(*args)
    except Exception:  # the mistake is undefined here, so the learner's answer is not it
        return False
    return _same(answer, mistaken, rel, abs_)


def check_parts(candidate, reference, cases, *, name, params, parts, returns, mistakes=(), rel=REL_TOL,
                abs_=ABS_TOL, time_limit=None) -> None:
    """Stop with a message unless ``candidate`` returns ``reference``'s parts on every case.

    Like ``check_function``: a typical mistake that matches on every case gets its hint; otherwise
    the first part that differs is named.
    """
    checked = dict(name=name, params=params, parts=parts, returns=returns, time_limit=time_limit)
    answers = [(args, learner_parts(candidate, args, **checked)) for args in cases]
    if all(_same(answer, reference(*args), rel, abs_) for args, answer in answers):
        return
    for wrong, hint in mistakes:
        if all(_matches(answer, wrong, args, rel, abs_) for args, answer in answers):
            stop(hint)
    for args, answer in answers:
        expected = reference(*args)
        text = call_text(name, params, args)
        for part, got, want in zip(parts, answer, expected, strict=True):
            want = np.asarray(want, dtype=float)
            if got.shape != want.shape:
                stop(f"{text} returned {part} with shape {got.shape} ({short(got)}); it should have shape "
                     f"{want.shape}: {name} must return {returns}.")
            if not close(got, want, rel=rel, abs_=abs_):
                stop(f"{text} returned {part} = {short(got)}, but it should be {short(want)}."
                     + first_difference(got, want, rel=rel, abs_=abs_))
