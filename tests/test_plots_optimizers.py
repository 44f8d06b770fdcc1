"""The drawing helpers of Episode 8 (helpers/plots_optimizers.py), tested through their artists:
what each line holds, its look, the labels, and updates that only move the artists already drawn."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex

import helpers
from helpers import optimizers
from helpers import plots_optimizers as paths

TWO_HOUSES = helpers.load_houses("two_houses.csv")
HOUSES = helpers.load_houses("houses.csv")
OKABE_ITO = {"#000000", "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7"}


@pytest.fixture
def ax():
    _, ax = plt.subplots()
    return ax


def four_runs(alpha=0.4, beta=0.5, steps=20):
    x, y = TWO_HOUSES
    return {
        "gd": optimizers.descend(x, y, 0.0, 0.0, alpha, epochs=steps),
        "momentum": optimizers.descend(x, y, 0.0, 0.0, alpha, epochs=steps, method="momentum", beta=beta),
        "minibatch": optimizers.descend(x, y, 0.0, 0.0, alpha, epochs=steps // 2, batch_size=1, seed=3),
        "adam": optimizers.descend(x, y, 0.0, 0.0, 100.0, epochs=steps, method="adam", beta=0.9),
    }


def look(line):
    return to_hex(line.get_color()), line.get_marker(), line.get_linestyle()


# --- the looks ------------------------------------------------------------------------------------


def test_every_kind_of_run_has_its_own_colour_marker_and_line_style():
    looks = [(s["color"].lower(), s["marker"], s["linestyle"]) for s in paths.RUN_STYLES.values()]
    for part in range(2):
        assert len({one[part] for one in looks}) == len(looks), "no two runs share a colour or a marker"
    assert all(linestyle in ("-", "--", "-.", ":") for _, _, linestyle in looks)
    assert {colour for colour, _, _ in looks} <= OKABE_ITO
    extra_markers = [s["marker"] for s in paths.EXTRA_STYLES]
    assert len(set(extra_markers)) == len(extra_markers)
    assert not set(extra_markers) & {marker for _, marker, _ in looks}


# --- paths on the landscape -----------------------------------------------------------------------


def test_paths_draw_each_run_s_history_on_the_given_axes_with_its_look(ax):
    runs = four_runs()
    drawn = paths.plot_paths(ax, runs)
    assert drawn.ax is ax and list(drawn.lines) == list(runs)
    for key, run in runs.items():
        line = drawn.lines[key]
        assert line.axes is ax
        np.testing.assert_array_equal(np.column_stack(line.get_data()), run.p_history)
        style = paths.RUN_STYLES[key]
        assert look(line) == (style["color"].lower(), style["marker"], style["linestyle"])
        assert line.get_label() == style["label"]
    np.testing.assert_array_equal(np.column_stack(drawn.start.get_data()), [[0.0, 0.0]])
    assert ax.get_xlabel() == "w (weight)" and ax.get_ylabel() == "b (bias)"
    assert len(drawn.artists) == len(runs) + 1


def test_paths_take_arrays_and_the_caller_s_style_and_labels_win(ax):
    path = np.array([[0.0, 0.0], [1.0, 2.0], [3.0, 1.0]])
    ax.set_xlabel("my w")
    drawn = paths.plot_paths(
        ax,
        {"gd": path, "a run of mine": path[::-1]},
        styles={"gd": {"label": "full batch", "color": "#000000"}},
        linewidth=3,
    )
    assert drawn.lines["gd"].get_label() == "full batch" and look(drawn.lines["gd"])[0] == "#000000"
    assert drawn.lines["a run of mine"].get_label() == "a run of mine"
    assert drawn.lines["a run of mine"].get_marker() == paths.EXTRA_STYLES[0]["marker"]
    assert all(line.get_linewidth() == 3 for line in drawn.lines.values())
    assert ax.get_xlabel() == "my w"


def test_a_long_run_keeps_about_a_dozen_markers(ax):
    x, y = HOUSES
    run = optimizers.descend(x, y, 0.0, 0.0, 0.05, epochs=10, batch_size=1, seed=0)
    line = paths.plot_paths(ax, {"stochastic": run}).lines["stochastic"]
    assert line.get_markevery() == run.p_history.shape[0] // paths.MARKERS_PER_LINE


def test_update_moves_the_paths_with_setters_only(ax):
    drawn = paths.plot_paths(ax, four_runs())
    before = (len(ax.lines), len(ax.collections))
    moved = four_runs(alpha=0.2, beta=0.8, steps=30)
    drawn.update(moved)
    assert (len(ax.lines), len(ax.collections)) == before
    for key, run in moved.items():
        np.testing.assert_array_equal(np.column_stack(drawn.lines[key].get_data()), run.p_history)
    x, y = TWO_HOUSES
    elsewhere = {key: optimizers.descend(x, y, 50.0, 250.0, 0.1, epochs=5) for key in moved}
    drawn.update(elsewhere)
    np.testing.assert_array_equal(np.column_stack(drawn.start.get_data()), [[50.0, 250.0]])


@pytest.mark.parametrize(
    ("runs", "message"),
    [
        ({}, "runs is empty"),
        ({"gd": np.zeros((3, 3))}, "one (w, b) row per step"),
        ({"gd": np.zeros(3)}, "one (w, b) row per step"),
    ],
)
def test_paths_refuse_what_they_cannot_draw(ax, runs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        paths.plot_paths(ax, runs)


def test_styles_for_a_run_that_is_not_drawn_and_updates_with_other_runs_are_refused(ax):
    with pytest.raises(ValueError, match="styles names runs that are not drawn"):
        paths.plot_paths(ax, {"gd": np.zeros((2, 2))}, styles={"adam": {}})
    drawn = paths.plot_paths(ax, {"gd": np.zeros((2, 2))})
    with pytest.raises(ValueError, match="the same runs as were drawn"):
        drawn.update({"adam": np.zeros((2, 2))})


def test_the_minimum_is_a_star_where_it_is_asked(ax):
    star = paths.plot_minimum(ax, 200, 100)
    assert star.get_marker() == "*" and star.get_xydata().tolist() == [[200.0, 100.0]]


# --- learning curves ------------------------------------------------------------------------------


def test_curves_per_step_plot_the_cost_above_the_lowest_on_a_log_scale(ax):
    runs = four_runs()
    curves = paths.plot_learning_curves(ax, runs, J_min=0.5)
    for key, run in runs.items():
        k, J = curves.lines[key].get_data()
        np.testing.assert_array_equal(k, np.arange(run.J_history.size))
        np.testing.assert_allclose(J, run.J_history - 0.5)
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "step k (updates)"
    assert ax.get_ylabel() == "J − lowest J (log scale)"


def test_curves_per_epoch_put_one_epoch_of_every_batch_size_at_the_same_place(ax):
    x, y = HOUSES
    runs = {
        size: optimizers.descend(x, y, 0.0, 0.0, 0.05, epochs=3, batch_size=size, seed=0)
        for size in (1, 10, 60)
    }
    curves = paths.plot_learning_curves(
        ax, runs, per="epoch", steps_per_epoch={1: 60, 10: 6, 60: 1}, log=False
    )
    for size in runs:
        epochs, _ = curves.lines[size].get_data()
        assert epochs[0] == 0 and epochs[-1] == pytest.approx(3.0)
    assert ax.get_yscale() == "linear" and ax.get_xlabel() == "epochs (passes over the data)"
    assert ax.get_ylabel() == "cost J"


def test_one_number_of_steps_per_epoch_serves_every_run(ax):
    curves = paths.plot_learning_curves(ax, {"a": [4.0, 3.0, 2.0, 1.0, 0.5]}, per="epoch", steps_per_epoch=2)
    np.testing.assert_array_equal(curves.lines["a"].get_xdata(), [0.0, 0.5, 1.0, 1.5, 2.0])


def test_curves_update_with_setters_only(ax):
    curves = paths.plot_learning_curves(ax, four_runs())
    count = len(ax.lines)
    moved = four_runs(alpha=0.3, steps=40)
    curves.update(moved)
    assert len(ax.lines) == count
    for key, run in moved.items():
        np.testing.assert_array_equal(curves.lines[key].get_ydata(), run.J_history)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"per": "update"}, "per is 'update'"),
        ({"per": "epoch"}, "needs steps_per_epoch"),
        ({"per": "epoch", "steps_per_epoch": {"other": 1}}, "no entry for"),
        ({"per": "epoch", "steps_per_epoch": 0}, "must be 1 or more"),
    ],
)
def test_curves_refuse_what_they_cannot_draw(ax, kwargs, message):
    with pytest.raises(ValueError, match=message):
        paths.plot_learning_curves(ax, {"gd": [3.0, 2.0, 1.0]}, **kwargs)
    with pytest.raises(ValueError, match="1-D array"):
        paths.plot_learning_curves(ax, {"gd": np.ones((2, 2))})


@pytest.mark.parametrize(
    ("value", "label"),
    [(1e5, "10⁵"), (1.0, "1"), (0.01, "10⁻²"), (0.5, "0.5"), (2000.0, "2000"), (0.0, ""), (-1.0, "")],
)
def test_log_ticks_are_plain_text(value, label):
    assert paths.log_label(value) == label


def test_the_target_is_a_dotted_line_at_its_height(ax):
    line = paths.plot_target(ax, 1.0)
    assert line.get_ydata()[0] == 1.0 and line.get_linestyle() == ":" and "below 1" in line.get_label()


# --- gradient estimates ---------------------------------------------------------------------------


def test_gradient_estimates_are_a_cloud_around_the_full_gradient(ax):
    estimates = np.array([[-1.0, 2.0], [3.0, 4.0], [0.5, -0.5]])
    cloud = paths.plot_gradient_estimates(ax, estimates, (1.0, 2.0))
    np.testing.assert_array_equal(cloud.estimates.get_offsets(), estimates)
    assert cloud.full.get_xydata().tolist() == [[1.0, 2.0]]
    cloud.update(estimates[:2] * 2, (0.0, 0.0))
    np.testing.assert_array_equal(cloud.estimates.get_offsets(), estimates[:2] * 2)
    assert cloud.full.get_xydata().tolist() == [[0.0, 0.0]]
    assert ax.get_xlabel() == "∂J/∂w" and ax.get_ylabel() == "∂J/∂b"
    with pytest.raises(ValueError, match="one \\(dJ/dw, dJ/db\\) row per batch"):
        paths.plot_gradient_estimates(ax, np.ones(3), (0.0, 0.0))


def test_a_log_axis_has_plain_labels_and_few_minor_ticks(ax):
    paths.plot_learning_curves(ax, {"gd": np.geomspace(1e5, 1e-2, 50)})
    ax.figure.canvas.draw()
    minor = ax.yaxis.get_minorticklocs()
    lo, hi = ax.get_ylim()
    inside = minor[(minor >= lo) & (minor <= hi)]
    mantissas = np.round(inside / 10 ** np.floor(np.log10(inside)), 6)
    assert set(mantissas) <= {2.0, 5.0}
    assert {t.get_text() for t in ax.get_yticklabels() if t.get_text()} <= {
        paths.log_label(v) for v in ax.get_yticks()
    }
