"""The checks of Episode 6 (helpers/exercises/episode6.py): Exercises 6.1 to 6.3.

Exercise 6.1 is the gradient for a matrix X (``check_gradient_matrix``, against finite
differences), 6.2 z-scoring training and new houses (``check_scale_houses``), 6.3 a scaling and an
α within 150 steps (``check_scaling_within``).
"""

from __future__ import annotations

import numpy as np
import pytest
from exercise_testing import (
    ENDLESS,
    ENDLESS_SAID,
    LIMIT,
    assert_mistakes_told_apart,
    direction,
    rejects,
    stub,
)

import helpers
from helpers.exercises import episode6
from helpers.fastpath import QuadraticDescent
from helpers.scaling import fit_scaler

X, Y, _ = helpers.load_house_features()


# --- Exercise 6.1: the gradient for many features --------------------------------------------------


def gradient_vectorised(X, y, w, b):
    errors = X @ w + b - y
    return X.T @ errors / len(y), errors.mean()


def gradient_loops(X, y, w, b):
    m, n = X.shape
    dj_dw, dj_db = np.zeros(n), 0.0
    for i in range(m):
        error = sum(w[j] * X[i, j] for j in range(n)) + b - y[i]
        for j in range(n):
            dj_dw[j] += error * X[i, j]
        dj_db += error
    return dj_dw / m, dj_db / m


def gradient_as_lists(X, y, w, b):
    dj_dw, dj_db = gradient_vectorised(X, y, w, b)
    return list(dj_dw), float(dj_db)


@pytest.mark.parametrize("answer", [gradient_vectorised, gradient_loops, gradient_as_lists])
def test_gradient_matrix_accepts_correct_versions(answer):
    result = episode6.check_gradient_matrix(answer)
    assert result.passed and "finite differences" in result.message


def test_the_reference_is_finite_differences_that_agree_with_the_formula():
    for X_case, y, w, b in episode6._gradient_cases():
        numeric = episode6._numeric_gradient(X_case, y, w, b)
        exact = gradient_vectorised(X_case, y, w, b)
        np.testing.assert_allclose(numeric[0], exact[0], rtol=1e-7, atol=1e-7)
        assert numeric[1] == pytest.approx(exact[1], rel=1e-7, abs=1e-7)
    shapes = {X_case.shape for X_case, *_ in episode6._gradient_cases()}
    assert {n for _, n in shapes} == {1, 2, 3, 4} and all(m != n for m, n in shapes)


@pytest.mark.parametrize(
    ("wrong", "hint"), episode6.GRADIENT_MISTAKES, ids=[w.__name__ for w, _ in episode6.GRADIENT_MISTAKES]
)
def test_every_gradient_mistake_gets_its_own_hint(wrong, hint):
    assert rejects(episode6.check_gradient_matrix(wrong)) == hint


def gradient_not_transposed(X, y, w, b):
    errors = X @ w + b - y
    return X @ errors / len(y), errors.mean()


def gradient_overwrites(X, y, w, b):
    for i in range(len(y)):
        error = X[i] @ w + b - y[i]
        dj_dw, dj_db = error * X[i], error
    return dj_dw / len(y), dj_db / len(y)


def gradient_centres_X(X, y, w, b):
    X -= X.mean(axis=0)
    return gradient_vectorised(X, y, w, b)


GRADIENT_WRONG = {
    "X @ errors": (gradient_not_transposed, "multiply by X transposed: X.T @ errors"),
    "loop overwrites": (gradient_overwrites, "Only the last example counts"),
    "one flat array": (
        lambda X, y, w, b: np.append(*gradient_vectorised(X, y, w, b)),
        "not 2 separate results",
    ),
    "target minus prediction": (
        lambda X, y, w, b: tuple(-np.asarray(g) for g in gradient_vectorised(X, y, w, b)),
        "Check the sign",
    ),
    "len(X[0]) for m": (
        lambda X, y, w, b: tuple(np.asarray(g) * len(y) / len(X[0]) for g in gradient_vectorised(X, y, w, b)),
        "Divide by m, the number of examples",
    ),
    "changes X": (gradient_centres_X, "changed its input X"),
    "forgotten return": (lambda X, y, w, b: None, "returned None. Did you forget return?"),
    "strings": (lambda X, y, w, b: ("0.1", "0.2"), "the text"),
    "stub": (stub, "compute_gradient_matrix is not set yet"),
    "not a function": (3.0, "not a function"),
    "three arguments": (lambda X, y, w: None, "should take 4 arguments"),
    "zeros": (
        lambda X, y, w, b: (np.zeros(X.shape[1]), 0.0),
        "returned dj_dw = [0., 0.], but it should be [-10.  ,  -7.25]",
    ),
    "one weight too few": (
        lambda X, y, w, b: (gradient_vectorised(X, y, w, b)[0][:-1], 0.0),
        "returned dj_dw with shape (1,)",
    ),
}


