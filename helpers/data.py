"""Loading the course's small data sets, with messages that say what is wrong with a bad file."""

from __future__ import annotations

import codecs
import io
import math
import os
import re
import sys
import warnings
from pathlib import Path

import numpy as np

#: The repository's data folder (the package is installed in editable mode beside it).
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

#: The columns every house file has, in order.
HOUSE_COLUMNS = ("size_1000sqft", "price_1000usd")

# What a row may look like. The patterns accept exactly what np.loadtxt reads as a finite float
# (decimal digits 0-9, an optional point and exponent, spaces around the cell), so the fast path
# (np.loadtxt) and the search for a bad cell agree. Possessive quantifiers (Python 3.11+) make the
# search about twice as fast; on Python 3.10 the same patterns run without them.
_P = "+" if sys.version_info >= (3, 11) else ""
_SPACE = rf"[^\S\n]*{_P}"
_DIGITS = rf"[0-9]+{_P}"
_NUMBER = rf"[+-]?{_P}(?:{_DIGITS}(?:\.[0-9]*{_P})?{_P}|\.{_DIGITS})(?:[eE][+-]?{_P}{_DIGITS})?{_P}"
_COMMENT = rf"(?:#[^\n]*{_P})?{_P}"
_ROW = rf"{_SPACE}{_NUMBER}{_SPACE},{_SPACE}{_NUMBER}{_SPACE}{_COMMENT}"
_SKIPPED = rf"{_SPACE}{_COMMENT}"  # a blank line or a comment line
_CELL = re.compile(rf"{_SPACE}{_NUMBER}{_SPACE}")
#: The newline before the first line that is neither a good row nor blank nor a comment.
_FIRST_BAD_LINE = re.compile(rf"\n(?!(?:{_ROW}|{_SKIPPED})(?:\n|\Z))")
_BIG_EXPONENT = re.compile(r"[eE]\+?0*[1-9][0-9]{2}")
_SKIPPED_LINE = re.compile(rf"^{_SKIPPED}\n", re.MULTILINE)
_DATA_LINE = re.compile(r"^[^\S\n]*[^#\s]", re.MULTILINE)
# Bytes of a space in UTF-8 text that has passed _FIRST_BAD_LINE: ASCII spaces, or part of a
# non-ASCII one such as a no-break space (before a number or '#' nothing else can stand).
_SPACE_BYTE = np.zeros(256, dtype=bool)
_SPACE_BYTE[[9, 11, 12, 13, 28, 29, 30, 31, 32]] = True
_SPACE_BYTE[128:] = True

_SAVE_AS_UTF8 = "save it as UTF-8 (in a spreadsheet program: Save As, file type 'CSV UTF-8')"
_SEPARATORS = {";": "semicolons", "\t": "tabs"}


def data_path(name: str) -> Path:
    """The path of a file in the course's ``data/`` folder."""
    return DATA_DIR / name


def _check_house_header(name: str, text: str) -> tuple[int, int]:
    """Check the house file's header and that at least one row follows it. Returns (the header's
    line number, where the rows start in ``text``), as ``_split_header`` gives them."""
    header, header_line, body_start = _split_header(text)
    if header is None:
        raise ValueError(f"{name} is empty; it needs the header {','.join(HOUSE_COLUMNS)} and rows.")
    columns = tuple(cell.strip() for cell in header.split(","))
    if columns != HOUSE_COLUMNS:
        raise ValueError(
            f"{name} has columns {list(columns)}; expected {list(HOUSE_COLUMNS)} in that order"
            f"{_separator_hint(header)}."
        )
    if _DATA_LINE.search(text, body_start) is None:
        raise ValueError(f"{name} has a header but no houses; add at least one row.")
    return header_line, body_start


def load_houses(path="houses.csv") -> tuple[np.ndarray, np.ndarray]:
    """Read a house file: returns (x, y) = (size in 1000 sqft, price in $1000s).

    Which file is read:

    - a bare file name such as ``"houses.csv"`` (no folder in it) always means the course's own
      file in ``data/`` (``data_path(name)``), even if a file of that name sits in the current
      folder, so a file of your own never changes what the course's checks grade against;
    - to read a file of your own, give a path with a folder in it, such as ``"./houses.csv"`` or
      ``"my_data/houses.csv"``, an absolute path, or a ``pathlib.Path`` to a file that exists
      (a bare ``Path("houses.csv")`` that does not exist means the course's file, as before).

    The file must be CSV text in UTF-8 with the header ``size_1000sqft,price_1000usd`` and one
    house per row, every cell a finite number written with the digits 0-9 (such as ``1.5``,
    ``-2``, ``3e2``; not ``1_000``, ``0x10``, ``nan`` or ``inf``). Files saved by spreadsheet
    programs are read as they are: a byte-order mark, Windows line endings (CRLF), blank lines and
    comment lines starting with ``#`` are all fine. Errors give the file's line number.
    """
    path = _resolve(path)
    if not path.is_file():
        raise ValueError(
            f"no data file at {path}; check the folder and the name (a bare name such as "
            f"'houses.csv' means the course's own file in data/)."
        )
    name = path.name
    text = _read_text(path)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")

    header_line, body_start = _check_house_header(name, text)

    # The fast path is np.loadtxt on the file itself (it skips the BOM, CRLF, blank and comment
    # lines too); only when it fails or finds a value that is not finite is the text searched
    # for the first bad row.
    values = _parse(path, skiprows=header_line)
    if values is None or not np.isfinite(values).all():
        values = _check_rows(name, text[body_start:], header_line + 1, values)
    return values[:, 0], values[:, 1]


