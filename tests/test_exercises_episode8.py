"""The checks of Episode 8 (helpers/exercises/episode8.py): Exercises 8.1 to 8.3 and the challenge.

Exercise 8.1 is a momentum loop (``check_momentum_descent``), 8.2 one epoch's batches
(``check_make_batches``), 8.3 a batch size for a budget (``check_batch_size_for_budget``). The
challenge (``check_challenge``) asks for J below 1 by step 20 on the two houses; every number its
messages quote is pinned here against ``helpers.optimizers.descend``.
"""

from __future__ import annotations

import functools
import inspect
import re

import numpy as np
import pytest
from exercise_testing import ENDLESS, ENDLESS_SAID, LIMIT, endless, rejects, stub

import helpers
from helpers import optimizers
from helpers.exercises import episode8
from helpers.optimizers import epoch_batches as shuffle_and_cut

# --- one vocabulary, as in every episode ----------------------------------------------------------

EXERCISE_CHECKS = [
    episode8.check_momentum_descent,
    episode8.check_make_batches,
    episode8.check_batch_size_for_budget,
]


@pytest.mark.parametrize("check", EXERCISE_CHECKS, ids=lambda c: c.__name__)
def test_every_check_names_its_exercise_by_episode(check):
    assert re.match(r"Exercise 8\.[1-3]\b", check.__doc__)
    assert check.exercise.startswith("8.")


@pytest.mark.parametrize("check", EXERCISE_CHECKS[:2], ids=lambda c: c.__name__)
def test_a_function_left_as_a_stub_gets_the_one_message_and_an_endless_loop_is_stopped(check):
    assert rejects(check(stub, time_limit=LIMIT)).endswith(
        "is not set yet: replace the line raise NotImplementedError with your code, then run the cell."
    )
    rejects(check(endless, time_limit=ENDLESS), ENDLESS_SAID)


@pytest.mark.parametrize("placeholder", [None, ...])
def test_a_value_left_unset_gets_the_one_message(placeholder):
    message = rejects(episode8.check_batch_size_for_budget(placeholder))
    assert re.fullmatch(
        rf"\w+ is not set yet: replace {placeholder!r} with .+ such as [-\d.]+, then run the cell\.", message
    ), message


def test_no_message_numbers_an_exercise_without_its_episode():
    assert not re.search(r"Exercise \d(?![.\d])", inspect.getsource(episode8))


# --- Exercise 8.1: a momentum loop ----------------------------------------------------------------


def momentum_descent(x, y, w, b, alpha, beta, num_iters):
    v_w, v_b = 0.0, 0.0
    for _ in range(num_iters):
        dj_dw, dj_db = helpers.compute_gradient(x, y, w, b)
        v_w, v_b = beta * v_w + dj_dw, beta * v_b + dj_db
        w, b = w - alpha * v_w, b - alpha * v_b
    return w, b


def momentum_arrays(x, y, w, b, alpha, beta, num_iters):
    p, v = np.array([w, b], dtype=float), np.zeros(2)
    for _ in range(num_iters):
        p, v = optimizers.momentum_step(p, v, np.array(helpers.compute_gradient(x, y, *p)), alpha, beta)
    return p[0], p[1]


def momentum_other_sign(x, y, w, b, alpha, beta, num_iters):
    """v holds minus the gradient, and the step adds it: the same steps."""
    v_w = v_b = 0.0
    for _ in range(num_iters):
        dj_dw, dj_db = helpers.compute_gradient(x, y, w, b)
        v_w, v_b = beta * v_w - dj_dw, beta * v_b - dj_db
        w, b = w + alpha * v_w, b + alpha * v_b
    return w, b


def momentum_alpha_inside(x, y, w, b, alpha, beta, num_iters):
    """α inside the velocity (the form PyTorch's documentation attributes to other frameworks)."""
    v_w = v_b = 0.0
    for _ in range(num_iters):
        dj_dw, dj_db = helpers.compute_gradient(x, y, w, b)
        v_w, v_b = beta * v_w + alpha * dj_dw, beta * v_b + alpha * dj_db
        w, b = w - v_w, b - v_b
    return w, b


