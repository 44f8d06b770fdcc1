"""Exercises 7.2 and 7.3's answers: the relative ε test and polynomial features, right and typically
wrong; and the episode's curve, which Exercises 7.1 and 7.3 use.

For ``episode7.check_relative_change`` and ``episode7.check_poly_features``: the reference the
learner's function is compared with, the cases it is tried on, and the typical wrong answers, each
with the hint a learner reads when their answers match it. ``episode7`` imports them from here, and
exports ``curve_data`` and ``scaled_powers`` as before.
"""

from __future__ import annotations

import numpy as np

from ..fastpath import QuadraticDescent
from ..scaling import polynomial_features

# ---------------------------------------------------------------- the episode's curve
# The same synthetic houses as the notebook's section 5 (a test checks that they agree).

CURVE_SEED = 2056
CURVE_TRAIN = 15
CURVE_HELD = 6


def curve_data():
    """(age, price per sqft) of 15 training houses and of 6 held back: Episode 7's synthetic curve."""
    rng = np.random.default_rng(CURVE_SEED)
    age = np.round(rng.uniform(0, 100, size=CURVE_TRAIN + CURVE_HELD))
    price_sqft = np.round(260 - 4.2 * age + 0.045 * age**2 + rng.normal(0, 12, size=age.size), 1)
    return age[:CURVE_TRAIN], price_sqft[:CURVE_TRAIN], age[CURVE_TRAIN:], price_sqft[CURVE_TRAIN:]


def scaled_powers(x_train, x_new, degree):
    """x scaled with the training mean and standard deviation, then its powers 1 … degree as columns."""
    mu, sigma = np.mean(x_train), np.std(x_train)
    train = polynomial_features((x_train - mu) / sigma, degree)
    return train, polynomial_features((x_new - mu) / sigma, degree)


# ---------------------------------------------------------------- Exercise 7.2: the relative ε test


def _relative(J_history, epsilon):
    J = np.asarray(J_history, dtype=float)
    small = np.flatnonzero(np.abs(np.diff(J)) < epsilon * J[:-1])
    return int(small[0]) + 1 if small.size else None


def _test_with(change, against, *, below=np.less, pick="first", none=None, offset=1):
    """A wrong ε test, one knob per typical mistake."""

    def test(J_history, epsilon):
        J = np.asarray(J_history, dtype=float)
        if J.size < 2:
            return none
        passes = below(change(J), epsilon * against(J))
        found = np.flatnonzero(passes)
        if found.size == 0:
            return none
        return int(found[0] if pick == "first" else found[-1]) + offset

    return test


def _size(J):
    return np.abs(np.diff(J))


def _before(J):
    return J[:-1]


def _from_zero(J_history, epsilon):
    """The loop that starts at k = 0, where J[k − 1] is J[−1], the last entry."""
    J = list(J_history)
    for k in range(len(J)):
        if abs(J[k] - J[k - 1]) < epsilon * J[k - 1]:
            return k
    return None


def _but_the_last(J_history, epsilon):
    """The loop over range(1, len(J) − 1), which never looks at the last step."""
    return _relative(list(J_history)[:-1], epsilon) if len(J_history) > 2 else None


def _argmax_test(J_history, epsilon):
    J = np.asarray(J_history, dtype=float)
    return int(np.argmax(np.abs(np.diff(J)) < epsilon * J[:-1])) + 1


def _any_test(J_history, epsilon):
    J = np.asarray(J_history, dtype=float)
    return bool(np.any(np.abs(np.diff(J)) < epsilon * J[:-1]))


_WHOLE_RUN = (
    "Measure the change against the cost before the step, J[k−1], not against a cost of the whole run (its "
    "lowest, its last or its mean): a test that stops a run is asked during the run, before the costs still "
    "to come exist."
)
_NONE = "When no step qualifies, return None: a number there would say the run converged at that step."