#: The columns of the many-feature house file (Episode 6): four features, then the price.
FEATURE_COLUMNS = ("size_sqft", "bedrooms", "floors", "age_years", "price_1000usd")


def load_house_features(path="house_features.csv") -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """Read the many-feature house file: returns (X, y, feature_names). Introduced in Episode 6.

    X has one row per house and one column per feature (size in sqft, bedrooms, floors, age in
    years), y the prices in $1000s. The file is found as ``load_houses`` finds its files.
    """
    path = _resolve(path)
    if not path.is_file():
        raise ValueError(f"no data file at {path}; check the folder and the name.")
    text = _read_text(path).replace("\r\n", "\n").replace("\r", "\n")
    header, header_line, _ = _split_header(text)
    columns = tuple(cell.strip() for cell in (header or "").split(","))
    if columns != FEATURE_COLUMNS:
        raise ValueError(f"{path.name} has columns {list(columns)}; expected {list(FEATURE_COLUMNS)}.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            values = np.loadtxt(io.StringIO(text), delimiter=",", skiprows=header_line, comments="#", ndmin=2)
        except ValueError:
            values = None
    if values is None or values.shape[1] != len(FEATURE_COLUMNS) or not np.isfinite(values).all():
        raise ValueError(
            f"{path.name}: every row must hold {len(FEATURE_COLUMNS)} finite numbers, one per column; "
            "fix or remove the row that does not."
        )
    if values.shape[0] == 0:
        raise ValueError(f"{path.name} has a header but no houses; add at least one row.")
    return values[:, :-1], values[:, -1], FEATURE_COLUMNS[:-1]


def _resolve(path) -> Path:
    """The file that ``path`` names: a bare name is the course's file, anything else the learner's."""
    if isinstance(path, str):
        if os.path.dirname(path) or os.path.isabs(path):
            return Path(path).expanduser()
        found = data_path(path)
        if not found.is_file():
            known = ", ".join(sorted(p.name for p in DATA_DIR.glob("*.csv")))
            raise ValueError(
                f"no data file named {path!r} among the course's data files ({known}); to read a "
                f"file of your own, give its path with a folder, e.g. './{path}'."
            )
        return found
    if isinstance(path, os.PathLike):
        given = Path(path)
        if not given.exists() and not given.is_absolute() and len(given.parts) == 1:
            return data_path(given.name)
        return given
    raise TypeError(
        f"path must be a file name such as 'houses.csv' or a path such as './my_houses.csv', "
        f"not {type(path).__name__}."
    )


def _read_text(path: Path) -> str:
    """The file's text, without a UTF-8 byte-order mark; other encodings are refused by name."""
    raw = path.read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in raw[:4096]:
        raise ValueError(f"{path.name} is saved as UTF-16 (Unicode) text; {_SAVE_AS_UTF8}.")
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
        raise ValueError(
            f"{path.name} is not UTF-8 text: line {line} has the byte 0x{raw[exc.start]:02X}, so it "
            f"was probably saved as Latin-1 or Windows-1252; {_SAVE_AS_UTF8}."
        ) from None


def _split_header(text: str) -> tuple[str | None, int, int]:
    """(header line, its line number, where the rows start); blank and comment lines before it skipped."""
    start, line_number = 0, 1
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end].strip()
        if line and not line.startswith("#"):
            return line, line_number, end + 1
        start, line_number = end + 1, line_number + 1
    return None, line_number, len(text)


def _parse(source, skiprows: int = 0) -> np.ndarray | None:
    """The rows of ``source`` (a path or text) as an (n, 2) float array, or None if np.loadtxt
    cannot read them as that.

    Its messages and warnings never reach the learner: the caller finds and explains the bad row.
    """
    if isinstance(source, str):
        source = io.StringIO(source)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            values = np.loadtxt(
                source,
                delimiter=",",
                comments="#",
                dtype=float,
                ndmin=2,
                skiprows=skiprows,
                encoding="utf-8-sig",
            )
        except ValueError:
            return None
    return values if values.shape[0] > 0 and values.shape[1] == len(HOUSE_COLUMNS) else None


