"""Episode 4, local minima: the notebook's own code agrees with the package, and each claim of its
prose is what the package computes, including how firmly each valley holds a run."""

from __future__ import annotations

import re

import numpy as np
import pytest
from notebook_reading import (
    code_cells,
    load,
    markdown,
    namespace,
    notebook_functions,
    output_of,
    prose,
    run_cell,
    source,
)

import helpers

EPISODE = 4


def valleys():
    return helpers.two_valleys()


# --- the notebook's own code ----------------------------------------------------------------------


def test_the_hand_written_loop_over_all_starts_is_descend_many():
    _, scope = run_cell(EPISODE, "for _ in range(200)", namespace(cost=valleys()))
    w_final, diverged = helpers.descend_many(valleys().dJ_dw, scope["w_starts"], 0.1, 200)
    np.testing.assert_allclose(scope["w"], w_final)
    assert not diverged.any()


@pytest.mark.parametrize("w", [-1000.0, 0.0, 200.0, 512.5])
def test_the_regression_slope_in_w_is_compute_gradient_and_works_on_arrays(w):
    x, y = helpers.load_houses("two_houses.csv")
    slope_in_w = notebook_functions(EPISODE, x=x, y=y, b=100.0)["slope_in_w"]
    np.testing.assert_allclose(slope_in_w(w), helpers.compute_gradient(x, y, w, 100.0)[0])
    np.testing.assert_allclose(slope_in_w(np.array([w, w + 1.0])) - slope_in_w(w), [0.0, np.mean(x**2)])


def test_no_dense_numpy_is_left_unexplained():
    for cell in code_cells(load(EPISODE)):
        code = source(cell)
        assert "[..., None]" not in code and "axis=-1" not in code
        assert not re.search(r"\) [&|] \(|~\w", code), "boolean masks combined with & | ~"
        if "eigvalsh" in code:
            assert "# eigvalsh gives how sharply the bowl bends along its two main directions" in code


# --- two valleys, basins, and jumps -----------------------------------------------------------------


def test_the_landscape_the_prose_describes():
    cost = valleys()
    for w in (1.0, 3.5, 5.0):
        assert cost.dJ_dw(w) == 0
    assert cost.J(1.0) == pytest.approx(0, abs=1e-12) and cost.J(5.0) == pytest.approx(5.33, abs=0.005)
    assert "a cost 5.33 higher than it could have had" in " ".join(prose(EPISODE).split())
    assert cost.descend(3.0, 0.1, 200).w == pytest.approx(1.0) and cost.descend(
        4.0, 0.1, 200
    ).w == pytest.approx(5.0)


def test_the_basins_meet_at_the_hilltop_for_a_small_alpha():
    printed = output_of(EPISODE, "w_final, diverged = helpers.descend_many(")
    last, first = (float(v) for v in re.findall(r": (\d\.\d{4})", printed))
    assert last < 3.5 < first and first - last < 0.01
    assert "the border between the basins is the hilltop at $w = 3.5$" in prose(EPISODE)


def test_a_large_alpha_jumps_the_hill_from_the_steep_wall():
    cost = valleys()
    text = prose(EPISODE)
    assert cost.dJ_dw(-0.5) == pytest.approx(-33.0)
    assert "$0.15 \\times 33 = 4.95$ long: from $-0.5$ it lands at $4.45$" in text
    assert helpers.step(-0.5, cost.dJ_dw(-0.5), 0.15) == pytest.approx(4.45)
    assert cost.descend(-0.5, 0.15, 200).w == pytest.approx(5.0) and cost.descend(
        -0.5, 0.05, 200
    ).w == pytest.approx(1.0)


def test_from_about_alpha_0_13_starts_switch_valleys():
    w_starts = np.linspace(-0.5, 6.5, 2001)
    switched = {}
    for alpha in (0.05, 0.1, 0.13, 0.15, 0.18):
        w_end, _ = helpers.descend_many(valleys().dJ_dw, w_starts, alpha, 200)
        switched[alpha] = int(np.sum((w_starts < 3.5) != (w_end < 3.5)))
    assert switched[0.05] == switched[0.1] == 0 < switched[0.13] < switched[0.15] < switched[0.18]
    printed = output_of(EPISODE, "started_left = w_starts < 3.5")
    assert [int(n) for n in re.findall(r":\s+(\d+) of 2001", printed)] == list(switched.values())
    assert "switch valley from about α = 0.13" in prose(EPISODE)


