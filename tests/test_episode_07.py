"""Episode 7, choosing α and checking convergence: the notebook's own code agrees with the package,
each claim of its prose is what the package computes, and its exercises cannot be answered by
copying a cell above them."""

from __future__ import annotations

import re

import numpy as np
import pytest
from notebook_reading import (
    cell_containing,
    code_cells,
    exercises,
    load,
    notebook_functions,
    output_of,
    prose,
    run_cell,
    source,
    tags,
)

import helpers
from helpers import diagnostics, plots_features, widgets
from helpers.exercises import episode7
from helpers.fastpath import QuadraticDescent
from helpers.scaling import fit_scaler, polynomial_features

EPISODE = 7
X, Y, NAMES = helpers.load_house_features()
XS = fit_scaler(X, "zscore").transform(X)
W0 = np.zeros(4)
x, y_curve, x_held, y_held = episode7.curve_data()
Z3 = polynomial_features((x - x.mean()) / x.std(), 3)


def lesson():
    """The functions the lesson writes (not the exercise solutions)."""
    return notebook_functions(EPISODE, solutions=False)


def run(alpha, num_iters=300, **kwargs):
    return helpers.gradient_descent(XS, Y, W0, 0.0, alpha, num_iters, **kwargs)


# --- the five shapes and the rule --------------------------------------------------------------------


def test_the_five_shapes_get_the_verdicts_the_notebook_prints():
    expected = {0.3: "converged", 0.003: "slow", 0.84: "oscillating", 1.0: "diverged", 1e-12: "stalled"}
    printed = output_of(EPISODE, 'shapes = {"smooth": 0.3')
    for alpha, verdict in expected.items():
        assert diagnostics.verdict(run(alpha)) == verdict
        assert re.search(rf"α = {alpha:<6g} verdict: {verdict}", printed), (alpha, printed)


def test_runs_stop_early_when_they_converge_diverge_or_stall():
    stops = {alpha: run(alpha).stopped_at for alpha in (0.3, 1.0, 1e-12, 0.003, 0.84)}
    assert stops == {0.3: 295, 1.0: 27, 1e-12: 1, 0.003: 300, 0.84: 300}
    assert "Here are five runs of up to 300 steps on the z-scored houses (a run stops early when it" in prose(
        EPISODE)
    summary = prose(EPISODE)
    assert "An oscillating run can look finished" in summary and "a loose **slope test**" in summary
    assert "(about ×3 per rung)" in summary


def test_the_shapes_look_as_the_alt_text_says():
    smooth, slow, diverging = run(0.3), run(0.003), run(1.0)
    J_best = QuadraticDescent(XS, Y).J_star
    drop = smooth.J_history[0] - J_best
    assert smooth.J_history[30] - J_best < 1e-3 * drop, "levels off within a few dozen steps"
    assert slow.J > 40 * J_best, "still far above the floor after 300 steps"
    J = diverging.J_history
    assert J[1] < J[0] and diverging.stopped_at == 27
    growth = J[4:] / J[3:-1]
    assert np.ptp(growth) < 0.01 * growth.mean(), "the same factor at every step"
    stalled = helpers.gradient_descent(XS, Y, W0, 0.0, 1e-12, 300, tol=0.0).J_history
    assert np.ptp(stalled) < 1e-3 * stalled[0]
    alt = output_of(EPISODE, "oscillating = runs[\"oscillating\"]")
    assert "stopped at step 27 (diverged)" in alt and "flat line at the starting cost (stalled)" in alt


def test_an_oscillating_run_has_a_falling_cost_and_zig_zagging_weights():
    oscillating = run(0.84)
    assert np.all(np.diff(oscillating.J_history) < 0), "its learning curve falls at every step"
    steps = np.diff(oscillating.p_history[-21:], axis=0)
    turns = np.einsum("ij,ij->i", steps[1:], steps[:-1]) < 0
    assert turns.mean() > diagnostics.ZIGZAG_SHARE
    w1 = oscillating.w_history[:40, 0]
    best = helpers.least_squares(XS, Y)[0][0]
    side = np.sign(w1[2:] - best)
    assert np.all(side[1:] != side[:-1]), "up and down around its best value"
    above, below = (w1 - best)[3::2], (w1 - best)[2::2]
    assert np.all(np.diff(above[:7]) > 0) and np.all(np.diff(above[7:]) < 0), "lands further above, then less"
    assert np.all(np.diff(below) > 0), "the dips below shrink all along"
    assert 2 * 7 + 1 == 15
    alt = output_of(EPISODE, "oscillating = runs[\"oscillating\"]")
    assert "for the first 15 steps it lands further above it each time while the dips below shrink" in alt
    assert "So the verdict reads the weights, not $J$" in prose(EPISODE)
    assert "Its learning curve looks finished: it has levelled off." in prose(EPISODE)
    assert "check the size of the slope is close to 0 (section 3)" in prose(EPISODE)


