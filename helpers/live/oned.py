"""What the explorers on a cost J(w) of one parameter share."""

from __future__ import annotations

import math

import numpy as np

from ..costs import Cost1D
from ..fastpath import gradient_descent_1d_fast
from ..plots import evaluate
from .readout import fmt


def start_default(cost: Cost1D) -> float:
    lo, hi = cost.w_range
    return lo + 0.15 * (hi - lo)


def alpha_top(cost: Cost1D) -> float:
    """Where a 1-D α slider should end: past the divergence threshold, or past where descent can
    settle at any minimum when no single threshold exists."""
    if cost.alpha_max is not None:
        return 2.0 * cost.alpha_max
    local = [cost.stable_alpha_at(m) for m in cost.minima]
    finite = [a for a in local if math.isfinite(a)]
    return 2.0 * max(finite) if finite else 1.0


def threshold_text(cost: Cost1D) -> str:
    if cost.alpha_max is not None:
        return f"diverges above α = {fmt(cost.alpha_max)}"
    local = [(m, cost.stable_alpha_at(m)) for m in cost.minima]
    parts = [f"at w = {fmt(m)} only below α ≈ {fmt(a)}" for m, a in local if math.isfinite(a)]
    if not parts:
        return ""
    return "no single threshold: descent settles " + ", ".join(parts)


def check_cost(cost) -> Cost1D:
    if not isinstance(cost, Cost1D):
        raise TypeError(f"cost must be a Cost1D such as helpers.bowl(), got {type(cost).__name__}.")
    return cost


def descend(cost: Cost1D, w0, alpha, num_iters):
    """``cost.descend`` by the float loop of helpers.fastpath (same result, cheaper per move)."""
    return gradient_descent_1d_fast(cost.J, cost.dJ_dw, w0, alpha, num_iters)


def ends_within(before, num_iters: int) -> bool:
    """Whether ``before``, a run that ended by itself (converged, stalled, diverged) before
    ``num_iters`` steps, is also the run of ``num_iters`` steps from its start with its α: then an
    iterations move keeps it instead of running it again."""
    return before is not None and before.outcome != "out_of_steps" and before.stopped_at < num_iters


def slope_scale(cost: Cost1D, w_curve) -> float:
    """The steepest slope on the drawn curve: what 'flat' is measured against."""
    slopes = np.abs(evaluate(cost.dJ_dw, w_curve))
    slopes = slopes[np.isfinite(slopes)]
    return float(slopes.max()) if slopes.size and slopes.max() > 0 else 1.0




class ShowsDescent:
    """For explorers that show one whole run: a move reruns it and shows its last iteration."""

    def recompute(self, changed) -> list:
        self.result = self.run_descent()
        self._current = self.result.iterations
        if "num_iters" in changed and getattr(self, "ax_history", None) is not None:
            self.set_history_limits()
            return [self.ax_history]
        return []

    def set_history_limits(self, margin: float = 0.02) -> None:
        """The cost panel spans 0 to the round number (1, 2 or 5 × 10^k) at or above ``num_iters``:
        far fewer distinct axes to draw (each is drawn once and kept, see ``Blitter``)."""
        n = round_up(max(int(self._state["num_iters"]), 1))
        self.ax_history.set_xlim(-margin * n, (1 + margin) * n)


def round_up(n: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... that is at least ``n``."""
    power = 1
    while True:
        for factor in (1, 2, 5):
            if factor * power >= n:
                return factor * power
        power *= 10
