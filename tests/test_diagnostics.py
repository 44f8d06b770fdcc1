"""Learning-curve verdicts, the ε test and the α ladder (Episode 7)."""

from __future__ import annotations

import numpy as np
import pytest

import helpers
from helpers.diagnostics import ALPHA_LADDER, first_small_change, run_ladder, verdict
from helpers.scaling import fit_scaler, polynomial_features

TWO_HOUSES = helpers.load_houses("two_houses.csv")


def test_the_ladder_steps_by_about_three():
    ratios = np.array(ALPHA_LADDER[1:]) / np.array(ALPHA_LADDER[:-1])
    assert np.all((ratios > 2.9) & (ratios < 3.5))


@pytest.mark.parametrize(
    ("fraction", "num_iters", "expected"),
    [(1e-12, 300, "stalled"), (1e-3, 300, "slow"), (0.5, 3000, "converged"), (0.995, 300, "oscillating"),
     (1.05, 300, "diverged")],
)
def test_each_verdict_on_the_two_houses(fraction, num_iters, expected):
    x, y = TWO_HOUSES
    alpha = fraction * helpers.max_stable_alpha(x)
    result = helpers.gradient_descent(x, y, 0.0, 0.0, alpha, num_iters)
    assert verdict(result) == expected


def test_the_epsilon_test_is_fooled_by_a_tiny_alpha_but_the_slope_is_not():
    x, y = TWO_HOUSES
    result = helpers.gradient_descent(x, y, 0.0, 0.0, 1e-9, 50, tol=0)
    assert first_small_change(result.J_history, 1e-3) == 1  # J barely changes: "converged"?
    assert np.linalg.norm(result.slope) > 700  # ...but the slope is as steep as at the start


def test_the_epsilon_test_by_hand():
    assert first_small_change([10.0, 5.0, 4.0, 3.9, 3.89], 0.5) == 3
    assert first_small_change([10.0, 5.0], 0.5) is None
    with pytest.raises(ValueError, match="epsilon"):
        first_small_change([1.0, 2.0], 0.0)


def test_ladder_runs_match_gradient_descent():
    x, y = TWO_HOUSES
    for alpha, result, word in run_ladder(x, y, num_iters=200):
        reference = helpers.gradient_descent(x, y, 0.0, 0.0, alpha, 200)
        assert (result.outcome, result.stopped_at) == (reference.outcome, reference.stopped_at)
        assert word == verdict(reference)


def test_scaling_moves_the_whole_ladder():
    X, y, _ = helpers.load_house_features()
    raw = {a: w for a, _, w in run_ladder(X, y, num_iters=1000)}
    scaled = {a: w for a, _, w in run_ladder(fit_scaler(X).transform(X), y, num_iters=1000)}
    assert all(word == "diverged" for word in raw.values())
    assert scaled[0.1] == "converged" and scaled[0.3] == "converged" and scaled[1.0] == "diverged"


def test_a_million_step_polynomial_fit_is_exact_to_the_loop_where_both_run():
    x, y = helpers.load_houses()
    X = polynomial_features(x, 3)
    (_, fast, _), = run_ladder(X, y, alphas=[1e-3], num_iters=20_000)
    loop = helpers.gradient_descent(X, y, np.zeros(3), 0.0, 1e-3, 20_000)
    assert fast.outcome == loop.outcome
    np.testing.assert_allclose(fast.p_history[-1], loop.p_history[-1], rtol=1e-7)
