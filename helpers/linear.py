"""The linear model f(x) = w·x + b and its squared-error cost, for one feature or many.

``x`` is either a 1-D array (one feature: ``w`` is a number, as in Episode 5) or a matrix ``X`` of
shape (m, n), one row per example and one column per feature (``w`` is an array of n weights, as
in Episode 6). Everything is whole-array NumPy: no Python loop over examples or features.

Pure NumPy: no plotting, no printing, no module state.
"""

from __future__ import annotations

import numpy as np

from ._stopping import GRADIENT_TOL, divergence_limit, is_stalled, slope_is_flat
from ._validate import (
    as_real,
    as_real_array,
    check_alpha,
    check_features,
    check_num_iters,
    check_tol,
    finite_or_raise,
)
from .result import DescentResult, History

SCALE_FIX = "scale the features first (for example divide each by its largest value), or use smaller numbers."


def _weights(w, n: int, name: str = "w") -> np.ndarray:
    """``w`` as an array of ``n`` finite weights (a plain number is allowed for one feature)."""
    if n == 1 and np.ndim(w) == 0:
        return np.array([as_real(w, name)])
    arr = as_real_array(w, name)
    if arr.shape != (n,):
        raise ValueError(
            f"{name} has shape {arr.shape} but X has {n} feature column{'s' if n > 1 else ''}; "
            f"pass one weight per feature, an array of length {n}."
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} holds {arr[~np.isfinite(arr)][0]}; pass finite numbers.")
    return arr


def _shaped(w: np.ndarray, one_feature: bool):
    """A weight vector as the caller gave it: a number for one feature, else an array."""
    return float(w[0]) if one_feature else w


def predict(x, w, b):
    """The model's predictions f(x) = w·x + b for every example. Introduced in Episode 5.

    For a matrix X (m × n) and n weights this is X @ w + b (Episode 6).
    """
    arr = as_real_array(x, "x")
    if arr.ndim <= 1:
        return as_real(w, "w") * arr + as_real(b, "b")
    return arr @ _weights(w, arr.shape[1]) + as_real(b, "b")


def _errors(X, y, w, b) -> np.ndarray:
    """The prediction errors f(xᵢ) − yᵢ, refused with a message if they overflow."""
    with np.errstate(all="ignore"):
        errors = X @ w + b - y
    return finite_or_raise(errors, "the predictions w·x + b", SCALE_FIX)


def compute_cost(x, y, w, b) -> float:
    """Squared-error cost J(w, b) = (1/2m) Σ (f(xᵢ) − yᵢ)². Introduced in Episode 5.

    ``x`` may be one feature (1-D, w a number) or a matrix X (m × n, w an array of n weights).
    """
    X, y, _ = check_features(x, y)
    errors = _errors(X, y, _weights(w, X.shape[1]), as_real(b, "b"))
    with np.errstate(all="ignore"):
        cost = errors @ errors / (2 * X.shape[0])
    return float(finite_or_raise(cost, "the cost J(w, b)", SCALE_FIX))


def compute_gradient(x, y, w, b):
    """The partial derivatives (dj_dw, dj_db) of the squared-error cost. Introduced in Episode 5.

    dj_dw = (1/m) Xᵀ(Xw + b − y) and dj_db = (1/m) Σ (Xw + b − y); for one feature dj_dw is a
    number, for n features an array of n (Episode 6).
    """
    X, y, one = check_features(x, y)
    errors = _errors(X, y, _weights(w, X.shape[1]), as_real(b, "b"))
    with np.errstate(all="ignore"):
        gradient = np.append(errors @ X, errors.sum()) / X.shape[0]
    gradient = finite_or_raise(gradient, "the gradient (dj_dw, dj_db)", SCALE_FIX)
    return _shaped(gradient[:-1], one), float(gradient[-1])


def cost_hessian(x) -> np.ndarray:
    """The constant matrix of second derivatives of J over (w₁, …, wₙ, b) for inputs x."""
    X, _, _ = check_features(x, np.zeros(np.shape(x)[0] if np.ndim(x) else 1))
    A = np.column_stack([X, np.ones(X.shape[0])])
    with np.errstate(all="ignore"):
        hessian = A.T @ A / X.shape[0]
    return finite_or_raise(hessian, "the curvature (Hessian) of J", SCALE_FIX)


def curvatures(x) -> np.ndarray:
    """The curvatures of J along its principal directions (the Hessian's eigenvalues), smallest first.

    J is a bowl; these say how steep its walls are, direction by direction. Introduced in Episode 4.
    """
    return np.linalg.eigvalsh(cost_hessian(x))


def max_stable_alpha(x) -> float:
    """The learning rate above which descent on this data diverges: 2 / the largest curvature.

    Below it every step lowers the cost; at exactly this α the steepest direction oscillates
    forever; above it the cost grows without bound. Introduced in Episode 5.
    """
    return 2.0 / float(curvatures(x)[-1])


