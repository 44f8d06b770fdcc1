"""The figure's canvas and its frames: what the kernel draws, packed as PNG for the browser.

An explorer's figure is drawn by Agg on a canvas kept out of pyplot (``attach_canvas``); after each
move the picture is packed as one PNG frame and sent to the browser by ``view.FrameView``.

The frame rule: **every frame is a full frame.** A frame that only carried the changed pixels
would be right only if every frame before it had been painted; under a fast drag, during Play or
while the browser tab is hidden, the browser skips frames (it paints only the newest it has
decoded), and stale pieces of old lines would stay on screen. A full frame never depends on an
earlier one: whichever frame is painted last shows exactly what the kernel drew. Frames are packed
cheaply: RGBA rows as drawn, no row filters, ISA-L's fast deflate, and strips of rows that did not
change since the last frame packed once (``FrameEncoder``).

Where a slider move's time goes (JupyterLab in headless Chromium, 2 cores; timed from the page's,
the server's and the kernel's clocks). The page sends the value 1-2 ms after the key or pointer
move; the kernel has it 5-9 ms later. The first value after a pause is drawn at once
(``coalesce.py``), before the kernel reports "idle", so the frame leaves the kernel 15-35 ms after
the input (recompute, blit and packing take 3-9 ms of that in ``make bench``; here the kernel
shares two cores with the browser). The server passes each message on within a millisecond, but
the page handles messages only between its own work. The kernel reports "busy" and "idle" for
every widget message; the course's server settings (``jupyter-config/jupyter_server_config.py``)
have the page skip those reports, which would redraw JupyterLab's toolbar and status bar twice a
move (5-10 ms each). By keyboard the frame is in the page about 30-40 ms after the key; decoding
it off the main thread and painting it with its readout take 3-6 ms more. Drawing after "idle",
a readout in a message of its own, or ipympl's canvas (which loads each frame as an image
through a blob URL) each cost 7-25 ms more. The browser test prints the two parts (frame in the
page, frame to canvas) for every explorer.

A drag costs more than a key press. Its pointer moves come 20-60 ms apart, and each one redraws
the slider (20-30 ms of the page's main thread). Pressing and releasing a slider's handle set a
cursor on <body>, which every element inherits, so the browser restyled the whole page each time
(35-40 ms); the course holds that cursor (``controls.FOCUS_CSS``). ipywidgets sends a slider's
values one at a time, each after the kernel's "idle" for the one before: the figure's view sends
the values it holds back straight to the kernel, and during a drag it sends every value itself
while the slider's own updates wait for the release (``view.py``); a value that comes right after
a draw waits 3 ms for any queued behind it (``coalesce.py``), so the kernel draws the newest.
What remains is the page's own work: the last pointer move's redraw of the slider and then the
release of the handle (10-25 ms) both run before the page reads the last frame, which the kernel
sent about 20 ms after the move.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .. import plots

try:  # ISA-L writes the same deflate format as zlib, 2-3x faster at its fastest level
    from isal import isal_zlib as deflate
except ImportError:  # pragma: no cover - isal is in requirements.txt; without it frames pack slower
    deflate = zlib


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


class StyledAggCanvas(FigureCanvasAgg):
    """Agg, with every draw in the course's style (a redraw much later renders text as the first)."""

    def draw(self):
        with plots.course_style():
            super().draw()


def attach_canvas(fig: Figure) -> StyledAggCanvas:
    """Give ``fig`` its canvas (Agg in the course's style), not registered in pyplot.

    Keeping explorers out of pyplot means ``plt.plot`` in a later cell never draws into one and
    ``plt.close("all")`` does not kill them; the explorer closes its own figure.
    """
    return StyledAggCanvas(fig)
