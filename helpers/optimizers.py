"""Faster descents for linear regression: mini-batches, momentum and Adam. Episode 8.

Conventions used everywhere in the course:

- momentum: v ← β·v + ∇J, then p ← p − α·v (β = 0 is plain gradient descent);
- Adam: m ← β₁·m + (1 − β₁)·∇J, s ← β₂·s + (1 − β₂)·∇J², both corrected for their start at 0,
  then p ← p − α·m̂ / (√ŝ + ε), one step size per parameter;
- a mini-batch epoch shuffles the examples (a seeded generator) and walks through them in batches
  without replacement, so every example is used exactly once per epoch.

The squared-error cost is quadratic in p = (w₁, …, wₙ, b), so the gradient on any batch is
G_B·p − h_B with G_B = A_Bᵀ A_B / |B| and h_B = A_Bᵀ y_B / |B| (A = [X, 1]). Those sums are made for
every batch of an epoch at once (``np.add.reduceat``); the loop over batches then does only
(n+1)-sized arithmetic. Pure NumPy.
"""

from __future__ import annotations

import numpy as np

from ._stopping import GRADIENT_TOL, divergence_limit, slope_is_flat
from ._validate import as_real, check_alpha, check_features, check_num_iters
from .linear import _weights
from .result import DescentResult, History


def momentum_step(p, v, gradient, alpha, beta):
    """One momentum update: v ← β·v + gradient, p ← p − α·v. Returns (p, v). Episode 8."""
    v = beta * v + gradient
    return p - alpha * v, v


def adam_step(p, m, s, gradient, k, alpha, beta1=0.9, beta2=0.999, eps=1e-8):
    """One Adam update at step k (1, 2, …). Returns (p, m, s). Episode 8."""
    m = beta1 * m + (1 - beta1) * gradient
    s = beta2 * s + (1 - beta2) * gradient * gradient
    m_hat = m / (1 - beta1**k)
    s_hat = s / (1 - beta2**k)
    return p - alpha * m_hat / (np.sqrt(s_hat) + eps), m, s


