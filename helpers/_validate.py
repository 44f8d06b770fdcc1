"""Input checks shared by the math core: every message names the parameter and the fix."""

from __future__ import annotations

import numbers

import numpy as np

#: The largest finite float. A Python int beyond it cannot become a float.
FLOAT_MAX = float(np.finfo(float).max)


def as_real(value, name: str) -> float:
    """Return ``value`` as a float, or raise a message that says what to pass instead.

    Strings are not numbers here, even when they hold digits ("4.6"); complex numbers, bools and
    integers too large for a float (``10**400``) are refused with a message, never truncated.
    """
    if isinstance(value, np.ndarray) and value.ndim == 0:
        if not np.isrealobj(value) or value.dtype.kind not in "iuf":
            raise TypeError(f"{name} must be a real number, got an array of {value.dtype} ({value!r}).")
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        kind = "complex number" if isinstance(value, numbers.Complex) else type(value).__name__
        hint = " without quotes" if isinstance(value, str) else ""
        raise TypeError(f"{name} must be a real number{hint}, such as 0.5; got a {kind} ({value!r}).")
    try:
        value = float(value)
    except OverflowError:
        raise ValueError(
            f"{name} is an integer with {len(str(abs(int(value))))} digits, too large for a float "
            f"(the largest is about {FLOAT_MAX:.3g}); pass a smaller number."
        ) from None
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


def check_tol(tol, name: str = "tol") -> float:
    """A relative tolerance: a number from 0 (never stop early) up to, but not including, 1."""
    tol = as_real(tol, name)
    if not 0.0 <= tol < 1.0:
        raise ValueError(
            f"{name} is {tol:g}; pass a fraction from 0 up to (not including) 1, such as 1e-6. "
            "0 runs every step unless the run diverges."
        )
    return tol


def check_num_iters(num_iters, name: str = "num_iters") -> int:
    """A count (iterations, epochs, a degree) must be a whole number, zero or more."""
    if isinstance(num_iters, bool):
        raise TypeError(f"{name} must be a whole number such as 1000, not a bool.")
    if isinstance(num_iters, numbers.Integral):
        num_iters = int(num_iters)
    elif isinstance(num_iters, numbers.Real) and float(num_iters).is_integer():
        num_iters = int(num_iters)
    elif isinstance(num_iters, numbers.Real):
        raise ValueError(f"{name} is {num_iters}; pass a whole number such as 1000.")
    else:
        raise TypeError(f"{name} must be a whole number such as 1000, got {type(num_iters).__name__}.")
    if num_iters < 0:
        raise ValueError(f"{name} is {num_iters}; pass 0 or more.")
    return num_iters


def as_real_array(values, name: str) -> np.ndarray:
    """``values`` as a float array, refusing strings, complex numbers and out-of-range integers."""
    try:
        arr = np.asarray(values)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a list or array of numbers ({exc}).") from None
    kind = arr.dtype.kind
    if kind == "c":
        raise TypeError(f"{name} holds complex numbers; pass real numbers (take .real if you meant that).")
    if kind in "USb":
        what = {"U": "text", "S": "bytes", "b": "True/False values"}[kind]
        raise TypeError(f"{name} holds {what}; pass numbers without quotes, e.g. [1.0, 2.0].")
    if kind == "O":
        for item in arr.flat:
            as_real(item, f"every value of {name}")
    try:
        return arr.astype(float)
    except OverflowError:
        raise ValueError(f"a value of {name} is too large for a float; pass smaller numbers.") from None
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a list or array of numbers ({exc}).") from None


def check_data(x, y) -> tuple[np.ndarray, np.ndarray]:
    """Return x and y as 1-D float arrays of equal, non-zero length with no NaN or inf."""
    arrays = []
    for name, values in (("x", x), ("y", y)):
        arr = as_real_array(values, name)
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


def finite_or_raise(value, what: str, fix: str):
    """``value`` when every entry is finite; otherwise a ValueError that names ``what`` overflowed."""
    if np.all(np.isfinite(value)):
        return value
    raise ValueError(f"{what} overflowed (it is too large for a float); {fix}")


def check_features(x, y) -> tuple[np.ndarray, np.ndarray, bool]:
    """Return (X, y, one_feature): X of shape (m, n) and y of shape (m,), both finite floats.

    ``x`` may be one feature (a 1-D list or array; then ``one_feature`` is True and X has one
    column) or a matrix with one row per example and one column per feature.
    """
    if np.ndim(x) <= 1:
        x_arr, y_arr = check_data(x, y)
        return x_arr[:, None], y_arr, True
    X = as_real_array(x, "X")
    y_arr = as_real_array(y, "y")
    if X.ndim != 2:
        raise ValueError(
            f"X has shape {X.shape}; pass a 2-D array, one row per example, one column per feature."
        )
    if y_arr.ndim != 1:
        raise ValueError(f"y has shape {y_arr.shape}; pass a 1-D list or array, one target per example.")
    if X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"X has shape {X.shape}; it needs at least one example and one feature.")
    if X.shape[0] != y_arr.size:
        raise ValueError(
            f"X has {X.shape[0]} rows (examples) but y has {y_arr.size} values; pass one target y for "
            "every row of X (is X transposed?)."
        )
    for name, arr in (("X", X), ("y", y_arr)):
        bad = ~np.isfinite(arr)
        if bad.any():
            where = tuple(int(i) for i in np.argwhere(bad)[0])
            index = where[0] if len(where) == 1 else where
            raise ValueError(
                f"{name}[{index}] is {arr[where]}; remove or fix the missing or infinite values first."
            )
    return X, y_arr, False
