"""Still figures: a valid PNG with its alt text, the figure closed, and pyplot never involved."""

from __future__ import annotations

import base64
import io

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from mpl_toolkits.mplot3d import Axes3D
from PIL import Image

from helpers import static
from helpers.static import STATIC_DPI, png_bytes, show_static, static_bundle, static_figure

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ALT = 'The bowl J(w) = (w − 3)² with "quotes" & <angle brackets>, drawn for a test.'


def a_figure(**kwargs):
    fig, ax = static_figure(figsize=(4, 3), **kwargs)
    ax.plot([0, 1, 2], [4, 1, 0], label="a line")
    ax.set_title("A test figure")
    return fig


@pytest.fixture
def shown(monkeypatch):
    """Every bundle show_static displays, instead of sending it to a notebook."""
    calls = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: calls.append((obj, raw)))
    return calls


# --- static_figure ------------------------------------------------------------------------------


def test_static_figure_is_not_registered_with_pyplot():
    before = plt.get_fignums()
    fig, ax = static_figure()
    assert isinstance(fig, Figure) and isinstance(ax, Axes) and ax.figure is fig
    assert plt.get_fignums() == before
    assert fig.canvas.manager is None


@pytest.mark.parametrize(
    ("shape", "expected"), [((1, 1), ()), ((1, 3), (3,)), ((2, 1), (2,)), ((2, 2), (2, 2))]
)
def test_static_figure_shapes_its_axes_like_plt_subplots(shape, expected):
    fig, axes = static_figure(*shape)
    assert np.shape(axes) == expected
    assert len(fig.axes) == shape[0] * shape[1]


def test_static_figure_passes_subplot_options_on():
    fig, axes = static_figure(1, 2, sharey=True, width_ratios=[2, 1], figsize=(6, 2))
    assert axes[1].get_shared_y_axes().joined(axes[0], axes[1])
    assert tuple(fig.get_size_inches()) == (6, 2)
    assert fig.get_layout_engine() is not None  # constrained by default


def test_static_figure_mixes_3d_and_flat_axes():
    fig, (ax_3d, ax_map) = static_figure(1, 2, projections=["3d", None])
    assert isinstance(ax_3d, Axes3D) and not isinstance(ax_map, Axes3D)
    fig, ax = static_figure(projections=["3d"])
    assert isinstance(ax, Axes3D)


def test_static_figure_says_what_is_wrong_with_the_projections():
    with pytest.raises(ValueError, match="one projection"):
        static_figure(1, 2, projections=["3d"])
    with pytest.raises(TypeError, match="sharey"):
        static_figure(1, 2, projections=["3d", None], sharey=True)


# --- the picture --------------------------------------------------------------------------------


def test_png_is_valid_sized_by_the_dpi_and_the_same_on_every_run():
    fig = a_figure()
    data = png_bytes(fig)
    assert data.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(data)) as picture:
        picture.verify()
    with Image.open(io.BytesIO(data)) as picture:
        assert picture.size == (4 * STATIC_DPI, 3 * STATIC_DPI)
        assert len(picture.getcolors(maxcolors=256) or []) > 2  # not blank, at most 256 colours
    assert png_bytes(fig) == data  # no timestamp: a re-run stores the same bytes
    with Image.open(io.BytesIO(png_bytes(fig, dpi=50))) as picture:
        assert picture.size == (200, 150)


def test_pixels_are_read_raw_at_the_size_agg_draws_or_through_a_png_if_it_surprises(monkeypatch):
    """4.6 in × 110 dpi is 505.99999999999994 in floating point, and Agg draws 506 rows."""
    fig = a_figure()
    fig.set_size_inches(4.6, 3.0)
    as_png = io.BytesIO()
    fig.savefig(as_png, format="png", dpi=STATIC_DPI, facecolor="white")
    with Image.open(as_png) as picture:
        expected = np.asarray(picture.convert("RGB"))
    savefig, formats, short = fig.savefig, [], []

    def recorded(buffer, **kwargs):
        savefig(buffer, **kwargs)
        formats.append(kwargs["format"])
        if short and kwargs["format"] == "rgba":  # a buffer one pixel short of what Agg should draw
            buffer.truncate(buffer.getbuffer().nbytes - 4)

    monkeypatch.setattr(fig, "savefig", recorded)
    np.testing.assert_array_equal(np.asarray(static.drawn(fig, STATIC_DPI).convert("RGB")), expected)
    assert formats == ["rgba"]  # read raw, no PNG written and read back
    short.append(True)
    np.testing.assert_array_equal(np.asarray(static.drawn(fig, STATIC_DPI).convert("RGB")), expected)
    assert formats == ["rgba", "rgba", "png"]


def test_bundle_holds_the_png_the_alt_text_and_an_img_tag():
    bundle = static_bundle(a_figure(), alt=ALT)
    assert set(bundle) == {"text/html", "image/png", "text/plain"}
    assert base64.b64decode(bundle["image/png"]).startswith(PNG_SIGNATURE)
    assert bundle["text/plain"] == ALT
    html = bundle["text/html"]
    assert html.startswith("<img ") and f'src="data:image/png;base64,{bundle["image/png"]}"' in html
    assert 'alt="The bowl J(w) = (w − 3)² with &quot;quotes&quot; &amp; &lt;angle brackets&gt;' in html


@pytest.mark.parametrize("alt", ["", "   ", None])
def test_alt_text_is_required(alt):
    with pytest.raises(ValueError, match="describe"):
        static_bundle(a_figure(), alt=alt)


def test_only_a_figure_can_be_shown():
    fig = a_figure()
    with pytest.raises(TypeError, match="Figure"):
        static_bundle(fig.axes[0], alt=ALT)


# --- show_static --------------------------------------------------------------------------------


def test_show_static_displays_the_bundle_raw_and_closes_the_figure(shown):
    fig = a_figure()
    assert show_static(fig, alt=ALT) is None
    [(bundle, raw)] = shown
    assert raw is True and bundle["text/plain"] == ALT
    assert base64.b64decode(bundle["image/png"]).startswith(PNG_SIGNATURE)
    assert fig.axes == []  # closed: nothing left to draw or to hold memory


def test_show_static_takes_the_dpi(shown):
    show_static(a_figure(), alt=ALT, dpi=40)
    with Image.open(io.BytesIO(base64.b64decode(shown[0][0]["image/png"]))) as picture:
        assert picture.size == (160, 120)


def test_show_static_closes_a_pyplot_figure_too(shown):
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    show_static(fig, alt=ALT)
    assert not plt.fignum_exists(fig.number)
    assert len(shown) == 1


def test_no_pyplot_figure_is_left_behind(shown):
    before = plt.get_fignums()
    for _ in range(3):
        fig, axes = static_figure(1, 2, projections=["3d", None])
        axes[1].plot([0, 1], [0, 1])
        show_static(fig, alt=ALT)
    assert plt.get_fignums() == before
    assert len(shown) == 3


def test_every_public_name_says_which_episode_introduces_it_or_what_it_is():
    for name in ("static_figure", "show_static"):
        assert "Introduced in Episode 1" in getattr(static, name).__doc__.splitlines()[0]