def epoch_batches(m: int, batch_size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """One epoch's batches: a shuffled order of the m examples, cut into batches of ``batch_size``
    (the last may be smaller). Every example appears exactly once. Episode 8."""
    order = rng.permutation(m)
    return [order[i : i + batch_size] for i in range(0, m, batch_size)]


def steps_per_epoch(m: int, batch_size: int) -> int:
    """How many updates one epoch makes: m / batch_size, rounded up."""
    return -(-m // batch_size)


def batch_gradients(x, y, w, b, batches) -> np.ndarray:
    """The gradient (dj_dw, dj_db) on each of several batches of one feature, all at once.

    ``batches`` holds one row of example indices per batch, every batch the same size (e.g. a list
    of ``rng.choice(m, size=k, replace=False)``). Returns an array of shape (batches, 2): row i is
    ``compute_gradient(x[B], y[B], w, b)`` for the i-th batch B. Episode 8.
    """
    X, y, one = check_features(x, y)
    if not one:
        raise ValueError("batch_gradients takes one feature: pass x as a 1-D array of m numbers.")
    try:
        B = np.asarray(batches)
    except ValueError:  # rows of different lengths
        B = np.empty(0)
    if B.ndim != 2 or B.shape[1] == 0 or not np.issubdtype(B.dtype, np.integer):
        raise ValueError("batches needs one row of example indices per batch, all the same size, e.g. a list "
                         "of rng.choice(m, size=k, replace=False).")
    if B.min() < 0 or B.max() >= y.size:
        raise ValueError(f"batches holds an index outside 0 to m − 1 = {y.size - 1}; use examples' indices.")
    xb = X[:, 0][B]
    errors = as_real(w, "w") * xb + as_real(b, "b") - y[B]
    return np.column_stack([(errors * xb).sum(axis=1), errors.sum(axis=1)]) / B.shape[1]


def _beta(value, name: str) -> float:
    value = as_real(value, name)
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{name} is {value:g}; pass a number from 0 up to (not including) 1, such as 0.9.")
    return value


def _batch_size(batch_size, m: int) -> int:
    batch_size = check_num_iters(batch_size, "batch_size")
    if not 1 <= batch_size <= m:
        raise ValueError(
            f"batch_size is {batch_size}; pass a whole number from 1 (stochastic) to m = {m} (full batch)."
        )
    return batch_size


class _Problem:
    """The data as sums, for the full cost and for every batch of an epoch."""

    def __init__(self, x, y):
        X, y, one = check_features(x, y)
        self.m, n = X.shape
        self.names = ("w", "b") if one else tuple(f"w{j + 1}" for j in range(n)) + ("b",)
        # The columns of A = [X, 1], kept apart: products of 1-D columns are fast to sum.
        self.columns = [np.ascontiguousarray(X[:, j]) for j in range(n)] + [np.ones(self.m)]
        self.y = y
        everything = np.zeros(1, dtype=np.intp)
        G, h = self._sums(self.columns, y, everything, float(self.m))
        self.G, self.h = G[0], h[0]
        self.c = y @ y / (2 * self.m)

    def cost(self, p) -> float:
        return float(0.5 * p @ self.G @ p - self.h @ p + self.c)

    def costs(self, P) -> np.ndarray:
        """The full cost at every row of P at once. Column by column, with no matrix product, so a
        row's cost is the same number however many rows P has (a run checked in chunks of any size
        records the same costs)."""
        n = P.shape[1]
        quadratic = sum(self.G[i, j] * P[:, i] * P[:, j] for i in range(n) for j in range(n))
        return 0.5 * quadratic - sum(self.h[i] * P[:, i] for i in range(n)) + self.c

    def slopes(self, P) -> np.ndarray:
        """The size of the full gradient at every row of P, column by column as ``costs``."""
        n = P.shape[1]
        squares = sum((sum(P[:, i] * self.G[i, j] for i in range(n)) - self.h[j]) ** 2 for j in range(n))
        return np.sqrt(squares)

    def gradient(self, p) -> np.ndarray:
        return self.G @ p - self.h

    def batch_sums(self, order: np.ndarray, batch_size: int) -> tuple[np.ndarray, np.ndarray]:
        """(G_B, h_B) for each batch of ``order``, shaped (batches, n+1, n+1) and (batches, n+1)."""
        columns = [column[order] for column in self.columns[:-1]] + [self.columns[-1]]
        starts = np.arange(0, self.m, batch_size)
        sizes = np.diff(np.append(starts, self.m)).astype(float)
        return self._sums(columns, self.y[order], starts, sizes)

    @staticmethod
    def _sums(columns, y, starts, sizes):
        """Each distinct product of two columns, and of each column with y, summed per batch."""
        n_p = len(columns)
        G = np.empty((starts.size, n_p, n_p))
        for i in range(n_p):
            for j in range(i, n_p):
                G[:, i, j] = G[:, j, i] = np.add.reduceat(columns[i] * columns[j], starts)
        h = np.column_stack([np.add.reduceat(column * y, starts) for column in columns])
        sizes = np.asarray(sizes, dtype=float).reshape(-1)
        return G / sizes[:, None, None], h / sizes[:, None]


def _epoch(p, G_b, h_b, rates, method, beta, beta2, state) -> np.ndarray:
    """Every point some epochs visit, one row per batch (``rates``: α at each): the lean inner loop
    (no checks)."""
    P = np.empty((len(G_b), p.size))
    v, s, k = state["v"], state["s"], state["k"]
    for i, rate in enumerate(rates):
        g = G_b[i] @ p - h_b[i]
        if method == "gd":
            p = p - rate * g
        elif method == "momentum":
            p, v = momentum_step(p, v, g, rate, beta)
        else:
            k += 1
            p, v, s = adam_step(p, v, s, g, k, rate, beta, beta2)
        P[i] = p
    state.update(v=v, s=s, k=k)
    return P


def _method_options(method, beta, beta2, decay) -> tuple[float, float, float]:
    """``method`` checked, and (beta, beta2, decay) as numbers, each checked."""
    if method not in ("gd", "momentum", "adam"):
        raise ValueError(f"method is {method!r}; pick 'gd', 'momentum' or 'adam'.")
    beta, beta2 = _beta(beta, "beta"), _beta(beta2, "beta2")
    decay = as_real(decay, "decay")
    if decay < 0:
        raise ValueError(f"decay is {decay:g}; pass 0 (a fixed alpha) or a positive number such as 0.1.")
    return beta, beta2, decay


def _epoch_sums(problem: _Problem, rng: np.random.Generator, batch_size: int, epochs: int = 1):
    """(G_B, h_B) for every batch of ``epochs`` epochs, one epoch after another."""
    if batch_size < problem.m:  # a new shuffle, so new batches, every epoch
        sums = [problem.batch_sums(rng.permutation(problem.m), batch_size) for _ in range(epochs)]
        return np.concatenate([G for G, _ in sums]), np.concatenate([h for _, h in sums])
    # The full batch is the same every epoch: its sums are the whole cost's.
    return np.repeat(problem.G[None], epochs, axis=0), np.repeat(problem.h[None], epochs, axis=0)


#: At most about this many updates are made between two checks of the stop rule.
CHUNK_STEPS = 1024


def _run_epochs(problem, p, history, rng, settings, g0_size, limit, tol) -> tuple[int, str]:
    """Every epoch until the run ends: (updates made, outcome).

    The epochs go in chunks, 1, 2, 4, … of them (up to about ``CHUNK_STEPS`` updates), each checked
    at once: one full-batch step is one epoch, and checking each alone cost far more than the step.
    The checks look at every update in order, so a run ends at the same update as with one check
    per epoch; the updates a chunk makes after that are dropped.
    """
    alpha, epochs, batch_size, method, beta, beta2, decay = settings
    state = {"v": np.zeros(p.size), "s": np.zeros(p.size), "k": 0}
    per_epoch = steps_per_epoch(problem.m, batch_size)
    k, done, chunk = 0, 0, 1
    while done < epochs:
        n = min(chunk, epochs - done)
        G_b, h_b = _epoch_sums(problem, rng, batch_size, n)
        rates = np.repeat(alpha / (1.0 + decay * np.arange(done, done + n, dtype=float)), per_epoch)
        P = _epoch(p, G_b, h_b, rates.tolist(), method, beta, beta2, state)
        steps, stop = _record_epoch(history, problem, P, g0_size, limit, tol)
        k += steps
        if stop is not None:
            return k, stop
        p, done, chunk = P[-1], done + n, min(2 * chunk, max(1, CHUNK_STEPS // per_epoch))
    return k, "out_of_steps"


def _record_epoch(history: History, problem: _Problem, P, g0_size, limit, tol):
    """Add one epoch's points P to ``history`` up to where the run ends, if it ends in this epoch.
    Returns (updates made, outcome), the outcome None if the run goes on.

    The checks, once per epoch and vectorised: the first non-finite point ends the run before it;
    the first point past the divergence limit or with a flat slope ends it there.
    """
    J = problem.costs(P)
    finite = np.isfinite(J) & np.isfinite(P).all(axis=1)
    slopes = problem.slopes(P)
    flat = finite & slope_is_flat(slopes, g0_size, J, np.linalg.norm(P, axis=1), tol)
    stops = np.flatnonzero(~finite | (J > limit) | flat)
    if stops.size == 0:
        history.extend(P, J)
        return len(P), None
    first = int(stops[0])
    kept = first + (1 if finite[first] else 0)
    history.extend(P[:kept], J[:kept])
    return first + 1, "converged" if flat[first] else "diverged"


def descend(
    x, y, w_in, b_in, alpha, *, epochs=1, batch_size=None, method="gd", beta=0.9,
    beta2=0.999, decay=0.0, seed=0, tol=GRADIENT_TOL,
) -> DescentResult:
    """Run plain, momentum or Adam descent, on mini-batches or the full data. Episode 8.

    ``method`` is "gd", "momentum" or "adam" (``beta`` is momentum's β or Adam's β₁). ``batch_size``
    None means the full batch; 1 is stochastic gradient descent. α at epoch e is
    alpha / (1 + decay·e). ``J_history`` holds the cost on the whole data after every update;
    an epoch is ``steps_per_epoch(m, batch_size)`` updates. The run stops early only if it
    diverges or the slope on the whole data flattens (converged); otherwise it is out of steps.
    (Both are checked for every update, once per epoch, so a run that diverges mid-epoch still
    ends at its last finite point.)
    """
    problem = _Problem(x, y)
    m, n_p = problem.m, len(problem.columns)
    p = np.append(_weights(w_in, n_p - 1, "w_in"), as_real(b_in, "b_in"))
    alpha, epochs = check_alpha(alpha), check_num_iters(epochs, "epochs")
    batch_size = m if batch_size is None else _batch_size(batch_size, m)
    beta, beta2, decay = _method_options(method, beta, beta2, decay)
    rng = np.random.default_rng(seed)
    J0, g0 = problem.cost(p), problem.gradient(p)
    g0_size, limit = float(np.linalg.norm(g0)), divergence_limit(J0)
    history = History(p, J0, epochs * steps_per_epoch(m, batch_size))
    with np.errstate(all="ignore"):
        k, outcome = _run_epochs(problem, p, history, rng, (alpha, epochs, batch_size, method, beta, beta2,
                                                             decay), g0_size, limit, tol)
    p_history, J_history = history.arrays()
    return DescentResult(
        p_history, J_history, outcome, k, alpha, problem.gradient(p_history[-1]), g0, problem.names
    )
