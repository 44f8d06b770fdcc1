"""Helpers for the gradient descent course.

The math core and the data loader are importable from here directly. Drawing lives in
``helpers.plots`` and the live figures in ``helpers.widgets``, so ``import helpers`` alone
never imports matplotlib.
"""

from .costs import Cost1D, bowl, two_valleys
from .data import DATA_DIR, data_path, load_house_features, load_houses
from .descent import (
    DIVERGENCE_FACTOR,
    GRADIENT_TOL,
    OUTCOMES,
    STALL_TOL,
    DescentResult,
    compute_cost,
    compute_gradient,
    condition_number,
    cost_grid,
    cost_hessian,
    curvatures,
    descend_many,
    gradient_descent,
    gradient_descent_1d,
    least_squares,
    max_stable_alpha,
    predict,
    step,
)

__all__ = [
    "DATA_DIR",
    "DIVERGENCE_FACTOR",
    "GRADIENT_TOL",
    "OUTCOMES",
    "STALL_TOL",
    "Cost1D",
    "DescentResult",
    "bowl",
    "compute_cost",
    "compute_gradient",
    "condition_number",
    "cost_grid",
    "cost_hessian",
    "curvatures",
    "data_path",
    "descend_many",
    "gradient_descent",
    "gradient_descent_1d",
    "least_squares",
    "load_house_features",
    "load_houses",
    "max_stable_alpha",
    "predict",
    "step",
    "two_valleys",
]
