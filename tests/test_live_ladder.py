"""LadderExplorer (Episode 7): every rung of the α ladder at once, against the math core."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from live_sharing import fresh

import helpers
from helpers import diagnostics, plots_features
from helpers import widgets as gw
from helpers.fastpath import QuadraticDescent
from helpers.live.ladder import cut
from helpers.scaling import fit_scaler

X, Y, _ = helpers.load_house_features()
XS = fit_scaler(X, "zscore").transform(X)
J_STAR = QuadraticDescent(XS, Y).J_star


# ------------------------------------------------------------- one explorer, shared (live_sharing.py)




@pytest.fixture
def explorer(shared, undrawn):
    """The notebook's ladder explorer as it opens (one for the module, put back before each test),
    made ``undrawn``: these tests check its numbers, artists' data and words, not pixels."""
    return fresh(shared, "notebook", lambda: gw.LadderExplorer(X, Y, XS, num_iters=1000))


def shown(explorer):
    """{α: (verdict, stopped_at)} as the explorer holds them."""
    return {alpha: (verdict, result.stopped_at) for alpha, result, verdict in explorer.runs}


def test_it_opens_on_the_notebook_s_ladder_and_says_so(explorer):
    expected = diagnostics.run_ladder(XS, Y, num_iters=1000)
    assert shown(explorer) == {alpha: (verdict, run.stopped_at) for alpha, run, verdict in expected}
    assert shown(explorer)[0.3] == ("converged", 295) and shown(explorer)[0.1] == ("converged", 899)
    assert shown(explorer)[1.0] == ("diverged", 27)
    assert explorer.safe_alpha == 0.3 == plots_features.largest_safe_alpha(expected)
    text = explorer.readout.value
    assert "converged in 295 steps" in text and "diverged at step 27: lower α" in text
    assert "<b>largest safe α</b> = 0.3 (converges in 295 steps)" in text
    assert "α = 0.3 ★" in text and text.count("★") == 1
    assert "the largest safe α is 0.3" in explorer.describe()


def test_every_curve_is_its_run_s_cost_above_the_lowest(explorer):
    expected = diagnostics.run_ladder(XS, Y, num_iters=1000)
    for line, (_, run, _) in zip(explorer.ladder_.lines, expected, strict=True):
        k, J = line.get_data()
        assert k[0] == 0 and k[-1] == run.iterations
        np.testing.assert_allclose(J, np.maximum(run.J_history[k] - J_STAR, 1e-14), rtol=1e-9)
    thick = [line.get_linewidth() for line in explorer.ladder_.lines]
    assert thick[diagnostics.ALPHA_LADDER.index(0.3)] == max(thick) and thick.count(max(thick)) == 1
    k, J = explorer.ladder_.safe.get_data()
    assert list(k) == [295]


@functools.cache
def full_ladder() -> tuple:
    """Every rung run for the most steps the explorer allows (computed once for all the cuts)."""
    descent = QuadraticDescent(XS, Y)
    return descent, [descent.run(np.zeros(4), 0.0, alpha, 5000) for alpha in diagnostics.ALPHA_LADDER]


