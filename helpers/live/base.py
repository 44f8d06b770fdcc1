"""The explorer contract and what every explorer shares.

An explorer is one figure with sliders and Step / Play / Reset. A subclass declares its
``SLIDERS`` (the ``update()`` keywords, in the order the sliders appear: α, the start, the
iterations), makes those sliders, and provides five hooks:

- ``build_artists(fig)``: make the Axes and every artist once; return the artists that move;
- ``recompute(changed)``: recompute the numbers after the values in ``changed`` were set; return
  the Axes whose limits changed (they are redrawn into the blitting background);
- ``set_artists()``: move the artists with setters (``set_data``, ``set_verts``) only;
- ``readout_html()``: the readout beside the figure;
- ``describe()``: one sentence saying what the figure shows (the picture's alt text).

Then one call, ``self._finish(key=...)``, does the rest: validates the start values, builds and
draws the figure, makes the player, lays the widget out and registers the explorer with its cell.
Everything shared is held, not inherited: ``self.player`` (Step / Play / Reset), ``self.blitter``,
``self.coalescer`` (slider bursts), the canvas (``canvas.py``), the figure's view in the browser
and the readout (``view.py``), the registry (``registry.py``).
"""

from __future__ import annotations

import abc
import functools
import traceback
from contextlib import contextmanager

import ipywidgets as widgets
from matplotlib.figure import Figure

from .. import plots
from .._validate import as_real
from . import controls, layout, registry
from .blit import Blitter
from .canvas import attach_canvas, frame_pixels
from .coalesce import Coalescer
from .player import Player
from .view import Readout