@pytest.mark.parametrize("fraction", [1e-4, 0.01, 0.2, 0.5, 0.9, 0.99])
def test_below_the_largest_stable_alpha_the_cost_falls_at_every_step(fraction):
    J = run(fraction * helpers.max_stable_alpha(XS), 400).J_history
    assert np.all(np.diff(J) < 0)


def test_the_rule_cell_prints_what_the_package_computes():
    printed = output_of(EPISODE, "alpha_max = helpers.max_stable_alpha(X_scaled)")
    assert "largest stable α on the z-scored houses: 0.853" in printed
    assert printed.count("J fell at every step: True") == 4
    assert "α = 0.9    J fell at every step: False" in printed
    assert not np.all(np.diff(run(0.9, 200).J_history) < 0)


def test_the_sign_bug_raises_the_cost_for_every_alpha_however_small():
    buggy = lesson()["buggy_descent"]
    for alpha in (1e-8, 1e-6, 1e-4, 1e-2):
        J = buggy(XS, Y, W0, 0.0, alpha, 30)
        assert np.all(np.diff(J) > 0)
        assert np.all(np.diff(run(alpha, 30, tol=0.0).J_history) < 0)
    printed = output_of(EPISODE, "J_bug = buggy_descent(")
    assert printed.count("sign flipped: J rose at every step: True") == 3
    assert "A $J$ that rises for every $\\alpha$, however small, means a bug" in prose(EPISODE)


# --- two convergence tests ---------------------------------------------------------------------------


def epsilon_stop(X_, y_, alpha, num_iters, epsilon=1e-3):
    result = QuadraticDescent(X_, y_).run(np.zeros(X_.shape[1]), 0.0, alpha, num_iters)
    return result, diagnostics.first_small_change(result.J_history, epsilon)


def test_the_epsilon_test_on_a_good_run_stops_early_near_the_bottom():
    result, k = epsilon_stop(XS, Y, 0.3, 1000)
    J_best = helpers.compute_cost(XS, Y, *helpers.least_squares(XS, Y))
    assert k == 108 and result.J_history[k] - J_best < 0.01 and result.stopped_at == 295
    rows = output_of(EPISODE, "def stops(label, X, y, alpha, num_iters").strip().splitlines()
    assert len(rows) == 5 and "Run both on five runs with" in prose(EPISODE)
    assert "the ε test stops earlier, at a cost within 0.01 of the lowest" in prose(EPISODE)


def test_the_epsilon_test_is_fooled_by_a_tiny_alpha_a_crawl_and_the_units():
    tiny, k_tiny = epsilon_stop(XS, Y, 1e-9, 1000)
    assert k_tiny == 1 and tiny.J_history[1] == pytest.approx(tiny.J_history[0]) and not tiny.converged

    def slope_size(k):
        dj_dw, dj_db = helpers.compute_gradient(XS, Y, tiny.w_history[k], tiny.b_history[k])
        return np.linalg.norm(np.append(dj_dw, dj_db))

    # "the size of the slope is still about what it was at the start"
    assert slope_size(-1) == pytest.approx(slope_size(0), rel=0.01)
    assert "the size of the slope is still about what it was at the start" in prose(EPISODE)
    crawl, k_crawl = epsilon_stop(X, Y, helpers.max_stable_alpha(X) / 2, 100_000)
    J_best = helpers.compute_cost(X, Y, *helpers.least_squares(X, Y))
    assert 1.8 < crawl.J_history[k_crawl] / J_best < 2.0 and not crawl.converged
    _, k_good = epsilon_stop(XS, Y, 0.3, 1000)
    dollars, k_dollars = epsilon_stop(XS, 1000 * Y, 0.3, 1000)
    best_dollars = helpers.compute_cost(XS, 1000 * Y, *helpers.least_squares(XS, 1000 * Y))
    assert k_dollars == 243 > k_good and dollars.J_history[k_dollars] / best_dollars - 1 < 1e-9
    millions, k_millions = epsilon_stop(XS, Y / 1000, 0.3, 1000)
    best_millions = helpers.compute_cost(XS, Y / 1000, *helpers.least_squares(XS, Y / 1000))
    assert k_millions == 6 and round(millions.J_history[6] / best_millions, 1) == 6.7
    printed = output_of(EPISODE, "def stops(label, X, y, alpha, num_iters")
    assert re.search(r"ε test stops at step\s+1: J = 67,261\.5", printed)
    assert re.search(rf"ε test stops at step\s+{k_crawl}:", printed)
    assert re.search(rf"in dollars\s+ε test stops at step\s+{k_dollars}:", printed)
    assert re.search(r"in millions\s+ε test stops at step\s+6:", printed)
    text = prose(EPISODE)
    assert "the test stops at a cost nearly twice the lowest" in text
    assert "stops at step 1, at the starting cost" in text
    assert "the test stops later, at step 243, still at the lowest cost" in text
    assert "the test stops at step 6, at 6.7 times the lowest cost" in text


