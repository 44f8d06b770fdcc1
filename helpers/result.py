"""The result of a run of gradient descent, shared by every descent in the package.

Pure NumPy, like the rest of the math core.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._stopping import OUTCOMES, describe, slope_words


@dataclass(frozen=True, eq=False)
class DescentResult:
    """Everything one run of gradient descent produced.

    ``p_history[k]`` holds the parameters after ``k`` iterations (row 0 is the start) and
    ``J_history[k]`` the cost there, so both have ``iterations + 1`` rows. A diverged run keeps
    only the finite points: nothing in the history is ever NaN or inf. ``outcome`` is one of
    ``OUTCOMES``; ``gradient`` and ``start_gradient`` hold the slope at the last point and at the
    start.
    """

    p_history: np.ndarray
    J_history: np.ndarray
    outcome: str
    stopped_at: int
    alpha: float
    gradient: np.ndarray
    start_gradient: np.ndarray
    names: tuple[str, ...] = ("w", "b")
    """The parameters' names, in the order of ``p_history``'s columns: ``("w",)`` for a cost of one
    parameter, ``("w", "b")`` for a line, ``("w1", …, "wn", "b")`` for n features."""

    def __post_init__(self):
        if self.outcome not in OUTCOMES:
            raise ValueError(f"outcome is {self.outcome!r}; it must be one of {OUTCOMES}.")

    @property
    def converged(self) -> bool:
        """The slope at the end is close to zero: the run arrived at a flat point."""
        return self.outcome == "converged"

    @property
    def diverged(self) -> bool:
        return self.outcome == "diverged"

    @property
    def stalled(self) -> bool:
        """Steps became too small to make progress while the slope was still large."""
        return self.outcome == "stalled"

    @property
    def out_of_steps(self) -> bool:
        return self.outcome == "out_of_steps"

    @property
    def iterations(self) -> int:
        """How many finite steps are in the history."""
        return len(self.J_history) - 1

    @property
    def _has_b(self) -> bool:
        return self.names[-1] == "b"

    @property
    def _n_weights(self) -> int:
        return len(self.names) - 1 if self._has_b else len(self.names)

    @property
    def _one_w(self) -> bool:
        """One feature given as a 1-D x (names "w", "b") or a cost of w alone: w is a number."""
        return self.names[0] == "w"

    @property
    def w(self):
        """The last finite w: a number for one feature, an array of n weights for n features."""
        row = self.p_history[-1]
        return float(row[0]) if self._one_w else row[: self._n_weights].copy()

    @property
    def b(self) -> float | None:
        """The last finite b (None for a one-parameter cost)."""
        return float(self.p_history[-1, -1]) if self._has_b else None

    @property
    def w_history(self) -> np.ndarray:
        """Every w, start first: shape (k + 1,) for one feature, (k + 1, n) for n features."""
        return self.p_history[:, 0] if self._one_w else self.p_history[:, : self._n_weights]

    @property
    def b_history(self) -> np.ndarray | None:
        return self.p_history[:, -1] if self._has_b else None

    @property
    def J(self) -> float:
        """The cost at the last finite point."""
        return float(self.J_history[-1])

    @property
    def slope(self):
        """The slope at the last point: dJ/dw for one parameter, [dj_dw, dj_db] for two."""
        return float(self.gradient[0]) if self.gradient.size == 1 else self.gradient.copy()

    @property
    def start_slope(self):
        """The slope at the start, in the same form as ``slope``."""
        g = self.start_gradient
        return float(g[0]) if g.size == 1 else g.copy()

    @property
    def moved(self) -> float:
        """How far the parameters are from where they started (a straight-line distance)."""
        return float(np.linalg.norm(self.p_history[-1] - self.p_history[0]))

    @property
    def status(self) -> str:
        """One line for a learner: how the run ended and what to change."""
        if self.stopped_at == 0 and self.converged:
            slope = float(np.linalg.norm(self.gradient))
            size = "exactly 0" if slope == 0 else f"{slope:.2g}, close to 0"
            what = slope_words(self.gradient.size > 1)
            return f"converged at the start: {what} there is already {size}, so descent stays put"
        size = float(np.linalg.norm(self.gradient))
        slope = float(self.gradient[0]) if self.gradient.size == 1 else size
        return describe(
            self.outcome, self.stopped_at, alpha=self.alpha, slope=slope, moved=self.moved,
            name=self.names[0] if len(self.names) == 1 else f"({', '.join(self.names)})",
        )

    def __repr__(self) -> str:
        values = ", ".join(f"{n}={v:.6g}" for n, v in zip(self.names, self.p_history[-1], strict=True))
        return f"DescentResult({values}, J={self.J:.6g}, {self.status})"



class History:
    """Rows of parameters and costs, kept in arrays that grow as the run goes on.

    Memory grows with the steps actually taken, never with ``num_iters`` up front.
    """

    def __init__(self, p0, J0, num_iters):
        size = min(num_iters + 1, 1024)
        self.p = np.empty((size, len(p0)))
        self.J = np.empty(size)
        self.n = 0
        self.add(p0, J0)

    def add(self, p, J) -> None:
        if self.n == len(self.J):
            self.p = np.concatenate([self.p, np.empty_like(self.p)])
            self.J = np.concatenate([self.J, np.empty_like(self.J)])
        self.p[self.n] = p
        self.J[self.n] = J
        self.n += 1

    def extend(self, P, J) -> None:
        """Add many rows at once."""
        while self.n + len(J) > len(self.J):
            self.p = np.concatenate([self.p, np.empty_like(self.p)])
            self.J = np.concatenate([self.J, np.empty_like(self.J)])
        self.p[self.n : self.n + len(J)] = P
        self.J[self.n : self.n + len(J)] = J
        self.n += len(J)

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        return self.p[: self.n].copy(), self.J[: self.n].copy()
