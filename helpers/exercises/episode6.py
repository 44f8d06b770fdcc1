"""Checks for Episode 6, many features and feature scaling.

Exercise 6.1 the gradient for a matrix X (checked against finite differences of the cost),
Exercise 6.2 z-scoring the training houses and new houses with the training statistics (and
leaving the prices alone), Exercise 6.3 a scaling and an α that converge within 150 steps. Each
message names the typical mistake it saw: sums for averages, m and n confused, statistics over the
wrong axis or from the wrong data, the sample standard deviation, a zero spread, a scaled target,
an α that is unsafe for the chosen scaling, a scaling no α can rescue.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from .._stopping import GRADIENT_TOL
from ..data import load_house_features
from ..fastpath import QuadraticDescent
from ..linear import compute_cost, condition_number, gradient_descent, max_stable_alpha
from ..scaling import SCALINGS, fit_scaler
from . import ABS_TOL, REL_TOL, CheckResult, close, exercise, failed, passed, returned_numbers, stop
from ._answers import _explain_failed_call
from ._feedback import call_text, short, unset
from ._running import TIME_LIMIT, accepts, call_learner, parameters
from .episode3 import read_alpha, stalled_message


def _houses():
    X, y, _ = load_house_features()
    return X, y


# ---------------------------------------------------------------- answers made of several arrays
# A function here returns several arrays of different shapes (dj_dw and dj_db; the training and
# the new houses), which ``check_function`` cannot hold in one array: these compare them part by part.


def learner_parts(candidate, args, *, name, params, parts, returns, time_limit=None) -> tuple:
    """The learner's answer on ``args`` as one float array per part, or stop saying what went wrong."""
    if candidate is None or candidate is Ellipsis:
        stop(unset(name, repr(candidate), f"your function, def {name}({', '.join(params)}): …"))
    if not callable(candidate):
        stop(f"{name} is {short(candidate)}, not a function: define it with def {name}({', '.join(params)}): "
             "and run that cell.")
    if not accepts(candidate, len(params)):
        theirs = parameters(candidate) or ()
        stop(f"{name} should take {len(params)} arguments, ({', '.join(params)}), in that order; yours takes "
             f"({', '.join(theirs)}).")
    own = parameters(candidate) or params
    call = call_learner(candidate, args, own if len(own) == len(params) else params,
                        time_limit=TIME_LIMIT if time_limit is None else time_limit)
    if not call.ok:
        stop(_explain_failed_call(call, candidate, name, params, ()))
    value = call.value
    text = call_text(name, params, args)
    if value is None:
        stop(f"{text} returned None. Did you forget return? {name} must return {returns}.")
    if not isinstance(value, (tuple, list)) or len(value) != len(parts):
        stop(f"{text} returned {short(value)}, not {len(parts)} separate results. {name} must return "
             f"{returns}.")
    answer = []
    for part, got in zip(parts, value, strict=True):
        numbers = returned_numbers(got)
        if isinstance(numbers, str):
            stop(f"{text} returned {numbers} as {part}, which is not a number. {name} must return {returns}.")
        answer.append(numbers)
    return tuple(answer)


def _same(answer, expected, rel, abs_) -> bool:
    return all(close(a, b, rel=rel, abs_=abs_) for a, b in zip(answer, expected, strict=True))


def _matches(answer, wrong, args, rel, abs_) -> bool:
    try:
        with np.errstate(all="ignore"):  # a typical mistake may overflow; that is no news to the learner
            mistaken = wrong(*args)
    except Exception:  # the mistake is undefined here, so the learner's answer is not it
        return False
    return _same(answer, mistaken, rel, abs_)


def check_parts(candidate, reference, cases, *, name, params, parts, returns, mistakes=(), rel=REL_TOL,
                abs_=ABS_TOL, time_limit=None) -> None:
    """Stop with a message unless ``candidate`` returns ``reference``'s parts on every case.

    Like ``check_function``: a typical mistake that matches on every case gets its hint; otherwise
    the first part that differs is named.
    """
    checked = dict(name=name, params=params, parts=parts, returns=returns, time_limit=time_limit)
    answers = [(args, learner_parts(candidate, args, **checked)) for args in cases]
    if all(_same(answer, reference(*args), rel, abs_) for args, answer in answers):
        return
    for wrong, hint in mistakes:
        if all(_matches(answer, wrong, args, rel, abs_) for args, answer in answers):
            stop(hint)
    for args, answer in answers:
        expected = reference(*args)
        text = call_text(name, params, args)
        for part, got, want in zip(parts, answer, expected, strict=True):
            want = np.asarray(want, dtype=float)
            if got.shape != want.shape:
                stop(f"{text} returned {part} with shape {got.shape} ({short(got)}); it should have shape "
                     f"{want.shape}: {name} must return {returns}.")
            if not close(got, want, rel=rel, abs_=abs_):
                stop(f"{text} returned {part} = {short(got)}, but it should be {short(want)}.")


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

