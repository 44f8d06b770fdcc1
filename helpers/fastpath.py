"""Gradient descent on the squared-error cost in closed form: every iteration at once, no loop.

The cost J(w, b) of linear regression is quadratic, so one step is the linear map
p ← p − α·(H·p − g) with the constant Hessian H (``cost_hessian``) and g = (mean(x·y), mean(y)).
Written in the eigenvectors of H, the distance to the minimum shrinks (or grows) by the factor
(1 − α·λ) along each eigenvector at every step, so the k-th iterate is a power, computed for all
k in one vectorised expression. The live figures use this to redraw a 10,000-step run in well
under a millisecond; ``gradient_descent`` stays the reference that the tests compare it with.

Pure NumPy, like the rest of the math core.
"""

from __future__ import annotations

import numpy as np

from ._stopping import GRADIENT_TOL, STALL_SLOPE, STALL_TOL, divergence_limit, is_stalled, slope_is_flat
from ._validate import as_real, check_alpha, check_features, check_num_iters, check_tol
from .descent import gradient_descent_1d
from .linear import _weights, cost_hessian, least_squares
from .result import DescentResult


def _rotate(e: np.ndarray, Q: np.ndarray) -> np.ndarray:
    """Rows of eigen-coordinates back to parameter offsets, e @ Qᵀ (einsum: many rows, few columns
    is several times faster this way than as a matrix product here)."""
    return np.einsum("ij,kj->ik", e, Q)


#: A power per iteration is costly (``np.power``); instead, every power is one product of two:
#: ratio ** (first + POWER_STRIDE·i) times ratio ** j for j < POWER_STRIDE. Within two ulp.
POWER_STRIDE = 512


