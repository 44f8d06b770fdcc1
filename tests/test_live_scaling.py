"""ScalingExplorer (Episode 6), driven as a learner would: scaling buttons, α, a click, Step / Play / Reset.

Every number is checked against the math core computed independently here: the scalers, the closed
form of descent, ``condition_number`` and ``max_stable_alpha``.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from live_sharing import fresh
from matplotlib.backend_bases import MouseEvent

import helpers
from helpers import widgets as gw
from helpers.fastpath import QuadraticDescent
from helpers.linear import cost_hessian
from helpers.scaling import SCALINGS, fit_scaler

X, Y, NAMES = helpers.load_house_features()
PAIR = [NAMES.index("size_sqft"), NAMES.index("age_years")]
RAW = X[:, PAIR]  # what Episode 6 passes: the size and the age, unscaled


def scaled(kind):
    """The size and age, centred, then divided by the spread of ``kind``: as Episode 6 computes them."""
    return (RAW - RAW.mean(axis=0)) / fit_scaler(RAW, kind).spread


def oracle(kind, alpha, start=(0.0, 0.0), num_iters=20_000):
    return QuadraticDescent(scaled(kind), Y).run(np.array(start), Y.mean(), alpha, num_iters)


def text(explorer) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", explorer.readout.value).split())


# ------------------------------------------------------------- one explorer, shared (live_sharing.py)




@pytest.fixture
def explorer(shared, undrawn):
    """Episode 6's explorer as it opens (one for the module, put back before each test), made
    ``undrawn``: these tests check its numbers, artists' data and words; ``own`` is painted."""
    return fresh(shared, "episode 6", episode_6)


def episode_6():
    return gw.ScalingExplorer(RAW, Y, names=("size", "age"))


@pytest.fixture
def own():
    """An explorer of this test's own, for a test whose checks depend on what was drawn before."""
    made = episode_6()
    yield made
    made.close()


def test_it_opens_on_no_scaling_at_half_the_largest_stable_alpha(explorer):
    limit = helpers.max_stable_alpha(scaled("none"))
    assert explorer.scaling_buttons.value == "none" and explorer.alpha_slider.value == limit / 2
    shown = text(explorer)
    assert "the valley is 31.3× longer than wide" in shown and "3.06×10⁻⁶ (set by size)" in shown
    assert "converged after 12,757 steps" in shown  # the figure of section 7 quotes this run
    np.testing.assert_allclose(explorer.path_.points.get_xydata()[:201],
                               oracle("none", limit / 2).w_history[:201], rtol=1e-9, atol=1e-12)


def test_the_states_the_episode_quotes(explorer, shared):
    """Section 6 runs no scaling at 90 % of its largest stable α; section 7 each scaling at half."""
    explorer.update(alpha=0.9 * explorer.scaled.limit)
    shown = text(explorer)
    assert "31.3× longer than wide" in shown and "3.06×10⁻⁶ (set by size)" in shown
    assert "after 7,085 steps" in shown
    quoted = {"max": ("1.28", "2 (set by b)", "354"), "mean": ("1.07", "2 (set by b)", "241"),
              "zscore": ("1.01", "1.971 (set by size and age)", "6")}
    again = fresh(shared, "episode 6", episode_6)  # as new: α is half the largest stable one again
    for kind, (kappa, limit, n) in quoted.items():
        again.update(scaling=kind)
        shown = text(again)
        assert f"is {kappa}× longer than wide" in shown and limit in shown, kind
        assert f"converged after {n} steps" in shown, kind
        assert again.alpha_slider.value == helpers.max_stable_alpha(scaled(kind)) / 2


def test_the_readout_numbers_match_the_math_core(explorer):
    for kind in SCALINGS:
        explorer.update(scaling=kind)
        Xs = scaled(kind)
        shown = text(explorer)
        H = cost_hessian(Xs)  # b held at its best value: the weights travel their own two directions
        weights = np.linalg.eigvalsh(H[:2, :2])  # b's curvature caps α but draws no contour
        assert f"the valley is {np.sqrt(weights[1] / weights[0]):,.3g}× longer than wide" in shown
        assert f"{gw.fmt(helpers.max_stable_alpha(Xs))} (set by" in shown
        run = oracle(kind, explorer.alpha_slider.value)
        assert f"w₁ = {gw.fmt(run.w[0])}, w₂ = {gw.fmt(run.w[1])}" in shown.replace("  ", " ")
        assert f"J = {gw.fmt(run.J)};" in shown.replace("  ", " ")
        slope = np.linalg.norm(np.append(*helpers.compute_gradient(Xs, Y, run.w, run.b)))
        assert f"|∇J| = {gw.fmt(slope)}" in shown


