"""The live explorers, driven as a learner would: sliders, clicks, Step / Play / Reset.

Each test reads the artists (what is drawn) and the readout (what is said), and the frames the
figure's view sends to the browser (helpers/live/view.py).
"""

from __future__ import annotations

import asyncio
import base64
import gc
import html
import io
import re
import subprocess
import sys
import tracemalloc
import weakref
import zlib

import ipywidgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
import traitlets
from live_sharing import fresh
from matplotlib.backend_bases import MouseEvent
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

import helpers
from helpers import plots
from helpers import widgets as gw
from helpers.live import canvas, layout, readout, registry
from helpers.plots import PALETTE

HOUSES = helpers.load_houses("houses.csv")
TWO_HOUSES = helpers.load_houses("two_houses.csv")


@pytest.fixture
def make(request):
    """Build explorers and close them after the test."""
    made = []

    def build(cls, *args, **kwargs):
        explorer = cls(*args, **kwargs)
        made.append(explorer)
        return explorer

    yield build
    for explorer in made:
        explorer.close()


# ------------------------------------------------------------- one explorer, shared (live_sharing.py)




#: Tests that trace memory while making and closing explorers: they start with no shared explorer
#: open (the widgets these hold grow the tables the traced widgets are filed in).
TRACED = ("test_a_thousand_slider_moves_leak_no_figures_widgets_or_memory",
          "test_re_running_an_explorer_cell_leaves_widgets_and_memory_flat")


@pytest.fixture(autouse=True)
def _no_shared_explorer_open_while_memory_is_traced(request, shared):
    if request.node.originalname in TRACED:
        for e, *_ in shared.values():
            e.close()
        shared.clear()
        gc.collect()


def made_from(arg):
    """What made an argument, for telling explorers made alike (a cost by its name and range)."""
    if isinstance(arg, helpers.Cost1D):
        return ("cost", arg.name, arg.w_range, arg.minima, arg.alpha_max)
    if isinstance(arg, np.ndarray):
        return ("array", arg.shape, arg.tobytes())
    return repr(arg)


@pytest.fixture
def share(shared, undrawn):
    """Like ``make``, but one explorer for every test of the module that makes it the same way, put
    back to how it opened before each; for tests that neither close it, patch it nor count widgets.
    These explorers are made ``undrawn``: the tests that share them check numbers, artists' data,
    controls and words, never pixels. What painting shows is tested on explorers from ``make``
    (blitted frame against a full draw, saved picture, frames sent) and in test_live_contract.py."""

    def build(cls, *args, **kwargs):
        key = (cls, tuple(map(made_from, args)), tuple((k, made_from(v)) for k, v in sorted(kwargs.items())))
        return fresh(shared, key, lambda: cls(*args, **kwargs))

    return build


def click(explorer, ax, x, y, button=1):
    """A real mouse press on the canvas at data point (x, y) of ``ax``."""
    px, py = ax.transData.transform((x, y))
    MouseEvent("button_press_event", explorer.fig.canvas, px, py, button=button)._process()


def pixels(explorer):
    return np.asarray(explorer.fig.canvas.get_renderer().buffer_rgba()).copy()


def watch_frames(explorer) -> list:
    """The iteration on show each time the readout changes (once per frame)."""
    shown = []
    explorer.readout.observe(lambda change: shown.append(explorer.current), names="value")
    return shown


def live_widgets() -> int:
    """How many widgets the kernel holds open (ipywidgets 8 keeps them in this registry)."""
    return len(ipywidgets.widgets.widget._instances)


def assert_readout_is_clean(text):
    lowered = text.lower()
    assert "nan" not in lowered.replace("not a number", "") and "inf" not in lowered


# --------------------------------------------------------------------------- DescentExplorer


def test_descent_explorer_draws_the_run_the_math_core_computes(share):
    cost = helpers.bowl()
    e = share(gw.DescentExplorer, cost, alpha=0.3, w0=-0.5, num_iters=30)
    e.alpha_slider.value = 0.2
    e.w0_slider.value = 0.5
    reference = cost.descend(0.5, 0.2, 30)
    np.testing.assert_array_equal(e.result.w_history, reference.w_history)
    w, J = e.path_.points.get_data()
    np.testing.assert_array_equal(w, reference.w_history)
    np.testing.assert_array_equal(J, reference.J_history)
    np.testing.assert_array_equal(e.path_.arrows.get_points()[0], reference.w_history)
    np.testing.assert_array_equal(e.history_.get_ydata(), reference.J_history)
    np.testing.assert_array_equal(e.history_.get_xdata(), np.arange(reference.J_history.size))
    assert e.point_.get_xdata()[0] == reference.w
    assert e.current == reference.iterations


def test_descent_explorer_tangent_and_readout_state_the_slope(share):
    cost = helpers.two_valleys()
    e = share(gw.DescentExplorer, cost, alpha=0.02, w0=2.0, num_iters=5)
    w = e.result.w
    xs, ys = e.tangent_.get_data()
    assert (ys[1] - ys[0]) / (xs[1] - xs[0]) == pytest.approx(cost.dJ_dw(w))
    text = e.readout.value
    assert 'role="status"' in text
    for piece in ("α</b> = 0.02", f"w</b> = {gw.fmt(w)}", "J(w)</b>", f"dJ/dw</b> = {gw.fmt(cost.dJ_dw(w))}",
                  "iteration</b> k = 5 of 5", 'data-outcome="out_of_steps"', ">out of steps after 5 steps: "):
        assert piece in text, piece
    assert "positive" in text or "negative" in text


def test_descent_explorer_marks_the_divergence_threshold_beside_the_slider(share):
    e = share(gw.DescentExplorer, helpers.bowl(curvature=2.0))
    assert "diverges above α = 0.5" in e.threshold_label.value
    assert "gd-threshold" in e.threshold_label._dom_classes
    assert e.alpha_slider.options[-1][1] == 1.0  # past the threshold
    assert "diverges above 0.5" in e.readout.value
    valleys = share(gw.DescentExplorer, helpers.two_valleys())
    assert "no single threshold" in valleys.threshold_label.value


def test_descent_explorer_diverged_run_shows_step_k_and_finite_points_only(make):
    e = make(gw.DescentExplorer, helpers.bowl(), alpha=0.1, w0=-0.5, num_iters=200)
    e.update(alpha=1.5)
    assert e.result.diverged
    assert f"diverged at step {e.result.stopped_at}" in e.readout.value
    assert_readout_is_clean(e.readout.value)
    assert np.isfinite(e.path_.points.get_xydata()).all()
    assert np.isfinite(e.history_.get_xydata()).all()
    e.fig.canvas.draw()  # and it draws (this explorer is laid out and painted, unlike shared ones)


def test_descent_explorer_growing_run_is_called_growing_not_fine(share):
    e = share(gw.DescentExplorer, helpers.bowl(), alpha=1.05, w0=-0.5, num_iters=30)
    assert e.result.out_of_steps
    assert "out of steps after 30 steps, and the cost is growing: α is too large" in e.readout.value
    e.update(alpha=1.0)  # w bounces between two points of equal cost for ever
    assert e.result.out_of_steps and "the cost is no lower than at the start" in e.readout.value


