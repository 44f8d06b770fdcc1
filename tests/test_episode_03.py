"""Episode 3, the learning rate: the notebook's own code agrees with the package, and each claim
of its prose is what the package computes."""

from __future__ import annotations

import re

import numpy as np
import pytest
from notebook_reading import (
    cell_containing,
    code_cells,
    load,
    markdown,
    notebook_functions,
    output_of,
    prose,
    source,
)

import helpers
from helpers import plots

EPISODE = 3


def bowl():
    return helpers.bowl()


# --- the threshold, in terms of the curvature J'' ---------------------------------------------------


@pytest.mark.parametrize("a", [0.25, 1.0, 2.5, 4.0])
def test_the_solution_of_exercise_3_2_is_two_over_the_curvature_and_the_divergence_edge(a):
    threshold_alpha = notebook_functions(EPISODE)["threshold_alpha"]
    cost = helpers.bowl(curvature=a)  # J = a·(w - 3)², so J'' = 2a
    d2J = float(cost.d2J_dw2(3.0))
    assert d2J == pytest.approx(2 * a)
    limit = threshold_alpha(d2J)
    assert limit == pytest.approx(2 / d2J) and limit == pytest.approx(cost.alpha_max)
    assert cost.descend(0.0, 0.97 * limit, 100_000).converged
    assert cost.descend(0.0, 1.03 * limit, 100_000).diverged


def test_curvature_means_the_second_derivative_everywhere():
    text = prose(EPISODE)
    assert "the slope of the slope, called the **second derivative** $J''$" in text
    assert "its **curvature**; this bowl has $J'' = 2$ everywhere" in text
    assert "the curvature $J'' = 2a$" in text and "$$\\alpha_{\\max} = \\frac{2}{J''} .$$" in text
    assert "1/a" not in text and "\\frac{1}{a}" not in text and "curvature $a$" not in text
    assert float(bowl().d2J_dw2(0.0)) == 2.0 and bowl().alpha_max == 2 / 2.0
    printed = output_of(EPISODE, "so 2 / J'' =")
    assert "J'' = 2, so 2 / J'' = 1; cost.alpha_max = 1" in printed


def test_exercise_3_2_asks_for_the_threshold_of_a_curvature():
    exercise = source(cell_containing(load(EPISODE), "### Exercise 3.2", kind="markdown"))
    assert (
        "`threshold_alpha(d2J)` takes the curvature $J''$ of a bowl and returns the largest $\\alpha$ "
        "that does\nnot diverge."
    ) in exercise
    assert "$1 - \\alpha J''$" in exercise


@pytest.mark.parametrize("alpha", [0.05, 0.1, 0.3, 0.7, 0.9])
def test_each_step_multiplies_the_distance_by_one_minus_alpha_times_j2(alpha):
    run = bowl().descend(0.0, alpha, 5)
    distances = run.w_history - 3.0
    np.testing.assert_allclose(distances[1:] / distances[:-1], 1 - alpha * 2.0)
    assert "$0.8 = 1 - 2\\alpha$" in markdown(load(EPISODE))


# --- too small, too large -------------------------------------------------------------------------


def test_ten_times_smaller_alpha_about_ten_times_more_steps():
    steps = {a: bowl().descend(0.0, a, 100_000).stopped_at for a in (0.001, 0.01, 0.1)}
    assert "Ten times smaller $\\alpha$, about ten times more steps." in prose(EPISODE)
    assert 8 < steps[0.01] / steps[0.1] < 12 and 8 < steps[0.001] / steps[0.01] < 12


def test_overshoot_bounce_and_blow_up_from_the_first_step():
    cost = bowl()
    assert "**further away** (4.2)" in prose(EPISODE)
    assert abs(helpers.step(0.0, cost.dJ_dw(0.0), 1.2) - 3) == pytest.approx(4.2)
    assert helpers.step(0.0, cost.dJ_dw(0.0), 0.75) == pytest.approx(4.5)
    bounce = cost.descend(0.0, 1.0, 6).w_history
    np.testing.assert_allclose(np.abs(bounce - 3), 3.0)


def test_just_below_the_threshold_is_as_slow_as_a_timid_alpha():
    assert "only after about 900 steps of zig-zag, as many as the timid $\\alpha = 0.01$ needs" in prose(
        EPISODE
    )
    near, timid = bowl().descend(0.0, 0.99, 100_000), bowl().descend(0.0, 0.01, 100_000)
    assert near.converged and near.stopped_at == timid.stopped_at and 850 < near.stopped_at < 950


def test_the_fewest_steps_are_one_at_alpha_one_half():
    assert "so the run has converged after a single step" in prose(EPISODE)
    run = bowl().descend(0.0, 0.5, 100)
    assert run.converged and run.stopped_at == 1 and run.slope == 0
    figure = output_of(EPISODE, "alphas = np.sort(np.append(")
    assert "from about 900 at α = 0.01 to its lowest, 1, at α = 0.5" in figure
    assert bowl().descend(0.0, 0.01, 100_000).stopped_at == pytest.approx(900, abs=20)


