"""Gradient descent for linear regression, and for any cost of one parameter.

Pure NumPy: no plotting, no printing, no module state. Every function returns its results;
nothing reads a global learning rate or a hidden starting point.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._validate import as_real, check_alpha, check_data, check_num_iters

#: Descent stops as converged once no parameter moves by more than this, relative to its size:
#: ``|new - old| <= CONVERGENCE_TOL * (1 + |old|)`` for every parameter.
CONVERGENCE_TOL = 1e-9

#: Descent stops as diverged once the cost or a parameter is no longer a finite number, or once
#: the cost has grown to more than this many times the starting cost (at least 1.0 is assumed
#: for the start, so a start at J = 0 is still judged sensibly).
DIVERGENCE_FACTOR = 1e6


@dataclass(frozen=True, eq=False)
class DescentResult:
    """Everything one run of gradient descent produced.

    ``p_history[k]`` holds the parameters after ``k`` iterations (row 0 is the start) and
    ``J_history[k]`` the cost there, so both have ``iterations + 1`` rows. A diverged run keeps
    only the finite points: nothing in the history is ever NaN or inf.
    """

    p_history: np.ndarray
    J_history: np.ndarray
    converged: bool
    diverged: bool
    stopped_at: int
    alpha: float
    names: tuple[str, ...] = ("w", "b")

    @property
    def iterations(self) -> int:
        """How many finite steps are in the history."""
        return len(self.J_history) - 1

    @property
    def w(self) -> float:
        """The last finite w."""
        return float(self.p_history[-1, 0])

    @property
    def b(self) -> float | None:
        """The last finite b (None for a one-parameter cost)."""
        return float(self.p_history[-1, 1]) if self.p_history.shape[1] > 1 else None

    @property
    def w_history(self) -> np.ndarray:
        return self.p_history[:, 0]

    @property
    def b_history(self) -> np.ndarray | None:
        return self.p_history[:, 1] if self.p_history.shape[1] > 1 else None

    @property
    def J(self) -> float:
        """The cost at the last finite point."""
        return float(self.J_history[-1])

    @property
    def status(self) -> str:
        """One line for a learner: how the run ended."""
        if self.diverged:
            return f"diverged at step {self.stopped_at}: the cost blew up, so lower alpha"
        if self.converged:
            return f"converged after {self.stopped_at} steps"
        return f"stopped after {self.stopped_at} steps, not yet converged"

    def __repr__(self) -> str:
        values = ", ".join(f"{n}={v:.6g}" for n, v in zip(self.names, self.p_history[-1], strict=True))
        return f"DescentResult({values}, J={self.J:.6g}, {self.status})"


def step(w, dj_dw, alpha):
    """One gradient descent update, ``w - alpha * dj_dw``, for numbers or arrays.

    Introduced in Episode 1.
    """
    return w - alpha * dj_dw


def predict(x, w, b):
    """The linear model f(x) = w·x + b, for one x or an array of them. Introduced in Episode 5."""
    return w * np.asarray(x, dtype=float) + b


def compute_cost(x, y, w, b) -> float:
    """Squared-error cost J(w, b) = (1/2m) Σ (w·xᵢ + b − yᵢ)². Introduced in Episode 5."""
    x, y = check_data(x, y)
    w, b = as_real(w, "w"), as_real(b, "b")
    errors = w * x + b - y
    return float(errors @ errors / (2 * x.size))


def compute_gradient(x, y, w, b) -> tuple[float, float]:
    """The partial derivatives (dJ/dw, dJ/db) of the squared-error cost. Introduced in Episode 5."""
    x, y = check_data(x, y)
    w, b = as_real(w, "w"), as_real(b, "b")
    errors = w * x + b - y
    dj_dw = float(errors @ x / x.size)
    dj_db = float(errors.sum() / x.size)
    return dj_dw, dj_db


def cost_grid(x, y, w_values, b_values) -> np.ndarray:
    """J(w, b) at every pair of a grid: ``w_values`` and ``b_values`` broadcast against each other.

    Uses the sums Σx, Σx², Σy, Σxy, Σy² once, so the price of a grid does not depend on the
    number of data points and there is no loop over grid cells.
    """
    x, y = check_data(x, y)
    w = np.asarray(w_values, dtype=float)
    b = np.asarray(b_values, dtype=float)
    m = x.size
    sx, sxx, sy, sxy, syy = x.sum(), x @ x, y.sum(), x @ y, y @ y
    total = w * w * sxx + 2 * w * b * sx + m * b * b - 2 * w * sxy - 2 * b * sy + syy
    return np.maximum(total, 0.0) / (2 * m)


def least_squares(x, y) -> tuple[float, float]:
    """The (w, b) that minimise the squared-error cost exactly, from the normal equations."""
    x, y = check_data(x, y)
    design = np.column_stack([x, np.ones_like(x)])
    (w, b), *_ = np.linalg.lstsq(design, y, rcond=None)
    return float(w), float(b)


def cost_hessian(x) -> np.ndarray:
    """The constant 2×2 matrix of second derivatives of J(w, b) for inputs ``x``."""
    x, _ = check_data(x, np.zeros_like(np.asarray(x, dtype=float)))
    m = x.size
    return np.array([[x @ x, x.sum()], [x.sum(), m]]) / m


def max_stable_alpha(x) -> float:
    """The learning rate above which descent on this data diverges: 2 / largest Hessian eigenvalue.

    Below it every step lowers the cost; at exactly this α the slowest direction oscillates
    forever; above it the cost grows without bound. Introduced in Episode 5.
    """
    largest = float(np.linalg.eigvalsh(cost_hessian(x))[-1])
    return 2.0 / largest


def _run(cost, gradient, p_in, alpha, num_iters, tol, names) -> DescentResult:
    """The descent loop shared by every cost: simultaneous update, early stop, no warnings."""
    p = np.array(p_in, dtype=float)
    with np.errstate(all="ignore"):
        J = float(cost(p))
    if not np.isfinite(J):
        raise ValueError(
            f"the cost at the start {dict(zip(names, p.tolist(), strict=True))} is {J}; pick another start."
        )
    limit = DIVERGENCE_FACTOR * max(abs(J), 1.0)
    p_rows, J_rows = [p], [J]
    converged = diverged = False
    stopped_at = 0
    for k in range(1, num_iters + 1):
        stopped_at = k
        try:
            with np.errstate(all="ignore"):
                # Every derivative is taken at the old point before any parameter moves.
                p_new = step(p, np.asarray(gradient(p), dtype=float), alpha)
                J = float(cost(p_new))
        except (OverflowError, FloatingPointError):
            diverged = True
            break
        if not (np.isfinite(J) and np.all(np.isfinite(p_new))):
            diverged = True
            break
        p_rows.append(p_new)
        J_rows.append(J)
        if abs(J) > limit:
            diverged = True
            break
        if np.all(np.abs(p_new - p) <= tol * (1.0 + np.abs(p))):
            converged = True
            break
        p = p_new
    return DescentResult(
        p_history=np.array(p_rows),
        J_history=np.array(J_rows),
        converged=converged,
        diverged=diverged,
        stopped_at=stopped_at,
        alpha=alpha,
        names=names,
    )


def gradient_descent(x, y, w_in, b_in, alpha, num_iters, *, tol=CONVERGENCE_TOL) -> DescentResult:
    """Fit f(x) = w·x + b by gradient descent on the squared-error cost. Introduced in Episode 5.

    w and b are updated simultaneously from derivatives taken at the same point. The run stops
    early once it converges (see ``CONVERGENCE_TOL``) or diverges (see ``DIVERGENCE_FACTOR``).
    """
    x, y = check_data(x, y)
    p_in = (as_real(w_in, "w_in"), as_real(b_in, "b_in"))
    alpha = check_alpha(alpha)
    num_iters = check_num_iters(num_iters)
    m = x.size

    def cost(p):
        errors = p[0] * x + p[1] - y
        return errors @ errors / (2 * m)

    def gradient(p):
        errors = p[0] * x + p[1] - y
        return np.array([errors @ x, errors.sum()]) / m

    return _run(cost, gradient, p_in, alpha, num_iters, tol, ("w", "b"))


def gradient_descent_1d(
    J: Callable, dJ_dw: Callable, w_in, alpha, num_iters, *, tol=CONVERGENCE_TOL
) -> DescentResult:
    """Gradient descent on any differentiable cost J(w) of one parameter. Introduced in Episode 1.

    ``J`` and ``dJ_dw`` take w and return numbers. The result has the same shape and flags as
    ``gradient_descent``; its ``b`` is None.
    """
    if not (callable(J) and callable(dJ_dw)):
        raise TypeError("J and dJ_dw must be functions of w, e.g. J=lambda w: (w - 3) ** 2.")
    w_in = as_real(w_in, "w_in")
    alpha = check_alpha(alpha)
    num_iters = check_num_iters(num_iters)
    return _run(lambda p: J(p[0]), lambda p: [dJ_dw(p[0])], (w_in,), alpha, num_iters, tol, ("w",))


def descend_many(dJ_dw: Callable, w_starts, alpha, num_iters) -> tuple[np.ndarray, np.ndarray]:
    """Run 1-D descent from many starts at once, with one array operation per iteration.

    Returns ``(w_final, diverged)``: where a run left the finite numbers, ``diverged`` is True
    and its ``w_final`` is NaN. ``dJ_dw`` must accept arrays. Introduced in Episode 4.
    """
    w = np.array(w_starts, dtype=float, ndmin=1)
    if w.size == 0 or not np.all(np.isfinite(w)):
        raise ValueError("w_starts must hold at least one start, all finite numbers.")
    alpha = check_alpha(alpha)
    num_iters = check_num_iters(num_iters)
    diverged = np.zeros(w.shape, dtype=bool)
    with np.errstate(all="ignore"):
        for _ in range(num_iters):
            w = step(w, dJ_dw(w), alpha)
            bad = ~np.isfinite(w)
            if bad.any():
                diverged |= bad
                w[bad] = np.nan
    return w, diverged