def test_descent_explorer_axes_come_from_the_cost(share):
    cost = helpers.bowl(w_min=-2.0, curvature=0.5)
    e = share(gw.DescentExplorer, cost)
    assert e.ax_curve.get_xlim() == pytest.approx(cost.w_range)
    J = cost.J(np.linspace(*cost.w_range, 400))
    lo, hi = e.ax_curve.get_ylim()
    assert lo < J.min() and hi > J.max()
    assert e.ax_history.get_ylim() == e.ax_curve.get_ylim()
    e.update(num_iters=60)  # the cost panel ends at the round number at or above 60
    assert e.ax_history.get_xlim()[1] == pytest.approx(100 * 1.02)
    e.update(num_iters=20)
    assert e.ax_history.get_xlim()[1] == pytest.approx(20 * 1.02)
    step = e.w0_slider.step
    assert cost.w_range[0] - step < e.w0_slider.min <= cost.w_range[0] + 1e-9
    assert cost.w_range[1] - 1e-9 <= e.w0_slider.max < cost.w_range[1] + step


def test_a_click_on_the_curve_sets_the_start(share):
    cost = helpers.bowl()
    e = share(gw.DescentExplorer, cost, alpha=0.1, w0=0.0)
    click(e, e.ax_curve, 5.5, cost.J(5.5))
    assert e.w0_slider.value == pytest.approx(5.5, abs=0.01)
    assert e.path_.start.get_xdata()[0] == pytest.approx(5.5, abs=0.01)
    click(e, e.ax_history, 3, 3)  # the other panel does not move the start
    click(e, e.ax_curve, 1.0, 1.0, button=3)  # nor does the right button
    assert e.w0_slider.value == pytest.approx(5.5, abs=0.01)
    e.click(100.0)  # outside the range: the start goes to the nearest end
    assert e.w0_slider.value == e.w0_slider.max


def test_step_play_and_reset_walk_through_the_iterations(share):
    e = share(gw.DescentExplorer, helpers.bowl(), alpha=0.1, w0=0.0, num_iters=20)
    n = e.result.iterations
    assert e.current == n and e.step_button.disabled
    e.reset_button.click()
    assert e.current == 0 and not e.step_button.disabled
    assert e.path_.points.get_xdata().tolist() == [0.0]
    e.step_button.click()
    e.step_button.click()
    assert e.current == 2
    np.testing.assert_array_equal(e.path_.points.get_xdata(), e.result.w_history[:3])
    assert e.history_.get_xdata().tolist() == [0, 1, 2]
    assert "iteration</b> k = 2 of 20" in e.readout.value
    shown = watch_frames(e)
    e.play_button.value = True  # no event loop here, so Play walks to the end at once
    assert shown == list(range(3, n + 1))
    assert e.current == n and e.step_button.disabled
    assert e.play_button.value is False and e.play_button.description == "Play"
    e.play_button.value = True  # at the end, Play starts again from 0
    assert shown[len(range(3, n + 1))] == 0 and e.current == n


def test_play_advances_on_the_event_loop_and_pressing_it_again_pauses(share):
    e = share(gw.DescentExplorer, helpers.bowl(), alpha=0.1, w0=0.0, num_iters=20)
    e.play_interval = 0.001
    seen = []

    async def press_play_and_watch():
        e.play_button.value = True
        assert e.play_button.description == "Pause" and e.playing and e.current == 0
        while e.playing:
            seen.append(e.current)
            await asyncio.sleep(0.001)

    asyncio.run(press_play_and_watch())
    assert e.current == e.result.iterations and seen == sorted(seen) and len(set(seen)) > 3

    async def press_twice():
        e.play_button.value = True
        await asyncio.sleep(0.02)
        e.play_button.value = False
        k = e.current
        await asyncio.sleep(0.02)
        return k

    k = asyncio.run(press_twice())
    assert e.current == k < e.result.iterations and not e.playing


def test_long_runs_play_their_first_steps_one_by_one_then_about_120_frames_in_all(share):
    x, y = HOUSES
    e = share(gw.RegressionExplorer, x, y)
    e.update(num_iters=1000)
    n = e.result.iterations
    e.reset()
    shown = watch_frames(e)
    e.play()
    assert n == 1000 and 100 <= len(shown) <= 130 and shown[-1] == n
    assert shown[:10] == list(range(1, 11))  # the first steps one at a time: where the path turns


@pytest.mark.parametrize("kind", ["descent", "regression"])
def test_starting_values_sit_on_the_slider_grid_and_echoes_change_nothing(share, kind):
    if kind == "descent":
        e = share(gw.DescentExplorer, helpers.bowl(), alpha=0.3, w0=-0.5)
        sliders = {"alpha": e.alpha_slider, "w0": e.w0_slider}
    else:
        e = share(gw.RegressionExplorer, *HOUSES, alpha=0.01, w0=0.0, b0=0.0, show_surface=False)
        sliders = {"alpha": e.alpha_slider, "w0": e.w0_slider, "b0": e.b0_slider}
    for name, slider in sliders.items():
        if name == "alpha":  # a notch of its own
            assert slider.value in [v for _, v in slider.options]
            continue
        steps = (slider.value - slider.min) / slider.step
        assert steps == pytest.approx(round(steps), abs=1e-6), name  # the browser will not move it
    result, readout = e.result, e.readout.value
    e.w0_slider.value = e.w0_slider.value * (1 + 1e-13) + 1e-13  # what a snapping browser sends back
    assert e.result is result and e.readout.value == readout  # nothing was run again
    e.alpha_slider.value = 0.02
    assert e.result is not result and e.result.alpha == 0.02


def test_controls_are_labelled_and_carry_tooltips(share):
    e = share(gw.DescentExplorer, helpers.bowl())
    assert e.alpha_slider.description == "α (learning rate)"
    assert isinstance(e.alpha_slider, ipywidgets.SelectionSlider)
    assert e.w0_slider.description == "start w" and e.iters_slider.description == "iterations"
    for slider in (e.alpha_slider, e.w0_slider, e.iters_slider):
        assert "gd-slider" in slider._dom_classes and slider.tooltip
    assert (e.step_button.description, e.play_button.description, e.reset_button.description) == (
        "Step", "Play", "Reset")
    assert isinstance(e.play_button, ipywidgets.ToggleButton)  # a named button, reached with Tab
    for button in (e.step_button, e.play_button, e.reset_button):
        assert button.tooltip
    assert "gd-explorer" in e.widget._dom_classes and "gd-readout" in e.readout._dom_classes
    assert isinstance(e.output, ipywidgets.Output)


def test_the_figure_is_made_once_and_only_the_descent_is_recomputed(share, monkeypatch):
    cost = helpers.bowl()
    e = share(gw.DescentExplorer, cost)
    fig, curve = e.fig, e.ax_curve.lines[0]
    curve_data = curve.get_xydata().copy()
    calls = []
    monkeypatch.setattr(plots, "curve_points", lambda *a, **k: calls.append(a))
    for alpha in np.geomspace(0.01, 1.5, 25):
        e.update(alpha=float(alpha))
        e.update(w0=float(alpha))
    assert e.fig is fig and e.ax_curve.lines[0] is curve and not calls
    np.testing.assert_array_equal(curve.get_xydata(), curve_data)


def test_a_blitted_frame_matches_a_full_redraw(make):
    e = make(gw.DescentExplorer, helpers.two_valleys(), alpha=0.05, w0=2.2, num_iters=40)
    e.update(alpha=0.08, w0=0.3)  # a blit: background plus the moving artists
    blitted = pixels(e)
    e.fig.canvas.draw()  # everything from scratch (outside the course's style: the canvas applies it)
    np.testing.assert_array_equal(blitted, pixels(e))
    e.update(num_iters=90)  # the cost panel's axis is redrawn into the background, new tick labels too
    blitted = pixels(e)
    e.fig.canvas.draw()
    np.testing.assert_array_equal(blitted, pixels(e))