def test_switching_the_scaling_swaps_the_contours_the_window_and_the_alpha_notches(explorer):
    before = explorer.ax_contour.get_xlim()
    explorer.update(scaling="zscore")
    visible = [kind for kind, contours in explorer.contours_.items() if contours.get_visible()]
    assert visible == ["zscore"] and explorer.ax_contour.get_xlim() != before
    lo, hi = explorer.alpha_slider.alpha_range
    limit = helpers.max_stable_alpha(scaled("zscore"))
    assert lo <= 0.01 and hi == 2 * limit
    assert 1.0 in [v for _, v in explorer.alpha_slider.options]
    assert "1.971 (set by size and age)" in explorer.hints["alpha"].value
    # equal axes: one unit of w₁ as long as one of w₂
    (x0, x1), (y0, y1) = explorer.ax_contour.get_xlim(), explorer.ax_contour.get_ylim()
    assert x1 - x0 == pytest.approx(y1 - y0) and explorer.ax_contour.get_aspect() == 1.0
    w_star = helpers.least_squares(scaled("zscore"), Y)[0]
    np.testing.assert_allclose(explorer.minimum_.get_xydata()[0], w_star)
    explorer.update(scaling="none")
    assert explorer.alpha_slider.alpha_range[1] < 1e-5 and "(set by size)" in explorer.hints["alpha"].value


def test_the_learners_alpha_is_kept_as_a_fraction_of_the_largest_stable_one(explorer):
    limit = explorer.scaled.limit
    explorer.update(alpha=3e-6)  # a notch: 0.98 of the largest stable α
    explorer.update(scaling="max")
    assert explorer.alpha_slider.value == pytest.approx(2.0 * 3e-6 / limit)
    explorer.update(scaling="mean", alpha=0.5)  # both at once: α is checked against the new slider
    assert explorer.alpha_slider.value == 0.5 and explorer.result.alpha == 0.5
    with pytest.raises(ValueError, match="outside this explorer's slider"):
        explorer.update(scaling="none", alpha=0.5)
    assert explorer.scaling_buttons.value == "mean"  # refused: nothing changed
    with pytest.raises(ValueError, match="not one of this explorer's choices"):
        explorer.update(scaling="robust")


def test_the_path_and_the_cost_curve_are_the_closed_form_run(explorer):
    explorer.update(scaling="mean", alpha=1.5, w1=300.0, w2=100.0, num_iters=500)
    run = oracle("mean", 1.5, (300.0, 100.0), 500)
    np.testing.assert_allclose(explorer.path_.points.get_xydata(), run.w_history, rtol=1e-10)
    np.testing.assert_allclose(explorer.path_.start.get_xydata()[0], (300.0, 100.0))
    k, gap = explorer.history_.get_data()
    np.testing.assert_array_equal(k, np.arange(1, run.iterations + 1))
    J_star = QuadraticDescent(scaled("mean"), Y).J_star
    floor = explorer.ax_history.get_ylim()[0]
    np.testing.assert_allclose(gap, np.maximum(run.J_history[1:] - J_star, floor), rtol=1e-9)


def test_a_long_run_draws_the_first_steps_each_and_thins_the_rest(explorer):
    assert explorer.result.iterations == 12_757
    drawn = explorer.path_.points.get_xydata()
    w = explorer.result.w_history
    np.testing.assert_array_equal(drawn[:201], w[:201])  # the zig-zag across the valley, step by step
    assert len(drawn) <= 201 + explorer.MAX_DRAWN and (drawn[-1] == w[-1]).all()
    assert f"then {explorer.MAX_DRAWN:,} of the other" in text(explorer)