def momentum_keras(x, y, w, b, alpha, beta, num_iters):
    v_w = v_b = 0.0
    for _ in range(num_iters):
        dj_dw, dj_db = helpers.compute_gradient(x, y, w, b)
        v_w, v_b = beta * v_w - alpha * dj_dw, beta * v_b - alpha * dj_db
        w, b = w + v_w, b + v_b
    return w, b


@pytest.mark.parametrize(
    "answer", [momentum_descent, momentum_arrays, momentum_other_sign, momentum_alpha_inside, momentum_keras]
)
def test_momentum_accepts_the_course_s_form_and_the_forms_that_take_the_same_steps(answer):
    result = episode8.check_momentum_descent(answer)
    assert result.passed and "v ← β·v + ∇J" in result.message, result.message


@pytest.mark.parametrize("case", range(4))
def test_the_reference_is_the_package_s_momentum(case):
    x, y, w, b, alpha, beta, steps = episode8._momentum_cases()[case]
    run = optimizers.descend(x, y, w, b, alpha, epochs=steps, method="momentum", beta=beta, tol=0.0)
    np.testing.assert_allclose(episode8.momentum_reference(x, y, w, b, alpha, beta, steps), run.p_history[-1])


@pytest.mark.parametrize(
    ("wrong", "hint"),
    episode8.MOMENTUM_MISTAKES,
    ids=[str(i) for i in range(len(episode8.MOMENTUM_MISTAKES))],
)
def test_every_momentum_mistake_gets_its_own_hint(wrong, hint):
    assert rejects(episode8.check_momentum_descent(wrong)) == hint


def test_no_typical_mistake_takes_the_right_steps():
    for wrong, _ in episode8.MOMENTUM_MISTAKES:
        assert not all(
            np.allclose(wrong(*case), episode8.momentum_reference(*case))
            for case in episode8._momentum_cases()
        )


def uphill_velocity(x, y, w, b, alpha, beta, num_iters):
    v_w = v_b = 0.0
    for _ in range(num_iters):
        dj_dw, dj_db = helpers.compute_gradient(x, y, w, b)
        v_w, v_b = beta * v_w - dj_dw, beta * v_b - dj_db
        w, b = w - alpha * v_w, b - alpha * v_b
    return w, b


def w_before_v(x, y, w, b, alpha, beta, num_iters):
    v_w = v_b = 0.0
    for _ in range(num_iters):
        dj_dw, dj_db = helpers.compute_gradient(x, y, w, b)
        w, b = w - alpha * v_w, b - alpha * v_b
        v_w, v_b = beta * v_w + dj_dw, beta * v_b + dj_db
    return w, b


def no_beta(x, y, w, b, alpha, beta, num_iters):
    v_w = v_b = 0.0
    for _ in range(num_iters):
        dj_dw, dj_db = helpers.compute_gradient(x, y, w, b)
        v_w, v_b = v_w + dj_dw, v_b + dj_db
        w, b = w - alpha * v_w, b - alpha * v_b
    return w, b


def one_minus_beta(x, y, w, b, alpha, beta, num_iters):
    v_w = v_b = 0.0
    for _ in range(num_iters):
        dj_dw, dj_db = helpers.compute_gradient(x, y, w, b)
        v_w, v_b = beta * v_w + (1 - beta) * dj_dw, beta * v_b + (1 - beta) * dj_db
        w, b = w - alpha * v_w, b - alpha * v_b
    return w, b


def velocity_reset_inside(x, y, w, b, alpha, beta, num_iters):
    for _ in range(num_iters):
        v_w = v_b = 0.0
        dj_dw, dj_db = helpers.compute_gradient(x, y, w, b)
        v_w, v_b = beta * v_w + dj_dw, beta * v_b + dj_db
        w, b = w - alpha * v_w, b - alpha * v_b
    return w, b


def nesterov(x, y, w, b, alpha, beta, num_iters):
    v_w = v_b = 0.0
    for _ in range(num_iters):
        dj_dw, dj_db = helpers.compute_gradient(x, y, w - alpha * beta * v_w, b - alpha * beta * v_b)
        v_w, v_b = beta * v_w + dj_dw, beta * v_b + dj_db
        w, b = w - alpha * v_w, b - alpha * v_b
    return w, b


