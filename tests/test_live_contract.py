"""The live layer's contract: hooks, controls, exact α notches, coalescing, layout, module sizes."""

from __future__ import annotations

import ast
import asyncio
import inspect
import json
import re
from pathlib import Path

import ipywidgets
import numpy as np
import pytest

import helpers
from helpers import widgets as gw
from helpers.exercises import episode7
from helpers.live import Explorer, controls, layout

ROOT = Path(__file__).resolve().parents[1]
HOUSES = helpers.load_houses("houses.csv")
TWO_HOUSES = helpers.load_houses("two_houses.csv")
HOOKS = ("build_artists", "recompute", "set_artists", "readout_html", "describe")
MAKERS = {
    "descent": lambda **kw: gw.DescentExplorer(helpers.bowl(), **kw),
    "tangent": lambda **kw: gw.TangentExplorer(helpers.two_valleys(), w=0.5, **kw),
    "basins": lambda **kw: gw.BasinsExplorer(helpers.two_valleys(), n_starts=200, num_iters=50, **kw),
    "regression": lambda **kw: gw.RegressionExplorer(*HOUSES, num_iters=200, **kw),
    "scaling": lambda **kw: gw.ScalingExplorer(helpers.load_house_features()[0][:, [0, 3]],
                                               helpers.load_house_features()[1], scaling="zscore", **kw),
    "ladder": lambda **kw: gw.LadderExplorer(*helpers.load_house_features()[:2], num_iters=300, **kw),
    "polynomial": lambda **kw: gw.PolynomialExplorer(*episode7.curve_data(), num_iters=1000, **kw),
    "optimizer": lambda **kw: gw.OptimizerExplorer(*TWO_HOUSES, num_iters=40, **kw),
}
#: Explorers without a single α slider (the ladder runs every rung of its α ladder at once).
NO_ALPHA = {"ladder"}


@pytest.fixture(scope="module")
def made():
    """One explorer of each kind for the whole module, made ``undrawn`` (laying out and painting
    one is most of what a test costs, and only the pixel test below looks at pixels: it paints
    explorers of its own)."""
    cache: dict = {}
    yield cache
    for made_one, _ in cache.values():
        made_one.close()


def _ready(made, kind):
    """The module's explorer of ``kind``, back at its first values and iteration 0."""
    if kind not in made:
        e = MAKERS[kind]()
        made[kind] = (e, {name: e._state[name] for name in type(e).SLIDERS})
    e, first = made[kind]
    e.update(**first)
    e.reset()
    assert e.last_error is None and not e.closed
    return e


@pytest.fixture(params=sorted(MAKERS))
def explorer(request, made, undrawn):
    """Each kind of explorer, back at its first values and iteration 0 for every test."""
    return _ready(made, request.param)


@pytest.fixture(params=sorted(set(MAKERS) - NO_ALPHA))
def alpha_explorer(request, made, undrawn):
    """Each kind of explorer with one α slider (not the ladder, which runs a whole α ladder)."""
    return _ready(made, request.param)


def quoted_alphas() -> set[float]:
    """Every α an episode passes as ``alpha=...``."""
    found = set()
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        text = notebook.read_text(encoding="utf-8")
        for number in re.findall(r"alpha=([0-9][0-9.e-]*[0-9])", text):
            found.add(float(number))
    return found


def test_the_contract_is_declared_once_and_every_explorer_provides_it(explorer):
    assert set(HOOKS) <= Explorer.__abstractmethods__
    cls = type(explorer)
    assert not cls.__abstractmethods__
    for hook in HOOKS:  # each explorer's own hook, not the abstract one
        assert getattr(cls, hook) is not getattr(Explorer, hook), hook
    assert ("alpha" in cls.SLIDERS) != (cls is gw.LadderExplorer) and tuple(explorer.sliders) == cls.SLIDERS
    # The constructor tail every explorer repeats is one call.
    assert inspect.getsource(cls.__init__.__wrapped__).count("self._finish(") == 1


def test_every_explorer_has_step_play_and_reset_and_they_work(explorer):
    assert [b.description for b in (explorer.step_button, explorer.play_button, explorer.reset_button)] == [
        "Step", "Play", "Reset"]
    assert isinstance(explorer.play_button, ipywidgets.ToggleButton)
    explorer.reset()
    assert explorer.current == 0
    explorer.step()
    assert explorer.current == min(1, explorer.last_index())
    explorer.play()  # no event loop: walks to the end at once
    assert explorer.current == explorer.last_index() and not explorer.playing
    explorer.reset()
    assert explorer.current == 0 and explorer.last_error is None


