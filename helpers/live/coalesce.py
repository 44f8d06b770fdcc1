"""Coalescing: when slider values arrive faster than the kernel draws, draw only the newest."""

from __future__ import annotations

import asyncio


class Coalescer:
    """Merges values submitted before they are drawn and draws them once, newest value winning.

    ``submit(values)`` from a slider, in a kernel: the first values after the event loop last
    turned are drawn at once, so their frame leaves before the kernel reports "idle" (the browser
    then has it about 10 ms sooner). Values that follow in the same turn (slider messages already
    waiting in the kernel's queue: a burst) are only recorded, and drawn once, newest winning, when
    the loop turns. ``flush()`` draws what is pending now; a value submitted while a draw runs is
    drawn right after it. The last values are therefore always drawn, and the readout is set in
    the same draw as the figure.
    """

    def __init__(self, draw, on_error=None):
        self._draw = draw
        self._on_error = on_error
        self.pending: dict = {}
        self.busy = False
        self.draws = 0
        self.dropped = 0  # values replaced by newer ones before they were drawn
        self._scheduled = None
        self._drew_this_turn = False

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
        elif not self._drew_this_turn:
            self._drew_this_turn = True
            loop.call_soon(self._next_turn)
            self._flush_reporting()
        elif self._scheduled is None:
            self._scheduled = loop.call_soon(self._flush_soon)

    def _next_turn(self) -> None:
        self._drew_this_turn = False

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

    def cancel(self) -> None:
        if self._scheduled is not None:
            self._scheduled.cancel()
            self._scheduled = None
        self.pending = {}
