"""The checks of Episode 3 (helpers/exercises/episode3.py): Exercises 3.1 to 3.3.

The two α exercises accept a run only when it has converged in the package's sense (the slope is
close to 0), reject an α far too small as firmly as one far too large, and point the right way:
too small, "make α larger"; too large, "smaller".
"""

from __future__ import annotations

import numpy as np
import pytest
from exercise_testing import LIMIT, direction, rejects, stub

import helpers
from helpers.exercises import CheckResult, episode3

BOWL = helpers.bowl()


# --- Exercise 3.1: converge within 20 steps -----------------------------------------------------


@pytest.mark.parametrize("alpha", [0.35, 0.4, 0.5, 0.6, 0.65])
def test_fast_alpha_accepts_the_band_that_converges_in_20_steps(alpha):
    result = episode3.check_fast_alpha(alpha)
    assert result.passed and "converged after" in result.message and "slope is now" in result.message
    assert BOWL.descend(0.0, alpha, 20).converged


FAST_WRONG = [
    (1e-10, "stalled after 1 step", "not converged, just stuck", "Make α larger"),
    (1e-6, "has not converged after 20 steps", "make α larger"),
    (0.01, "has not converged after 20 steps", "make α larger"),
    (0.1, "It would need about", "make α larger"),
    (0.25, "has not converged after 20 steps", "make α larger"),
    (0.8, "jumps back and forth", "a little smaller"),
    (0.95, "jumps back and forth", "a little smaller"),
    (1.0, "forever", "Make α smaller"),
    (1.01, "further from the minimum", "Make α smaller"),
    (3.0, "diverged at step", "Make α smaller"),
    (1e10, "diverged at step", "Make α smaller"),
    (0.0, "must be above 0"),
    (-0.1, "must be above 0"),
    (None, "my_alpha is not set yet: replace None with a learning rate such as 0.05"),
    ("0.5", "the text '0.5' (in quotes)"),
    (True, "yes/no"),
    ([0.5], "not one number"),
    (float("nan"), "not a finite number"),
]


@pytest.mark.parametrize("case", FAST_WRONG, ids=[repr(c[0]) for c in FAST_WRONG])
def test_fast_alpha_rejects_with_a_reason(case):
    alpha, *words = case
    rejects(episode3.check_fast_alpha(alpha), *words)


def test_fast_alpha_never_accepts_a_run_that_merely_stopped_moving():
    """Before, α = 1e-10 moved w by 6e-10, "converged after 1 steps", and passed."""
    run = BOWL.descend(0.0, 1e-10, 20)
    assert not run.converged and abs(run.slope) > 5
    rejects(episode3.check_fast_alpha(1e-10), "stalled", "Make α larger")


@pytest.mark.parametrize("alpha", np.geomspace(1e-12, 1e3, 31))
def test_fast_alpha_points_the_right_way_for_every_wrong_alpha(alpha):
    result = episode3.check_fast_alpha(alpha)
    if result.passed:
        assert BOWL.descend(0.0, alpha, 20).converged
        return
    assert direction(result.message) == ("larger" if alpha < episode3.BEST_ALPHA else "smaller")


def test_fast_alpha_near_miss_says_what_converged_means_and_where_to_look():
    message = episode3.check_fast_alpha(0.25).message
    assert episode3.CONVERGED_MEANS in message and "figure of section 4" in message
    assert "w = 3.0000" not in message  # a distance, not a w that looks like the answer


def test_converged_means_the_slope_is_close_to_zero_with_the_package_tolerance():
    words = episode3.CONVERGED_MEANS
    assert "slope is close to 0" in words and "stopped moving has not converged" in words
    assert f"{helpers.GRADIENT_TOL:.0e}".replace("e-0", "e-") in words
    assert "moves w by less than" not in words


@pytest.mark.parametrize("alpha", [0.1, 0.2, 0.3, 0.8, 0.9])
def test_the_steps_a_message_quotes_are_the_steps_the_package_takes(alpha):
    run = BOWL.descend(0.0, alpha, 100_000)
    assert run.converged
    assert abs(episode3.steps_needed(alpha) - run.stopped_at) <= 1


def test_the_threshold_the_messages_quote_is_the_packages():
    assert BOWL.alpha_max == pytest.approx(1.0)
    assert BOWL.descend(0.0, 0.999, 100_000).converged
    assert BOWL.descend(0.0, 1.001, 100_000).diverged


# --- Exercise 3.2: the threshold, 2 / J'' -------------------------------------------------------


def test_threshold_accepts_two_over_d2J():
    assert episode3.check_threshold_alpha(lambda d2J: 2 / d2J).passed
    assert episode3.check_threshold_alpha(lambda d2J: np.float64(2.0) / d2J).passed


@pytest.mark.parametrize("d2J", [d for (d,) in episode3.THRESHOLD_CASES])
def test_threshold_reference_is_where_descent_stops_converging(d2J):
    cost = helpers.bowl(w_min=2.0, curvature=d2J / 2)
    assert float(cost.d2J_dw2(2.0)) == pytest.approx(d2J)
    limit = episode3.threshold_reference(d2J)
    assert limit == pytest.approx(cost.alpha_max)
    assert cost.descend(0.0, 0.98 * limit, 100_000).converged
    assert cost.descend(0.0, 1.02 * limit, 100_000).diverged