def test_the_slope_test_is_fooled_by_a_long_valley_after_one_step():
    printed = output_of(EPISODE, "def slope_size(X, y, w, b):")
    pattern = r"after\s+1 steps: size of the slope ([\d.e+-]+) of its start; w = \[([^\]]+)\], b = ([\d.-]+)"
    first = re.search(pattern, printed)
    assert float(first.group(1)) < 1e-3
    weights = [float(v) for v in first.group(2).split()]
    assert abs(weights[1]) < 0.01 and abs(weights[2]) < 0.01 and abs(weights[3]) < 0.01
    assert abs(float(first.group(3))) < 0.01
    w_best, _ = helpers.least_squares(X, Y)
    assert w_best[1] > 5 and w_best[2] > 5, "and those weights belong far from 0"
    raw = QuadraticDescent(X, Y).run(W0, 0.0, helpers.max_stable_alpha(X) / 2, 100_000)
    assert not raw.converged, "GRADIENT_TOL is not fooled here"
    said = "After **one** step the size of the slope is already below a thousandth of its start"
    assert said in prose(EPISODE)


# --- the α ladder ------------------------------------------------------------------------------------


def test_the_ladder_on_scaled_features_and_its_largest_safe_rung():
    ladder = diagnostics.run_ladder(XS, Y, num_iters=1000)
    verdicts = {alpha: verdict for alpha, _, verdict in ladder}
    assert verdicts[1.0] == "diverged" and verdicts[0.3] == "converged"
    steps = {alpha: result.stopped_at for alpha, result, verdict in ladder if verdict == "converged"}
    assert min(steps, key=steps.get) == 0.3 == plots_features.largest_safe_alpha(ladder)
    printed = output_of(EPISODE, "ladder = diagnostics.run_ladder(X_scaled")
    assert "largest safe α on the ladder: 0.3" in printed
    text = prose(EPISODE)
    assert "The largest safe rung, $\\alpha = 0.3$, converges fastest; the next one, 1, diverges" in text


def moved_ladder(s):
    alphas = [a * 10.0**s for a in diagnostics.ALPHA_LADDER]
    return diagnostics.run_ladder(X, Y, alphas=alphas, num_iters=1000)


def test_on_raw_features_every_rung_diverges_at_once_and_the_ladder_must_move_ten_thousand_times():
    raw = diagnostics.run_ladder(X, Y, num_iters=1000)
    assert all(verdict == "diverged" and result.stopped_at == 1 for _, result, verdict in raw)
    assert {verdict for _, _, verdict in moved_ladder(-3)} == {"diverged"}
    verdicts = [verdict for _, _, verdict in moved_ladder(-4)]
    assert verdicts[:2] == ["slow", "slow"] and set(verdicts[2:]) == {"diverged"}
    assert plots_features.largest_safe_alpha(moved_ladder(-4)) == pytest.approx(3e-7)
    text = prose(EPISODE)
    assert "The whole ladder has to move down ten thousand times before a" in text
    assert "at $s = -4$ the two smallest are; at $s = -6$ you have the figure's right half" in text
    low = diagnostics.run_ladder(X, Y, alphas=[a * 1e-6 for a in diagnostics.ALPHA_LADDER], num_iters=1000)
    assert plots_features.largest_safe_alpha(low) == pytest.approx(3e-7)
    assert {verdict for alpha, _, verdict in low if alpha < 1e-6} == {"slow"}
    assert "Every rung diverges at the first step" in prose(EPISODE)
    assert "even the largest safe one, $3 \\times 10^{-7}$, is slow" in prose(EPISODE)
    assert "adds four smaller, slower ones" in prose(EPISODE)


