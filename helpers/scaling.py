"""Feature scaling and polynomial features: Episodes 6 and 7.

Every scaling here has the form x' = (x − centre) / spread, computed per feature (per column)
from the training data alone and then applied, unchanged, to any new example. Pure NumPy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import as_real_array, check_features, check_num_iters

#: The scalings Episode 6 compares, by name.
SCALINGS = ("none", "max", "mean", "zscore")

_DESCRIBE = {
    "none": "no scaling",
    "max": "divide by the maximum",
    "mean": "mean normalisation",
    "zscore": "z-score",
}


@dataclass(frozen=True, eq=False)
class Scaler:
    """What to subtract from and divide each feature by: the training data's statistics, stored.

    Introduced in Episode 6. ``transform`` applies them to any X with the same columns;
    ``unscale`` turns weights learned on scaled features back into the original units.
    """

    kind: str
    centre: np.ndarray
    spread: np.ndarray

    @property
    def description(self) -> str:
        return _DESCRIBE[self.kind]

    def transform(self, x) -> np.ndarray:
        """Scale examples with the stored training statistics (never their own)."""
        X = _matrix(x, "X")
        if X.shape[1] != self.centre.size:
            raise ValueError(
                f"X has {X.shape[1]} feature columns but this scaler was fitted on {self.centre.size}; "
                "pass examples with the same features, in the same order."
            )
        return (X - self.centre) / self.spread

    def unscale(self, w, b) -> tuple[np.ndarray, float]:
        """(w, b) learned on scaled features, as weights on the original features.

        From w·(x − c)/s + b: each weight becomes w/s, and b becomes b − Σ w·c/s.
        """
        w = as_real_array(w, "w").reshape(-1)
        if w.size != self.centre.size:
            raise ValueError(f"w has {w.size} weights but the scaler has {self.centre.size} features.")
        w_original = w / self.spread
        return w_original, float(b - w_original @ self.centre)


def _matrix(x, name: str) -> np.ndarray:
    X = as_real_array(x, name)
    if X.ndim == 1:
        X = X[:, None]
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"{name} has shape {X.shape}; pass a 2-D array, one row per example.")
    if not np.all(np.isfinite(X)):
        raise ValueError(f"{name} holds NaN or inf; remove or fix those values first.")
    return X


def fit_scaler(X, kind: str = "zscore") -> Scaler:
    """Learn a scaling from training data X (m × n), one centre and one spread per column.

    ``"max"`` divides by the largest |value|; ``"mean"`` subtracts the mean and divides by the
    range (max − min); ``"zscore"`` subtracts the mean and divides by the standard deviation;
    ``"none"`` leaves X as it is. A feature with no spread is refused by name. Episode 6.
    """
    if kind not in SCALINGS:
        raise ValueError(f"kind is {kind!r}; pick one of {', '.join(map(repr, SCALINGS))}.")
    X = _matrix(X, "X")
    n = X.shape[1]
    if kind == "none":
        return Scaler(kind, np.zeros(n), np.ones(n))
    if kind == "max":
        centre, spread = np.zeros(n), np.abs(X).max(axis=0)
    elif kind == "mean":
        centre, spread = X.mean(axis=0), X.max(axis=0) - X.min(axis=0)
    else:
        centre, spread = X.mean(axis=0), X.std(axis=0)
    flat = np.flatnonzero(~(spread > 0))
    if flat.size:
        j = int(flat[0])
        raise ValueError(
            f"feature {j} (column {j} of X) has the same value, {X[0, j]:g}, in every example, so it "
            "cannot be scaled and tells the model nothing: drop that column."
        )
    return Scaler(kind, centre, spread)


def zscore_normalize(X) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(X_norm, mu, sigma): every column of X minus its mean, over its standard deviation. Episode 6."""
    scaler = fit_scaler(X, "zscore")
    return scaler.transform(X), scaler.centre.copy(), scaler.spread.copy()


def polynomial_features(x, degree) -> np.ndarray:
    """The columns x, x², …, x^degree of one feature x, as an (m × degree) matrix. Episode 7."""
    degree = check_num_iters(degree, "degree")
    if degree < 1:
        raise ValueError("degree is 0; pass 1 or more (1 gives the straight line).")
    if np.ndim(x) > 1:
        raise ValueError("x must be one feature (a 1-D array); polynomial features are built from it.")
    X, _, _ = check_features(x, np.zeros(np.size(x)))
    return X ** np.arange(1, degree + 1)
