"""Calling a learner's function safely: fresh copies and a time limit (their error's line: ``_places``).

The time limit
--------------
A learner's function that never returns (a ``while`` loop whose condition stays true) must not
freeze the kernel. The check stops it after ``TIME_LIMIT`` seconds, by one of two mechanisms:

* On the main thread where ``signal.setitimer`` exists (Linux and macOS, including the
  JupyterLab kernel, which runs cells on its main thread): a ``SIGALRM`` timer. It also stops
  ``time.sleep`` and other waits. The previous ``SIGALRM`` handler is put back afterwards and a
  timer that was already running is re-armed with the time it had left; if that earlier timer
  would fire before the limit, the limit is not armed, so the earlier timer keeps its meaning.
* Elsewhere (Windows, or a check run from another thread) on CPython: a watchdog thread that
  raises the stop inside the learner's thread (``PyThreadState_SetAsyncExc``). It stops pure
  Python loops; a single long call into compiled code (one huge NumPy operation, a sleep) ends
  first and is stopped right after.

Where neither exists (another Python implementation), the function runs without a limit.

A learner's loop may catch the stop itself (a bare ``except:`` or ``except BaseException:``). So
the alarm fires again shortly after the first stop, and then sets a line trace on the learner's
code that raises the stop again at the next line no ``try`` of theirs guards (``_Escape``). The
handler sees where the main thread is, so it never raises in this module's own set-up or clean-up.
The watchdog cannot see that safely and raises the stop once, so off the main thread such a loop
runs on.
"""

from __future__ import annotations

import ast
import copy
import ctypes
import inspect
import math
import signal
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ._feedback import short
from ._places import is_learner_file

#: Seconds a learner's function may run before a check stops it.
TIME_LIMIT = 3.0


class _Flushed(BaseException):
    """Raised by the watchdog in its own thread to clear the interpreter's pending-exception flag."""


class _TimeUp(BaseException):
    """Raised inside the learner's code when the time limit is reached.

    A BaseException, so that a learner's ``except Exception:`` inside the loop cannot swallow it.
    """


# --- The time limit -----------------------------------------------------------------------------


class _Limit:
    """One time limit: ``arm()`` before the call, ``disarm()`` after it, whatever happened.

    This base class is "no limit": arming and disarming do nothing.
    """

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.active = False

    def arm(self) -> None:
        pass

    def disarm(self) -> None:
        self.active = False


class _Alarm(_Limit):
    """SIGALRM on the main thread, restoring whatever handler and timer were there before."""

    armed = stopped = False
    escape = None

    def arm(self) -> None:
        self.started = time.monotonic()
        self.outer = signal.getitimer(signal.ITIMER_REAL)
        if 0 < self.outer[0] <= self.seconds:  # an earlier timer fires first: leave it be
            return
        try:
            self.previous = signal.signal(signal.SIGALRM, self._on_alarm)
        except ValueError:  # not allowed here after all (another interpreter): run without a limit
            return
        self.armed = self.active = True
        signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def _on_alarm(self, signum, frame):
        if not self.active or _ours(frame):
            return
        if not self.stopped:  # the first stop; if the learner's code catches it, the alarm fires again
            self.stopped = True
            signal.setitimer(signal.ITIMER_REAL, _AGAIN)
        else:  # it did catch it: the next stop comes at a line that no try of theirs guards
            self.active = False
            self.escape = _Escape()
            self.escape.install(frame)
        raise _TimeUp

    def disarm(self) -> None:
        self.active = False
        if not self.armed:
            return
        if self.escape is not None:
            self.escape.remove()
        signal.setitimer(signal.ITIMER_REAL, 0)
        # None: the handler was not installed from Python; the default is what was there.
        signal.signal(signal.SIGALRM, signal.SIG_DFL if self.previous is None else self.previous)
        outer_delay, outer_interval = self.outer
        if outer_delay > 0:
            left = outer_delay - (time.monotonic() - self.started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6), outer_interval)


class _Escape:
    """A line trace on the learner's frames that raises the stop at their next line outside any
    ``try`` body with handlers (a line of an ``except`` body, or of the loop around the ``try``)."""

    def __init__(self):
        self.previous = sys.gettrace()
        self.frames = []
        self.guarded = {}

    def install(self, frame) -> None:
        while frame is not None and not _ours(frame):
            if is_learner_file(frame.f_code.co_filename):
                frame.f_trace = self.trace
                self.frames.append(frame)
            frame = frame.f_back
        sys.settrace(self.trace)

    def trace(self, frame, event, arg):
        if _ours(frame) or not is_learner_file(frame.f_code.co_filename):
            return None
        if event == "line" and frame.f_lineno not in self._guarded_lines(frame.f_code):
            raise _TimeUp
        return self.trace

    def _guarded_lines(self, code) -> set[int]:
        if code not in self.guarded:
            self.guarded[code] = _try_body_lines(code)
        return self.guarded[code]

    def remove(self) -> None:
        sys.settrace(self.previous)
        for frame in self.frames:
            frame.f_trace = None
        self.frames.clear()