_SHAPES = (
    "X has one row per example and one column per feature, so X @ w gives one prediction per example; to "
    "weight every example's error by its features, multiply by X transposed: X.T @ errors (n numbers)."
)


@exercise("6.1")
def check_gradient_matrix(compute_gradient_matrix, *, time_limit: float | None = None) -> CheckResult:
    """Exercise 6.1: ``compute_gradient_matrix(X, y, w, b)`` returns (dj_dw as n numbers, dj_db)."""
    cases = _gradient_cases()
    checked = dict(name="compute_gradient_matrix", params=("X", "y", "w", "b"), parts=("dj_dw", "dj_db"),
                   returns="dj_dw (one number per feature) and dj_db, as return dj_dw, dj_db",
                   time_limit=time_limit)
    if callable(compute_gradient_matrix):
        # A product in the wrong order fails on a non-square X with NumPy's words: say it in ours.
        call = call_learner(compute_gradient_matrix, cases[2], ("X", "y", "w", "b"),
                            time_limit=TIME_LIMIT if time_limit is None else time_limit)
        text = str(call.error) if call.error is not None else ""
        if isinstance(call.error, ValueError) and ("matmul" in text or "aligned" in text):
            stop(f"compute_gradient_matrix raised ValueError: {text}. {_SHAPES}")
    check_parts(compute_gradient_matrix, _numeric_gradient, cases, mistakes=GRADIENT_MISTAKES, rel=1e-6,
                abs_=1e-6, **checked)
    return passed(
        "compute_gradient_matrix agrees with finite differences of the cost on five data sets, from one "
        "feature to four: dj_dw = (1/m) Xᵀ·(Xw + b − y) and dj_db = the mean error."
    )


# ---------------------------------------------------------------- Exercise 6.2: z-score for training
# scale_houses(X_train, y_train, X_new) returns (X_train_scaled, y_for_descent, X_new_scaled): three
# arrays of different shapes, so this check compares them part by part.

PARTS = ("X_train_scaled", "y_for_descent", "X_new_scaled")


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


def _zero_spread_message(name: str) -> str:
    return (
        f"{name} returned nan or inf for a feature that has the same value in every training house: its "
        "standard deviation is 0, and dividing by 0 gives nan. Such a feature carries no information; scale "
        "it to 0 by dividing by 1 instead: sigma = np.where(sigma == 0, 1, sigma)."
    )


@exercise("6.2")
def check_scale_houses(scale_houses, *, time_limit: float | None = None) -> CheckResult:
    """Exercise 6.2: ``scale_houses(X_train, y_train, X_new)`` z-scores both with the training statistics.

    It returns (X_train_scaled, y_for_descent, X_new_scaled); a feature with no spread is scaled to 0.
    """
    checked = dict(name="scale_houses", params=("X_train", "y_train", "X_new"), parts=PARTS,
                   returns="three arrays, as return X_train_scaled, y_for_descent, X_new_scaled",
                   time_limit=time_limit)
    check_parts(scale_houses, _zscore, _scaling_cases(), mistakes=SCALING_MISTAKES, **checked)
    # Only now the case with a constant feature: every mistake above would also give nan there.
    answer = learner_parts(scale_houses, _zero_spread_case(), **checked)
    if not all(np.all(np.isfinite(part)) for part in answer):
        stop(_zero_spread_message("scale_houses"))
    check_parts(scale_houses, _zscore, [_zero_spread_case()], **checked)
    return passed(
        "scale_houses z-scores every feature with the training houses' own mean and standard deviation, "
        "applies the same numbers to the new houses, leaves the prices in $1000s and turns a feature with no "
        "spread into 0s."
    )


# ---------------------------------------------------------------- Exercise 6.3: a scaling and an α

