"""The checks of Episodes 4 and 5 accept the reference answers and reject the typical mistakes."""

from __future__ import annotations

import numpy as np
import pytest

import helpers
from helpers.exercises import CheckResult, episode4, episode5


def _stub(*args):
    raise NotImplementedError("replace this line")


# ---------------------------------------------------------------- Episode 4, exercise 1: a start


@pytest.mark.parametrize("w0", [6.3, 6.4, 6.5])
def test_ep4_start_right_of_hill_accepts_steep_right_wall(w0):
    result = episode4.check_start_right_of_hill(w0)
    assert isinstance(result, CheckResult) and result.passed, result.message
    assert "jumps" in result.message


@pytest.mark.parametrize(
    ("w0", "says"),
    [
        (None, "Not chosen yet"),
        ("6.4", "not a number"),
        (True, "not a number"),
        (float("nan"), "not a finite number"),
        (2.0, "left of the hilltop"),
        (3.5, "left of the hilltop"),
        (4.0, "shallow valley"),
        (5.9, "shallow valley"),
        (9.0, "diverges"),
    ],
)
def test_ep4_start_right_of_hill_rejects_and_explains(w0, says):
    result = episode4.check_start_right_of_hill(w0)
    assert not result.passed
    assert says in result.message


def test_ep4_right_wall_starts_really_jump_into_the_deep_valley():
    """The exercise is solvable: the accepted starts are the ones descend_many sends to w = 1."""
    cost = helpers.two_valleys()
    starts = np.linspace(3.6, 6.5, 30)
    w_final, _ = helpers.descend_many(cost.dJ_dw, starts, episode4.JUMP_ALPHA, episode4.JUMP_ITERS)
    verdicts = np.array([episode4.check_start_right_of_hill(w).passed for w in starts])
    np.testing.assert_array_equal(verdicts, np.abs(w_final - 1.0) < 1e-6)
    assert verdicts.any() and not verdicts.all()


# ---------------------------------------------------------------- Episode 4, exercise 2: an alpha


@pytest.mark.parametrize("alpha", [0.08, 0.1, 0.12])
def test_ep4_fast_alpha_accepts_the_window(alpha):
    result = episode4.check_alpha_fast_to_deep(alpha)
    assert result.passed, result.message


@pytest.mark.parametrize(
    ("alpha", "says"),
    [
        (None, "Not chosen yet"),
        (0.0, "must be positive"),
        (-0.1, "must be positive"),
        (0.01, "Make α larger"),
        (0.05, "Make α larger"),
        (0.15, "a little smaller"),
        (0.2, "hilltop"),
        (0.22, "shallow valley"),
        (0.6, "diverges"),
    ],
)
def test_ep4_fast_alpha_rejects_out_of_range(alpha, says):
    result = episode4.check_alpha_fast_to_deep(alpha)
    assert not result.passed
    assert says in result.message


def test_ep4_fast_alpha_explains_a_valley_that_cannot_hold():
    # Between 2/J''(1) = 0.2 and the jump into the other valley, the deep valley overshoots.
    verdicts = [episode4.check_alpha_fast_to_deep(a) for a in np.linspace(0.201, 0.21, 4)]
    assert not any(v.passed for v in verdicts)
    assert all("smaller" in v.message for v in verdicts)


# ---------------------------------------------------------------- Episode 4, exercise 3: a function


def test_ep4_shrink_factor_accepts_reference():
    result = episode4.check_shrink_factor(lambda alpha, d2J: abs(1 - alpha * d2J))
    assert result.passed and "0.4" in result.message


def test_ep4_shrink_factor_accepts_numpy_style_answer():
    assert episode4.check_shrink_factor(lambda alpha, d2J: np.abs(1.0 - alpha * d2J)).passed


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (_stub, "not written yet"),
        (lambda alpha, d2J: None, "return statement"),
        (lambda alpha, d2J: 1 - alpha * d2J, "abs()"),
        (lambda alpha, d2J: 1 + alpha * d2J, "Check the sign"),
        (lambda alpha, d2J: abs(1 + alpha * d2J), "Check the sign"),
        (lambda alpha, d2J: alpha * d2J, "share of the distance"),
        (lambda alpha, d2J: abs(1 - 2 * alpha * d2J), "no extra factor 2"),
        (lambda alpha, d2J: 0.4, "should be"),
    ],
)
def test_ep4_shrink_factor_rejects_typical_mistakes(answer, says):
    result = episode4.check_shrink_factor(answer)
    assert not result.passed
    assert says in result.message


def test_ep4_shrink_factor_predicts_the_measured_ratio():
    """The factor the exercise asks for is what descent on two_valleys really does near w = 5."""
    cost = helpers.two_valleys()
    run = cost.descend(4.9, 0.1, 8)
    distances = np.abs(run.w_history - 5.0)
    ratios = distances[4:] / distances[3:-1]
    np.testing.assert_allclose(ratios, abs(1 - 0.1 * cost.d2J_dw2(5.0)), rtol=2e-2)


# ---------------------------------------------------------------- Episode 5, exercise 1: compute_gradient


def _gradient_vectorised(x, y, w, b):
    errors = w * x + b - y
    return np.mean(errors * x), np.mean(errors)


