"""The math core against independent oracles: finite differences, lstsq, the stability bound."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import helpers
from helpers import (
    compute_cost,
    compute_gradient,
    cost_grid,
    gradient_descent,
    gradient_descent_1d,
    least_squares,
    max_stable_alpha,
    step,
)

TWO_HOUSES = (np.array([1.0, 2.0]), np.array([300.0, 500.0]))

finite = st.floats(-50, 50, allow_nan=False, allow_infinity=False)
datasets = st.integers(2, 12).flatmap(
    lambda m: st.tuples(
        st.lists(st.floats(-5, 5, allow_nan=False), min_size=m, max_size=m),
        st.lists(st.floats(-100, 100, allow_nan=False), min_size=m, max_size=m),
    )
)


def central_difference(f, at, h=1e-6):
    return (f(at + h) - f(at - h)) / (2 * h)


def spread(x):
    return np.ptp(np.asarray(x, dtype=float))


# --- step -----------------------------------------------------------------------------------


def test_step_is_w_minus_alpha_times_slope():
    assert step(2.0, 4.0, 0.25) == pytest.approx(1.0)
    np.testing.assert_allclose(step(np.array([1.0, 2.0]), np.array([2.0, -2.0]), 0.5), [0.0, 3.0])


def test_step_at_a_minimum_leaves_w_unchanged():
    # The seeds' example: w = 5 sits at a local minimum, alpha = 0.1; the slope there is zero.
    cost = helpers.two_valleys()
    assert cost.dJ_dw(5.0) == 0.0
    assert step(5.0, cost.dJ_dw(5.0), 0.1) == 5.0
    assert cost.descend(5.0, 0.1, 50).w == 5.0


@given(w=finite, slope=st.floats(1e-3, 1e3), alpha=st.floats(1e-4, 1.0))
def test_positive_slope_moves_left_negative_moves_right(w, slope, alpha):
    assert step(w, slope, alpha) < w
    assert step(w, -slope, alpha) > w


# --- cost and gradient ----------------------------------------------------------------------


def test_cost_of_the_two_houses_by_hand():
    x, y = TWO_HOUSES
    # w = 100, b = 0 predicts 100 and 200: errors -200 and -300, J = (40000 + 90000) / 4.
    assert compute_cost(x, y, 100, 0) == pytest.approx(32500.0)
    assert compute_cost(x, y, 200, 100) == 0.0


@settings(max_examples=60)
@given(data=datasets, w=finite, b=finite)
def test_gradient_matches_central_finite_differences(data, w, b):
    x, y = map(np.array, data)
    dj_dw, dj_db = compute_gradient(x, y, w, b)
    fd_w = central_difference(lambda v: compute_cost(x, y, v, b), w)
    fd_b = central_difference(lambda v: compute_cost(x, y, w, v), b)
    scale = 1 + abs(compute_cost(x, y, w, b))
    assert dj_dw == pytest.approx(fd_w, rel=1e-5, abs=1e-6 * scale)
    assert dj_db == pytest.approx(fd_b, rel=1e-5, abs=1e-6 * scale)


def test_cost_grid_agrees_with_compute_cost():
    x, y = helpers.load_houses()
    ws, bs = np.meshgrid(np.linspace(-100, 400, 7), np.linspace(-200, 300, 5))
    grid = cost_grid(x, y, ws, bs)
    assert grid.shape == ws.shape
    for (i, j), value in np.ndenumerate(grid):
        assert value == pytest.approx(compute_cost(x, y, ws[i, j], bs[i, j]), rel=1e-9)


@pytest.mark.parametrize("cost", [helpers.bowl(), helpers.bowl(-2.0, 0.3), helpers.two_valleys()])
@pytest.mark.parametrize("w", [-1.3, 0.0, 2.2, 4.9, 6.1])
def test_1d_derivatives_match_finite_differences(cost, w):
    assert cost.dJ_dw(w) == pytest.approx(central_difference(cost.J, w), rel=1e-6, abs=1e-6)
    assert cost.d2J_dw2(w) == pytest.approx(central_difference(cost.dJ_dw, w), rel=1e-6, abs=1e-6)


def test_two_valleys_has_two_minima_of_different_depth():
    cost = helpers.two_valleys()
    deep, shallow = cost.minima
    assert cost.dJ_dw(deep) == 0 and cost.dJ_dw(shallow) == 0
    assert cost.d2J_dw2(deep) > 0 and cost.d2J_dw2(shallow) > 0
    assert cost.J(deep) == pytest.approx(0.0, abs=1e-12)
    assert cost.J(shallow) > cost.J(deep) + 1


# --- descent against the closed form --------------------------------------------------------


def test_descent_on_the_two_houses_reaches_the_exact_line():
    result = gradient_descent(*TWO_HOUSES, 0, 0, 0.1, 100_000)
    assert result.converged and not result.diverged
    assert (result.w, result.b) == pytest.approx((200.0, 100.0), rel=1e-6)
    assert least_squares(*TWO_HOUSES) == pytest.approx((200.0, 100.0))


@settings(max_examples=40, deadline=None)
@given(data=datasets, fraction=st.floats(0.2, 0.9))
def test_descent_agrees_with_lstsq(data, fraction):
    x, y = map(np.array, data)
    assume(spread(x) > 0.5)
    eigenvalues = np.linalg.eigvalsh(helpers.cost_hessian(x))
    assume(eigenvalues[0] / eigenvalues[-1] > 1e-3)  # well-conditioned enough to finish
    alpha = fraction * max_stable_alpha(x)
    result = gradient_descent(x, y, 0.0, 0.0, alpha, 200_000)
    (w_ls, b_ls), *_ = np.linalg.lstsq(np.column_stack([x, np.ones_like(x)]), y, rcond=None)
    assert result.converged
    assert result.w == pytest.approx(w_ls, rel=1e-5, abs=1e-5)
    assert result.b == pytest.approx(b_ls, rel=1e-5, abs=1e-4)


def test_houses_data_set_descent_matches_least_squares():
    x, y = helpers.load_houses()
    result = gradient_descent(x, y, 0, 0, 0.9 * max_stable_alpha(x), 100_000)
    assert result.converged
    assert (result.w, result.b) == pytest.approx(least_squares(x, y), rel=1e-5)
    # Converged means a flat slope; on a quadratic that bounds the distance to the minimum by
    # |slope| / (the smallest curvature).
    distance = np.linalg.norm(np.array([result.w, result.b]) - least_squares(x, y))
    smallest_curvature = np.linalg.eigvalsh(helpers.cost_hessian(x))[0]
    assert distance <= np.linalg.norm(result.slope) / smallest_curvature * (1 + 1e-6)


# --- the stability bound --------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(data=datasets, fraction=st.floats(0.05, 0.99), w0=finite, b0=finite)
def test_cost_never_rises_below_the_stable_alpha(data, fraction, w0, b0):
    x, y = map(np.array, data)
    alpha = fraction * max_stable_alpha(x)
    J = gradient_descent(x, y, w0, b0, alpha, 300).J_history
    assert np.all(np.diff(J) <= 1e-9 * (1 + J[:-1]))


@settings(max_examples=40, deadline=None)
@given(data=datasets, factor=st.floats(1.05, 3.0), w0=finite, b0=finite)
def test_descent_diverges_above_the_stable_alpha(data, factor, w0, b0):
    x, y = map(np.array, data)
    assume(spread(x) > 1e-3)
    # Only the steepest direction of the bowl blows up just above the bound: start off it.
    _, vectors = np.linalg.eigh(helpers.cost_hessian(x))
    offset = np.array([w0, b0]) - np.array(least_squares(x, y))
    assume(abs(offset @ vectors[:, -1]) > 1.0)
    result = gradient_descent(x, y, w0, b0, factor * max_stable_alpha(x), 5_000)
    assert result.diverged and not result.converged
    assert np.all(np.isfinite(result.J_history)) and np.all(np.isfinite(result.p_history))
    assert result.J_history[-1] > result.J_history[0]


def test_bowl_threshold_is_one_over_curvature():
    cost = helpers.bowl(3.0, curvature=2.0)
    assert cost.alpha_max == pytest.approx(0.5)
    assert cost.descend(0.0, 0.49, 2000).converged
    assert cost.descend(0.0, 0.51, 2000).diverged


def test_divergence_is_reported_without_warnings():
    # pytest turns every warning into an error, so an overflow warning would fail this test.
    result = gradient_descent(*TWO_HOUSES, 0, 0, 5.0, 10_000)
    assert result.diverged
    assert "diverged at step" in result.status
    assert result.stopped_at < 10_000
    with np.errstate(all="raise"):
        helpers.bowl().descend(1.0, 50.0, 10_000)


def test_divergence_of_a_cost_that_overflows_python_floats():
    result = gradient_descent_1d(lambda w: w**4, lambda w: 4 * w**3, 10.0, 1.0, 1000)
    assert result.diverged
    assert np.all(np.isfinite(result.p_history))


# --- simultaneous against sequential update -------------------------------------------------


def sequential_descent(x, y, w, b, alpha, num_iters):
    """The classic mistake: w moves before b's derivative is taken."""
    for _ in range(num_iters):
        dj_dw, _ = compute_gradient(x, y, w, b)
        w = w - alpha * dj_dw
        _, dj_db = compute_gradient(x, y, w, b)
        b = b - alpha * dj_db
    return w, b


