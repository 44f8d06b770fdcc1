"""Where in the learner's code: which files are theirs, and the line an error of theirs came from."""

from __future__ import annotations

import linecache
import sysconfig
import traceback
from pathlib import Path

_HELPERS_DIR = Path(__file__).resolve().parent.parent
_LIBRARY_DIRS = tuple(
    {
        Path(p).resolve()
        for key in ("stdlib", "platstdlib", "purelib", "platlib")
        if (p := sysconfig.get_path(key))
    }
)


def is_learner_file(filename: str) -> bool:
    """True for a notebook cell or the learner's own file; False for helpers, libraries, Python."""
    if filename.startswith("<"):
        return not filename.startswith("<frozen")
    path = Path(filename).resolve()
    return not any(path.is_relative_to(d) for d in (_HELPERS_DIR, *_LIBRARY_DIRS))


def learner_frames(exc: BaseException) -> list[traceback.FrameSummary]:
    """The frames of ``exc``'s traceback that run the learner's own code, outermost first."""
    return [f for f in traceback.extract_tb(exc.__traceback__) if is_learner_file(f.filename)]


def raised_in(exc: BaseException, code) -> bool:
    """Did ``exc`` pass through a frame running ``code`` (a function's ``__code__``)?"""
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code is code:
            return True
        tb = tb.tb_next
    return False


def innermost_code(exc: BaseException):
    """The code object of the frame where ``exc`` was raised."""
    tb = exc.__traceback__
    if tb is None:
        return None
    while tb.tb_next is not None:
        tb = tb.tb_next
    return tb.tb_frame.f_code


def place(frame: traceback.FrameSummary) -> str:
    """'Cell In[3], line 2: `return w / 0`', for the line the learner wrote."""
    where = _cell_name(frame.filename) or Path(frame.filename).name
    line = (frame.line or linecache.getline(frame.filename, frame.lineno or 0)).strip()
    return f"{where}, line {frame.lineno}" + (f": `{line}`" if line else "")


def _cell_name(filename: str) -> str | None:
    """'Cell In[3]' when the file is a notebook cell run by IPython, else None."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    try:
        named = shell.compile.format_code_name(filename) if shell is not None else None
    except Exception:  # an IPython without this method: fall back to the file name
        return None
    return " ".join(named) if named else None


def error_text(exc: BaseException) -> str:
    """'ZeroDivisionError: division by zero', the learner's own exception as Python names it."""
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def learner_place(exc: BaseException) -> str | None:
    """Where in the learner's code ``exc`` was raised (their innermost line), or None."""
    frames = learner_frames(exc)
    return place(frames[-1]) if frames else None