def _gradient_loop(x, y, w, b):
    m = len(x)
    dj_dw = dj_db = 0.0
    for i in range(m):
        error = w * x[i] + b - y[i]
        dj_dw += error * x[i]
        dj_db += error
    return dj_dw / m, dj_db / m


@pytest.mark.parametrize("answer", [_gradient_vectorised, _gradient_loop, helpers.compute_gradient])
def test_ep5_compute_gradient_accepts_correct_versions(answer):
    result = episode5.check_compute_gradient(answer)
    assert result.passed, result.message


def _gradient_loop_no_m(x, y, w, b):
    dj_dw, dj_db = _gradient_loop(x, y, w, b)
    return dj_dw * len(x), dj_db * len(x)


def _gradient_loop_overwrites(x, y, w, b):
    m = len(x)
    for i in range(m):
        error = w * x[i] + b - y[i]
        dj_dw = error * x[i]
        dj_db = error
    return dj_dw / m, dj_db / m


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (_stub, "not written yet"),
        (lambda x, y, w, b: None, "return statement"),
        (lambda x, y, w, b: tuple(-g for g in _gradient_vectorised(x, y, w, b)), "Check the sign"),
        (lambda x, y, w, b: (np.mean((y - w * x - b) * x), np.mean(y - w * x - b)), "Check the sign"),
        (_gradient_loop_no_m, "divide by m"),
        (lambda x, y, w, b: tuple(g / 2 for g in _gradient_vectorised(x, y, w, b)), "divided by 2m"),
        (lambda x, y, w, b: (np.mean(w * x + b - y),) * 2, "extra factor xᵢ"),
        (lambda x, y, w, b: _gradient_vectorised(x, y, w, b)[::-1], "swapped"),
        (_gradient_loop_overwrites, "running total"),
        (lambda x, y, w, b: (0.0, 0.0), "should be"),
    ],
)
def test_ep5_compute_gradient_rejects_typical_mistakes(answer, says):
    result = episode5.check_compute_gradient(answer)
    assert not result.passed
    assert says in result.message


# ---------------------------------------------------------------- Episode 5, exercise 2: gradient_step


def _step_simultaneous(x, y, w, b, alpha):
    dj_dw, dj_db = helpers.compute_gradient(x, y, w, b)
    w_new = w - alpha * dj_dw
    b_new = b - alpha * dj_db
    return w_new, b_new


def _step_sequential(x, y, w, b, alpha):
    dj_dw, _ = helpers.compute_gradient(x, y, w, b)
    w = w - alpha * dj_dw
    _, dj_db = helpers.compute_gradient(x, y, w, b)
    b = b - alpha * dj_db
    return w, b


def _step_sequential_b_first(x, y, w, b, alpha):
    _, dj_db = helpers.compute_gradient(x, y, w, b)
    b = b - alpha * dj_db
    dj_dw, _ = helpers.compute_gradient(x, y, w, b)
    return w - alpha * dj_dw, b


def _step_uphill(x, y, w, b, alpha):
    dj_dw, dj_db = helpers.compute_gradient(x, y, w, b)
    return w + alpha * dj_dw, b + alpha * dj_db


def test_ep5_gradient_step_accepts_simultaneous_update():
    result = episode5.check_gradient_step(_step_simultaneous)
    assert result.passed and "simultaneously" in result.message


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (_stub, "not written yet"),
        (_step_sequential, "updated w before computing b's derivative"),
        (_step_uphill, "Check the sign"),
        (lambda x, y, w, b, a: _step_simultaneous(x, y, w, b, a * len(x)), "divide by m"),
        (lambda x, y, w, b, a: (_step_simultaneous(x, y, w, b, a)[0], b), "b did not move"),
        (lambda x, y, w, b, a: _step_simultaneous(x, y, w, b, 1.0), "learning rate"),
        (_step_sequential_b_first, "should be"),
    ],
)
def test_ep5_gradient_step_rejects_typical_mistakes(answer, says):
    result = episode5.check_gradient_step(answer)
    assert not result.passed
    assert says in result.message


# ---------------------------------------------------------------- Episode 5, exercise 3: an alpha


@pytest.mark.parametrize("alpha", [0.21, 0.25, 0.29])
def test_ep5_alpha_within_accepts_the_window(alpha):
    result = episode5.check_alpha_within(alpha)
    assert result.passed, result.message
    assert "converges after" in result.message


@pytest.mark.parametrize(
    ("alpha", "says"),
    [
        (None, "Not chosen yet"),
        ("0.1", "not a number"),
        (0, "must be positive"),
        (-0.2, "must be positive"),
        (0.01, "Make α larger"),
        (0.1, "Make α larger"),
        (0.295, "Back off"),
        (0.2973, "divergence threshold"),
        (0.3, "divergence threshold"),
        (1.0, "divergence threshold"),
    ],
)
def test_ep5_alpha_within_rejects_out_of_range(alpha, says):
    result = episode5.check_alpha_within(alpha)
    assert not result.passed
    assert says in result.message


def test_ep5_alpha_within_names_the_threshold_of_the_data():
    x, _ = helpers.load_houses("houses.csv")
    message = episode5.check_alpha_within(0.4).message
    assert f"{helpers.max_stable_alpha(x):.4f}" in message