def test_simultaneous_update_differs_from_sequential_update():
    x, y = TWO_HOUSES
    result = gradient_descent(x, y, 0, 0, 0.1, 3, tol=0)
    w_seq, b_seq = sequential_descent(x, y, 0.0, 0.0, 0.1, 3)
    assert result.b != pytest.approx(b_seq, rel=1e-3)
    # By hand for one step from (0, 0): dj_dw = -650, dj_db = -400, both taken at (0, 0).
    one = gradient_descent(x, y, 0, 0, 0.1, 1, tol=0)
    assert (one.w, one.b) == pytest.approx((65.0, 40.0))


# --- results and early stopping -------------------------------------------------------------


def test_history_shapes_and_flags():
    result = gradient_descent(*TWO_HOUSES, 0, 0, 0.01, 10)
    assert result.J_history.shape == (11,)
    assert result.p_history.shape == (11, 2)
    assert result.iterations == 10 and result.stopped_at == 10
    assert result.outcome == "out_of_steps" and result.out_of_steps
    assert not (result.converged or result.diverged or result.stalled)
    assert result.status.startswith("out of steps after 10 steps: not converged yet")
    assert tuple(result.p_history[0]) == (0.0, 0.0)


def test_zero_iterations_returns_the_start():
    result = gradient_descent(*TWO_HOUSES, 1.5, -2.0, 0.01, 0)
    assert (result.w, result.b) == (1.5, -2.0)
    assert result.J_history.tolist() == [compute_cost(*TWO_HOUSES, 1.5, -2.0)]


