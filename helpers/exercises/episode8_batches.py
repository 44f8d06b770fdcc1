"""Exercise 8.2's diagnosis: what is wrong with the batches a learner's ``make_batches`` returned.

``episode8.check_make_batches`` makes sure it was given a function of its own
(``_require_make_batches``), calls it with seeded generators (``_batches_call``), reads its answer
(``_as_batches``) and names the first problem it finds in one epoch (``_epoch_problem``,
``_one_epoch``) or across all the cases (``_order_problem``), in words that point to the fix.
"""

from __future__ import annotations

import numbers
import types

import numpy as np

from .. import optimizers as _optimizers
from ._answers import _explain_failed_call
from ._feedback import short, stop, unset
from ._package_use import watching
from ._running import accepts, call_learner, parameters

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
    with watching((_optimizers.epoch_batches,)) as used:
        call = call_learner(candidate, (m, batch_size, _Seeded(seed)), params, time_limit=limit)
    if used:
        stop(
            f"{name} calls helpers.optimizers.epoch_batches, the package's answer: write the shuffle and the "
            "cutting yourself (rng.permutation and slices)."
        )
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
    return [_one_batch(batch, call_text, want) for batch in value]


def _one_batch(batch, call_text: str, want: str) -> np.ndarray:
    """One of the learner's batches as a 1-D integer array, or stop saying what is wrong with it."""
    if isinstance(batch, (str, bytes)):
        stop(
            f"{call_text} returned a batch as text ({short(batch)}): return the array of indices itself, "
            f"not str() of it. It must return {want}."
        )
    arr = np.asarray(batch)
    if arr.ndim == 0:
        stop(
            f"{call_text} returned a list of single numbers, not of batches: put the indices of each "
            f"batch in an array of their own and return {want}."
        )
    if arr.ndim != 1 or arr.dtype.kind not in "iuf" or not np.all(np.isfinite(arr.astype(float))):
        stop(f"{call_text} returned a batch that is not a list of indices ({short(batch)}); return {want}.")
    if arr.dtype.kind == "f" and not np.all(arr == np.round(arr)):
        stop(f"{call_text} returned indices that are not whole numbers ({short(batch)}); return {want}.")
    if arr.dtype.kind == "f" and arr.size:  # an empty list is float to NumPy: told apart later
        stop(
            f"{call_text} returned indices as floating-point numbers ({short(batch)}): x[batch] takes "
            "whole-number (integer) indices only and raises an IndexError for these. Keep the integers "
            "rng.permutation(m) gives (no float conversion)."
        )
    return arr.astype(np.int64)


def _epoch_problem(batches, m, batch_size, call_text) -> str | None:
    """What is wrong with one epoch's batches (None: nothing), in words that point to the fix."""
    return (
        _index_problem(batches, m, batch_size, call_text)
        or _coverage_problem(batches, m, batch_size, call_text)
        or _size_problem(batches, m, batch_size, call_text)
    )


def _index_problem(batches, m, batch_size, call_text) -> str | None:
    """No batches at all, or indices that pick no example."""
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
    return None


def _coverage_problem(batches, m, batch_size, call_text) -> str | None:
    """One batch for the whole epoch, or examples left out or used more than once."""
    everything = np.concatenate(batches)
    counts = np.bincount(everything, minlength=m)
    missing, doubled = np.flatnonzero(counts == 0), np.flatnonzero(counts > 1)
    sizes = [len(b) for b in batches]
    if m != batch_size and np.array_equal(np.sort(everything), np.arange(batch_size)):
        return (
            f"{call_text} shuffled {batch_size} examples, not {m}: are m and batch_size swapped? The "
            "function takes (m, batch_size, rng) and shuffles all m examples, rng.permutation(m)."
        )
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
    return None


def _size_problem(batches, m, batch_size, call_text) -> str | None:
    """Batches that are blocks of neighbours, empty, or of the wrong sizes."""
    everything = np.concatenate(batches)
    sizes = [len(b) for b in batches]
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
    if all(np.array_equal(np.concatenate(b), np.arange(m)[::-1]) for b, m, _ in big):
        return (
            f"{name} returns the examples in reverse order, m − 1, …, 1, 0: a fixed order is no shuffle, so "
            "every epoch walks through the data the same way. Shuffle with rng.permutation(m), then cut."
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


def _require_make_batches(make_batches, name: str) -> None:
    """Stop unless ``make_batches`` is a function of (m, batch_size, rng) that is not the package's own."""
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


def _one_epoch(make_batches, m, batch_size, seed, name, params, limit) -> list[np.ndarray]:
    """One case's batches: stop if they are not one epoch, or if the same seed does not repeat them."""
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
    return batches