def test_the_ladder_figure_tells_the_steps_of_the_alt_text():
    alt = output_of(EPISODE, "plots_features.plot_ladder(left, ladder")
    assert "stopped at step 27" in alt and "stops at step 295" in alt and "stops at step 899" in alt
    J_star = QuadraticDescent(X, Y).J_star
    ladder = diagnostics.run_ladder(XS, Y, num_iters=1000)
    above = {alpha: result.J_history[-1] - J_star for alpha, result, _ in ladder}
    assert above[0.03] < 0.03 and above[0.001] > 1000
    assert "(α = 0.03 within 0.03 of the lowest cost, α = 0.001 still thousands above)" in alt
    low = {alpha: run.J_history - J_star for alpha, run, verdict in moved_ladder(-6) if verdict == "slow"}
    level = {alpha: J[1000] for alpha, J in low.items()}
    assert all(J[100] < 1.15 * level[alpha] for alpha, J in low.items() if alpha >= 1e-8), "almost level"
    rung = {round(np.log10(alpha), 1): J for alpha, J in low.items()}
    J = rung[round(np.log10(3e-9), 1)]
    assert J[100] > 2 * J[1000] and J[300] < 1.15 * J[1000]
    J = rung[-9.0]
    assert J[500] > 4 * J[1000] and J[700] < 2 * J[1000]
    said = "rungs from 1e-8 up within the first hundred steps, 3e-9 by about step 300 and 1e-9 only near step"
    assert said in alt


# --- polynomial features -----------------------------------------------------------------------------


def test_the_notebook_s_houses_are_the_checks_houses():
    given = {"np": np, "helpers": helpers, "polynomial_features": polynomial_features}
    _, scope = run_cell(EPISODE, "rng = np.random.default_rng(2056)", given)
    np.testing.assert_array_equal(scope["x"], x)
    np.testing.assert_array_equal(scope["y_curve"], y_curve)
    np.testing.assert_array_equal(scope["x_held"], x_held)
    np.testing.assert_array_equal(scope["y_held"], y_held)
    assert "**Synthetic** again, made by the seeded lines below" in prose(EPISODE)


def test_unscaled_powers_need_a_tiny_alpha_and_get_nowhere_in_100000_steps():
    X3 = polynomial_features(x, 3)
    assert X3[:, 2].max() == 98**3 and f"{helpers.max_stable_alpha(X3):.0e}" == "2e-11"
    slow = QuadraticDescent(X3, y_curve).run(np.zeros(3), 0.0, helpers.max_stable_alpha(X3) / 2, 100_000)
    w_exact, b_exact = helpers.least_squares(X3, y_curve)
    assert slow.out_of_steps and abs(slow.b) < 0.01 and round(b_exact) == 261
    text = prose(EPISODE)
    assert "The largest stable $\\alpha$ is about $2 \\times 10^{-11}$" in text
    assert "$b$ should be about 261 and has barely moved from 0" in text
    assert "Ages up to 100 make cubes up to nearly a million" in text


def test_scaled_powers_converge_in_under_a_thousand_steps_to_least_squares():
    assert round(helpers.condition_number(Z3)) == 54
    z = (x - x.mean()) / x.std()
    assert round(z.min(), 1) == -1.5 and round(z.max(), 1) == 2.0
    ladder = diagnostics.run_ladder(Z3, y_curve, num_iters=5000)
    assert plots_features.largest_safe_alpha(ladder) == 0.1
    fast = ladder[diagnostics.ALPHA_LADDER.index(0.1)][1]
    assert fast.converged and fast.stopped_at == 889
    np.testing.assert_allclose(fast.w, helpers.least_squares(Z3, y_curve)[0], atol=1e-3)
    text = prose(EPISODE)
    assert "From a condition number of about $10^{12}$ to about 54" in text
    assert "converges in under a thousand steps, to the least-squares curve" in text


def test_scaling_x_before_the_powers_gives_the_rounder_bowl():
    X3 = polynomial_features(x, 3)
    powers_first = helpers.condition_number(fit_scaler(X3, "zscore").transform(X3))
    assert round(powers_first, -1) == 2010 and powers_first > 30 * helpers.condition_number(Z3)
    assert "Scale $x$, then take its powers" in prose(EPISODE)


