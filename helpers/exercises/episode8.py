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
"""

from __future__ import annotations

import dis
import functools
import math
import numbers
import types

import numpy as np

from .._stopping import divergence_limit
from ..data import data_path, load_houses
from ..descent import compute_cost, least_squares
from ..fastpath import gradient_descent_closed_form
from ..optimizers import descend, steps_per_epoch
from . import CheckResult, check_function, exercise, failed, passed, read_number, stop
from ._answers import _explain_failed_call
from ._feedback import short, unset
from ._running import TIME_LIMIT, accepts, call_learner, parameters
from .episode3 import read_alpha

# Small data sets the learner's functions are tried on, as in Episode 5: the two houses and two
# made-up sets with uneven sizes, so that no wrong loop gives the right numbers by luck.
_TWO_X, _TWO_Y = np.array([1.0, 2.0]), np.array([300.0, 500.0])
_THREE_X, _THREE_Y = np.array([0.5, 1.5, 3.0]), np.array([150.0, 420.0, 700.0])
_FIVE_X = np.array([0.8, 1.1, 1.9, 2.4, 3.3])
_FIVE_Y = np.array([240.0, 310.0, 460.0, 530.0, 790.0])


# ---------------------------------------------------------------- Exercise 8.1: momentum descent


def _gradient(x, y, p):
    """(dJ/dw, dJ/db) at p = (w, b), as an array."""
    errors = p[0] * x + p[1] - y
    return np.array([errors @ x, errors.sum()]) / x.size


def _momentum_loop(rule, *, gradient_at=None, first_v=None, steps=None):
    """A momentum loop with one knob per typical mistake; the reference is the default setting.

    ``rule(v, g, alpha, beta)`` returns (the step to subtract from p, the new v); ``gradient_at``
    picks the point where the gradient is taken; ``first_v`` the velocity at the start; ``steps``
    how many times the loop runs for a given num_iters.
    """

    def loop(x, y, w, b, alpha, beta, num_iters):
        p = np.array([w, b], dtype=float)
        v = np.zeros(2) if first_v is None else first_v(x, y, p)
        for _ in range(num_iters if steps is None else steps(num_iters)):
            g = _gradient(x, y, p if gradient_at is None else gradient_at(p, v, alpha, beta))
            step, v = rule(v, g, alpha, beta)
            p = p - step
        return float(p[0]), float(p[1])

    return loop


def _course_rule(v, g, alpha, beta):
    v = beta * v + g
    return alpha * v, v


_reference_momentum = _momentum_loop(_course_rule)


def momentum_reference(x, y, w, b, alpha, beta, num_iters):
    """(w, b) after ``num_iters`` momentum steps from (w, b): v ← β·v + ∇J, w ← w − α·v, v = 0 first."""
    return _reference_momentum(
        np.asarray(x, dtype=float), np.asarray(y, dtype=float), w, b, alpha, beta, num_iters
    )


def _stale_velocity(x, y, w, b, alpha, beta, num_iters):
    """w moves with the old velocity, and v is updated after, from the gradient at the new w."""
    p, v = np.array([w, b], dtype=float), np.zeros(2)
    for _ in range(num_iters):
        p = p - alpha * v
        v = beta * v + _gradient(x, y, p)
    return float(p[0]), float(p[1])


def _b_without_momentum(x, y, w, b, alpha, beta, num_iters):
    p, v_w = np.array([w, b], dtype=float), 0.0
    for _ in range(num_iters):
        g = _gradient(x, y, p)
        v_w = beta * v_w + g[0]
        p = p - alpha * np.array([v_w, g[1]])
    return float(p[0]), float(p[1])


def _sum_gradient_loop(x, y, w, b, alpha, beta, num_iters):
    """The course's loop with the gradient summed over the examples instead of averaged."""
    p, v = np.array([w, b], dtype=float), np.zeros(2)
    for _ in range(num_iters):
        v = beta * v + _gradient(x, y, p) * x.size
        p = p - alpha * v
    return float(p[0]), float(p[1])


def _unchanged(x, y, w, b, alpha, beta, num_iters):
    return float(w), float(b)