def _check_rows(name: str, body: str, first_line: int, values: np.ndarray | None) -> np.ndarray:
    """Raise for the first bad row of ``body`` with its line in the file, or return the values.

    Only called when the fast read failed (``values`` is None) or found a value that is not
    finite. When np.loadtxt read every row, the first bad row is the first with a value that is
    not finite (np.loadtxt reads as a finite number exactly what _ROW accepts). Otherwise one
    search of the text finds the first line that is not a well-formed row; the rows before it
    are read again only if one of them may hold a number too large for a float (an exponent of
    100 or more), or if there is no such line (np.loadtxt stumbled on an indented comment or a
    line of spaces).
    """
    good, bad = body, None
    if values is None:
        padded = "\n" + body
        bad = _FIRST_BAD_LINE.search(padded)
        if bad is not None:
            good = body[: bad.start()]
        if bad is None or (("e" in good or "E" in good) and _BIG_EXPONENT.search(good)):
            values = _parse(_SKIPPED_LINE.sub("", good if good.endswith("\n") else good + "\n"))
        if bad is not None and (values is None or np.isfinite(values).all()):
            line_number = first_line + padded.count("\n", 0, bad.start())
            end = padded.find("\n", bad.end())
            line = padded[bad.end() : end if end >= 0 else None]
            raise ValueError(f"{name}: {_describe_row(line, line_number)}.")
        if values is None:
            raise ValueError(f"{name}: the rows could not be read as numbers; check the file's format.")
    finite = np.isfinite(values).all(axis=1)
    if finite.all():
        return values
    line_index, line = _row_line(good, int(np.argmin(finite)))
    raise ValueError(f"{name}: {_describe_row(line, first_line + line_index)}.")


def _row_line(body: str, row: int) -> tuple[int, str]:
    """(index among the lines of ``body``, text) of its data row number ``row``, counted from 0.

    Only for a ``body`` np.loadtxt has read, or whose lines all passed _FIRST_BAD_LINE: there a
    line is a row when its first byte that is not a space is there and is not '#'. Vectorised
    over the lines; the loop runs once per byte of the longest indentation, not once per line.
    """
    raw = body.encode()
    data = np.frombuffer(raw, dtype=np.uint8)
    ends = np.append(np.flatnonzero(data == ord("\n")), len(raw))
    starts = np.append(0, ends[:-1] + 1)
    first = starts.copy()  # becomes each line's first byte that is not a space
    left = np.flatnonzero(first < ends)
    while left.size:
        left = left[_SPACE_BYTE[data[first[left]]]]
        first[left] += 1
        left = left[first[left] < ends[left]]
    is_row = (first < ends) & (data[np.minimum(first, len(raw) - 1)] != ord("#"))
    index = int(np.flatnonzero(is_row)[row])
    return index, raw[starts[index] : ends[index]].decode()


def _describe_row(line: str, line_number: int) -> str:
    """What is wrong with one row of the file (a row that is not a good row, blank or a comment)."""
    cells = line.split("#", 1)[0].split(",")
    if len(cells) != len(HOUSE_COLUMNS):
        hint = _separator_hint(line)
        if len(cells) > len(HOUSE_COLUMNS):
            hint = " (a comma inside a number, as in 1,500, starts a new cell: write 1500)"
        return (
            f"line {line_number} has {len(cells)} cell{'s' if len(cells) != 1 else ''} "
            f"({line.strip()!r}); every row needs exactly 2 cells, {' and '.join(HOUSE_COLUMNS)}{hint}"
        )
    for column, cell in zip(HOUSE_COLUMNS, cells, strict=True):
        text = cell.strip()
        if _CELL.fullmatch(cell) is None:
            return (
                f"line {line_number}, column {column}: {text!r} is not a finite number"
                f"{_cell_hint(text)}; {'fill in' if not text else 'correct'} or remove that row"
            )
        if not math.isfinite(float(text)):
            return (
                f"line {line_number}, column {column}: {text!r} is not a finite number (it is too "
                "large for a float); correct or remove that row"
            )
    return f"line {line_number} ({line.strip()!r}) could not be read as two numbers"


def _cell_hint(cell: str) -> str:
    """A short reason for a cell that is not a number, when there is a common one."""
    if not cell:
        return " (the cell is empty)"
    if "_" in cell and _CELL.fullmatch(cell.replace("_", "")):
        return " (write it without '_', e.g. 1000 rather than 1_000)"
    if cell.lstrip("+-")[:2].lower() == "0x":
        return " (write it in decimal digits)"
    if any(char.isdigit() and not char.isascii() for char in cell):
        return " (write it with the digits 0-9)"
    if cell[0] in "\"'":
        return " (remove the quotation marks)"
    return ""


def _separator_hint(line: str) -> str:
    """Point out cells separated by something other than commas (a spreadsheet export setting)."""
    for separator, called in _SEPARATORS.items():
        if separator in line:
            return f" (the cells are separated by {called}; save the file with commas between cells)"
    return ""