def test_sliders_come_in_the_same_order_in_every_explorer():
    order = ["alpha", "w", "w0", "b0", "num_iters"]
    for cls in (gw.DescentExplorer, gw.TangentExplorer, gw.BasinsExplorer, gw.RegressionExplorer):
        names = list(cls.SLIDERS)
        assert names == sorted(names, key=order.index), cls.__name__
        assert names[0] == "alpha"


def test_every_control_has_a_name_a_tooltip_and_a_focus_ring(explorer):
    buttons = [explorer.step_button, explorer.play_button, explorer.reset_button]
    controls_ = [*explorer.sliders.values(), *buttons]
    for control in controls_:
        assert control.description.strip() and control.tooltip and len(control.tooltip) > 10, control
    css = explorer.widget.children[0].children[0].value
    assert ":focus-visible" in css and "outline: 3px solid" in css


def test_the_controls_come_before_the_figure_and_fit_beside_it(explorer):
    column, side = explorer.widget.children
    figure, after = side.children  # the "↑ sliders" button under the figure, never beside it
    assert "gd-controls" in column._dom_classes and "gd-explorer" in explorer.widget._dom_classes
    assert figure is explorer.view_ and "gd-figure" in figure._dom_classes
    assert list(figure.css_size) == list(explorer.FIGURE_PX)
    assert "gd-after-figure" in after._dom_classes
    assert explorer.widget.layout.flex_flow == "row wrap"  # the figure wraps below when narrower still
    width, height = (round(v) for v in explorer.fig.bbox.size)
    assert (width, height) == explorer.FIGURE_PX
    assert width <= layout.MAX_FIGURE_PX[0] and height <= layout.MAX_FIGURE_PX[1]
    # Side by side in about 850 px of output (1024 x 768, or 1366 x 768 with the file browser open).
    assert layout.COLUMN_PX + layout.GAP_PX + width <= 832
    assert explorer.fig.dpi == layout.DPI <= 100
    assert not explorer.readout.layout.min_height  # no empty box under a short readout
    rows = explorer.readout.value.count("<div>")
    assert rows <= 10
    for hint in explorer.hints.values():  # at most two lines of 12 px text across the column
        text = re.sub("<[^>]+>", "", hint.value)
        assert len(text) <= 100 and hint.layout.max_width == f"{layout.COLUMN_PX - 8}px", text


def opening_alphas() -> set[float]:
    """Every α an episode's explorer opens on: its slider keeps that value as a notch of its own."""
    found = set()
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            code = "".join(cell["source"])
            for call in re.findall(r"widgets\.\w+Explorer\((.*?)\)\n", code, flags=re.S):
                found |= {float(v) for v in re.findall(r"\balpha=([0-9][0-9.e-]*[0-9])", call)}
    return found


def test_every_alpha_the_episodes_quote_is_a_notch():
    """A round notch, or the α an explorer opens on (its slider keeps that one as a notch too)."""
    quoted = quoted_alphas()
    assert {0.0001, 0.05, 0.1, 0.15, 0.3, 0.5, 0.75, 100.0} <= quoted  # the search finds them
    notches = set(controls.alpha_notches(1e-12, 1e3))
    assert quoted <= notches | opening_alphas(), sorted(quoted - notches - opening_alphas())
    assert {0.001, 0.003, 0.01, 0.03, 0.2, 1.0} <= notches
    assert opening_alphas() - notches == {0.4}  # Episode 8's momentum run, α = 0.4 on its grid
    slider = controls.alpha_slider(0.4, 0.01, 2.0)
    assert 0.4 in [v for _, v in slider.options] and {0.3, 0.5} <= {v for _, v in slider.options}


