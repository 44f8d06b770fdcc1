"""Checks for Episode 8, faster descents: mini-batches, momentum and Adam.

Exercise 8.1 a momentum descent loop, Exercise 8.2 the batches of one epoch, Exercise 8.3 a batch
size for a budget of work; and the episode's challenge, J below 1 by step 20 (for good) on the two
houses, which checks a choice of (method, alpha, beta, batch_size) and, when it falls short, says
which of them to move and which way. A live figure can call ``check_challenge`` and
``challenge_run`` for the same verdict and the same run.

Momentum is written as in the whole course: v ← β·v + ∇J, then w ← w − α·v, with v = 0 at the
start. A loop that keeps its velocity with the other sign (v ← β·v − ∇J, w ← w + α·v), or with α
inside it (v ← β·v + α·∇J, w ← w − v), takes exactly the same steps and passes Exercise 8.1; the
averaging form v ← β·v + (1 − β)·∇J does not: at the same α its steps are (1 − β) times as long.

This module holds the checks. Exercise 8.1's reference, cases and typical mistakes are in
``episode8_mistakes``, the diagnosis of Exercise 8.2's batches in ``episode8_batches``, and the
challenge's run and hints in ``episode8_challenge``; every name is importable from here as before.
"""

from __future__ import annotations

import numpy as np

from ..descent import compute_cost, least_squares
from ..fastpath import gradient_descent_closed_form
from ..optimizers import descend, steps_per_epoch
from . import CheckResult, check_function, exercise, failed, passed, read_number, stop
from ._feedback import short, unset
from ._running import TIME_LIMIT
from .episode3 import read_alpha
from .episode8_batches import (
    BATCH_CASES,
    _as_batches,
    _batches_call,
    _one_epoch,
    _order_problem,
    _require_make_batches,
)
from .episode8_challenge import (
    ADAM_BEST,
    CHALLENGE_STEPS,
    CHALLENGE_TARGET,
    FASTEST,
    FASTEST_GRID,
    GD_BEST,
    GD_DIVERGES_ABOVE,
    METHODS,
    _how_it_went,
    _move_words,
    challenge_cost,
    challenge_data,
    challenge_run,
    challenge_steps,
    momentum_move,
)
from .episode8_challenge import ALPHA_NOTCH as ALPHA_NOTCH
from .episode8_challenge import BETA_NOTCH as BETA_NOTCH
from .episode8_challenge import CHALLENGE_DATA as CHALLENGE_DATA
from .episode8_challenge import CHALLENGE_HORIZON as CHALLENGE_HORIZON
from .episode8_challenge import CHALLENGE_SEED as CHALLENGE_SEED
from .episode8_challenge import CHALLENGE_START as CHALLENGE_START
from .episode8_challenge import _full_batch_history as _full_batch_history
from .episode8_challenge import _settle_steps as _settle_steps
from .episode8_challenge import momentum_passes as momentum_passes
from .episode8_mistakes import MOMENTUM_MISTAKES, _momentum_cases, momentum_reference

# ---------------------------------------------------------------- Exercise 8.1: momentum descent


@exercise("8.1")
def check_momentum_descent(momentum_descent, *, time_limit: float | None = None) -> CheckResult:
    """Exercise 8.1: ``momentum_descent(x, y, w, b, alpha, beta, num_iters)`` returns (w, b) after
    ``num_iters`` momentum steps, v ← β·v + ∇J and w ← w − α·v, from v = 0."""
    return check_function(
        momentum_descent,
        momentum_reference,
        _momentum_cases(),
        name="momentum_descent",
        returns="the final w and b, as return w, b",
        mistakes=MOMENTUM_MISTAKES,
        success=(
            "momentum_descent takes the course's momentum steps on all 4 test cases: v ← β·v + ∇J, then "
            "w ← w − α·v, for w and b together. (A velocity kept with the other sign, v ← β·v − ∇J with "
            "w ← w + α·v, takes the same steps and passes too.)"
        ),
        time_limit=time_limit,
    )