def powers(ratio: np.ndarray, first: int, count: int) -> np.ndarray:
    """Rows ratio ** k for k = first, first + 1, ..., first + count - 1."""
    within = ratio ** np.arange(POWER_STRIDE)[:, None]
    anchors = ratio ** (first + POWER_STRIDE * np.arange(-(-count // POWER_STRIDE)))[:, None]
    return (anchors[:, None, :] * within).reshape(-1, ratio.size)[:count]


def _a_minimum(X, y) -> np.ndarray:
    """A (w₁, …, wₙ, b) where J is lowest. When a feature is constant, a whole line of them fits
    equally well; any point of it serves the closed form, so take the one nearest the origin."""
    A = np.column_stack([X, np.ones(X.shape[0])])
    p, *_ = np.linalg.lstsq(A, y, rcond=None)
    try:
        w, b = least_squares(X, y)  # more precise where it exists (centred)
    except ValueError:
        return p
    return np.append(w, b)


class QuadraticDescent:
    """Linear-regression descent for one data set: the set-up is done once, each run is vectorised.

    ``run(w_in, b_in, alpha, num_iters)`` returns the same ``DescentResult`` as
    ``gradient_descent(x, y, w_in, b_in, alpha, num_iters)``: same stopping rules, same flags,
    the same history up to rounding.
    """

    def __init__(self, x, y):
        X, y, one = check_features(x, y)
        self.m, n = X.shape
        self.names = ("w", "b") if one else tuple(f"w{j + 1}" for j in range(n)) + ("b",)
        self.hessian = cost_hessian(X)
        self.g = np.append(X.T @ y, y.sum()) / self.m
        self.eigenvalues, self.eigenvectors = np.linalg.eigh(self.hessian)
        self.p_star = _a_minimum(X, y)
        errors = X @ self.p_star[:-1] + self.p_star[-1] - y
        self.J_star = float(errors @ errors / (2 * self.m))

    def cost(self, w, b):
        """J(w, b) for arrays of w and b, as J* + ½·(p − p*)ᵀ·H·(p − p*): exact near the minimum."""
        d = np.stack([np.asarray(w, float), np.asarray(b, float)], axis=-1) - self.p_star
        with np.errstate(all="ignore"):
            return self.J_star + 0.5 * np.einsum("...i,ij,...j->...", d, self.hessian, d)

    def gradient(self, w, b) -> tuple[np.ndarray, np.ndarray]:
        """(dJ/dw, dJ/db) = H·p − g, for numbers or arrays of w and b."""
        w, b = np.asarray(w, float), np.asarray(b, float)
        H, g = self.hessian, self.g
        with np.errstate(all="ignore"):
            return H[0, 0] * w + H[0, 1] * b - g[0], H[1, 0] * w + H[1, 1] * b - g[1]

    def run(self, w_in, b_in, alpha, num_iters, *, tol=GRADIENT_TOL) -> DescentResult:
        """All iterates of gradient descent from (w_in, b_in), cut where ``gradient_descent`` stops.

        The iterations are computed a block at a time, so a huge ``num_iters`` costs memory only
        for the steps the run really takes before it stops.
        """
        p0 = np.append(_weights(w_in, len(self.names) - 1, "w_in"), as_real(b_in, "b_in"))
        alpha = check_alpha(alpha)
        num_iters = check_num_iters(num_iters)
        tol = check_tol(tol)
        lam, Q = self.eigenvalues, self.eigenvectors
        e0 = Q.T @ (p0 - self.p_star)  # the start's offset from the minimum, in eigen-coordinates
        J0 = self.J_star + 0.5 * (e0 * e0) @ lam
        g0 = Q @ (lam * e0)
        g0_size = float(np.linalg.norm(g0))
        if slope_is_flat(g0_size, g0_size, J0, float(np.linalg.norm(p0)), tol):
            return self._result(p0, e0[None], 0, "converged", alpha, g0)
        ratio = 1.0 - alpha * lam  # what one step multiplies each eigen-coordinate by
        limit = divergence_limit(J0)
        blocks, done, block = [e0[None]], 0, self.BLOCK
        with np.errstate(all="ignore"):
            while done < num_iters:
                count = min(done + block, num_iters) - done
                block = min(2 * block, self.MAX_BLOCK)
                e = np.where(e0 == 0.0, 0.0, powers(ratio, done + 1, count) * e0)
                stop = self._first_stop(np.concatenate([blocks[-1][-1:], e]), g0_size, limit, alpha, tol)
                if stop is not None:
                    index, outcome = stop
                    keep = index if outcome == "blew_up" else index + 1
                    blocks.append(e[:keep])
                    outcome = "diverged" if outcome == "blew_up" else outcome
                    return self._result(p0, np.concatenate(blocks), done + index + 1, outcome, alpha, g0)
                blocks.append(e)
                done += count
        return self._result(p0, np.concatenate(blocks), num_iters, "out_of_steps", alpha, g0)

    #: How many iterations the first block computes at once; each next block is twice as long, up
    #: to ``MAX_BLOCK``, so short runs stay cheap and long ones pay little per block.
    BLOCK = 512
    MAX_BLOCK = 1 << 18

    def _first_stop(self, e, g0_size, limit, alpha, tol):
        """(index of the first step in ``e[1:]`` that ends the run, outcome), or None.

        ``e`` holds the eigen-coordinates of the point before the block, then the block's points.
        The outcome "blew_up" marks a step that left the finite numbers and is not kept.
        """
        lam, Q = self.eigenvalues, self.eigenvectors
        e_new = e[1:]
        squares = e_new * e_new
        J = self.J_star + 0.5 * (squares @ lam)
        slope_size = np.sqrt(squares @ (lam * lam))  # |H·(p − p*)|, as Q keeps lengths
        # A coordinate that is infinite or NaN makes J infinite or NaN too (whatever the sign of λ).
        blew_up = ~np.isfinite(J)
        big = (np.abs(J) > limit) | ~np.isfinite(slope_size)
        # The parameters themselves are needed only where a rule that reads them could fire: the
        # slope is flat by the second clause of slope_is_flat, or steep enough for a stall.
        flat = np.zeros(len(J), dtype=bool) if tol == 0 else slope_size <= tol * g0_size
        maybe_flat = slope_size <= STALL_TOL * (1.0 + np.abs(J)) if tol else slope_size == 0
        maybe_stalled = slope_size >= STALL_SLOPE * g0_size if tol else flat
        tiny = np.zeros(len(J), dtype=bool)
        for mask, rule in ((maybe_flat & ~flat, "flat"), (maybe_stalled, "stalled")):
            rows = np.flatnonzero(mask)
            if rows.size == 0:
                continue
            p = self.p_star + _rotate(e_new[rows], Q)
            if rule == "flat":
                flat[rows] = slope_is_flat(slope_size[rows], g0_size, J[rows], np.linalg.norm(p, axis=1), tol)
            else:
                dp = _rotate(-alpha * lam * e[rows], Q)  # the step into each of these rows, taken directly
                tiny[rows] = is_stalled(dp, p - dp, slope_size[rows], g0_size, tol)
        for index in np.flatnonzero(blew_up | big | flat | tiny)[:1]:
            rules = (("blew_up", blew_up), ("diverged", big), ("converged", flat), ("stalled", tiny))
            for name, mask in rules:
                if mask[index]:
                    return int(index), name
        return None

    def _result(self, p0, e, stopped_at, outcome, alpha, g0) -> DescentResult:
        lam, Q = self.eigenvalues, self.eigenvectors
        with np.errstate(all="ignore"):
            p = self.p_star + _rotate(e, Q)
            J = self.J_star + 0.5 * (e * e) @ lam
            g = Q @ (lam * e[-1])
        # Row 0 is the start exactly, as the step-by-step loop stores it (not p* + Q·e₀, which
        # can differ in the last digit).
        p[0] = p0
        return DescentResult(p, J, outcome, stopped_at, alpha, g, g0, self.names)


def gradient_descent_closed_form(x, y, w_in, b_in, alpha, num_iters, *, tol=GRADIENT_TOL) -> DescentResult:
    """``gradient_descent`` computed in closed form, vectorised over the iterations."""
    return QuadraticDescent(x, y).run(w_in, b_in, alpha, num_iters, tol=tol)


#: The core's 1-D descent already runs on plain floats; the name is kept for the live figures.
gradient_descent_1d_fast = gradient_descent_1d
