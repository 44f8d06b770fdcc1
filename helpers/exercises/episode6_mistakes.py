"""Exercises 6.1 and 6.2's answers: the gradient for a matrix X, and z-scoring the houses, right and
typically wrong.

For ``episode6.check_gradient_matrix`` and ``episode6.check_scale_houses``: the reference the
learner's function is compared with, the cases it is tried on, and the typical wrong answers, each
with the hint a learner reads when their answers match it. ``episode6`` imports them from here.
"""

from __future__ import annotations

import numpy as np

from ..data import load_house_features
from ..linear import compute_cost


def _houses():
    X, y, _ = load_house_features()
    return X, y


# ---------------------------------------------------------------- Exercise 6.1: the gradient for X
# The reference is not a formula but central differences of the package's cost, so the check
# trusts no hand algebra (J is quadratic: the differences are exact up to rounding).


def _numeric_gradient(X, y, w, b):
    """(dJ/dw as n numbers, dJ/db) of ``compute_cost`` by central differences."""
    w = np.asarray(w, dtype=float)
    dj_dw = np.empty(w.size)
    for j in range(w.size):
        h = 1e-3 * (1.0 + abs(w[j]))
        step = np.zeros(w.size)
        step[j] = h
        dj_dw[j] = (compute_cost(X, y, w + step, b) - compute_cost(X, y, w - step, b)) / (2 * h)
    h = 1e-3 * (1.0 + abs(b))
    dj_db = (compute_cost(X, y, w, b + h) - compute_cost(X, y, w, b - h)) / (2 * h)
    return dj_dw, dj_db


def _gradient_cases():
    X, y = _houses()
    rng = np.random.default_rng(6)
    X_small = np.array([[1.0, 2.0], [2.0, 0.5], [3.0, 1.5]])
    X_random = rng.normal(0.0, 2.0, size=(6, 3))
    return [
        (X_small, np.array([4.0, 3.0, 7.0]), np.array([0.5, -1.0]), 0.25),
        (X_random, X_random @ np.array([1.0, -2.0, 0.5]) + 3.0 + rng.normal(0.0, 0.3, 6),
         np.array([0.2, 0.1, -0.3]), -1.0),
        (X[:5].copy(), y[:5].copy(), np.zeros(4), 0.0),
        (X[10:17].copy(), y[10:17].copy(), np.array([0.1, 5.0, 3.0, -0.5]), 20.0),
        (np.array([[1.0], [2.0], [4.0], [5.0]]), np.array([3.0, 5.0, 8.0, 12.0]), np.array([1.5]), 0.5),
    ]


def _errors(X, y, w, b):
    return X.shape[0], X @ w + b - y


def _grad_sign(X, y, w, b):
    m, e = _errors(X, y, w, b)
    return -(X.T @ e) / m, -e.sum() / m


def _grad_sums(X, y, w, b):
    _, e = _errors(X, y, w, b)
    return X.T @ e, e.sum()


def _grad_sum_w(X, y, w, b):
    m, e = _errors(X, y, w, b)
    return X.T @ e, e.sum() / m


def _grad_sum_b(X, y, w, b):
    m, e = _errors(X, y, w, b)
    return X.T @ e / m, e.sum()


def _grad_half(X, y, w, b):
    m, e = _errors(X, y, w, b)
    return X.T @ e / (2 * m), e.sum() / (2 * m)


def _grad_by_n(X, y, w, b):
    _, e = _errors(X, y, w, b)
    n = X.shape[1]
    return X.T @ e / n, e.sum() / n


def _grad_no_b(X, y, w, b):
    m = X.shape[0]
    e = X @ w - y
    return X.T @ e / m, e.sum() / m


def _grad_squared(X, y, w, b):
    m, e = _errors(X, y, w, b)
    return X.T @ e**2 / m, e @ e / m


def _grad_per_example(X, y, w, b):
    m, e = _errors(X, y, w, b)
    return e[:, None] * X / m, e / m


def _grad_wrong_axis(X, y, w, b):
    _, e = _errors(X, y, w, b)
    return np.mean(e[:, None] * X, axis=1), e.mean()


def _grad_swapped(X, y, w, b):
    m, e = _errors(X, y, w, b)
    return e.sum() / m, X.T @ e / m


def _grad_last(X, y, w, b):
    m, e = _errors(X, y, w, b)
    return e[-1] * X[-1] / m, e[-1] / m


def _grad_ignores_parameters(X, y, w, b):
    m = X.shape[0]
    return -(X.T @ y) / m, -y.sum() / m