def degree_table():
    rows = []
    for degree in range(1, 11):
        Zt, Zh = episode7.scaled_powers(x, x_held, degree)
        w, b = helpers.least_squares(Zt, y_curve)
        rows.append((helpers.compute_cost(Zt, y_curve, w, b), helpers.compute_cost(Zh, y_held, w, b),
                     helpers.condition_number(Zt)))
    return np.array(rows)


def test_a_high_degree_fits_the_noise():
    train, held, kappa = degree_table().T
    assert np.all(np.diff(train) < 0), "the training cost falls with every degree"
    assert np.argmin(held) + 1 == 2, "the held-back cost is lowest at degree 2"
    assert held[8] > 20 * held[1] and held[9] > held[8], "and explodes by degree 9"
    assert held[2] < 1.15 * held[1], "degree 3 comes close"
    assert np.sum(np.diff(held[1:]) > 0) >= 6 and not np.all(np.diff(held[1:]) > 0), "mostly climbs"
    assert [round(k) for k in kappa[1:3]] == [8, 54] and round(kappa[3], -2) == 400
    printed = output_of(EPISODE, "for degree in range(1, 11):")
    assert "     2                114.9                   48.2" in printed
    text = prose(EPISODE)
    assert "falls to its lowest at degree 2" in text and "explodes by degree 9" in text
    assert "(with only 6 held-back houses, degree 3 comes close), then mostly climbs" in text
    Zt, Zh = episode7.scaled_powers(x, x_held, 10)
    w10, b10 = helpers.least_squares(Zt, y_curve)
    misses = np.abs(Zh @ w10 + b10 - y_held)
    oldest = np.argsort(x_held)[-2:]
    assert np.all(misses[oldest] > 1000) and np.delete(misses, oldest).max() < 60
    alt = output_of(EPISODE, "for degree in (2, 10):")
    assert "misses the two oldest held-back houses by more than a thousand dollars per sqft" in alt
    assert "and the others by up to about 60" in alt
    assert "about 8 at degree 2, 54 at degree 3, 399 at degree 4" in text


def test_the_alpha_that_fits_degree_3_diverges_at_degree_4():
    Z4, _ = episode7.scaled_powers(x, x, 4)
    assert helpers.gradient_descent(Z3, y_curve, np.zeros(3), 0.0, 0.1, 5000).converged
    assert helpers.gradient_descent(Z4, y_curve, np.zeros(4), 0.0, 0.1, 5000).diverged


def explorer_from_the_notebook(text):
    """The explorer the notebook's cell containing ``text`` makes, from the notebook's own variables."""
    given = {"widgets": widgets, "X": X, "y": Y, "X_scaled": XS, "x": x, "y_curve": y_curve,
             "x_held": x_held, "y_held": y_held}
    _, scope = run_cell(EPISODE, text, dict(given))
    made = [value for name, value in scope.items()
            if name not in given and isinstance(value, widgets.Explorer)]
    assert len(made) == 1
    return made[0]


def test_the_explorers_stand_after_their_still_figures_with_what_to_try():
    cells = load(EPISODE)["cells"]
    assert not any(source(c).startswith("<!-- explorer: ") for c in cells)
    for name in ("LadderExplorer", "PolynomialExplorer"):
        at = next(i for i, c in enumerate(cells) if f"widgets.{name}(" in source(c))
        assert "### Explore" in source(cells[at - 1]) and "nbval-ignore-output" in tags(cells[at])
        assert any("show_static(fig" in source(c) for c in cells[at - 4:at])


def test_the_ladder_explorer_opens_on_the_figure_s_left_half_and_does_what_the_prose_says(undrawn):
    explorer = explorer_from_the_notebook("widgets.LadderExplorer(")
    try:
        verdicts = {alpha: (verdict, run.stopped_at) for alpha, run, verdict in explorer.runs}
        assert verdicts[0.3] == ("converged", 295) and verdicts[0.1] == ("converged", 899)
        assert verdicts[1.0] == ("diverged", 27) and explorer.safe_alpha == 0.3
        text = prose(EPISODE)
        assert "It opens on the z-scored houses, 1000 steps: the ladder of the figure's left half" in text
        explorer.update(num_iters=5000)
        assert "converged in 3,014 steps" in explorer.readout.value
        assert '"converged" (0.03 at 3014 steps), while the diverged ones stay diverged' in text
        explorer.update(features="raw", num_iters=1000)
        assert {verdict for _, _, verdict in explorer.runs} == {"diverged"}
        explorer.update(shift=-6)
        assert explorer.safe_alpha == pytest.approx(3e-7), "the figure's right half"
        assert "at $s = -6$ you have the figure's right half" in text
    finally:
        explorer.close()


