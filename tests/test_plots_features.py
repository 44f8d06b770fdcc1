"""The figures of Episodes 6 and 7 (helpers/plots_features.py), tested through the artists they return."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex

import helpers
from helpers import diagnostics, plots_features
from helpers.fastpath import QuadraticDescent
from helpers.plots import PALETTE
from helpers.scaling import fit_scaler

X, Y, NAMES = helpers.load_house_features()
PAIR = X[:, [0, 3]] - X[:, [0, 3]].mean(axis=0)  # size and age, centred, as Episode 6 draws them


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    return ax


def run_on(X2, fraction=0.5, num_iters=5000, start=(0.0, 0.0)):
    limit = helpers.max_stable_alpha(X2)
    return helpers.gradient_descent(X2, Y, np.array(start), Y.mean(), fraction * limit, num_iters)


# --- the cost over two weights --------------------------------------------------------------------


@pytest.mark.parametrize("b", [0.0, 339.0, -50.0])
def test_the_weight_grid_is_the_package_cost_at_every_point(b):
    X2 = X[:, [1, 2]]
    w1, w2 = np.meshgrid(np.linspace(-20, 40, 7), np.linspace(-10, 30, 5))
    grid = plots_features.weight_cost_grid(X2, Y, w1, w2, b)
    expected = [[helpers.compute_cost(X2, Y, np.array([a, c]), b) for a, c in zip(ra, rc, strict=True)]
                for ra, rc in zip(w1, w2, strict=True)]
    np.testing.assert_allclose(grid, expected, rtol=1e-10)


def test_the_weight_grid_refuses_anything_but_two_columns():
    with pytest.raises(ValueError, match="two feature columns"):
        plots_features.weight_cost_grid(X, Y, 0.0, 0.0, 0.0)


def test_a_square_window_has_equal_spans_and_holds_every_point():
    points = np.array([[0.0, 0.0], [0.17, -0.76], [0.3, 0.01]])
    (a, b), (c, d) = plots_features.square_window(points)
    assert b - a == pytest.approx(d - c)
    assert a < 0 < 0.3 < b and c < -0.76 < 0.01 < d


def test_the_valley_of_the_raw_pair_is_stretched_and_its_alpha_set_by_the_size():
    valley = plots_features.valley_numbers(PAIR, names=("size", "age"))
    hessian = helpers.cost_hessian(PAIR)
    np.testing.assert_allclose(valley.curvatures, np.linalg.eigvalsh(hessian[:2, :2]))
    assert valley.b_curvature == pytest.approx(1.0)
    assert valley.elongation == pytest.approx(np.sqrt(valley.curvatures[1] / valley.curvatures[0]))
    assert valley.max_stable_alpha == pytest.approx(helpers.max_stable_alpha(PAIR))
    assert valley.set_by == "size"


def test_scaled_by_the_range_b_caps_alpha_while_the_contours_are_round():
    spread = fit_scaler(X[:, [0, 3]], "mean").spread
    valley = plots_features.valley_numbers(PAIR / spread, names=("size", "age"))
    assert valley.set_by == "b" and valley.max_stable_alpha == pytest.approx(2.0)
    # The contours' shape is the weights' alone: b's curvature caps α but draws nothing.
    assert valley.elongation == pytest.approx(np.sqrt(valley.curvatures[1] / valley.curvatures[0]))
    assert valley.elongation < 1.1 < 1.0 / valley.curvatures[0]
    z = plots_features.valley_numbers(PAIR / PAIR.std(axis=0), names=("size", "age"))
    assert z.set_by == "size and age" and z.elongation < 1.05


def test_the_weight_view_draws_contours_on_equal_axes_with_the_path_and_the_minimum(ax):
    run = run_on(PAIR, 0.9, 20_000)
    w_star, _ = helpers.least_squares(PAIR, Y)
    view = plots_features.plot_weight_view(ax, PAIR, Y, run, b=Y.mean(), w_star=w_star, readout="hello")
    assert ax.get_aspect() == 1.0
    np.testing.assert_array_equal(view.path.points.get_xdata(), run.w_history[:, 0])
    np.testing.assert_array_equal(view.path.start.get_ydata(), run.w_history[:1, 1])
    np.testing.assert_allclose(np.ravel(view.minimum.get_data()), w_star)
    assert to_hex(view.minimum.get_color()) == PALETTE["minimum"].lower()
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    assert x0 < min(run.w_history[:, 0].min(), w_star[0]) and x1 > max(run.w_history[:, 0].max(), w_star[0])
    assert y0 < w_star[1] and y1 > 0
    assert view.readout.get_text() == "hello" and view.readout in view.artists
    assert view.contours in view.artists and ax.get_xlabel() and ax.get_ylabel()


def test_the_readout_strip_sits_on_the_side_of_the_box(ax):
    run = run_on(PAIR)
    w_star, _ = helpers.least_squares(PAIR, Y)
    plots_features.plot_weight_view(ax, PAIR, Y, run, b=Y.mean(), w_star=w_star, readout="r",
                                    readout_loc="lower left")
    (_, _), (lo, hi) = plots_features.square_window(np.vstack([run.w_history, w_star]))
    assert ax.get_ylim()[0] < lo - 0.2 * (hi - lo) and ax.get_ylim()[1] == pytest.approx(hi)
    with pytest.raises(ValueError, match="readout_loc"):
        plots_features.plot_weight_view(ax, PAIR, Y, run, b=Y.mean(), w_star=w_star, readout="r",
                                        readout_loc="middle")


def test_the_weight_view_moves_with_setters(ax):
    first, second = run_on(PAIR, 0.5), run_on(PAIR, 0.9, start=(0.3, 0.5))
    w_star, _ = helpers.least_squares(PAIR, Y)
    view = plots_features.plot_weight_view(ax, PAIR, Y, first, b=Y.mean(), w_star=w_star)
    assert view.readout is None
    view.set_path(second)
    view.set_readout("second run")
    np.testing.assert_array_equal(view.path.points.get_ydata(), second.w_history[:, 1])
    assert view.path.start.get_xdata()[0] == 0.3 and view.readout.get_text() == "second run"
    old = view.contours
    scaled = PAIR / PAIR.std(axis=0)
    view.set_contours(scaled, Y, b=Y.mean(), w1_range=(-50, 200), w2_range=(-100, 50))
    view.set_minimum(helpers.least_squares(scaled, Y)[0])
    assert old not in ax.collections and view.contours in ax.collections
    assert ax.get_xlim() == (-50, 200) and ax.get_aspect() == 1.0


def test_a_path_needs_two_weights(ax):
    one = helpers.gradient_descent(X[:, 0] / 1000, Y, 0.0, 0.0, 0.1, 10)
    with pytest.raises(ValueError, match="two weights"):
        plots_features.plot_weight_path(ax, one)


# --- the α ladder ----------------------------------------------------------------------------------


def scaled_ladder(num_iters=1000):
    Xs = fit_scaler(X, "zscore").transform(X)
    return diagnostics.run_ladder(Xs, Y, num_iters=num_iters), QuadraticDescent(Xs, Y).J_star


def test_the_ladder_draws_one_curve_per_rung_labelled_with_its_verdict(ax):
    runs, J_star = scaled_ladder()
    ladder = plots_features.plot_ladder(ax, runs, J_star=J_star)
    assert len(ladder.lines) == len(runs) and ax.get_yscale() == "log"
    assert len(ax.yaxis.get_minorticklocs()) == 0, "no minor ticks over many decades"
    for line, (alpha, result, verdict) in zip(ladder.lines, runs, strict=True):
        np.testing.assert_allclose(line.get_ydata(), result.J_history - J_star)
        assert line.get_label().startswith(f"α = {alpha:g}: ")
        assert (verdict in line.get_label()) or verdict == "converged"
        styled = plt.Line2D([], [], **plots_features.VERDICT_STYLE[verdict])
        assert line.get_linestyle() == styled.get_linestyle()
    labels = {alpha: line.get_label() for line, (alpha, _, _) in zip(ladder.lines, runs, strict=True)}
    assert labels[1.0] == "α = 1: diverged at step 27" and labels[0.3] == "α = 0.3: converged in 295"


def test_the_largest_safe_alpha_is_marked_thick_with_a_star(ax):
    runs, J_star = scaled_ladder()
    assert plots_features.largest_safe_alpha(runs) == 0.3
    ladder = plots_features.plot_ladder(ax, runs, J_star=J_star)
    thick = [line for line in ladder.lines if line.get_linewidth() > 3]
    assert len(thick) == 1 and thick[0].get_label().startswith("α = 0.3")
    assert ladder.safe.get_label() == "largest safe α = 0.3" and ladder.safe.get_marker() == "*"
    np.testing.assert_allclose(ladder.safe.get_xdata(), [thick[0].get_xdata()[-1]])


def test_a_ladder_with_no_safe_rung_says_so_and_the_setters_move_every_curve(ax):
    runs, J_star = scaled_ladder(300)
    ladder = plots_features.plot_ladder(ax, runs, J_star=J_star)
    raw = diagnostics.run_ladder(X, Y, num_iters=50)
    assert plots_features.largest_safe_alpha(raw) is None
    ladder.update(raw)
    assert ladder.safe.get_label() == "no safe α on this ladder" and len(ladder.safe.get_xdata()) == 0
    for line, (_, result, _) in zip(ladder.lines, raw, strict=True):
        np.testing.assert_array_equal(line.get_ydata(), result.J_history)
        assert "diverged" in line.get_label()
    with pytest.raises(ValueError, match="rungs"):
        ladder.update(raw[:3])


def test_the_ladder_without_a_floor_draws_the_cost_itself(ax):
    runs, _ = scaled_ladder(200)
    ladder = plots_features.plot_ladder(ax, runs, log=False)
    assert ax.get_yscale() == "linear" and ax.get_ylabel() == "cost J"
    np.testing.assert_array_equal(ladder.lines[0].get_ydata(), runs[0][1].J_history)


# --- a fitted curve -------------------------------------------------------------------------------


def test_the_curve_fit_draws_training_and_hollow_held_out_points_and_moves_the_curve(ax):
    x, y = np.array([0.0, 1.0, 2.0]), np.array([1.0, 2.0, 5.0])
    xs = np.linspace(0, 2, 5)
    fit = plots_features.plot_curve_fit(ax, x, y, xs, xs**2 + 1, x_held=[0.5, 1.5], y_held=[1.2, 3.3])
    np.testing.assert_array_equal(fit.train.get_xdata(), x)
    np.testing.assert_array_equal(fit.held_out.get_ydata(), [1.2, 3.3])
    assert fit.held_out.get_markerfacecolor() == "white"
    assert fit.held_out.get_marker() != fit.train.get_marker()
    fit.update(xs, 2 * xs)
    np.testing.assert_array_equal(fit.curve.get_ydata(), 2 * xs)
    assert fit.artists == (fit.train, fit.held_out, fit.curve)
    alone = plots_features.plot_curve_fit(ax, x, y, xs, xs, label="mine")
    assert alone.held_out is None and alone.curve.get_label() == "mine" and len(alone.artists) == 2
