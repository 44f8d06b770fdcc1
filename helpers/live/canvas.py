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
figure, in image mode "full", encoded cheaply (RGBA rows as drawn, no row filters, fast zlib in
two strips at once), and keeps no reliance on webagg's diff state (``_force_full``, ``_last_buff``).
"""

from __future__ import annotations

import base64
import struct
import warnings
import zlib
from concurrent.futures import ThreadPoolExecutor

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .. import plots


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


#: A frame is compressed in this many horizontal strips at once (zlib lets go of the GIL meanwhile).
STRIPS = 2
_pool = None


def _strip(pixels: np.ndarray, last: bool, level: int) -> tuple[bytes, np.ndarray]:
    """One strip of rows as raw deflate data (each row: filter byte 0, then the pixels) and its bytes."""
    height, width, channels = pixels.shape
    raw = np.empty((height, 1 + channels * width), dtype=np.uint8)
    raw[:, 0] = 0
    np.copyto(raw[:, 1:].reshape(height, width, channels, copy=False), pixels)
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)  # raw deflate: the strips join into one stream
    return packer.compress(raw) + packer.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH), raw


def encode_png(pixels: np.ndarray, level: int = 1) -> bytes:
    """PNG bytes of an RGB or RGBA array, with no row filter and fast zlib.

    Pillow's encoder tries a filter per row and spends several ms on a figure; this is ~3× faster.
    A large frame is compressed in ``STRIPS`` strips on as many threads, each ending on a byte
    boundary, so their deflate data joined is one valid stream (as pigz does): half the time again.
    """
    global _pool
    height, width, channels = pixels.shape
    parts = STRIPS if height * width >= 50_000 else 1  # a small picture: one strip, no threads
    cuts = np.linspace(0, height, parts + 1).astype(int)
    jobs = [(pixels[lo:hi], hi == height, level) for lo, hi in zip(cuts[:-1], cuts[1:], strict=True)]
    if len(jobs) == 1:
        done = [_strip(*jobs[0])]
    else:
        if _pool is None:
            _pool = ThreadPoolExecutor(STRIPS, thread_name_prefix="png-strips")
        done = list(_pool.map(lambda job: _strip(*job), jobs))
    checksum = 1
    for _, raw in done:
        checksum = zlib.adler32(raw, checksum)
    data = b"\x78\x01" + b"".join(packed for packed, _ in done) + struct.pack(">I", checksum)

    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))

    colour_type = {3: 2, 4: 6}[channels]
    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def frame_pixels(canvas) -> np.ndarray:
    """The canvas's pixels, RGBA as the renderer holds them (no copy: a quarter more bytes, but
    copied into the frame row by row in one go, which beats picking out RGB)."""
    return np.asarray(canvas.get_renderer().buffer_rgba())


if IpymplCanvas is not None:

    class LiveCanvas(IpymplCanvas):
        """ipympl's canvas that sends only full frames (see the module docstring for why)."""

        frames_sent = 0

        def get_diff_image(self):
            if not self._png_is_old:  # set by webagg's draw() and blit(): the picture changed
                return None
            self._png_is_old = False
            if self._current_image_mode != "full":
                self.set_image_mode("full")
            self.frames_sent += 1
            return encode_png(frame_pixels(self))

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
