"""Live figures: sliders over α and the start that redraw gradient descent in place, fast.

Each explorer makes its one figure once and keeps the artists that move. A slider move
recomputes only the descent, moves those artists with setters (``set_data``, ``set_text``) and
repaints just them over a saved picture of everything else (blitting); curves, contours and
surfaces are computed once per cost or data set. In a notebook the figure is an ipympl canvas
whatever ``%matplotlib`` says; without ipympl (scripts, tests) it is a plain Agg canvas and all
the rest works the same.

Every explorer has ``.widget`` (the box to display; displaying the explorer displays it, with a
static PNG for notebooks read without a kernel), ``.fig``, ``.readout``, ``.output`` (where an
error inside a callback is shown), ``.update(**values)`` (what a slider move does), ``.current``
(the iteration shown), ``.click(...)`` (what a click on the figure does) and ``.close()``.
Running the cell that made an explorer again closes the figure it replaced.
"""

from __future__ import annotations

import asyncio
import base64
import collections
import functools
import hashlib
import html
import io
import math
import numbers
import struct
import traceback
import warnings
import zlib
from contextlib import contextmanager

import ipywidgets as widgets
import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import EngFormatter, MaxNLocator
from matplotlib.transforms import Bbox, IdentityTransform
from PIL import Image

from . import plots
from ._validate import as_real, check_num_iters
from .costs import Cost1D
from .descent import descend_many, least_squares, max_stable_alpha
from .fastpath import QuadraticDescent, gradient_descent_1d_fast
from .plots import PALETTE, evaluate


def _import_ipympl():
    """ipympl's canvas and manager, or (None, None) without ipympl.

    Importing the ``ipympl`` package calls ``matplotlib.use(ipympl)`` when matplotlib is loaded,
    which would switch the notebook's pyplot backend (and close its figures). The explorers only
    need the canvas class, so that call is made a no-op for the duration of the import.
    """
    real_use = matplotlib.use
    matplotlib.use = lambda *args, **kwargs: None
    try:
        from ipympl.backend_nbagg import Canvas, FigureManager
    except ImportError:  # pragma: no cover - ipympl is in requirements.txt
        return None, None
    finally:
        matplotlib.use = real_use
    return Canvas, FigureManager


_IpymplCanvas, _IpymplManager = _import_ipympl()

__all__ = ["BasinsExplorer", "DescentExplorer", "RegressionExplorer", "TangentExplorer"]

_SLIDER_LAYOUT = {"width": "440px"}
_SLIDER_STYLE = {"description_width": "130px"}


# --------------------------------------------------------------------------- the canvas


def _encode_png(rgba: np.ndarray, level: int = 1) -> bytes:
    """PNG bytes of an RGBA array, with no row filter and fast zlib: the frames are mostly empty.

    Pillow's encoder tries a filter per row and spends ~8 ms on a 760×300 frame; this takes ~2 ms.
    """
    height, width, _ = rgba.shape
    raw = np.empty((height, 1 + 4 * width), dtype=np.uint8)  # each row: filter byte 0, then pixels
    raw[:, 0] = 0
    raw[:, 1:] = rgba.reshape(height, 4 * width)

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, level))
        + chunk(b"IEND", b"")
    )


if _IpymplCanvas is not None:

    class _LiveCanvas(_IpymplCanvas):
        """ipympl's canvas with a cheaper frame encoder (same protocol, same messages).

        After a blit, webagg sends the browser a PNG of the pixels that changed (the rest
        transparent). Here that PNG is cropped to the changed rows and columns and written without
        row filters, which makes a frame several times cheaper to produce in the kernel.
        """

        def get_diff_image(self):
            if not self._png_is_old:
                return None
            pixels = np.asarray(self.get_renderer().buffer_rgba())
            buff = pixels.view(np.uint32).squeeze(2)
            output = None
            # A diff frame can only draw opaque pixels over the old ones (alpha is the top byte).
            opaque = not (buff < np.uint32(0xFF000000)).any()
            if opaque and not self._force_full and buff.shape == self._last_buff.shape:
                changed = buff != self._last_buff
                rows, cols = np.flatnonzero(changed.any(axis=1)), np.flatnonzero(changed.any(axis=0))
                if rows.size == 0:
                    output = np.zeros((1, 1), dtype=np.uint32)
                else:  # the browser draws the frame at the top-left corner: crop only bottom and right
                    bottom, right = rows[-1] + 1, cols[-1] + 1
                    output = np.where(changed[:bottom, :right], buff[:bottom, :right], np.uint32(0))
            if output is None:  # a full frame: the first, after a resize, or with transparency
                self.set_image_mode("full")
                output = buff
            else:
                self.set_image_mode("diff")
            self._last_buff = buff.copy()
            self._force_full = False
            self._png_is_old = False
            return _encode_png(output.view(np.uint8).reshape(*output.shape, 4))

        def draw(self):
            # Every draw in the course's style: a redraw the browser asks for much later (a resize,
            # a refresh) must render text exactly as the first draw did.
            with plots.course_style():
                super().draw()

        def send_binary(self, data):
            # Without a browser attached (e.g. nbclient), keep the data URL of the last full frame.
            if self.syncing_data_url and self._current_image_mode == "full":
                frame = self._last_buff.view(np.uint8).reshape(*self._last_buff.shape, 4)
                self._data_url = "data:image/png;base64," + base64.b64encode(_encode_png(frame)).decode()
            self.send({"data": '{"type": "binary"}'}, buffers=[data])

else:  # pragma: no cover
    _LiveCanvas = None


class _StyledAggCanvas(FigureCanvasAgg):
    """Agg, for explorers without ipympl: every draw in the course's style, as the live canvas."""

    def draw(self):
        with plots.course_style():
            super().draw()


_figure_numbers = iter(range(1, 10**9))


def _attach_canvas(fig: Figure):
    """Give ``fig`` its canvas: ipympl's live one if installed, else Agg. Not registered in pyplot.

    Keeping explorers out of pyplot means ``plt.plot`` in a later cell never draws into one and
    ``plt.close("all")`` does not kill them; the explorer closes its own figure.
    """
    if _LiveCanvas is None:
        return _StyledAggCanvas(fig)
    canvas = _LiveCanvas(fig)
    with warnings.catch_warnings():
        # ipympl's toolbar passes its canvas on to traitlets, which calls that deprecated.
        warnings.filterwarnings("ignore", r"Passing unrecognized arguments", DeprecationWarning)
        manager = _IpymplManager(canvas, next(_figure_numbers))
    if manager.key_press_handler_id is not None:  # no matplotlib key shortcuts (l = log scale, q = quit)
        canvas.mpl_disconnect(manager.key_press_handler_id)
    canvas.header_visible = False
    canvas.footer_visible = False
    canvas.toolbar_visible = "hidden"  # pan and zoom would fight the click that sets the start
    canvas.resizable = False
    return canvas


# --------------------------------------------------------------------------- re-running a cell

_LIVE: dict = {}  # slot (a cell, or an explicit key) -> (execution id, [explorers made by it])


