"""Still figures for the episodes: a finished plot shown once as a picture with alt text.

Under ``%matplotlib widget`` every pyplot figure becomes a live canvas, which is slow to save and
shows nothing where no kernel runs (GitHub, nbviewer). A figure from ``static_figure`` is not
registered with pyplot, so it never turns live; ``show_static`` displays it as a PNG with a text
description and closes it. Uses matplotlib and Pillow (a matplotlib dependency), no ipywidgets;
IPython's ``display`` is imported only to show a figure.
"""

from __future__ import annotations

import base64
import html
import io
import sys

import numpy as np
from matplotlib.figure import Figure
from PIL import Image

#: Resolution of a still figure: sharp on a laptop screen, small enough to keep an episode < 1 MB.
STATIC_DPI = 110


def static_figure(nrows=1, ncols=1, *, figsize=None, layout="constrained", projections=None, **subplots_kw):
    """A Figure pyplot does not know about, and its Axes, like ``plt.subplots``. Introduced in Episode 1."""
    # projections: one per Axes, row by row (None for a flat one), e.g. ["3d", None] for a surface
    # beside a contour map. Other keywords (sharey, width_ratios, subplot_kw …) go to Figure.subplots.
    fig = Figure(figsize=figsize, layout=layout)
    if projections is None:
        return fig, fig.subplots(nrows, ncols, **subplots_kw)
    projections = list(projections)
    if len(projections) != nrows * ncols:
        raise ValueError(
            f"projections has {len(projections)} entries but the figure has {nrows} × {ncols} = "
            f"{nrows * ncols} Axes; give one projection (or None) per Axes."
        )
    if subplots_kw:
        raise TypeError(
            f"static_figure with projections takes no {', '.join(sorted(subplots_kw))}; "
            "make the figure without projections to share axes or set ratios."
        )
    axes = [fig.add_subplot(nrows, ncols, i + 1, projection=p) for i, p in enumerate(projections)]
    if len(axes) == 1:
        return fig, axes[0]
    grid = np.empty(len(axes), dtype=object)
    grid[:] = axes
    return fig, grid.reshape(nrows, ncols).squeeze()  # shaped as plt.subplots shapes its Axes


def drawn(fig: Figure, dpi: float) -> Image.Image:
    """The figure's RGBA pixels at ``dpi`` on white: raw from Agg (a PNG would be written only to be read
    straight back), or through a PNG if Agg's buffer is not the size it should be."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="rgba", dpi=dpi, facecolor="white")
    # Agg's size: whole pixels, a size within 1e-8 of the next one rounded up (4.6 in × 110 is 506)
    size = tuple(int(inches * dpi + 1e-8) for inches in fig.get_size_inches())
    if buffer.getbuffer().nbytes == 4 * size[0] * size[1]:
        return Image.frombuffer("RGBA", size, buffer.getbuffer(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return Image.open(buffer)


def quantized_png(picture: Image.Image) -> bytes:
    """``picture`` as PNG bytes in 256 colours (3-4× smaller, the same look), with no timestamp."""
    reduced = picture.convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE)
    out = io.BytesIO()
    reduced.save(out, format="png")  # optimize=True: 5-8% smaller, 5-10x slower to write
    return out.getvalue()


def png_bytes(fig: Figure, *, dpi: float = STATIC_DPI) -> bytes:
    """The figure as PNG bytes in 256 colours, on white."""
    return quantized_png(drawn(fig, dpi))


def static_bundle(fig: Figure, *, alt: str, dpi: float = STATIC_DPI) -> dict:
    """The notebook output of a still figure: text/html ``<img alt=…>``, image/png and text/plain."""
    if not isinstance(fig, Figure):
        raise TypeError(f"show_static needs a matplotlib Figure, got {type(fig).__name__}.")
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError("alt is empty; describe in a sentence what the figure shows, for readers who "
                         "cannot see it.")
    picture = base64.b64encode(png_bytes(fig, dpi=dpi)).decode("ascii")
    return {
        "text/html": f'<img alt="{html.escape(alt, quote=True)}" style="max-width: 100%; height: auto" '
        f'src="data:image/png;base64,{picture}">',
        "image/png": picture,
        "text/plain": alt,
    }


def close_figure(fig: Figure) -> None:
    """Forget ``fig``: closed in pyplot if pyplot made it, its contents cleared either way."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close(fig)
    fig.clear()


def show_static(fig: Figure, *, alt: str, dpi: float = STATIC_DPI) -> None:
    """Display ``fig`` once as a PNG with alt text, then close it. Introduced in Episode 1."""
    from IPython.display import display

    bundle = static_bundle(fig, alt=alt, dpi=dpi)
    close_figure(fig)
    display(bundle, raw=True)