@pytest.mark.parametrize("num_iters", [0, 1, 26, 27, 294, 295, 898, 900, 3014, 5000])
def test_a_ladder_cut_to_fewer_steps_is_the_ladder_run_with_fewer_steps(num_iters):
    descent, runs = full_ladder()
    for alpha, full in zip(diagnostics.ALPHA_LADDER, runs, strict=True):
        short, direct = cut(full, num_iters, descent), descent.run(np.zeros(4), 0.0, alpha, num_iters)
        assert (short.outcome, short.stopped_at) == (direct.outcome, direct.stopped_at)
        np.testing.assert_allclose(short.p_history, direct.p_history, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(short.slope, direct.slope, rtol=1e-6, atol=1e-9)
        assert diagnostics.verdict(short) == diagnostics.verdict(direct)


def test_the_steps_slider_turns_slow_rungs_converged_and_moves_the_axis(explorer):
    explorer.update(num_iters=5000)
    assert shown(explorer)[0.03] == ("converged", 3014) and shown(explorer)[1.0] == ("diverged", 27)
    assert explorer.ax_ladder.get_xlim()[1] == pytest.approx(5100)
    explorer.update(num_iters=100)
    assert {v for v, _ in shown(explorer).values()} == {"slow", "diverged"} and explorer.safe_alpha == 0.3
    assert "still slow" in explorer.readout.value
    assert explorer.ax_ladder.get_xlim()[1] == pytest.approx(102)


def test_raw_features_diverge_on_every_rung_until_the_ladder_moves_down_a_million_times(explorer):
    explorer.update(features="raw")
    assert all(v == ("diverged", 1) for v in shown(explorer).values()) and explorer.safe_alpha is None
    assert "none on this ladder; move the ladder down" in explorer.readout.value
    assert "none is safe" in explorer.describe()
    explorer.update(shift=-6)
    low = diagnostics.run_ladder(X, Y, alphas=[a * 1e-6 for a in diagnostics.ALPHA_LADDER], num_iters=1000)
    assert [v for v, _ in shown(explorer).values()] == [v for _, _, v in low]
    assert explorer.safe_alpha == pytest.approx(3e-7) and explorer.ladder_alphas()[1] == 3e-9
    assert "rungs from α = 1×10⁻⁹ to 1×10⁻⁶" in explorer.hints["shift"].value
    assert "α = 3×10⁻⁷ ★" in explorer.readout.value


def test_scaling_moves_the_whole_ladder(explorer):
    explorer.update(shift=-6)
    assert {v for v, _ in shown(explorer).values()} == {"slow"}
    explorer.update(features="raw")
    raw_safe = explorer.safe_alpha
    explorer.update(features="z-scored", shift=0)
    assert explorer.safe_alpha / raw_safe == pytest.approx(1e6)


def test_a_diverged_rung_draws_no_nan_and_stays_on_the_log_axis(explorer):
    for values in ({"features": "raw"}, {"shift": 1}, {"features": "z-scored"}):
        explorer.update(**values)
        for line in explorer.ladder_.lines:
            k, J = line.get_data()
            assert np.all(np.isfinite(J)) and np.all(J > 0) and len(k) == len(J) >= 1


def test_step_play_and_reset_walk_every_curve_at_once(explorer):
    explorer.reset()
    assert explorer.current == 0
    assert all(len(line.get_xdata()) == 1 for line in explorer.ladder_.lines)
    explorer.step()
    assert all(list(line.get_xdata()) == [0, 1] for line in explorer.ladder_.lines)
    assert "k = 1 of 1,000" in explorer.readout.value
    explorer.play()
    assert explorer.current == explorer.last_index() == 1000
    rungs = zip(explorer.ladder_.lines, explorer.runs, strict=True)
    lengths = {alpha: line.get_xdata()[-1] for line, (alpha, _, _) in rungs}
    assert lengths[1.0] == 27 and lengths[0.3] == 295 and lengths[0.001] == 1000


def test_a_click_shows_every_curve_up_to_the_iteration_clicked(explorer):
    explorer.click(300.4)
    assert explorer.current == 300 and "k = 300 of 1,000" in explorer.readout.value
    rungs = dict(zip((a for a, _, _ in explorer.runs), explorer.ladder_.lines, strict=True))
    assert rungs[0.001].get_xdata()[-1] == 300 and rungs[0.3].get_xdata()[-1] == 295
    explorer.click(-50)
    assert explorer.current == 0
    explorer.click(1e9)
    assert explorer.current == 1000
    assert explorer.clicked_axes() == (explorer.ax_ladder,)


def test_values_it_cannot_show_are_refused_and_change_nothing(explorer):
    with pytest.raises(ValueError, match="whole number"):
        explorer.update(shift=0.5)
    with pytest.raises(ValueError, match="outside this explorer's slider"):
        explorer.update(shift=-9)
    with pytest.raises(ValueError, match="not one of this explorer's choices"):
        explorer.update(features="max")
    with pytest.raises(TypeError, match="it takes shift, features, num_iters"):
        explorer.update(alpha=0.1)
    assert shown(explorer)[0.3] == ("converged", 295)
    assert explorer.shift_slider.value == 0 and explorer.features_toggle.value == "z-scored"


def test_it_makes_the_z_scores_itself_and_checks_its_ladder():
    made = gw.LadderExplorer(X, Y, features="raw", shift=-6)
    try:
        assert made.features_toggle.value == "raw" and made.shift_slider.value == -6
        assert made.safe_alpha == pytest.approx(3e-7)
        made.update(features="z-scored", shift=0)
        assert made.safe_alpha == 0.3
    finally:
        made.close()
    with pytest.raises(ValueError, match="positive learning rates"):
        gw.LadderExplorer(X, Y, alphas=[0.1, -1.0])
    with pytest.raises(ValueError, match="outside this explorer's slider"):
        gw.LadderExplorer(X, Y, shift=4)


