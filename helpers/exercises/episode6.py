"""Checks for Episode 6, many features and feature scaling.

Exercise 6.1 the gradient for a matrix X (checked against finite differences of the cost),
Exercise 6.2 z-scoring the training houses and new houses with the training statistics (and
leaving the prices alone), Exercise 6.3 a scaling and an α that converge within 150 steps. Each
message names the typical mistake it saw: sums for averages, m and n confused, statistics over the
wrong axis or from the wrong data, the sample standard deviation, a zero spread, a scaled target,
an α that is unsafe for the chosen scaling, a scaling no α can rescue.

This module holds the checks; the references, cases and typical mistakes of Exercises 6.1 and 6.2
are in ``episode6_mistakes``, and the part-by-part comparison of several arrays (``check_parts``,
``learner_parts``) in ``_parts``. All are importable from here as before.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from .._stopping import GRADIENT_TOL
from ..fastpath import QuadraticDescent
from ..linear import compute_gradient as _package_gradient
from ..linear import condition_number, gradient_descent, max_stable_alpha
from ..scaling import SCALINGS, fit_scaler
from . import CheckResult, exercise, failed, passed, stop
from ._answers import _explain_failed_call
from ._feedback import short, unset
from ._package_use import package_function_used
from ._parts import check_parts, learner_parts
from ._running import TIME_LIMIT, accepts, call_learner
from .episode3 import read_alpha, stalled_message
from .episode6_mistakes import (
    GRADIENT_MISTAKES,
    SCALING_MISTAKES,
    _gradient_cases,
    _houses,
    _numeric_gradient,
    _scaling_cases,
    _zero_spread_case,
    _zscore,
)

# ---------------------------------------------------------------- Exercise 6.1: the gradient for X

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
    limit = TIME_LIMIT if time_limit is None else time_limit
    if callable(compute_gradient_matrix) and accepts(compute_gradient_matrix, 4):
        used, call = package_function_used(compute_gradient_matrix, cases, (_package_gradient,),
                                           ("X", "y", "w", "b"), time_limit=limit)
        if used is None and call is not None:  # it ran out of time: said now, not after a second wait
            stop(_explain_failed_call(call, compute_gradient_matrix, "compute_gradient_matrix",
                                      ("X", "y", "w", "b"), ()))
        if used is not None:
            stop("compute_gradient_matrix calls helpers.compute_gradient, the package's answer: write the "
                 "two derivatives yourself, with the errors e = X @ w + b − y, dj_dw = (1/m) Xᵀe and dj_db = "
                 "the mean of e.")
    if callable(compute_gradient_matrix):
        # A product in the wrong order fails on a non-square X with NumPy's words: say it in ours.
        call = call_learner(compute_gradient_matrix, cases[2], ("X", "y", "w", "b"), time_limit=limit)
        if call.timed_out:  # said now, not after a second wait on the cases
            stop(_explain_failed_call(call, compute_gradient_matrix, "compute_gradient_matrix",
                                      ("X", "y", "w", "b"), ()))
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


def _zero_spread_message(name: str) -> str:
    return (
        f"{name} returned nan or inf for a feature that has the same value in every training house: its "
        "standard deviation is 0, and dividing by 0 gives nan. Such a feature carries no information; scale "
        "it to 0 by dividing by 1 instead: sigma = np.where(sigma == 0, 1, sigma)."
    )


def _reject_tiny_spread(answer, case) -> None:
    """Stop with a hint if a constant feature was divided by 0 or a tiny number (σ + ε, σ floored at ε,
    np.nan_to_num afterwards), or set to 0 for the new houses too."""
    X_train, _, X_new = case
    constant = X_train.std(axis=0) == 0
    offset = X_new[:, constant] - X_train[0, constant]  # what dividing by 1 gives for the new houses
    scaled_new = answer[2]
    if scaled_new.shape != X_new.shape or not np.any(offset):
        return
    got = scaled_new[:, constant][offset != 0]
    differs = offset[offset != 0]
    if np.all(np.abs(got) > 1e3 * np.abs(differs)):
        stop(
            f"scale_houses gave a new house a z-score of {got[0]:.3g} on a feature that is constant in the "
            f"training houses (the new house differs from that value by {differs[0]:g}). Dividing such a "
            "feature by 0 or by a tiny number (sigma plus a small number, a floor, or np.nan_to_num "
            "afterwards) keeps the training column finite, but a new house that differs gets a huge z-score. "
            "Divide such a feature by 1 instead: sigma = np.where(sigma == 0, 1, sigma)."
        )
    if np.all(got == 0):
        stop(
            "scale_houses set the constant feature to 0 for the new houses too. Divide it by 1 instead (as "
            "scikit-learn's StandardScaler does): the training houses then get 0, and a new house keeps its "
            f"difference from the training value (here {differs[0]:g}): "
            "sigma = np.where(sigma == 0, 1, sigma)."
        )


@exercise("6.2")
def check_scale_houses(scale_houses, *, time_limit: float | None = None) -> CheckResult:
    """Exercise 6.2: ``scale_houses(X_train, y_train, X_new)`` z-scores both with the training statistics.

    It returns (X_train_scaled, y_for_descent, X_new_scaled); a feature with no spread is scaled to 0.
    """
    checked = dict(name="scale_houses", params=("X_train", "y_train", "X_new"), parts=PARTS,
                   returns="three arrays, as return X_train_scaled, y_for_descent, X_new_scaled",
                   time_limit=time_limit)
    # z-scores are of order 1: an answer computed in float32 is right to about 1e-7.
    check_parts(scale_houses, _zscore, _scaling_cases(), mistakes=SCALING_MISTAKES, rel=1e-6, abs_=1e-6,
                **checked)
    # Only now the case with a constant feature: every mistake above would also give nan there.
    answer = learner_parts(scale_houses, _zero_spread_case(), **checked)
    if not all(np.all(np.isfinite(part)) for part in answer):
        stop(_zero_spread_message("scale_houses"))
    _reject_tiny_spread(answer, _zero_spread_case())
    check_parts(scale_houses, _zscore, [_zero_spread_case()], rel=1e-6, abs_=1e-6, **checked)
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
            f"{BUDGET}: the slope is close to 0 in every direction."
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
    return _too_slow(kind, what, alpha, limit, kappa)


def _too_slow(kind: str, what: str, alpha: float, limit: float, kappa: float) -> CheckResult:
    """Exercise 6.3's verdict on a safe α that does not converge within the budget: what to change."""
    Xs, y = _scaled_houses(kind)
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