def test_the_steps_shrink_by_the_same_factor_and_alpha_0_3_stops_after_21():
    figure = output_of(EPISODE, "The steps shrink although α stays fixed")
    assert "which stops after 21 steps" in figure and bowl().descend(0.0, 0.3, 60).stopped_at == 21


# --- the trap: flat is not finished -----------------------------------------------------------------


def test_a_flat_learning_curve_from_a_tiny_alpha_is_not_convergence():
    text = prose(EPISODE)
    assert "### The trap: flat is not finished" in markdown(load(EPISODE))
    good, timid = bowl().descend(0.0, 0.3, 100), bowl().descend(0.0, 0.0001, 100)
    assert good.converged and not timid.converged and timid.out_of_steps
    # Both curves are flat on the scale of the cost: each last step changes J by under 0.1 % of J(0).
    for run in (good, timid):
        assert abs(run.J_history[-1] - run.J_history[-2]) < 1e-3 * run.J_history[0]
    # The three tell-tales the prose lists.
    assert "with $\\alpha = 0.0001$ it is still about $-5.9$, nearly as steep as at the start ($-6$)" in text
    assert timid.slope == pytest.approx(-5.9, abs=0.05) and timid.start_slope == -6
    assert "the timid run moved $w$ by 0.06, of the 3 it has to go" in text
    assert timid.moved == pytest.approx(0.06, abs=0.005)
    drops = -np.diff(timid.J_history)
    assert "falls by the same amount at every step" in text
    assert np.all(drops > 0) and drops.min() > 0.95 * drops.max()
    assert "*out of steps* when the iterations ran out first, as here" in text


def test_the_trap_outputs_are_what_the_package_says():
    printed = output_of(EPISODE, "timid = cost.descend(w_in=0.0, alpha=0.0001, num_iters=100)")
    assert "α = 0.3:    converged after" in printed and "α = 0.0001: out of steps after 100 steps" in printed
    stalled = helpers.bowl().descend(0.0, 1e-10, 1000)
    assert stalled.stalled and stalled.stopped_at == 1
    assert output_of(EPISODE, "alpha=1e-10").strip() == stalled.status
    assert "the run has **stalled**" in prose(EPISODE)


def test_converged_is_defined_by_the_slope_with_the_package_tolerance():
    text = prose(EPISODE)
    assert (
        "a run has **converged** only when the slope is close to zero: at most `helpers.GRADIENT_TOL` "
        "(a hundred-millionth) of its size at the start"
    ) in text
    assert helpers.GRADIENT_TOL == 1e-8


# --- the start, and choosing alpha in practice ------------------------------------------------------


def test_a_start_a_thousand_times_further_costs_about_thirty_steps_to_the_same_closeness():
    text = prose(EPISODE)
    assert "Only about 30 more steps." in text and "$0.8^{31} \\approx 1/1000$" in markdown(load(EPISODE))
    assert 0.8**31 == pytest.approx(1e-3, rel=0.01)
    printed = output_of(EPISODE, "near = np.abs(result.w_history - 3.0) < 1e-5")
    within = {
        float(s): int(k)
        for s, k in re.findall(r"start w =\s+(-?[\d.]+): within 0.00001 after\s+(\d+)", printed)
    }
    for w_start, k in within.items():
        history = bowl().descend(w_start, 0.1, 10_000).w_history
        assert np.abs(history[k] - 3) < 1e-5 <= np.abs(history[k - 1] - 3)
    assert within[-97.0] - within[2.9] == 31
    # and "All four runs report the same number of steps to converge"
    assert "All four runs report the same number of steps to converge" in text
    assert len({bowl().descend(w, 0.1, 10_000).stopped_at for w in within}) == 1


def test_the_ladder_keeps_the_largest_alpha_whose_cost_falls_every_step():
    text = prose(EPISODE)
    table = output_of(EPISODE, "ladder = [")
    falls = dict(re.findall(r"α = ([\d.]+)\s.*falls every step: (yes|no)", table))
    assert falls == {"0.01": "yes", "0.03": "yes", "0.1": "yes", "0.3": "yes", "1.0": "no"}
    x, _ = helpers.load_houses("two_houses.csv")
    assert "about 0.58" in text and helpers.max_stable_alpha(x) == pytest.approx(0.58, abs=0.005)
    assert "about 3× apart" in text and "largest $\\alpha$ whose $J$ falls at every iteration" in text


def test_log_axes_are_explained_before_the_first_one():
    cells = load(EPISODE)["cells"]
    first_log = next(i for i, c in enumerate(cells) if c["cell_type"] == "code" and "log" in source(c))
    explained = [i for i, c in enumerate(cells) if "each gridline is 10× the one below" in source(c)]
    assert explained and explained[0] < first_log