def test_updates_blit_and_do_not_redraw_everything(make, monkeypatch):
    e = make(gw.DescentExplorer, helpers.bowl())
    draws = []
    monkeypatch.setattr(e.fig, "draw", lambda renderer: draws.append(renderer))
    for w0 in np.linspace(0, 6, 10):
        e.update(w0=float(w0))
    assert not draws


def test_saved_picture_is_the_last_frame_with_the_moving_artists(make):
    """The static picture is the frame the canvas last drew (no second drawing), which is what a
    fresh drawing of the figure shows, moving artists included."""
    e = make(gw.DescentExplorer, helpers.bowl(), alpha=0.3, w0=-0.5)
    saved = e.to_png(small=False)
    fresh = layout.to_png(e.fig, small=False)  # drawn again from scratch
    difference = np.abs(np.asarray(Image.open(io.BytesIO(saved)), dtype=int)
                        - np.asarray(Image.open(io.BytesIO(fresh)), dtype=int)).max(axis=-1)
    assert (difference > 64).sum() == 0
    e.path_.points.set_visible(False)
    e.point_.set_visible(False)
    e.path_.arrows.set_visible(False)
    e.blitter.repaint()
    without = e.to_png(small=False)
    assert without != saved


# --------------------------------------------------------------------------- robustness


def test_a_thousand_slider_moves_leak_no_figures_widgets_or_memory(make, monkeypatch):
    """1,000 moves of α and the start leave the figures, the widgets and the memory as they were.

    Every move reruns the descent, moves the artists and rewrites the readout, as in a notebook;
    every 10th is also painted and turned into a frame for the browser. (Painting is 90% of a
    move's time and is the same work each time, so 100 painted moves show a leak there as surely
    as 1,000 would; this keeps the test at a few seconds.)
    """
    e = make(gw.DescentExplorer, helpers.two_valleys(), alpha=0.02, w0=2.0, num_iters=8)
    alphas, starts = [v for _, v in e.alpha_slider.options][:50], np.linspace(0, 6, 50)

    def move(i):
        if i % 2:
            e.alpha_slider.value = alphas[i % len(alphas)]
        else:
            e.w0_slider.value = float(starts[i % 50])

    paint, painted = e.blitter.repaint, []
    monkeypatch.setattr(e.blitter, "repaint", lambda *a, **k: (len(painted) % 10 == 0 and paint(*a, **k),
                                                         painted.append(1)))
    gc.collect()
    fignums = plt.get_fignums()
    figures = sum(isinstance(o, Figure) for o in gc.get_objects())
    n_widgets = live_widgets()
    tracemalloc.start()
    try:
        e.view_.encoder = canvas.FrameEncoder()  # the frame encoder's kept strips are made again, traced
        for i in range(100):  # first, every buffer that a frame replaces is replaced once while traced
            move(i)
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        for i in range(1000):
            move(i)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(painted) == 1100 and e.last_error is None
    assert plt.get_fignums() == fignums
    assert sum(isinstance(o, Figure) for o in gc.get_objects()) == figures
    assert live_widgets() == n_widgets
    assert grown < 300_000, f"memory grew by {grown} bytes over 1000 moves"


def test_an_error_in_a_callback_is_shown_in_the_output_widget(make, monkeypatch):
    e = make(gw.DescentExplorer, helpers.bowl())

    def broken(changed):
        raise ValueError("something went wrong in the descent")

    monkeypatch.setattr(e, "recompute", broken)
    alpha, readout = e.alpha_slider.value, e.readout.value
    e.alpha_slider.value = 0.2  # no exception escapes into the void...
    assert e.alpha_slider.value == alpha and e.readout.value == readout  # ...and the slider goes back
    outputs = e.output.outputs
    assert len(outputs) == 1 and outputs[0]["output_type"] == "error"
    assert outputs[0]["ename"] == "ValueError" and "went wrong" in outputs[0]["evalue"]
    assert "went wrong" in outputs[0]["traceback"][0]  # the message first, the details after
    assert isinstance(e.last_error, ValueError)
    monkeypatch.undo()
    e.reset_button.click()  # Reset clears it
    assert e.output.outputs == ()


def test_an_error_in_a_mouse_callback_is_shown_too(make, monkeypatch):
    e = make(gw.DescentExplorer, helpers.bowl())
    monkeypatch.setattr(e, "click", lambda w: 1 / 0)
    click(e, e.ax_curve, 3.0, 1.0)
    assert e.output.outputs[0]["ename"] == "ZeroDivisionError"


def test_update_says_what_to_change(share):
    e = share(gw.DescentExplorer, helpers.bowl())
    with pytest.raises(TypeError, match="takes alpha, w0, num_iters"):
        e.update(learning_rate=0.1)
    with pytest.raises(ValueError, match="outside this explorer's slider"):
        e.update(alpha=50.0)
    with pytest.raises(ValueError, match="whole number"):
        e.update(num_iters=2.5)
    with pytest.raises(ValueError, match="finite"):
        e.update(w0=float("nan"))
    with pytest.raises(TypeError, match="Cost1D"):
        gw.DescentExplorer(lambda w: w**2)


def test_update_refuses_what_a_slider_cannot_show_and_changes_nothing(share):
    e = share(gw.DescentExplorer, helpers.bowl(), alpha=0.1, w0=0.0, num_iters=20)
    result, readout = e.result, e.readout.value
    for bad in (float("nan"), float("inf"), -float("inf"), "0.2", "abc", None, 1e9, -1e9):
        for name in ("alpha", "w0", "num_iters"):
            with pytest.raises((TypeError, ValueError), match=rf"^{name} = .*\bfrom\b"):
                e.update(**{name: bad})
    assert (e.alpha_slider.value, e.w0_slider.value, e.iters_slider.value) == (0.1, 0.0, 20)
    assert e.result is result and e.readout.value == readout


@pytest.mark.parametrize("kind", ["descent", "tangent", "regression"])
def test_a_slider_set_to_nan_from_code_goes_back_to_what_the_figure_shows(share, kind):
    if kind == "descent":
        e = share(gw.DescentExplorer, helpers.bowl(), alpha=0.1, w0=0.0, num_iters=20)
        sliders = [e.alpha_slider, e.w0_slider]
    elif kind == "tangent":
        e = share(gw.TangentExplorer, helpers.bowl(), w=1.0, alpha=0.1)
        sliders = [e.w_slider, e.alpha_slider]
    else:
        e = share(gw.RegressionExplorer, *TWO_HOUSES, num_iters=50, show_surface=False)
        sliders = [e.alpha_slider, e.w0_slider, e.b0_slider]
    for slider in sliders:
        value, readout = slider.value, e.readout.value
        if slider is e.alpha_slider:  # a value that is no notch is refused by the slider itself
            for bad in (float("nan"), float("inf")):
                with pytest.raises(traitlets.TraitError):
                    slider.value = bad
            assert slider.value == value and e.readout.value == readout
            continue
        slider.value = float("nan")  # traitlets lets NaN through; the explorer must not
        assert slider.value == value and e.readout.value == readout
        message = e.output.outputs[0]["evalue"]
        assert "nan is not a finite number; pass a number from" in message, message
        e.reset()


def test_num_iters_that_is_not_a_whole_number_is_refused_by_the_slider_itself(share):
    e = share(gw.DescentExplorer, helpers.bowl(), num_iters=20)
    for bad in (float("nan"), float("inf"), "abc", None):
        with pytest.raises(traitlets.TraitError):  # ipywidgets refuses; nothing changed
            e.iters_slider.value = bad
    assert e.iters_slider.value == 20 and e.result.stopped_at <= 20 and e.last_error is None
    e.iters_slider.value = 2.5  # ipywidgets makes this 2 (as int() does): the figure follows
    assert e.result.stopped_at == 2 and "at most 2)" in e.readout.value