def condition_number(x) -> float:
    """Largest over smallest curvature of J: 1 for a round bowl, large for a long narrow valley.

    Descent needs roughly this many steps per tenfold gain in accuracy. Introduced in Episode 6.
    """
    c = curvatures(x)
    return float(c[-1] / c[0]) if c[0] > 0 else float("inf")


def least_squares(x, y):
    """The (w, b) that minimise the squared-error cost exactly.

    Solved with every feature centred on its mean, so large, nearly equal values (say 10¹⁵ + 1,
    10¹⁵ + 2, …) lose no precision: w solves the centred least-squares problem, b = ȳ − w·x̄.
    """
    X, y, one = check_features(x, y)
    with np.errstate(all="ignore"):
        x_mean, y_mean = X.mean(axis=0), y.mean()
        Xc = X - x_mean
        w, _, rank, _ = np.linalg.lstsq(Xc, y - y_mean, rcond=None)
        b = y_mean - x_mean @ w
    if rank < X.shape[1]:
        what = "every x is the same" if one else "a feature is constant or a mix of the others"
        raise ValueError(
            f"{what}, so no single best fit exists: many (w, b) fit equally well. "
            "Add examples that differ, or drop the redundant feature."
        )
    finite_or_raise(np.append(w, b), "the least-squares fit", SCALE_FIX)
    return _shaped(w, one), float(b)


def _cost_and_gradient(X, y, p) -> tuple[float, np.ndarray]:
    """The cost and its gradient [dj_dw..., dj_db] at p = (w₁, …, wₙ, b)."""
    m = X.shape[0]
    errors = X @ p[:-1] + p[-1] - y
    return float(errors @ errors / (2 * m)), np.append(errors @ X, errors.sum()) / m


def _start_is_finite_or_raise(J, g, p, names) -> None:
    """A clear error if the cost or its slope at the start p overflowed."""
    if not (np.isfinite(J) and np.all(np.isfinite(g))):
        start = ", ".join(f"{name}={value:g}" for name, value in zip(names, p, strict=True))
        raise ValueError(f"the cost at the start ({start}) overflowed; {SCALE_FIX}")


def _stop_after_step(p, p_new, J_new, g_new, g0_size, limit, tol) -> str | None:
    """Why the run ends at p_new, a finite point one step from p ("diverged", "converged" or
    "stalled"), or None if it goes on. ``g_new`` is the gradient at p_new."""
    g_size = float(np.linalg.norm(g_new))
    if abs(J_new) > limit or not np.isfinite(g_size):
        return "diverged"
    if slope_is_flat(g_size, g0_size, J_new, float(np.linalg.norm(p_new)), tol):
        return "converged"
    if is_stalled(p_new - p, p, g_size, g0_size, tol):
        return "stalled"
    return None


def gradient_descent(x, y, w_in, b_in, alpha, num_iters, *, tol=GRADIENT_TOL) -> DescentResult:
    """Fit f(x) = w·x + b by gradient descent on the squared-error cost. Introduced in Episode 5.

    Every weight and b are updated simultaneously from derivatives taken at the same point. The
    run stops early once it converges, diverges or stalls (see ``helpers._stopping``); ``tol`` is
    the fraction of the starting slope below which it counts as converged (0: run every step).
    With a matrix X (m × n), ``w_in`` holds n weights (Episode 6).
    """
    X, y, one = check_features(x, y)
    n = X.shape[1]
    p = np.append(_weights(w_in, n, "w_in"), as_real(b_in, "b_in"))
    alpha, num_iters, tol = check_alpha(alpha), check_num_iters(num_iters), check_tol(tol)
    names = ("w", "b") if one else tuple(f"w{j + 1}" for j in range(n)) + ("b",)
    with np.errstate(all="ignore"):
        J, g = _cost_and_gradient(X, y, p)
    _start_is_finite_or_raise(J, g, p, names)
    g0, g0_size = g, float(np.linalg.norm(g))
    limit, history, outcome, stopped_at = divergence_limit(J), History(p, J, num_iters), "out_of_steps", 0
    if slope_is_flat(g0_size, g0_size, J, float(np.linalg.norm(p)), tol):
        outcome, num_iters = "converged", 0
    for k in range(1, num_iters + 1):
        stopped_at = k
        p_new = p - alpha * g  # every derivative was taken at the old point: a simultaneous update
        with np.errstate(all="ignore"):
            J_new, g_new = _cost_and_gradient(X, y, p_new)
        if not (np.isfinite(J_new) and np.all(np.isfinite(p_new))):
            outcome = "diverged"
            break
        history.add(p_new, J_new)
        stop = _stop_after_step(p, p_new, J_new, g_new, g0_size, limit, tol)
        p, g = p_new, g_new
        if stop is not None:
            outcome = stop
            break
    p_history, J_history = history.arrays()
    return DescentResult(p_history, J_history, outcome, stopped_at, alpha, np.array(g), np.array(g0), names)