# --- how firmly a minimum holds a run ---------------------------------------------------------------


@pytest.mark.parametrize("alpha", [0.01, 0.1, 1.0, 10.0])
def test_a_run_exactly_at_a_minimum_stays_whatever_alpha(alpha):
    cost = valleys()
    for w_min in cost.minima:
        assert helpers.step(w_min, cost.dJ_dw(w_min), alpha) == w_min
    assert "a run that sits *exactly* at a minimum stays there" in prose(EPISODE)


def test_the_seed_example_w_5_alpha_0_1():
    text = prose(EPISODE)
    assert "$$w \\leftarrow w - \\alpha \\, \\frac{dJ}{dw}(w) = 5 - 0.1 \\times 0 = 5$$" in markdown(
        load(EPISODE)
    )
    assert "Suppose a run has arrived at exactly $w = 5$, and $\\alpha = 0.1$." in text
    assert output_of(EPISODE, "w, alpha = 5.0, 0.1").splitlines()[-1] == "after one step: w = 5.0"


def test_the_two_valleys_bend_differently():
    cost = valleys()
    assert cost.d2J_dw2(1.0) == 10 and cost.d2J_dw2(5.0) == 6
    assert cost.stable_alpha_at(1.0) == pytest.approx(0.2) and cost.stable_alpha_at(5.0) == pytest.approx(
        1 / 3
    )
    text = prose(EPISODE)
    assert "$J''(1) = 10$, so with $\\alpha > 0.2$ the factor $|1 - 10\\alpha|$ is above 1" in text
    assert "J''(5) = 6" in text and "$$\\alpha < \\frac{2}{J''(w^*)} ,$$" in markdown(load(EPISODE))


@pytest.mark.parametrize("w_min", [1.0, 5.0])
def test_a_start_a_millionth_away_comes_back_just_below_two_over_j2_and_not_just_above(w_min):
    cost = valleys()
    limit = cost.stable_alpha_at(w_min)
    below = cost.descend(w_min + 1e-6, 0.97 * limit, 300)
    above = cost.descend(w_min + 1e-6, 1.03 * limit, 300)
    assert below.converged and below.w == pytest.approx(w_min, abs=1e-9)
    assert not above.converged and not above.diverged
    # Thrown out: the distance grows from a millionth to a bounce about 0.2 either side, for ever.
    bounce = np.abs(above.w_history[-20:] - w_min)
    assert bounce.min() > 0.1 and bounce.max() < 0.25
    assert np.all(np.sign(above.w_history[-20:] - w_min)[1:] != np.sign(above.w_history[-20:] - w_min)[:-1])


def test_the_prose_of_the_hair_away_runs():
    text = prose(EPISODE)
    assert "a millionth grows to about 0.2, and then the run bounces between two points either side" in text
    assert "(with a far larger α, such as 10, it blows up instead)" in text
    assert valleys().descend(1.0 + 1e-6, 10.0, 300).diverged
    printed = output_of(EPISODE, "for w_min in cost.minima:")
    assert printed.count("converged") == 3 and printed.count("out of steps") == 3


def test_a_gently_curved_valley_holds_a_run_that_a_sharply_curved_one_cannot():
    cost = valleys()
    deep, shallow = (cost.descend(w + 1e-6, 0.25, 300) for w in cost.minima)
    assert shallow.converged and shallow.w == pytest.approx(5.0)
    assert not deep.converged and abs(deep.w - 1.0) > 0.1
    late = cost.descend(1.0 + 1e-6, 0.25, 5000).w_history[-500:]
    assert np.abs(late - 1.0).max() < 0.85 and np.abs(late - 1.0).max() > 0.75, "up to 0.8 away, for ever"
    assert late.min() > 0.6 and late.max() < 1.85, "about w = 1, nowhere near the hilltop"
    text = prose(EPISODE)
    assert (
        "At $\\alpha = 0.25$ the gently curved shallow valley ($J'' = 6$) holds its run, and the sharply "
        "curved deep one ($J'' = 10$) never lets its run converge: the run bounces about $w = 1$, up to 0.8 "
        "away, for ever."
    ) in text
    assert "throws" not in text
    assert "as firmly as the global one" not in text and "absurd" not in text


