"""Coalescing: when slider values arrive faster than the kernel draws, draw only the newest."""

from __future__ import annotations

import asyncio


class Coalescer:
    """Merges values submitted before they are drawn and draws them once, newest value winning.

    ``submit(values)`` from a slider only records the values and, in a kernel, asks the event loop
    to draw soon: every slider message already waiting in the kernel's queue is handled first
    (each only records its value), so a burst costs one draw of its last values. ``flush()`` draws
    what is pending now; a value submitted while a draw runs is drawn right after it. The last
    values are therefore always drawn, and the readout is set in the same draw as the figure.
    """

    def __init__(self, draw, on_error=None):
        self._draw = draw
        self._on_error = on_error
        self.pending: dict = {}
        self.busy = False
        self.draws = 0
        self.dropped = 0  # values replaced by newer ones before they were drawn
        self._scheduled = None

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
        elif self._scheduled is None:
            self._scheduled = loop.call_soon(self._flush_soon)

    def _flush_soon(self) -> None:
        self._scheduled = None
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

    def cancel(self) -> None:
        if self._scheduled is not None:
            self._scheduled.cancel()
            self._scheduled = None
        self.pending = {}