def test_one_dimensional_result_has_the_same_shape():
    result = helpers.bowl().descend(0.0, 0.1, 1000)
    assert result.converged and result.b is None and result.b_history is None
    assert result.p_history.shape == (result.iterations + 1, 1)
    assert result.w == pytest.approx(3.0, abs=1e-7)


def test_descend_many_matches_one_start_at_a_time():
    cost = helpers.two_valleys()
    starts = np.linspace(-0.5, 6.5, 29)
    finals, diverged = helpers.descend_many(cost.dJ_dw, starts, 0.05, 400)
    assert not diverged.any()
    for w0, w_end in zip(starts, finals, strict=True):
        one = gradient_descent_1d(cost.J, cost.dJ_dw, w0, 0.05, 400, tol=0)
        assert w_end == pytest.approx(one.w, abs=1e-12)
    assert set(np.round(finals, 6)) <= {1.0, 3.5, 5.0}


def test_descend_many_flags_divergence_quietly():
    finals, diverged = helpers.descend_many(helpers.two_valleys().dJ_dw, [1.0, 30.0], 0.5, 100)
    assert diverged.tolist() == [False, True]
    assert np.isnan(finals[1])


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alpha", "error", "says"),
    [
        (0, ValueError, "positive"),
        (-0.1, ValueError, "positive"),
        (float("nan"), ValueError, "finite"),
        (float("inf"), ValueError, "finite"),
        ("0.1", TypeError, "real number"),
    ],
)
def test_bad_alpha_is_explained(alpha, error, says):
    with pytest.raises(error, match=says) as info:
        gradient_descent(*TWO_HOUSES, 0, 0, alpha, 10)
    assert "alpha" in str(info.value)
    with pytest.raises(error, match="alpha"):
        helpers.bowl().descend(0.0, alpha, 10)


@pytest.mark.parametrize(
    ("num_iters", "error"), [(-1, ValueError), (2.5, ValueError), ("10", TypeError), (True, TypeError)]
)
def test_bad_num_iters_is_explained(num_iters, error):
    with pytest.raises(error, match="num_iters"):
        gradient_descent(*TWO_HOUSES, 0, 0, 0.1, num_iters)


