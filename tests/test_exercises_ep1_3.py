"""Each check of Episodes 1–3 accepts the reference answer and names the typical mistakes."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

import helpers
from helpers.exercises import CheckResult, episode1, episode2, episode3


def raises_not_implemented(*args):
    raise NotImplementedError


def assert_fails_saying(result, *words):
    assert isinstance(result, CheckResult)
    assert not result.passed, result.message
    for word in words:
        assert word in result.message, result.message


# --- Episode 1 ----------------------------------------------------------------------------------


def test_update_accepts_the_rule_and_the_package_step():
    assert episode1.check_update(lambda w, dj_dw, alpha: w - alpha * dj_dw).passed
    assert episode1.check_update(helpers.step).passed


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (lambda w, d, a: w + a * d, "uphill"),
        (lambda w, d, a: w - d, "whole slope"),
        (lambda w, d, a: w - a, "alpha alone"),
        (lambda w, d, a: -a * d, "only the change"),
        (lambda w, d, a: a * d, "only alpha * dj_dw"),
        (lambda w, d, a: None, "return statement"),
        (raises_not_implemented, "not written yet"),
        (lambda w, d, a: w - a * d * 1.01, "should be"),
    ],
)
def test_update_names_the_mistake(wrong, says):
    assert_fails_saying(episode1.check_update(wrong), says)


def reference_descend(w_in, alpha, num_iters, dJ_dw):
    w = w_in
    w_history = [w]
    for _ in range(num_iters):
        w = w - alpha * dJ_dw(w)
        w_history.append(w)
    return w_history


def test_descend_accepts_a_plain_loop_and_a_numpy_array():
    assert episode1.check_descend(reference_descend).passed
    assert episode1.check_descend(lambda *args: np.array(reference_descend(*args))).passed


def test_descend_takes_its_arguments_in_the_order_of_cost_descend():
    """descend(w_in, alpha, num_iters, dJ_dw) reads like cost.descend(w_in, alpha, num_iters)."""
    cost = helpers.bowl()
    assert list(inspect.signature(cost.descend).parameters) == ["w_in", "alpha", "num_iters"]
    for case in episode1.DESCEND_CASES:
        w_in, alpha, num_iters, dJ_dw = case
        assert isinstance(w_in, float) and isinstance(num_iters, int) and callable(dJ_dw)
    np.testing.assert_allclose(
        episode1.descend_reference(0.0, 0.1, 3, cost.dJ_dw), cost.descend(0.0, 0.1, 3).w_history
    )


def test_descend_with_the_old_argument_order_fails_with_a_message():
    result = episode1.check_descend(lambda dJ_dw, w_in, alpha, n: reference_descend(w_in, alpha, n, dJ_dw))
    assert not result.passed and "raised" in result.message


@pytest.mark.parametrize("case", episode1.DESCEND_CASES, ids=repr)
def test_descend_reference_agrees_with_the_package(case):
    w_in, alpha, num_iters, dJ_dw = case
    cost = helpers.bowl() if "(w - 3)" in repr(dJ_dw) else helpers.two_valleys()
    package = helpers.gradient_descent_1d(cost.J, cost.dJ_dw, w_in, alpha, num_iters, tol=0.0)
    np.testing.assert_allclose(episode1.descend_reference(*case), package.w_history)


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (lambda w, a, n, d: reference_descend(w, a, n, d)[-1], "only the last"),
        (lambda w, a, n, d: reference_descend(w, a, n, d)[1:], "missing the start"),
        (lambda w, a, n, d: reference_descend(w, -a, n, d), "climbs"),
        (lambda w, a, n, d: [w - k * a * d(w) for k in range(n + 1)], "slope at the start"),
        (lambda w, a, n, d: [w] + [w - a * d(w)] * n, "starts again from w_in"),
        (lambda w, a, n, d: [w] * (n + 1), "should be"),
        (raises_not_implemented, "not written yet"),
    ],
)
def test_descend_names_the_mistake(wrong, says):
    assert_fails_saying(episode1.check_descend(wrong), says)


def test_descend_message_names_the_cost_not_a_memory_address():
    result = episode1.check_descend(lambda w, a, n, d: [w] * (n + 1))
    assert "dJ_dw of J(w) = (w - 3)²" in result.message and "0x" not in result.message


@pytest.mark.parametrize("w_start", [3.6, 4.0, 5.5, 6.0, 6.5, 7.0, 7.5])
def test_other_valley_accepts_starts_right_of_the_hilltop(w_start):
    result = episode1.check_other_valley(w_start)
    assert result.passed and "shallow valley" in result.message
    assert helpers.two_valleys().descend(w_start, 0.05, 500).w == pytest.approx(5.0, abs=1e-6)


@pytest.mark.parametrize("w_start", [-3.0, -2.0])
def test_other_valley_accepts_a_start_whose_first_step_leaps_the_hill(w_start):
    result = episode1.check_other_valley(w_start)
    assert result.passed and "leaps over the hill" in result.message
    assert helpers.two_valleys().descend(w_start, 0.05, 500).w == pytest.approx(5.0, abs=1e-6)


def test_other_valley_accepts_the_bottom_itself_cleanly():
    result = episode1.check_other_valley(5)
    assert result.passed and "already the bottom of the shallow valley" in result.message
    assert "Try" not in result.message and "further away" not in result.message


@pytest.mark.parametrize(
    ("w_start", "says"),
    [
        (0.0, "deep valley"),
        (3.4, "deep valley"),
        (8.0, "leaps over the hill"),
        (9.0, "deep valley"),
        (3.5, "top of the hill"),
        (3.5 + 1e-12, "w = 3.500000000001,"),
        (10.0, "diverges"),
        (-5.0, "diverges"),
        (1e4, "diverges"),
        (-1e308, "diverges"),
        (None, "set it to a number"),
        ("6", "without quotes"),
        (True, "set it to a number"),
        (float("nan"), "not a number descent can start from"),
        (float("inf"), "not a number descent can start from"),
    ],
)
def test_other_valley_rejects_with_a_reason(w_start, says):
    assert_fails_saying(episode1.check_other_valley(w_start), says)


@pytest.mark.parametrize("w_start", [episode1.FAR_OUT, -episode1.FAR_OUT, 1.01 * episode1.FAR_OUT])
def test_far_out_starts_do_diverge_as_the_message_says(w_start):
    assert helpers.two_valleys().descend(w_start, episode1.VALLEY_ALPHA, episode1.VALLEY_ITERS).diverged


# --- Episode 2 ----------------------------------------------------------------------------------


def forward(J, w, h):
    return (J(w + h) - J(w)) / h


def central(J, w, h):
    return (J(w + h) - J(w - h)) / (2 * h)


@pytest.mark.parametrize("estimate", [forward, central, lambda J, w, h=1e-6: forward(J, w, 1e-7)])
def test_slope_estimate_accepts_forward_and_central_differences(estimate):
    assert episode2.check_slope_estimate(estimate).passed


@pytest.mark.parametrize("case", episode2.SLOPE_CASES, ids=repr)
def test_the_exact_slopes_are_the_finite_difference_oracle(case):
    J, w, _ = case
    assert episode2.exact_slope(J, w) == pytest.approx(central(J, w, 1e-5), rel=1e-6, abs=1e-6)


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (lambda J, w, h: J(w + h) - J(w), "rise only"),
        (lambda J, w, h: (J(w) - J(w + h)) / h, "wrong sign"),
        (lambda J, w, h: (J(w + h) - J(w - h)) / h, "twice too big"),
        (lambda J, w, h: (J(w + h) - J(w)) / (2 * h), "half"),
        (lambda J, w, h: (J(w + h) - J(w)) * h, "Divide it by the run"),
        (lambda J, w, h: forward(J, w, 0.5), "should be"),
        (lambda J, w, h: J(w), "should be"),
        (raises_not_implemented, "not written yet"),
    ],
)
def test_slope_estimate_names_the_mistake(wrong, says):
    assert_fails_saying(episode2.check_slope_estimate(wrong), says)


def numeric_step(J, w, alpha):
    return w - alpha * forward(J, w, 1e-6)


def test_numeric_step_accepts_a_finite_difference_step():
    assert episode2.check_numeric_step(numeric_step).passed


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (lambda J, w, a: w + a * forward(J, w, 1e-6), "uphill"),
        (lambda J, w, a: w - forward(J, w, 1e-6), "whole slope"),
        (lambda J, w, a: -a * forward(J, w, 1e-6), "only the change"),
        (lambda J, w, a: forward(J, w, 1e-6), "slope itself"),
        (lambda J, w, a: w - a * (J(w + 1e-6) - J(w)), "should be"),
    ],
)
def test_numeric_step_names_the_mistake(wrong, says):
    assert_fails_saying(episode2.check_numeric_step(wrong), says)


@pytest.mark.parametrize(
    ("w_start", "towards"),
    [(-1.0, "w = 1"), (-0.5, "w = 1"), (0.5, "w = 1"), (3.6, "w = 5"), (4.9, "w = 5"), (-20.0, "w = 1")],
)
def test_step_goes_right_accepts_negative_slopes(w_start, towards):
    result = episode2.check_step_goes_right(w_start)
    assert result.passed and towards in result.message
    cost = helpers.two_valleys()
    assert helpers.step(w_start, cost.dJ_dw(w_start), episode2.RIGHT_ALPHA) > w_start


def test_step_goes_right_says_when_the_step_flies_off_the_curve():
    assert "flies past both valleys" in episode2.check_step_goes_right(-3.0).message
    assert "flies past" not in episode2.check_step_goes_right(-1.0).message


def test_step_goes_right_notes_the_detour_away_from_the_deeper_valley():
    assert "deeper valley lies to the left" in episode2.check_step_goes_right(4.0).message
    assert "deeper valley" not in episode2.check_step_goes_right(0.0).message


@pytest.mark.parametrize(
    ("w_start", "says"),
    [
        (2.0, "moves left"),
        (6.0, "moves left"),
        (1.0, "slope is 0"),
        (3.5, "slope is 0"),
        (5, "slope is 0"),
        (9.0, "moves left"),
        (1e308, "overflows"),
        (-1e200, "overflows"),
        (None, "set it to a number"),
        (float("nan"), "not a number"),
    ],
)
def test_step_goes_right_rejects_with_a_reason(w_start, says):
    assert_fails_saying(episode2.check_step_goes_right(w_start), says)


# --- Episode 3 ----------------------------------------------------------------------------------


@pytest.mark.parametrize("alpha", [0.35, 0.5, 0.6, 0.65])
def test_fast_alpha_accepts_the_band_that_arrives_in_20_steps(alpha):
    result = episode3.check_fast_alpha(alpha)
    assert result.passed and "converged after" in result.message


@pytest.mark.parametrize(
    ("alpha", "says"),
    [
        (0.01, "too small"),
        (0.1, "needs 86 steps"),
        (0.3, "has not converged after 20 steps"),
        (0.9, "back and forth"),
        (1.0, "forever"),
        (1.01, "further from the minimum"),
        (3.0, "diverged at step"),
        (0.0, "above 0"),
        (-0.1, "above 0"),
        (None, "set it to a number"),
        ("0.5", "without quotes"),
    ],
)
def test_fast_alpha_rejects_with_a_reason(alpha, says):
    assert_fails_saying(episode3.check_fast_alpha(alpha), says)


@pytest.mark.parametrize("alpha", [0.3, 0.7])
def test_fast_alpha_near_miss_says_what_converged_means_and_where_to_look(alpha):
    message = episode3.check_fast_alpha(alpha).message
    assert "Converged means a step moves w by less than" in message and "1e-9" in message
    assert "figure of section 4" in message
    assert "w = 3.0000" not in message  # a distance, not a w that looks like the answer


def test_fast_alpha_quotes_the_package_tolerance():
    assert helpers.CONVERGENCE_TOL == 1e-9 and "1e-9 × (1 + |w|)" in episode3.CONVERGED_MEANS


def test_fast_alpha_threshold_matches_the_package_bound():
    assert helpers.bowl().alpha_max == pytest.approx(1.0)
    assert helpers.bowl().descend(0.0, 0.999, 100_000).converged
    assert helpers.bowl().descend(0.0, 1.001, 100_000).diverged


def test_threshold_accepts_one_over_curvature():
    assert episode3.check_threshold_alpha(lambda a: 1 / a).passed


@pytest.mark.parametrize("curvature", [a for (a,) in episode3.THRESHOLD_CASES])
def test_threshold_reference_is_where_descent_stops_converging(curvature):
    cost = helpers.bowl(w_min=2.0, curvature=curvature)
    limit = episode3.threshold_reference(curvature)
    assert limit == pytest.approx(cost.alpha_max)
    assert cost.descend(0.0, 0.98 * limit, 100_000).converged
    assert cost.descend(0.0, 1.02 * limit, 100_000).diverged


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (lambda a: 1 / (2 * a), "overshooting starts"),
        (lambda a: 2 / a, "factor of 2"),
        (lambda a: a, "shrink"),
        (lambda a: 2 * a, "divide by the curvature"),
        (lambda a: 1.0, "depends on the curvature"),
        (lambda a: 1 / a**2, "should be"),
        (raises_not_implemented, "not written yet"),
    ],
)
def test_threshold_names_the_mistake(wrong, says):
    assert_fails_saying(episode3.check_threshold_alpha(wrong), says)


@pytest.mark.parametrize("alpha", [0.55, 0.6, 0.75, 0.9])
def test_bouncy_alpha_accepts_overshoot_that_still_arrives(alpha):
    result = episode3.check_bouncy_alpha(alpha)
    assert result.passed and "past the minimum" in result.message


@pytest.mark.parametrize(
    ("alpha", "says"),
    [
        (0.1, "never jumps past"),
        (0.5, "exactly on the minimum"),
        (0.97, "still bouncing"),
        (1.0, "still bouncing"),
        (1.2, "diverged"),
        (-1, "above 0"),
        (None, "set it to a number"),
    ],
)
def test_bouncy_alpha_rejects_with_a_reason(alpha, says):
    assert_fails_saying(episode3.check_bouncy_alpha(alpha), says)


@pytest.mark.parametrize(
    "check",
    [
        episode1.check_other_valley,
        episode2.check_step_goes_right,
        episode3.check_fast_alpha,
        episode3.check_bouncy_alpha,
    ],
)
@pytest.mark.parametrize(
    "value",
    [np.float64(0.6), np.int64(6), 10**400, -(10**400), 1e308],
    ids=["f64", "i64", "big", "-big", "1e308"],
)
def test_pick_a_value_checks_never_crash_or_warn(check, value):
    assert isinstance(check(value), CheckResult)