def _grad_all_summed_prediction(X, y, w, b):
    m = X.shape[0]
    e = (X * w).sum() + b - y
    return X.T @ e / m, e.sum() / m


def _grad_one_number(X, y, w, b):
    m, e = _errors(X, y, w, b)
    return (X.T @ e).sum() / m, e.sum() / m


_AVERAGES = "the derivatives are averages over the m examples, (1/m) Σ …"

GRADIENT_MISTAKES = [
    (_grad_sign, "Check the sign: the error is the prediction minus the target, X @ w + b − y."),
    (_grad_sums, f"You forgot to divide by m: {_AVERAGES}, not sums."),
    (_grad_sum_w, f"dj_dw is m times too large: divide its sums by m too; {_AVERAGES}."),
    (_grad_sum_b, f"dj_db is m times too large: divide its sum by m too; {_AVERAGES}."),
    (_grad_half, "You divided by 2m: the ½ in the cost cancels the 2 from the square, so the derivatives "
                 "have 1/m."),
    (_grad_by_n, "You divided by n, the number of features (X.shape[1]). Divide by m, the number of "
                 "examples: the rows of X, X.shape[0] or len(y)."),
    (_grad_no_b, "The predictions need b: f(x) = w·x + b, so the errors are X @ w + b − y."),
    (_grad_squared, "You squared the errors: the square in the cost comes down as a factor 2 (which the ½ "
                    "cancels), leaving the error itself."),
    (_grad_per_example, "You return one term per example. Each derivative is one number per parameter: "
                        "average the terms over the examples (the rows)."),
    (_grad_wrong_axis, "You averaged along each row, over the features. Average down each column, over the "
                       "examples (axis=0), to get one derivative per feature: n numbers for dj_dw."),
    (_grad_swapped, "The numbers are right but swapped: return dj_dw (n numbers) first, then dj_db."),
    (_grad_last, "Only the last example counts: add up every example's term (whole arrays do it at once)."),
    (_grad_ignores_parameters, "The errors depend on the current w and b: compute the predictions "
                               "X @ w + b before subtracting y."),
    (_grad_all_summed_prediction, "X * w multiplies element by element, and .sum() with no axis then adds "
                                  "every house together. One prediction per house: X @ w + b "
                                  "(or (X * w).sum(axis=1) + b)."),
    (_grad_one_number, "dj_dw is one derivative per weight (n numbers), not their total: do not sum over "
                       "the features."),
]


# ---------------------------------------------------------------- Exercise 6.2: z-score for training
# scale_houses(X_train, y_train, X_new) returns (X_train_scaled, y_for_descent, X_new_scaled).


def _zscore(X_train, y_train, X_new):
    mu, sigma = X_train.mean(axis=0), X_train.std(axis=0)
    sigma = np.where(sigma == 0, 1.0, sigma)
    return (X_train - mu) / sigma, y_train, (X_new - mu) / sigma


def _new_houses():
    return np.array([[2100.0, 3.0, 2.0, 15.0], [1200.0, 2.0, 1.0, 60.0], [3300.0, 5.0, 3.0, 5.0]])


def _scaling_cases():
    X, y = _houses()
    return [
        (X[:12].copy(), y[:12].copy(), _new_houses()),
        (np.array([[1.0, 10.0], [2.0, 30.0], [4.0, 20.0], [5.0, 60.0]]), np.array([3.0, 5.0, 4.0, 9.0]),
         np.array([[3.0, 40.0], [6.0, 10.0]])),
        (X[40:50].copy(), y[40:50].copy(), X[90:95].copy()),
    ]


def _zero_spread_case():
    X = np.array([[1.0, 2.0, 5.0], [3.0, 2.0, 1.0], [2.0, 2.0, 3.0], [6.0, 2.0, 0.0]])
    return (X, np.array([10.0, 12.0, 11.0, 15.0]), np.array([[4.0, 2.0, 2.0], [0.0, 3.0, 1.0]]))


def _with(stats, *, target=None, new_stats=None, combine="standard"):
    """A wrong z-score, one knob per typical mistake: where the statistics come from, how they combine."""

    def scale(X_train, y_train, X_new):
        mu, sigma = stats(X_train, X_new)
        mu_new, sigma_new = (mu, sigma) if new_stats is None else new_stats(X_train, X_new)
        if combine == "precedence":
            scaled = X_train - mu / sigma, X_new - mu_new / sigma_new
        elif combine == "centre only":
            scaled = X_train - mu, X_new - mu_new
        elif combine == "divide only":
            scaled = X_train / sigma, X_new / sigma_new
        elif combine == "train only":
            scaled = (X_train - mu) / sigma, X_new
        else:
            scaled = (X_train - mu) / sigma, (X_new - mu_new) / sigma_new
        y_out = y_train if target is None else target(y_train)
        return scaled[0], y_out, scaled[1]

    return scale