def test_whole_float_num_iters_is_accepted():
    assert gradient_descent(*TWO_HOUSES, 0, 0, 0.1, 5.0).stopped_at == 5


@pytest.mark.parametrize(
    ("x", "y", "says"),
    [
        ([1.0, 2.0], [300.0], "x has 2 values but y has 1"),
        ([], [], "x is empty"),
        ([1.0, float("nan")], [1.0, 2.0], r"x\[1\] is nan"),
        ([1.0, 2.0], [1.0, float("inf")], r"y\[1\] is inf"),
        ([[1.0, 2.0]], [[1.0, 2.0]], "1-D"),
    ],
)
def test_bad_data_is_explained(x, y, says):
    for call in (
        lambda: compute_cost(x, y, 0, 0),
        lambda: compute_gradient(x, y, 0, 0),
        lambda: gradient_descent(x, y, 0, 0, 0.1, 10),
        lambda: least_squares(x, y),
    ):
        with pytest.raises(ValueError, match=says):
            call()


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_bad_start_is_explained(bad):
    with pytest.raises(ValueError, match="w_in"):
        gradient_descent(*TWO_HOUSES, bad, 0, 0.1, 10)
    with pytest.raises(ValueError, match="b_in"):
        gradient_descent(*TWO_HOUSES, 0, bad, 0.1, 10)
    with pytest.raises(ValueError, match="w_in"):
        helpers.bowl().descend(bad, 0.1, 10)


def test_non_numeric_data_is_a_type_error():
    with pytest.raises(TypeError, match="x holds text"):
        compute_cost(["a", "b"], [1, 2], 0, 0)


def test_bad_cost_functions_are_explained():
    with pytest.raises(TypeError, match="functions of w"):
        gradient_descent_1d(3.0, lambda w: w, 0.0, 0.1, 10)


def test_bowl_rejects_flat_or_upside_down_curvature():
    with pytest.raises(ValueError, match="curvature"):
        helpers.bowl(curvature=0)


def test_grid_matches_between_cost_and_surface():
    x, y = TWO_HOUSES
    assert cost_grid(x, y, 200.0, 100.0) == pytest.approx(0.0, abs=1e-9)


# --- what "converged" means: the slope is close to zero ----------------------------------------


def test_a_tiny_alpha_stalls_and_is_not_called_converged():
    # With alpha = 1e-10 the first step is tiny too; the old rule called that "converged".
    result = helpers.bowl().descend(0.0, 1e-10, 1000)
    assert result.outcome == "stalled" and not result.converged
    assert result.stopped_at == 1 and abs(result.slope) == pytest.approx(6.0)
    assert result.status.startswith("stalled after 1 step: alpha = 1e-10 is too small")
    assert "raise alpha" in result.status


def test_a_small_alpha_that_runs_out_of_steps_says_so():
    result = helpers.bowl().descend(0.0, 1e-3, 20)
    assert result.outcome == "out_of_steps" and result.stopped_at == 20
    assert abs(result.slope) > 5


@pytest.mark.parametrize("alpha", [0.05, 0.3, 0.5, 0.9])
def test_converged_means_the_slope_fell_to_a_hundred_millionth_of_its_start(alpha):
    result = helpers.bowl().descend(0.0, alpha, 10_000)
    assert result.converged
    assert abs(result.slope) <= helpers.GRADIENT_TOL * abs(result.start_slope)
    assert result.w == pytest.approx(3.0, abs=1e-7)
    before = result.p_history[-2, 0]
    assert abs(helpers.bowl().dJ_dw(before)) > helpers.GRADIENT_TOL * abs(result.start_slope)


def test_approaching_a_minimum_with_tiny_steps_is_not_a_stall():
    # From a hair off w = 5 every step is tiny, but the slope falls: the run converges.
    result = helpers.two_valleys().descend(5.0 + 1e-6, 0.1, 500)
    assert result.converged and result.w == pytest.approx(5.0, abs=1e-8)


def test_a_start_on_a_flat_point_is_converged_at_the_start():
    result = helpers.two_valleys().descend(5.0, 0.1, 50)
    assert result.converged and result.stopped_at == 0 and result.w == 5.0
    assert result.status.startswith("converged at the start: the slope there is already exactly 0")


