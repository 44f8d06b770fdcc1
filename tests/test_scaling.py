"""Feature scaling and polynomial features against hand computations."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers
from helpers.scaling import SCALINGS, fit_scaler, polynomial_features, zscore_normalize

X = np.array([[1000.0, 2.0], [2000.0, 4.0], [3000.0, 3.0]])


def test_zscore_by_hand():
    X_norm, mu, sigma = zscore_normalize(X)
    np.testing.assert_allclose(mu, [2000.0, 3.0])
    np.testing.assert_allclose(sigma, [np.sqrt(2 / 3) * 1000, np.sqrt(2 / 3)])
    np.testing.assert_allclose(X_norm[:, 0], [-1, 0, 1] / np.sqrt(2 / 3))
    np.testing.assert_allclose(X_norm.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(X_norm.std(axis=0), 1)


def test_max_and_mean_scaling_by_hand():
    np.testing.assert_allclose(fit_scaler(X, "max").transform(X), [[1 / 3, 0.5], [2 / 3, 1.0], [1.0, 0.75]])
    np.testing.assert_allclose(fit_scaler(X, "mean").transform(X), [[-0.5, -0.5], [0.0, 0.5], [0.5, 0.0]])
    np.testing.assert_array_equal(fit_scaler(X, "none").transform(X), X)


def test_new_data_is_scaled_with_the_training_statistics():
    scaler = fit_scaler(X, "zscore")
    new = np.array([[2000.0, 3.0]])  # the training means: scaled to exactly zero
    np.testing.assert_array_equal(scaler.transform(new), [[0.0, 0.0]])


@settings(max_examples=40, deadline=None)
@given(kind=st.sampled_from(SCALINGS), w=st.lists(st.floats(-5, 5), min_size=2, max_size=2),
       b=st.floats(-5, 5))
def test_unscaled_weights_give_the_same_predictions(kind, w, b):
    scaler = fit_scaler(X, kind)
    w_orig, b_orig = scaler.unscale(w, b)
    scaled_predictions = scaler.transform(X) @ np.array(w) + b
    np.testing.assert_allclose(X @ w_orig + b_orig, scaled_predictions, rtol=1e-9, atol=1e-9)


def test_scaling_turns_a_stretched_valley_round():
    rng = np.random.default_rng(0)
    raw = np.column_stack([rng.uniform(500, 3500, 50), rng.integers(1, 6, 50)])
    scaled = fit_scaler(raw, "zscore").transform(raw)
    assert helpers.condition_number(raw) > 1e4
    assert helpers.condition_number(scaled) < 10


def test_a_feature_with_no_spread_is_refused_by_name():
    with pytest.raises(ValueError, match="feature 1 .* same value, 7, in every example"):
        fit_scaler(np.array([[1.0, 7.0], [2.0, 7.0]]))


def test_wrong_kind_and_wrong_columns_are_explained():
    with pytest.raises(ValueError, match="pick one of"):
        fit_scaler(X, "minmax")
    with pytest.raises(ValueError, match="same features"):
        fit_scaler(X).transform(np.ones((2, 3)))


def test_polynomial_features_by_hand():
    np.testing.assert_array_equal(polynomial_features([1.0, 2.0, 3.0], 3), [[1, 1, 1], [2, 4, 8], [3, 9, 27]])
    with pytest.raises(ValueError, match="degree"):
        polynomial_features([1.0, 2.0], 0)
    with pytest.raises(ValueError, match="one feature"):
        polynomial_features(np.ones((2, 2)), 2)
