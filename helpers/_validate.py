"""Input checks shared by the math core: every message names the parameter and the fix."""

from __future__ import annotations

import numbers

import numpy as np


def as_real(value, name: str) -> float:
    """Return ``value`` as a float, or raise a message that says what to pass instead."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        if isinstance(value, np.ndarray) and value.ndim == 0 and np.isrealobj(value):
            value = value.item()
        else:
            raise TypeError(f"{name} must be a real number, got {type(value).__name__} ({value!r}).")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} is {value}; pass a finite number.")
    return value


def check_alpha(alpha) -> float:
    """A learning rate must be a finite number above zero."""
    alpha = as_real(alpha, "alpha")
    if alpha <= 0:
        raise ValueError(
            f"alpha (the learning rate) is {alpha}; it must be a positive number such as 0.01. "
            "A zero alpha never moves and a negative one walks uphill."
        )
    return alpha


def check_num_iters(num_iters) -> int:
    """The number of iterations must be a whole number, zero or more."""
    if isinstance(num_iters, bool):
        raise TypeError("num_iters must be a whole number such as 1000, not a bool.")
    if isinstance(num_iters, numbers.Integral):
        num_iters = int(num_iters)
    elif isinstance(num_iters, numbers.Real) and float(num_iters).is_integer():
        num_iters = int(num_iters)
    elif isinstance(num_iters, numbers.Real):
        raise ValueError(f"num_iters is {num_iters}; pass a whole number such as 1000.")
    else:
        raise TypeError(f"num_iters must be a whole number such as 1000, got {type(num_iters).__name__}.")
    if num_iters < 0:
        raise ValueError(f"num_iters is {num_iters}; pass 0 or more iterations.")
    return num_iters


def check_data(x, y) -> tuple[np.ndarray, np.ndarray]:
    """Return x and y as 1-D float arrays of equal, non-zero length with no NaN or inf."""
    arrays = []
    for name, values in (("x", x), ("y", y)):
        try:
            arr = np.asarray(values, dtype=float)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"{name} must be a list or array of numbers ({exc}).") from None
        if arr.ndim == 0:
            arr = arr.reshape(1)
        if arr.ndim != 1:
            raise ValueError(
                f"{name} has shape {arr.shape}; pass a 1-D list or array, one value per example."
            )
        if arr.size == 0:
            raise ValueError(f"{name} is empty; pass at least one training example.")
        bad = ~np.isfinite(arr)
        if bad.any():
            where = int(np.flatnonzero(bad)[0])
            raise ValueError(
                f"{name}[{where}] is {arr[where]}; remove or fix the missing or infinite values first."
            )
        arrays.append(arr)
    x_arr, y_arr = arrays
    if x_arr.shape != y_arr.shape:
        raise ValueError(
            f"x has {x_arr.size} values but y has {y_arr.size}; pass one target y for every input x."
        )
    return x_arr, y_arr