def _train_stats(X_train, X_new):
    return X_train.mean(axis=0), X_train.std(axis=0)


def _own_stats(X_train, X_new):
    return X_new.mean(axis=0), X_new.std(axis=0)


def _scale_rows(X_train, y_train, X_new):
    def rows(A):
        return (A - A.mean(axis=1, keepdims=True)) / A.std(axis=1, keepdims=True)

    return rows(X_train), y_train, rows(X_new)


def _scale_whole(X_train, y_train, X_new):
    mu, sigma = X_train.mean(), X_train.std()
    return (X_train - mu) / sigma, y_train, (X_new - mu) / sigma


_TRAINING_ONLY = (
    "New houses must be scaled with the training houses' mean and standard deviation: the model learned its "
    "weights on features scaled that way."
)

SCALING_MISTAKES = [
    (
        _with(_train_stats, new_stats=_own_stats),
        f"You scaled X_new with its own mean and standard deviation. {_TRAINING_ONLY} A single new house "
        "would even have a spread of 0.",
    ),
    (
        _with(lambda Xt, Xn: (np.vstack([Xt, Xn]).mean(axis=0), np.vstack([Xt, Xn]).std(axis=0))),
        "Your statistics include the new houses. Compute them from X_train alone: when the model is trained, "
        "the new houses are not known yet, and the training features must not change when new ones arrive.",
    ),
    (
        _with(_own_stats),
        f"You took the mean and standard deviation from X_new for both arrays. {_TRAINING_ONLY}",
    ),
    (
        _scale_rows,
        "Your statistics run along each row (one house's features mixed together). Each feature gets its own "
        "mean and spread, computed down its column: X_train.mean(axis=0), X_train.std(axis=0).",
    ),
    (
        _scale_whole,
        "You took one mean and one standard deviation over the whole array, all features mixed. Each feature "
        "needs its own, down its column: axis=0.",
    ),
    (
        _with(lambda Xt, Xn: (Xt.mean(axis=0), Xt.std(axis=0, ddof=1))),
        "You used the sample standard deviation (ddof=1). Both scale well, but the z-score of the course, "
        "like helpers.zscore_normalize and scikit-learn's StandardScaler, divides by np.std's default, "
        "ddof=0: use that, so your numbers match.",
    ),
    (
        _with(lambda Xt, Xn: (Xt.mean(axis=0), Xt.var(axis=0))),
        "You divided by the variance. Divide by the standard deviation, its square root: np.std.",
    ),
    (
        _with(lambda Xt, Xn: (Xt.mean(axis=0), Xt.max(axis=0) - Xt.min(axis=0))),
        "That is mean normalisation (dividing by the range, max − min). The z-score divides by the standard "
        "deviation.",
    ),
    (
        _with(lambda Xt, Xn: (np.zeros(Xt.shape[1]), np.abs(Xt).max(axis=0))),
        "That divides by the maximum. The z-score subtracts the mean, then divides by the standard "
        "deviation.",
    ),
    (
        _with(_train_stats, combine="centre only"),
        "You subtracted the mean but did not divide by the standard deviation: the features keep their "
        "different spreads.",
    ),
    (
        _with(_train_stats, combine="divide only"),
        "You divided by the standard deviation but did not subtract the mean first: (x − μ) / σ.",
    ),
    (
        _with(_train_stats, combine="precedence"),
        "Mind the brackets: X - mu / sigma divides only mu. Write (X - mu) / sigma.",
    ),
    (
        _with(_train_stats, combine="train only"),
        "X_new is returned as it came: scale it too, with the training mean and standard deviation.",
    ),
    (
        lambda X_train, y_train, X_new: _zscore(X_train, y_train, X_new)[::-1],
        "The new houses come first in your answer: return X_train_scaled, y_for_descent, X_new_scaled, in "
        "that order.",
    ),
    (
        _with(_train_stats, target=lambda y: (y - y.mean()) / y.std()),
        "You scaled the prices too. Descent does not need it: the curvatures of J, and so the largest stable "
        "α and the condition number, depend on the features alone. And the model would predict in standard "
        "deviations instead of $1000s. Return y_train as it is.",
    ),
    (
        _with(_train_stats, target=lambda y: y - y.mean()),
        "You centred the prices. Leave them as they are: the model then predicts in $1000s, and b learns "
        "the average price.",
    ),
]