def return_inside(x, y, w, b, alpha, beta, num_iters):
    v_w = v_b = 0.0
    for _ in range(num_iters):
        dj_dw, dj_db = helpers.compute_gradient(x, y, w, b)
        v_w, v_b = beta * v_w + dj_dw, beta * v_b + dj_db
        w, b = w - alpha * v_w, b - alpha * v_b
        return w, b


def centres_x(x, y, w, b, alpha, beta, num_iters):
    x -= x.mean()
    return momentum_descent(x, y, w, b, alpha, beta, num_iters)


def gradient_unpacked_swapped(x, y, w, b, alpha, beta, num_iters):
    """As a learner writes it with arrays: dj_db, dj_dw = ... (the derivatives the wrong way round)."""
    p, v = np.array([w, b], dtype=float), np.zeros(2)
    for _ in range(num_iters):
        dj_db, dj_dw = helpers.compute_gradient(x, y, *p)
        v = beta * v + np.array([dj_dw, dj_db])
        p = p - alpha * v
    return tuple(p)


def one_velocity(x, y, w, b, alpha, beta, num_iters):
    v = 0.0
    for _ in range(num_iters):
        dj_dw, dj_db = helpers.compute_gradient(x, y, w, b)
        v = beta * v + dj_dw
        w = w - alpha * v
        v = beta * v + dj_db
        b = b - alpha * v
    return w, b


MOMENTUM_WRONG = {
    "the gradient unpacked as (dj_db, dj_dw)": (gradient_unpacked_swapped, "w moves with b's slope"),
    "one velocity for w and b": (one_velocity, "share one velocity"),
    "v ← βv − ∇J with w ← w − αv": (uphill_velocity, "run climbs uphill", "one sign is wrong"),
    "w before v": (w_before_v, "one momentum step behind", "update v first"),
    "β forgotten": (no_beta, "Multiply the old velocity by β"),
    "(1 − β)·∇J": (one_minus_beta, "drop the (1 − β)"),
    "v = 0 in every step": (velocity_reset_inside, "plain gradient descent", "before the loop"),
    "Nesterov": (nesterov, "Nesterov"),
    "return inside the loop": (return_inside, "only one step"),
    "one step short": (lambda *args: momentum_descent(*args[:-1], args[-1] - 1), "one momentum step behind"),
    "x changed": (centres_x, "changed its input x"),
    "forgotten return": (lambda x, y, w, b, a, be, n: None, "Did you forget return?"),
    "a string": (lambda *args: str(momentum_descent(*args)), "the text"),
    "wrong arguments": (lambda x, y, w, b: (w, b), "should take 7 arguments"),
}


@pytest.mark.parametrize("case", MOMENTUM_WRONG.values(), ids=MOMENTUM_WRONG.keys())
def test_momentum_names_the_mistake_as_a_learner_writes_it(case):
    wrong, *words = case
    rejects(episode8.check_momentum_descent(wrong, time_limit=LIMIT), *words)


# --- Exercise 8.2: one epoch's batches ------------------------------------------------------------


def make_batches(m, batch_size, rng):
    order = rng.permutation(m)
    return [order[i : i + batch_size] for i in range(0, m, batch_size)]


def batches_split(m, batch_size, rng):
    return np.array_split(rng.permutation(m), range(batch_size, m, batch_size))


def batches_choice(m, batch_size, rng):
    order = rng.choice(m, size=m, replace=False)
    return [list(order[i : i + batch_size]) for i in range(0, m, batch_size)]


def batches_generator(m, batch_size, rng):
    order = np.arange(m)
    rng.shuffle(order)
    for start in range(0, m, batch_size):
        yield order[start : start + batch_size]


@pytest.mark.parametrize("answer", [make_batches, batches_split, batches_choice, batches_generator])
def test_batches_accept_any_shuffle_cut_into_batch_size_pieces(answer):
    result = episode8.check_make_batches(answer)
    assert result.passed and "every example exactly once" in result.message, result.message


def not_shuffled(m, batch_size, rng):
    order = np.arange(m)
    return [order[i : i + batch_size] for i in range(0, m, batch_size)]


def with_replacement(m, batch_size, rng):
    order = rng.integers(0, m, size=m)
    return [order[i : i + batch_size] for i in range(0, m, batch_size)]