@pytest.mark.parametrize("case", GRADIENT_WRONG.values(), ids=GRADIENT_WRONG.keys())
def test_gradient_matrix_names_the_mistake(case):
    wrong, *words = case
    rejects(episode6.check_gradient_matrix(wrong, time_limit=LIMIT), *words)


def test_a_loop_that_never_ends_is_stopped():
    def forever(X, y, w, b):
        while True:
            pass

    rejects(episode6.check_gradient_matrix(forever, time_limit=ENDLESS), ENDLESS_SAID)


def test_an_endless_gradient_is_waited_for_once():
    calls = []

    def forever(X, y, w, b):
        calls.append(1)
        while True:
            pass

    rejects(episode6.check_gradient_matrix(forever, time_limit=ENDLESS), ENDLESS_SAID)
    assert len(calls) == 1


# --- Exercise 6.2: scaling for training and for new houses -----------------------------------------


def scale_houses(X_train, y_train, X_new):
    mu, sigma = X_train.mean(axis=0), X_train.std(axis=0)
    sigma = np.where(sigma == 0, 1.0, sigma)
    return (X_train - mu) / sigma, y_train, (X_new - mu) / sigma


def scale_column_by_column(X_train, y_train, X_new):
    train, new = np.empty(X_train.shape), np.empty(X_new.shape)
    for j in range(X_train.shape[1]):
        mu = sum(X_train[:, j]) / len(X_train)
        sigma = np.sqrt(sum((X_train[:, j] - mu) ** 2) / len(X_train)) or 1.0
        train[:, j], new[:, j] = (X_train[:, j] - mu) / sigma, (X_new[:, j] - mu) / sigma
    return train, list(y_train), new


def test_scale_houses_accepts_the_z_score_with_the_training_statistics():
    for answer in (scale_houses, scale_column_by_column):
        result = episode6.check_scale_houses(answer)
        assert result.passed and "training houses' own mean and standard deviation" in result.message


def test_the_reference_is_the_package_s_z_score():
    for X_train, y_train, X_new in episode6._scaling_cases():
        scaler = fit_scaler(X_train, "zscore")
        expected = episode6._zscore(X_train, y_train, X_new)
        np.testing.assert_allclose(expected[0], scaler.transform(X_train))
        np.testing.assert_allclose(expected[2], scaler.transform(X_new))
        assert expected[1] is y_train
    X_train, _, X_new = episode6._zero_spread_case()
    assert np.ptp(X_train, axis=0)[1] == 0 and np.ptp(X_new, axis=0)[1] > 0
    scaled = episode6._zscore(*episode6._zero_spread_case())
    assert np.all(scaled[0][:, 1] == 0) and list(scaled[2][:, 1]) == [0.0, 1.0]


@pytest.mark.parametrize("case", range(len(episode6.SCALING_MISTAKES)))
def test_every_scaling_mistake_gets_its_own_hint(case):
    wrong, hint = episode6.SCALING_MISTAKES[case]
    assert rejects(episode6.check_scale_houses(wrong)) == hint


def no_zero_spread_guard(X_train, y_train, X_new):
    mu, sigma = X_train.mean(axis=0), X_train.std(axis=0)
    with np.errstate(all="ignore"):
        return (X_train - mu) / sigma, y_train, (X_new - mu) / sigma


def drops_the_constant_feature(X_train, y_train, X_new):
    keep = np.ptp(X_train, axis=0) > 0
    scaled = scale_houses(X_train[:, keep], y_train, X_new[:, keep])
    return scaled


def centres_in_place(X_train, y_train, X_new):
    X_train -= X_train.mean(axis=0)
    return scale_houses(X_train, y_train, X_new)


def tiny_number_added(epsilon):
    def scale(X_train, y_train, X_new):
        mu, sigma = X_train.mean(axis=0), X_train.std(axis=0)
        return (X_train - mu) / (sigma + epsilon), y_train, (X_new - mu) / (sigma + epsilon)

    return scale


def nan_to_num_afterwards(X_train, y_train, X_new):
    mu, sigma = X_train.mean(axis=0), X_train.std(axis=0)
    with np.errstate(all="ignore"):
        return np.nan_to_num((X_train - mu) / sigma), y_train, np.nan_to_num((X_new - mu) / sigma)