def _kernel_parent() -> dict:
    """The request the kernel is executing now (JupyterLab puts the cell's id in its metadata)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return {}
    shell = get_ipython()
    kernel = getattr(shell, "kernel", None)
    if kernel is None:
        return {}
    try:
        parent = kernel.get_parent("shell")
    except Exception:  # older kernels
        parent = getattr(shell, "parent_header", None)
    return parent if isinstance(parent, dict) else {}


def _register(explorer, key) -> None:
    """Remember which cell made ``explorer``; close what an earlier run of that cell made."""
    if key is not None:
        slot, execution = ("key", key), object()
    else:
        parent = _kernel_parent()
        cell = (parent.get("metadata") or {}).get("cellId")
        if cell is None:  # not JupyterLab: the same code run again is taken to be the same cell
            code = (parent.get("content") or {}).get("code")
            cell = hashlib.sha1(code.encode()).hexdigest() if code else None
        if cell is None:
            return
        slot, execution = ("cell", cell), (parent.get("header") or {}).get("msg_id")
    previous_execution, previous = _LIVE.get(slot, (None, []))
    if previous_execution != execution:
        for old in previous:
            old.close()
        previous = []
    _LIVE[slot] = (execution, [*previous, explorer])
    explorer._slot = slot


def _widget_tree(*roots) -> list:
    """Every widget reachable from ``roots``: children, Layout and style objects, a canvas's toolbar.

    Closing a box in ipywidgets closes only the box; each Layout, style and child stays alive in
    the kernel (and in the front end's widget manager) until it is closed itself. This walks the
    synced traits, so whatever a widget holds is found without knowing its class.
    """
    found: dict[int, widgets.Widget] = {}
    queue = collections.deque(roots)  # breadth first: the roots come first in the list
    while queue:
        item = queue.popleft()
        if isinstance(item, (list, tuple)):
            queue.extend(item)
            continue
        if not isinstance(item, widgets.Widget) or id(item) in found:
            continue
        found[id(item)] = item
        for name in item.keys:
            value = getattr(item, name, None)
            if isinstance(value, (widgets.Widget, list, tuple)):
                queue.append(value)
    return list(found.values())


def _forget(explorer) -> None:
    slot = getattr(explorer, "_slot", None)
    if slot in _LIVE:
        execution, explorers = _LIVE[slot]
        remaining = [e for e in explorers if e is not explorer]
        if remaining:
            _LIVE[slot] = (execution, remaining)
        else:
            del _LIVE[slot]


# --------------------------------------------------------------------------- text for people


def fmt(value) -> str:
    """A number as a learner reads it: 4 significant figures, a true minus, never 'nan' or 'inf'."""
    value = float(value)
    if not math.isfinite(value):
        return "too large to show" if not math.isnan(value) else "not a number (overflow)"
    if value == 0:
        return "0"
    size = abs(value)
    if 1e-3 <= size < 1e6:
        decimals = max(0, 3 - math.floor(math.log10(size)))
        text = f"{value:.{decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    else:
        mantissa, exponent = f"{value:.3e}".split("e")
        power = str(int(exponent)).translate(_SUPERSCRIPTS)
        text = f"{mantissa.rstrip('0').rstrip('.')}×10{power}"
    return text.replace("-", "−")


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _slope_words(slope: float, scale: float = 1.0, name: str = "w") -> str:
    """The slope's sign in words, and which way the step will move ``name``."""
    if not math.isfinite(slope):
        return "too steep to follow"
    if abs(slope) <= 1e-7 * scale:
        return f"≈ 0, flat: {name} (almost) stays put"
    if slope > 0:
        return f"positive: uphill to the right, so {name} moves left"
    return f"negative: downhill to the right, so {name} moves right"


def _nice_step(raw: float) -> float:
    """A slider step of 1, 2 or 5 times a power of ten, close to ``raw``."""
    exponent = math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * 10**exponent >= raw:
            return factor * 10.0**exponent
    return 10.0 ** (exponent + 1)  # pragma: no cover


def _anchored(value: float, lo: float, hi: float, step: float) -> tuple[float, float]:
    """Slider bounds that cover [lo, hi] and put ``value`` exactly on the slider's grid of steps.

    The browser snaps a slider's value to min + k·step and sends the snapped value back, so an
    unanchored start of w = 0 would quietly become w = 0.63.
    """
    below = math.ceil((value - lo) / step - 1e-9)
    above = math.ceil((hi - value) / step - 1e-9)
    return value - below * step, value + above * step


def _lines(*rows: str) -> str:
    body = "".join(f"<div>{row}</div>" for row in rows if row)
    return (
        '<div role="status" aria-live="polite" aria-atomic="true" '
        'style="font-size: 13px; line-height: 1.55; font-variant-numeric: tabular-nums">'
        f"{body}</div>"
    )


#: How each outcome of a run (``DescentResult.outcome``) reads in a status line: its words, which
#: begin the line, and a colour dark enough for text on white (at least 5:1). The words carry the
#: meaning; the colour only helps the eye find it.
OUTCOME_STYLE = {
    "converged": ("converged", "#007A5A"),
    "diverged": ("diverged", "#B8460B"),
    "stalled": ("stalled", "#8A5A00"),
    "out_of_steps": ("out of steps", "#005A9C"),
}


def _steps(n: int) -> str:
    return f"{n:,} step{'' if n == 1 else 's'}"


def _status_line(result) -> str:
    """How the run ended, in the words of ``result.status`` (its outcome first), with numbers as the
    readout writes them. Where the bare outcome would mislead it says more: no step taken, or a
    run out of steps whose cost grew or stood still (then α is too large: more steps do not help).
    """
    n = result.stopped_at
    slope = result.slope
    if np.ndim(slope):
        subject, value = "the gradient (dJ/dw, dJ/db)", "(" + ", ".join(fmt(v) for v in slope) + ")"
    else:
        subject, value = "the slope", fmt(slope)
    if result.converged:
        if n == 0:
            return f"converged at the start: {subject} there is already 0, so descent stays put"
        return f"converged after {_steps(n)}: {subject} is now {value}, close to 0"
    if result.diverged:
        return f"diverged at step {n:,}: the cost blew up, so lower α"
    if result.stalled:
        name = result.names[0] if len(result.names) == 1 else "(" + ", ".join(result.names) + ")"
        return (f"stalled after {_steps(n)}: α = {fmt(result.alpha)} is too small to make progress "
                f"({name} moved {fmt(result.moved)} in all while {subject} is still {value}); raise α")
    J = result.J_history
    if n == 0:
        return "out of steps before the first step: iterations is 0, so nothing moved; raise iterations"
    if J[-1] > J[0]:
        return f"out of steps after {_steps(n)}, and the cost is growing: α is too large, so lower it"
    if J[-1] >= J[0]:
        return (f"out of steps after {_steps(n)}, and the cost is no lower than at the start: each step "
                "jumps across the valley, so lower α")
    return (f"out of steps after {_steps(n)}: not converged yet, {subject} is still {value}; "
            "run more steps, or change α")


def _status_html(result, k: int) -> str:
    words, colour = OUTCOME_STYLE[result.outcome]
    status = html.escape(_status_line(result))
    where = "" if k == result.iterations else f" (showing step {k:,} of {result.iterations:,})"
    return (f'<b class="gd-outcome" data-outcome="{result.outcome}" style="color: {colour}">'
            f"{status}</b>{where}")


def _iteration_row(result, k: int, at_most: int) -> str:
    """Which iteration is on show, out of how many; without '0 of 0' when no step could be kept."""
    if result.iterations == 0:
        why = "iterations is 0" if at_most == 0 else (
            "the first step blew up" if result.diverged else "the slope at the start is already 0")
        return f"<b>iteration</b> k = 0, the start ({why})"
    return f"<b>iteration</b> k = {k:,} of {result.iterations:,} (at most {at_most:,})"


def _percent(share: float) -> str:
    """A share as a whole percentage that never reads 0% for some or 100% for not quite all."""
    if 0 < share < 0.005:
        return "under 1%"
    if 0.995 < share < 1:
        return "over 99%"
    return f"{100 * share:.0f}%"


def _drawn(k: int, limit: int) -> tuple[np.ndarray, int]:
    """The iterations 0..k a figure draws, and the stride: all of them up to ``limit`` points, else
    every n-th with the last one kept, so a long run costs no more to draw than a short one."""
    stride = max(1, math.ceil((k + 1) / limit))
    index = np.arange(0, k + 1, stride)
    if index[-1] != k:
        index = np.append(index, k)
    return index, stride


# --------------------------------------------------------------------------- the shared machinery


class _Explorer:
    """What every explorer shares: one figure, blitting, the readout, errors, display, closing."""

    #: update() keywords, each with the attribute name of the slider that shows it
    _SLIDERS: dict[str, str] = {}
    #: The most iterations a run here takes: a larger ``num_iters`` is capped (and the readout says
    #: so), so building the explorer or moving a slider never keeps the kernel busy for seconds.
    MAX_ITERS = 10_000
    #: The most points a path or cost curve draws: a longer run is drawn every n-th step.
    MAX_DRAWN = 1_000

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
                if isinstance(getattr(self, "_owned", None), list):
                    self.close()
                raise

        __init__._closes_on_error = True
        cls.__init__ = __init__

    def __init__(self):
        self._closed = False
        self._cids: list = []
        self._iters_asked: int | None = None
        self._holding = False
        self._owned: list = []
        self._animated: list = []
        self._background = None
        self._background_renderer = None
        self._current = 0
        self._slot = None
        self.last_error: BaseException | None = None
        self.step_button = self.play_button = self.reset_button = None
        self.play_interval = 0.25
        self._timer = None
        self._walking = False
        self.w0_slider = self.iters_slider = self.b0_slider = None
        self.output = self._own(widgets.Output(layout=widgets.Layout(max_width="100%")))
        self.output.add_class("gd-errors")
        self.readout = self._own(widgets.HTML(layout=widgets.Layout(min_height="180px")))
        self.readout.add_class("gd-readout")

    # -- building -----------------------------------------------------------------------------

    def _own(self, widget):
        self._owned.append(widget)
        return widget

    def _new_figure(self, figsize) -> Figure:
        fig = Figure(figsize=figsize, layout="constrained")
        canvas = _attach_canvas(fig)
        self.fig = fig
        self._dpi = fig.dpi
        self._cids = [
            canvas.mpl_connect("draw_event", self._on_draw),
            canvas.mpl_connect("button_press_event", self._guarded(self._on_press)),
        ]
        return fig

    def _freeze(self, moving) -> None:
        """Lay the figure out once, then mark the moving artists for blitting."""
        self.fig.get_layout_engine().execute(self.fig)
        self.fig.set_layout_engine("none")  # positions stay put: no relayout on a redraw
        self._animated = sorted((a for a in moving if a is not None), key=lambda a: a.get_zorder())
        for artist in self._animated:
            artist.set_animated(True)

    def _start_slider(self, value, lo, hi, **kwargs):
        """A slider over a start value, with ``value`` on its grid (see ``_anchored``)."""
        if not lo <= value <= hi:
            raise ValueError(f"{kwargs['description']} = {value:g} is outside its range "
                             f"{lo:.4g} to {hi:.4g}; pick a start inside it.")
        step = _nice_step((hi - lo) / 400)
        low, high = _anchored(value, lo, hi, step)
        decimals = max(0, -math.floor(math.log10(step)))  # so 0 reads "0.00", never "1.4e-14"
        kwargs["readout_format"] = f".{decimals}f"
        return self._slider(widgets.FloatSlider, value=value, min=low, max=high, step=step, **kwargs)

    def _slider(self, kind, *, value, description, tooltip, continuous_update=True, **kwargs):
        slider = kind(value=value, description=description, tooltip=tooltip,
                      continuous_update=continuous_update, style=_SLIDER_STYLE,
                      layout=widgets.Layout(**_SLIDER_LAYOUT), **kwargs)
        slider.add_class("gd-slider")
        return self._own(slider)

    def _iters_slider(self, num_iters, *, floor: int, step: int = 1, tooltip: str):
        """The iterations slider: up to ``MAX_ITERS``; a larger ``num_iters`` is capped to it."""
        asked = check_num_iters(num_iters)
        value = min(asked, self.MAX_ITERS)
        self._iters_asked = asked
        step = step if value % step == 0 else 1  # the value stays on the slider's grid
        top = min(max(floor, 2 * value), self.MAX_ITERS)
        top = math.ceil(top / step) * step
        self._state["num_iters"] = value
        return self._slider(widgets.IntSlider, value=value, min=0, max=top, step=step,
                            description="iterations", continuous_update=False, tooltip=tooltip)

    def _capped_rows(self, k: int) -> list[str]:
        """Readout rows that say what is not run or not drawn: a capped ``num_iters``, a thinned path."""
        rows = []
        asked, n = self._iters_asked, self._state.get("num_iters")
        if asked is not None and n == self.MAX_ITERS < asked:
            rows.append(f"<i>iterations capped at {n:,}, the most this figure runs "
                        f"(you asked for {asked:,})</i>")
        stride = _drawn(k, self.MAX_DRAWN)[1]
        if stride > 1:
            rows.append(f"<i>the figure draws one step in every {stride} of these {k:,}</i>")
        return rows

    def _alpha_slider(self, value, lo, hi):
        if not 0 < lo < hi:
            raise ValueError(f"the α slider needs 0 < alpha_min < alpha_max, got {lo:g} and {hi:g}.")
        if not lo <= value <= hi:
            raise ValueError(f"alpha = {value:g} is outside the slider's range {lo:.3g} to {hi:.3g}; "
                             "pick an alpha inside it or widen the range with alpha_min / alpha_max.")
        low, high = _anchored(math.log10(value), math.log10(lo), math.log10(hi), 0.01)
        return self._slider(
            widgets.FloatLogSlider, value=value, base=10, min=low, max=high, step=0.01,
            readout_format=".3g", description="α (learning rate)",
            tooltip="The learning rate α: how far each step goes (log scale; arrow keys move it)",
        )

    def _buttons(self, *, interval=0.25, play=True):
        """Step / Play / Reset. Play is a toggle button that the kernel advances on a timer.

        (ipywidgets' Play widget animates in the browser, but its buttons carry no names for a
        screen reader; a ToggleButton says "Play" / "Pause" and is reached with Tab.)
        """
        self.step_button = self._own(widgets.Button(
            description="Step", icon="step-forward", tooltip="Take one more step of gradient descent"))
        self.reset_button = self._own(widgets.Button(
            description="Reset", icon="undo", tooltip="Go back to the start, before any step"))
        self.step_button.on_click(self._guarded(lambda _: self.step()))
        self.reset_button.on_click(self._guarded(lambda _: self.reset()))
        items = [self.step_button]
        self.play_interval = interval
        if play:
            self.play_button = self._own(widgets.ToggleButton(
                value=False, description="Play", icon="play",
                tooltip="Walk through the steps one at a time, from the start (press again to pause)"))
            self.play_button.observe(self._guarded(self._on_play), names="value")
            items.append(self.play_button)
        items.append(self.reset_button)
        for button in items:
            button.add_class("gd-button")
        return self._own(widgets.HBox(items, layout=widgets.Layout(align_items="center")))

    def _assemble(self, controls) -> None:
        """The root box: the figure with the readout (and errors) beside it, controls below."""
        canvas = self.fig.canvas
        if isinstance(canvas, widgets.DOMWidget):
            view = canvas
        else:  # no ipympl: a picture of the figure, refreshed only where a kernel shows it
            view = self._own(widgets.Image(format="png"))
            if _kernel_parent():
                view.value = self.to_png()
        self._view = view
        side = self._own(widgets.VBox([self.readout, self.output], layout=widgets.Layout(
            flex="1 1 300px", min_width="260px", max_width="520px", margin="0 0 0 12px")))
        top = self._own(widgets.HBox([view, side],
                                     layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start")))
        self.widget = self._own(widgets.VBox([top, *controls]))
        self.widget.add_class("gd-explorer")
        for name, attribute in self._SLIDERS.items():
            getattr(self, attribute).observe(self._guarded(functools.partial(self._on_slider, name)),
                                             names="value")

    # -- drawing ------------------------------------------------------------------------------

    def _on_draw(self, event) -> None:
        """After every full draw: keep the background for blitting, then draw the moving artists.

        Drawing them here also puts them in ``savefig`` output, where animated artists would
        otherwise be left out.
        """
        renderer = event.renderer
        if renderer is getattr(self.fig.canvas, "renderer", None):
            self._background = self.fig.canvas.copy_from_bbox(self.fig.bbox)
            self._background_renderer = renderer
        for artist in self._animated:
            artist.draw(renderer)

    def _repaint(self, full: bool = False, axes=()) -> None:
        """Show the new state: blit the moving artists over the saved background.

        ``axes`` whose scales changed are first redrawn into the background (a full redraw of a
        figure with a 3-D surface takes half a second; one 2-D panel a few tens of ms).
        """
        canvas = self.fig.canvas
        renderer = canvas.get_renderer()
        if full or self._background is None or renderer is not self._background_renderer:
            canvas.draw()
        else:
            canvas.restore_region(self._background)
            if axes:
                with plots.course_style():  # tick labels drawn now look as in the first draw
                    self._redraw_background(renderer, axes)
            for artist in self._animated:  # lines and patches: no text, nothing the style changes
                artist.draw(renderer)
            canvas.blit(self.fig.bbox)
        if isinstance(getattr(self, "_view", None), widgets.Image) and _kernel_parent():
            self._view.value = self.to_png()

    def _redraw_background(self, renderer, axes) -> None:
        """Paint over the area of ``axes`` (labels included) and draw their static parts again."""
        area = Bbox.union([ax.get_tightbbox(renderer) for ax in axes]).padded(2)
        area = Bbox.intersection(area, self.fig.bbox) or self.fig.bbox
        blank = Rectangle((area.x0, area.y0), area.width, area.height, transform=IdentityTransform(),
                          facecolor=self.fig.get_facecolor(), edgecolor="none", linewidth=0)
        blank.set_figure(self.fig)
        blank.draw(renderer)
        for ax in axes:
            ax.draw(renderer)  # animated artists are left out, as in a full draw
        self._background = self.fig.canvas.copy_from_bbox(self.fig.bbox)

    def _render(self, full: bool = False, axes=()) -> None:
        self._set_artists()
        self.readout.value = self._readout_html()
        self._sync_buttons()
        self._repaint(full, axes)

    # -- state --------------------------------------------------------------------------------

    @contextmanager
    def _hold(self):
        """Set widget values from the kernel without their observers running again."""
        held, self._holding = self._holding, True
        try:
            yield
        finally:
            self._holding = held

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError(
                "this explorer is closed (its cell was run again, or .close() was called); use the new one."
            )

    def _check_value(self, name, value):
        """``value`` for the slider of ``name``, or an error that says what to pass instead."""
        slider = getattr(self, self._SLIDERS[name])
        lo, hi = slider.min, slider.max
        if isinstance(slider, widgets.FloatLogSlider):
            lo, hi = slider.base**lo, slider.base**hi
        where = f"from {lo:.4g} to {hi:.4g}"
        if isinstance(slider, widgets.IntSlider):
            whole = isinstance(value, numbers.Integral) or (
                isinstance(value, numbers.Real) and math.isfinite(value) and float(value).is_integer())
            if isinstance(value, bool) or not whole:
                raise ValueError(f"{name} = {value!r} is not a whole number; pass one {where}, such as "
                                 f"{slider.value}.")
            value = int(value)
            if value > hi and hi == self.MAX_ITERS:
                raise ValueError(f"{name} = {value:,} is more than this explorer runs (at most {hi:,} "
                                 f"steps); pass {hi} or fewer.")
        else:
            try:
                value = as_real(value, name)
            except (TypeError, ValueError) as exc:
                message = f"{name} = {value!r} is not a finite number; pass a number {where}."
                raise type(exc)(message) from None
        span = abs(hi - lo)
        if not lo - 1e-9 * span <= value <= hi + 1e-9 * span:
            raise ValueError(f"{name} = {value:g} is outside this explorer's slider ({where}); "
                             f"pick a value inside it, or make a new explorer with a wider range.")
        return min(max(value, lo), hi)

    def update(self, **values) -> None:
        """Set any of the sliders' values and redraw once: exactly what moving the sliders does.

        A value the explorer cannot show is refused with a message; the sliders, the readout and
        the figure then still show the state before, as they do if redrawing fails.
        """
        self._check_open()
        unknown = sorted(set(values) - set(self._SLIDERS))
        if unknown:
            raise TypeError(f"update() got {', '.join(unknown)}; it takes {', '.join(self._SLIDERS)}.")
        values = {name: self._check_value(name, value) for name, value in values.items()}
        before = dict(self._state), self._current, getattr(self, "_origin", None)
        self._show_values(values)
        try:
            rescaled = self._recompute(set(values))  # the axes whose limits changed, if any
            self._render(axes=rescaled)
        except Exception:
            self._restore(before, set(values))
            raise

    def _show_values(self, values) -> None:
        with self._hold():
            for name, value in values.items():
                getattr(self, self._SLIDERS[name]).value = value
        self._state.update(values)

    def _restore(self, before, changed) -> None:
        """Back to the state ``before`` an update that failed: sliders, numbers and figure agree."""
        state, current, origin = before
        self._show_values({name: state[name] for name in changed})
        try:
            rescaled = self._recompute(changed)
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
            self.update(**{name: change["new"]})
        except Exception:
            # A value set from code (NaN, say) that cannot be shown: the slider goes back to the value
            # the figure shows, and the error beside the figure says why.
            self._show_values({name: self._state[name]})
            raise

    def _is_echo(self, name, new) -> bool:
        """Is ``new`` the browser snapping the kernel's value to the slider's grid?

        A value set from the kernel (a click, a Step) is rarely on the grid; the browser moves it
        to the nearest grid point and sends that back. A learner's own move is at least half a
        step away from the value the kernel holds, so anything closer is taken as that echo.
        """
        slider, old = getattr(self, self._SLIDERS[name]), self._state[name]
        if isinstance(slider, widgets.FloatLogSlider):
            if new <= 0 or old <= 0:
                return False
            return abs(math.log10(new) - math.log10(old)) <= slider.step / 2 + 1e-12
        if isinstance(slider, widgets.FloatSlider):
            return abs(new - old) <= slider.step / 2 + 1e-12 * max(1.0, abs(old))
        return new == old

    @property
    def current(self) -> int:
        """The iteration on show: Step adds one, Play walks to the end, Reset goes back to 0."""
        return self._current

    @current.setter
    def current(self, k) -> None:
        self._check_open()
        self._current = int(min(max(int(k), 0), self._last_index()))
        self._render()

    def step(self) -> None:
        """One more iteration on show (what the Step button does)."""
        self.pause()
        self.current = self._current + 1

    def reset(self) -> None:
        """Back to iteration 0 (what the Reset button does); clears an error shown below."""
        self.pause()
        self.output.outputs = ()
        self.current = 0

    @property
    def playing(self) -> bool:
        return self._timer is not None or self._walking

    def play(self) -> None:
        """Walk through the iterations from the start, one frame per ``play_interval`` seconds.

        In a kernel the frames come from the event loop, so the notebook stays responsive; with
        no running loop (a script, a test) the walk happens at once.
        """
        self._check_open()
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._current >= self._last_index():
            self.current = 0
        self._show_playing(True)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:
            self._walking = True
            try:
                while self._walking and self._current < self._last_index():
                    self._advance()
            finally:
                self._walking = False
                self._show_playing(False)
            return
        self._timer = loop.call_later(self.play_interval, self._guarded(self._tick))

    def pause(self) -> None:
        """Stop playing (what pressing Play a second time does)."""
        self._walking = False
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._show_playing(False)

    def _advance(self) -> None:
        stride = max(1, self._last_index() // 120)  # long runs play in about 120 frames
        self.current = min(self._current + stride, self._last_index())

    def _tick(self) -> None:
        self._timer = None
        if self._closed or self.play_button is None or not self.play_button.value:
            return
        self._advance()
        if self._current >= self._last_index():
            self._show_playing(False)
        else:
            self._timer = asyncio.get_running_loop().call_later(self.play_interval, self._guarded(self._tick))

    def _show_playing(self, on: bool) -> None:
        if self.play_button is None:
            return
        with self._hold():
            self.play_button.value = on
        self.play_button.description = "Pause" if on else "Play"
        self.play_button.icon = "pause" if on else "play"

    def _on_play(self, change) -> None:
        if self._holding:
            return
        if change["new"]:
            self.play()
        else:
            self.pause()

    def _sync_buttons(self) -> None:
        if self.step_button is not None:
            self.step_button.disabled = self._current >= self._last_index()

    def _last_index(self) -> int:
        return self.result.iterations

    # -- mouse ------------------------------------------------------------------------------------

    def _on_press(self, event) -> None:
        if getattr(getattr(self.fig.canvas, "toolbar", None), "mode", ""):
            return  # the learner is panning or zooming
        if event.button != 1 or event.inaxes is None or event.xdata is None or self._closed:
            return
        self._on_axes_click(event)

    def _clicked_axes(self) -> tuple:
        """The Axes on which a click sets the start (each explorer names its own)."""
        return ()

    def _on_axes_click(self, event) -> None:
        if event.inaxes in self._clicked_axes():
            self.click(event.xdata)

    @staticmethod
    def _clip_to(slider, value, name: str) -> float:
        """``value`` as a float, moved inside ``slider``'s range (where a click far out lands)."""
        return min(max(as_real(value, name), slider.min), slider.max)

    # -- errors -----------------------------------------------------------------------------------

    def _guarded(self, callback):
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
        self.output.outputs = (
            {
                "output_type": "error",
                "ename": type(exc).__name__,
                "evalue": str(exc),
                "traceback": [
                    f"\x1b[1;31m{type(exc).__name__}: {exc}\x1b[0m",
                    "The figure still shows the last state that worked. Details:",
                    "",
                    *(line.rstrip("\n") for line in details),
                ],
            },
        )

    # -- display and closing -----------------------------------------------------------------

    def to_png(self, *, small: bool = True) -> bytes:
        """The figure as it is now, as PNG bytes (for notebooks read without a kernel).

        ``small`` reduces it to 256 colours, which keeps a saved notebook about 3× smaller with no
        visible change at this size.
        """
        buffer = io.BytesIO()
        with plots.course_style():
            self.fig.savefig(buffer, format="png", dpi=self._dpi)
        if not small:
            return buffer.getvalue()
        with Image.open(buffer) as picture:
            reduced = picture.convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE)
        out = io.BytesIO()
        reduced.save(out, format="png", optimize=True)
        return out.getvalue()

    def describe(self) -> str:
        """One sentence saying what the figure shows now (the image's alt text)."""
        return type(self).__name__

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude, **kwargs) or {})
        picture = base64.b64encode(self.to_png()).decode("ascii")
        alt = html.escape(self.describe(), quote=True)
        bundle["image/png"] = picture
        # Where no kernel runs (GitHub, nbviewer) this is what shows: the picture, the readout beside it.
        bundle["text/html"] = (
            '<div class="gd-explorer-static" style="display: flex; flex-wrap: wrap; align-items: flex-start">'
            f'<img alt="{alt}" src="data:image/png;base64,{picture}">'
            f'<div style="margin-left: 12px">{self.readout.value}</div></div>'
        )
        bundle["text/plain"] = f"{type(self).__name__}: {self.describe()}"
        return bundle

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Close the figure and every control (what running the explorer's cell again does)."""
        if self._closed:
            return
        self.pause()
        self._closed = True
        fig = getattr(self, "fig", None)
        canvas = None if fig is None else fig.canvas
        for cid in self._cids:
            canvas.mpl_disconnect(cid)
        # The whole tree, root first (the front end drops the view at once), then every part of it.
        for widget in _widget_tree(getattr(self, "widget", None), canvas, self._owned):
            widget.close()
        self._background = self._background_renderer = None
        self._animated = []
        _forget(self)

    def __repr__(self) -> str:
        state = "closed" if self._closed else self.describe()
        return f"<{type(self).__name__}: {state}>"


def _threshold_widget(text: str):
    label = widgets.HTML(f'<span style="color: #8E3B74">{text}</span>' if text else "",
                         layout=widgets.Layout(max_width="320px"))
    label.add_class("gd-threshold")
    return label


def _start_default(cost: Cost1D) -> float:
    lo, hi = cost.w_range
    return lo + 0.15 * (hi - lo)


def _alpha_top(cost: Cost1D) -> float:
    """Where a 1-D α slider should end: past the divergence threshold, or past where descent can
    settle at any minimum when no single threshold exists."""
    if cost.alpha_max is not None:
        return 2.0 * cost.alpha_max
    local = [cost.stable_alpha_at(m) for m in cost.minima]
    finite = [a for a in local if math.isfinite(a)]
    return 2.0 * max(finite) if finite else 1.0


def _threshold_text(cost: Cost1D) -> str:
    if cost.alpha_max is not None:
        return f"diverges above α = {fmt(cost.alpha_max)}"
    local = [(m, cost.stable_alpha_at(m)) for m in cost.minima]
    parts = [f"at w = {fmt(m)} only below α ≈ {fmt(a)}" for m, a in local if math.isfinite(a)]
    if not parts:
        return ""
    return "no single threshold: descent settles " + ", ".join(parts)


def _check_cost(cost) -> Cost1D:
    if not isinstance(cost, Cost1D):
        raise TypeError(f"cost must be a Cost1D such as helpers.bowl(), got {type(cost).__name__}.")
    return cost


def _descend(cost: Cost1D, w0, alpha, num_iters):
    """``cost.descend`` by the float loop of helpers.fastpath (same result, cheaper per move)."""
    return gradient_descent_1d_fast(cost.J, cost.dJ_dw, w0, alpha, num_iters)


def _slope_scale(cost: Cost1D, w_curve) -> float:
    """The steepest slope on the drawn curve: what 'flat' is measured against."""
    slopes = np.abs(evaluate(cost.dJ_dw, w_curve))
    slopes = slopes[np.isfinite(slopes)]
    return float(slopes.max()) if slopes.size and slopes.max() > 0 else 1.0


# --------------------------------------------------------------------------- 1-D descent


class _ShowsDescent:
    """For explorers that show one whole run: a move reruns it and shows its last iteration."""

    def _recompute(self, changed) -> list:
        self.result = self._run_descent()
        self._current = self.result.iterations
        if "num_iters" in changed:
            self._set_history_limits()
            return [self.ax_history]
        return []


class DescentExplorer(_ShowsDescent, _Explorer):
    """Gradient descent on a cost J(w): the curve, the path with an arrow per step, the current
    point with its tangent and slope, and the cost against iteration, under sliders for α, the
    start w and the number of iterations, with Step / Play / Reset. Click the curve to start there.
    """

    _SLIDERS = {"alpha": "alpha_slider", "w0": "w0_slider", "num_iters": "iters_slider"}

    def __init__(self, cost, *, alpha=0.1, w0=None, num_iters=30, alpha_min=1e-3, alpha_max=None,
                 show_tangent=True, title=None, key=None):
        super().__init__()
        self.cost = cost = _check_cost(cost)
        lo, hi = cost.w_range
        top = _alpha_top(cost) if alpha_max is None else as_real(alpha_max, "alpha_max")
        alpha_min = as_real(alpha_min, "alpha_min")
        if not 0 < alpha_min < top:
            raise ValueError(f"alpha_min = {alpha_min:g} must be above 0 and below alpha_max = {top:g}.")
        w0 = _start_default(cost) if w0 is None else as_real(w0, "w0")
        self._state = {"alpha": as_real(alpha, "alpha"), "w0": w0}
        self.show_tangent = bool(show_tangent)
        self.title = title or f"Gradient descent on {cost.name}"

        # Static: computed once per cost.
        self._w_curve, self._J_curve = plots.curve_points(cost)
        self._J_limits = _padded(self._J_curve[np.isfinite(self._J_curve)])
        self._slope_scale = _slope_scale(cost, self._w_curve)

        self.alpha_slider = self._alpha_slider(self._state["alpha"], alpha_min, top)
        self.w0_slider = self._start_slider(w0, lo, hi, description="start w",
                                            tooltip="Where descent starts (or click the curve)")
        self.iters_slider = self._iters_slider(num_iters, floor=100, tooltip="How many steps to take at most")
        for name in self._SLIDERS:
            self._state[name] = self._check_value(name, self._state[name])
        self.threshold_label = self._own(_threshold_widget(_threshold_text(cost)))

        self._recompute(set())
        with plots.course_style():
            self._build()
            self._render(full=True)
        buttons = self._buttons()
        self._sync_buttons()
        self._assemble([
            self._own(widgets.HBox([self.alpha_slider, self.threshold_label],
                                   layout=widgets.Layout(align_items="center"))),
            self.w0_slider, self.iters_slider, buttons,
        ])
        _register(self, key)

    def _build(self) -> None:
        fig = self._new_figure((9.6, 4.3))
        grid = fig.add_gridspec(1, 2, width_ratios=[1.6, 1])
        ax = self.ax_curve = fig.add_subplot(grid[0])
        hx = self.ax_history = fig.add_subplot(grid[1])
        cost = self.cost

        plots.plot_cost_curve(ax, cost, w_values=self._w_curve)
        ax.set_title(self.title)
        minima = np.asarray(cost.minima, float)
        ax.plot(minima, evaluate(cost.J, minima), linestyle="none", marker="*", markersize=15,
                color=PALETTE["minimum"], markeredgecolor=PALETTE["edge"], markeredgewidth=0.7,
                label="minimum", zorder=3)
        self._path = plots.plot_path_1d(ax, cost, self.result, label="w after each step")
        (self._point,) = ax.plot([], [], linestyle="none", marker="o", markersize=12,
                                 color=PALETTE["current"], markeredgecolor=PALETTE["edge"],
                                 markeredgewidth=1.3, label="current w", zorder=7)
        self._tangent = plots.plot_tangent(ax, cost, self._state["w0"], label="tangent at current w") \
            if self.show_tangent else None
        ax.set_xlim(cost.w_range)
        ax.set_ylim(self._J_limits)

        self._history = plots.plot_cost_history(hx, self.result.J_history, marker="o", markersize=3.5,
                                                label="cost J after k steps")
        (self._history_point,) = hx.plot([], [], linestyle="none", marker="o", markersize=10,
                                         color=PALETTE["current"], markeredgecolor=PALETTE["edge"],
                                         markeredgewidth=1.2, zorder=7, label="_nolegend_")
        hx.set_ylim(self._J_limits)
        self._set_history_limits()
        fig.legend(handles=[*ax.get_legend_handles_labels()[0], self._history],
                   loc="outside lower center", ncols=4, frameon=False)
        # Text is slow to draw (~3 ms a label): the numbers that change live in the readout.
        self._freeze([*self._path.artists, self._point, self._tangent, self._history, self._history_point])

    def _set_history_limits(self) -> None:
        n = max(int(self._state["num_iters"]), 1)
        self.ax_history.set_xlim(-0.02 * n, 1.02 * n)

    def _run_descent(self):
        s = self._state
        return _descend(self.cost, s["w0"], s["alpha"], s["num_iters"])

    def _set_artists(self) -> None:
        k, result = self._current, self.result
        index = _drawn(k, self.MAX_DRAWN)[0]
        w, J = result.w_history[index], result.J_history[index]
        self._path.update(w, J)
        wk, Jk = float(w[-1]), float(J[-1])
        slope = float(evaluate(self.cost.dJ_dw, wk))
        self._point.set_data([wk], [Jk])
        if self._tangent is not None:
            if math.isfinite(slope):
                self._tangent.set_data(*plots.tangent_segment(self.cost, wk))
            else:
                self._tangent.set_data([], [])
        self._history.set_data(index, J)
        self._history_point.set_data([k], [Jk])

    def _readout_html(self) -> str:
        k, result, cost = self._current, self.result, self.cost
        wk, Jk = float(result.w_history[k]), float(result.J_history[k])
        slope = float(evaluate(cost.dJ_dw, wk))
        alpha = self._state["alpha"]
        threshold = f" <span style='color:#8E3B74'>(diverges above {fmt(cost.alpha_max)})</span>" \
            if cost.alpha_max is not None else ""
        with np.errstate(all="ignore"):
            next_w = wk - alpha * slope
        nxt = f"next: w − α·dJ/dw = {fmt(next_w)}" if k < result.iterations else ""
        return _lines(
            f"<b>α</b> = {fmt(alpha)}{threshold}",
            _iteration_row(result, k, self._state["num_iters"]),
            f"<b>w</b> = {fmt(wk)}",
            f"<b>J(w)</b> = {fmt(Jk)}",
            f"<b>dJ/dw</b> = {fmt(slope)} ({_slope_words(slope, self._slope_scale)})",
            nxt,
            _status_html(result, k),
            *self._capped_rows(k),
        )

    def click(self, w) -> None:
        """Start the descent at ``w`` (what a click on the curve does)."""
        self.update(w0=self._clip_to(self.w0_slider, w, "w"))

    def _clicked_axes(self) -> tuple:
        return (self.ax_curve,)

    def describe(self) -> str:
        s, r = self._state, self.result
        return (f"Gradient descent on {self.cost.name} with α = {fmt(s['alpha'])} from w = {fmt(s['w0'])}: "
                f"{_status_line(r)}; the path of w, step by step, on the curve and the cost against "
                "iteration beside it.")


def _padded(values, fraction=0.06) -> tuple[float, float]:
    lo, hi = float(np.min(values)), float(np.max(values))
    pad = fraction * (hi - lo) if hi > lo else 1.0
    return lo - pad, hi + pad


# --------------------------------------------------------------------------- the tangent (Episode 2)


class TangentExplorer(_Explorer):
    """The derivative as a slope: the tangent at w with its rise/run triangle and slope, and an
    arrow showing where one step of size α·slope moves w. Step takes that step; Reset goes back.
    """

    _SLIDERS = {"w": "w_slider", "alpha": "alpha_slider"}
    #: Step stops after this many steps from the w that was picked (Episode 2 is about one step).
    MAX_STEPS = 50

    def __init__(self, cost, *, w=None, alpha=0.1, alpha_min=1e-3, alpha_max=None, run=None, key=None):
        super().__init__()
        self.cost = cost = _check_cost(cost)
        lo, hi = cost.w_range
        top = _alpha_top(cost) if alpha_max is None else as_real(alpha_max, "alpha_max")
        w = _start_default(cost) if w is None else as_real(w, "w")
        self._state = {"w": w, "alpha": as_real(alpha, "alpha")}
        self._origin = w
        self._run = _nice_step((hi - lo) / 10) if run is None else as_real(run, "run")
        if not 0 < self._run <= hi - lo:
            raise ValueError(f"run is {self._run:g}; the run of the rise-over-run triangle must be above 0 "
                             f"and at most the width of the chart ({hi - lo:g}), e.g. "
                             f"run={_nice_step((hi - lo) / 10):g}.")
        self._w_curve, self._J_curve = plots.curve_points(cost)
        self._J_limits = _padded(self._J_curve[np.isfinite(self._J_curve)], 0.1)
        self._slope_scale = _slope_scale(cost, self._w_curve)

        self.w_slider = self.w0_slider = self._start_slider(
            w, lo, hi, description="w",
            tooltip="Where to look at the slope (or click the curve)")
        self.alpha_slider = self._alpha_slider(self._state["alpha"], as_real(alpha_min, "alpha_min"), top)
        for name in self._SLIDERS:
            self._state[name] = self._check_value(name, self._state[name])
        self.threshold_label = self._own(_threshold_widget(_threshold_text(cost)))
        with plots.course_style():
            self._build()
            self._render(full=True)
        buttons = self._buttons(play=False)
        self.step_button.tooltip = "Take the step: move w to w − α·dJ/dw"
        self.reset_button.tooltip = "Go back to the w you picked"
        self._sync_buttons()
        self._assemble([
            self.w_slider,
            self._own(widgets.HBox([self.alpha_slider, self.threshold_label],
                                   layout=widgets.Layout(align_items="center"))),
            buttons,
        ])
        _register(self, key)

    def _build(self) -> None:
        fig = self._new_figure((8.0, 4.6))
        ax = self.ax = fig.add_subplot()
        cost = self.cost
        plots.plot_cost_curve(ax, cost, w_values=self._w_curve)
        ax.set_title(f"The slope of {cost.name}")
        w = self._state["w"]
        self._tangent = plots.plot_tangent(ax, cost, w, label="tangent at w")
        self._triangle = plots.plot_slope_triangle(ax, cost, w, run=self._run, labels=False)
        (self._point,) = ax.plot([w], [0], linestyle="none", marker="o", markersize=12,
                                 color=PALETTE["current"], markeredgecolor=PALETTE["edge"],
                                 markeredgewidth=1.3, label="current point (w, J(w))", zorder=7)
        (self._next,) = ax.plot([], [], linestyle="none", marker="o", markersize=11, color="white",
                                markeredgecolor=PALETTE["path"], markeredgewidth=2.2,
                                label="after one step", zorder=7)
        arrow_style = {"facecolor": PALETTE["path"], "zorder": 6, "width": 2.2, "head_width": 11,
                       "head_length": 11}
        self._arrow = plots.StepArrows(**arrow_style)
        self._move = plots.StepArrows(**arrow_style)
        ax.add_artist(self._arrow)
        ax.add_artist(self._move)
        ax.set_xlim(cost.w_range)
        ax.set_ylim(self._J_limits)
        self._baseline = self._J_limits[0] + 0.05 * (self._J_limits[1] - self._J_limits[0])
        step_handle = Line2D([], [], color=PALETTE["path"], linewidth=2.2, marker=">", markersize=8)
        fig.legend(handles=[*ax.get_legend_handles_labels()[0], step_handle],
                   labels=[*ax.get_legend_handles_labels()[1], "the step −α·dJ/dw (along w, and on J)"],
                   loc="outside lower center", ncols=3, frameon=False)
        self._freeze([self._tangent, *self._triangle.artists, self._point, self._next, self._arrow,
                      self._move])

    def _recompute(self, changed) -> list:
        if "w" in changed:
            self._origin = self._state["w"]
            self._current = 0
        return []

    def _step_facts(self):
        cost, w, alpha = self.cost, self._state["w"], self._state["alpha"]
        J = float(evaluate(cost.J, w))
        slope = float(evaluate(cost.dJ_dw, w))
        with np.errstate(all="ignore"):
            move = -alpha * slope
            new_w = w + move
        new_J = float(evaluate(cost.J, new_w))
        return w, J, slope, move, new_w, new_J

    def _set_artists(self) -> None:
        w, J, slope, move, new_w, new_J = self._step_facts()
        self._point.set_data([w], [J])
        self._tangent.set_data(*plots.tangent_segment(self.cost, w))
        self._triangle.update(w)
        if math.isfinite(new_w) and math.isfinite(new_J):
            self._next.set_data([new_w], [new_J])
            self._arrow.set_points([w, new_w], [J, new_J])
            self._move.set_points([w, new_w], [self._baseline] * 2)
        else:
            self._next.set_data([], [])
            self._arrow.set_points([], [])
            self._move.set_points([], [])

    def _readout_html(self) -> str:
        w, J, slope, move, new_w, new_J = self._step_facts()
        lo, hi = self.cost.w_range
        if not (math.isfinite(new_J) and lo <= new_w <= hi):
            verdict = "the step leaves the chart: α is too large here"
        elif new_J < J:
            verdict = "lower: the step went downhill"
        elif new_J > J:
            verdict = "higher: the step overshot the valley"
        else:
            verdict = "the same: w did not move"
        with np.errstate(all="ignore"):
            rise = slope * self._run
        taken = f"{self._current} step{'s' if self._current != 1 else ''} taken"
        return _lines(
            f"<b>w</b> = {fmt(w)}, <b>J(w)</b> = {fmt(J)}",
            f"<b>rise</b> = {fmt(rise)} over <b>run</b> = {fmt(self._run)}",
            f"<b>dJ/dw</b> = rise ÷ run = {fmt(slope)} ({_slope_words(slope, self._slope_scale)})",
            f"<b>α</b> = {fmt(self._state['alpha'])}",
            f"<b>step</b> −α·dJ/dw = {fmt(move)}",
            f"<b>new w</b> = {fmt(new_w)}, J = {fmt(new_J)} ({verdict})",
            f"<b>iteration</b>: {taken}",
        )

    def _last_index(self) -> int:
        w, J, slope, move, new_w, new_J = self._step_facts()
        lo, hi = self.cost.w_range
        can_step = math.isfinite(new_J) and lo <= new_w <= hi and move != 0 and self._current < self.MAX_STEPS
        return self._current + 1 if can_step else self._current

    def step(self) -> None:
        """Move w by one step, w ← w − α·dJ/dw (what the Step button does)."""
        self._check_open()
        if self._last_index() == self._current:
            return
        new_w = self._step_facts()[4]
        self._state["w"] = new_w
        with self._hold():
            self.w_slider.value = new_w
        self._current += 1
        self._render()

    def reset(self) -> None:
        """Back to the w that was picked, before any step."""
        self._check_open()
        self.output.outputs = ()
        self._state["w"] = self._origin
        with self._hold():
            self.w_slider.value = self._origin
        self._current = 0
        self._render()

    @property
    def current(self) -> int:
        """How many steps have been taken from the w that was picked."""
        return self._current

    @current.setter
    def current(self, k) -> None:
        k = int(k)
        if k < self._current:
            self.reset()
        while self._current < k and self._last_index() > self._current:
            self.step()

    def click(self, w) -> None:
        """Look at the slope at ``w`` (what a click on the curve does)."""
        self.update(w=self._clip_to(self.w_slider, w, "w"))

    def _clicked_axes(self) -> tuple:
        return (self.ax,)

    def describe(self) -> str:
        w, J, slope, move, new_w, new_J = self._step_facts()
        return (f"The tangent to {self.cost.name} at w = {fmt(w)} has slope {fmt(slope)}; one step with "
                f"α = {fmt(self._state['alpha'])} moves w by {fmt(move)} to {fmt(new_w)}.")


# --------------------------------------------------------------------------- basins (Episode 4)


class BasinsExplorer(_Explorer):
    """Which minimum each start reaches: the curve, and a strip of starting points coloured and
    marked by where descent ends, recomputed for every α; diverged starts shown apart. The start
    slider (or a click) shows one run's path.

    ``starts`` holds the starting points and ``codes`` the outcome of each: the index of the
    minimum it reached, then "not settled yet", then "diverged" (see ``shares()``).
    """

    _SLIDERS = {"alpha": "alpha_slider", "num_iters": "iters_slider", "w0": "w0_slider"}
    MAX_ITERS = 5_000  # every start takes every step: 2,000 starts × 5,000 steps is about 0.2 s
    MAX_STARTS = 10_000  # more than the strip has pixels
    #: The class of a start that has not come within reach of a minimum when its steps run out.
    NOT_SETTLED = "out of steps (not settled)"
    _MIN_MARKERS = ("o", "s", "D", "v", "P")
    _MIN_COLOURS = tuple(plots.OKABE_ITO[name] for name in
                         ("bluish_green", "sky_blue", "orange", "reddish_purple", "blue"))

    def __init__(self, cost, *, alpha=0.05, num_iters=200, n_starts=2000, w0=None, alpha_min=1e-3,
                 alpha_max=None, key=None):
        super().__init__()
        self.cost = cost = _check_cost(cost)
        lo, hi = cost.w_range
        top = _alpha_top(cost) if alpha_max is None else as_real(alpha_max, "alpha_max")
        whole = isinstance(n_starts, numbers.Integral) or (
            isinstance(n_starts, numbers.Real) and math.isfinite(n_starts) and float(n_starts).is_integer())
        if isinstance(n_starts, bool) or not whole or not 2 <= n_starts <= self.MAX_STARTS:
            raise ValueError(f"n_starts is {n_starts!r}; pass a whole number of starting points from 2 to "
                             f"{self.MAX_STARTS:,}, e.g. 2000.")
        n_starts = int(n_starts)
        self.starts = np.linspace(lo, hi, n_starts)
        w0 = _start_default(cost) if w0 is None else as_real(w0, "w0")
        self._state = {"alpha": as_real(alpha, "alpha"), "w0": w0}
        self._w_curve, self._J_curve = plots.curve_points(cost)
        self._J_limits = _padded(self._J_curve[np.isfinite(self._J_curve)])
        self._settle = 1e-3 * (hi - lo)
        self._marks = np.linspace(0, n_starts - 1, 56).round().astype(int)

        self.alpha_slider = self._alpha_slider(self._state["alpha"], as_real(alpha_min, "alpha_min"), top)
        self.iters_slider = self._iters_slider(num_iters, floor=1000,
                                               tooltip="How many steps every start takes")
        self.w0_slider = self._start_slider(w0, lo, hi, description="start w",
                                            tooltip="One start whose path is drawn (or click)")
        for name in self._SLIDERS:
            self._state[name] = self._check_value(name, self._state[name])
        self.threshold_label = self._own(_threshold_widget(_threshold_text(cost)))
        self._recompute({"alpha"})
        with plots.course_style():
            self._build()
            self._render(full=True)
        self._assemble([
            self._own(widgets.HBox([self.alpha_slider, self.threshold_label],
                                   layout=widgets.Layout(align_items="center"))),
            self.iters_slider, self.w0_slider,
        ])
        _register(self, key)

    @property
    def _classes(self):
        """(label, colour, marker) for each outcome: each minimum, out of steps, diverged."""
        items = [(f"reaches w = {fmt(m)}", self._MIN_COLOURS[i % 5], self._MIN_MARKERS[i % 5])
                 for i, m in enumerate(self.cost.minima)]
        items.append((self.NOT_SETTLED, PALETTE["muted"], "^"))
        items.append(("diverged", PALETTE["diverged"], "X"))
        return items

    def _build(self) -> None:
        fig = self._new_figure((9.0, 5.0))
        grid = fig.add_gridspec(2, 1, height_ratios=[3.3, 1])
        ax = self.ax_curve = fig.add_subplot(grid[0])
        sx = self.ax_strip = fig.add_subplot(grid[1], sharex=ax)
        cost = self.cost
        plots.plot_cost_curve(ax, cost, w_values=self._w_curve)
        ax.set_title(f"Where descent ends, start by start: {cost.name}")
        minima = np.asarray(cost.minima, float)
        ax.plot(minima, evaluate(cost.J, minima), linestyle="none", marker="*", markersize=15,
                color=PALETTE["minimum"], markeredgecolor=PALETTE["edge"], label="minimum", zorder=3)
        path_result = self.result
        self._path = plots.plot_path_1d(ax, cost, path_result, label="path from the chosen start")
        (self._end,) = ax.plot([], [], linestyle="none", marker="o", markersize=12, color=PALETTE["current"],
                               markeredgecolor=PALETTE["edge"], markeredgewidth=1.3,
                               label="w after the last step", zorder=7)
        ax.set_ylim(self._J_limits)
        ax.set_xlabel("")
        ax.tick_params(labelbottom=False)
        ax.legend(loc="upper center", ncols=2, fontsize=9)

        classes = self._classes
        self._colours = np.array([to_rgba(c) for _, c, _ in classes])
        lo, hi = cost.w_range
        # Between neighbouring starts the strip changes colour half-way; one rectangle per run of
        # starts with the same outcome (usually a handful) is far cheaper to draw than an image.
        self._edges = np.concatenate([[lo], (self.starts[1:] + self.starts[:-1]) / 2, [hi]])
        self._strip = PolyCollection([], edgecolors="none", linewidths=0, zorder=1)
        sx.add_collection(self._strip, autolim=False)
        sx.set_ylim(0, 1)
        self._mark_lines = []
        for _, colour, marker in classes:
            face = "white" if colour == PALETTE["diverged"] else "black"
            (line,) = sx.plot([], [], linestyle="none", marker=marker, markersize=6, color=face,
                              markeredgecolor="white" if face == "black" else "black", markeredgewidth=0.6)
            self._mark_lines.append(line)
        self._chosen = sx.axvline(self._state["w0"], color=PALETTE["current"], linewidth=3, zorder=5)
        sx.set_yticks([])
        sx.set_xlim(lo, hi)
        sx.set_xlabel("starting w")
        sx.set_title("Each start, coloured by where it ends", fontsize=11)
        sx.grid(False)
        handles = [(Patch(facecolor=c, edgecolor="#444444"),
                    Line2D([], [], linestyle="none", marker=m, markersize=6,
                           color="white" if c == PALETTE["diverged"] else "black"))
                   for _, c, m in classes]
        fig.legend(handles, [label for label, _, _ in classes], loc="outside lower center",
                   ncols=len(classes), frameon=False)
        self._freeze([*self._path.artists, self._end, self._strip, *self._mark_lines, self._chosen])

    def _recompute(self, changed) -> list:
        s = self._state
        if changed & {"alpha", "num_iters"}:
            w_final, diverged = descend_many(self.cost.dJ_dw, self.starts, s["alpha"], s["num_iters"])
            codes = np.full(self.starts.shape, len(self.cost.minima))
            with np.errstate(invalid="ignore"):
                for i, m in enumerate(self.cost.minima):  # a loop over the minima, not the starts
                    codes[np.abs(w_final - m) <= self._settle] = i
            codes[diverged] = len(self.cost.minima) + 1
            self.codes = codes
        self.result = _descend(self.cost, s["w0"], s["alpha"], s["num_iters"])
        self._current = self.result.iterations
        return []

    def _set_artists(self) -> None:
        k, result = self._current, self.result
        index = _drawn(k, self.MAX_DRAWN)[0]
        w, J = result.w_history[index], result.J_history[index]
        self._path.update(w, J)
        self._end.set_data(w[-1:], J[-1:])
        codes = self.codes
        first = np.concatenate([[0], np.flatnonzero(codes[1:] != codes[:-1]) + 1])  # where each run starts
        x0, x1 = self._edges[first], self._edges[np.append(first[1:], codes.size)]
        self._strip.set_verts(np.stack([np.column_stack([x0, np.zeros_like(x0)]),
                                        np.column_stack([x1, np.zeros_like(x0)]),
                                        np.column_stack([x1, np.ones_like(x0)]),
                                        np.column_stack([x0, np.ones_like(x0)])], axis=1))
        self._strip.set_facecolor(self._colours[codes[first]])
        marks = self._marks
        for code, line in enumerate(self._mark_lines):
            chosen = marks[codes[marks] == code]
            line.set_data(self.starts[chosen], np.full(chosen.size, 0.5))
        self._chosen.set_xdata([self._state["w0"], self._state["w0"]])

    def shares(self) -> dict[str, float]:
        """The fraction of starts with each outcome, by label."""
        counts = np.bincount(self.codes, minlength=len(self._classes))
        labels = [label for label, _, _ in self._classes]
        return {label: float(c) / self.codes.size for label, c in zip(labels, counts, strict=True)}

    def _readout_html(self) -> str:
        s, result, k = self._state, self.result, self._current
        wk, Jk = float(result.w_history[k]), float(result.J_history[k])
        slope = float(evaluate(self.cost.dJ_dw, wk))
        share_rows = [f"{label}: {_percent(share)} of starts" for label, share in self.shares().items()]
        after = "at the start" if k == 0 else f"after {_steps(k)}"
        return _lines(
            f"<b>α</b> = {fmt(s['alpha'])}, <b>iterations</b> = {s['num_iters']:,}",
            *share_rows,
            f"<b>chosen start</b> w = {fmt(s['w0'])}: <b>w</b> = {fmt(wk)} {after}",
            f"<b>J(w)</b> = {fmt(Jk)}, <b>dJ/dw</b> = {fmt(slope)}",
            _status_html(result, k),
            *self._capped_rows(k),
        )

    def click(self, w) -> None:
        """Draw the path from the start ``w`` (what a click on the curve or the strip does)."""
        self.update(w0=self._clip_to(self.w0_slider, w, "w"))

    def _clicked_axes(self) -> tuple:
        return (self.ax_curve, self.ax_strip)

    def describe(self) -> str:
        parts = ", ".join(f"{_percent(v)} {label}" for label, v in self.shares().items())
        return (f"Starts across {self.cost.name} after {self._state['num_iters']} steps with "
                f"α = {fmt(self._state['alpha'])}: {parts}.")


# --------------------------------------------------------------------------- linear regression


class RegressionExplorer(_ShowsDescent, _Explorer):
    """Linear regression by gradient descent: the data with the current line, the contour of
    J(w, b) with the path (click it to start there), the cost against iteration, and the cost
    surface with the path, under sliders for α, the start w and b, and the number of iterations.
    """

    _SLIDERS = {"alpha": "alpha_slider", "w0": "w0_slider", "b0": "b0_slider", "num_iters": "iters_slider"}
    MAX_ITERS = 100_000  # the closed form runs 100,000 steps in about 0.1 s

    def __init__(self, x, y, *, alpha=0.01, w0=0.0, b0=0.0, num_iters=500, show_surface=True,
                 alpha_min=None, alpha_max=None, key=None):
        super().__init__()
        self.descent = QuadraticDescent(x, y)  # checks the data; the run is then vectorised
        self.x, self.y = np.asarray(x, float).ravel(), np.asarray(y, float).ravel()
        self.alpha_threshold = max_stable_alpha(self.x)
        self.w_range, self.b_range = plots.cost_ranges(self.x, self.y)
        # A start the learner picks is always on the chart.
        w0, b0 = as_real(w0, "w0"), as_real(b0, "b0")
        self.w_range = (min(self.w_range[0], w0), max(self.w_range[1], w0))
        self.b_range = (min(self.b_range[0], b0), max(self.b_range[1], b0))
        self.show_surface = bool(show_surface)
        alpha = as_real(alpha, "alpha")
        top = 2.0 * self.alpha_threshold if alpha_max is None else as_real(alpha_max, "alpha_max")
        bottom = 10 ** math.floor(math.log10(min(alpha, self.alpha_threshold) / 100)) \
            if alpha_min is None else as_real(alpha_min, "alpha_min")
        self._state = {"alpha": alpha, "w0": as_real(w0, "w0"), "b0": as_real(b0, "b0")}

        # Static: computed once per data set.
        self._grid = plots.cost_surface_grid(self.x, self.y, w_range=self.w_range, b_range=self.b_range,
                                             resolution=120)
        self._surface_grid = plots.cost_surface_grid(self.x, self.y, w_range=self.w_range,
                                                     b_range=self.b_range, resolution=36)
        self.p_star = least_squares(self.x, self.y)
        self.J_star = self.descent.J_star
        self._J_top = J_top = float(self._grid[2].max())
        self._J_limits = (max(self.J_star * 0.8, J_top * 1e-8), J_top * 1.5)
        self._J_star_shown = self._cost_shown(self.J_star)

        self.alpha_slider = self._alpha_slider(alpha, bottom, top)
        self.w0_slider = self._start_slider(self._state["w0"], *self.w_range,
                                            description="start w",
                                            tooltip="The starting weight w (or click the contours)")
        self.b0_slider = self._start_slider(self._state["b0"], *self.b_range,
                                            description="start b",
                                            tooltip="The starting bias b (or click the contours)")
        self.iters_slider = self._iters_slider(num_iters, floor=5000, step=10,
                                               tooltip="How many steps to take at most")
        for name in self._SLIDERS:
            self._state[name] = self._check_value(name, self._state[name])
        self.threshold_label = self._own(_threshold_widget(f"diverges above α = {fmt(self.alpha_threshold)}"))

        self._recompute(set())
        with plots.course_style():
            self._build()
            self._render(full=True)
        buttons = self._buttons(interval=0.12)
        self._sync_buttons()
        self._assemble([
            self._own(widgets.HBox([self.alpha_slider, self.threshold_label],
                                   layout=widgets.Layout(align_items="center"))),
            self.w0_slider, self.b0_slider, self.iters_slider, buttons,
        ])
        _register(self, key)

    def _build(self) -> None:
        x, y = self.x, self.y
        if self.show_surface:
            fig = self._new_figure((10.0, 7.6))
            grid = fig.add_gridspec(2, 2)
            ax_data, ax_contour = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1])
            ax_history = fig.add_subplot(grid[1, 0])
            ax_surface = fig.add_subplot(grid[1, 1], projection="3d")
        else:
            fig = self._new_figure((12.0, 4.0))
            grid = fig.add_gridspec(1, 3)
            ax_data, ax_contour, ax_history = (fig.add_subplot(grid[0, i]) for i in range(3))
            ax_surface = None
        self.ax_data, self.ax_contour = ax_data, ax_contour
        self.ax_history, self.ax_surface = ax_history, ax_surface
        w0, b0 = self._state["w0"], self._state["b0"]

        plots.plot_data(ax_data, x, y)
        self._fit = plots.plot_fit_line(ax_data, x, w0, b0, label="model f(x) = w·x + b")
        ax_data.set_xlim(*plots.fit_line_x(x))
        ax_data.set_ylim(*_padded(y, 0.15))

        W, B, J = self._grid
        ax_contour.contour(W, B, J, levels=plots.contour_levels(J, self.J_star), cmap=plots.CMAP,
                           linewidths=1.1, zorder=1)
        plots._label(ax_contour, "w (weight)", "b (bias)", "Contours of J(w, b): click to start there")
        ax_contour.plot(*self.p_star, linestyle="none", marker="*", markersize=15, color=PALETTE["minimum"],
                        markeredgecolor=PALETTE["edge"], label="minimum", zorder=3)
        self._path = plots.plot_path_2d(ax_contour, self.result)
        (self._point,) = ax_contour.plot([], [], linestyle="none", marker="o", markersize=11,
                                         color=PALETTE["current"], markeredgecolor=PALETTE["edge"],
                                         markeredgewidth=1.3, label="current (w, b)", zorder=7)
        ax_contour.set_xlim(self.w_range)
        ax_contour.set_ylim(self.b_range)

        self._history = plots.plot_cost_history(ax_history, self.result.J_history, marker="",
                                                label="cost J after k steps")
        (self._history_point,) = ax_history.plot([], [], linestyle="none", marker="o", markersize=10,
                                                 color=PALETTE["current"], markeredgecolor=PALETTE["edge"],
                                                 zorder=7)
        ax_history.set_yscale("log")
        ax_history.set_ylabel("cost J (log scale)")
        ax_history.set_ylim(self._J_limits)
        ax_history.axhline(max(self.J_star, self._J_limits[0]), color=PALETTE["minimum"], linestyle=":",
                           linewidth=1.5, label=f"lowest possible J = {fmt(self._J_star_shown)}")
        self._set_history_limits()
        handles = [h for a in (ax_data, ax_contour, ax_history) for h in a.get_legend_handles_labels()[0]]
        fig.legend(handles=handles, loc="outside lower center", ncols=4, frameon=False)

        moving = [self._fit, *self._path.artists, self._point, self._history, self._history_point]
        if ax_surface is not None:
            Ws, Bs, Js = self._surface_grid
            ax_surface.plot_surface(Ws, Bs, Js, cmap=plots.CMAP, linewidth=0, antialiased=False, alpha=0.7,
                                    rstride=1, cstride=1, zorder=1)
            plots._label(ax_surface, "w", "b", "Cost surface J(w, b) with the path", zlabel="J")
            (self._path3d,) = ax_surface.plot([], [], [], color=PALETTE["path"], linewidth=2.0, zorder=5,
                                              axlim_clip=True)
            (self._point3d,) = ax_surface.plot([], [], [], linestyle="none", marker="o", markersize=9,
                                               color=PALETTE["current"], markeredgecolor=PALETTE["edge"],
                                               zorder=6, axlim_clip=True)
            ax_surface.set_xlim(self.w_range)
            ax_surface.set_ylim(self.b_range)
            ax_surface.set_zlim(0, float(Js.max()))
            ax_surface.zaxis.set_major_formatter(EngFormatter(sep=""))
            ax_surface.zaxis.set_major_locator(MaxNLocator(4))
            for axis in (ax_surface.xaxis, ax_surface.yaxis):
                axis.set_major_locator(MaxNLocator(4))
            ax_surface.view_init(elev=28, azim=-125)
            moving += [self._path3d, self._point3d]
        self._freeze(moving)

    def _set_history_limits(self) -> None:
        n = max(int(self._state["num_iters"]), 1)
        self.ax_history.set_xlim(-0.01 * n, 1.01 * n)

    def _run_descent(self):
        s = self._state
        return self.descent.run(s["w0"], s["b0"], s["alpha"], s["num_iters"])

    def _set_artists(self) -> None:
        k, result = self._current, self.result
        index = _drawn(k, self.MAX_DRAWN)[0]
        w, b, J = result.w_history[index], result.b_history[index], result.J_history[index]
        wk, bk = float(w[-1]), float(b[-1])
        xs = self._fit.get_xdata()
        self._fit.set_ydata(wk * xs + bk)
        self._path.update(w, b)
        self._path.points.set_markevery(max(1, len(w) // 100))  # a dot per step, thinned on long runs
        self._point.set_data([wk], [bk])
        self._history.set_data(index, J)
        self._history_point.set_data([k], J[-1:])
        if self.ax_surface is not None:
            self._path3d.set_data_3d(w, b, J)
            self._point3d.set_data_3d(w[-1:], b[-1:], J[-1:])  # arrays: 3-D clipping needs them

    def _readout_html(self) -> str:
        k, result = self._current, self.result
        wk, bk, Jk = (float(result.w_history[k]), float(result.b_history[k]), float(result.J_history[k]))
        if k == 0:  # exactly the start that was set, not the start rebuilt from the closed form
            wk, bk = self._state["w0"], self._state["b0"]
        dj_dw, dj_db = self._gradient(k, wk, bk)
        return _lines(
            f"<b>α</b> = {fmt(self._state['alpha'])} <span style='color:#8E3B74'>"
            f"(diverges above {fmt(self.alpha_threshold)})</span>",
            _iteration_row(result, k, self._state["num_iters"]),
            f"<b>w</b> = {fmt(wk)}, <b>b</b> = {fmt(bk)}",
            f"<b>J(w, b)</b> = {fmt(self._cost_shown(Jk))}",
            f"<b>dJ/dw</b> = {fmt(dj_dw)}, <b>dJ/db</b> = {fmt(dj_db)}",
            _status_html(result, k),
            *self._capped_rows(k),
        )

    def _cost_shown(self, J: float) -> float:
        """J as the readout shows it: 0 where it is only rounding (10⁻²⁸ when a line fits exactly)."""
        return J if J > 1e-12 * self._J_top else 0.0

    def _gradient(self, k, w, b) -> tuple[float, float]:
        """(dJ/dw, dJ/db) at iteration k: the run's own at its end; elsewhere H·(p − p*), which is
        exactly 0 at the minimum (H·p − g would leave rounding noise of 10⁻¹³ there)."""
        if k == self.result.iterations:
            return tuple(float(v) for v in self.result.gradient)
        d = np.array([w, b]) - self.descent.p_star
        with np.errstate(all="ignore"):
            return tuple(float(v) for v in self.descent.hessian @ d)

    def click(self, w, b) -> None:
        """Start the descent at (w, b) (what a click on the contour plot does)."""
        self.update(w0=self._clip_to(self.w0_slider, w, "w"), b0=self._clip_to(self.b0_slider, b, "b"))

    def _on_axes_click(self, event) -> None:
        if event.inaxes is self.ax_contour:
            self.click(event.xdata, event.ydata)

    def describe(self) -> str:
        s, r = self._state, self.result
        return (f"Linear regression by gradient descent with α = {fmt(s['alpha'])} from w = {fmt(s['w0'])}, "
                f"b = {fmt(s['b0'])}: {_status_line(r)}; the data with the fitted line, the path on the "
                "contours of J(w, b), the cost against iteration and the cost surface.")
