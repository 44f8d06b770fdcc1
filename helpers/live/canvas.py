"""The figure's canvas and how its frames reach the browser.

In a notebook the figure is an ipympl canvas whatever ``%matplotlib`` says; without ipympl
(scripts, tests) it is a plain Agg canvas and everything else works the same.

The frame rule: **every frame is a full frame.** ipympl's browser side paints a frame when its
one ``Image`` element has loaded; a frame that arrives before the previous one has loaded
replaces it, so that earlier frame is never painted. A diff frame (only the changed pixels)
is correct only if every frame before it was painted, so under a fast drag, during Play, or
while the browser tab is hidden (image loading is paused), diffs are lost and stale pieces of
old lines stay on screen. A full frame never depends on an earlier one: whichever frame is
painted last shows exactly what the kernel drew. This canvas therefore always sends the whole
figure, in image mode "full", encoded cheaply (RGBA rows as drawn, no row filters, ISA-L's fast
deflate, and strips of rows that did not change packed once: ``FrameEncoder``), and keeps no reliance on
webagg's diff state (``_force_full``, ``_last_buff``).

Where a slider move's time goes (DescentExplorer, JupyterLab in headless Chromium, 2 cores;
medians of traced key presses, about 70 ms in all). The page sends the value 1-2 ms after the key
and the kernel has it 5-10 ms later. ipykernel publishes "busy" and an echo of the value, runs
the slider's handler (which only records the value), publishes "idle" and flushes its streams;
the draw starts about 4 ms after the message arrived. Recompute, blit and encoding the frame
(about 35 kB for 520x300 pixels) take 4-5 ms (``make bench``), sending it under 1 ms. The five
messages (busy, echo, idle, readout, frame) pass the server within 1-2 ms each, but the page
handles them one by one between its own renders: the frame is in the page 40-50 ms after the
key. The page renders about three times per move: for the slider's own new position, for the
kernel's "busy" (JupyterLab's toolbar and status bar redraw the kernel's state: 4-6 ms of script)
and for the readout and the frame; each render (layout, paint, layerize and commit of the whole
page, in software) takes 8-15 ms. ipympl's frontend then makes a blob URL of the frame, encodes
the previous frame as a PNG for its model (3 ms), and paints the frame when the image has loaded
and been decoded, 20-25 ms later (4 ms in an empty page). So the kernel's part is about a sixth
of the round trip. A drag takes longer: the page keeps at most one update per slider in flight,
so its last value waits for the "idle" of the one before.
The browser test prints the two parts (frame in the page, frame to canvas) for every explorer.
"""

from __future__ import annotations

import base64
import struct
import warnings
import zlib

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .. import plots

try:  # ISA-L writes the same deflate format as zlib, 2-3x faster at its fastest level
    from isal import isal_zlib as deflate
except ImportError:  # pragma: no cover - isal is in requirements.txt; without it frames pack slower
    deflate = zlib


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


IpymplCanvas, IpymplManager = _import_ipympl()


_BASE = 65521  # the modulus of Adler-32


def adler32_combine(first: int, second: int, second_length: int) -> int:
    """The Adler-32 of two byte strings joined, from the checksum of each (zlib's adler32_combine)."""
    rem = second_length % _BASE
    low = first & 0xFFFF
    high = (rem * low) % _BASE
    low += (second & 0xFFFF) + _BASE - 1
    high += ((first >> 16) & 0xFFFF) + ((second >> 16) & 0xFFFF) + _BASE - rem
    return (low % _BASE) | ((high % _BASE) << 16)


def _pack(block: np.ndarray) -> tuple[bytes, int, int]:
    """Rows of pixels as raw deflate data ending on a byte boundary (so such pieces join into one
    stream, as pigz does), with the Adler-32 and length of the bytes they stand for."""
    height, width, channels = block.shape
    raw = np.empty((height, 1 + channels * width), dtype=np.uint8)  # each row: filter byte 0, pixels
    raw[:, 0] = 0
    np.copyto(raw[:, 1:].reshape(height, width, channels, copy=False), block)
    # With ISA-L a frame of Episode 5's explorer packs in 1.7 ms instead of zlib's 4.0 ms, no bigger.
    packer = deflate.compressobj(1, deflate.DEFLATED, -15)
    return packer.compress(raw) + packer.flush(deflate.Z_SYNC_FLUSH), deflate.adler32(raw), raw.size