def zero_for_new_houses_too(X_train, y_train, X_new):
    mu, sigma = X_train.mean(axis=0), X_train.std(axis=0)
    with np.errstate(all="ignore"):
        return (np.where(sigma == 0, 0.0, (X_train - mu) / sigma), y_train,
                np.where(sigma == 0, 0.0, (X_new - mu) / sigma))


def floored_spread(X_train, y_train, X_new):
    mu, sigma = X_train.mean(axis=0), np.maximum(X_train.std(axis=0), 1e-12)
    return (X_train - mu) / sigma, y_train, (X_new - mu) / sigma


def new_house_first(X_train, y_train, X_new):
    return scale_houses(X_train, y_train, X_new)[::-1]


SCALING_WRONG = {
    "zero spread not handled": (no_zero_spread_guard, "standard deviation is 0", "dividing by 1 instead"),
    "sigma + 1e-8": (tiny_number_added(1e-8), "z-score of 1e+08", "sigma = np.where(sigma == 0, 1, sigma)"),
    "sigma + machine epsilon": (tiny_number_added(np.finfo(float).eps), "sigma plus a small number"),
    "np.nan_to_num afterwards": (nan_to_num_afterwards, "z-score of 1.8e+308", "np.nan_to_num"),
    "constant feature 0 for the new houses too": (zero_for_new_houses_too, "0 for the new houses too",
                                                  "keeps its difference from the training value"),
    "sigma floored at 1e-12": (floored_spread, "z-score of 1e+12", "a floor"),
    "constant feature dropped": (drops_the_constant_feature, "returned X_train_scaled with shape (4, 2)"),
    "mutates X_train": (centres_in_place, "changed its input X_train"),
    "order": (new_house_first, "in that order"),
    "two arrays": (lambda Xt, yt, Xn: scale_houses(Xt, yt, Xn)[::2], "not 3 separate results"),
    "forgotten return": (lambda Xt, yt, Xn: None, "returned None. Did you forget return?"),
    "stub": (stub, "scale_houses is not set yet"),
    "not a function": ("zscore", "not a function"),
    "two arguments": (lambda X_train, X_new: None, "should take 3 arguments"),
    "text inside": (
        lambda Xt, yt, Xn: (Xt, "prices", Xn),
        "returned the text 'prices' (in quotes) as y_for_descent",
    ),
    "nothing scaled": (lambda Xt, yt, Xn: (Xt, yt, Xn), "returned X_train_scaled = "),
}


@pytest.mark.parametrize("case", SCALING_WRONG.values(), ids=SCALING_WRONG.keys())
def test_scale_houses_names_the_mistake(case):
    wrong, *words = case
    rejects(episode6.check_scale_houses(wrong, time_limit=LIMIT), *words)


def test_a_scale_houses_that_never_returns_is_stopped():
    def forever(X_train, y_train, X_new):
        while True:
            pass

    rejects(episode6.check_scale_houses(forever, time_limit=ENDLESS), ENDLESS_SAID)


def test_the_mistakes_are_told_apart_on_the_cases_not_by_luck():
    """No two typical mistakes give the same answers, and none gives the right one."""
    functions = [episode6._zscore, *(fn for fn, _ in episode6.SCALING_MISTAKES)]
    assert_mistakes_told_apart(functions, episode6._scaling_cases())


# --- Exercise 6.3: a scaling and an α within 150 steps ---------------------------------------------


def converges_within(kind, alpha):
    Xs = fit_scaler(X, kind).transform(X)
    return helpers.gradient_descent(Xs, Y, np.zeros(4), 0.0, alpha, episode6.BUDGET).converged


@pytest.mark.parametrize(
    ("kind", "alpha"), [("zscore", 0.6), ("zscore", 0.7), ("z-score", 0.78), ("Z-Score", 0.65)]
)
def test_scaling_within_accepts_the_z_score_window(kind, alpha):
    result = episode6.check_scaling_within(kind, alpha)
    assert result.passed and "within 150" in result.message
    assert converges_within("zscore", alpha)


def test_only_the_z_score_can_do_it_within_150_steps():
    for kind in ("max", "mean"):
        best_alpha, best_steps = episode6.fewest_steps(kind)
        assert best_steps > episode6.BUDGET
        assert not converges_within(kind, best_alpha)
    assert episode6.fewest_steps("zscore")[1] <= episode6.BUDGET