_STEPS = "the loop must run exactly num_iters times, for _ in range(num_iters)"
_ONE_BEHIND = (
    "Your w and b are exactly one momentum step behind. Either w moves with the old velocity before v "
    "is updated (then the first step does not move at all): in each step update v first, "
    "v ← β·v + ∇J, then w ← w − α·v with that new v. Or the loop runs once too few: it must run "
    "exactly num_iters times, for _ in range(num_iters)."
)

MOMENTUM_MISTAKES = [
    (
        # v ← β·v − ∇J with w ← w − α·v, or v ← β·v + ∇J with w ← w + α·v: the same steps, uphill.
        _momentum_loop(lambda v, g, a, be: (a * (be * v - g), be * v - g)),
        "Your run climbs uphill: one sign is wrong. Either the velocity adds minus the gradient and the "
        "step subtracts it again, or the step adds a velocity that holds the gradient. Keep "
        "v ← β·v + ∇J with w ← w − α·v (the course's form).",
    ),
    # Moving w with the old velocity before updating v (with the gradient taken before or after the
    # move) lands exactly one step behind: the same numbers as a loop that runs num_iters - 1 times.
    (_momentum_loop(lambda v, g, a, be: (a * v, be * v + g)), _ONE_BEHIND),
    (_stale_velocity, _ONE_BEHIND),
    (
        _momentum_loop(lambda v, g, a, be: (a * (v + g), v + g)),
        "Your velocity never forgets: v ← v + ∇J adds up every gradient so far at full weight. Multiply "
        "the old velocity by β first: v ← β·v + ∇J.",
    ),
    (
        _momentum_loop(lambda v, g, a, be: (a * g, g)),
        "Your steps are plain gradient descent: the velocity does not carry anything over from one step "
        "to the next. Set v = 0 once, before the loop; inside it, v ← β·v + ∇J and w ← w − α·v.",
    ),
    (
        _momentum_loop(lambda v, g, a, be: (a * (be * v + (1 - be) * g), be * v + (1 - be) * g)),
        "You average the gradient, v ← β·v + (1 − β)·∇J. Some courses write momentum that way, but at "
        "the same α its steps are (1 − β) times as long, so it is not the same run. This course uses "
        "v ← β·v + ∇J: drop the (1 − β).",
    ),
    (
        _momentum_loop(lambda v, g, a, be: (a * ((1 - be) * v + be * g), (1 - be) * v + be * g)),
        "β multiplies the old velocity, not the gradient: v ← β·v + ∇J.",
    ),
    (
        _momentum_loop(lambda v, g, a, be: (a * be * (v + g), be * (v + g))),
        "Check the brackets: β multiplies only the old velocity, v ← β·v + ∇J, not β·(v + ∇J).",
    ),
    (
        _momentum_loop(lambda v, g, a, be: (a * (be * v + a * g), be * v + a * g)),
        "α appears twice: once inside the velocity and again in the step. Write v ← β·v + ∇J and "
        "w ← w − α·v (or put α inside v and step w ← w − v, but not both).",
    ),
    (
        _momentum_loop(_course_rule, gradient_at=lambda p, v, a, be: p - a * be * v),
        "You take the gradient at the look-ahead point w − α·β·v: that is Nesterov's momentum, a "
        "related method. Here take the gradient at the current (w, b).",
    ),
    (_b_without_momentum, "w has a velocity but b does not: b must keep one too, v_b ← β·v_b + ∂J/∂b."),
    (
        _momentum_loop(_course_rule, first_v=lambda x, y, p: _gradient(x, y, p)),
        "Start the velocity at 0. Starting it at the first gradient counts that gradient twice: "
        "v ← β·v + ∇J adds it again in the first step.",
    ),
    (
        _sum_gradient_loop,
        "Your gradient is m times too large: the derivatives are averages, (1/m) Σ …, not sums.",
    ),
    (
        _momentum_loop(_course_rule, steps=lambda n: min(n, 1)),
        "Your loop takes only one step: is the return indented inside the for loop?",
    ),
    (_momentum_loop(_course_rule, steps=lambda n: n + 1), f"One step too many: {_STEPS}."),
    (
        _unchanged,
        "w and b never change: assign the new values back inside the loop (w = w − α·v_w, b = b − α·v_b) "
        "and return them.",
    ),
]


