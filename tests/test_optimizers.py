"""Mini-batches, momentum and Adam against hand-computed steps and full-batch gradient descent."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers
from helpers import optimizers
from helpers.optimizers import (
    adam_step,
    batch_gradients,
    descend,
    epoch_batches,
    momentum_step,
    steps_per_epoch,
)

TWO_HOUSES = helpers.load_houses("two_houses.csv")
HOUSES = helpers.load_houses("houses.csv")


def test_full_batch_plain_descent_is_gradient_descent():
    x, y = HOUSES
    reference = helpers.gradient_descent(x, y, 0.0, 0.0, 0.1, 400, tol=0)
    run = descend(x, y, 0.0, 0.0, 0.1, epochs=400, tol=0)
    np.testing.assert_allclose(run.p_history, reference.p_history, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(run.J_history, reference.J_history, rtol=1e-10)


def test_momentum_with_beta_zero_is_gradient_descent():
    x, y = TWO_HOUSES
    reference = helpers.gradient_descent(x, y, 0.0, 0.0, 0.1, 100, tol=0)
    run = descend(x, y, 0.0, 0.0, 0.1, epochs=100, method="momentum", beta=0.0, tol=0)
    np.testing.assert_allclose(run.p_history, reference.p_history, rtol=1e-12)


def test_converged_and_diverged_like_gradient_descent():
    x, y = TWO_HOUSES
    for alpha in (0.1, 0.7):
        reference = helpers.gradient_descent(x, y, 0.0, 0.0, alpha, 5000)
        run = descend(x, y, 0.0, 0.0, alpha, epochs=5000)
        assert (run.outcome, run.stopped_at) == (reference.outcome, reference.stopped_at)
        assert np.isfinite(run.p_history).all()


def test_two_momentum_steps_by_hand():
    # On the two houses from (0, 0) the gradient is (-650, -400) (Episode 5).
    p, v = momentum_step(np.zeros(2), np.zeros(2), np.array([-650.0, -400.0]), 0.1, 0.9)
    np.testing.assert_allclose(v, [-650.0, -400.0])
    np.testing.assert_allclose(p, [65.0, 40.0])
    x, y = TWO_HOUSES
    g1 = np.array(helpers.compute_gradient(x, y, 65.0, 40.0))
    run = descend(x, y, 0.0, 0.0, 0.1, epochs=2, method="momentum", beta=0.9, tol=0)
    np.testing.assert_allclose(run.p_history[2], p - 0.1 * (0.9 * v + g1))


def test_first_adam_step_moves_every_parameter_by_alpha():
    p, m, s = adam_step(np.zeros(2), np.zeros(2), np.zeros(2), np.array([-650.0, -4e-3]), 1, 0.5)
    np.testing.assert_allclose(p, [0.5, 0.5], rtol=1e-5)  # one step size per parameter, whatever the slope
    np.testing.assert_allclose(m, [-65.0, -4e-4])
    np.testing.assert_allclose(s, 0.001 * np.array([650.0**2, 16e-6]))


@settings(max_examples=30, deadline=None)
@given(m=st.integers(1, 200), batch_size=st.integers(1, 200), seed=st.integers(0, 10))
def test_an_epoch_uses_every_example_exactly_once(m, batch_size, seed):
    batches = epoch_batches(m, batch_size, np.random.default_rng(seed))
    assert len(batches) == steps_per_epoch(m, batch_size)
    np.testing.assert_array_equal(np.sort(np.concatenate(batches)), np.arange(m))
    assert all(len(b) == batch_size for b in batches[:-1])


def test_minibatch_gradient_is_the_batch_gradient():
    x, y = HOUSES
    run = descend(x, y, 0.0, 0.0, 0.01, epochs=1, batch_size=7, seed=3, tol=0)
    batches = epoch_batches(x.size, 7, np.random.default_rng(3))
    p = np.zeros(2)
    for k, batch in enumerate(batches, start=1):
        dj_dw, dj_db = helpers.compute_gradient(x[batch], y[batch], *p)
        p = p - 0.01 * np.array([dj_dw, dj_db])
        np.testing.assert_allclose(run.p_history[k], p, rtol=1e-10)
    assert run.iterations == len(batches)


@pytest.mark.parametrize("k", [1, 7, 60])
def test_batch_gradients_are_compute_gradient_on_each_batch(k):
    x, y = HOUSES
    rng = np.random.default_rng(k)
    batches = [rng.choice(x.size, size=k, replace=False) for _ in range(40)]
    got = batch_gradients(x, y, 3.0, -20.0, batches)
    expected = [helpers.compute_gradient(x[B], y[B], 3.0, -20.0) for B in batches]
    assert got.shape == (40, 2)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize(
    ("batches", "says"),
    [([[0, 1], [2]], "one row of example indices"), ([[0.5, 1.0]], "one row of example indices"),
     ([[0, 60]], "outside 0 to m − 1 = 59"), ([[-1, 0]], "outside 0 to m − 1")],
)
def test_batch_gradients_explain_bad_batches(batches, says):
    x, y = HOUSES
    with pytest.raises(ValueError, match=says):
        batch_gradients(x, y, 0.0, 0.0, batches)


@pytest.mark.parametrize(
    ("data", "kwargs"),
    [
        (TWO_HOUSES, {"method": "momentum", "beta": 0.5, "epochs": 300}),  # converges
        (TWO_HOUSES, {"method": "gd", "epochs": 50, "alpha": 0.8}),  # diverges mid-chunk
        (HOUSES, {"method": "adam", "beta": 0.9, "epochs": 40, "batch_size": 7, "decay": 0.1}),
        (HOUSES, {"method": "gd", "epochs": 30, "batch_size": 1, "alpha": 0.01}),
    ],
)
def test_checking_the_stop_rule_in_chunks_changes_nothing(monkeypatch, data, kwargs):
    kwargs = {"alpha": 0.4 if kwargs.get("method") != "adam" else 10.0, **kwargs}
    chunked = descend(*data, 0.0, 0.0, **kwargs)
    monkeypatch.setattr(optimizers, "CHUNK_STEPS", 1)  # one epoch at a time
    by_epoch = descend(*data, 0.0, 0.0, **kwargs)
    assert (chunked.outcome, chunked.stopped_at) == (by_epoch.outcome, by_epoch.stopped_at)
    assert np.array_equal(chunked.p_history, by_epoch.p_history)
    assert np.array_equal(chunked.J_history, by_epoch.J_history)


def test_seeded_runs_repeat_and_seeds_differ():
    x, y = HOUSES
    a = descend(x, y, 0.0, 0.0, 0.05, epochs=3, batch_size=5, seed=1)
    b = descend(x, y, 0.0, 0.0, 0.05, epochs=3, batch_size=5, seed=1)
    c = descend(x, y, 0.0, 0.0, 0.05, epochs=3, batch_size=5, seed=2)
    np.testing.assert_array_equal(a.p_history, b.p_history)
    assert not np.array_equal(a.p_history, c.p_history)


def test_a_decaying_alpha_quiets_the_jitter_of_sgd():
    x, y = HOUSES
    fixed = descend(x, y, 200.0, 100.0, 0.1, epochs=40, batch_size=1, seed=0)
    decaying = descend(x, y, 200.0, 100.0, 0.1, epochs=40, batch_size=1, seed=0, decay=0.5)
    last_epoch = slice(-steps_per_epoch(x.size, 1), None)
    assert np.ptp(decaying.J_history[last_epoch]) < 0.2 * np.ptp(fixed.J_history[last_epoch])


def test_momentum_crawls_faster_along_a_stretched_valley():
    x, y = TWO_HOUSES
    alpha = 0.3 * helpers.max_stable_alpha(x)
    plain = descend(x, y, 0.0, 0.0, alpha, epochs=3000)
    heavy = descend(x, y, 0.0, 0.0, alpha, epochs=3000, method="momentum", beta=0.8)
    assert plain.converged and heavy.converged and heavy.stopped_at < plain.stopped_at / 2


def test_divergence_stops_at_the_last_finite_point_without_warnings():
    x, y = HOUSES
    run = descend(x, y, 0.0, 0.0, 5.0, epochs=2000, batch_size=3)
    assert run.diverged and np.isfinite(run.p_history).all() and np.isfinite(run.J_history).all()


@pytest.mark.parametrize(
    ("kwargs", "says"),
    [({"method": "sgd"}, "pick 'gd'"), ({"beta": 1.0}, "beta is 1"), ({"batch_size": 0}, "batch_size is 0"),
     ({"batch_size": 61}, "m = 60"), ({"decay": -1}, "decay"), ({"epochs": -1}, "epochs is -1")],
)
def test_bad_settings_are_explained(kwargs, says):
    x, y = HOUSES
    with pytest.raises(ValueError, match=says):
        descend(x, y, 0.0, 0.0, 0.1, **kwargs)