BUDGET = 150
_NAMES = {"none": "none", "max": "max", "mean": "mean", "zscore": "zscore", "z-score": "zscore",
          "z score": "zscore", "standard": "zscore", "mean normalisation": "mean",
          "mean normalization": "mean", "maximum": "max", "no scaling": "none"}


def read_scaling(value, name: str) -> str:
    """One of ``SCALINGS`` from what the learner typed, or stop saying what to write."""
    if value is None or value is Ellipsis:
        names = ", ".join(map(repr, SCALINGS))
        stop(unset(name, repr(value), f"the name of a scaling in quotes, one of {names}"))
    if not isinstance(value, str):
        stop(f"{name} is {short(value)}: write the name of a scaling in quotes, one of "
             f"{', '.join(map(repr, SCALINGS))}.")
    kind = _NAMES.get(value.strip().lower())
    if kind is None:
        stop(f"{name} is {value!r}, which is not a scaling this course knows: write one of "
             f"{', '.join(map(repr, SCALINGS))}.")
    return kind


@functools.cache
def _scaled_houses(kind: str):
    X, y = _houses()
    return fit_scaler(X, kind).transform(X), y


@functools.cache
def fewest_steps(kind: str) -> tuple[float, int | None]:
    """(α, steps): the α of a fine sweep below the stability limit that converges in the fewest steps."""
    Xs, y = _scaled_houses(kind)
    limit = max_stable_alpha(Xs)
    descent = QuadraticDescent(Xs, y)
    best = (limit / 2, None)
    for fraction in np.linspace(0.05, 0.995, 190):
        run = descent.run(np.zeros(Xs.shape[1]), 0.0, fraction * limit, 100_000)
        if run.converged and (best[1] is None or run.stopped_at < best[1]):
            best = (float(fraction * limit), run.stopped_at)
    return best


@exercise("6.3")
def check_scaling_within(scaling_150, alpha_150) -> CheckResult:
    """Exercise 6.3: a scaling and an α with which descent on the 100 houses converges within 150 steps."""
    kind = read_scaling(scaling_150, "scaling_150")
    alpha = read_alpha(alpha_150, "alpha_150")
    Xs, y = _scaled_houses(kind)
    limit, kappa = max_stable_alpha(Xs), condition_number(Xs)
    what = fit_scaler(_houses()[0], kind).description
    result = gradient_descent(Xs, y, np.zeros(Xs.shape[1]), 0.0, alpha, BUDGET)
    if result.converged:
        return passed(
            f"With {what} and α = {alpha:g}, descent converges after {result.stopped_at} steps, within "
            f"{BUDGET}: the slope is close to 0."
        )
    if kind == "none":
        # Even the best fixed α shrinks the flattest direction only by (κ − 1) / (κ + 1) per step.
        needs = math.log(GRADIENT_TOL) / math.log((kappa - 1) / (kappa + 1))
        return failed(
            f"Without scaling no α converges within {BUDGET} steps: the largest stable α is {limit:.2g}, "
            f"set by the size in square feet, and the condition number is {kappa:.2g}, so even the best α "
            f"needs about {needs:.0e} steps. Pick a scaling."
        )
    if result.diverged:
        return failed(
            f"With {what}, α = {alpha:g} is above the largest stable α, {limit:.3g}: the cost blows up. "
            "Make α smaller, below it."
        )
    if result.stalled:
        return failed(stalled_message(result, alpha, "the weights"))
    best_alpha, best_steps = fewest_steps(kind)
    if best_steps is None or best_steps > BUDGET:
        return failed(
            f"With {what} even the best α (about {best_alpha:.3g}) needs {best_steps} steps, more than "
            f"{BUDGET}: its condition number is {kappa:.3g}. Choose the scaling with the smallest condition "
            "number (section 7's table)."
        )
    long_run = QuadraticDescent(Xs, y).run(np.zeros(Xs.shape[1]), 0.0, alpha, 100_000)
    needs = (f"needs {long_run.stopped_at} steps" if long_run.converged
             else "does not converge in 100,000 steps")
    if alpha > best_alpha:
        return failed(
            f"With {what}, α = {alpha:g} is close to the largest stable α ({limit:.3g}): the weights zig-zag "
            f"across the valley and the run {needs}, more than {BUDGET}. Make α a little smaller."
        )
    return failed(
        f"With {what}, α = {alpha:g} is safe but too small: the run {needs}, more than {BUDGET}. Make α "
        f"larger (the largest stable α is {limit:.3g})."
    )
