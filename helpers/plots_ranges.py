"""What the two-parameter cost pictures span: the (w, b) ranges and the contour levels of J(w, b).

Pure NumPy, no drawing: ``helpers.plots`` draws with these (``cost_surface_grid`` computes the grid
over ``cost_ranges``). Both are importable from ``helpers.plots`` as well.
"""

from __future__ import annotations

import numpy as np

from .descent import least_squares


def cost_ranges(x, y, *, spread: float = 1.5) -> tuple[tuple[float, float], tuple[float, float]]:
    """Ranges of w and b to draw J(w, b) over, derived from the data.

    Centred on the least-squares (w, b); each half-width is ``spread`` times the larger of the
    optimum's size and the data's natural scale (std(y)/std(x) for w, std(y) for b), so the
    usual start (0, 0) is always inside.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    w_star, b_star = least_squares(x, y)
    sx = float(np.std(x)) or 1.0
    sy = float(np.std(y)) or max(abs(float(np.mean(y))), 1.0)
    half_w = spread * max(abs(w_star), sy / sx)
    half_b = spread * max(abs(b_star), sy)
    return (w_star - half_w, w_star + half_w), (b_star - half_b, b_star + half_b)


def contour_levels(J: np.ndarray, J_min: float, n: int = 14) -> np.ndarray:
    """Contour levels spaced geometrically above the minimum, so the valley floor is visible."""
    top = float(np.max(J))
    span = max(top - J_min, np.finfo(float).tiny)
    return J_min + np.geomspace(span * 2e-4, span, n)