def choice_with_replacement(m, batch_size, rng):
    order = rng.choice(m, size=m)
    return [order[i : i + batch_size] for i in range(0, m, batch_size)]


def last_batch_dropped(m, batch_size, rng):
    order = rng.permutation(m)
    return [order[i * batch_size : (i + 1) * batch_size] for i in range(m // batch_size)]


def evened_out(m, batch_size, rng):
    return np.array_split(rng.permutation(m), -(-m // batch_size))


def one_batch(m, batch_size, rng):
    return [rng.permutation(m)]


def overlapping(m, batch_size, rng):
    order = rng.permutation(m)
    return [order[i : i + batch_size] for i in range(0, m - batch_size + 1)]


def from_one(m, batch_size, rng):
    order = rng.permutation(m) + 1
    return [order[i : i + batch_size] for i in range(0, m, batch_size)]


def batches_shuffled_not_examples(m, batch_size, rng):
    blocks = [np.arange(i, min(i + batch_size, m)) for i in range(0, m, batch_size)]
    return [blocks[i] for i in rng.permutation(len(blocks))]


def shuffled_inside_batches(m, batch_size, rng):
    return [rng.permutation(np.arange(i, min(i + batch_size, m))) for i in range(0, m, batch_size)]


def global_generator(m, batch_size, rng):
    order = np.random.default_rng().permutation(m)
    return [order[i : i + batch_size] for i in range(0, m, batch_size)]


def own_seed(m, batch_size, rng):
    order = np.random.default_rng(0).permutation(m)
    return [order[i : i + batch_size] for i in range(0, m, batch_size)]


def padded(m, batch_size, rng):
    order = rng.permutation(m)
    batches = [order[i : i + batch_size] for i in range(0, m, batch_size)]
    short = batch_size - len(batches[-1])
    batches[-1] = np.concatenate([batches[-1], order[:short]])
    return batches


def via_the_package(m, batch_size, rng):
    return optimizers.epoch_batches(m, batch_size, rng)


def via_the_package_renamed(m, batch_size, rng):
    return shuffle_and_cut(m, batch_size, rng)


def via_the_package_in_a_closure():
    cut = optimizers.epoch_batches

    def make(m, batch_size, rng):
        return cut(m, batch_size, rng)

    return make


BATCHES_WRONG = {
    "no shuffle": (not_shuffled, "nothing is shuffled"),
    "rng.integers": (with_replacement, "with replacement"),
    "rng.choice with replacement": (choice_with_replacement, "with replacement"),
    "last batch dropped": (last_batch_dropped, "the last, smaller batch was dropped"),
    "np.array_split into k": (evened_out, "np.array_split(order, k) evens the sizes out"),
    "one batch": (one_batch, "one batch of"),
    "overlapping windows": (overlapping, "more than once"),
    "indices from 1": (from_one, "Python counts from 0"),
    "the batches shuffled, not the examples": (batches_shuffled_not_examples, "shuffles the batches but not"),
    "shuffled inside each batch": (shuffled_inside_batches, "inside each batch only"),
    "a generator of its own, unseeded": (global_generator, "does not come from rng"),
    "a generator of its own, seed 0": (own_seed, "whatever generator it is given"),
    "last batch filled up": (padded, "more than once"),
    "the package's function": (via_the_package, "epoch_batches, the package's answer"),
    "m and batch_size swapped": (lambda m, bs, rng: make_batches(bs, m, rng), "m and batch_size swapped?"),
    "the package's function itself": (optimizers.epoch_batches, "epoch_batches, the package's answer"),
    "the package's function imported as another name": (via_the_package_renamed, "the package's answer"),
    "the package's function held in a closure": (via_the_package_in_a_closure(), "the package's answer"),
    "the package's function, partly applied": (
        functools.partial(optimizers.epoch_batches), "the package's answer"),
    "a flat order": (lambda m, bs, rng: rng.permutation(m), "one flat array"),
    "a list of numbers": (lambda m, bs, rng: list(rng.permutation(m)), "a list of single numbers"),
    "float indices": (lambda m, bs, rng: [b + 0.5 for b in make_batches(m, bs, rng)], "not whole numbers"),
    "whole numbers as floats": (
        lambda m, bs, rng: [b.astype(float) for b in make_batches(m, bs, rng)], "an IndexError for these"),
    "batches as text": (lambda m, bs, rng: [str(b) for b in make_batches(m, bs, rng)], "a batch as text"),
    "reverse order": (
        lambda m, bs, rng: [np.arange(m)[::-1][i:i + bs] for i in range(0, m, bs)], "in reverse order"),
    "an empty batch at the end": (lambda m, bs, rng: [*make_batches(m, bs, rng), []], "an empty batch"),
    "no batches": (lambda m, bs, rng: [], "no batches at all"),
    "forgotten return": (lambda m, bs, rng: None, "Did you forget return?"),
    "a number": (lambda m, bs, rng: m, "it must return a list of batches"),
    "wrong arguments": (lambda m, bs: [], "should take 3 arguments"),
    "an error": (lambda m, bs, rng: rng.permutation(m)[m], "IndexError"),
    "not a function": (42, "not a function"),
    "left as None": (None, "make_batches is not set yet: replace None"),
}


@pytest.mark.parametrize("case", BATCHES_WRONG.values(), ids=BATCHES_WRONG.keys())
def test_batches_name_the_mistake(case):
    wrong, *words = case
    rejects(episode8.check_make_batches(wrong, time_limit=LIMIT), *words)


def test_the_package_s_epoch_batches_is_itself_a_right_answer():
    def same_as_the_package(m, batch_size, rng):
        order = rng.permutation(m)
        return [order[i : i + batch_size] for i in range(0, m, batch_size)]

    for m, batch_size, seed in episode8.BATCH_CASES:
        ours = same_as_the_package(m, batch_size, np.random.default_rng(seed))
        package = optimizers.epoch_batches(m, batch_size, np.random.default_rng(seed))
        assert all(np.array_equal(a, b) for a, b in zip(ours, package, strict=True))


# --- Exercise 8.3: a batch size for a budget ------------------------------------------------------

BUDGET_X, BUDGET_Y = episode8.budget_data()
BUDGET_J_MIN = helpers.compute_cost(BUDGET_X, BUDGET_Y, *helpers.least_squares(BUDGET_X, BUDGET_Y))


def median_excess(batch_size):
    ends = [run.J_history[-1] for run in episode8.budget_runs(batch_size)]
    return float(np.median(ends)) / BUDGET_J_MIN - 1


def test_the_budget_data_is_seeded_and_as_described():
    x, y = episode8.budget_data()
    np.testing.assert_array_equal(x, BUDGET_X)
    assert x.size == 20_000 and 0.5 <= x.min() and x.max() <= 4.0
    w, b = helpers.least_squares(x, y)
    assert w == pytest.approx(200, abs=2) and b == pytest.approx(100, abs=5)
    assert all(run.iterations == -(-20_000 // 50) for run in episode8.budget_runs(50))


@pytest.mark.parametrize("batch_size", [10, 20, 40])
def test_budget_accepts_batch_sizes_in_the_window(batch_size):
    result = episode8.check_batch_size_for_budget(batch_size)
    assert result.passed and median_excess(batch_size) <= 0.01, result.message


@pytest.mark.parametrize("batch_size", [4, 100])
def test_budget_judges_by_the_middle_of_five_shuffles(batch_size):
    assert median_excess(batch_size) > 0.01
    assert not episode8.check_batch_size_for_budget(batch_size).passed


BUDGET_WRONG = [
    (1, "20,000 steps", "jitters", "Make batch_size larger"),
    (4, "jitters", "Make batch_size larger"),
    (100, "only 200 steps", "Make batch_size smaller"),
    (1000, "only 20 steps", "Make batch_size smaller"),
    (20_000, "only 1 steps", "Make batch_size smaller"),
    (68, "only 295 steps", "0.88 % above the lowest J, close to the 1 % allowed", "Make batch_size smaller"),
    ("20", "the text '20'"),
    (2.5, "not a whole number"),
    (0, "at least 1 example"),
    (-3, "at least 1 example"),
    (20_001, "more than the 20,000 examples"),
    (True, "a yes/no value"),
    (float("nan"), "not a finite number"),
    ([20], "not one number"),
]


@pytest.mark.parametrize("case", BUDGET_WRONG, ids=[repr(c[0]) for c in BUDGET_WRONG])
def test_budget_rejects_with_a_reason(case):
    size, *words = case
    rejects(episode8.check_batch_size_for_budget(size), *words)


BUDGET_SWEEP = [2, 3, 6, 7, 8, 15, 30, 60, 70, 150, 300, 2000]


def test_budget_points_the_right_way_for_every_batch_size():
    verdicts = {size: episode8.check_batch_size_for_budget(size) for size in BUDGET_SWEEP}
    passing = [size for size, v in verdicts.items() if v.passed]
    assert passing, "some batch size meets the budget"
    low, high = min(passing), max(passing)
    assert all(verdicts[size].passed for size in BUDGET_SWEEP if low <= size <= high), "one window"
    for size, verdict in verdicts.items():
        if not verdict.passed:
            larger, smaller = "larger" in verdict.message, "smaller" in verdict.message
            assert larger != smaller and larger == (size < low), verdict.message


# --- The challenge: J below 1 by step 20, for good, on the two houses ----------------------------

TWO_X, TWO_Y = helpers.load_houses("two_houses.csv")


def settles(method, alpha, beta=0.0, batch_size=None):
    """The challenge's verdict through descend directly: the step from which J stays below 1."""
    run = episode8.challenge_run(method, alpha, beta, batch_size)
    return episode8.challenge_steps(run)


def test_the_challenge_runs_the_package_on_the_two_houses_from_0_0():
    run = episode8.challenge_run("momentum", 0.5, 0.5)
    direct = optimizers.descend(TWO_X, TWO_Y, 0.0, 0.0, 0.5, epochs=200, method="momentum", beta=0.5)
    np.testing.assert_array_equal(run.J_history, direct.J_history)
    stochastic = episode8.challenge_run("gd", 0.3, batch_size=1)
    assert stochastic.iterations == 200 and stochastic.J_history[0] == 85_000


@pytest.mark.parametrize("method", ["gd", "momentum", "adam"])
def test_the_vectorised_runs_of_the_hints_are_the_package_s_runs(method):
    alphas = [0.05, 0.3, 0.55, 0.9] if method != "adam" else [10.0, 160.0, 400.0]
    betas = [0.0, 0.5, 0.9]
    A, B = np.meshgrid(alphas, betas, indexing="ij")
    history = episode8._full_batch_history(method, A.ravel(), B.ravel(), steps=60)
    for row, (alpha, beta) in enumerate(zip(A.ravel(), B.ravel(), strict=True)):
        run = optimizers.descend(TWO_X, TWO_Y, 0.0, 0.0, alpha, epochs=60, method=method, beta=beta, tol=0.0)
        finite = run.J_history if not run.diverged else run.J_history[:-1]
        np.testing.assert_allclose(history[row, : finite.size], finite, rtol=1e-9, atol=1e-9 * finite[0])
        if run.diverged:
            assert np.isinf(history[row, run.stopped_at])


def test_momentum_meets_the_challenge_and_the_fastest_pair_needs_15_steps():
    assert episode8.check_challenge("momentum", 0.5, 0.5).passed
    A, B = np.meshgrid(np.arange(0.05, 1.2001, 0.05), np.arange(0.0, 0.9501, 0.05), indexing="ij")
    steps = episode8._settle_steps(episode8._full_batch_history("momentum", A.ravel(), B.ravel()))
    best = int(np.argmin(steps))
    assert steps[best] == episode8.FASTEST == 15
    assert (round(A.ravel()[best], 2), round(B.ravel()[best], 2)) == (0.7, 0.45)
    assert settles("momentum", 0.7, 0.45) == 15
    message = episode8.check_challenge("momentum", 0.7, 0.45).message
    assert "below 1 from step 15 on" in message and "needs 15 steps" in message


def test_a_pass_stays_below_1_to_the_end_of_the_run():
    for alpha, beta in [(0.5, 0.5), (0.7, 0.45), (0.6, 0.4)]:
        run = episode8.challenge_run("momentum", alpha, beta)
        step = episode8.challenge_steps(run)
        assert step is not None and step <= 20 and np.all(run.J_history[step:] < 1)
        assert episode8.check_challenge("momentum", alpha, beta).passed


def test_plain_gradient_descent_cannot_and_its_best_needs_35_steps():
    alphas = np.linspace(0.001, helpers.max_stable_alpha(TWO_X), 3000)
    steps = episode8._settle_steps(episode8._full_batch_history("gd", alphas, 0.0))
    best = int(np.argmin(steps))
    assert steps[best] == 35 and alphas[best] == pytest.approx(0.52, abs=0.005)
    assert settles("gd", 0.52) == 35
    assert round(helpers.max_stable_alpha(TWO_X), 2) == episode8.GD_DIVERGES_ABOVE
    assert episode8.GD_BEST == "35 steps, near α = 0.52"
    rejects(episode8.check_challenge("gd", 0.5), "cannot get there", "Switch to method='momentum'")


def test_adam_cannot_on_its_grid_and_its_best_needs_30_steps():
    A, B = np.meshgrid(np.geomspace(1.0, 5000.0, 200), np.arange(0.0, 1.0, 0.01), indexing="ij")
    steps = episode8._settle_steps(episode8._full_batch_history("adam", A.ravel(), B.ravel()))
    best = int(np.argmin(steps))
    assert steps[best] == 30
    assert A.ravel()[best] == pytest.approx(160, rel=0.1) and B.ravel()[best] == pytest.approx(0.65, abs=0.02)
    assert episode8.ADAM_BEST == "30 steps, near α = 160 and β = 0.65"
    rejects(episode8.check_challenge("adam", 100.0, 0.9), "Adam does not make it", "method='momentum'")


def test_one_house_per_step_never_makes_it_on_a_grid_of_settings():
    for method, alphas, betas in [
        ("gd", [0.1, 0.3, 0.5, 0.7], [0.0]),
        ("momentum", [0.1, 0.3, 0.5, 0.7], [0.3, 0.5, 0.7]),
        ("adam", [30.0, 100.0, 300.0], [0.5, 0.9]),
    ]:
        for alpha in alphas:
            for beta in betas:
                step = settles(method, alpha, beta, batch_size=1)
                assert step is None or step > 20, (method, alpha, beta)
    rejects(episode8.check_challenge("momentum", 0.5, 0.5, 1), "one house per step", "batch_size=None")


@pytest.mark.parametrize(
    ("alpha", "beta", "knob", "way"),
    [
        (0.01, 0.0, "α", "raise"),
        (5.0, 0.5, "α", "lower"),
        (0.5, 0.95, "β", "lower"),
        (0.1, 0.9, "β", "lower"),
    ],
)
def test_a_momentum_hint_names_one_knob_and_the_way_to_turn_it(alpha, beta, knob, way):
    message = rejects(episode8.check_challenge("momentum", alpha, beta))
    assert re.search(rf"{way} {knob} \((× 1\.5|÷ 1\.5|by 0\.1) at a time\)\.$", message), message


def test_following_the_hints_one_notch_at_a_time_always_ends_in_a_pass():
    """From a grid of starts, turn the named knob one notch (or less, when the hint says a little)."""
    A, B = np.meshgrid(np.geomspace(1e-3, 50.0, 12), np.linspace(0.0, 0.98, 8), indexing="ij")
    alphas, betas = A.ravel().copy(), B.ravel().copy()
    done = np.zeros(alphas.size, dtype=bool)
    for _ in range(40):
        done |= episode8._settle_steps(episode8._full_batch_history("momentum", alphas, betas)) <= 20
        if done.all():
            break
        for i in np.flatnonzero(~done):
            knob, notches = episode8.momentum_move(alphas[i], betas[i])
            step = np.sign(notches) if abs(notches) >= 1 else notches
            if knob == "α":
                alphas[i] *= episode8.ALPHA_NOTCH**step
            else:
                betas[i] = min(max(betas[i] + episode8.BETA_NOTCH * step, 0.0), 0.98)
    stuck = np.column_stack([A.ravel()[~done], B.ravel()[~done]])
    assert done.all(), f"the hints never lead to a pass from (α, β) = {stuck.tolist()}"


def test_a_path_that_swings_through_the_target_does_not_count():
    run = episode8.challenge_run("momentum", 0.7, 0.65)
    assert run.J_history[11] < 1 < run.J_history[20]
    rejects(
        episode8.check_challenge("momentum", 0.7, 0.65),
        "dips below 1 at step 11 but comes back up",
        "stays below it only from step 28 on",
    )


CHALLENGE_WRONG = [
    ((None, 0.5), "method is not set yet: replace None with a method such as 'momentum'"),
    (("sgd", 0.5), "write method='gd' with batch_size=1"),
    (("nesterov", 0.5), "not one of this episode's methods"),
    ((3, 0.5), "write one of 'gd', 'momentum' or 'adam', in quotes"),
    (("momentum", None), "alpha is not set yet"),
    (("momentum", 0.0), "must be above 0"),
    (("momentum", 0.5, 1.0), "up to, but not including, 1"),
    (("momentum", 0.5, -0.1), "up to, but not including, 1"),
    (("momentum", 0.5, 0.5, 3), "more than the 2 examples"),
    (("momentum", 0.5, 0.5, 0), "at least 1 example"),
    (("momentum", 5.0, 0.5), "J blew up: the run diverged at step"),
]


@pytest.mark.parametrize("case", CHALLENGE_WRONG, ids=[repr(c[0]) for c in CHALLENGE_WRONG])
def test_the_challenge_rejects_with_a_reason(case):
    args, words = case
    rejects(episode8.check_challenge(*args), words)


@pytest.mark.parametrize(("choice", "words"), [
    ({"method": "momentum", "alpha": 0.5, "beta": 0.5, "batchsize": None},
     "a key the challenge does not know: 'batchsize'"),
    ({"method": "momentum", "learning_rate": 0.5, "beta": 0.5},
     "a key the challenge does not know: 'learning_rate'"),
    ({"method": "momentum", "beta": 0.5}, "my_choice has no 'alpha'"),
])
def test_a_misspelt_or_missing_key_of_my_choice_is_named(choice, words):
    rejects(episode8.check_challenge(**choice), words)


def test_the_dictionary_passed_without_two_stars_is_named():
    choice = {"method": "momentum", "alpha": 0.5, "beta": 0.5, "batch_size": None}
    rejects(episode8.check_challenge(choice), "unpack it with two stars", "check_challenge(**my_choice)")


def test_the_challenge_reads_its_choice_leniently_where_the_meaning_is_clear():
    assert episode8.check_challenge(" Momentum ", 0.5, 0.5, 2).passed  # 2 houses: the full batch
    assert episode8.check_challenge("momentum", np.float64(0.5), 0.5).passed


def test_a_failed_call_names_the_generator_by_its_seed_not_its_address():
    message = rejects(episode8.check_make_batches(endless, time_limit=ENDLESS), "still running")
    assert "rng=np.random.default_rng(0)" in message and "0x" not in message
    message = rejects(episode8.check_make_batches(lambda m, bs, rng: rng.permutation(m)[m]), "IndexError")
    assert "rng=np.random.default_rng(0)" in message and "0x" not in message


def test_a_helper_of_the_learner_s_own_named_like_the_package_s_is_not_the_package_s():
    scope = {}
    exec("def epoch_batches(order, batch_size):\n"
         "    return [order[i:i + batch_size] for i in range(0, len(order), batch_size)]\n"
         "def make_batches(m, batch_size, rng):\n"
         "    return epoch_batches(rng.permutation(m), batch_size)\n", scope)
    assert episode8.check_make_batches(scope["make_batches"]).passed


def test_the_package_s_batches_behind_a_wrapper_of_the_learner_s_are_found():
    scope = {"optimizers": optimizers}
    exec("def mine(m, batch_size, rng):\n    return optimizers.epoch_batches(m, batch_size, rng)\n"
         "def make_batches(m, batch_size, rng):\n    return mine(m, batch_size, rng)\n", scope)
    rejects(episode8.check_make_batches(scope["make_batches"]), "the package's answer")


@pytest.mark.parametrize("call", ["keyword", "one star"])
def test_the_challenge_s_dictionary_passed_by_keyword_or_with_one_star_is_named(call):
    choice = {"method": "momentum", "alpha": 0.5, "beta": 0.5, "batch_size": None}
    check = episode8.check_challenge
    rejects(check(my_choice=choice) if call == "keyword" else check(*choice), "check_challenge(**my_choice)")
