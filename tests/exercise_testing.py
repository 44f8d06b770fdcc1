"""What every exercise-check test uses: a short time limit, typical learner stubs, and `rejects`."""

from __future__ import annotations

import re

from helpers.exercises import CheckResult

#: Seconds: short, so the endless loops the tests feed to the checks cost little, yet long enough
#: for every finished answer to finish on a busy machine.
LIMIT = 0.2
#: Seconds: the limit for answers that never finish (each burns it all); the words it gives.
ENDLESS = 0.05
ENDLESS_SAID = "still running after 0.05 seconds"


def rejects(result, *words, absent=()):
    """Assert the check said "not yet" with every word of ``words`` (and none of ``absent``)."""
    assert isinstance(result, CheckResult), result
    assert not result.passed, result.message
    said = re.sub(r"`[^`]*`", "`…`", result.message)  # the quoted code line could hold any word
    for word in words:
        assert word in said, result.message
    for word in absent:
        assert word not in result.message, result.message
    return result.message


def stub(*args):
    """An exercise left as given: it raises NotImplementedError."""
    raise NotImplementedError


def endless(*args):
    """A learner's loop that never ends."""
    while True:
        pass


def direction(message: str) -> str:
    """Which way a hint tells the learner to move α: exactly one of "larger" and "smaller"."""
    larger, smaller = "larger" in message, "smaller" in message
    assert larger != smaller, message
    return "larger" if larger else "smaller"


def assert_mistakes_told_apart(functions, cases) -> None:
    """No two of ``functions`` (a reference and its typical mistakes) give the same answers on
    every case, so each mistake is recognised by its own numbers, not by luck."""
    import numpy as np

    answers = [[fn(*case) for case in cases] for fn in functions]
    for i in range(len(answers)):
        for j in range(i + 1, len(answers)):
            same = all(
                all(np.shape(a) == np.shape(b) and np.allclose(a, b) for a, b in zip(x, z, strict=True))
                for x, z in zip(answers[i], answers[j], strict=True)
            )
            assert not same, (i, j)
