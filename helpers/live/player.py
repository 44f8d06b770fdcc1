"""Step / Play / Reset: one player object that every explorer holds.

The player walks the explorer's ``current`` iteration: Step adds one, Play walks to the last one
on a timer (one frame per ``interval`` seconds: the first ``ONE_BY_ONE`` steps one at a time, where
a path turns and zig-zags, then the rest of a long run in about 110 frames), Reset goes back to
0. Play is a ``ToggleButton`` that reads "Play" / "Pause" (ipywidgets' Play widget animates in the
browser, but its buttons carry no names for a screen reader).
"""

from __future__ import annotations

import asyncio

import ipywidgets as widgets

from . import controls

#: Play shows this many first steps one at a time before it speeds up.
ONE_BY_ONE = 10
#: ... and then the rest of a long run in about this many frames.
REST_FRAMES = 110


class Player:
    """Step, Play and Reset for ``explorer`` (which provides ``current``, ``last_index()`` and
    ``go_to(k)``); ``.box`` is the row of the three buttons."""

    def __init__(self, explorer, *, interval: float = 0.25, tooltips: dict | None = None):
        self.explorer = explorer
        self.interval = interval
        self._timer = None
        self._walking = False
        self._holding = False
        tips = {"step": "Take one more step of gradient descent",
                "play": "Walk through the steps one at a time, from the start (press again to pause)",
                "reset": "Go back to the start, before any step", **(tooltips or {})}
        self.step_button = controls.button("Step", "step-forward", tips["step"])
        self.play_button = controls.button("Play", "play", tips["play"], toggle=True)
        self.reset_button = controls.button("Reset", "undo", tips["reset"])
        guarded = explorer.guarded
        self.step_button.on_click(guarded(lambda _: self.step()))
        self.reset_button.on_click(guarded(lambda _: self.reset()))
        self.play_button.observe(guarded(self._on_play), names="value")
        self.box = widgets.HBox([self.step_button, self.play_button, self.reset_button],
                                layout=widgets.Layout(align_items="center", flex_flow="row wrap"))

    @property
    def widgets(self) -> list:
        return [self.step_button, self.play_button, self.reset_button, self.box]

    @property
    def playing(self) -> bool:
        return self._timer is not None or self._walking

    def step(self) -> None:
        self.pause()
        self.explorer.go_to(self.explorer.current + 1)

    def reset(self) -> None:
        self.pause()
        self.explorer.output.outputs = ()
        self.explorer.go_to(0, reset=True)

    def play(self) -> None:
        """Walk from the start (or from here) to the last iteration; at once without an event loop."""
        self.explorer.check_open()
        self._cancel()
        if self.explorer.current >= self.explorer.last_index():
            self.explorer.go_to(0, reset=True)
        self._show(True)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:
            self._walking = True
            try:
                while self._walking and self.explorer.current < self.explorer.last_index():
                    self._advance()
            finally:
                self._walking = False
                self._show(False)
            return
        self._timer = loop.call_later(self.interval, self.explorer.guarded(self._tick))

    def pause(self) -> None:
        self._walking = False
        self._cancel()
        self._show(False)

    def sync(self) -> None:
        """Step is off at the last iteration."""
        self.step_button.disabled = self.explorer.current >= self.explorer.last_index()

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _advance(self) -> None:
        last, k = self.explorer.last_index(), self.explorer.current
        stride = 1 if k < ONE_BY_ONE else max(1, (last - ONE_BY_ONE) // REST_FRAMES)
        self.explorer.go_to(min(k + stride, last))

    def _tick(self) -> None:
        self._timer = None
        if self.explorer.closed or not self.play_button.value:
            return
        self._advance()
        if self.explorer.current >= self.explorer.last_index():
            self._show(False)
        else:
            loop = asyncio.get_running_loop()
            self._timer = loop.call_later(self.interval, self.explorer.guarded(self._tick))

    def _show(self, on: bool) -> None:
        self._holding = True
        try:
            self.play_button.value = on
        finally:
            self._holding = False
        self.play_button.description = "Pause" if on else "Play"
        self.play_button.icon = "pause" if on else "play"

    def _on_play(self, change) -> None:
        if self._holding:
            return
        if change["new"]:
            self.play()
        else:
            self.pause()