# ---------------------------------------------------------------- Exercise 8.2: one epoch's batches
# Every shuffle is right, so the check tests what every right answer shares (see episode8_batches).


@exercise("8.2")
def check_make_batches(make_batches, *, time_limit: float | None = None) -> CheckResult:
    """Exercise 8.2: ``make_batches(m, batch_size, rng)`` returns one epoch's batches of example indices:
    a shuffled order of 0..m-1 from ``rng``, cut into batches of ``batch_size`` (the last may be smaller)."""
    name, params = "make_batches", ("m", "batch_size", "rng")
    limit = TIME_LIMIT if time_limit is None else time_limit
    _require_make_batches(make_batches, name)
    all_batches = [
        _one_epoch(make_batches, m, batch_size, seed, name, params, limit)
        for m, batch_size, seed in BATCH_CASES
    ]
    problem = _order_problem(all_batches, BATCH_CASES, name)
    if problem:
        stop(problem)
    m, batch_size, _ = BATCH_CASES[-1]
    other = _as_batches(_batches_call(make_batches, m, batch_size, 99, name, params, limit).value, name)
    if np.array_equal(np.concatenate(other), np.concatenate(all_batches[-1])):
        stop(
            f"{name} returns the same order whatever generator it is given (seed 5 and seed 99 give the same "
            "batches): it must draw the shuffle from rng, so that each epoch comes in a new order. Did you "
            "make a generator of your own, such as np.random.default_rng(0), inside the function, or use a "
            "fixed order?"
        )
    return passed(
        f"{name} cuts a shuffled order of the m examples into batches of batch_size (the last one smaller), "
        f"every example exactly once, and the same seed gives the same batches: on all {len(BATCH_CASES)} "
        "test cases."
    )


# ---------------------------------------------------------------- Exercise 8.3: a batch size for a budget
# A budget of one pass over BUDGET_M synthetic houses (every example's gradient computed once), with
# α fixed: many small batches make many noisy steps, a few big ones few precise steps. The run is
# judged by its cost at the end, in the middle (median) of five shuffles.

BUDGET_M = 20_000
BUDGET_SEED = 2024
BUDGET_ALPHA = 0.02
BUDGET_EPOCHS = 1
#: J at the end must be within this fraction of the lowest J.
BUDGET_TOLERANCE = 0.01
BUDGET_SHUFFLES = (0, 1, 2, 3, 4)


def budget_data() -> tuple[np.ndarray, np.ndarray]:
    """Exercise 8.3's data: 20,000 synthetic houses (size in 1000 sqft, price in $1000s), seeded.

    Made like Episode 5's million: sizes uniform from 0.5 to 4.0, price 100 + 200·size + noise
    (standard deviation 40).
    """
    rng = np.random.default_rng(BUDGET_SEED)
    x = rng.uniform(0.5, 4.0, size=BUDGET_M)
    return x, 100 + 200 * x + rng.normal(0.0, 40.0, size=BUDGET_M)


def budget_runs(batch_size: int):
    """The five runs Exercise 8.3 judges: one epoch with α = 0.02 from (0, 0), one per shuffle seed."""
    x, y = budget_data()
    return [
        descend(x, y, 0.0, 0.0, BUDGET_ALPHA, epochs=BUDGET_EPOCHS, batch_size=batch_size, seed=seed, tol=0.0)
        for seed in BUDGET_SHUFFLES
    ]


def _budget_J_min() -> float:
    x, y = budget_data()
    return compute_cost(x, y, *least_squares(x, y))


def _read_batch_size(value, name: str, m: int) -> int:
    if isinstance(value, (bool, np.bool_)):
        stop(
            f"{name} is {value}, a yes/no value: write a whole number of examples, such as 100, and run "
            "the cell."
        )
    size = read_number(value, name, what="a whole number of examples", example="100")
    if not float(size).is_integer():
        stop(
            f"{name} = {size:g} is not a whole number: a batch holds a whole number of examples, such as 100."
        )
    size = int(size)
    if size < 1:
        stop(f"{name} = {size}: a batch holds at least 1 example (1 is stochastic gradient descent).")
    if size > m:
        stop(f"{name} = {size} is more than the {m:,} examples there are: the full batch is {m:,}.")
    return size