def _try_body_lines(code) -> set[int]:
    """The lines of ``code``'s function that lie in the body of a ``try`` with ``except`` handlers."""
    try:
        lines, first = inspect.getsourcelines(code)
        tree = ast.parse(textwrap.dedent("".join(lines)))
    except (OSError, TypeError, SyntaxError):
        return set()
    first = max(first, 1)
    guarded = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try | getattr(ast, "TryStar", ast.Try)) and node.handlers:
            start, end = node.body[0].lineno, node.body[-1].end_lineno
            guarded.update(range(start + first - 1, end + first))
    return guarded


#: Seconds after the first stop at which the alarm fires again, if the learner's code caught it.
_AGAIN = 0.05


class _Watchdog(_Limit):
    """A timer thread that raises the stop inside the thread running the learner's code."""

    def arm(self) -> None:
        self.thread_id = threading.get_ident()
        self.lock = threading.Lock()
        self.fired = False
        self.active = True
        self.timer = threading.Timer(self.seconds, self._fire)
        self.timer.daemon = True
        self.timer.start()

    def _fire(self) -> None:
        with self.lock:
            if self.active:
                self.fired = True
                _async_raise(self.thread_id, _TimeUp)

    def disarm(self) -> None:
        self.timer.cancel()
        with self.lock:
            self.active = False
            pending = self.fired
        if pending:  # fired as the function returned: take back the stop if not yet delivered
            _async_raise(self.thread_id, None)
            # Taking it back leaves CPython 3.11's "exception pending" flag set, and with a trace or
            # profile function in effect any later call would then spin at its first line for ever.
            # Receiving a harmless exception here clears the flag.
            try:
                _async_raise(self.thread_id, _Flushed)
                while True:
                    pass
            except _Flushed:
                pass


def _ours(frame) -> bool:
    """Is ``frame`` running this module's own code (the call's set-up or clean-up)?"""
    return frame is not None and frame.f_code.co_filename == __file__


def _async_raise(thread_id: int, exc_type) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc_type) if exc_type is not None else None
    )


def limit_mechanism() -> str:
    """Which time limit a call made now would get: 'alarm', 'watchdog' or 'none'."""
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        return "alarm"
    if sys.implementation.name == "cpython" and hasattr(ctypes, "pythonapi"):
        return "watchdog"
    return "none"


def _make_limit(seconds: float | None) -> _Limit:
    if seconds is None or not math.isfinite(seconds) or seconds <= 0:
        return _Limit(0.0)
    mechanism = limit_mechanism()
    if mechanism == "alarm":
        return _Alarm(seconds)
    if mechanism == "watchdog":
        return _Watchdog(seconds)
    return _Limit(seconds)


# --- One call -----------------------------------------------------------------------------------


@dataclass
class Call:
    """What happened when the learner's function was called once."""

    args: tuple
    time_limit: float | None = None
    value: object = None
    error: BaseException | None = None
    timed_out: bool = False
    #: (parameter name, what changed) for every input the function changed.
    changed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and not self.timed_out and not self.changed


def call_learner(fn: Callable, args: tuple, params: tuple[str, ...], *, time_limit: float | None) -> Call:
    """Call ``fn`` on deep copies of ``args`` within ``time_limit`` seconds; never raises.

    ``args`` themselves are never handed to the learner, so the reference answer is always
    computed from the data as it was. ``params`` names the inputs in messages.
    """
    given = copy.deepcopy(args)
    call = Call(args=args, time_limit=time_limit)
    limit = _make_limit(time_limit)
    try:
        try:
            limit.arm()  # inside: on a busy machine the limit can be up before arm() returns
            call.value = fn(*given)
        finally:
            limit.disarm()
    except _TimeUp as exc:
        call.timed_out, call.error = True, exc
    except Exception as exc:  # the learner's code: report it, never crash the check
        call.error = exc
    call.changed = changed_inputs(args, given, params)
    return call


def changed_inputs(before: tuple, after: tuple, params: tuple[str, ...]) -> list[tuple[str, str]]:
    """Every array or list among the inputs that differs from the original, with how."""
    names = params if len(params) == len(before) else tuple(f"argument {i + 1}" for i in range(len(before)))
    changes = []
    for name, old, new in zip(names, before, after, strict=True):
        if isinstance(old, np.ndarray):
            new_arr = np.asarray(new)
            if new_arr.shape != old.shape:
                changes.append((name, f"its shape went from {old.shape} to {new_arr.shape}"))
            elif not np.array_equal(old, new_arr, equal_nan=True):
                i = int(np.flatnonzero(~((old == new_arr) | (np.isnan(old) & np.isnan(new_arr))))[0])
                changes.append((name, f"{name}[{i}] was {short(old[i])} and is now {short(new_arr[i])}"))
        elif isinstance(old, list):
            try:
                same = bool(np.array_equal(np.asarray(old, dtype=float), np.asarray(new, dtype=float)))
            except (TypeError, ValueError):
                same = old == new
            if not same:
                changes.append((name, f"it was {short(old)} and is now {short(new)}"))
    return changes


def parameters(fn: Callable) -> tuple[str, ...] | None:
    """The names of ``fn``'s parameters, or None when Python cannot tell."""
    try:
        return tuple(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return None


def accepts(fn: Callable, count: int) -> bool:
    """Can ``fn`` be called with ``count`` positional arguments?"""
    try:
        inspect.signature(fn).bind(*range(count))
    except TypeError:
        return False
    except ValueError:  # no signature available (some built-ins): let the call decide
        return True
    return True
