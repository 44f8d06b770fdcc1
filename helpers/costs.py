"""Example costs J(w) of one parameter, used by the intuition and local-minima episodes.

Each cost is a ``Cost1D``: the function, its derivative and its second derivative, all written
so that they accept a number or a whole NumPy array of w values at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._validate import as_real
from .descent import DescentResult, gradient_descent_1d


@dataclass(frozen=True)
class Cost1D:
    """A cost of one parameter w, with the facts a figure or an exercise needs about it."""

    name: str
    J: Callable
    dJ_dw: Callable
    d2J_dw2: Callable
    w_range: tuple[float, float]
    minima: tuple[float, ...]
    alpha_max: float | None = None
    """The α above which descent diverges from every start, where a single number says it."""

    def descend(self, w_in, alpha, num_iters) -> DescentResult:
        """Gradient descent on this cost from ``w_in``."""
        return gradient_descent_1d(self.J, self.dJ_dw, w_in, alpha, num_iters)

    def stable_alpha_at(self, w) -> float:
        """2 / J''(w): the largest α that does not overshoot further out near this w."""
        curvature = float(self.d2J_dw2(as_real(w, "w")))
        return np.inf if curvature <= 0 else 2.0 / curvature


def bowl(w_min: float = 3.0, curvature: float = 1.0) -> Cost1D:
    """The convex bowl J(w) = a·(w − w_min)², one minimum, no traps. Introduced in Episode 1.

    Its curvature J'' = 2a is the same everywhere. Each step multiplies the distance to the minimum
    by (1 − α·J''), so descent overshoots once α > 1/J'' and diverges once α > 2/J'' = 1/a.
    """
    w_min = as_real(w_min, "w_min")
    a = as_real(curvature, "curvature")
    if a <= 0:
        raise ValueError(f"curvature is {a}; a bowl needs a positive curvature such as 1.0.")
    half_width = 4.0 / np.sqrt(a)
    return Cost1D(
        name=f"bowl J(w) = {'' if a == 1 else f'{a:g}·'}(w − {w_min:g})²",
        J=lambda w: a * (w - w_min) ** 2,
        dJ_dw=lambda w: 2 * a * (w - w_min),
        d2J_dw2=lambda w: 2 * a + 0 * w,
        w_range=(w_min - half_width, w_min + half_width),
        minima=(w_min,),
        alpha_max=1.0 / a,
    )


# Two valleys: J'(w) = (w − 1)(w − 3.5)(w − 5). A deep minimum at w = 1, a hilltop at w = 3.5
# and a shallower local minimum at w = 5. The constant puts the deepest point at J = 0.
_ROOTS = (1.0, 3.5, 5.0)
_S = sum(_ROOTS)
_P = _ROOTS[0] * _ROOTS[1] + _ROOTS[0] * _ROOTS[2] + _ROOTS[1] * _ROOTS[2]
_Q = _ROOTS[0] * _ROOTS[1] * _ROOTS[2]
_SHIFT = -(_ROOTS[0] ** 4 / 4 - _S * _ROOTS[0] ** 3 / 3 + _P * _ROOTS[0] ** 2 / 2 - _Q * _ROOTS[0])


def two_valleys() -> Cost1D:
    """A smooth J(w) with a deep minimum at w = 1 and a shallower one at w = 5. Episode 4.

    J'(w) = (w − 1)(w − 3.5)(w − 5), so the slope is exactly zero at w = 5 and a step from there
    goes nowhere, whatever α is.
    """
    return Cost1D(
        name="two valleys",
        J=lambda w: w**4 / 4 - _S * w**3 / 3 + _P * w**2 / 2 - _Q * w + _SHIFT,
        dJ_dw=lambda w: (w - _ROOTS[0]) * (w - _ROOTS[1]) * (w - _ROOTS[2]),
        d2J_dw2=lambda w: 3 * w**2 - 2 * _S * w + _P,
        w_range=(-0.5, 6.5),
        minima=(_ROOTS[0], _ROOTS[2]),
        alpha_max=None,
    )
