"""The runs of the optimizer explorer, cheap enough to redo on every slider move (Episode 8).

The same steps as ``helpers.optimizers.descend`` (same batches from the same seed, same updates,
same stop rule), for one feature: the cost is J(p) = ½·pᵀGp − hᵀp + c with p = (w, b), and the
gradient on a batch B is G_B·p − h_B. The sums of every batch of every epoch are made at once
(``np.add.reduceat``) and kept per batch size; a step then is a few float operations on w and b,
so 200 steps of one method take well under a millisecond. The stop rule is applied to the whole
path at once, exactly as ``descend`` applies it to each epoch.
"""

from __future__ import annotations

import math

import numpy as np

from .._stopping import GRADIENT_TOL, divergence_limit, slope_is_flat
from .._validate import check_features
from ..result import DescentResult

#: Adam's second average and its guard against dividing by zero, as in ``helpers.optimizers``.
BETA2, EPS = 0.999, 1e-8


class Landscape:
    """The cost of a line through (x, y), and the batch sums its mini-batch runs step through."""

    def __init__(self, x, y, *, seed: int = 0):
        X, y, one = check_features(x, y)
        if not one:
            raise ValueError("the optimizer explorer draws J(w, b) of one feature: pass x as a 1-D array.")
        self.x, self.y, self.m, self.seed = X[:, 0], y, y.size, seed
        G, h = self._sums(self.x, self.y, np.zeros(1, dtype=np.intp))
        self.G, self.h = G[0], h[0]
        self.c = float(y @ y / (2 * self.m))
        self.p_star = np.linalg.lstsq(self.G, self.h, rcond=None)[0]
        self._batches: dict = {}

    @staticmethod
    def _sums(x, y, starts):
        """G_B and h_B of the batches that begin at ``starts`` (the rows of x, y in batch order)."""
        sizes = np.diff(np.append(starts, x.size)).astype(float)
        sx, sxx = np.add.reduceat(x, starts), np.add.reduceat(x * x, starts)
        G = np.empty((starts.size, 2, 2))
        G[:, 0, 0], G[:, 0, 1], G[:, 1, 0] = sxx / sizes, sx / sizes, sx / sizes
        G[:, 1, 1] = np.add.reduceat(np.ones(x.size), starts) / sizes
        h = np.column_stack([np.add.reduceat(x * y, starts), np.add.reduceat(y, starts)]) / sizes[:, None]
        return G, h

    def costs(self, P) -> np.ndarray:
        """The cost on all the data at every row (w, b) of P."""
        return 0.5 * np.einsum("ki,ij,kj->k", P, self.G, P) - P @ self.h + self.c

    def gradients(self, P) -> np.ndarray:
        return P @ self.G - self.h

    def batch_steps(self, batch_size: int, steps: int) -> tuple[list, ...]:
        """(G₀₀, G₀₁, G₁₁, h₀, h₁) of the batch each of ``steps`` steps uses, as lists of floats.

        Epoch after epoch from one generator seeded with ``seed``, as ``descend`` draws them;
        kept per batch size and extended when more steps are asked for.
        """
        kept = self._batches.get(batch_size)
        if kept is not None and len(kept[0]) >= steps:
            return kept
        per_epoch = -(-self.m // batch_size)
        epochs = max(1, -(-steps // per_epoch))
        rng = np.random.default_rng(self.seed)
        order = np.concatenate([rng.permutation(self.m) for _ in range(epochs)])
        starts = (np.arange(epochs)[:, None] * self.m + np.arange(0, self.m, batch_size)).ravel()
        G, h = self._sums(self.x[order], self.y[order], starts)
        kept = (G[:, 0, 0].tolist(), G[:, 0, 1].tolist(), G[:, 1, 1].tolist(),
                h[:, 0].tolist(), h[:, 1].tolist())
        self._batches[batch_size] = kept
        return kept

    def path(self, method: str, start, alpha: float, beta: float, batch_size: int, steps: int) -> np.ndarray:
        """(w, b) at the start and after each of ``steps`` steps: shape (steps + 1, 2); rows after the
        numbers overflow are NaN."""
        if batch_size >= self.m:
            (g00, g01), (_, g11) = self.G.tolist()
            h0, h1 = self.h.tolist()
            sums = ([g00] * steps, [g01] * steps, [g11] * steps, [h0] * steps, [h1] * steps)
        else:
            sums = self.batch_steps(batch_size, steps)
        rows = _walk(method, float(start[0]), float(start[1]), alpha, beta, sums, steps)
        P = np.full((steps + 1, 2), np.nan)
        P[0] = start
        if rows:
            P[1 : len(rows) + 1] = rows
        return P

    def result(self, P: np.ndarray, alpha: float, steps: int, tol: float = GRADIENT_TOL) -> DescentResult:
        """The ``DescentResult`` of the first ``steps`` steps of the path P, by ``descend``'s stop rule."""
        P = P[: steps + 1]
        J = self.costs(P)
        g0 = self.gradients(P[:1])[0]
        with np.errstate(all="ignore"):
            finite = np.isfinite(J) & np.isfinite(P).all(axis=1)
            slopes = np.linalg.norm(self.gradients(P[1:]), axis=1)
            flat = finite[1:] & slope_is_flat(slopes, float(np.linalg.norm(g0)), J[1:],
                                              np.linalg.norm(P[1:], axis=1), tol)
            stops = np.flatnonzero(~finite[1:] | (J[1:] > divergence_limit(float(J[0]))) | flat)
        outcome, last, stopped_at = "out_of_steps", steps, steps
        if stops.size:
            s = int(stops[0])
            outcome = "converged" if flat[s] else "diverged"
            last, stopped_at = (s + 1 if finite[s + 1] else s), s + 1
        kept = P[: last + 1]
        return DescentResult(kept, J[: last + 1], outcome, stopped_at, alpha,
                             self.gradients(kept[-1:])[0], g0, ("w", "b"))


def _walk(method, w, b, alpha, beta, sums, steps) -> list:
    """The float loop: each step's (w, b), stopping once the numbers overflow."""
    g00, g01, g11, h0, h1 = sums
    rows = []
    vw = vb = sw = sb = 0.0
    for k in range(steps):
        gw = g00[k] * w + g01[k] * b - h0[k]
        gb = g01[k] * w + g11[k] * b - h1[k]
        if method == "gd":
            w, b = w - alpha * gw, b - alpha * gb
        elif method == "momentum":
            vw, vb = beta * vw + gw, beta * vb + gb
            w, b = w - alpha * vw, b - alpha * vb
        else:
            vw, vb = beta * vw + (1 - beta) * gw, beta * vb + (1 - beta) * gb
            sw, sb = BETA2 * sw + (1 - BETA2) * gw * gw, BETA2 * sb + (1 - BETA2) * gb * gb
            bias1, bias2 = 1 - beta ** (k + 1), 1 - BETA2 ** (k + 1)
            w = w - alpha * (vw / bias1) / (math.sqrt(sw / bias2) + EPS)
            b = b - alpha * (vb / bias1) / (math.sqrt(sb / bias2) + EPS)
        rows.append((w, b))
        if not (math.isfinite(w) and math.isfinite(b)):
            break
    return rows