def test_the_degree_explorer_opens_on_section_5_s_fit_and_does_what_the_prose_says(undrawn):
    explorer = explorer_from_the_notebook("widgets.PolynomialExplorer(")
    try:
        assert explorer.result.converged and explorer.result.stopped_at == 889
        assert "converged after 889 steps" in explorer.readout.value
        text = prose(EPISODE)
        assert "degree 3, scaled, $\\alpha = 0.1$, converged after 889 steps" in text
        explorer.update(degree=4)
        assert explorer.result.diverged and explorer.alpha_slider.value == 0.1
        explorer.update(degree=3, scaling="off")
        assert explorer.alpha_slider.value == 7.5e-12 and explorer.result.out_of_steps
        assert ("$\\alpha$ drops to $7.5 \\times 10^{-12}$, the round notch just below the $9.5 \\times "
                "10^{-12}$ of section 5's run, and the run is out of steps") in text
        assert f"{helpers.max_stable_alpha(polynomial_features(x, 3)) / 2:.2g}" == "9.5e-12"
    finally:
        explorer.close()


# --- a million steps -----------------------------------------------------------------------------------


def test_a_million_steps_match_the_loop():
    # How long they take is measured by benchmarks/episodes.py, not asserted here.
    X3 = polynomial_features(x, 3)
    alpha = helpers.max_stable_alpha(X3) / 2
    million = QuadraticDescent(X3, y_curve).run(np.zeros(3), 0.0, alpha, 1_000_000)
    assert million.out_of_steps and million.stopped_at == 1_000_000
    loop = helpers.gradient_descent(X3, y_curve, np.zeros(3), 0.0, alpha, 2000)
    np.testing.assert_allclose(million.p_history[:2001], loop.p_history, rtol=1e-5, atol=1e-10)
    assert "the same first 5,000 steps as the loop: True" in output_of(EPISODE, "print(million.status)")
    said = "A million steps in about a second, with the same numbers as the loop on the 5,000 steps compared"
    assert said in prose(EPISODE)
    said = "the offset from the minimum is multiplied by $1 - \\alpha\\lambda_i$ at every step, so its"
    assert said + " distance by $|1 - \\alpha\\lambda_i|$" in prose(EPISODE)


def test_the_timing_cell_is_not_compared_by_nbval_and_stores_no_times():
    cell = cell_containing(load(EPISODE), "closed_form = time.perf_counter() - started")
    assert "nbval-ignore-output" in tags(cell) and "timing" in tags(cell)
    assert not re.search(r"\d+\.\d\d s", output_of(EPISODE, "closed_form = time.perf_counter()"))


# --- exercises -----------------------------------------------------------------------------------------


def lesson_code():
    return "\n".join(source(c) for c in code_cells(load(EPISODE)) if "solution" not in tags(c))


def test_exercise_answers_are_not_in_a_cell_above_them():
    code = lesson_code()
    assert "polynomial_features((x - mu) / sigma, 4)" not in code, "the ladder of 7.1"
    assert "epsilon * J" not in code and "* J[:-1]" not in code, "the answer to 7.2"
    stub = "def poly_features(x_train, x_new, degree):\n    # Replace"
    assert "def poly_features" not in code.replace(stub, ""), "the answer to 7.3"


def test_exercise_7_1_is_not_section_5_s_alpha():
    labels = {e["label"]: e for e in exercises(EPISODE)}
    assert list(labels) == ["7.1", "7.2", "7.3"]
    assert "the answer is not section 5's" in source(labels["7.1"]["heading"])
    assert episode7.check_ladder_alpha(0.03).passed and not episode7.check_ladder_alpha(0.1).passed


def test_the_solutions_are_the_package_s_tools():
    functions = notebook_functions(EPISODE)
    relative = functions["first_relative_change"]
    for J, epsilon in episode7._relative_cases():
        assert relative(J, epsilon) == episode7._relative(J, epsilon)
    poly = functions["poly_features"]
    for x_train, x_new, degree in episode7._poly_cases():
        for mine, package in zip(poly(x_train, x_new, degree), episode7.scaled_powers(x_train, x_new, degree),
                                 strict=True):
            np.testing.assert_allclose(mine, package)