def _momentum_cases():
    return [
        (_TWO_X.copy(), _TWO_Y.copy(), 0.0, 0.0, 0.1, 0.5, 5),
        (_THREE_X.copy(), _THREE_Y.copy(), 50.0, 10.0, 0.05, 0.9, 6),
        (_FIVE_X.copy(), _FIVE_Y.copy(), 120.0, -20.0, 0.02, 0.7, 8),
        (_TWO_X.copy(), _TWO_Y.copy(), 180.0, 140.0, 0.2, 0.3, 3),
    ]


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
# There is no single right answer to compare with (every shuffle is right), so the check tests what
# every right answer shares: a permutation of 0..m-1 cut into batches of batch_size, the last one
# smaller, drawn from the generator it is given (the same seed, the same batches).

#: (m, batch_size, seed): a last batch that is smaller, one that is full, a batch of 1, one batch.
BATCH_CASES = [(10, 4, 0), (12, 3, 1), (7, 7, 2), (5, 1, 3), (23, 5, 4), (100, 32, 5)]


class _Seeded(np.random.Generator):
    """np.random.default_rng(seed) that a message can show as such (not as an address in memory)."""

    def __init__(self, seed: int):
        super().__init__(np.random.PCG64(seed))
        self.seed = seed

    def __repr__(self) -> str:
        return f"np.random.default_rng({self.seed})"

    def __deepcopy__(self, memo) -> _Seeded:
        other = _Seeded(self.seed)
        other.bit_generator.state = self.bit_generator.state
        return other


def _batches_call(candidate, m, batch_size, seed, name, params, limit):
    """Call the learner's function with a fresh generator; stop the check if the call fails."""
    call = call_learner(candidate, (m, batch_size, _Seeded(seed)), params, time_limit=limit)
    if not call.ok:
        stop(_explain_failed_call(call, candidate, name, params, ()))
    return call


def _as_batches(value, call_text: str) -> list[np.ndarray]:
    """The learner's batches as a list of 1-D integer arrays, or stop saying what to return."""
    want = "a list of batches, each an array of example indices (whole numbers from 0 to m − 1)"
    if value is None:
        stop(f"{call_text} returned None. Did you forget return? It must return {want}.")
    if isinstance(value, types.GeneratorType):
        value = list(value)
    if isinstance(value, np.ndarray) and value.ndim == 1:
        stop(
            f"{call_text} returned one flat array of {value.size} indices: cut it into batches and return "
            f"{want}."
        )
    if isinstance(value, (numbers.Number, str, bytes)) or not hasattr(value, "__iter__"):
        stop(f"{call_text} returned {short(value)}; it must return {want}.")
    batches = []
    for batch in value:
        arr = np.asarray(batch)
        if arr.ndim == 0:
            stop(
                f"{call_text} returned a list of single numbers, not of batches: put the indices of each "
                f"batch in an array of their own and return {want}."
            )
        if arr.ndim != 1 or arr.dtype.kind not in "iuf" or not np.all(np.isfinite(arr.astype(float))):
            stop(
                f"{call_text} returned a batch that is not a list of indices ({short(batch)}); return {want}."
            )
        if arr.dtype.kind == "f" and not np.all(arr == np.round(arr)):
            stop(f"{call_text} returned indices that are not whole numbers ({short(batch)}); return {want}.")
        batches.append(arr.astype(np.int64))
    return batches


def _calls_the_package(candidate) -> bool:
    code = getattr(candidate, "__code__", None)
    if code is None:
        return False
    return any(
        instruction.argval == "epoch_batches"
        for instruction in dis.get_instructions(code)
        if instruction.opname in ("LOAD_ATTR", "LOAD_GLOBAL", "LOAD_NAME", "LOAD_METHOD", "IMPORT_FROM")
    )