@exercise("8.3")
def check_batch_size_for_budget(batch_size_for_budget) -> CheckResult:
    """Exercise 8.3: a batch size with which one pass over the 20,000 houses, α = 0.02 from (0, 0),
    ends with J within 1 % of its minimum (the median of five shuffles)."""
    size = _read_batch_size(batch_size_for_budget, "batch_size_for_budget", BUDGET_M)
    J_min = _budget_J_min()
    runs = budget_runs(size)
    above = np.array([np.inf if r.diverged else (r.J_history[-1] - J_min) / J_min for r in runs])
    median = float(np.median(above))
    updates = steps_per_epoch(BUDGET_M, size)
    shown = ", ".join("blew up" if not np.isfinite(a) else f"{100 * a:.2f} %" for a in above)
    if median <= BUDGET_TOLERANCE:
        return passed(
            f"With batches of {size}, the budget buys {updates:,} steps, and J ends within 1 % of its lowest "
            f"value in the middle of five shuffles (above it by {shown}). Enough steps, and each one "
            "a good enough estimate of the gradient."
        )
    x, y = budget_data()
    exact = gradient_descent_closed_form(x, y, 0.0, 0.0, BUDGET_ALPHA, updates, tol=0.0)
    too_few = (exact.J - J_min) / J_min
    noise = median - too_few
    if too_few >= noise and too_few <= BUDGET_TOLERANCE:
        return failed(
            f"With batches of {size}, the budget buys only {updates:,} steps: even with the exact gradient, "
            f"that many steps of α = {BUDGET_ALPHA} end {100 * too_few:.2f} % above the lowest J, close to "
            f"the 1 % allowed, and the noise of the batches takes the middle of the five shuffles over it "
            f"({shown}). Make batch_size smaller: more steps leave room for the noise."
        )
    if too_few >= noise:
        return failed(
            f"With batches of {size}, the budget buys only {updates:,} steps: even with the exact gradient, "
            f"that many steps of α = {BUDGET_ALPHA} end {100 * too_few:.2f} % above the lowest J, more than "
            "1 %. "
            f"(The five shuffles end {shown} above it.) Make batch_size smaller: more, smaller steps."
        )
    return failed(
        f"With batches of {size}, the budget buys {updates:,} steps, plenty to get there, but each estimates "
        f"the gradient from only {size} example{'s' if size > 1 else ''}, so the path jitters around the "
        f"minimum: the five shuffles end {shown} above the lowest J (the middle one counts, and must be "
        "at most 1 %). Make batch_size larger: fewer, steadier steps."
    )


# ---------------------------------------------------------------- The challenge: J below 1 in 20 steps
# The run and the hints are in episode8_challenge; here the learner's choice is read and judged.


def _read_method(method) -> str:
    if method is None or method is Ellipsis:
        stop(unset("method", repr(method), "a method such as 'momentum'"))
    if not isinstance(method, str):
        stop(f"method is {short(method)}: write one of 'gd', 'momentum' or 'adam', in quotes.")
    name = method.strip().lower()
    if name in ("sgd", "stochastic", "minibatch", "mini-batch"):
        stop(
            f"method = {method!r}: mini-batches are chosen with batch_size, not with the method. For "
            "stochastic gradient descent write method='gd' with batch_size=1."
        )
    if name in ("gradient descent", "gradient_descent"):
        name = "gd"
    if name not in METHODS:
        stop(f"method = {method!r} is not one of this episode's methods: write 'gd', 'momentum' or 'adam'.")
    return name


