"""Coalescing: when slider values arrive faster than the kernel draws, draw only the newest."""

from __future__ import annotations

import asyncio
import math
import time


class Coalescer:
    """Merges values submitted before they are drawn and draws them once, newest value winning.

    ``submit(values)`` from a slider, in a kernel: a value that comes after a pause (nothing drawn
    for ``QUIET_S``) is drawn at once, so its frame leaves before the kernel reports "idle" (the
    browser then has it about 10 ms sooner). Values that come hard on the heels of a draw (a drag,
    or a burst of slider messages waiting in the kernel's queue) are only recorded, and drawn once,
    newest winning, ``QUIET_S`` later: the values still waiting are read by then, so the kernel
    spends no draw on a value that is already out of date. ``flush()`` draws what is pending now; a
    value submitted while a draw runs is drawn right after it. The last values are therefore always
    drawn, and the readout is set in the same draw as the figure.
    """

    #: How long after a draw a new value waits for the values queued behind it (seconds).
    QUIET_S = 0.003

    def __init__(self, draw, on_error=None):
        self._draw = draw
        self._on_error = on_error
        self.pending: dict = {}
        self.busy = False
        self.draws = 0
        self.dropped = 0  # values replaced by newer ones before they were drawn
        self._scheduled = None
        self._drawn_at = -math.inf  # when the last draw ended (time.monotonic)

    def submit(self, values: dict, *, defer: bool = True) -> None:
        self.dropped += len(set(values) & set(self.pending))
        self.pending.update(values)
        if self.busy:
            return
        loop = None
        if defer:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                loop = None
        if loop is None:
            self.flush()
        elif self._scheduled is not None:
            return  # a draw of the newest values is on its way
        elif time.monotonic() - self._drawn_at >= self.QUIET_S:
            self._flush_reporting()
        else:
            self._scheduled = loop.call_later(self.QUIET_S, self._flush_soon)

    def _flush_soon(self) -> None:
        self._scheduled = None
        self._flush_reporting()

    def _flush_reporting(self) -> None:
        try:
            self.flush()
        except Exception as exc:
            if self._on_error is None:
                raise
            self._on_error(exc)

    def flush(self) -> None:
        """Draw what is pending (and whatever arrives while drawing), then return."""
        if self.busy:
            return
        self.busy = True
        try:
            while self.pending:
                values, self.pending = self.pending, {}
                self.draws += 1
                self._draw(values)
        finally:
            self.busy = False
            self.pending = {}
            self._drawn_at = time.monotonic()

    def cancel(self) -> None:
        if self._scheduled is not None:
            self._scheduled.cancel()
            self._scheduled = None
        self.pending = {}