def _epoch_problem(batches, m, batch_size, call_text) -> str | None:
    """What is wrong with one epoch's batches (None: nothing), in words that point to the fix."""
    if not batches:
        return (
            f"{call_text} returned no batches at all: one epoch of {m} examples needs {-(-m // batch_size)}."
        )
    everything = np.concatenate(batches)
    if everything.size and (everything.min() < 0 or everything.max() >= m):
        if everything.min() >= 1 and everything.max() == m:
            return (
                f"{call_text} returned the indices 1 to {m}: Python counts from 0, so the examples are "
                f"0 to {m - 1}. rng.permutation(m) gives them in a shuffled order."
            )
        return (
            f"{call_text} returned indices outside 0 to {m - 1}; every index must pick one of the m examples."
        )
    counts = np.bincount(everything, minlength=m)
    missing, doubled = np.flatnonzero(counts == 0), np.flatnonzero(counts > 1)
    sizes = [len(b) for b in batches]
    if len(batches) == 1 and m > batch_size:
        return (
            f"{call_text} returned one batch of {sizes[0]} examples: cut the shuffled order into batches of "
            f"batch_size = {batch_size}, so one epoch makes {-(-m // batch_size)} steps."
        )
    if missing.size and doubled.size:
        return (
            f"{call_text} uses some examples twice ({', '.join(map(str, doubled[:4]))}…) and others never "
            f"({', '.join(map(str, missing[:4]))}…): you drew with replacement (rng.integers, or rng.choice "
            "without replace=False). Shuffle instead, rng.permutation(m), and cut that order into batches."
        )
    if missing.size:
        if sizes and all(s == batch_size for s in sizes) and missing.size == m % batch_size:
            return (
                f"{call_text} leaves out {missing.size} examples: the last, smaller batch was dropped. "
                "Keep it: cut at 0, batch_size, 2·batch_size, … up to m (range(0, m, batch_size)), so the "
                f"last batch holds the {m % batch_size} left over."
            )
        return (
            f"{call_text} leaves out {missing.size} of the {m} examples (e.g. {missing[0]}): one epoch uses "
            "every example exactly once."
        )
    if doubled.size:
        return (
            f"{call_text} uses {doubled.size} examples more than once (e.g. {doubled[0]}): do the batches "
            "overlap, or is the last one filled up? Step through the shuffled order with "
            "range(0, m, batch_size), so each example lands in exactly one batch."
        )
    blocks = (
        len(batches) > 1
        and batch_size > 1
        and all(np.array_equal(b, np.arange(b[0], b[0] + len(b))) for b in batches if len(b))
    )
    if blocks and not np.array_equal(everything, np.arange(m)):
        return (
            f"{call_text} shuffles the batches but not the examples: each batch is a block of neighbours "
            "that always travel together. Shuffle the indices of all m examples first, then cut them "
            "into batches."
        )
    if any(s == 0 for s in sizes):
        return f"{call_text} returned an empty batch: stop cutting at m, range(0, m, batch_size)."
    if sizes[:-1] != [batch_size] * (len(sizes) - 1) or not 0 < sizes[-1] <= batch_size:
        expected = [batch_size] * (m // batch_size) + ([m % batch_size] if m % batch_size else [])
        evened = len(sizes) == len(expected) and sorted(sizes) != sorted(expected)
        if sorted(sizes) == sorted(expected):
            return (
                f"{call_text} returned batches of {', '.join(map(str, sizes))} examples: the smaller batch "
                "must be the last one. Cut the shuffled order at 0, batch_size, 2·batch_size, …"
            )
        return (
            f"{call_text} returned batches of {', '.join(map(str, sizes))} examples, but each batch holds "
            f"batch_size = {batch_size} (only the last may hold fewer: {', '.join(map(str, expected))})."
            + (
                " np.array_split(order, k) evens the sizes out; cut at multiples of batch_size instead."
                if evened
                else ""
            )
        )
    return None


def _order_problem(all_batches, cases, name) -> str | None:
    """Is the order shuffled, example by example? (Judged over all the cases at once.)"""
    big = [(batches, m, bs) for batches, (m, bs, _) in zip(all_batches, cases, strict=True) if m > 4]
    if all(np.array_equal(np.concatenate(b), np.arange(m)) for b, m, _ in big):
        return (
            f"{name} returns the examples in their order 0, 1, 2, …: nothing is shuffled, so every epoch "
            "walks through the data the same way. Shuffle first with rng.permutation(m), then cut."
        )
    if all(
        all(np.array_equal(np.sort(x), np.arange(x.min(), x.max() + 1)) for x in b)
        for b, _, bs in big
        if bs > 1
    ):
        if all(all(np.array_equal(x, np.sort(x)) for x in b) for b, _, _ in big):
            return (
                f"{name} shuffles the batches but not the examples: the same examples always travel "
                "together in one block. Shuffle the indices of all m examples first, then cut them into "
                "batches."
            )
        blocks = all(
            all(np.array_equal(np.sort(x), np.arange(k * bs, k * bs + len(x))) for k, x in enumerate(b))
            for b, _, bs in big
        )
        if blocks:
            return (
                f"{name} shuffles inside each batch only: batch 1 always holds the first batch_size "
                "examples. "
                "Shuffle the indices of all m examples first, then cut them into batches."
            )
    return None


@exercise("8.2")
def check_make_batches(make_batches, *, time_limit: float | None = None) -> CheckResult:
    """Exercise 8.2: ``make_batches(m, batch_size, rng)`` returns one epoch's batches of example indices:
    a shuffled order of 0..m-1 from ``rng``, cut into batches of ``batch_size`` (the last may be smaller)."""
    name, params = "make_batches", ("m", "batch_size", "rng")
    limit = TIME_LIMIT if time_limit is None else time_limit
    if make_batches is None or make_batches is Ellipsis:
        stop(unset(name, repr(make_batches), "your function, def make_batches(m, batch_size, rng): …"))
    if not callable(make_batches):
        stop(
            f"{name} is {short(make_batches)}, not a function: define it with def {name}(m, batch_size, rng):"
        )
    if not accepts(make_batches, 3):
        theirs = parameters(make_batches) or ()
        stop(
            f"{name} should take 3 arguments, (m, batch_size, rng), in that order; yours takes "
            f"({', '.join(theirs)})."
        )
    if _calls_the_package(make_batches):
        stop(
            f"{name} calls helpers.optimizers.epoch_batches, the package's answer: write the shuffle and the "
            "cutting yourself (rng.permutation and slices)."
        )
    all_batches = []
    for m, batch_size, seed in BATCH_CASES:
        text = f"{name}(m={m}, batch_size={batch_size}, rng=np.random.default_rng({seed}))"
        first = _batches_call(make_batches, m, batch_size, seed, name, params, limit)
        batches = _as_batches(first.value, text)
        problem = _epoch_problem(batches, m, batch_size, text)
        if problem:
            stop(problem)
        again = _as_batches(_batches_call(make_batches, m, batch_size, seed, name, params, limit).value, text)
        if len(again) != len(batches) or not all(
            np.array_equal(a, b) for a, b in zip(again, batches, strict=True)
        ):
            stop(
                f"{text} gave other batches when called again with the same seed: the shuffle does not come "
                "from rng. Draw it from the generator you are given, rng.permutation(m), so that a seed "
                "repeats an epoch exactly (np.random.shuffle and a new default_rng() ignore it)."
            )
        all_batches.append(batches)
    problem = _order_problem(all_batches, BATCH_CASES, name)
    if problem:
        stop(problem)
    m, batch_size, _ = BATCH_CASES[-1]
    other = _as_batches(_batches_call(make_batches, m, batch_size, 99, name, params, limit).value, name)
    if np.array_equal(np.concatenate(other), np.concatenate(all_batches[-1])):
        stop(
            f"{name} returns the same order whatever generator it is given (seed 5 and seed 99 give the same "
            "batches): it must draw the shuffle from rng, so that each epoch comes in a new order. Did you "
            "make a generator of your own, such as np.random.default_rng(0), inside the function?"
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
# On the two houses from (0, 0), where the lowest J is exactly 0: J must be below 1 from some step
# no later than 20 on, for good. A run is followed for CHALLENGE_HORIZON steps to see that it stays
# there, so a path that swings through J < 1 and out again does not count. Plain gradient descent
# cannot do it at any α (its best needs 37 steps); momentum can, with a well chosen pair (α, β).

CHALLENGE_DATA = "two_houses.csv"
CHALLENGE_STEPS = 20
CHALLENGE_TARGET = 1.0
CHALLENGE_HORIZON = 200
CHALLENGE_START = (0.0, 0.0)
CHALLENGE_SEED = 0
METHODS = ("gd", "momentum", "adam")
#: What the hints quote about the methods that cannot meet the challenge (tests pin every number).
GD_BEST = "35 steps, near α = 0.52"
GD_DIVERGES_ABOVE = 0.58
ADAM_BEST = "30 steps, near α = 160 and β = 0.65"
#: The fewest steps on a grid of (α, β) (tests pin it): something to aim for once the check passes.
FASTEST = 15
FASTEST_GRID = "α from 0.05 to 1.2 and β from 0 to 0.95, both in steps of 0.05"


def challenge_data() -> tuple[np.ndarray, np.ndarray]:
    """The two houses, read from the course's own file."""
    return load_houses(data_path(CHALLENGE_DATA))


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


def challenge_run(method, alpha, beta=0.0, batch_size=None):
    """The challenge's run of a choice: up to 200 steps on the two houses from (0, 0), seeded.

    Returns the ``DescentResult`` of ``helpers.optimizers.descend``, which stops sooner if the run
    converges or diverges. ``challenge_steps`` and ``challenge_cost`` read the verdict from it.
    """
    x, y = challenge_data()
    size = x.size if batch_size is None else batch_size
    epochs = math.ceil(CHALLENGE_HORIZON / steps_per_epoch(x.size, size))
    return descend(
        x,
        y,
        *CHALLENGE_START,
        alpha,
        epochs=epochs,
        batch_size=batch_size,
        method=method,
        beta=beta,
        seed=CHALLENGE_SEED,
    )


def _settles(J: np.ndarray) -> int | None:
    """The first step from which every J of the history is below the target (None: never)."""
    above = np.flatnonzero(~(J < CHALLENGE_TARGET))
    step = int(above[-1]) + 1 if above.size else 0
    return step if step < J.size else None


def challenge_steps(result) -> int | None:
    """The step from which J stays below 1 for the rest of the run (None: never, or it diverged)."""
    return None if result.diverged else _settles(result.J_history)


def challenge_cost(result) -> float:
    """J after 20 steps (at the stop, if the run converged sooner); inf if it diverged by then."""
    if result.diverged and result.stopped_at <= CHALLENGE_STEPS:
        return math.inf
    return float(result.J_history[min(CHALLENGE_STEPS, result.J_history.size - 1)])


def _full_batch_history(method, alphas, betas, steps=CHALLENGE_HORIZON) -> np.ndarray:
    """J after each of ``steps`` full-batch steps on the two houses, for many (α, β) at once.

    One row per setting, ``steps + 1`` columns (the start first); inf from the step a run diverges.
    The same arithmetic as ``descend`` on the full batch, vectorised over the settings, so that a
    hint can survey thousands of settings in a moment (tests compare the two).
    """
    x, y = challenge_data()
    G = np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
    h = np.array([np.mean(x * y), np.mean(y)])
    c = float(np.mean(y * y) / 2)
    alphas, betas = np.broadcast_arrays(np.asarray(alphas, float), np.asarray(betas, float))
    alphas, betas = alphas.reshape(-1, 1), betas.reshape(-1, 1)
    p = np.tile(np.array(CHALLENGE_START, dtype=float), (alphas.shape[0], 1))
    v, s = np.zeros_like(p), np.zeros_like(p)
    history = np.empty((alphas.shape[0], steps + 1))
    history[:, 0] = 0.5 * p[0] @ G @ p[0] - h @ p[0] + c
    limit = divergence_limit(float(history[0, 0]))
    alive = np.ones(alphas.shape[0], dtype=bool)
    with np.errstate(all="ignore"):
        for k in range(1, steps + 1):
            g = p @ G - h
            if method == "gd":
                p = p - alphas * g
            elif method == "momentum":
                v = betas * v + g
                p = p - alphas * v
            else:
                v = betas * v + (1 - betas) * g
                s = 0.999 * s + 0.001 * g * g
                p = p - alphas * (v / (1 - betas**k)) / (np.sqrt(s / (1 - 0.999**k)) + 1e-8)
            J = 0.5 * np.einsum("ki,ij,kj->k", p, G, p) - p @ h + c
            alive &= np.isfinite(J) & (J <= limit)
            history[:, k] = np.where(alive, J, np.inf)
    return history


def _settle_steps(history: np.ndarray) -> np.ndarray:
    """Each row's first step from which J stays below the target; a large number where it never does."""
    below = history < CHALLENGE_TARGET
    stays = np.flip(np.logical_and.accumulate(np.flip(below, axis=1), axis=1), axis=1)
    return np.where(stays[:, -1], np.argmax(stays, axis=1), np.iinfo(np.int64).max)


#: One notch of each knob, the size of move a hint suggests: α times or divided by 1.5, β ± 0.1.
ALPHA_NOTCH = 1.5
BETA_NOTCH = 0.1


@functools.cache
def momentum_passes() -> tuple[np.ndarray, np.ndarray]:
    """Every (α, β) of a fine grid with which full-batch momentum meets the challenge (α, β arrays).

    α: 81 values from 0.001 to 10, evenly spaced on a log scale; β: 0 to 0.98 in steps of 0.02.
    Computed once, on the first hint (a quarter of a second).
    """
    A, B = np.meshgrid(np.geomspace(1e-3, 10.0, 81), np.round(np.arange(0.0, 0.99, 0.02), 2), indexing="ij")
    ok = _settle_steps(_full_batch_history("momentum", A.ravel(), B.ravel())) <= CHALLENGE_STEPS
    return A.ravel()[ok], B.ravel()[ok]


def momentum_move(alpha: float, beta: float) -> tuple[str, float]:
    """Which knob to turn, and by how many notches, towards the nearest (α, β) that meets the challenge.

    Returns ("α" or "β", notches): positive means raise it. Distances are counted in notches
    (α × 1.5, β + 0.1), and the knob that is further off is named; following the hints one notch
    at a time ends in a passing pair from any start (tests follow them from a grid of starts).
    """
    pass_alpha, pass_beta = momentum_passes()
    notches_alpha = np.log(pass_alpha / alpha) / np.log(ALPHA_NOTCH)
    notches_beta = (pass_beta - beta) / BETA_NOTCH
    nearest = int(np.argmin(np.hypot(notches_alpha, notches_beta)))
    if abs(notches_alpha[nearest]) >= abs(notches_beta[nearest]):
        return "α", float(notches_alpha[nearest])
    return "β", float(notches_beta[nearest])


def _move_words(knob: str, notches: float) -> str:
    way, bigger = ("raise", "larger") if notches > 0 else ("lower", "smaller")
    if knob == "α":
        size = "× 1.5" if notches > 0 else "÷ 1.5"
        step = f"{size} at a time" if abs(notches) >= 1 else f"a little, less than {size}"
    else:
        step = "by 0.1 at a time" if abs(notches) >= 1 else "a little, by less than 0.1"
    return f"The nearest settings that make it have a {bigger} {knob}: {way} {knob} ({step})."


def _first_below(result) -> int | None:
    below = np.flatnonzero(result.J_history < CHALLENGE_TARGET)
    return int(below[0]) if below.size else None


def _how_it_went(result) -> str:
    """What the run did, in one sentence: blew up, still above 1, or below 1 too late or not for good."""
    if result.diverged and result.stopped_at <= CHALLENGE_STEPS:
        return f"J blew up: the run diverged at step {result.stopped_at}"
    J20 = challenge_cost(result)
    first = _first_below(result)
    if first is None or first > CHALLENGE_STEPS:
        return f"J is {J20:.3g} after {CHALLENGE_STEPS} steps, not below {CHALLENGE_TARGET:g}"
    settled = challenge_steps(result)
    later = (
        "and never settles below it" if settled is None else f"and stays below it only from step {settled} on"
    )
    return (
        f"J dips below {CHALLENGE_TARGET:g} at step {first} but comes back up ({J20:.3g} at step "
        f"{CHALLENGE_STEPS}), {later}: the path swings through the minimum"
    )


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


@exercise("challenge")
def check_challenge(method, alpha, beta=0.0, batch_size=None) -> CheckResult:
    """The challenge of Episode 8: J below 1 by step 20, for good, on the two houses from (0, 0).

    ``method`` is "gd", "momentum" or "adam"; ``beta`` is momentum's β (Adam's β₁); ``batch_size``
    None is the full batch, 1 one house per step. When the choice falls short, the message says
    which of the four to change, and which way.
    """
    x, _ = challenge_data()
    method = _read_method(method)
    alpha = read_alpha(alpha, "alpha")
    beta = _read_beta(beta)
    batch_size = _read_challenge_batch(batch_size, x.size)
    return _challenge_verdict(method, alpha, beta, batch_size)