def test_every_run_has_exactly_one_outcome():
    cost = helpers.bowl()
    for alpha in (1e-12, 1e-3, 0.4, 1.0, 1.5):
        result = cost.descend(0.0, alpha, 30)
        flags = [result.converged, result.diverged, result.stalled, result.out_of_steps]
        assert sum(flags) == 1 and result.outcome in helpers.OUTCOMES
        assert result.status.startswith(result.outcome.replace("_", " "))


def test_regression_stalls_for_an_alpha_far_too_small():
    x, y = helpers.load_houses()
    result = gradient_descent(x, y, 0, 0, 1e-15, 1000)
    assert result.stalled and result.stopped_at == 1
    assert np.linalg.norm(result.slope) == pytest.approx(np.linalg.norm(result.start_slope), rel=1e-6)


@pytest.mark.parametrize("tol", [-0.1, 1.0, 2.0, float("nan"), "1e-6", 10**400])
def test_bad_tol_is_explained(tol):
    with pytest.raises((ValueError, TypeError), match="tol"):
        gradient_descent(*TWO_HOUSES, 0, 0, 0.1, 10, tol=tol)
    with pytest.raises((ValueError, TypeError), match="tol"):
        helpers.bowl().descend(0.0, 0.1, 10) if False else gradient_descent_1d(
            helpers.bowl().J, helpers.bowl().dJ_dw, 0.0, 0.1, 10, tol=tol
        )


# --- numbers that must not be silently wrong ---------------------------------------------------


def test_least_squares_keeps_its_precision_for_large_nearly_equal_x():
    # x = 10**15 + 8k, y = 3k + 7 for k = 0..4, so exactly w = 3/8 and b = 7 - 3/8 * 10**15.
    k = np.arange(5.0)
    x, y = 1e15 + 8 * k, 3 * k + 7
    w, b = least_squares(x, y)
    assert w == pytest.approx(0.375, rel=1e-12)
    assert b == pytest.approx(7 - 0.375e15, rel=1e-12)


def test_least_squares_refuses_data_where_every_x_is_the_same():
    with pytest.raises(ValueError, match="every x is the same"):
        least_squares([2.0, 2.0], [1.0, 3.0])


def test_cost_grid_keeps_its_precision_for_large_nearly_equal_x():
    x = 1e8 + np.array([0.0, 1.0, 2.0])
    y = np.array([1.0, 2.0, 4.0])
    w, b = least_squares(x, y)
    assert cost_grid(x, y, w, b) == pytest.approx(compute_cost(x, y, w, b), rel=1e-6, abs=1e-9)


HUGE_X = [1e200, 2e200]


@pytest.mark.parametrize(
    ("call", "names"),
    [
        (lambda: compute_cost(HUGE_X, [1.0, 2.0], 1e200, 0), "predictions"),
        (lambda: compute_cost([1e160, 2e160], [1.0, 2.0], 1.0, 0), "cost"),
        (lambda: compute_gradient(HUGE_X, [1.0, 2.0], 1.0, 0), "gradient"),
        (lambda: helpers.cost_hessian(HUGE_X), "curvature"),
        (lambda: max_stable_alpha(HUGE_X), "curvature"),
        (lambda: cost_grid(HUGE_X, [1.0, 2.0], np.array([1.0, 2.0]), 0.0), "cost grid"),
        (lambda: gradient_descent(HUGE_X, [1.0, 2.0], 1.0, 0.0, 0.1, 5), "overflowed"),
    ],
)
def test_overflow_is_a_named_error_that_says_scale_the_feature(call, names):
    with pytest.raises(ValueError, match=names) as info:
        call()
    assert "overflowed" in str(info.value) and "scale the feature" in str(info.value)


@pytest.mark.parametrize("value", [10**400, -(10**400)])
def test_integers_too_large_for_a_float_get_a_clear_error(value):
    for call in (
        lambda: gradient_descent(*TWO_HOUSES, value, 0, 0.1, 5),
        lambda: gradient_descent(*TWO_HOUSES, 0, 0, value, 5),
        lambda: compute_cost(*TWO_HOUSES, value, 0),
        lambda: helpers.bowl(value),
        lambda: compute_cost([1, value], [1, 2], 0, 0),
    ):
        with pytest.raises(ValueError, match="too large for a float"):
            call()