class Explorer(abc.ABC):
    """One live figure: see the module docstring for the contract."""

    #: update() keywords, in the order their sliders appear (α, the start, the iterations)
    SLIDERS: tuple[str, ...] = ()
    #: The most iterations a run here takes: a larger ``num_iters`` is capped (and the readout says so).
    MAX_ITERS = 10_000
    #: The most points a path or cost curve draws: a longer run is drawn every n-th step.
    MAX_DRAWN = 1_000
    #: The figure's size in CSS pixels, at most ``layout.MAX_FIGURE_PX`` (see ``layout.py``).
    FIGURE_PX = (520, 300)

    def __init_subclass__(cls, **kwargs):
        """An explorer whose construction fails closes what it had made (widgets, the canvas)."""
        super().__init_subclass__(**kwargs)
        init = cls.__dict__.get("__init__")
        if init is None or getattr(init, "_closes_on_error", False):
            return

        @functools.wraps(init)
        def __init__(self, *args, **kwargs):
            try:
                init(self, *args, **kwargs)
            except BaseException:
                self.close()
                raise

        __init__._closes_on_error = True
        cls.__init__ = __init__

    def __init__(self):
        self._closed = False
        self._holding = False
        self._iters_asked: int | None = None
        self._current = 0
        self._slot = None
        self._state: dict = {}
        self._view = None
        self.fig = self.blitter = self.player = self.widget = None
        self.sliders: dict[str, widgets.Widget] = {}
        self.hints: dict[str, widgets.Widget] = {}
        self.last_error: BaseException | None = None
        self.coalescer = Coalescer(self._draw_values, on_error=self._show_error)
        self.output = widgets.Output(layout=widgets.Layout(max_width="100%"))
        self.output.add_class("gd-errors")
        self.readout = Readout()

    # -- the contract -------------------------------------------------------------------------

    @abc.abstractmethod
    def build_artists(self, fig: Figure) -> list:
        """Make the Axes and artists on ``fig`` once; return the artists that move."""

    @abc.abstractmethod
    def recompute(self, changed: set) -> list:
        """Recompute after the values named in ``changed`` were set; return Axes whose limits changed."""

    @abc.abstractmethod
    def set_artists(self) -> None:
        """Move the artists to the state now (setters only)."""

    @abc.abstractmethod
    def readout_html(self) -> str:
        """The readout for the state now."""

    @abc.abstractmethod
    def describe(self) -> str:
        """One sentence saying what the figure shows now (the image's alt text)."""

    def last_index(self) -> int:
        """The last iteration Step and Play can reach."""
        return self.result.iterations

    def go_to(self, k: int, *, reset: bool = False) -> None:
        """Show iteration ``k`` (what Step, Play and Reset do)."""
        self.check_open()
        self._current = int(min(max(int(k), 0), self.last_index()))
        self._render()

    # -- building -----------------------------------------------------------------------------

    def _add_slider(self, name: str, slider, hint: str = "") -> None:
        self.sliders[name] = slider
        if hint:
            self.hints[name] = controls.hint(hint)

    def _iters(self, num_iters, *, floor: int, step: int = 1, tooltip: str):
        slider, self._iters_asked = controls.iters_slider(num_iters, most=self.MAX_ITERS, floor=floor,
                                                         step=step, tooltip=tooltip)
        self._state["num_iters"] = slider.value
        return slider

    def _finish(self, *, key, interval: float = 0.25, tooltips: dict | None = None) -> None:
        """The constructor's tail, the same for every explorer (see the module docstring)."""
        for name in self.SLIDERS:
            self._state[name] = self._check_value(name, self._state[name])
        self.recompute(set(self.SLIDERS))
        width, height = self.FIGURE_PX
        if width > layout.MAX_FIGURE_PX[0] or height > layout.MAX_FIGURE_PX[1]:
            raise ValueError(f"FIGURE_PX = {self.FIGURE_PX} is more than fits beside the controls on a "
                             f"laptop, {layout.MAX_FIGURE_PX}; make the figure smaller.")
        self.fig = Figure(figsize=(width / layout.DPI, height / layout.DPI), dpi=layout.DPI,
                          layout="constrained")
        canvas = attach_canvas(self.fig)
        self.blitter = Blitter(self.fig)
        self._press_cid = canvas.mpl_connect("button_press_event", self.guarded(self._on_press))
        with plots.course_style():
            self.blitter.freeze(self.build_artists(self.fig))
            self.player = Player(self, interval=interval, tooltips=tooltips)
            self._render(full=True)
        self._view = layout.figure_view(self)
        self.widget = layout.assemble(self)
        for name, slider in self.sliders.items():
            slider.observe(self.guarded(functools.partial(self._on_slider, name)), names="value")
        registry.register(self, key)

    #: The figure's widget in the browser (``view.FrameView``): its frames, readout and alt text.
    view_ = property(lambda self: self._view)

    @property
    def ax_(self):
        """The main Axes (where a click sets the start)."""
        return self.clicked_axes()[0]

    # -- drawing ------------------------------------------------------------------------------

    def _render(self, full: bool = False, axes=()) -> None:
        self.set_artists()
        if self.player is not None:
            self.player.sync()
        self.blitter.repaint(full, axes)
        self._send_frame()

    def _send_frame(self) -> None:
        """The picture as drawn, with its readout and alt text, to the browser (one message)."""
        if self._view is None:  # still being built: the view's first frame goes when a browser asks
            self.readout.value = self.readout_html()
        else:
            self._view.show(frame_pixels(self.fig.canvas), self.readout_html(), self.describe())

    # -- state --------------------------------------------------------------------------------

    @contextmanager
    def _hold(self):
        """Set widget values from the kernel without their observers running again."""
        held, self._holding = self._holding, True
        try:
            yield
        finally:
            self._holding = held

    def check_open(self) -> None:
        if self._closed:
            raise RuntimeError(
                "this explorer is closed (its cell was run again, or .close() was called); use the new one."
            )

    def _check_value(self, name, value):
        """``value`` for the slider of ``name``, or an error that says what to pass instead."""
        return controls.check_value(name, self.sliders[name], value, most=self.MAX_ITERS)

    def update(self, **values) -> None:
        """Set any of the sliders' values and redraw once: exactly what moving the sliders does.

        A value the explorer cannot show is refused with a message; the sliders, the readout and
        the figure then still show the state before, as they do if redrawing fails. An α between
        the slider's notches becomes a notch of its own, so it stays exactly as set.
        """
        self.check_open()
        unknown = sorted(set(values) - set(self.SLIDERS))
        if unknown:
            raise TypeError(f"update() got {', '.join(unknown)}; it takes {', '.join(self.SLIDERS)}.")
        values = {name: self._check_value(name, value) for name, value in values.items()}
        self.coalescer.submit(values, defer=False)

    def _draw_values(self, values) -> None:
        """Set, recompute and draw ``values`` (the coalescer calls this); undo all of it on failure."""
        before = dict(self._state), self._current, getattr(self, "_origin", None)
        self._show_values(values)
        try:
            self._render(axes=self.recompute(set(values)))
        except Exception:
            self._restore(before, set(values))
            raise

    def _show_values(self, values) -> None:
        with self._hold():
            for name, value in values.items():
                slider = self.sliders[name]
                if isinstance(slider, widgets.SelectionSlider):
                    controls.add_notch(slider, value)
                slider.value = value
        self._state.update(values)

    def _restore(self, before, changed) -> None:
        """Back to the state ``before`` an update that failed: sliders, numbers and figure agree."""
        state, current, origin = before
        self._show_values({name: state[name] for name in changed})
        try:
            rescaled = self.recompute(changed)
            self._current = current
            if origin is not None:
                self._origin = origin
            self._render(axes=rescaled)
        except Exception:  # the state before worked once; if it fails now, the first error is the news
            pass

    def _on_slider(self, name, change) -> None:
        if self._holding or self._is_echo(name, change["new"]):
            return
        try:
            value = self._check_value(name, change["new"])
        except Exception:
            # A value set from code (NaN, say) that cannot be shown: the slider goes back to the value
            # the figure shows, and the error beside the figure says why.
            self._show_values({name: self._state[name]})
            raise
        self.coalescer.submit({name: value})

    def _is_echo(self, name, new) -> bool:
        """Is ``new`` the browser snapping the kernel's value to the slider's grid?

        A value set from the kernel (a click, a Step) is rarely on a start slider's grid; the
        browser moves it to the nearest grid point and sends that back. A learner's own move is at
        least half a step away from the value the kernel holds, so anything closer is that echo.
        """
        slider, old = self.sliders[name], {**self._state, **self.coalescer.pending}[name]
        if isinstance(slider, widgets.FloatSlider):
            return abs(new - old) <= slider.step / 2 + 1e-12 * max(1.0, abs(old))
        return new == old

    # -- the player ---------------------------------------------------------------------------

    @property
    def current(self) -> int:
        """The iteration on show: Step adds one, Play walks to the end, Reset goes back to 0."""
        return self._current

    @current.setter
    def current(self, k) -> None:
        self.go_to(k)

    def step(self) -> None:
        """One more iteration on show (what the Step button does)."""
        self.player.step()

    def play(self) -> None:
        """Walk through the iterations from the start (what the Play button does)."""
        self.player.play()

    def pause(self) -> None:
        """Stop playing (what pressing Play a second time does)."""
        if self.player is not None:
            self.player.pause()

    def reset(self) -> None:
        """Back to the start (what the Reset button does); clears an error shown below."""
        self.player.reset()

    @property
    def playing(self) -> bool:
        return self.player.playing

    @property
    def play_interval(self) -> float:
        return self.player.interval

    @play_interval.setter
    def play_interval(self, seconds: float) -> None:
        self.player.interval = seconds

    step_button = property(lambda self: self.player.step_button)
    play_button = property(lambda self: self.player.play_button)
    reset_button = property(lambda self: self.player.reset_button)

    # -- mouse ------------------------------------------------------------------------------------

    def clicked_axes(self) -> tuple:
        """The Axes on which a click sets the start (each explorer names its own)."""
        return ()

    def _on_press(self, event) -> None:
        if event.button != 1 or event.inaxes is None or event.xdata is None or self._closed:
            return
        if event.inaxes in self.clicked_axes():
            self.on_click(event)

    def on_click(self, event) -> None:
        self.click(event.xdata)

    @staticmethod
    def _clip_to(slider, value, name: str) -> float:
        """``value`` as a float, moved inside ``slider``'s range (where a click far out lands)."""
        return min(max(as_real(value, name), slider.min), slider.max)

    # -- errors -----------------------------------------------------------------------------------

    def guarded(self, callback):
        """Wrap a widget or mouse callback so an error in it is shown beside the figure."""

        @functools.wraps(callback)
        def guarded(*args, **kwargs):
            try:
                return callback(*args, **kwargs)
            except Exception as exc:  # shown in the notebook, where the learner looks, not only logged
                self._show_error(exc)
                return None

        return guarded

    def _show_error(self, exc: BaseException) -> None:
        """Show the error beside the figure: what went wrong first, the details after."""
        self.last_error = exc
        details = traceback.format_exception(type(exc), exc, exc.__traceback__)
        self.output.outputs = ({
            "output_type": "error", "ename": type(exc).__name__, "evalue": str(exc),
            "traceback": [f"\x1b[1;31m{type(exc).__name__}: {exc}\x1b[0m",
                          "The figure still shows the last state that worked. Details:", "",
                          *(line.rstrip("\n") for line in details)],
        },)

    # -- display and closing -----------------------------------------------------------------

    def to_png(self, *, small: bool = True) -> bytes:
        """The figure as it is now, as PNG bytes: its last frame, the same as a fresh drawing."""
        return layout.to_png(self.fig, small=small, pixels=layout.drawn_pixels(self.fig))

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        return layout.mimebundle(self, include=include, exclude=exclude, **kwargs)

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Close the figure and every control (what running the explorer's cell again does)."""
        if self._closed:
            return
        self.pause()
        self.coalescer.cancel()
        self._closed = True
        canvas = None if self.fig is None else self.fig.canvas
        if self.blitter is not None:
            self.blitter.close()
            canvas.mpl_disconnect(self._press_cid)
        owned = [self.output, self.readout, *self.sliders.values(), *self.hints.values(), self._view,
                 getattr(self, "after_figure", None)]
        if self.player is not None:
            owned += self.player.widgets
        # The whole tree, root first (the front end drops the view at once), then every part of it.
        for widget in registry.widget_tree(self.widget, canvas, owned):
            widget.close()
        registry.forget(self)

    def __repr__(self) -> str:
        state = "closed" if self._closed else self.describe()
        return f"<{type(self).__name__}: {state}>"

