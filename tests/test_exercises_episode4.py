"""The checks of Episode 4 (helpers/exercises/episode4.py): Exercises 4.1 to 4.3."""

from __future__ import annotations

import numpy as np
import pytest
from exercise_testing import LIMIT, rejects, stub

import helpers
from helpers.exercises import episode4

COST = helpers.two_valleys()


# --- Exercise 4.1: start right of the hilltop, end in the deep valley --------------------------


@pytest.mark.parametrize("w0", [6.3, 6.4, 6.5])
def test_start_right_of_hill_accepts_the_steep_right_wall(w0):
    result = episode4.check_start_right_of_hill(w0)
    assert result.passed and "jumps" in result.message


START_WRONG = [
    (None, "w0_right is not set yet: replace None with a start to the right of the hilltop"),
    ("6.4", "the text '6.4'"),
    (True, "yes/no"),
    ([6.4], "not one number"),
    (float("nan"), "not a finite number"),
    (2.0, "left of the hilltop"),
    (3.5, "is the hilltop itself"),
    (3.4, "left of the hilltop"),
    (4.0, "shallow valley"),
    (5.9, "shallow valley"),
    (9.0, "diverges"),
    (1e6, "diverges"),
]


@pytest.mark.parametrize(("w0", "says"), START_WRONG, ids=[repr(v) for v, _ in START_WRONG])
def test_start_right_of_hill_rejects_and_explains(w0, says):
    rejects(episode4.check_start_right_of_hill(w0), says)


def test_right_wall_starts_really_jump_into_the_deep_valley():
    """The exercise is solvable: the accepted starts are the ones descend_many sends to w = 1."""
    starts = np.linspace(3.6, 6.5, 30)
    w_final, _ = helpers.descend_many(COST.dJ_dw, starts, episode4.JUMP_ALPHA, episode4.JUMP_ITERS)
    verdicts = np.array([episode4.check_start_right_of_hill(w).passed for w in starts])
    np.testing.assert_array_equal(verdicts, np.abs(w_final - 1.0) < 1e-6)
    assert verdicts.any() and not verdicts.all()


# --- Exercise 4.2: an α that converges to the deep minimum within 15 steps ---------------------


@pytest.mark.parametrize("alpha", [0.08, 0.1, 0.12])
def test_fast_to_deep_accepts_the_window(alpha):
    assert episode4.check_alpha_fast_to_deep(alpha).passed
    run = COST.descend(0.0, alpha, episode4.FAST_ITERS)
    assert run.converged and run.w == pytest.approx(1.0, abs=1e-6)


FAST_TO_DEEP_WRONG = [
    (1e-12, "stalled", "Make α larger"),
    (1e-10, "far too timid", "has not converged", "Make α larger"),
    (1e-4, "far too timid", "Make α larger"),
    (0.01, "needs", "Make α larger"),
    (0.05, "needs 24 steps", "covers only α·J''(1) = 0.5 of the distance left",
     "Make α larger, toward 1/J''(1) = 0.1"),
    (0.06, "covers only α·J''(1) = 0.6", "0.4 of it remains", "Make α larger"),
    (0.15, "overshoots it and lands 0.5 of the distance away on the other side",
     "Make α smaller, toward 1/J''(1) = 0.1"),
    (0.199, "needs 1455 steps", "0.99 of the distance away", "Make α smaller, toward 1/J''(1) = 0.1"),
    (0.1998, "zig-zags around the deep valley (w = 1)", "|1 − α·J''| = 0.998", "settles only very slowly",
     "Make α smaller, toward 1/J''(1) = 0.1"),
    (0.199999, "|1 − α·J''| = 0.99999", "still 0.99999 of the one before"),
    (0.199999999, "α = 0.199999999", "lands on the hilltop (w = 3.499999983)", "Make α smaller"),
    (0.2, "hilltop", "Make α smaller"),
    (0.201, "shallow valley", "Make α smaller"),
    (0.22, "shallow valley", "Make α smaller"),
    (0.35, "zig-zags around the shallow valley (w = 5), up to 0.21 from its bottom", "Make α smaller",
     "first step crossed the hilltop", "|1 − α·J''| = 1.1: it cannot settle there",
     "The deep valley needs α below 2/J''(1) = 0.2"),
    (0.3325, "zig-zags around the shallow valley (w = 5)", "Make α smaller",
     "|1 − α·J''| = 0.995: each overshoot there is still 0.995 of the one before"),
    (0.3333, "|1 − α·J''| = 0.9998"),
    (0.0005, "w is only at 0.999974", "Make α larger"),
    (0.6, "diverges", "Make α smaller"),
    (1e3, "diverges", "Make α smaller"),
    (None, "alpha_fast is not set yet"),
    ("0.1", "the text '0.1'"),
    (0.0, "must be above 0"),
    (-0.1, "must be above 0"),
]


