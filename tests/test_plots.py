"""The plot helpers, tested through the artists they return: data, labels, colours, markers."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D

import helpers
from helpers import plots
from helpers.plots import PALETTE

OKABE_ITO = {"#000000", "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7"}
HOUSES = helpers.load_houses("houses.csv")
TWO_HOUSES = helpers.load_houses("two_houses.csv")


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    return ax


def test_palette_is_okabe_ito_for_every_role_that_carries_meaning():
    for role in ("curve", "path", "current", "tangent", "data", "fit", "threshold", "alt", "minimum"):
        assert PALETTE[role].lower() in OKABE_ITO, role
    assert PALETTE["path"] != PALETTE["curve"] and PALETTE["fit"] != PALETTE["data"]


def test_course_style_is_undone_on_exit():
    """(That importing helpers.plots changes no style is checked in test_structure.py.)"""
    before = dict(matplotlib.rcParams)
    with plots.course_style():
        assert matplotlib.rcParams["figure.dpi"] == 80
        assert matplotlib.rcParams["font.size"] >= 10
        cycle = [to_hex(c["color"]) for c in matplotlib.rcParams["axes.prop_cycle"]]
        assert set(cycle) <= OKABE_ITO
    assert dict(matplotlib.rcParams) == before


def test_cost_curve_spans_the_costs_range_and_labels_the_axes(ax):
    cost = helpers.bowl(w_min=3.0, curvature=2.0)
    line = plots.plot_cost_curve(ax, cost)
    w, J = line.get_data()
    assert w[0] == cost.w_range[0] and w[-1] == cost.w_range[1]
    np.testing.assert_allclose(J, 2.0 * (w - 3.0) ** 2)
    assert to_hex(line.get_color()) == PALETTE["curve"].lower()
    assert ax.get_xlabel() == "w" and "J" in ax.get_ylabel() and ax.get_title()


def test_helpers_keep_the_callers_labels_and_take_style_keywords(ax):
    ax.set_title("My own title")
    ax.set_xlabel("weight")
    line = plots.plot_cost_curve(ax, helpers.bowl(), color="black", linestyle=":", label="mine")
    assert ax.get_title() == "My own title" and ax.get_xlabel() == "weight"
    assert line.get_linestyle() == ":" and line.get_label() == "mine" and line.get_color() == "black"


def test_cost_curve_survives_overflow_without_warnings(ax):
    cost = helpers.two_valleys()
    line = plots.plot_cost_curve(ax, cost, w_values=[1.0, 1e100, 1e300])
    assert line.get_ydata()[0] == pytest.approx(0.0, abs=1e-12)
    assert not np.isfinite(line.get_ydata()[-1])  # a gap in the curve, and no warning


@pytest.mark.parametrize("alpha", [0.1, 0.6, 1.1])
def test_path_1d_marks_every_iterate_and_draws_one_arrow_per_step(ax, alpha):
    cost = helpers.bowl()
    result = cost.descend(-0.5, alpha, 12)
    plots.plot_cost_curve(ax, cost)
    path = plots.plot_path_1d(ax, cost, result)
    w, J = path.points.get_data()
    np.testing.assert_array_equal(w, result.w_history)
    np.testing.assert_array_equal(J, result.J_history)
    assert path.points.get_marker() == "o" and path.start.get_marker() == "s"
    assert path.start.get_xdata()[0] == result.w_history[0]
    np.testing.assert_array_equal(path.arrows.get_points()[0], result.w_history)
    ax.figure.canvas.draw()
    vertices = path.arrows.get_path().vertices
    assert np.isfinite(vertices).all()
    assert len(vertices) <= 8 * result.iterations  # one closed 8-point outline per drawn step
    assert path.arrows in ax.get_children() and set(path.artists) >= {path.points, path.start, path.arrows}


def test_a_diverged_path_holds_only_finite_points_and_its_arrows_are_clipped(ax):
    cost = helpers.bowl()
    result = cost.descend(-0.5, 1.6, 200)
    assert result.diverged
    plots.plot_cost_curve(ax, cost)
    path = plots.plot_path_1d(ax, cost, result)
    assert np.isfinite(path.points.get_xydata()).all()
    ax.set_xlim(cost.w_range)
    ax.figure.canvas.draw()
    vertices = path.arrows.get_path().vertices
    x0, y0, x1, y1 = ax.bbox.extents
    pad = max(x1 - x0, y1 - y0) + 50
    assert np.isfinite(vertices).all()
    assert (vertices[:, 0] > x0 - pad).all() and (vertices[:, 0] < x1 + pad).all()
    assert (vertices[:, 1] > y0 - pad).all() and (vertices[:, 1] < y1 + pad).all()


def test_step_arrows_update_with_setters_only(ax):
    arrows = plots.StepArrows([0, 1], [0, 1], facecolor=PALETTE["path"])
    ax.add_artist(arrows)
    ax.set_xlim(-1, 3)
    ax.set_ylim(-1, 3)
    arrows.set_points([0, 1, 2], [0, 1, 0])
    assert arrows.stale
    ax.figure.canvas.draw()
    assert len(arrows.get_path().vertices) == 16
    arrows.set_points([1], [1])
    ax.figure.canvas.draw()
    assert len(arrows.get_path().vertices) == 1  # nothing to draw for a single point


@pytest.mark.parametrize("w", [-0.5, 1.0, 2.5, 3.5, 6.0])
def test_tangent_has_the_derivative_as_its_slope(ax, w):
    cost = helpers.two_valleys()
    line = plots.plot_tangent(ax, cost, w)
    xs, ys = line.get_data()
    h = 1e-6
    numeric = (cost.J(w + h) - cost.J(w - h)) / (2 * h)
    assert (ys[1] - ys[0]) / (xs[1] - xs[0]) == pytest.approx(numeric, rel=1e-5, abs=1e-6)
    assert np.mean(xs) == pytest.approx(w) and np.mean(ys) == pytest.approx(cost.J(w))
    assert line.get_linestyle() == "--" and to_hex(line.get_color()) == PALETTE["tangent"].lower()


def test_slope_triangle_rise_over_run_is_the_slope_and_labels_say_so(ax):
    cost = helpers.bowl()
    triangle = plots.plot_slope_triangle(ax, cost, 1.0, run=0.5)
    xs, ys = triangle.legs.get_data()
    assert xs[1] - xs[0] == pytest.approx(0.5)
    assert (ys[2] - ys[1]) / (xs[1] - xs[0]) == pytest.approx(cost.dJ_dw(1.0))
    assert triangle.run_label.get_text() == "run = 0.5"
    assert triangle.rise_label.get_text() == "rise = −2"
    triangle.update(4.0)
    assert triangle.rise_label.get_text() == "rise = 1"
    bare = plots.plot_slope_triangle(ax, cost, 1.0, labels=False)
    assert bare.artists == (bare.legs,)


def test_cost_history_plots_cost_against_iteration(ax):
    J = helpers.bowl().descend(0.0, 0.2, 20).J_history
    line = plots.plot_cost_history(ax, J)
    np.testing.assert_array_equal(line.get_xdata(), np.arange(J.size))
    np.testing.assert_array_equal(line.get_ydata(), J)
    assert ax.get_xlabel().startswith("iteration") and "J" in ax.get_ylabel() and ax.get_title()
    assert line.get_marker() == "o"


def test_data_and_fit_line(ax):
    x, y = HOUSES
    data = plots.plot_data(ax, x, y)
    w, b = helpers.least_squares(x, y)
    fit = plots.plot_fit_line(ax, x, w, b)
    np.testing.assert_array_equal(data.get_xdata(), x)
    assert data.get_linestyle() == "None" and data.get_marker() == "o"
    xs, ys = fit.get_data()
    assert xs[0] < x.min() and xs[-1] > x.max()
    np.testing.assert_allclose(ys, w * xs + b)
    assert "1000 sqft" in ax.get_xlabel() and "1000s" in ax.get_ylabel() and ax.get_title()
    legend = ax.legend()
    assert [t.get_text() for t in legend.get_texts()] == ["training data", "model f(x) = w·x + b"]
    assert to_hex(fit.get_color()) == PALETTE["fit"].lower()


@pytest.mark.parametrize("data", [HOUSES, TWO_HOUSES], ids=["houses", "two_houses"])
def test_cost_ranges_come_from_the_data_and_hold_the_minimum_and_the_origin(data):
    (w_lo, w_hi), (b_lo, b_hi) = plots.cost_ranges(*data)
    w_star, b_star = helpers.least_squares(*data)
    assert w_lo < min(0, w_star) and w_hi > max(0, w_star)
    assert b_lo < min(0, b_star) and b_hi > max(0, b_star)


def test_cost_contour_is_one_grid_call_with_levels_rising_from_the_minimum(ax, monkeypatch):
    calls = []
    real = plots.cost_grid
    monkeypatch.setattr(plots, "cost_grid", lambda *a: calls.append(a) or real(*a))
    x, y = HOUSES
    contours = plots.plot_cost_contour(ax, x, y)
    assert len(calls) == 2  # the grid, and J at the least-squares point for the levels
    assert np.shape(calls[0][2]) == (120, 120)
    levels = contours.levels
    assert np.all(np.diff(levels) > 0)
    J_min = helpers.compute_cost(x, y, *helpers.least_squares(x, y))
    assert levels[0] > J_min
    (w_lo, w_hi), (b_lo, b_hi) = plots.cost_ranges(x, y)
    assert ax.get_xlim() == pytest.approx((w_lo, w_hi)) and ax.get_ylim() == pytest.approx((b_lo, b_hi))
    assert ax.get_xlabel().startswith("w") and ax.get_ylabel().startswith("b") and ax.get_title()


def test_cost_surface_and_the_3d_path_lie_on_the_cost():
    fig = plt.figure()
    ax3d = fig.add_subplot(projection="3d")
    x, y = TWO_HOUSES
    surface = plots.plot_cost_surface(ax3d, x, y, resolution=20)
    assert surface in ax3d.collections
    result = helpers.gradient_descent(x, y, 0, 0, 0.1, 40)
    line = plots.plot_path_3d(ax3d, x, y, result)
    xs, ys, zs = line.get_data_3d()
    np.testing.assert_array_equal(xs, result.w_history)
    np.testing.assert_allclose(zs, [helpers.compute_cost(x, y, w, b) for w, b in result.p_history], rtol=1e-9)
    assert ax3d.get_zlabel() == "J" and ax3d.get_title()
    fig.canvas.draw()


def test_the_lines_parameters_are_named_weight_and_bias_never_slope(ax):
    """In this course "slope" means dJ/dw; w and b of the line are the weight and the bias."""
    x, y = TWO_HOUSES
    plots.plot_cost_contour(ax, x, y)
    path = plots.plot_path_2d(ax, helpers.gradient_descent(x, y, 0, 0, 0.1, 5))
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("w (weight)", "b (bias)")
    assert path.points.get_label() == "(w, b) after each step"
    fig, ax1 = plt.subplots()
    line = plots.plot_path_1d(ax1, helpers.bowl(), helpers.bowl().descend(0.0, 0.1, 3))
    assert line.points.get_label() == "w after each step"  # plain words, not "iterates"


def test_short_numbers_never_read_minus_zero_or_e_notation():
    assert plots._short(-0.0) == "0" and plots._short(-1e-18) == "−1×10⁻¹⁸"
    assert plots._short(2.5e-5) == "2.5×10⁻⁵" and plots._short(-2.0) == "−2"
    assert plots._short(float("inf")) == "too steep to show"


def test_path_2d_follows_w_and_b(ax):
    x, y = TWO_HOUSES
    result = helpers.gradient_descent(x, y, 0, 0, 0.1, 40)
    path = plots.plot_path_2d(ax, result)
    np.testing.assert_array_equal(path.points.get_xdata(), result.w_history)
    np.testing.assert_array_equal(path.points.get_ydata(), result.b_history)
    assert path.arrows is None and path.points.get_marker() == "o"
    path.update([1.0, 2.0], [3.0, 4.0])
    assert list(path.start.get_xdata()) == [1.0]
    with pytest.raises(ValueError, match="plot_path_1d"):
        plots.plot_path_2d(ax, helpers.bowl().descend(0, 0.1, 3))


def test_figures_with_several_series_have_legends_with_distinct_markers_or_styles(ax):
    cost = helpers.bowl()
    plots.plot_cost_curve(ax, cost)
    plots.plot_path_1d(ax, cost, cost.descend(0.0, 0.3, 10))
    plots.plot_tangent(ax, cost, 1.0)
    legend = ax.legend()
    handles = [h for h in legend.legend_handles if isinstance(h, Line2D)]
    looks = {(h.get_marker(), h.get_linestyle()) for h in handles}
    assert len(looks) == len(handles) == 4