def test_a_failed_redraw_puts_every_slider_back(make, monkeypatch):
    e = make(gw.RegressionExplorer, *TWO_HOUSES, alpha=0.1, num_iters=50, show_surface=False)
    before = (e.alpha_slider.value, e.w0_slider.value, e.b0_slider.value)
    readout, recompute = e.readout.value, e.recompute

    def fails_for_big_w(changed):
        if e.w0_slider.value > 100:
            raise ValueError("no run from there")
        return recompute(changed)

    monkeypatch.setattr(e, "recompute", fails_for_big_w)
    with pytest.raises(ValueError, match="no run from there"):
        e.update(alpha=0.05, w0=120.0, b0=1.0)
    assert (e.alpha_slider.value, e.w0_slider.value, e.b0_slider.value) == before
    assert e.readout.value == readout and e.result.alpha == before[0]


def test_the_figure_view_sends_full_frames_of_what_the_kernel_drew_with_their_readout(make, monkeypatch):
    """The browser paints only the newest frame it has decoded, so a diff frame could leave stale
    pieces; every frame is the whole figure (the frame rule in live/canvas.py). Each frame carries
    the readout and alt text of its state, which send no message of their own."""
    e = make(gw.DescentExplorer, helpers.bowl(), alpha=0.2)
    view = e.view_
    assert isinstance(view, ipywidgets.DOMWidget) and e.widget.children[1].children[0] is view
    assert isinstance(e.fig.canvas, FigureCanvasAgg) and not isinstance(e.fig.canvas, ipywidgets.Widget)
    frames, updates = [], []
    monkeypatch.setattr(view, "send", lambda content, buffers=None: frames.append((content, buffers)))
    for widget in (view, e.readout):  # the readout and the alt text travel in the frame message only
        monkeypatch.setattr(widget, "send_state", lambda key=None: updates.append(key))
    e.update(w0=1.0)
    e.play()
    e.reset()
    e.click(4.0)
    assert len(frames) >= 4 and view.frames_sent >= 4 and updates == []
    size = np.asarray(e.fig.canvas.get_renderer().buffer_rgba()).shape[:2]
    for content, buffers in frames:
        assert content["type"] == "frame" and content["key"] == e.readout.key
        assert np.asarray(Image.open(io.BytesIO(buffers[0]))).shape[:2] == size  # the whole figure
    content, buffers = frames[-1]
    assert content["readout"] == e.readout.value == e.readout_html() and content["alt"] == e.describe()
    # The last frame is exactly what the kernel drew, whatever frames the browser skipped.
    frame = np.asarray(Image.open(io.BytesIO(buffers[0])))
    np.testing.assert_array_equal(frame, np.asarray(e.fig.canvas.get_renderer().buffer_rgba()))


def test_a_view_asks_for_the_frame_and_its_screens_pixel_ratio(make, monkeypatch):
    e = make(gw.DescentExplorer, helpers.bowl(), alpha=0.2)
    frames = []
    monkeypatch.setattr(e.view_, "send", lambda content, buffers=None: frames.append(buffers[0]))
    e.view_._on_message(e.view_, {"type": "ready", "ratio": 1}, [])
    assert len(frames) == 1  # a new view gets the frame now shown
    width, height = e.FIGURE_PX
    assert Image.open(io.BytesIO(frames[-1])).size == (width, height)
    e.view_._on_message(e.view_, {"type": "ready", "ratio": 2.2}, [])  # a high-density screen
    assert Image.open(io.BytesIO(frames[-1])).size == (2 * width, 2 * height)
    assert list(e.view_.css_size) == [width, height]  # the same size on screen, twice the pixels
    e.update(w0=1.0)
    frame = np.asarray(Image.open(io.BytesIO(frames[-1])))
    np.testing.assert_array_equal(frame, np.asarray(e.fig.canvas.get_renderer().buffer_rgba()))


def test_a_press_in_the_browser_is_a_click_on_the_figure(make):
    """The view sends where the pointer went down, as fractions of the figure from its top left."""
    e = make(gw.DescentExplorer, helpers.bowl(), alpha=0.2, w0=0.0)
    width, height = e.fig.bbox.size
    px, py = e.ax_.transData.transform((4.5, 0.0))
    e.view_._on_message(e.view_, {"type": "press", "x": px / width, "y": 1 - py / height, "button": 1}, [])
    assert e.w0_slider.value == pytest.approx(4.5, abs=e.w0_slider.step)
    assert e.result.w_history[0] == e.w0_slider.value
    e.view_._on_message(e.view_, {"type": "press", "x": px / width, "y": 0.001, "button": 1}, [])  # title
    e.view_._on_message(e.view_, {"type": "press", "x": 0.3, "y": 0.5, "button": 3}, [])  # right button
    assert e.w0_slider.value == pytest.approx(4.5, abs=e.w0_slider.step) and e.last_error is None


def test_a_drag_sends_values_through_the_view_and_the_slider_takes_them_without_an_echo(make, monkeypatch):
    """During a drag the view sends each value ipywidgets holds back; the explorer draws it, and the
    slider takes it without sending it back to the browser (which has it already)."""
    e = make(gw.DescentExplorer, helpers.bowl(), alpha=0.2, w0=0.0)
    assert sorted(e.view_.sliders) == sorted(s.model_id for s in e.sliders.values())
    sent = []
    for slider in e.sliders.values():
        monkeypatch.setattr(slider, "send_state", lambda key=None, name=slider.description: sent.append(name))
    w0 = e.w0_slider.min + 7 * e.w0_slider.step
    slid = {"type": "value", "id": e.w0_slider.model_id, "key": "value", "value": w0}
    e.view_._on_message(e.view_, slid, [])
    assert e.w0_slider.value == w0 and e.result.w_history[0] == w0 and f"w = {gw.fmt(w0)}" in e.describe()
    index = [v for _, v in e.alpha_slider.options].index(0.5)  # α's slider sends its notch's index
    slid = {"type": "value", "id": e.alpha_slider.model_id, "key": "index", "value": index}
    e.view_._on_message(e.view_, slid, [])
    assert e.alpha_slider.value == 0.5 and e.result.alpha == 0.5 and sent == []
    before = e.describe()
    for bad in ({"id": "not-a-slider", "key": "value", "value": 1.0},
                {"id": e.w0_slider.model_id, "key": "description", "value": "x"},
                {"id": e.alpha_slider.model_id, "key": "index", "value": 10**6}):
        e.view_._on_message(e.view_, {"type": "value", **bad}, [])
    assert e.describe() == before and e.w0_slider.description != "x" and e.last_error is None


def test_importing_the_widgets_leaves_pyplot_alone():
    """ipympl switches pyplot to itself on import (closing figures); the explorers must not."""
    code = (
        "import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt\n"
        "fig = plt.figure()\n"
        "import helpers, helpers.widgets as gw\n"
        "e = gw.DescentExplorer(helpers.bowl())\n"
        "assert matplotlib.get_backend().lower() == 'agg', matplotlib.get_backend()\n"
        "assert plt.get_fignums() == [fig.number], plt.get_fignums()\n"
        "assert type(plt.figure().canvas).__name__ == 'FigureCanvasAgg'\n"
    )
    subprocess.run([sys.executable, "-W", "error", "-c", code], check=True)