def test_each_alpha_has_one_colour_and_marker_in_every_figure():
    cells = code_cells(load(EPISODE))
    assert sum("ALPHA_STYLE = {" in source(c) for c in cells) == 1
    setup = source(cells[0])
    scope = {"plots": plots}
    exec("colours = plots.OKABE_ITO\nALPHA_STYLE = {" + setup.split("ALPHA_STYLE = {", 1)[1], scope)
    styles = scope["ALPHA_STYLE"]
    assert len({s["color"] for s in styles.values()}) == len(styles)
    for cell in cells[1:]:
        code = source(cell)
        if "show_static(" in code and 'label=f"α = {alpha}' in code:
            assert "**ALPHA_STYLE[alpha]" in code and "color=" not in code.split("show_static(")[0]


# --- what the prose says of small steps, offsets and starts -------------------------------------------


@pytest.mark.parametrize("alpha", [0.001, 0.01, 0.1, 0.3, 0.49])
def test_any_alpha_below_one_half_brings_every_step_closer_from_one_side(alpha):
    w = bowl().descend(w_in=0.0, alpha=alpha, num_iters=200).w_history
    assert np.all(np.diff(np.abs(w - 3.0)) <= 0) and np.all(w <= 3.0)
    assert "Any $\\alpha$ between 0 and 0.5 brings every step closer on this bowl" in prose(EPISODE)


def test_a_tiny_alpha_stalls_and_the_smaller_alpha_the_more_steps():
    assert bowl().descend(w_in=0.0, alpha=1e-10, num_iters=1000).stalled
    steps = [bowl().descend(w_in=0.0, alpha=a, num_iters=100_000).stopped_at for a in (0.3, 0.1, 0.01)]
    assert steps[0] < steps[1] < steps[2]
    assert "(and a tiny one stalls, as you will see)" in prose(EPISODE)


def test_the_first_30_steps_of_the_timid_run_reach_about_1_4():
    w = bowl().descend(w_in=0.0, alpha=0.01, num_iters=30).w
    assert round(w, 1) == 1.4
    assert "creep from w = 0 to about w = 1.4" in output_of(EPISODE, 'ax_curve.set_title("The first 30 steps')


def test_the_good_run_of_the_flat_curves_stops_at_step_21():
    assert bowl().descend(w_in=0.0, alpha=0.3, num_iters=100).stopped_at == 21
    assert "($\\alpha = 0.3$ converges and stops after 21)" in prose(EPISODE)
    assert "the run stops at step 21" in output_of(EPISODE, 'title="Both learning curves end flat"')


def test_a_start_at_the_bottom_has_converged_by_the_second_clause_of_the_rule():
    run = bowl().descend(w_in=3.0 + 1e-12, alpha=0.1, num_iters=10)
    assert run.converged and run.stopped_at == 0
    said = "or so small that a step could no longer change $J$ noticeably (which covers a start already"
    assert said in prose(EPISODE)


@pytest.mark.parametrize("alpha", [0.3, 0.75, 0.95, 1.2])
def test_each_step_multiplies_the_offset_by_one_minus_two_alpha(alpha):
    w = bowl().descend(w_in=0.0, alpha=alpha, num_iters=6).w_history
    np.testing.assert_allclose((w[1:] - 3) / (w[:-1] - 3), 1 - 2 * alpha)
    text = prose(EPISODE)
    assert "**Every step multiplies the offset from the bottom by the same factor $1 - 2\\alpha$**" in text
    assert "multiplies the distance $|w - 3|$ by $|1 - 2\\alpha|$" in text


def test_either_side_of_one_half_the_first_steps_land_apart_but_take_as_many_steps():
    runs = [bowl().descend(w_in=0.0, alpha=a, num_iters=100) for a in (0.45, 0.55)]
    assert runs[0].w_history[1] < 3 < runs[1].w_history[1]
    assert runs[0].stopped_at == runs[1].stopped_at
    assert "Does either need fewer steps?" in prose(EPISODE)


def test_the_ladder_keeps_an_alpha_within_about_three_of_the_threshold():
    ladder = np.array(helpers.diagnostics.ALPHA_LADDER)
    ratios = ladder[1:] / ladder[:-1]
    assert 2.99 < ratios.min() and ratios.max() < 3.4
    assert "within a factor of about 3 of the threshold" in prose(EPISODE)


def test_the_summary_s_steps_to_get_close_are_the_printed_ones():
    printed = output_of(EPISODE, "for w_start in [2.9, 0.0, -5.0, -97.0]:")
    steps = [int(k) for k in re.findall(r"within 0.00001 after\s+(\d+) steps", printed)]
    assert (min(steps), max(steps)) == (42, 73) and printed.count("converged after 83 steps") == 4
    said = "within a fixed\n  distance of the bottom (42 to 73 here), not the steps to converge"
    assert said in markdown(load(EPISODE))
