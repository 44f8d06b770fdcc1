"""Loading the course's small data sets, with messages that say what is wrong with a bad file."""

from __future__ import annotations

from pathlib import Path

import numpy as np

#: The repository's data folder (the package is installed in editable mode beside it).
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

#: The columns every house file has, in order.
HOUSE_COLUMNS = ("size_1000sqft", "price_1000usd")


def data_path(name: str) -> Path:
    """The path of a file in the course's ``data/`` folder."""
    return DATA_DIR / name


def load_houses(path="houses.csv") -> tuple[np.ndarray, np.ndarray]:
    """Read a house file: returns (x, y) = (size in 1000 sqft, price in $1000s).

    ``path`` may be a file name in ``data/`` or a path. The file must be CSV with the header
    ``size_1000sqft,price_1000usd`` and one house per row, every cell a finite number.
    """
    path = Path(path)
    if not path.is_absolute() and not path.exists():
        path = data_path(str(path))
    if not path.is_file():
        raise ValueError(f"no data file at {path}; check the name (files live in data/).")
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise ValueError(f"{path.name} is empty; it needs the header {','.join(HOUSE_COLUMNS)} and rows.")
    header = tuple(cell.strip() for cell in lines[0].split(","))
    if header != HOUSE_COLUMNS:
        raise ValueError(
            f"{path.name} has columns {list(header)}; expected {list(HOUSE_COLUMNS)} in that order."
        )
    if len(lines) == 1:
        raise ValueError(f"{path.name} has a header but no houses; add at least one row.")
    try:
        cells = np.loadtxt(lines[1:], delimiter=",", dtype=str, ndmin=2)
    except ValueError as exc:
        raise ValueError(f"{path.name}: every row needs exactly 2 cells ({exc}).") from None
    if cells.shape[1] != len(HOUSE_COLUMNS):
        raise ValueError(f"{path.name}: every row needs exactly 2 cells, found {cells.shape[1]}.")
    cells = np.char.strip(cells)
    try:
        values = cells.astype(float)
    except ValueError:
        values = None
    if values is None or not np.isfinite(values).all():
        raise ValueError(f"{path.name}: {_first_bad_cell(cells)}; fill in or remove that row.")
    return values[:, 0], values[:, 1]


def _first_bad_cell(cells: np.ndarray) -> str:
    """Describe the first cell that is not a finite number (only called on the error path)."""
    for (row, col), cell in np.ndenumerate(cells):
        try:
            ok = np.isfinite(float(cell))
        except ValueError:
            ok = False
        if not ok:
            return f"line {row + 2}, column {HOUSE_COLUMNS[col]}: {str(cell)!r} is not a finite number"
    return "a cell is not a number"
