"""The live figures' closed-form descent agrees with the math core's step-by-step loop."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers
from helpers.fastpath import (
    POWER_STRIDE,
    QuadraticDescent,
    gradient_descent_1d_fast,
    gradient_descent_closed_form,
    powers,
)

HOUSES = helpers.load_houses("houses.csv")
TWO_HOUSES = helpers.load_houses("two_houses.csv")
ONE_X = (np.array([2.0, 2.0, 2.0]), np.array([1.0, 2.0, 4.0]))  # singular Hessian: every x the same
DATA = {"houses": HOUSES, "two_houses": TWO_HOUSES, "one_x": ONE_X}


def _same_run(fast, reference, rtol):
    assert (fast.stopped_at, fast.outcome) == (reference.stopped_at, reference.outcome)
    assert fast.p_history.shape == reference.p_history.shape
    scale = 1.0 + np.abs(reference.p_history)
    assert np.max(np.abs(fast.p_history - reference.p_history) / scale) < rtol
    np.testing.assert_allclose(fast.J_history, reference.J_history, rtol=rtol, atol=rtol)
    np.testing.assert_allclose(fast.gradient, reference.gradient, rtol=1e-6, atol=1e-6)
    assert np.isfinite(fast.p_history).all() and np.isfinite(fast.J_history).all()


@settings(max_examples=80, deadline=None)
@given(
    name=st.sampled_from(sorted(DATA)),
    fraction=st.sampled_from([1e-12, 1e-3, 0.05, 0.5, 0.999, 1.001, 1.5, 4.0]) | st.floats(0.01, 3.0),
    start=st.tuples(st.floats(-600, 600), st.floats(-600, 600)),
    num_iters=st.sampled_from([0, 1, 2, 60, 3000]),
)
def test_closed_form_matches_gradient_descent(name, fraction, start, num_iters):
    x, y = DATA[name]
    alpha = fraction * helpers.max_stable_alpha(x)
    reference = helpers.gradient_descent(x, y, *start, alpha, num_iters)
    fast = QuadraticDescent(x, y).run(*start, alpha, num_iters)
    _same_run(fast, reference, rtol=1e-8)


@pytest.mark.parametrize("outcome_alpha", [("converged", 0.5), ("diverged", 1.5), ("stalled", 1e-14),
                                           ("out_of_steps", 1e-3)])
def test_closed_form_reaches_every_outcome_like_the_loop(outcome_alpha):
    outcome, fraction = outcome_alpha
    x, y = HOUSES
    alpha = fraction * helpers.max_stable_alpha(x)
    reference = helpers.gradient_descent(x, y, 0.0, 0.0, alpha, 5000)
    fast = QuadraticDescent(x, y).run(0.0, 0.0, alpha, 5000)
    assert reference.outcome == outcome
    _same_run(fast, reference, rtol=1e-8)


def test_closed_form_is_computed_in_blocks_past_its_block_size():
    x, y = TWO_HOUSES
    q = QuadraticDescent(x, y)
    n = 3 * q.BLOCK + 17
    alpha = 1e-4 * helpers.max_stable_alpha(x)
    _same_run(q.run(0.0, 0.0, alpha, n), helpers.gradient_descent(x, y, 0.0, 0.0, alpha, n), rtol=1e-8)



@settings(max_examples=60, deadline=None)
@given(
    ratio=st.lists(st.floats(0.999, 1.001).flatmap(lambda r: st.sampled_from([r, -r])), min_size=1,
                   max_size=4),
    first=st.integers(0, 50_000),
    count=st.integers(1, 3 * POWER_STRIDE + 5),
)
def test_powers_by_products_stay_within_a_few_ulp_of_exact_powers(ratio, first, count):
    """The closed form's powers are each a product of two exact powers; they must stay as close to
    numpy's powers as the step-by-step loop's own rounding (far below rtol 1e-8)."""
    ratio = np.array(ratio)
    k = np.arange(first, first + count)[:, None]
    np.testing.assert_allclose(powers(ratio, first, count), ratio**k, rtol=1e-13, atol=0)

def test_huge_num_iters_costs_memory_only_for_the_steps_taken():
    import tracemalloc

    x, y = HOUSES
    q = QuadraticDescent(x, y)
    tracemalloc.start()
    result = q.run(0.0, 0.0, 0.5 * helpers.max_stable_alpha(x), 10**12)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.converged and result.iterations < 10_000
    assert peak < 20_000_000  # an up-front array of 10**12 iterations would need terabytes


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
    with pytest.raises(ValueError, match="tol"):
        q.run(0, 0, 0.1, 10, tol=2.0)
    with pytest.raises(ValueError, match="one target y"):
        QuadraticDescent([1, 2], [1])


def test_the_live_figures_1d_descent_is_the_core_loop():
    assert gradient_descent_1d_fast is helpers.gradient_descent_1d