THRESHOLD_WRONG = {
    "one step to the minimum": (lambda d: 1 / d, "lands on the minimum in one step"),
    "twice too big": (lambda d: 4 / d, "factor of 2"),
    "four times too small": (lambda d: 1 / (2 * d), "factor of 4"),
    "sign flip": (lambda d: -2 / d, "A learning rate is positive"),
    "grows with J''": (lambda d: d / 2, "divide by J''"),
    "times two": (lambda d: 2 * d, "divide by J''"),
    "a constant": (lambda d: 2.0, "depends on J''"),
    "squared": (lambda d: 2 / d**2, "should be"),
    "forgotten return": (lambda d: None, "returned None. Did you forget return?"),
    "a string": (lambda d: str(2 / d), "the text", "which is not a number"),
    "stub": (stub, "threshold_alpha is not set yet"),
    "an error": (lambda d: 2 / (d - d), "raised ZeroDivisionError"),
}


@pytest.mark.parametrize("case", THRESHOLD_WRONG.values(), ids=THRESHOLD_WRONG.keys())
def test_threshold_names_the_mistake(case):
    wrong, *words = case
    rejects(episode3.check_threshold_alpha(wrong, time_limit=LIMIT), *words)


def test_threshold_as_first_asked_with_the_curvature_still_has_its_check():
    assert episode3.check_threshold_from_curvature(lambda a: 1 / a).passed
    for (a,) in episode3.CURVATURE_CASES:
        assert episode3.curvature_threshold_reference(a) == pytest.approx(helpers.bowl(curvature=a).alpha_max)


CURVATURE_WRONG = {
    "where overshoot starts": (lambda a: 1 / (2 * a), "overshooting starts"),
    "twice too big": (lambda a: 2 / a, "factor of 2"),
    "sign flip": (lambda a: -1 / a, "A learning rate is positive"),
    "grows with curvature": (lambda a: a, "shrink"),
    "times two": (lambda a: 2 * a, "divide by the curvature"),
    "a constant": (lambda a: 1.0, "depends on the curvature"),
    "forgotten return": (lambda a: None, "Did you forget return?"),
    "stub": (stub, "is not set yet"),
}


@pytest.mark.parametrize("case", CURVATURE_WRONG.values(), ids=CURVATURE_WRONG.keys())
def test_threshold_from_curvature_names_the_mistake(case):
    wrong, *words = case
    rejects(episode3.check_threshold_from_curvature(wrong, time_limit=LIMIT), *words)


# --- Exercise 3.3: overshoot and still converge -------------------------------------------------


@pytest.mark.parametrize("alpha", [0.55, 0.6, 0.75, 0.9])
def test_bouncy_alpha_accepts_overshoot_that_still_converges(alpha):
    result = episode3.check_bouncy_alpha(alpha)
    assert result.passed and "past the minimum" in result.message
    assert BOWL.descend(0.0, alpha, 100).converged


BOUNCY_WRONG = [
    (1e-10, "stalled after 1 step", "Make α larger"),
    (1e-4, "never jumps past", "Make α larger"),
    (0.1, "never jumps past", "Make α larger"),
    (0.5, "the first step lands on the minimum", "a little larger"),
    (0.97, "has not converged after 100 steps", "a little smaller"),
    (1.0, "has not converged", "a little smaller"),
    (1.2, "diverged", "Make α smaller"),
    (1.01, "Make α smaller"),
    (1e6, "diverged", "Make α smaller"),
    (-1, "must be above 0"),
    (None, "my_alpha is not set yet"),
    ("0.7", "the text '0.7'"),
    (float("inf"), "not a finite number"),
]


@pytest.mark.parametrize("case", BOUNCY_WRONG, ids=[repr(c[0]) for c in BOUNCY_WRONG])
def test_bouncy_alpha_rejects_with_a_reason(case):
    alpha, *words = case
    rejects(episode3.check_bouncy_alpha(alpha), *words)


@pytest.mark.parametrize("alpha", np.geomspace(1e-12, 1e3, 31))
def test_bouncy_alpha_points_the_right_way_for_every_wrong_alpha(alpha):
    result = episode3.check_bouncy_alpha(alpha)
    if result.passed:
        assert BOWL.descend(0.0, alpha, 100).converged and alpha > episode3.BEST_ALPHA
        return
    assert direction(result.message) == ("larger" if alpha <= episode3.BEST_ALPHA else "smaller")


@pytest.mark.parametrize(
    "value",
    [np.float64(0.6), np.int64(6), 10**400, -(10**400), 1e308],
    ids=["f64", "i64", "big", "-big", "1e308"],
)
@pytest.mark.parametrize("check", [episode3.check_fast_alpha, episode3.check_bouncy_alpha])
def test_alpha_checks_never_crash_or_warn(check, value):
    assert isinstance(check(value), CheckResult)


@pytest.mark.parametrize("alpha", [0.5, 0.500000001, 0.5000001])
def test_a_step_that_lands_within_a_hair_of_the_minimum_is_no_overshoot(alpha):
    rejects(episode3.check_bouncy_alpha(alpha), "the first step lands on the minimum", "a little larger")
