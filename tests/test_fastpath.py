"""The live figures' fast descents agree with the math core's reference loops."""

from __future__ import annotations

import numpy as np
import pytest

import helpers
from helpers.fastpath import QuadraticDescent, gradient_descent_1d_fast, gradient_descent_closed_form

HOUSES = helpers.load_houses("houses.csv")
TWO_HOUSES = helpers.load_houses("two_houses.csv")
ONE_X = (np.array([2.0, 2.0, 2.0]), np.array([1.0, 2.0, 4.0]))  # singular Hessian: every x the same


def _same_run(fast, reference, rtol):
    assert (fast.stopped_at, fast.converged, fast.diverged) == (
        reference.stopped_at,
        reference.converged,
        reference.diverged,
    )
    assert fast.p_history.shape == reference.p_history.shape
    scale = 1.0 + np.abs(reference.p_history)
    assert np.max(np.abs(fast.p_history - reference.p_history) / scale) < rtol
    np.testing.assert_allclose(fast.J_history, reference.J_history, rtol=rtol, atol=rtol)
    assert fast.status == reference.status
    assert np.isfinite(fast.p_history).all() and np.isfinite(fast.J_history).all()


@pytest.mark.parametrize("data", [HOUSES, TWO_HOUSES, ONE_X], ids=["houses", "two_houses", "one_x"])
@pytest.mark.parametrize("fraction", [1e-3, 0.05, 0.5, 0.999, 1.001, 1.5, 4.0])
@pytest.mark.parametrize("start", [(0.0, 0.0), (500.0, -120.0)])
@pytest.mark.parametrize("num_iters", [0, 1, 60, 3000])
def test_closed_form_matches_gradient_descent(data, fraction, start, num_iters):
    x, y = data
    alpha = fraction * helpers.max_stable_alpha(x)
    reference = helpers.gradient_descent(x, y, *start, alpha, num_iters)
    fast = QuadraticDescent(x, y).run(*start, alpha, num_iters)
    _same_run(fast, reference, rtol=1e-8)


def test_closed_form_function_and_cost_and_gradient_agree_with_the_core():
    x, y = HOUSES
    result = gradient_descent_closed_form(x, y, 10.0, 5.0, 0.1, 200)
    assert result.p_history.shape == (201, 2)
    q = QuadraticDescent(x, y)
    for w, b in [(0.0, 0.0), (210.0, 80.0), (-50.0, 300.0)]:
        assert q.cost(w, b) == pytest.approx(helpers.compute_cost(x, y, w, b), rel=1e-10)
        assert q.gradient(w, b) == pytest.approx(helpers.compute_gradient(x, y, w, b), rel=1e-9, abs=1e-9)


def test_closed_form_checks_its_inputs_like_the_core():
    q = QuadraticDescent(*TWO_HOUSES)
    with pytest.raises(ValueError, match="alpha"):
        q.run(0, 0, -0.1, 10)
    with pytest.raises(ValueError, match="num_iters"):
        q.run(0, 0, 0.1, -1)
    with pytest.raises(ValueError, match="one target y"):
        QuadraticDescent([1, 2], [1])


@pytest.mark.parametrize("cost", [helpers.bowl(), helpers.bowl(-2.0, 3.5), helpers.two_valleys()],
                         ids=["bowl", "steep_bowl", "two_valleys"])
@pytest.mark.parametrize("alpha", [1e-3, 0.05, 0.2, 0.45, 1.0, 1.3, 3.0])
@pytest.mark.parametrize("num_iters", [0, 1, 40, 500])
def test_float_loop_matches_gradient_descent_1d_exactly(cost, alpha, num_iters):
    for w0 in np.linspace(*cost.w_range, 6):
        reference = helpers.gradient_descent_1d(cost.J, cost.dJ_dw, w0, alpha, num_iters)
        fast = gradient_descent_1d_fast(cost.J, cost.dJ_dw, w0, alpha, num_iters)
        assert (fast.stopped_at, fast.converged, fast.diverged) == (
            reference.stopped_at,
            reference.converged,
            reference.diverged,
        )
        np.testing.assert_array_equal(fast.p_history, reference.p_history)
        np.testing.assert_array_equal(fast.J_history, reference.J_history)


def test_float_loop_checks_its_inputs():
    cost = helpers.bowl()
    with pytest.raises(TypeError, match="functions of w"):
        gradient_descent_1d_fast(1.0, cost.dJ_dw, 0.0, 0.1, 3)
    with pytest.raises(ValueError, match="alpha"):
        gradient_descent_1d_fast(cost.J, cost.dJ_dw, 0.0, 0.0, 3)
    with pytest.raises(ValueError, match="pick another start"):
        gradient_descent_1d_fast(lambda w: np.log(w), lambda w: 1 / w, 0.0, 0.1, 3)