SCALING_ALPHA_WRONG = [
    ("none", 4e-7, "Without scaling no α converges within 150 steps", "Pick a scaling"),
    ("none", 1.0, "Without scaling"),
    ("max", 0.9, "even the best α", "1632 steps", "condition number is 241"),
    ("mean", 1.96, "even the best α", "condition number is 73"),
    ("mean", 3.0, "above the largest stable α, 2", "Make α smaller"),
    ("zscore", 0.9, "above the largest stable α, 0.853", "Make α smaller"),
    ("zscore", 0.84, "zig-zag", "a little smaller"),
    ("zscore", 0.3, "safe but too small", "needs 295 steps", "Make α larger"),
    ("zscore", 1e-12, "stalled", "Make α larger"),
    ("zscore", None, "alpha_150 is not set yet"),
    ("zscore", -0.1, "must be above 0"),
    (None, 0.5, "scaling_150 is not set yet", "'zscore'"),
    ("standardise", 0.5, "not a scaling this course knows"),
    (2, 0.5, "write the name of a scaling in quotes"),
]


@pytest.mark.parametrize("case", SCALING_ALPHA_WRONG, ids=[f"{c[0]}-{c[1]}" for c in SCALING_ALPHA_WRONG])
def test_scaling_within_rejects_with_a_reason(case):
    kind, alpha, *words = case
    rejects(episode6.check_scaling_within(kind, alpha), *words)


@pytest.mark.parametrize("alpha", np.geomspace(1e-3, 3.0, 25))
def test_scaling_within_points_the_right_way_for_every_z_score_alpha(alpha):
    result = episode6.check_scaling_within("zscore", alpha)
    if result.passed:
        assert converges_within("zscore", alpha)
        return
    assert direction(result.message) == ("larger" if alpha < 0.57 else "smaller"), result.message


def test_the_unscaled_estimate_is_the_best_fixed_alpha_s_rate():
    kappa = helpers.condition_number(X)
    rate = (kappa - 1) / (kappa + 1)  # the best fixed α shrinks the flattest direction by this per step
    needs = np.log(helpers.GRADIENT_TOL) / np.log(rate)
    assert f"needs about {needs:.0e} steps" in episode6.check_scaling_within("none", 1e-7).message
    best = 2 / (helpers.curvatures(X)[0] + helpers.curvatures(X)[-1])  # the α of that rate
    run = QuadraticDescent(X, Y).run(np.zeros(4), 0.0, best, 1_000_000)
    assert run.out_of_steps


def test_a_wrong_table_is_shown_by_its_shape_and_first_row_and_the_first_entry_that_differs():
    """A 12×4 table printed whole buried the hint; the message names the entry that is wrong."""

    def one_entry_off(X_train, y_train, X_new):
        mean, spread = X_train.mean(axis=0), X_train.std(axis=0)
        scaled = (X_train - mean) / spread
        if len(scaled) > 5:
            scaled[5, 2] += 1.0
        return scaled, y_train, (X_new - mean) / spread

    message = str(episode6.check_scale_houses(one_entry_off))
    assert "❌" in message and "X_train=a 12×4 array (first row [2630, 4, 2, 50])" in message
    assert "The first entry that differs is [5, 2]:" in message
    assert len(message) < 600


def gradient_from_the_package(X, y, w, b):
    return helpers.compute_gradient(X, y, w, b)


@pytest.mark.parametrize("answer", [helpers.compute_gradient, gradient_from_the_package])
def test_gradient_matrix_asks_for_your_own_not_the_package_s(answer):
    rejects(episode6.check_gradient_matrix(answer), "calls helpers.compute_gradient, the package's answer")
    assert episode6._numeric_gradient is not helpers.compute_gradient, "the reference is finite differences"


def test_the_package_s_gradient_behind_a_helper_of_the_learner_s_is_found():
    scope = {"helpers": helpers}
    exec("def mine(X, y, w, b):\n    return helpers.compute_gradient(X, y, w, b)\n"
         "def compute_gradient_matrix(X, y, w, b):\n    return mine(X, y, w, b)\n"
         "def compute_gradient(X, y, w, b):\n"   # the learner's own, named like the package's
         "    e = X @ w + b - y\n    return X.T @ e / len(y), e.mean()\n"
         "def own(X, y, w, b):\n    return compute_gradient(X, y, w, b)\n", scope)
    rejects(episode6.check_gradient_matrix(scope["compute_gradient_matrix"]), "the package's answer")
    assert episode6.check_gradient_matrix(scope["own"]).passed


def scale_in_float32(X_train, y_train, X_new):
    train, new = X_train.astype(np.float32), X_new.astype(np.float32)
    mu, sigma = train.mean(axis=0), train.std(axis=0)
    sigma = np.where(sigma == 0, 1, sigma)
    return (train - mu) / sigma, y_train, (new - mu) / sigma


def test_scale_houses_computed_in_float32_is_right():
    assert episode6.check_scale_houses(scale_in_float32).passed
