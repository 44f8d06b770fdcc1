"""Reading a learning curve: the α ladder, a verdict per run, and the two convergence tests. Episode 7.

Pure NumPy, like the rest of the math core.
"""

from __future__ import annotations

import numpy as np

from ._stopping import GRADIENT_TOL
from ._validate import as_real, as_real_array, check_num_iters
from .fastpath import QuadraticDescent
from .result import DescentResult

#: The learning rates to try first, each about three times the last. Episode 7.
ALPHA_LADDER = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)

#: What a learning curve can look like, in the words Episode 7 uses.
VERDICTS = ("converged", "diverged", "stalled", "oscillating", "slow")

#: A run that is out of steps "oscillates" when most of its last steps turn back on the one before.
ZIGZAG_SHARE = 0.5
#: How many of the last steps that is judged on.
RECENT_STEPS = 20


def verdict(result: DescentResult) -> str:
    """One word for how a run went: converged, diverged, stalled, oscillating or slow.

    The first three are the run's own outcome. A run that ran out of steps is "oscillating" when
    most of its recent steps point back against the step before (a zig-zag across a valley), and
    "slow" when it was still creeping the same way.
    """
    if result.outcome != "out_of_steps":
        return result.outcome
    steps = np.diff(result.p_history[-(RECENT_STEPS + 1):], axis=0)
    if len(steps) < 2:
        return "slow"
    turns = np.einsum("ij,ij->i", steps[1:], steps[:-1]) < 0
    return "oscillating" if turns.mean() > ZIGZAG_SHARE else "slow"


def first_small_change(J_history, epsilon) -> int | None:
    """The ε test: the first iteration k at which J changed by less than ε, or None. Episode 7.

    It says when the cost has stopped changing much, which is not the same as arriving: a tiny α
    passes it at once.
    """
    J = as_real_array(J_history, "J_history").reshape(-1)
    epsilon = as_real(epsilon, "epsilon")
    if epsilon <= 0:
        raise ValueError(f"epsilon is {epsilon:g}; pass a small positive number such as 1e-3.")
    small = np.flatnonzero(np.abs(np.diff(J)) < epsilon)
    return int(small[0]) + 1 if small.size else None


def run_ladder(x, y, alphas=ALPHA_LADDER, num_iters=1000, *, w_in=None, b_in=0.0, tol=GRADIENT_TOL):
    """Run gradient descent once for every α of the ladder, from the same start. Episode 7.

    Returns a list of (alpha, result, verdict). The runs use the closed form of
    ``helpers.fastpath``, so even a ladder of million-step runs takes well under a second.
    """
    descent = QuadraticDescent(x, y)
    n_weights = len(descent.names) - 1
    if w_in is None:
        w_in = 0.0 if descent.names[0] == "w" else np.zeros(n_weights)
    num_iters = check_num_iters(num_iters)
    runs = []
    for alpha in alphas:
        result = descent.run(w_in, b_in, alpha, num_iters, tol=tol)
        runs.append((float(alpha), result, verdict(result)))
    return runs