@pytest.mark.parametrize(
    ("x", "says"),
    [
        (np.array([1 + 2j, 2 + 0j]), "complex"),
        (np.array(["1.0", "2.0"]), "text"),
        (["1.0", "2.0"], "text"),
        ([True, False], "True/False"),
    ],
)
def test_complex_text_and_bool_data_are_refused_not_converted(x, says):
    with pytest.raises(TypeError, match=says):
        compute_cost(x, [1.0, 2.0], 0, 0)


@pytest.mark.parametrize("w", ["4.6", 1 + 0j, np.complex128(2), np.array(1 + 1j), True])
def test_numeric_strings_and_complex_numbers_are_not_numbers(w):
    with pytest.raises(TypeError, match="real number"):
        compute_cost(*TWO_HOUSES, w, 0)


@pytest.mark.parametrize(
    ("args", "says"),
    [((1.0, 2.0, -0.1), "alpha"), ((1.0, "2", 0.1), "dj_dw"), (("1", 2.0, 0.1), "w"),
     ((1.0, float("nan"), 0.1), "dj_dw"), ((np.array([1.0, np.inf]), np.array([1.0, 2.0]), 0.1), "w")],
)
def test_step_validates_like_the_rest(args, says):
    with pytest.raises((ValueError, TypeError), match=says):
        step(*args)


@pytest.mark.parametrize(
    ("J", "dJ_dw", "says"),
    [
        (lambda w: None, lambda w: 2 * w, "J returned None"),
        (lambda w: w * w, lambda w: None, "dJ_dw returned None"),
        (lambda w: "4.6", lambda w: 2 * w, "J returned '4.6'"),
        (lambda w: w * w, lambda w: np.array([w, w]), "dJ_dw returned an array"),
        (lambda w: w * w, lambda w: float("nan"), "dJ_dw returned nan"),
        (lambda w: np.sqrt(w) if w >= 0.5 else float("nan"), lambda w: 1.0, "J returned nan"),
        (lambda w: w * w, lambda w: 1j, "dJ_dw returned 1j"),
    ],
)
def test_a_learner_function_that_returns_a_non_number_is_named(J, dJ_dw, says):
    with pytest.raises(ValueError, match=says) as info:
        gradient_descent_1d(J, dJ_dw, 1.0, 0.1, 20)
    assert "lower alpha" not in str(info.value)


def test_history_grows_with_the_steps_taken_not_with_num_iters():
    import tracemalloc

    tracemalloc.start()
    result = gradient_descent(*TWO_HOUSES, 0, 0, 0.1, 10**12)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.converged and peak < 5_000_000


@pytest.mark.parametrize(
    ("alpha", "num_iters"), [(0.05, 200), (0.15, 60), (0.3, 500), (0.6, 200), (1e-4, 50)])
def test_descend_many_stops_early_only_where_every_later_step_would_change_nothing(alpha, num_iters):
    """It stops once every run sits exactly still (or is NaN); the result is bit for bit the plain loop's."""
    cost, starts = helpers.two_valleys(), np.linspace(-0.5, 6.5, 2000)
    finals, diverged = helpers.descend_many(cost.dJ_dw, starts, alpha, num_iters)
    w = starts.copy()
    with np.errstate(all="ignore"):
        for _ in range(num_iters):
            w = w - alpha * cost.dJ_dw(w)
    np.testing.assert_array_equal(diverged, ~np.isfinite(w))
    w[diverged] = np.nan
    np.testing.assert_array_equal(finals, w)


def test_a_status_says_the_slope_for_one_parameter_and_the_size_of_the_slope_for_several():
    """'The slope' keeps one meaning: dJ/dw. With (w, b) the number is the size of the slope in
    both directions at once, as Episode 5 defines it, and the status says so."""
    one = helpers.bowl().descend(0.0, 0.1, 1000)
    assert one.status.startswith("converged") and "the slope is now" in one.status
    x, y = np.array([1.0, 2.0]), np.array([300.0, 500.0])
    two = helpers.gradient_descent(x, y, 0.0, 0.0, 0.1, 10_000)
    assert two.converged and "the size of the slope is now" in two.status
    short = helpers.gradient_descent(x, y, 0.0, 0.0, 0.1, 3)
    assert "not converged yet, the size of the slope is still" in short.status
    at_best = helpers.gradient_descent(x, y, 200.0, 100.0, 0.1, 10)
    assert "the size of the slope there is already exactly 0" in at_best.status
