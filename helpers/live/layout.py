"""How an explorer is laid out on screen, and its static picture for notebooks read without a kernel.

The controls come first, in a column 300 px wide: the sliders (α, the start, the iterations, each
with its hint under it), Step / Play / Reset, then the readout and any error. The figure is beside
the column, at a fixed size in CSS pixels (``Explorer.FIGURE_PX``, at most ``MAX_FIGURE_PX``), with
the "↑ sliders" button under it. Column and figure together are at most 832 px wide, so they stand
side by side in the narrowest notebook a laptop shows (about 850 px of output: 1024 × 768, or
1366 × 768 with the file browser open), and the explorer is no taller than its figure or its
column, at most about 520 px. Where the output area is narrower still, the figure wraps below the
controls, so nothing is cut or scrolls sideways. Controls first in the DOM also means Tab reaches
every control before the figure.

The keyboard path past the figure: the figure's canvas (``view.FrameView``) is an image with alt
text that Tab reaches after the controls and leaves as any element: Tab goes on to
``.gd-after-figure`` (a small "↑ sliders" button after the figure, which focuses the first slider;
Tab from there goes on to the next cell), Shift+Tab back to the Reset button, and so does Escape.

DOM (classes the browser tests use): ``.gd-explorer`` (the root, a flex row that wraps) holds
``.gd-controls`` (the column: ``.gd-slider`` sliders, ``.gd-hint`` hints, ``.gd-button`` buttons,
``.gd-readout``, ``.gd-errors``), then ``.gd-figure`` (the ``FrameView``, whose ``canvas.gd-canvas``
shows the frames) with the ``.gd-after-figure`` button under it.
"""

from __future__ import annotations

import base64
import html
import io

import ipywidgets as widgets
import numpy as np
from PIL import Image

from .. import plots, static
from . import controls
from .a11y import ControlNames
from .view import FrameView

#: Figure resolution: 1 figure inch is this many CSS pixels (modest, so frames stay small).
DPI = 80
COLUMN_PX = controls.COLUMN_PX
GAP_PX = 12
#: The largest figure (width, height) in CSS pixels that fits beside the column on a laptop.
MAX_FIGURE_PX = (520, 480)


def figure_view(explorer) -> FrameView:
    """The figure's widget in the browser: its frames, with the explorer's readout and alt text."""

    def at_ratio(ratio: float) -> None:  # a view on a high-density screen: more pixels per CSS pixel
        explorer.fig.set_dpi(DPI * ratio)
        explorer._render(full=True)

    # The first frame goes out when a browser view asks for it ("ready"), not before.
    return FrameView(explorer.fig, explorer.readout, css_size=explorer.FIGURE_PX, alt=explorer.describe(),
                     on_ratio=at_ratio, resend=explorer._send_frame, sliders=explorer.sliders.values())


def assemble(explorer) -> widgets.Box:
    """The root box: the controls column, then the figure."""
    rows = [widgets.HTML(controls.FOCUS_CSS, layout=widgets.Layout(height="0px", margin="0")),
            ControlNames()]
    for name, slider in explorer.sliders.items():
        rows.append(slider)
        if name in explorer.hints:
            rows.append(explorer.hints[name])
    rows += [explorer.player.box, explorer.readout, explorer.output]
    column = widgets.VBox(rows, layout=widgets.Layout(width=f"{COLUMN_PX}px", min_width=f"{COLUMN_PX}px",
                                                      margin=f"0 {GAP_PX}px 0 0"))
    column.add_class("gd-controls")
    explorer.after_figure = after = controls.button(
        "↑ sliders", "arrow-up", "Back to the sliders of this figure (Tab in the figure comes here)")
    first = next(iter(explorer.sliders.values()))
    after.on_click(explorer.guarded(lambda _: first.focus()))
    after.add_class("gd-after-figure")
    # The button sits under the figure, so it never pushes the figure below the controls.
    side = widgets.VBox([explorer._view, after], layout=widgets.Layout(align_items="flex-start"))
    root = widgets.HBox([column, side], layout=widgets.Layout(
        flex_flow="row wrap", align_items="flex-start", max_width="100%"))
    root.add_class("gd-explorer")
    return root


def drawn_pixels(fig):
    """The pixels ``fig``'s canvas last drew (RGBA), or None if it has not drawn at its size."""
    renderer = getattr(fig.canvas, "renderer", None)
    if renderer is None or (renderer.width, renderer.height) != tuple(int(v) for v in fig.bbox.size):
        return None
    return np.asarray(renderer.buffer_rgba())


def to_png(fig, *, small: bool = True, pixels=None) -> bytes:
    """``fig`` as it is now, as PNG bytes; ``small`` reduces it to 256 colours (~3× smaller).

    ``pixels``: what the canvas last drew (``drawn_pixels``), which an explorer's frame keeps equal
    to a fresh draw; using them skips drawing the figure again (0.3-0.6 s). Without, it is drawn.
    """
    if pixels is None:
        with plots.course_style():
            picture = static.drawn(fig, fig.dpi)  # white, as the course style saves
    else:
        picture = Image.fromarray(np.ascontiguousarray(pixels), mode="RGBA")
    if small:
        return static.quantized_png(picture)
    out = io.BytesIO()
    picture.save(out, format="png")
    return out.getvalue()


def mimebundle(explorer, include=None, exclude=None, **kwargs) -> dict:
    """The widget, plus a static picture with alt text and the readout for readers without a kernel."""
    bundle = dict(explorer.widget._repr_mimebundle_(include=include, exclude=exclude, **kwargs) or {})
    picture = base64.b64encode(explorer.to_png()).decode("ascii")
    alt = html.escape(explorer.describe(), quote=True)
    bundle["image/png"] = picture
    # Where no kernel runs (GitHub, nbviewer) this is what shows: the picture, the readout beside it.
    bundle["text/html"] = (
        '<div class="gd-explorer-static" style="display: flex; flex-wrap: wrap; align-items: flex-start">'
        f'<div style="margin-right: 12px; max-width: {COLUMN_PX}px">{explorer.readout.value}</div>'
        f'<img alt="{alt}" src="data:image/png;base64,{picture}"></div>'
    )
    bundle["text/plain"] = f"{type(explorer).__name__}: {explorer.describe()}"
    return bundle


def padded(values, fraction=0.06) -> tuple[float, float]:
    """Axis limits around ``values`` with a margin of ``fraction`` of their span on each side."""
    lo, hi = float(np.min(values)), float(np.max(values))
    pad = fraction * (hi - lo) if hi > lo else 1.0
    return lo - pad, hi + pad
