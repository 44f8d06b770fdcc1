"""When a run of gradient descent stops, and what to call how it ended: one rule for every loop.

Four outcomes, the same words in results, readouts and exercise checks:

- ``converged``: the slope (the gradient) is close to zero. Its size has shrunk to ``tol`` (one
  hundred-millionth by default) of its size at the start, or is so small that moving the parameters by
  their own size would change J by less than a billionth of J.
- ``diverged``: the cost or a parameter left the finite numbers, or the cost grew past
  ``DIVERGENCE_FACTOR`` times its start.
- ``stalled``: a step moved no parameter by more than ``STALL_TOL`` of its size while the slope is
  still at least ``STALL_SLOPE`` of its size at the start: α is too small to make progress. (Near
  a minimum steps get tiny too, but there the slope has fallen a long way: that is not a stall.)
- ``out_of_steps``: the iterations ran out first.

The functions take numbers or whole arrays (one row per iteration), so the step-by-step loop and
the vectorised fast paths apply exactly the same rule.
"""

from __future__ import annotations

import numpy as np

#: The outcomes of a run, in the words the course uses everywhere.
OUTCOMES = ("converged", "diverged", "stalled", "out_of_steps")

#: Converged once the slope is at most this fraction of the slope at the start.
GRADIENT_TOL = 1e-8

#: Stalled once a step moves every parameter by at most this, relative to its size (1 + |p|).
STALL_TOL = 1e-9

#: A tiny step is a stall only while the slope is still at least this fraction of its start.
STALL_SLOPE = 0.5

#: Diverged once the cost has grown to more than this many times the starting cost (at least 1.0
#: is assumed for the start, so a start at J = 0 is still judged sensibly).
DIVERGENCE_FACTOR = 1e6


def divergence_limit(J0: float) -> float:
    """The cost above which a run that started at cost ``J0`` counts as diverged."""
    return DIVERGENCE_FACTOR * max(abs(J0), 1.0)


def slope_is_flat(slope_size, start_slope_size, J, p_size, tol):
    """True where the slope counts as close to zero (see the module's docstring).

    ``tol = 0`` asks for an exactly zero slope, so a run goes on until it diverges or ends.
    """
    if tol == 0:
        return slope_size == 0
    if type(slope_size) is float:  # the 1-D loop, on every step: plain floats are several times faster
        negligible = slope_size * (1.0 + p_size) <= STALL_TOL * (1.0 + abs(J))
        return slope_size <= tol * start_slope_size or negligible
    relative = slope_size <= tol * start_slope_size
    negligible = slope_size * (1.0 + p_size) <= STALL_TOL * (1.0 + np.abs(J))
    return relative | negligible


def is_stalled(dp, p_old, slope_size, start_slope_size, tol):
    """True where a step moved every parameter by at most ``STALL_TOL`` of its size while the slope
    is still nearly as steep as at the start.

    ``dp`` and ``p_old`` are numbers, or arrays with the parameters on their last axis. ``tol = 0``
    switches the rule off, like the convergence rule, so such a run takes every step it is given.
    """
    if type(dp) is float:  # the 1-D loop, on every step
        tiny = tol != 0 and abs(dp) <= STALL_TOL * (1.0 + abs(p_old))
        return tiny and slope_size >= STALL_SLOPE * start_slope_size
    if tol == 0:
        return np.zeros(np.shape(slope_size), dtype=bool) if np.ndim(slope_size) else False
    tiny = np.abs(dp) <= STALL_TOL * (1.0 + np.abs(p_old))
    if np.ndim(dp) > 0:
        tiny = np.all(tiny, axis=-1)
    return tiny & (slope_size >= STALL_SLOPE * start_slope_size)


def slope_words(several: bool) -> str:
    """What the status calls its number: dJ/dw is "the slope"; with several parameters the number is
    the gradient's length, "the size of the slope" in every direction at once (Episode 5's words)."""
    return "the size of the slope" if several else "the slope"


def describe(outcome: str, stopped_at: int, *, alpha: float, slope: float, moved: float, name: str) -> str:
    """One line for a learner: how a run ended and what to change, for the result's ``status``.

    ``name`` is the parameter ("w") or several in parentheses ("(w, b)"); see ``slope_words``.
    """
    steps = f"{stopped_at} step{'' if stopped_at == 1 else 's'}"
    what = slope_words(name.startswith("("))
    if outcome == "diverged":
        return f"diverged at step {stopped_at}: the cost blew up, so lower alpha"
    if outcome == "converged":
        return f"converged after {steps}: {what} is now {slope:.2g}, close to 0"
    if outcome == "stalled":
        return (
            f"stalled after {steps}: alpha = {alpha:g} is too small to make progress ({name} moved "
            f"{moved:.2g} in all while {what} is still {slope:.2g}); raise alpha"
        )
    return (
        f"out of steps after {steps}: not converged yet, {what} is still {slope:.2g}; "
        "run more steps, or change alpha"
    )
