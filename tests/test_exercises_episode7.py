"""The checks of Episode 7 (helpers/exercises/episode7.py): Exercises 7.1 to 7.3.

Exercise 7.1 is an α from the ladder for the degree-4 curve within 7000 steps
(``check_ladder_alpha``), 7.2 the relative ε test (``check_relative_change``), 7.3 polynomial
features of a scaled x (``check_poly_features``).
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from exercise_testing import ENDLESS, ENDLESS_SAID, LIMIT, assert_mistakes_told_apart, rejects, stub

import helpers
from helpers import diagnostics
from helpers.exercises import episode7

# --- Exercise 7.1: an α from the ladder -------------------------------------------------------------


def ladder_runs():
    X, y = episode7._ladder_problem()
    return diagnostics.run_ladder(X, y, num_iters=episode7.LADDER_BUDGET)


def test_exactly_one_rung_fits_the_budget_and_the_check_takes_it():
    fitting = [alpha for alpha, run, _ in ladder_runs() if run.converged]
    assert fitting == [0.03]
    result = episode7.check_ladder_alpha(0.03)
    assert result.passed and "6190 steps" in result.message


def test_the_ladder_problem_is_the_degree_4_curve_of_the_scaled_ages():
    x, y, _, _ = episode7.curve_data()
    X, y_check = episode7._ladder_problem()
    z = (x - x.mean()) / x.std()
    np.testing.assert_allclose(X, np.column_stack([z, z**2, z**3, z**4]))
    np.testing.assert_array_equal(y_check, y)


LADDER_WRONG = [
    (0.1, "diverged at step 14", "Go down the ladder"),
    (0.3, "diverged", "Go down the ladder"),
    (1.0, "diverged", "Go down the ladder"),
    (0.01, "safe but slow", "needs 18581 steps", "Go up the ladder, to 0.03, and read the verdict"),
    (0.003, "safe but slow", "Go up the ladder, to 0.01"),
    (0.001, "safe but slow", "Go up the ladder, to 0.003"),
    (0.05, "not on the ladder", "diagnostics.run_ladder"),
    (0.02, "not on the ladder"),
    (1e-12, "not on the ladder"),
    (None, "alpha_7000 is not set yet", "an α from the ladder such as 0.001"),
    ("0.03", "the text '0.03'", "remove the quotes, alpha_7000 = 0.03"),
    ("fast", "the text 'fast'", "write one plain number, such as 0.001"),
    ("inf", "the text 'inf'", "write one plain number"),
    (0, "must be above 0"),
    (-0.03, "must be above 0"),
    (float("inf"), "not a finite number"),
]


@pytest.mark.parametrize("case", LADDER_WRONG, ids=[repr(c[0]) for c in LADDER_WRONG])
def test_ladder_alpha_rejects_with_a_reason(case):
    alpha, *words = case
    rejects(episode7.check_ladder_alpha(alpha), *words)


def test_ladder_alpha_examples_are_ladder_values_and_not_the_answer():
    """The placeholder and format messages suggest a value of the ladder, and one that is wrong."""
    example = re.search(r"such as ([\d.]+)", episode7.check_ladder_alpha(None).message).group(1)
    assert any(np.isclose(float(example), a) for a in diagnostics.ALPHA_LADDER)
    assert not episode7.check_ladder_alpha(float(example)).passed


@pytest.mark.parametrize("alpha", diagnostics.ALPHA_LADDER)
def test_ladder_alpha_points_the_right_way_from_every_rung(alpha):
    result = episode7.check_ladder_alpha(alpha)
    if result.passed:
        return
    assert ("Go up" in result.message) == (alpha < 0.03)
    assert ("Go down" in result.message) == (alpha > 0.03)


# --- Exercise 7.2: the relative ε test --------------------------------------------------------------


def relative_loop(J_history, epsilon):
    for k in range(1, len(J_history)):
        if abs(J_history[k] - J_history[k - 1]) < epsilon * J_history[k - 1]:
            return k
    return None


def relative_arrays(J_history, epsilon):
    J = np.asarray(J_history)
    found = np.nonzero(np.abs(J[1:] - J[:-1]) < epsilon * J[:-1])[0]
    return int(found[0] + 1) if len(found) else None


def relative_ratio(J_history, epsilon):
    J = np.asarray(J_history, dtype=float)
    ratios = np.abs(J[1:] / J[:-1] - 1)
    hits = np.flatnonzero(ratios < epsilon)
    return hits[0] + 1 if hits.size else None


@pytest.mark.parametrize("answer", [relative_loop, relative_arrays, relative_ratio])
def test_relative_change_accepts_correct_versions(answer):
    result = episode7.check_relative_change(answer)
    assert result.passed and "whatever the units of J" in result.message


def test_the_reference_on_its_cases():
    answers = [episode7._relative(J, eps) for J, eps in episode7._relative_cases()]
    assert answers[:6] == [10, 3, None, None, 3, None] and answers[7] is None
    assert answers[8:] == [3, 2], "the last step qualifies first; a change small only next to J[k−1]"
    J, eps = episode7._relative_cases()[6]
    k = answers[6]
    assert abs(J[k] - J[k - 1]) < eps * J[k - 1] and abs(J[k - 1] - J[k - 2]) >= eps * J[k - 2]


@pytest.mark.parametrize("case", range(len(episode7.RELATIVE_MISTAKES)))
def test_every_relative_change_mistake_gets_its_own_hint(case):
    wrong, hint = episode7.RELATIVE_MISTAKES[case]
    assert rejects(episode7.check_relative_change(wrong)) == hint


def relative_sorts_in_place(J_history, epsilon):
    if isinstance(J_history, np.ndarray):
        J_history.sort()
    return relative_loop(J_history, epsilon)


def relative_absolute_package(J_history, epsilon):
    return diagnostics.first_small_change(J_history, epsilon)


def relative_loop_short(J_history, epsilon):
    for k in range(1, len(J_history) - 1):
        if abs(J_history[k] - J_history[k - 1]) < epsilon * J_history[k - 1]:
            return k
    return None


def relative_to_the_lowest(J_history, epsilon):
    lowest = min(J_history)
    for k in range(1, len(J_history)):
        if abs(J_history[k] - J_history[k - 1]) < epsilon * lowest:
            return k
    return None


RELATIVE_WRONG = {
    "the loop misses the last step": (relative_loop_short, "never looks at the last step"),
    "against the lowest cost of the run": (relative_to_the_lowest, "not against a cost of the whole run"),
    "the package's absolute test": (relative_absolute_package, "absolute test of section 3"),
    "None where a step qualifies": (lambda J, eps: None, "returned None, but step 10 already changed J"),
    "forgotten return": (lambda J, eps: None if len(J) > 9 else 3, "step 10 already changed J"),
    "wrong k": (lambda J, eps: 2 if relative_loop(J, eps) else None, "returned 2, but it should be 10"),
    "sorts its input": (relative_sorts_in_place, "changed its input J_history"),
    "a string": (lambda J, eps: "3", "the text '3'"),
    "stub": (stub, "first_relative_change is not set yet"),
    "one argument": (lambda J: None, "should take 2 arguments"),
    "a list of ks": (lambda J, eps: [relative_loop(J, eps) or 0] * 2, "a list of 2 numbers"),
    "the run's length where no step qualifies": (
        lambda J, eps: relative_loop(J, eps) or len(J), "the right answer there is None: no number is due"),
    "infinity where no step qualifies": (
        lambda J, eps: relative_loop(J, eps) or float("inf"), "the right answer there is None"),
}


@pytest.mark.parametrize("case", RELATIVE_WRONG.values(), ids=RELATIVE_WRONG.keys())
def test_relative_change_names_the_mistake(case):
    wrong, *words = case
    rejects(episode7.check_relative_change(wrong, time_limit=LIMIT), *words)


def test_a_while_loop_that_never_ends_is_stopped():
    def forever(J_history, epsilon):
        k = 1
        while abs(J_history[k] - J_history[k - 1]) >= epsilon * J_history[k - 1]:
            k = k  # forgot k += 1
        return k

    rejects(episode7.check_relative_change(forever, time_limit=ENDLESS), ENDLESS_SAID)


def test_an_endless_loop_is_waited_for_once():
    calls = []

    def forever(J_history, epsilon):
        calls.append(1)
        while True:
            pass

    rejects(episode7.check_relative_change(forever, time_limit=ENDLESS), ENDLESS_SAID)
    assert len(calls) == 1


# --- Exercise 7.3: polynomial features, scaled ----------------------------------------------------


def poly_loops(x_train, x_new, degree):
    mu = sum(x_train) / len(x_train)
    sigma = (sum((v - mu) ** 2 for v in x_train) / len(x_train)) ** 0.5
    train = np.array([[((v - mu) / sigma) ** k for k in range(1, degree + 1)] for v in x_train])
    new = np.array([[((v - mu) / sigma) ** k for k in range(1, degree + 1)] for v in x_new])
    return train, new


def poly_package(x_train, x_new, degree):
    mu, sigma = np.mean(x_train), np.std(x_train)
    features = helpers.scaling.polynomial_features
    return features((x_train - mu) / sigma, degree), features((x_new - mu) / sigma, degree)


def poly_vander(x_train, x_new, degree):
    mu, sigma = x_train.mean(), x_train.std()
    return (np.vander((x_train - mu) / sigma, degree + 1, increasing=True)[:, 1:],
            np.vander((x_new - mu) / sigma, degree + 1, increasing=True)[:, 1:])


@pytest.mark.parametrize("answer", [poly_loops, poly_package, poly_vander])
def test_poly_features_accepts_correct_versions(answer):
    result = episode7.check_poly_features(answer)
    assert result.passed and "training mean and standard deviation" in result.message


@pytest.mark.parametrize("case", range(len(episode7.POLY_MISTAKES)))
def test_every_poly_mistake_gets_its_own_hint(case):
    wrong, hint = episode7.POLY_MISTAKES[case]
    assert rejects(episode7.check_poly_features(wrong)) == hint


def poly_centres_in_place(x_train, x_new, degree):
    x_train -= np.mean(x_train)
    return poly_package(x_train, x_new, degree)


POLY_WRONG = {
    "changes x_train": (poly_centres_in_place, "changed its input x_train"),
    "one array": (lambda xt, xn, d: poly_package(xt, xn, d)[0], "not 2 separate results"),
    "forgotten return": (lambda xt, xn, d: None, "returned None. Did you forget return?"),
    "stub": (stub, "poly_features is not set yet"),
    "not a function": ([1, 2], "not a function"),
    "degree fixed at 3": (lambda xt, xn, d: poly_package(xt, xn, 3), "with shape (5, 3)"),
    "text": (lambda xt, xn, d: ("X", "X_new"), "returned the text 'X' (in quotes) as X_train"),
}


@pytest.mark.parametrize("case", POLY_WRONG.values(), ids=POLY_WRONG.keys())
def test_poly_features_names_the_mistake(case):
    wrong, *words = case
    rejects(episode7.check_poly_features(wrong, time_limit=LIMIT), *words)


def test_a_poly_features_that_never_returns_is_stopped():
    def forever(x_train, x_new, degree):
        while True:
            pass

    rejects(episode7.check_poly_features(forever, time_limit=ENDLESS), ENDLESS_SAID)


def test_the_poly_mistakes_are_told_apart_on_the_cases():
    functions = [episode7._poly_reference, *(fn for fn, _ in episode7.POLY_MISTAKES)]
    assert_mistakes_told_apart(functions, episode7._poly_cases())
