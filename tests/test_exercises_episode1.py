"""The checks of Episode 1 (helpers/exercises/episode1.py): Exercises 1.1 to 1.3.

Each check accepts the right answers and rejects a dozen plausible wrong ones, each with the hint
for that mistake. The shared machinery (copies, time limit, errors with the line) is tested in
test_exercises_common.py; here only that each check is wired to it.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from exercise_testing import LIMIT, rejects, stub

import helpers
from helpers.exercises import episode1

# --- Exercise 1.1: update -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer", [lambda w, dj_dw, alpha: w - alpha * dj_dw, helpers.step, lambda w, d, a: np.float64(w - a * d)]
)
def test_update_accepts_the_rule(answer):
    assert episode1.check_update(answer).passed


UPDATE_WRONG = {
    "sign flip": (lambda w, d, a: w + a * d, "walks uphill"),
    "no alpha": (lambda w, d, a: w - d, "whole slope"),
    "alpha alone": (lambda w, d, a: w - a, "alpha alone"),
    "alpha * w": (lambda w, d, a: w - a * w, "You multiply alpha by w itself"),
    "divides by alpha": (lambda w, d, a: w - d / a, "divide the slope by alpha"),
    "twice the step": (lambda w, d, a: w - 2 * a * d, "twice as long", "already inside dj_dw"),
    "only the change": (lambda w, d, a: -a * d, "only the change"),
    "only alpha * dj_dw": (lambda w, d, a: a * d, "only alpha * dj_dw"),
    "forgotten return": (lambda w, d, a: None, "returned None. Did you forget return?"),
    "a string": (lambda w, d, a: str(w - a * d), "returned the text '4.6'", "which is not a number"),
    "a bool": (lambda w, d, a: w > a * d, "yes/no"),
    "stub": (stub, "update is not set yet: replace the line raise NotImplementedError"),
    "an error": (lambda w, d, a: w / 0, "raised ZeroDivisionError", "test_exercises_episode1.py, line"),
    "two arguments": (lambda w, alpha: w, "should take 3 arguments, (w, dj_dw, alpha)"),
    "close but not right": (lambda w, d, a: w - a * d * 1.01, "returned 4.596, but it should be 4.6"),
    "rounded to 2 decimals": (lambda w, d, a: round(w - a * d, 2), "returned 0.29, but it should be 0.2943"),
    "rounded to 3 decimals": (lambda w, d, a: round(w - a * d, 3), "returned 0.294, but it should be 0.2943"),
}


@pytest.mark.parametrize("case", UPDATE_WRONG.values(), ids=UPDATE_WRONG.keys())
def test_update_names_the_mistake(case):
    wrong, *words = case
    rejects(episode1.check_update(wrong, time_limit=LIMIT), *words)


# --- Exercise 1.2: descend ----------------------------------------------------------------------


def reference_descend(w_in, alpha, num_iters, dJ_dw):
    w = w_in
    w_history = [w]
    for _ in range(num_iters):
        w = w - alpha * dJ_dw(w)
        w_history.append(w)
    return w_history


def descend_while(w_in, alpha, num_iters, dJ_dw):
    w_history = [w_in]
    while len(w_history) < num_iters + 1:
        w_history.append(w_history[-1] - alpha * dJ_dw(w_history[-1]))
    return w_history


def test_descend_accepts_a_loop_a_while_loop_and_a_numpy_array():
    assert episode1.check_descend(reference_descend).passed
    assert episode1.check_descend(descend_while).passed
    assert episode1.check_descend(lambda *args: np.array(reference_descend(*args))).passed


def test_descend_takes_its_arguments_in_the_order_of_cost_descend():
    """descend(w_in, alpha, num_iters, dJ_dw) reads like cost.descend(w_in, alpha, num_iters)."""
    cost = helpers.bowl()
    assert list(inspect.signature(cost.descend).parameters) == ["w_in", "alpha", "num_iters"]
    for w_in, _alpha, num_iters, dJ_dw in episode1.DESCEND_CASES:
        assert isinstance(w_in, float) and isinstance(num_iters, int) and callable(dJ_dw)


@pytest.mark.parametrize("case", episode1.DESCEND_CASES, ids=repr)
def test_descend_reference_agrees_with_the_package(case):
    w_in, alpha, num_iters, dJ_dw = case
    cost = helpers.bowl() if "(w - 3)" in repr(dJ_dw) else helpers.two_valleys()
    package = helpers.gradient_descent_1d(cost.J, cost.dJ_dw, w_in, alpha, num_iters, tol=0.0)
    reference, visited = episode1.descend_reference(*case), package.w_history
    np.testing.assert_allclose(reference[: len(visited)], visited)
    # The package stops where the slope is exactly 0; descend keeps stepping, and w stays put there.
    assert len(reference) == num_iters + 1 and set(reference[len(visited) - 1:]) == {visited[-1]}


def returns_inside_loop(w_in, alpha, num_iters, dJ_dw):
    w = w_in
    w_history = [w]
    for _ in range(num_iters):
        w = w - alpha * dJ_dw(w)
        w_history.append(w)
        return w_history


def appends_before_stepping(w_in, alpha, num_iters, dJ_dw):
    w = w_in
    w_history = [w]
    for _ in range(num_iters):
        w_history.append(w)
        w = w - alpha * dJ_dw(w)
    return w_history


def endless_while(w_in, alpha, num_iters, dJ_dw):
    w, w_history, k = w_in, [w_in], 0
    while k < num_iters:  # k is never increased
        w = w - alpha * dJ_dw(w)
    return w_history


def update(w, dj_dw, alpha):  # the learner's Exercise 1.1, used by the descend below
    raise NotImplementedError


def descend_with_update(w_in, alpha, num_iters, dJ_dw):
    w_history = [w_in]
    for _ in range(num_iters):
        w_history.append(update(w_history[-1], dJ_dw(w_history[-1]), alpha))
    return w_history


DESCEND_WRONG = {
    "last only": (lambda w, a, n, d: reference_descend(w, a, n, d)[-1], "only the last"),
    "no start": (lambda w, a, n, d: reference_descend(w, a, n, d)[1:], "missing the start"),
    "sign flip": (lambda w, a, n, d: reference_descend(w, -a, n, d), "climbs"),
    "alpha * w": (
        lambda w, a, n, d: [w * (1 - a) ** k for k in range(n + 1)],
        "multiplies alpha by w itself",
    ),
    "slope at the start": (lambda w, a, n, d: [w - k * a * d(w) for k in range(n + 1)], "slope at the start"),
    "w never assigned": (lambda w, a, n, d: [w] + [w - a * d(w)] * n, "starts again from w_in"),
    "return inside the loop": (returns_inside_loop, "return is inside the loop"),
    "append before the step": (appends_before_stepping, "append w before updating it"),
    "one step too many": (
        lambda w, a, n, d: reference_descend(w, a, n + 1, d),
        "one step too many",
    ),
    "one step short": (lambda w, a, n, d: reference_descend(w, a, max(n - 1, 0), d), "one step too few"),
    "forgotten return": (lambda w, a, n, d: None, "returned None. Did you forget return?"),
    "strings": (
        lambda w, a, n, d: [str(v) for v in reference_descend(w, a, n, d)],
        "a list holding the text",
    ),
    "stub": (stub, "descend is not set yet"),
    "endless while": (endless_while, "still running after 0.2 seconds", "test_exercises_episode1.py, line"),
    "never moves": (lambda w, a, n, d: [w] * (n + 1), "should be", "dJ_dw of J(w) = (w - 3)²"),
    "old argument order": (
        lambda dJ_dw, w_in, alpha, n: reference_descend(w_in, alpha, n, dJ_dw),
        "raised TypeError",
    ),
    "update from 1.1 a stub": (
        descend_with_update,
        "calls your update from Exercise 1.1, which is not set yet",
    ),
}


@pytest.mark.parametrize("case", DESCEND_WRONG.values(), ids=DESCEND_WRONG.keys())
def test_descend_names_the_mistake(case):
    wrong, *words = case
    rejects(episode1.check_descend(wrong, time_limit=LIMIT), *words)


def test_descend_names_a_wrong_update_from_exercise_1_1_as_the_cause(monkeypatch):
    monkeypatch.setitem(globals(), "update", lambda w, dj_dw, alpha: w + alpha * dj_dw)
    rejects(
        episode1.check_descend(descend_with_update),
        "the update it calls, from Exercise 1.1, is not",
        "Its check says: Your update walks uphill",
    )
    monkeypatch.setitem(globals(), "update", lambda w, dj_dw, alpha: w - alpha * dj_dw)
    assert episode1.check_descend(descend_with_update).passed


def test_descend_message_names_the_cost_not_a_memory_address():
    result = episode1.check_descend(lambda w, a, n, d: [w] * (n + 1))
    assert "dJ_dw of J(w) = (w - 3)²" in result.message and "0x" not in result.message


# --- Exercise 1.3: a start in the other valley --------------------------------------------------


@pytest.mark.parametrize("w_start", [3.6, 4.0, 5.5, 6.0, 6.5, 7.0, 7.5, np.float64(4.5), np.int64(6)])
def test_other_valley_accepts_starts_right_of_the_hilltop(w_start):
    result = episode1.check_other_valley(w_start)
    assert result.passed and "shallow valley" in result.message and "converges" in result.message
    run = helpers.two_valleys().descend(float(w_start), 0.05, 500)
    assert run.converged and run.w == pytest.approx(5.0, abs=1e-6)


@pytest.mark.parametrize("w_start", [-3.0, -2.0])
def test_other_valley_accepts_a_start_whose_first_step_leaps_the_hill(w_start):
    result = episode1.check_other_valley(w_start)
    assert result.passed and "leaps over the hill" in result.message


def test_other_valley_accepts_the_bottom_itself_cleanly():
    result = episode1.check_other_valley(5)
    assert result.passed and "already the bottom of the shallow valley" in result.message


OTHER_VALLEY_WRONG = [
    (0.0, "deep valley"),
    (3.4, "deep valley"),
    (8.0, "leaps over the hill"),
    (9.0, "deep valley"),
    (3.5, "top of the hill"),
    (3.5 + 1e-12, "top of the hill"),
    (10.0, "diverges"),
    (-5.0, "diverges"),
    (1e4, "diverges"),
    (-1e308, "diverges"),
    (None, "w_start is not set yet: replace None with a number"),
    ("6", "the text '6' (in quotes)"),
    (True, "yes/no"),
    ([4.5], "not one number"),
    (4.5 + 0j, "complex"),
    (float("nan"), "not a finite number"),
    (float("inf"), "not a finite number"),
    (10**400, "not a finite number"),
]


@pytest.mark.parametrize(
    ("w_start", "says"), OTHER_VALLEY_WRONG, ids=[repr(v) for v, _ in OTHER_VALLEY_WRONG]
)
def test_other_valley_rejects_with_a_reason(w_start, says):
    rejects(episode1.check_other_valley(w_start), says)


@pytest.mark.parametrize("w_start", [episode1.FAR_OUT, -episode1.FAR_OUT, 1.01 * episode1.FAR_OUT])
def test_far_out_starts_do_diverge_as_the_message_says(w_start):
    assert helpers.two_valleys().descend(w_start, episode1.VALLEY_ALPHA, episode1.VALLEY_ITERS).diverged


def descend_stopping_at_the_bottom(w_in, alpha, num_iters, dJ_dw):
    w_history, w = [w_in], w_in
    for _ in range(num_iters):
        slope = dJ_dw(w)
        if slope == 0:
            break
        w = w - alpha * slope
        w_history.append(w)
    return w_history


def test_descend_that_stops_where_the_slope_is_0_is_told_to_take_every_step():
    rejects(episode1.check_descend(descend_stopping_at_the_bottom), "Your list ends early",
            "exactly num_iters steps")