RELATIVE_MISTAKES = [
    (
        _test_with(_size, lambda J: np.ones(J.size - 1)),
        "That is the absolute test of section 3, |J[k] − J[k−1]| < ε. This one measures the change against "
        "the cost before the step: |J[k] − J[k−1]| < ε · J[k−1].",
    ),
    (
        _test_with(lambda J: -np.diff(J), _before),
        "A cost that rises passes your test at once (its fall is negative). Compare the size of the change, "
        "abs(J[k] − J[k−1]), whichever way it goes.",
    ),
    (
        _test_with(np.diff, _before),
        "Every falling step passes your test (J[k] − J[k−1] is negative). Compare the size of the change, "
        "abs(J[k] − J[k−1]).",
    ),
    (
        _test_with(_size, _before, offset=0),
        "Off by one: np.diff(J)[i] is the change made by step i + 1, so return that index plus 1.",
    ),
    (
        _test_with(_size, _before, offset=2),
        "Off by one: you return one iteration too late. np.diff(J)[i] is the change made by step i + 1.",
    ),
    (
        _test_with(_size, _before, pick="last"),
        "You return the last step that qualifies. The test stops the run at the first one.",
    ),
    (
        _test_with(_size, _before, below=np.less_equal),
        "Use a strict <: a change exactly equal to ε · J[k−1] does not pass.",
    ),
    (
        _test_with(_size, lambda J: J[1:]),
        "Measure the change against the cost before the step, J[k−1], not after it.",
    ),
    (
        _test_with(_size, lambda J: np.full(J.size - 1, J[0])),
        "Measure the change against the cost before the step, J[k−1], not against the cost at the start.",
    ),
    *[
        (_test_with(_size, whole_run), _WHOLE_RUN)
        for whole_run in (lambda J: np.full(J.size - 1, J.min()), lambda J: np.full(J.size - 1, J[-1]),
                          lambda J: np.full(J.size - 1, J.mean()))
    ],
    (
        _but_the_last,
        "Your loop never looks at the last step: range(1, len(J_history)) runs k from 1 to the last "
        "iteration, len(J_history) − 1.",
    ),
    (
        _test_with(lambda J: J[1:], _before),
        "Compare the change of J, abs(J[k] − J[k−1]), not the cost J[k] itself.",
    ),
    (
        _from_zero,
        "Your loop starts at k = 0, the start, which has no step before it: there J[k − 1] is J[−1], the "
        "last entry. Start at k = 1.",
    ),
    (_test_with(_size, _before, none=-1), _NONE),
    (_test_with(_size, _before, none=0), _NONE),
    (lambda J, eps: _relative(J, eps) if _relative(J, eps) is not None else len(J) - 1, _NONE),
    (
        _argmax_test,
        "np.argmax of an array with no True in it is 0, so your test says step 1 even when no step "
        "qualifies. Check first whether any does (np.flatnonzero, or any()), and return None if not.",
    ),
    (
        _any_test,
        "Return the iteration k at which the cost first changed by less than ε · J[k−1], not True or "
        "False.",
    ),
]

#: A yes/no answer is not a number, so ``check_function`` cannot match it: it is told apart first.
_YES_NO = RELATIVE_MISTAKES[-1][1]


def _learning_curve():
    from ..data import load_house_features
    from ..scaling import fit_scaler

    X, y, _ = load_house_features()
    return QuadraticDescent(fit_scaler(X, "zscore").transform(X), y).run(np.zeros(4), 0.0, 0.3, 400).J_history


def _relative_cases():
    return [
        (100 * 0.5 ** np.arange(21) + 10, 0.01),
        (np.array([1.0, 0.5, 0.375, 0.3125, 0.28125]), 0.25),
        (np.array([10.0, 12.0, 15.0, 20.0, 30.0, 50.0]), 0.1),
        (1000 * 0.1 ** np.arange(8), 0.5),
        ([5.0, 4.0, 3.9, 3.89, 3.889], 0.01),
        (np.array([10.0, 10.5, 11.5, 13.5]), 0.05),
        (_learning_curve(), 1e-6),
        (np.array([5.0, 9.0, 7.0, 5.02]), 0.01),
        (np.array([4.0, 2.0, 1.0, 0.999]), 0.01),
        (np.array([100.0, 60.0, 59.5, 10.0, 2.0]), 0.01),
    ]


# ---------------------------------------------------------------- Exercise 7.3: polynomial features


def _powers(z, degree, first=1):
    return np.column_stack([z**k for k in range(first, first + degree)])


def _poly_with(train_stats, new_stats=None, *, build=lambda z, d: _powers(z, d), scale_after=False):
    """A wrong feature builder: where the statistics come from, and how the columns are made."""

    def make(x_train, x_new, degree):
        mu, sigma = train_stats(x_train, x_new)
        mu_new, sigma_new = (mu, sigma) if new_stats is None else new_stats(x_train, x_new)
        if scale_after:
            P, Q = _powers(x_train, degree), _powers(x_new, degree)
            centre, spread = P.mean(axis=0), P.std(axis=0)
            return (P - centre) / spread, (Q - centre) / spread
        return build((x_train - mu) / sigma, degree), build((x_new - mu_new) / sigma_new, degree)

    return make


def _train(x_train, x_new):
    return np.mean(x_train), np.std(x_train)


def _own(x_train, x_new):
    return np.mean(x_new), np.std(x_new)


def _poly_reference(x_train, x_new, degree):
    return scaled_powers(np.asarray(x_train, float), np.asarray(x_new, float), degree)


def _scale_powers_with_x(x_train, x_new, degree):
    mu, sigma = np.mean(x_train), np.std(x_train)
    return (_powers(x_train, degree) - mu) / sigma, (_powers(x_new, degree) - mu) / sigma


def _transposed(x_train, x_new, degree):
    P, Q = _poly_reference(x_train, x_new, degree)
    return P.T, Q.T


