"""The linear model for many features against independent oracles: finite differences and lstsq."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers
from helpers.fastpath import QuadraticDescent

finite = st.floats(-20, 20, allow_nan=False, allow_infinity=False)


@st.composite
def problems(draw, max_features=4):
    m = draw(st.integers(2, 10))
    n = draw(st.integers(1, max_features))
    X = np.array(draw(st.lists(st.lists(finite, min_size=n, max_size=n), min_size=m, max_size=m)))
    y = np.array(draw(st.lists(st.floats(-100, 100), min_size=m, max_size=m)))
    w = np.array(draw(st.lists(finite, min_size=n, max_size=n)))
    return X, y, w, draw(finite)


def _well_posed(X, y):
    rng = np.random.default_rng(7)
    X = rng.uniform(-3, 3, (40, 3)) if X is None else X
    return X, y if y is not None else X @ np.array([2.0, -1.0, 0.5]) + 4 + rng.normal(0, 0.1, 40)


@settings(max_examples=60, deadline=None)
@given(problem=problems())
def test_gradient_for_many_features_matches_central_differences(problem):
    X, y, w, b = problem
    dj_dw, dj_db = helpers.compute_gradient(X, y, w, b)
    h = 1e-6
    scale = 1 + helpers.compute_cost(X, y, w, b)
    for j in range(w.size):
        e = np.zeros_like(w)
        e[j] = h
        numeric = (helpers.compute_cost(X, y, w + e, b) - helpers.compute_cost(X, y, w - e, b)) / (2 * h)
        assert dj_dw[j] == pytest.approx(numeric, rel=1e-5, abs=1e-6 * scale)
    numeric_b = (helpers.compute_cost(X, y, w, b + h) - helpers.compute_cost(X, y, w, b - h)) / (2 * h)
    assert dj_db == pytest.approx(numeric_b, rel=1e-5, abs=1e-6 * scale)


def test_cost_by_hand_for_two_features():
    X = np.array([[1.0, 2.0], [3.0, 4.0]])
    y = np.array([10.0, 20.0])
    # w = (1, 1), b = 1 predicts 4 and 8: errors -6 and -12, J = (36 + 144) / 4 = 45.
    assert helpers.compute_cost(X, y, [1.0, 1.0], 1.0) == 45.0
    dj_dw, dj_db = helpers.compute_gradient(X, y, [1.0, 1.0], 1.0)
    np.testing.assert_allclose(dj_dw, [(-6 * 1 - 12 * 3) / 2, (-6 * 2 - 12 * 4) / 2])
    assert dj_db == -9.0
    np.testing.assert_allclose(helpers.predict(X, [1.0, 1.0], 1.0), [4.0, 8.0])


def test_one_column_matrix_gives_the_same_numbers_as_one_feature():
    x, y = helpers.load_houses()
    X = x[:, None]
    assert helpers.compute_cost(X, y, [150.0], 20.0) == helpers.compute_cost(x, y, 150.0, 20.0)
    (dw_matrix,), db_matrix = helpers.compute_gradient(X, y, [150.0], 20.0)
    assert (dw_matrix, db_matrix) == helpers.compute_gradient(x, y, 150.0, 20.0)
    one = helpers.gradient_descent(x, y, 0.0, 0.0, 0.1, 300)
    many = helpers.gradient_descent(X, y, [0.0], 0.0, 0.1, 300)
    np.testing.assert_array_equal(one.p_history, many.p_history)
    assert many.names == ("w1", "b") and isinstance(many.w, np.ndarray) and isinstance(one.w, float)


def test_descent_with_three_features_reaches_lstsq():
    X, y = _well_posed(None, None)
    alpha = 0.9 * helpers.max_stable_alpha(X)
    result = helpers.gradient_descent(X, y, np.zeros(3), 0.0, alpha, 100_000)
    A = np.column_stack([X, np.ones(len(y))])
    p, *_ = np.linalg.lstsq(A, y, rcond=None)
    assert result.converged and result.w.shape == (3,)
    np.testing.assert_allclose(np.append(result.w, result.b), p, rtol=1e-6, atol=1e-6)
    w, b = helpers.least_squares(X, y)
    np.testing.assert_allclose(np.append(w, b), p, rtol=1e-10, atol=1e-10)
    assert result.w_history.shape == (result.iterations + 1, 3)


def test_closed_form_matches_the_loop_for_many_features():
    X, y = _well_posed(None, None)
    X = X * np.array([1.0, 30.0, 0.2])  # uneven scales: a stretched bowl
    for fraction in (1e-3, 0.5, 0.99, 1.2):
        alpha = fraction * helpers.max_stable_alpha(X)
        reference = helpers.gradient_descent(X, y, np.ones(3), 0.0, alpha, 3000)
        fast = QuadraticDescent(X, y).run(np.ones(3), 0.0, alpha, 3000)
        assert (fast.outcome, fast.stopped_at) == (reference.outcome, reference.stopped_at)
        np.testing.assert_allclose(fast.p_history, reference.p_history, rtol=1e-7, atol=1e-7)


def test_condition_number_and_stable_alpha_by_hand():
    # Centred, uncorrelated features with mean square 1 and 100 give curvatures 1, 100 and 1 (b).
    X = np.array([[1.0, 10.0], [-1.0, -10.0], [1.0, -10.0], [-1.0, 10.0]])
    np.testing.assert_allclose(helpers.curvatures(X), [1.0, 1.0, 100.0])
    assert helpers.condition_number(X) == pytest.approx(100.0)
    assert helpers.max_stable_alpha(X) == pytest.approx(0.02)


@pytest.mark.parametrize(
    ("X", "y", "w", "says"),
    [
        (np.ones((3, 2)), np.ones(2), [0.0, 0.0], "X has 3 rows .* but y has 2 values"),
        (np.ones((3, 2)), np.ones(3), [0.0, 0.0, 0.0], "one weight per feature, an array of length 2"),
        (np.ones((3, 2)), np.ones(3), 1.0, "one weight per feature"),
        (np.array([[1.0, np.nan], [2.0, 3.0]]), np.ones(2), [0.0, 0.0], r"X\[\(0, 1\)\] is nan"),
        (np.ones((3, 0)), np.ones(3), [], "at least one example and one feature"),
        (np.ones((2, 2, 2)), np.ones(2), [0.0, 0.0], "2-D array"),
    ],
)
def test_bad_many_feature_input_is_explained(X, y, w, says):
    with pytest.raises(ValueError, match=says):
        helpers.compute_cost(X, y, w, 0.0)


def test_a_constant_feature_has_no_single_best_fit():
    X = np.column_stack([np.arange(5.0), np.full(5, 3.0)])
    with pytest.raises(ValueError, match="constant or a mix of the others"):
        helpers.least_squares(X, np.arange(5.0))
    assert helpers.condition_number(X) == float("inf") or helpers.condition_number(X) > 1e12