@pytest.mark.parametrize("deflate", ["ISA-L", "zlib"])
@pytest.mark.parametrize("shape", [(7, 5, 4), (7, 5, 3), (470, 520, 4), (301, 333, 3)])
def test_the_png_encoder_writes_what_pillow_reads(shape, deflate, monkeypatch):
    """Frames are packed with ISA-L, or with zlib where isal cannot be installed: the same PNG format."""
    if deflate == "zlib":
        monkeypatch.setattr(canvas, "deflate", zlib)
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, size=shape, dtype=np.uint8)
    pixels[: shape[0] // 3] = 255  # a white band, as figures have
    image = Image.open(io.BytesIO(canvas.encode_png(pixels)))
    np.testing.assert_array_equal(np.asarray(image), pixels)


def test_frames_are_packed_with_isal_from_the_requirements():
    assert canvas.deflate.__name__ == "isal.isal_zlib"


def test_frames_reuse_unchanged_strips_and_are_still_whole_pictures():
    """Each frame is the whole picture (Pillow reads it alone), while rows that did not change since
    the last frame are not packed again."""
    rng = np.random.default_rng(1)
    encoder = canvas.FrameEncoder()
    frame = rng.integers(0, 256, size=(470, 520, 4), dtype=np.uint8)
    packed = []
    real_pack = canvas._pack
    canvas._pack = lambda block: packed.append(len(block)) or real_pack(block)
    try:
        for k, (lo, hi) in enumerate([(0, 470), (100, 110), (0, 0), (460, 470)]):
            frame[lo:hi] = k  # what moved since the last frame
            packed.clear()
            image = Image.open(io.BytesIO(encoder.encode(frame)))
            np.testing.assert_array_equal(np.asarray(image), frame)
            changed = {r // canvas.FrameEncoder.ROWS for r in range(lo, hi)}
            assert len(packed) == (20 if k == 0 else len(changed)), (k, packed)
    finally:
        canvas._pack = real_pack


def test_adler32_of_joined_pieces_comes_from_the_pieces():
    rng = np.random.default_rng(2)
    for length_a, length_b in [(0, 0), (1, 70000), (65521, 3), (200000, 131042)]:
        a, b = (rng.integers(0, 256, n, dtype=np.uint8).tobytes() for n in (length_a, length_b))
        assert canvas.adler32_combine(zlib.adler32(a), zlib.adler32(b), len(b)) == zlib.adler32(a + b)


def test_numbers_are_written_for_people():
    assert gw.fmt(-2.5) == "−2.5"
    assert gw.fmt(0.123456) == "0.1235"
    assert gw.fmt(1234.5678) == "1235"
    assert gw.fmt(-4.9e-9) == "−4.9×10⁻⁹"
    assert gw.fmt(float("inf")) == "too large to show"
    assert "nan" not in gw.fmt(float("nan"))


# --------------------------------------------------------------------------- display and re-running


def test_the_mimebundle_carries_the_widget_and_a_static_picture(share):
    e = share(gw.DescentExplorer, helpers.bowl(), alpha=0.3, w0=-0.5)
    bundle = e._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == e.widget.model_id
    png = base64.b64decode(bundle["image/png"])
    assert Image.open(io.BytesIO(png)).size == tuple(int(round(v * 80)) for v in e.fig.get_size_inches())
    html = bundle["text/html"]
    assert '<img alt="Gradient descent on bowl' in html
    assert f"data:image/png;base64,{bundle['image/png']}" in html
    assert "converged after" in html  # the readout beside the picture
    assert bundle["text/plain"].startswith("DescentExplorer:")


def _kernel(monkeypatch, cell, msg):
    parent = {"metadata": {"cellId": cell}, "header": {"msg_id": msg}}
    monkeypatch.setattr(registry, "kernel_parent", lambda: parent)


def test_running_a_cell_again_closes_the_figure_it_replaced(make, monkeypatch, undrawn):
    _kernel(monkeypatch, "cell-1", "run-1")
    first = make(gw.DescentExplorer, helpers.bowl())
    same_run = make(gw.TangentExplorer, helpers.bowl())  # two explorers from one run of one cell
    _kernel(monkeypatch, "cell-2", "run-2")
    other_cell = make(gw.DescentExplorer, helpers.bowl())
    assert not (first.closed or same_run.closed or other_cell.closed)
    _kernel(monkeypatch, "cell-1", "run-3")
    again = make(gw.DescentExplorer, helpers.bowl())
    assert first.closed and same_run.closed and not again.closed and not other_cell.closed
    assert first.widget.comm is None and first.view_.comm is None  # the views are gone
    with pytest.raises(RuntimeError, match="closed"):
        first.update(alpha=0.2)


def test_without_a_cell_id_the_code_identifies_the_cell_and_a_key_works_anywhere(make, monkeypatch,
                                                                                undrawn):
    monkeypatch.setattr(registry, "kernel_parent",
                        lambda: {"content": {"code": "E = DescentExplorer(bowl())"},
                                 "header": {"msg_id": "a"}})
    first = make(gw.DescentExplorer, helpers.bowl())
    monkeypatch.setattr(registry, "kernel_parent",
                        lambda: {"content": {"code": "E = DescentExplorer(bowl())"},
                                 "header": {"msg_id": "b"}})
    second = make(gw.DescentExplorer, helpers.bowl())
    assert first.closed and not second.closed
    monkeypatch.setattr(registry, "kernel_parent", dict)
    keyed = make(gw.DescentExplorer, helpers.bowl(), key="figure-3")
    rekeyed = make(gw.DescentExplorer, helpers.bowl(), key="figure-3")
    plain = make(gw.DescentExplorer, helpers.bowl())  # no kernel, no key: nothing to replace
    assert keyed.closed and not rekeyed.closed and not plain.closed and not second.closed


# --------------------------------------------------------------------------- readouts at the edges


VALLEYS, BOWL = helpers.two_valleys(), helpers.bowl()
W_STAR, B_STAR = helpers.least_squares(*TWO_HOUSES)


def _alpha_end(e, end):
    slider = e.alpha_slider
    e.update(alpha=slider.options[-1 if end == "top" else 0][1])


#: Explorers driven to the edges of what they show: (how to make one, [(case, what to do, what the
#: readout must then say)]).
EDGES = {
    "tangent": ((gw.TangentExplorer, (VALLEYS,), {"w": 5.0}), [
        ("on a flat local minimum", None, ["dJ/dw = rise ÷ run = 0 (≈ 0, flat", "w did not move"]),
        ("at the deepest minimum", lambda e: e.update(w=1.0), ["w = 1, J(w) = 0"]),
        ("alpha at the top", lambda e: _alpha_end(e, "top"), []),
        ("alpha at the bottom", lambda e: _alpha_end(e, "bottom"), []),
    ]),
    "descent": ((gw.DescentExplorer, (BOWL,), {"w0": 0.0, "alpha_min": 1e-12, "alpha_max": 10.0}), [
        ("no iterations", lambda e: e.update(num_iters=0),
         ["iteration k = 0, the start (iterations is 0)", "out of steps before the first step"]),
        ("start at the minimum", lambda e: e.update(w0=3.0, num_iters=30),
         ["iteration k = 0, the start (the slope at the start is already 0)",
          "converged at the start: the slope there is already 0"]),
        ("alpha at the top", lambda e: (e.update(w0=0.0), _alpha_end(e, "top")), ["diverged at step "]),
        ("alpha at the bottom: stalled", lambda e: _alpha_end(e, "bottom"),
         ["stalled after 1 step: α = 1×10⁻¹² is too small", "the slope is still −6); raise α"]),
        ("bouncing for ever", lambda e: e.update(alpha=1.0), ["the cost is no lower than at the start"]),
        ("after Reset", lambda e: (e.update(alpha=0.3), e.reset()), ["showing step 0 of "]),
    ]),
    "descent on two valleys": ((gw.DescentExplorer, (VALLEYS,), {"w0": 5.0, "alpha_max": 10.0}), [
        ("start on a flat local minimum", None, ["converged at the start"]),
        ("diverged at step 1", lambda e: e.update(w0=6.4, alpha=5.0),
         ["iteration k = 1 of 1", "diverged at step 1: the cost blew up, so lower α"]),
    ]),
    "basins": ((gw.BasinsExplorer, (VALLEYS,), {"num_iters": 0, "n_starts": 50}), [
        ("no iterations", None, ["out of steps (not settled): 100% of starts", "w = 0.55 at the start"]),
        ("one iteration", lambda e: e.update(num_iters=1), ["after 1 step |", "out of steps after 1 step:"]),
        ("start at a minimum", lambda e: e.update(w0=5.0, num_iters=200), ["converged at the start"]),
        ("alpha at the top", lambda e: (e.update(w0=2.0), _alpha_end(e, "top")),
         ["reaches w = 1: 0% of starts", "diverged at step "]),
    ]),
    "regression": ((gw.RegressionExplorer, TWO_HOUSES, {"num_iters": 0, "show_surface": False}), [
        ("no iterations", None, ["w = 0, b = 0"]),  # the start as set, not rebuilt with rounding error
        ("start at the minimum", lambda e: e.update(w0=W_STAR, b0=B_STAR, num_iters=100),
         ["J(w, b) = 0 | dJ/dw = 0, dJ/db = 0",  # the line fits both houses: J is 10⁻²⁸ of rounding
          "converged at the start: the gradient (dJ/dw, dJ/db) there is already 0"]),
        ("alpha at the top", lambda e: (e.update(w0=0.0, b0=0.0), _alpha_end(e, "top")),
         ["diverged at step "]),
    ]),
}


def readout_rows(explorer) -> list[str]:
    """The readout's rows as a person reads them (tags removed)."""
    rows = re.findall(r"<div>(.*?)</div>", explorer.readout.value)
    return [html.unescape(re.sub(r"<[^>]+>", "", row)) for row in rows]


#: What a readout must never say: NaN, inf, −0, e-notation, an ASCII minus, "0 of 0", "1 steps",
#: an empty value, or rounding noise (a power of ten below 10⁻⁹) where the true value is 0.
NONSENSE = (r"\bnan\b", r"\binf", r"−0(?![.,\d])", r"-\d", r"\d[eE][+-]?\d", r"\b0 of 0\b", r"\b1 steps\b",
            r"after 0 steps", r"=\s*(?:,|\||$)", r"\(\s*\)", r"10⁻(?:¹[0-9]|[²-⁹][0-9])")


@pytest.mark.parametrize("kind", EDGES)
def test_readouts_read_well_at_the_edges(share, kind):
    """No NaN, inf, −0, e-notation, '0 of 0', '1 steps' or empty value; the outcome named; and
    what each edge case must say."""
    (cls, args, kwargs), cases = EDGES[kind]
    e = share(cls, *args, **kwargs)
    for case, action, says in cases:
        if action:
            action(e)
        rows = readout_rows(e)
        text = " | ".join(rows)
        assert rows and all(row.strip() for row in rows), (case, text)
        for nonsense in NONSENSE:
            assert not re.search(nonsense, text), f"{case}: {nonsense!r} in: {text}"
        for piece in says:
            assert piece in text, f"{case}: {piece!r} not in: {text}"
        if cls is not gw.TangentExplorer:
            outcome = re.search(r'data-outcome="(\w+)"', e.readout.value).group(1)
            assert outcome == e.result.outcome and gw.OUTCOME_STYLE[outcome][0] in text, case


def test_the_tangent_run_must_be_a_width_on_the_chart():
    for run in (0, -1.0, float("nan"), 100.0, "1"):
        with pytest.raises((TypeError, ValueError), match="run"):
            gw.TangentExplorer(BOWL, run=run)


# --------------------------------------------------------------------------- how runs end


def test_every_outcome_has_its_own_words_and_colour(share):
    e = share(gw.DescentExplorer, BOWL, alpha=0.3, w0=0.0, num_iters=200, alpha_min=1e-12)
    moves = {"converged": {"alpha": 0.3}, "diverged": {"alpha": 1.5}, "stalled": {"alpha": 1e-11},
             "out_of_steps": {"alpha": 0.01, "num_iters": 5}}
    for outcome, values in moves.items():
        e.update(**values)
        assert e.result.outcome == outcome
        found = re.search(r'<b class="gd-outcome" data-outcome="(\w+)" style="color: (#\w+)">([^<]*)</b>',
                          e.readout.value)
        words, colour = gw.OUTCOME_STYLE[outcome]
        assert found.groups()[:2] == (outcome, colour) and found.group(3).startswith(words), found.groups()
    assert set(gw.OUTCOME_STYLE) == set(helpers.OUTCOMES)
    words, colours = zip(*gw.OUTCOME_STYLE.values(), strict=True)
    assert len(set(words)) == len(set(colours)) == 4


def test_status_lines_use_the_readouts_numbers_and_say_what_to_change(share):
    e = share(gw.DescentExplorer, BOWL, alpha=1e-11, w0=0.0, num_iters=50, alpha_min=1e-12)
    assert "stalled after 1 step: α = 1×10⁻¹¹ is too small to make progress" in e.readout.value
    assert "the slope is still −6); raise α" in e.readout.value
    e.update(alpha=0.3)
    assert re.search(r"converged after \d+ steps: the slope is now [−\d.×⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+, close to 0",
                     e.readout.value)
    r = share(gw.RegressionExplorer, *TWO_HOUSES, alpha=0.001, num_iters=20, show_surface=False)
    assert "out of steps after 20 steps: not converged yet, the gradient (dJ/dw, dJ/db) is still (" \
        in r.readout.value


def test_basins_call_the_unsettled_starts_out_of_steps(share):
    e = share(gw.BasinsExplorer, VALLEYS, alpha=0.05, num_iters=1, n_starts=200)
    assert e.shares()["out of steps (not settled)"] > 0.9
    assert "out of steps (not settled): " in e.readout.value
    assert gw.BasinsExplorer.NOT_SETTLED in [t.get_text() for t in e.fig.legends[0].get_texts()]
    assert "under 1%" == readout.percent(0.0004) and "over 99%" == readout.percent(0.9996)
    assert readout.percent(0) == "0%"


# --------------------------------------------------------------------------- huge settings


def _all_drawn_points(explorer) -> int:
    return max(len(line.get_xdata()) for ax in explorer.fig.axes for line in ax.get_lines())


@pytest.mark.parametrize("kind", ["descent", "basins", "regression"])
def test_a_huge_num_iters_is_capped_and_said_so_and_the_drawing_thinned(share, kind):
    """num_iters = 10⁷ at an α where no run stops early: every allowed step is taken and stored."""
    if kind == "descent":  # α = 1 bounces between w = 0 and w = 6 for ever
        e = share(gw.DescentExplorer, BOWL, alpha=1.0, w0=0.0, num_iters=10**7)
    elif kind == "basins":
        e = share(gw.BasinsExplorer, VALLEYS, alpha=1e-4, alpha_min=1e-5, w0=-0.5, num_iters=10**7,
                 n_starts=20)
    else:
        e = share(gw.RegressionExplorer, *TWO_HOUSES, alpha=1e-6, alpha_min=1e-7, num_iters=10**7,
                 show_surface=False)
    cap = e.MAX_ITERS
    assert e.iters_slider.value == e.iters_slider.max == cap <= 100_000
    assert e.result.out_of_steps and e.result.J_history.size == cap + 1  # every allowed step, no more
    assert _all_drawn_points(e) <= e.MAX_DRAWN + 1
    text = " ".join(readout_rows(e))
    assert f"iterations capped at {cap:,}, the most this figure runs (you asked for 10,000,000)" in text
    assert f"the figure draws one step in every {-(-(cap + 1) // e.MAX_DRAWN)} of these {cap:,}" in text
    with pytest.raises(ValueError, match=f"at most {cap:,} steps"):
        e.update(num_iters=cap + 1)
    e.update(num_iters=10)
    assert "capped" not in e.readout.value


# --------------------------------------------------------------------------- TangentExplorer


def test_tangent_explorer_shows_the_slope_and_one_step(share):
    cost = helpers.bowl()
    e = share(gw.TangentExplorer, cost, w=1.0, alpha=0.25)
    e.w_slider.value = 0.5
    xs, ys = e.tangent_.get_data()
    assert (ys[1] - ys[0]) / (xs[1] - xs[0]) == pytest.approx(cost.dJ_dw(0.5))
    new_w = 0.5 - 0.25 * cost.dJ_dw(0.5)
    assert e.next_.get_xdata()[0] == pytest.approx(new_w)
    assert e.move_.get_points()[0] == pytest.approx([0.5, new_w])
    legs_x, legs_y = e.triangle_.legs.get_data()
    assert (legs_y[2] - legs_y[1]) / (legs_x[1] - legs_x[0]) == pytest.approx(cost.dJ_dw(0.5))
    text = e.readout.value
    assert "dJ/dw</b> = rise ÷ run = −5" in text and "negative" in text and "downhill" in text
    assert f"new w</b> = {gw.fmt(new_w)}" in text
    assert e.w0_slider is e.w_slider and e.w_slider.description == "w"


def test_tangent_explorer_step_moves_w_and_reset_brings_it_back(share):
    cost = helpers.bowl()
    e = share(gw.TangentExplorer, cost, w=0.0, alpha=0.1)
    e.step_button.click()
    e.step_button.click()
    assert e.current == 2
    assert e.w_slider.value == pytest.approx(cost.descend(0.0, 0.1, 2).w)
    e.reset_button.click()
    assert e.current == 0 and e.w_slider.value == 0.0
    e.update(alpha=0.123)
    e.step_button.click()
    stepped = e.w_slider.value
    assert stepped == pytest.approx(0.738)  # not on the slider's grid of 0.02
    e.w_slider.value = 0.74  # the browser snaps it and sends it back
    assert e.current == 1 and f"w</b> = {gw.fmt(stepped)}," in e.readout.value  # an echo, not a new start
    e.reset_button.click()
    assert e.w_slider.value == 0.0 and "w</b> = 0," in e.readout.value
    e.update(alpha=1.8)  # a step that leaves the chart cannot be taken
    assert e.step_button.disabled and "leaves the chart" in e.readout.value
    click(e, e.ax, 4.0, cost.J(4.0))
    assert e.w_slider.value == pytest.approx(4.0, abs=0.01) and e.current == 0


# --------------------------------------------------------------------------- BasinsExplorer


def test_basins_explorer_colours_each_start_by_the_minimum_it_reaches(share):
    cost = helpers.two_valleys()
    e = share(gw.BasinsExplorer, cost, alpha=0.05, num_iters=300, n_starts=400)
    w_final, diverged = helpers.descend_many(cost.dJ_dw, e.starts, 0.05, 300)
    codes = e.codes
    np.testing.assert_array_equal(codes[np.abs(w_final - 1.0) < 1e-3], 0)
    np.testing.assert_array_equal(codes[np.abs(w_final - 5.0) < 1e-3], 1)
    assert (codes[e.starts < 3.4] == 0).all() and (codes[(e.starts > 3.6) & (e.starts < 6)] == 1).all()
    shares = e.shares()
    assert sum(shares.values()) == pytest.approx(1.0) and shares["reaches w = 1"] > 0.4
    assert "reaches w = 1" in e.readout.value and "% of starts" in e.readout.value
    markers = {line.get_marker() for line in e.mark_lines_ if len(line.get_xdata())}
    assert markers == {"o", "s"}  # outcomes are told apart by marker shape as well as colour
    legend_texts = [t.get_text() for t in e.fig.legends[0].get_texts()]
    assert legend_texts == ["reaches w = 1", "reaches w = 5", "out of steps (not settled)", "diverged"]
    runs = e.strip_.get_paths()  # one rectangle per run of starts with the same outcome
    lefts = [path.vertices[:, 0].min() for path in runs]
    assert len(runs) <= 3 and lefts[0] == cost.w_range[0] and all(3.4 < x < 3.6 for x in lefts[1:])
    colours = [to_hex(c) for c in e.strip_.get_facecolor()]
    assert colours[0] == plots.OKABE_ITO["bluish_green"].lower()
    assert colours[-1] == plots.OKABE_ITO["sky_blue"].lower()


def test_basins_explorer_redraws_when_alpha_changes_and_shows_diverged_starts(share):
    e = share(gw.BasinsExplorer, helpers.two_valleys(), alpha=0.05, num_iters=100, n_starts=300)
    before = e.codes.copy()
    e.alpha_slider.value = e.alpha_slider.options[-1][1]
    assert (e.codes != before).any()
    assert e.shares()["diverged"] > 0
    diverged_colour = to_hex(PALETTE["diverged"])
    assert diverged_colour in {to_hex(c) for c in e.strip_.get_facecolor()}
    assert len(e.mark_lines_[-1].get_xdata()) > 0 and e.mark_lines_[-1].get_marker() == "X"
    assert_readout_is_clean(e.readout.value)
    e.click(5.8)
    assert e.w0_slider.value == pytest.approx(5.8)
    assert e.chosen_.get_xdata()[0] == pytest.approx(5.8)


def test_basins_after_many_moves_show_what_one_descent_from_every_start_gives(share, make, undrawn):
    """The strip resumes each α's runs from kept checkpoints, and an iterations move keeps a chosen
    run that had already ended: after each of a mix of moves, the same as an explorer made then
    (made without drawing: only its numbers are compared)."""
    cost = helpers.two_valleys()
    e = share(gw.BasinsExplorer, cost, alpha=0.05, num_iters=100, n_starts=300)
    alphas = [v for _, v in e.alpha_slider.options]
    first, other = e.alpha_slider.value, alphas[len(alphas) // 2]
    moves = [{"num_iters": 180}, {"alpha": other}, {"num_iters": 37}, {"alpha": first},
             {"num_iters": 260}, {"w0": 0.3}, {"num_iters": 51}, {"alpha": other}, {"num_iters": 125}]
    for move in moves:
        e.update(**move)
        made = make(gw.BasinsExplorer, cost, n_starts=300, **{k: e.sliders[k].value for k in e.SLIDERS})
        np.testing.assert_array_equal(e.codes, made.codes, err_msg=str(move))
        np.testing.assert_array_equal(e.result.w_history, made.result.w_history, err_msg=str(move))
        assert e.readout.value == made.readout.value
        made.close()


# --------------------------------------------------------------------------- RegressionExplorer


def test_regression_explorer_draws_the_descent_of_gradient_descent(share):
    x, y = HOUSES
    e = share(gw.RegressionExplorer, x, y)  # 500 steps of α = 0.01 from (0, 0) at first
    e.update(alpha=0.05, w0=100.0, b0=-50.0)
    reference = helpers.gradient_descent(x, y, 100.0, -50.0, 0.05, 500)
    np.testing.assert_allclose(e.path_.points.get_xdata(), reference.w_history, rtol=1e-9)
    np.testing.assert_allclose(e.path_.points.get_ydata(), reference.b_history, rtol=1e-9)
    np.testing.assert_allclose(e.history_.get_ydata(), reference.J_history, rtol=1e-9)
    xs, ys = e.line_.get_data()
    np.testing.assert_allclose(ys, reference.w * xs + reference.b, rtol=1e-9)
    w3, b3, J3 = e.path3d_.get_data_3d()
    np.testing.assert_allclose(J3, reference.J_history, rtol=1e-9)
    text = e.readout.value
    dj_dw, dj_db = helpers.compute_gradient(x, y, reference.w, reference.b)
    for piece in ("α</b> = 0.05", f"w</b> = {gw.fmt(reference.w)}", f"b</b> = {gw.fmt(reference.b)}",
                  "J(w, b)</b>", f"dJ/dw</b> = {gw.fmt(dj_dw)}", f"dJ/db</b> = {gw.fmt(dj_db)}",
                  "iteration</b> k = 500 of 500"):
        assert piece in text, piece


def test_regression_explorer_marks_the_threshold_and_shows_divergence(share):
    x, y = TWO_HOUSES
    e = share(gw.RegressionExplorer, x, y, alpha=0.1, num_iters=500, show_surface=False)
    threshold = helpers.max_stable_alpha(x)
    assert f"diverges above α = {gw.fmt(threshold)}" in e.threshold_label.value
    assert e.ax_surface is None
    e.update(alpha=1.5 * threshold)
    assert e.result.diverged and f"diverged at step {e.result.stopped_at}" in e.readout.value
    assert_readout_is_clean(e.readout.value)
    assert np.isfinite(e.path_.points.get_xydata()).all()


def test_regression_explorer_3d_path_leaving_the_box_is_clipped_not_fatal(make):
    x, y = TWO_HOUSES
    e = make(gw.RegressionExplorer, x, y, alpha=0.1, num_iters=100)
    e.update(alpha=1.9 * helpers.max_stable_alpha(x))
    assert e.result.diverged and e.last_error is None
    e.fig.canvas.draw()


def test_regression_explorer_click_on_the_contours_sets_the_start(share):
    x, y = HOUSES
    e = share(gw.RegressionExplorer, x, y)
    click(e, e.ax_contour, 300.0, 150.0)
    assert (e.w0_slider.value, e.b0_slider.value) == pytest.approx((300.0, 150.0), rel=0.02)
    assert e.path_.start.get_xdata()[0] == pytest.approx(300.0, rel=0.02)
    assert e.b0_slider.description == "start b"


def test_regression_explorer_axes_come_from_the_data_and_static_parts_are_made_once(share, monkeypatch):
    x, y = HOUSES
    e = share(gw.RegressionExplorer, x, y)
    (w_lo, w_hi), (b_lo, b_hi) = plots.cost_ranges(x, y)
    assert e.ax_contour.get_xlim() == pytest.approx((w_lo, w_hi))
    assert e.ax_contour.get_ylim() == pytest.approx((b_lo, b_hi))
    step = e.w0_slider.step
    assert w_lo - step < e.w0_slider.min <= w_lo and w_hi <= e.w0_slider.max < w_hi + step
    assert e.ax_data.get_xlim()[0] < x.min() and e.ax_data.get_xlim()[1] > x.max()
    calls = []
    monkeypatch.setattr(plots, "cost_grid", lambda *a: calls.append(a))
    monkeypatch.setattr(plots, "cost_surface_grid", lambda *a, **k: calls.append(a))
    for w0 in np.linspace(w_lo, w_hi, 20):
        e.update(w0=float(w0))
    assert not calls
    titles = [ax.get_title() for ax in (e.ax_data, e.ax_contour, e.ax_history, e.ax_surface)]
    assert all(titles)
    assert e.fig.legends and len(e.fig.legends[0].get_texts()) >= 6


def test_every_explorer_displays_and_closes_every_widget_it_made(make, undrawn):
    cost = helpers.two_valleys()
    gc.collect()
    before = live_widgets()
    explorers = [
        make(gw.DescentExplorer, cost),
        make(gw.TangentExplorer, cost),
        make(gw.BasinsExplorer, cost, n_starts=200),
        make(gw.RegressionExplorer, *TWO_HOUSES, num_iters=100),
    ]
    for e in explorers:
        # "Slope" means dJ/dw in this course: w and b of a line are its weight and bias, and a path
        # is described in plain words ("w after each step"), not as "iterates".
        words = [t.get_text() for t in e.fig.findobj(Text)] + [
            text for w in e.widget.children[1:] for c in getattr(w, "children", [w])
            for text in (getattr(c, "description", ""), getattr(c, "tooltip", "") or "")]
        for word in words:
            assert not re.search(r"intercept|iterate|\(slope\)|slope w\b|slope of the line", word), word
        bundle = e._repr_mimebundle_()
        mimetypes = {"image/png", "text/html", "text/plain", "application/vnd.jupyter.widget-view+json"}
        assert mimetypes <= set(bundle)
        assert e.readout.value and e.describe() in repr(e)
        e.close()
        assert e.closed and repr(e).endswith("closed>")
        e.close()  # twice is fine
    # Every Layout and style object, button, slider, readout and the canvas with its toolbar.
    assert live_widgets() == before


def test_a_failed_construction_leaves_no_widgets_behind():
    before = live_widgets()
    with pytest.raises(ValueError, match="outside the slider's range"):
        gw.DescentExplorer(helpers.bowl(), alpha=50.0)
    with pytest.raises(ValueError, match="n_starts"):
        gw.BasinsExplorer(helpers.two_valleys(), n_starts=1)
    with pytest.raises(ValueError, match="run"):
        gw.TangentExplorer(helpers.bowl(), run=0)
    assert live_widgets() == before


#: How many times the re-run test makes an explorer again. Each costs about 0.15 s here even with
#: the figure's drawing left out (widgets and Axes are slow to make, and tracemalloc slows them
#: 3×). 20 is enough to tell: a leak of one widget per re-run is counted exactly, and a leak of
#: 4 kB per re-run (before the fix: about 200 kB) adds 80 kB to the ~40 kB the interpreter keeps
#: once, 120 kB in all, well over the 80 kB allowed.
RERUNS = 20


def test_re_running_an_explorer_cell_leaves_widgets_and_memory_flat(monkeypatch, undrawn):
    """A cell run again and again (and explorers closed by hand) leaves no widget, figure or memory.

    Laying out and rendering the figure allocates nothing that outlives the figure, so here both are
    left out (the ``undrawn`` fixture).
    """
    monkeypatch.setattr(registry, "kernel_parent", dict)
    figures, alive = [], []

    def rerun(i):
        e = gw.TangentExplorer(helpers.bowl(), key="re-run test")  # closes the one it replaces
        figures.append(weakref.ref(e.fig))
        alive.append(live_widgets())
        if i % 3 == 2:
            e.close()  # closed by hand: the next one replaces nothing
        return e

    gc.collect()
    before = live_widgets()
    tracemalloc.start()
    try:
        for i in range(6):  # what a re-run replaces has been replaced once while traced
            rerun(i).close()
        gc.collect()
        start = tracemalloc.get_traced_memory()[0]
        for i in range(RERUNS):
            last = rerun(i)
        last.close()
        del last
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - start
    finally:
        tracemalloc.stop()
    # One explorer's widgets at a time, every time (before: 20 more, Layouts and styles, per re-run).
    assert len(set(alive)) == 1 and live_widgets() == before
    # Allowed: ~40 kB the interpreter keeps once for attribute names in its lookup cache (bounded).
    assert grown < 4_000 * RERUNS, f"memory grew by {grown} bytes over {RERUNS} re-runs"
    assert not any(ref() for ref in figures)  # every figure was freed