POLY_MISTAKES = [
    (
        _poly_with(_train, scale_after=True),
        "You took the powers first and then z-scored each column. Scale x first, then take its powers: a "
        "centred x makes x, x² and x³ much less alike (section 5), so the bowl is far rounder.",
    ),
    (
        _scale_powers_with_x,
        "You took the powers of the raw x and then subtracted x's mean and divided by x's spread. Scale x "
        "itself first, z = (x − μ) / σ, and then take the powers of z.",
    ),
    (
        _poly_with(_train, _own),
        "x_new was scaled with its own mean and standard deviation. Use the training statistics for both: "
        "the weights are learned for those.",
    ),
    (
        _poly_with(_own),
        "You took the statistics from x_new. Compute the mean and standard deviation from x_train, and apply "
        "them to both.",
    ),
    (
        _poly_with(lambda xt, xn: (0.0, 1.0)),
        "The powers are not scaled: subtract the training mean from x and divide by its standard deviation "
        "before taking powers.",
    ),
    (
        _poly_with(lambda xt, xn: (np.mean(xt), 1.0)),
        "You centred x but did not divide by its standard deviation.",
    ),
    (
        _poly_with(lambda xt, xn: (0.0, np.std(xt))),
        "You divided x by its standard deviation but did not subtract the mean first.",
    ),
    (
        _poly_with(lambda xt, xn: (np.mean(xt), np.std(xt, ddof=1))),
        "You used the sample standard deviation (ddof=1). Use np.std's default, ddof=0, as Episode 6 did.",
    ),
    (
        _poly_with(lambda xt, xn: (np.mean(np.concatenate([xt, xn])), np.std(np.concatenate([xt, xn])))),
        "Your statistics include the new houses. Compute the mean and standard deviation from x_train "
        "alone: the fit is made before the new houses are known.",
    ),
    (
        _poly_with(lambda xt, xn: (np.mean(xt), np.var(xt))),
        "You divided by the variance. Divide by the standard deviation, its square root: np.std.",
    ),
    (
        _poly_with(lambda xt, xn: (np.min(xt), np.max(xt) - np.min(xt))),
        "That is min-max scaling, (x − min) / (max − min). Use the z-score of Episode 6: subtract the "
        "mean, divide by the standard deviation.",
    ),
    (
        _poly_with(lambda xt, xn: (0.0, np.max(np.abs(xt)))),
        "That divides by the maximum. Use the z-score of Episode 6: subtract the mean, divide by the "
        "standard deviation.",
    ),
    (
        _poly_with(_train, build=lambda z, d: _powers(z, d + 1, first=0)),
        "Your first column is x⁰, all ones. Start at the power 1: the constant term is b's job, and a "
        "column of ones would give the model two parameters for the same thing.",
    ),
    (
        _poly_with(_train, build=lambda z, d: _powers(z, d, first=0)),
        "Your columns are the powers 0 … degree − 1. Use the powers 1 … degree: range(1, degree + 1).",
    ),
    (
        _poly_with(_train, build=lambda z, d: np.column_stack([z * k for k in range(1, d + 1)])),
        "x * k multiplies; the k-th power is x ** k.",
    ),
    (
        _poly_with(_train, build=lambda z, d: np.vander(z, d + 1)),
        "np.vander puts the highest power first and ends with x⁰. Use np.vander(z, degree + 1, "
        "increasing=True)[:, 1:], or build the columns z ** 1 … z ** degree yourself.",
    ),
    (
        lambda x_train, x_new, degree: (np.vander(x_train, degree + 1), np.vander(x_new, degree + 1)),
        "np.vander puts the highest power first and ends with x⁰, and these powers are of the raw x. Scale x "
        "first, z = (x − μ) / σ with the training statistics, then take z ** 1 … z ** degree (or "
        "np.vander(z, degree + 1, increasing=True)[:, 1:]).",
    ),
    (
        _poly_with(_train, build=lambda z, d: (z**d)[:, None]),
        "You return only the highest power. Return every power from 1 to degree, one column each.",
    ),
    (
        _transposed,
        "Your arrays have one row per power. Use one row per example and one column per power: "
        "np.column_stack([...]) or z[:, None] ** np.arange(1, degree + 1).",
    ),
    (
        lambda x_train, x_new, degree: (_poly_reference(x_train, x_new, degree)[0], _powers(x_new, degree)),
        "x_new is not scaled: apply the training mean and standard deviation to it too, before the powers.",
    ),
]


def _poly_cases():
    x, _, x_held, _ = curve_data()
    return [
        (x, x_held, 3),
        (np.array([1.0, 2.0, 3.0, 4.0, 6.0]), np.array([2.5, 7.0]), 2),
        (np.array([10.0, 20.0, 40.0, 80.0]), np.array([30.0, 5.0, 60.0]), 4),
        (np.array([3.0, 1.0, 2.0]), np.array([0.0, 4.0]), 1),
    ]