def test_an_alpha_above_the_limit_diverges_and_draws_no_nan(explorer):
    explorer.update(alpha=explorer.alpha_slider.alpha_range[1])
    assert explorer.result.diverged and "diverged at step" in text(explorer)
    for line in (explorer.path_.points, explorer.point_, explorer.history_):
        assert np.isfinite(line.get_xydata()).all()


def test_step_play_and_reset_walk_the_run(explorer):
    explorer.update(scaling="zscore")
    run = explorer.result
    explorer.reset()
    assert explorer.current == 0 and "k = 0 of 6" in text(explorer)
    np.testing.assert_array_equal(explorer.point_.get_xydata()[0], (0.0, 0.0))
    explorer.step()
    np.testing.assert_allclose(explorer.point_.get_xydata()[0], run.w_history[1])
    assert len(explorer.path_.points.get_xydata()) == 2 and "k = 1 of 6" in text(explorer)
    explorer.play()
    assert explorer.current == 6 and "converged after 6 steps" in text(explorer)


def test_a_click_on_the_contours_sets_the_start_and_a_new_scaling_keeps_its_model(explorer):
    ax = explorer.ax_contour
    px, py = ax.transData.transform((0.3, -1.0))
    MouseEvent("button_press_event", explorer.fig.canvas, px, py, button=1)._process()
    w1, w2 = explorer.w1_slider.value, explorer.w2_slider.value
    assert (w1, w2) == pytest.approx((0.3, -1.0), abs=1e-9) and explorer.last_error is None
    assert f"from the start ({gw.fmt(w1)}, {gw.fmt(w2)})" in text(explorer)  # even where the end is the same
    np.testing.assert_allclose(explorer.path_.start.get_xydata()[0], (w1, w2))
    explorer.update(scaling="zscore")
    spread = fit_scaler(RAW, "zscore").spread
    same = np.array([w1, w2]) * spread  # the same predictions in z-score units
    np.testing.assert_allclose([explorer.w1_slider.value, explorer.w2_slider.value], same)
    assert explorer.w1_slider.min <= same[0] <= explorer.w1_slider.max
    np.testing.assert_allclose(explorer.result.w_history[0], same)


def test_it_takes_two_raw_columns_and_says_what_to_pass():
    with pytest.raises(ValueError, match="exactly two"):
        gw.ScalingExplorer(X, Y)
    with pytest.raises(ValueError, match="pick one of"):
        gw.ScalingExplorer(RAW, Y, scaling="robust")
    constant = RAW.copy()
    constant[:, 1] = 5.0
    with pytest.raises(ValueError, match="same value"):
        gw.ScalingExplorer(constant, Y)


def test_more_iterations_after_a_run_that_ended_keep_that_run_and_fewer_cut_it(explorer):
    explorer.update(scaling="max")  # converged after 354 steps
    explorer.update(num_iters=30_000)
    assert explorer.result.converged and explorer.result.stopped_at == 354 and explorer.current == 354
    explorer.update(num_iters=100)
    assert explorer.result.out_of_steps and explorer.result.iterations == 100
    short = oracle("max", 1.0, num_iters=100)
    np.testing.assert_allclose(explorer.path_.points.get_xydata(), short.w_history)
    explorer.update(num_iters=400)
    assert explorer.result.converged and explorer.result.stopped_at == 354


def test_after_switching_scalings_the_blitted_frame_is_what_a_full_draw_paints(own):
    """A title set while switching keeps the course style's padding, so a background kept from
    before (a scaling seen again) matches a picture drawn from scratch."""
    import io
    import pickle

    from PIL import Image

    for kind in ("max", "none", "zscore", "none"):
        own.update(scaling=kind)
    own.play()
    live = np.asarray(own.fig.canvas.buffer_rgba())[..., :3].astype(int)
    copy, buffer = pickle.loads(pickle.dumps(own.fig)), io.BytesIO()
    with helpers.plots.course_style():
        copy.savefig(buffer, format="png", dpi=copy.dpi)
    fresh = np.asarray(Image.open(buffer).convert("RGB")).astype(int)
    assert int((np.abs(live - fresh).max(axis=-1) > 64).sum()) <= 20