def _read_beta(beta) -> float:
    beta = read_number(beta, "beta", what="a number from 0 up to 1", example="0.9")
    if not 0.0 <= beta < 1.0:
        stop(
            f"beta = {beta:g}: β is the fraction of the velocity kept from one step to the next, a number "
            "from 0 (no momentum) up to, but not including, 1."
        )
    return beta


def _read_challenge_batch(batch_size, m: int) -> int | None:
    if batch_size is None:
        return None
    size = _read_batch_size(batch_size, "batch_size", m)
    return None if size == m else size


def _challenge_verdict(method: str, alpha: float, beta: float, batch_size: int | None) -> CheckResult:
    result = challenge_run(method, alpha, beta, batch_size)
    settled = challenge_steps(result)
    if settled is not None and settled <= CHALLENGE_STEPS:
        return passed(
            f"J is below {CHALLENGE_TARGET:g} from step {settled} on, and stays there (J = "
            f"{challenge_cost(result):.2g} at step {CHALLENGE_STEPS}). The fastest pair on a grid of "
            f"{FASTEST_GRID} needs {FASTEST} steps: can you match it?"
        )
    where = _how_it_went(result)
    if batch_size is not None:
        return failed(
            f"{where}. With one house per step, each step pulls (w, b) towards the line that fits that one "
            "house perfectly, and the path jumps between the two. Use the full batch: batch_size=None."
        )
    if method == "gd":
        return failed(
            f"{where}. Plain gradient descent cannot get there within {CHALLENGE_STEPS} steps at any α: "
            f"its best needs {GD_BEST}, and above α = {GD_DIVERGES_ABOVE} it diverges. Switch to "
            "method='momentum' and find a β to go with your α."
        )
    if method == "adam":
        return failed(
            f"{where}. Adam does not make it here within {CHALLENGE_STEPS} steps on a grid of α from 1 to "
            f"5000 and β from 0 to 0.99 (its best needs {ADAM_BEST}). Switch to method='momentum'."
        )
    knob, notches = momentum_move(alpha, beta)
    return failed(f"{where}. {_move_words(knob, notches)}")


#: The keys of the challenge's choice, in the order the notebook's my_choice gives them.
CHALLENGE_KEYS = ("method", "alpha", "beta", "batch_size")
_MISSING = object()  # no alpha given at all, as against alpha = None (not set yet)


@exercise("challenge")
def check_challenge(method=None, alpha=_MISSING, beta=0.0, batch_size=None, **others) -> CheckResult:
    """The challenge of Episode 8: J below 1 by step 20, for good, on the two houses from (0, 0).

    ``method`` is "gd", "momentum" or "adam"; ``beta`` is momentum's β (Adam's β₁); ``batch_size``
    None is the full batch, 1 one house per step. When the choice falls short, the message says
    which of the four to change, and which way. A key it does not know (a misspelt one) is named.
    """
    unpack = ("unpack it with two stars, episode8.check_challenge(**my_choice), so that each key becomes an "
              "argument.")
    if isinstance(method, dict) or any(isinstance(value, dict) for value in others.values()):
        stop(f"check_challenge got the whole dictionary as one argument: {unpack}")
    if isinstance(method, str) and method in CHALLENGE_KEYS and alpha in CHALLENGE_KEYS:
        stop(f"check_challenge got the dictionary's keys, not its values (one star unpacks only the keys): "
             f"{unpack}")
    if others:
        keys = ", ".join(repr(key) for key in others)
        some = "a key" if len(others) == 1 else "keys"
        stop(f"The dictionary my_choice has {some} the challenge does not know: {keys}. "
             f"Use the four keys {', '.join(CHALLENGE_KEYS)}, spelt as in the cell above.")
    if alpha is _MISSING:
        stop("The dictionary my_choice has no 'alpha': add the learning rate, e.g. 'alpha': 0.1.")
    x, _ = challenge_data()
    method = _read_method(method)
    alpha = read_alpha(alpha, "alpha")
    beta = _read_beta(beta)
    batch_size = _read_challenge_batch(batch_size, x.size)
    return _challenge_verdict(method, alpha, beta, batch_size)