# --- why a fixed alpha converges, and the one bowl of regression ------------------------------------


def test_near_a_bottom_each_step_keeps_the_same_fraction_of_the_distance():
    run = valleys().descend(4.0, 0.1, 30)
    distance = np.abs(run.w_history - 5.0)
    np.testing.assert_allclose(distance[-5:] / distance[-6:-1], 0.4, rtol=0.01)
    assert "$0.06 / 0.01 = 6$ per unit of $w$: $J''(5) = 6$" in prose(EPISODE)
    assert valleys().dJ_dw(5.01) == pytest.approx(0.06, abs=0.001)


def test_with_a_small_alpha_the_hilltop_is_the_border_between_the_basins():
    starts = np.linspace(-0.5, 6.5, 2001)
    w_end, _ = helpers.descend_many(valleys().dJ_dw, starts, 0.05, 2000)
    left, right = starts < 3.5, starts > 3.5
    assert np.allclose(w_end[left], 1.0, atol=1e-6) and np.allclose(w_end[right], 5.0, atol=1e-6)
    said = "every start left of it ends in the deep valley, every start right of it in the shallow one"
    assert said in prose(EPISODE)


def test_the_fixed_alpha_run_from_4_converges_after_26_steps_as_its_figure_says():
    assert valleys().descend(4.0, 0.1, 30).stopped_at == 26
    alt = output_of(EPISODE, "long_run = cost.descend(4.0, alpha=0.1, num_iters=30)")
    assert "for the 26 steps the run takes from w = 4 with α = 0.1 before it converges" in alt


def test_the_basins_explorer_runs_the_number_of_starts_the_prose_says():
    source_ = next(source(c) for c in load(EPISODE)["cells"] if "widgets.BasinsExplorer(" in source(c))
    assert "n_starts=2000" in source_ and "(all 2000 runs are recomputed" in prose(EPISODE)


def test_regression_s_one_bowl_holds_every_start_below_two_over_its_curvature():
    x, y = helpers.load_houses("two_houses.csv")
    slope = lambda w: w * np.mean(x**2) + np.mean((100.0 - y) * x)  # noqa: E731
    starts = np.linspace(-1000.0, 1000.0, 2001)
    w_end, blew_up = helpers.descend_many(slope, starts, 0.79, 3000)
    assert np.allclose(w_end, 200.0) and not blew_up.any()
    w_end, _ = helpers.descend_many(slope, starts, 0.81, 3000)
    away = np.abs(w_end - 200.0) > 1e6
    assert away.sum() == 2000 and not away[starts == 200.0].any(), "all but the start at the bottom run off"
    assert "as long as α stays below\n$2 / J'' = 0.8$" in markdown(load(EPISODE))


def test_regression_has_one_bowl():
    x, y = helpers.load_houses("two_houses.csv")
    assert np.mean(x**2) == 2.5 and "J'' of the regression cost: 2.50 at every w" in output_of(
        EPISODE, "def slope_in_w(w):"
    )
    w_end, blew_up = helpers.descend_many(
        lambda w: w * np.mean(x**2) + np.mean((100.0 - y) * x), np.linspace(-1000.0, 1000.0, 2001), 0.1, 300
    )
    assert np.all(np.isclose(w_end, 200.0)) and not blew_up.any()
    for name in ("two_houses.csv", "houses.csv"):
        curvatures = np.linalg.eigvalsh(helpers.cost_hessian(helpers.load_houses(name)[0]))
        assert np.all(curvatures > 0)
        assert helpers.max_stable_alpha(helpers.load_houses(name)[0]) == pytest.approx(2 / curvatures[-1])


def test_converged_is_the_one_word_for_arriving():
    text = markdown(load(EPISODE))
    assert not re.search(r"\bsettl", text), "say converge, the course's one word for it"