def test_update_round_trips_alpha_exactly(alpha_explorer):
    explorer = alpha_explorer
    on_slider = [v for _, v in explorer.alpha_slider.options]
    for alpha in on_slider[:: max(1, len(on_slider) // 8)]:
        explorer.update(alpha=alpha)
        assert explorer.alpha_slider.value == alpha and explorer._state["alpha"] == alpha
        assert explorer.describe().count(f"α = {gw.fmt(alpha)}") == 1


def test_alpha_075_from_code_stays_075_and_an_alpha_between_notches_becomes_one(alpha_explorer):
    explorer = alpha_explorer
    lo, hi = explorer.alpha_slider.alpha_range
    inside = [a for a in (0.75, 0.1, 0.01) if lo <= a <= hi]
    explorer.update(alpha=inside[0])
    assert explorer.alpha_slider.value == inside[0]
    between = float(np.sqrt(lo * hi)) * 1.0123  # no round value
    explorer.update(alpha=between)
    assert explorer.alpha_slider.value == between and between in [v for _, v in explorer.alpha_slider.options]
    with pytest.raises(ValueError, match="outside this explorer's slider"):
        explorer.update(alpha=hi * 10)


def test_a_burst_of_50_slider_values_draws_the_first_at_once_then_only_the_last():
    """The first value after a pause is drawn at once (its frame leaves before the kernel reports
    idle); the 49 right behind it are merged into one draw of the newest, a moment later."""
    e = gw.DescentExplorer(helpers.bowl(), alpha=0.1, num_iters=30)
    quiet = e.coalescer.QUIET_S
    try:
        drawn = []
        set_artists = e.set_artists
        e.set_artists = lambda: (drawn.append(e._state["w0"]), set_artists())
        starts = np.linspace(0.5, 5.0, 50).round(2)

        async def drag():
            await asyncio.sleep(quiet)
            for w0 in starts:  # 50 messages waiting in the kernel's queue: after the first, each only records
                e.w0_slider.value = float(w0)
            assert drawn == [starts[0]]  # the rest wait a moment for any values still queued,
            await asyncio.sleep(quiet * 3)  # then are drawn once, newest winning
            assert drawn == [starts[0], starts[-1]]
            await asyncio.sleep(quiet * 2)
            e.w0_slider.value = 1.0  # a value after a pause is drawn at once again
            assert drawn == [starts[0], starts[-1], 1.0]
            e.w0_slider.value = float(starts[-1])
            assert drawn == [starts[0], starts[-1], 1.0]  # hard on the heels of a draw: a moment later
            await asyncio.sleep(quiet * 3)
            assert drawn == [starts[0], starts[-1], 1.0, starts[-1]]

        asyncio.run(drag())
        assert drawn[-1] == starts[-1] and e.coalescer.dropped == 48
        assert e.result.w_history[0] == starts[-1] and f"from w = {gw.fmt(starts[-1])}" in e.describe()
        assert f"<b>w</b> = {gw.fmt(e.result.w)}" in e.readout.value
    finally:
        e.close()


def test_values_that_arrive_while_a_draw_runs_are_drawn_right_after_it():
    e = gw.DescentExplorer(helpers.bowl(), alpha=0.1, num_iters=30)
    try:
        drawn = []
        set_artists = e.set_artists

        def slow_draw():
            drawn.append(e._state["alpha"])
            if len(drawn) == 1:  # the learner keeps dragging while the first draw runs
                for alpha in burst:
                    e.coalescer.submit({"alpha": alpha})
            set_artists()

        notches = [v for _, v in e.alpha_slider.options]
        burst = [notches[i % len(notches)] for i in range(50)]
        e.set_artists = slow_draw
        e.update(alpha=0.5)
        last = burst[-1]
        assert drawn == [0.5, last] and e.result.alpha == last
        assert f"<b>α</b> = {gw.fmt(last)}" in e.readout.value
    finally:
        e.close()


def _sizes(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node.name, node.end_lineno - node.lineno + 1


LIVE_FILES = [*sorted((ROOT / "helpers" / "live").glob("*.py")), ROOT / "helpers" / "widgets.py"]


@pytest.mark.parametrize("path", LIVE_FILES, ids=lambda p: p.name)
def test_the_live_modules_are_small(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400
    long = {name: n for name, n in _sizes(path) if n > 40}
    assert not long, long


def test_an_iterations_move_back_to_limits_seen_before_redraws_no_axis(monkeypatch):
    e = gw.DescentExplorer(helpers.bowl(), num_iters=30)
    try:
        e.update(num_iters=60)  # a new round limit (100): the cost panel is drawn once
        redraws = []
        redraw = e.blitter._redraw_background
        monkeypatch.setattr(e.blitter, "_redraw_background", lambda *a: (redraws.append(a), redraw(*a)))
        kept = np.asarray(e.fig.canvas.get_renderer().buffer_rgba()).copy()
        e.update(num_iters=30)
        e.update(num_iters=60)  # back to the limit 100: kept, not redrawn
        assert len(redraws) == 0
        np.testing.assert_array_equal(np.asarray(e.fig.canvas.get_renderer().buffer_rgba()), kept)
        e.update(num_iters=7)
        assert len(redraws) == 1
    finally:
        e.close()


def test_the_figure_is_an_image_with_alt_text_and_a_way_back_to_the_sliders(explorer, monkeypatch):
    """The canvas leaves the keyboard alone (Tab passes it in the browser: tests/browser/live.py);
    the "↑ sliders" button after it goes back to the first slider."""
    after = explorer.widget.children[1].children[1]
    assert after is explorer.after_figure and "gd-after-figure" in after._dom_classes and after.tooltip
    focused = []
    first = next(iter(explorer.sliders.values()))
    monkeypatch.setattr(first, "focus", lambda: focused.append("first slider"))
    after.click()
    assert focused == ["first slider"] and explorer.last_error is None
    assert explorer.view_.alt == explorer.describe()
    assert "role', 'img'" in explorer.view_._esm and "aria-label" in explorer.view_._esm


def _pixels(fig) -> np.ndarray:
    """``fig`` drawn afresh, as a saved picture is: a copy with no blitting, every artist by zorder."""
    import io
    import pickle

    from PIL import Image

    copy = pickle.loads(pickle.dumps(fig))
    buffer = io.BytesIO()
    with helpers.plots.course_style():
        copy.savefig(buffer, format="png", dpi=copy.dpi)
    return np.asarray(Image.open(buffer).convert("RGB")).astype(int)


@pytest.fixture(params=sorted(MAKERS))
def painted(request):
    """A new explorer of each kind, laid out and painted as in a notebook."""
    made_one = MAKERS[request.param]()
    yield made_one
    made_one.close()


def test_the_blitted_frame_is_what_a_full_draw_paints(painted):
    """The live frame (moving artists painted over a saved background) and a picture drawn from
    scratch agree pixel for pixel after frames with the moving artists elsewhere (a piece of an
    earlier frame left behind would show) and at the last step: moving artists sit above static
    ones in both. (Play's own frames are counted in test_widgets.py.)"""
    explorer = painted
    last = explorer.last_index()
    for k in sorted({1, 2, last // 3, 2 * last // 3, last}):
        explorer.go_to(k)
    live = np.asarray(explorer.fig.canvas.buffer_rgba())[..., :3].astype(int)
    different = int((np.abs(live - _pixels(explorer.fig)).max(axis=-1) > 64).sum())
    assert different <= 20, f"{different} pixels differ"


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_running_an_explorer_cell_again_closes_the_explorer_it_replaced(kind, undrawn):
    first = MAKERS[kind](key=f"the {kind} cell")
    second = MAKERS[kind](key=f"the {kind} cell")
    try:
        assert first.closed and not second.closed
        assert first.widget.comm is None and first.view_.comm is None  # the views are gone
        with pytest.raises(RuntimeError, match="closed"):
            first.update(num_iters=7)
    finally:
        second.close()


def test_each_frame_carries_the_number_of_the_last_value_the_view_sent():
    """The browser skips a frame drawn for a value older than the last one it sent (a newer frame is on
    its way), so every frame says which value it was drawn after; a value ipywidgets sends keeps it."""
    e = gw.DescentExplorer(helpers.bowl(), alpha=0.1, num_iters=30)
    try:
        view, sent = e._view, []
        view.send = lambda content, buffers=None: sent.append(content)
        slider = e.w0_slider
        view.slid(slider.model_id, "value", 2.0, 7)
        e.coalescer.flush()
        view.slid(slider.model_id, "value", 2.5, 6)  # a late, older number does not go back
        e.coalescer.flush()
        slider.value = 3.0  # through ipywidgets: no number of its own
        e.coalescer.flush()
        frames = [m for m in sent if m.get("type") == "frame"]
        assert [m["seq"] for m in frames] == [7, 7, 7] and e._state["w0"] == 3.0
    finally:
        e.close()