@pytest.mark.parametrize("case", FAST_TO_DEEP_WRONG, ids=[repr(c[0]) for c in FAST_TO_DEEP_WRONG])
def test_fast_to_deep_rejects_with_a_reason(case):
    alpha, *words = case
    rejects(episode4.check_alpha_fast_to_deep(alpha), *words)


def test_fast_to_deep_tells_a_far_too_small_alpha_to_grow():
    """Before, α = 1e-10 'converged' at w = 0 and was told to make α smaller."""
    for alpha in (1e-12, 1e-10, 1e-8):
        message = rejects(episode4.check_alpha_fast_to_deep(alpha), "larger")
        assert "smaller" not in message


@pytest.mark.parametrize("alpha", np.geomspace(1e-12, 1e3, 31))
def test_fast_to_deep_points_the_right_way_for_every_wrong_alpha(alpha):
    result = episode4.check_alpha_fast_to_deep(alpha)
    if result.passed:
        run = COST.descend(0.0, alpha, episode4.FAST_ITERS)
        assert run.converged and abs(run.w - 1.0) < 1e-6
        return
    larger, smaller = "larger" in result.message, "smaller" in result.message
    assert larger != smaller, result.message
    assert larger == (alpha < episode4.FAST_BEST_ALPHA), result.message


# --- Exercise 4.3: the shrink factor ------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        lambda alpha, d2J: abs(1 - alpha * d2J),
        lambda alpha, d2J: np.abs(1.0 - alpha * d2J),
        lambda a, d: abs(a * d - 1),
    ],
)
def test_shrink_factor_accepts_the_formula(answer):
    result = episode4.check_shrink_factor(answer)
    assert result.passed and "0.4" in result.message


SHRINK_WRONG = {
    "no abs": (lambda a, d: 1 - a * d, "abs()"),
    "sign flip": (lambda a, d: 1 + a * d, "Check the sign"),
    "sign flip with abs": (lambda a, d: abs(1 + a * d), "Check the sign"),
    "the share covered": (lambda a, d: a * d, "share of the distance"),
    "extra factor 2": (lambda a, d: abs(1 - 2 * a * d), "no extra factor 2"),
    "divides by J''": (lambda a, d: abs(1 - a / d), "don't divide"),
    "squared": (lambda a, d: (1 - a * d) ** 2, "without ** 2"),
    "a constant": (lambda a, d: 0.4, "should be"),
    "forgotten return": (lambda a, d: None, "returned None. Did you forget return?"),
    "a string": (lambda a, d: str(abs(1 - a * d)), "the text", "which is not a number"),
    "stub": (stub, "shrink_factor is not set yet"),
}


@pytest.mark.parametrize("case", SHRINK_WRONG.values(), ids=SHRINK_WRONG.keys())
def test_shrink_factor_names_the_mistake(case):
    wrong, *words = case
    rejects(episode4.check_shrink_factor(wrong, time_limit=LIMIT), *words)


def test_shrink_factor_predicts_the_measured_ratio():
    """The factor the exercise asks for is what descent on two_valleys really does near w = 5."""
    run = COST.descend(4.9, 0.1, 8)
    distances = np.abs(run.w_history - 5.0)
    ratios = distances[4:] / distances[3:-1]
    np.testing.assert_allclose(ratios, abs(1 - 0.1 * COST.d2J_dw2(5.0)), rtol=2e-2)