class FrameEncoder:
    """Whole PNG frames, quickly: the picture is packed in strips of ``ROWS`` rows, and a strip
    whose pixels are the same as in the last frame reuses its packed bytes. Every frame is still
    the whole picture; only the work of packing unchanged rows again is saved (in a slider move,
    a third to a half of the rows do not change: titles, legends, axes without moving parts).
    """

    ROWS = 24
    _END = zlib.compressobj(1, zlib.DEFLATED, -15).flush()  # an empty last block

    def __init__(self):
        self._strips: list = []  # (the pixels, their packed bytes, Adler-32, length) per strip

    def encode(self, pixels: np.ndarray) -> bytes:
        height, width, channels = pixels.shape
        starts = range(0, height, self.ROWS)
        if len(self._strips) != len(starts) or self._strips[0][0].shape[1:] != (width, channels):
            self._strips = [None] * len(starts)
        pieces, checksum = [], 1
        for i, lo in enumerate(starts):
            block, kept = pixels[lo:lo + self.ROWS], self._strips[i]
            if kept is None or not np.array_equal(kept[0], block):
                kept = self._strips[i] = (block.copy(), *_pack(block))
            pieces.append(kept[1])
            checksum = adler32_combine(checksum, kept[2], kept[3])
        data = b"\x78\x01" + b"".join(pieces) + self._END + struct.pack(">I", checksum)
        return png(width, height, channels, data)


def png(width: int, height: int, channels: int, data: bytes) -> bytes:
    """A PNG file around zlib ``data`` of rows with filter bytes (8 bits, RGB or RGBA)."""

    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))

    header = struct.pack(">IIBBBBB", width, height, 8, {3: 2, 4: 6}[channels], 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def encode_png(pixels: np.ndarray) -> bytes:
    """PNG bytes of an RGB or RGBA array, with no row filter and fast deflate (Pillow's encoder tries a
    filter per row and spends several ms on a figure; this is ~3× faster)."""
    return FrameEncoder().encode(pixels)


def frame_pixels(canvas) -> np.ndarray:
    """The canvas's pixels, RGBA as the renderer holds them (no copy: a quarter more bytes, but
    copied into the frame row by row in one go, which beats picking out RGB)."""
    return np.asarray(canvas.get_renderer().buffer_rgba())


if IpymplCanvas is not None:

    class LiveCanvas(IpymplCanvas):
        """ipympl's canvas that sends only full frames (see the module docstring for why)."""

        frames_sent = 0
        _encoder = None

        def get_diff_image(self):
            if not self._png_is_old:  # set by webagg's draw() and blit(): the picture changed
                return None
            self._png_is_old = False
            if self._current_image_mode != "full":
                self.set_image_mode("full")
            self.frames_sent += 1
            if self._encoder is None:
                self._encoder = FrameEncoder()
            return self._encoder.encode(frame_pixels(self))

        def draw(self):
            # Every draw in the course's style: a redraw the browser asks for much later (a resize,
            # a refresh) must render text exactly as the first draw did.
            with plots.course_style():
                super().draw()

        def send_binary(self, data):
            # Without a browser attached (e.g. nbclient), keep the data URL of the last frame.
            if self.syncing_data_url:
                self._data_url = "data:image/png;base64," + base64.b64encode(data).decode()
            self.send({"data": '{"type": "binary"}'}, buffers=[data])

else:  # pragma: no cover
    LiveCanvas = None


class StyledAggCanvas(FigureCanvasAgg):
    """Agg, for explorers without ipympl: every draw in the course's style, as the live canvas."""

    def draw(self):
        with plots.course_style():
            super().draw()


_figure_numbers = iter(range(1, 10**9))


def attach_canvas(fig: Figure):
    """Give ``fig`` its canvas: ipympl's live one if installed, else Agg. Not registered in pyplot.

    Keeping explorers out of pyplot means ``plt.plot`` in a later cell never draws into one and
    ``plt.close("all")`` does not kill them; the explorer closes its own figure.
    """
    if LiveCanvas is None:
        return StyledAggCanvas(fig)
    canvas = LiveCanvas(fig)
    with warnings.catch_warnings():
        # ipympl's toolbar passes its canvas on to traitlets, which calls that deprecated.
        warnings.filterwarnings("ignore", r"Passing unrecognized arguments", DeprecationWarning)
        manager = IpymplManager(canvas, next(_figure_numbers))
    if manager.key_press_handler_id is not None:  # no matplotlib key shortcuts (l = log scale, q = quit)
        canvas.mpl_disconnect(manager.key_press_handler_id)
    canvas.header_visible = False
    canvas.footer_visible = False
    canvas.toolbar_visible = "hidden"  # pan and zoom would fight the click that sets the start
    canvas.resizable = False
    canvas.capture_scroll = False
    return canvas
