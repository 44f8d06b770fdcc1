"""Instant feedback for the episodes' exercises.

Each episode has its own module (``helpers.exercises.episode1`` …) whose ``check_…`` functions
take the learner's answer and return a ``CheckResult``: it shows as a green or red line in the
notebook and says what to look at. Floats are compared with tolerances, never with ``==``.

The machinery every check shares lives beside this file, so an episode's module holds only what
is particular to its exercises:

* ``_feedback``: the verdict, the words every episode uses (an unset answer, "Exercise 4.2"),
  numbers and calls written for people, and the ``exercise`` decorator that turns ``stop(…)``
  anywhere inside a check into its failed result;
* ``_running``: calling the learner's function on fresh copies of the inputs, within a time
  limit (``TIME_LIMIT`` seconds; how it works on each platform is documented there), noticing a
  changed input; ``_places`` finds the learner's own line in an error, and ``_package_use`` notices
  an answer that hands its work to the package's own function;
* ``_values`` reads a picked number (``read_number``); ``_answers`` reads what a function returned,
  and ``check_function``, which names typical mistakes and earlier exercises that are the cause.
"""

from __future__ import annotations

from ._answers import ABS_TOL, REL_TOL, Earlier, check_function, close, read_number, returned_numbers
from ._feedback import CheckResult, Named, exercise, failed, label, passed, stop, unset
from ._running import TIME_LIMIT, limit_mechanism

__all__ = [
    "ABS_TOL",
    "REL_TOL",
    "TIME_LIMIT",
    "CheckResult",
    "Earlier",
    "Named",
    "check_function",
    "close",
    "exercise",
    "failed",
    "label",
    "limit_mechanism",
    "passed",
    "read_number",
    "returned_numbers",
    "stop",
    "unset",
]
