"""Episode 8, faster descents: every number and claim of the prose is what the package computes,
the notebook's own code agrees with the package, the challenge and the explorer's place are as
described, and the exercises cannot be answered by copying a cell above them."""

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
    outputs_text,
    prose,
    source,
    tags,
)

import helpers
from helpers import fastpath, optimizers, widgets
from helpers.exercises import episode8

EPISODE = 8
HOUSES = helpers.load_houses("houses.csv")
TWO_HOUSES = helpers.load_houses("two_houses.csv")
J_BEST = helpers.compute_cost(*HOUSES, *helpers.least_squares(*HOUSES))


def numbers(text: str) -> list[float]:
    return [float(n.replace(",", "")) for n in re.findall(r"-?\d[\d,]*\.?\d*(?:e[+-]?\d+)?", text)]


def settles(run, target=1.0):
    """The first step from which J stays below the target (None: never): the notebook's steps_below."""
    above = np.flatnonzero(run.J_history >= target)
    step = above[-1] + 1 if above.size else 0
    return int(step) if step < run.J_history.size else None


# --- 1. a mini-batch estimates the gradient -------------------------------------------------------


def test_batch_estimates_are_right_on_average_and_scatter_as_the_prose_says():
    x, y = HOUSES
    printed = output_of(EPISODE, "for k in (1, 10, 30, 60):")
    rows = re.findall(r"batches of\s+(\d+): average dJ/dw =\s+(-?\d+) \(spread\s+(\d+)\)", printed)
    assert [int(k) for k, _, _ in rows] == [1, 10, 30, 60]
    full_w = helpers.compute_gradient(x, y, 0.0, 0.0)[0]
    per_example = (0.0 * x + 0.0 - y) * x  # each house's own dJ/dw at (0, 0)
    sigma = per_example.std()
    for k, mean, spread in rows:
        k, mean, spread = int(k), float(mean), float(spread)
        exact = sigma * np.sqrt((x.size - k) / (k * (x.size - 1)))  # a batch drawn without replacement
        assert spread == pytest.approx(exact, rel=0.1, abs=0.5)
        assert abs(mean - full_w) <= 4 * exact / np.sqrt(500) + 1  # right on average
    text = prose(EPISODE)
    assert "a single house misses $\\partial J/\\partial w$ by about 860" in text
    full = np.array(helpers.compute_gradient(x, y, 0.0, 0.0))
    single = np.array([helpers.compute_gradient(x[i : i + 1], y[i : i + 1], 0.0, 0.0) for i in range(x.size)])
    assert np.all(single @ full > 0), "at (0, 0) every house's own gradient points downhill"
    assert "at the start, $(0, 0)$, every single house's estimate still points downhill" in text
    assert round(float(rows[0][2]), -1) == 860 and sigma == pytest.approx(860, rel=0.02)
    spread_10 = sigma * np.sqrt(50 / (10 * 59))
    assert "a batch of 10 by about 250" in text and spread_10 == pytest.approx(250, abs=5)
    assert "$\\sqrt{10} \\approx 3.2$" in text and "a batch of all 60 has no scatter at all" in text


def test_at_the_minimum_the_full_gradient_is_zero_but_one_house_s_is_not():
    x, y = HOUSES
    w, b = helpers.least_squares(x, y)
    np.testing.assert_allclose(helpers.compute_gradient(x, y, w, b), 0.0, atol=1e-9)
    single = [(w * x[i] + b - y[i]) * x[i] for i in range(x.size)]
    assert np.std(single) > 50


# --- 2. per step and per epoch --------------------------------------------------------------------


def section_2_runs():
    x, y = HOUSES
    return {
        "stochastic": optimizers.descend(x, y, 0.0, 0.0, 0.05, epochs=10, batch_size=1, seed=0),
        "minibatch": optimizers.descend(x, y, 0.0, 0.0, 0.05, epochs=10, batch_size=10, seed=0),
        "gd": optimizers.descend(x, y, 0.0, 0.0, 0.05, epochs=60),
    }


def test_per_step_alike_at_first_then_the_full_batch_per_epoch_the_small_batches():
    runs = section_2_runs()
    above = {key: run.J_history - J_BEST for key, run in runs.items()}
    per_epoch = {"stochastic": 60, "minibatch": 6, "gd": 1}
    text = prose(EPISODE)
    assert "after 10 steps all three are 35 to 47 above the lowest cost" in text
    assert [round(a[10]) for a in above.values()] == [35, 35, 47]
    assert (
        "after 60 steps it is 0.29 above, the batches of 10\nare 1.4 above and SGD 137".replace("\n", " ")
        in text
    )
    assert (round(above["gd"][60], 2), round(above["minibatch"][60], 1), round(above["stochastic"][60])) == (
        0.29,
        1.4,
        137,
    )
    assert (
        "after one epoch SGD is 137 above the lowest cost and the batches of 10 are about 1000 above" in text
    )
    assert "while the full batch is still 75,000 above, and it needs all ten epochs to get down to 47" in text
    one_epoch = {key: a[per_epoch[key]] for key, a in above.items()}
    assert round(one_epoch["stochastic"]) == 137 and round(one_epoch["minibatch"], -2) == 1000
    assert round(one_epoch["gd"], -3) == 75_000 and round(above["gd"][10]) == 47
    printed = output_of(EPISODE, 'epochs = {"stochastic": 10, "minibatch": 10, "gd": 60}')
    assert "136.6" in printed and "74962.4" in printed and "0.29" in printed


def test_the_steps_per_epoch_of_the_table():
    assert [optimizers.steps_per_epoch(60, size) for size in (1, 10, 60)] == [60, 6, 1]
    text = prose(EPISODE)
    assert "| 1 | stochastic gradient descent (SGD) | 60 |" in text.replace("\n", " ")


# --- 3. a fixed α jitters, a decaying α settles ---------------------------------------------------


def test_the_jitter_follows_alpha_and_a_decaying_alpha_settles():
    x, y = HOUSES
    runs = {
        "fixed 0.05": optimizers.descend(x, y, 0.0, 0.0, 0.05, epochs=100, batch_size=1, seed=0),
        "fixed 0.01": optimizers.descend(x, y, 0.0, 0.0, 0.01, epochs=100, batch_size=1, seed=0),
        "decay": optimizers.descend(x, y, 0.0, 0.0, 0.05, epochs=100, batch_size=1, seed=0, decay=0.1),
    }
    epochs = {key: (run.J_history[1:] - J_BEST).reshape(100, 60).mean(axis=1) for key, run in runs.items()}
    text = prose(EPISODE)
    assert "about four times less (45 against 193 on average in the last epoch)" in text
    assert round(epochs["fixed 0.01"][-1]) == 45 and round(epochs["fixed 0.05"][-1]) == 193
    assert 3.5 < epochs["fixed 0.05"][-1] / epochs["fixed 0.01"][-1] < 4.5
    assert "its first epoch averages 22,000 against 4,900" in text
    assert round(epochs["fixed 0.01"][0], -3) == 22_000 and round(epochs["fixed 0.05"][0], -2) == 4_900
    assert "as jumpy in epoch 100 as in epoch 10" in text
    assert 1 / 3 < epochs["fixed 0.05"][-1] / epochs["fixed 0.05"][9] < 3
    assert epochs["decay"][-1] < epochs["fixed 0.01"][-1] < epochs["fixed 0.05"][-1], (
        "the decaying α ends lowest"
    )
    assert "$0.05 / (1 + 0.1 \\cdot 99) \\approx 0.005$" in text and round(0.05 / (1 + 0.1 * 99), 3) == 0.005


def test_decay_is_the_formula_the_prose_gives():
    """α_e = α / (1 + d·e): with d = 1, epoch 1 takes half steps, so its first step is half as long."""
    x, y = HOUSES
    plain = optimizers.descend(x, y, 0.0, 0.0, 0.05, epochs=2, batch_size=60, tol=0.0)
    decayed = optimizers.descend(x, y, 0.0, 0.0, 0.05, epochs=2, batch_size=60, decay=1.0, tol=0.0)
    np.testing.assert_allclose(decayed.p_history[1], plain.p_history[1])
    gradient = np.array(helpers.compute_gradient(x, y, *decayed.p_history[1]))
    np.testing.assert_allclose(decayed.p_history[2], decayed.p_history[1] - 0.025 * gradient)
    assert "\\alpha_e = \\frac{\\alpha}{1 + d\\cdot e}" in prose(EPISODE)


# --- 4. shuffled every epoch ----------------------------------------------------------------------


def test_two_epochs_use_every_example_once_in_new_orders():
    printed = output_of(EPISODE, "optimizers.epoch_batches(10, 4, rng)")
    epochs = [
        [[int(i) for i in batch.split()] for batch in line.split(": ")[1].split(" | ")]
        for line in printed.strip().splitlines()
    ]
    assert len(epochs) == 2
    for batches in epochs:
        assert [len(b) for b in batches] == [4, 4, 2]
        assert sorted(sum(batches, [])) == list(range(10))
    assert epochs[0] != epochs[1]
    rng = np.random.default_rng(0)
    assert [list(b) for b in optimizers.epoch_batches(10, 4, rng)] == epochs[0]


def test_with_replacement_an_epoch_skips_more_than_a_third():
    printed = output_of(EPISODE, "rng.integers(0, x.size, size=x.size)")
    assert "skips 36.6% of the houses on average" in printed
    assert round(100 * (1 - 1 / 60) ** 60, 1) == 36.5 and round(100 / np.e, 1) == 36.8
    assert "More than a third." in prose(EPISODE)


def test_the_houses_file_is_sorted_and_its_first_ten_are_a_biased_batch():
    x, y = HOUSES
    assert np.all(np.diff(x) >= 0)
    first_ten = helpers.compute_gradient(x[:10], y[:10], 0.0, 0.0)[0]
    assert round(first_ten) == -291 and round(helpers.compute_gradient(x, y, 0.0, 0.0)[0]) == -1408
    assert "the first 10 in file order -291" in output_of(EPISODE, 'print("sorted by size:"')


# --- 5. momentum ----------------------------------------------------------------------------------


def test_the_convention_is_the_one_of_the_package_and_of_exercise_8_1():
    text = prose(EPISODE)
    formula = "$$v \\leftarrow \\beta\\,v + \\nabla J(w, b), \\qquad (w, b) \\leftarrow (w, b) - \\alpha\\,v"
    assert text.count(formula) == 2, "stated in section 5 and in Exercise 8.1, the same way"
    p, v = optimizers.momentum_step(
        np.array([1.0, 2.0]), np.array([3.0, -1.0]), np.array([0.5, 0.5]), 0.1, 0.9
    )
    np.testing.assert_allclose(v, 0.9 * np.array([3.0, -1.0]) + 0.5)
    np.testing.assert_allclose(p, np.array([1.0, 2.0]) - 0.1 * v)
    assert "v ← β·v + ∇J, then p ← p − α·v" in optimizers.__doc__
    assert "v ← β·v + ∇J, then w ← w − α·v" in episode8.__doc__


@pytest.mark.parametrize("beta", [0.5, 0.9])
def test_a_steady_gradient_builds_the_velocity_up_and_a_flipping_one_cancels_in_part(beta):
    v, w = np.zeros(1), np.zeros(1)
    for _ in range(400):
        w, v = optimizers.momentum_step(w, v, np.ones(1), 0.0, beta)
    assert v[0] == pytest.approx(1 / (1 - beta))
    v = np.zeros(1)
    for k in range(400):
        w, v = optimizers.momentum_step(w, v, np.array([(-1.0) ** k]), 0.0, beta)
    assert abs(v[0]) == pytest.approx(1 / (1 + beta))
    text = prose(EPISODE)
    assert "twice as fast for $\\beta = 0.5$, ten times for $\\beta = 0.9$" in text
    assert "it settles at $1/(1+\\beta)$ times the gradient" in text


def test_two_steps_by_hand_then_momentum_is_past_gradient_descent():
    printed = output_of(EPISODE, "optimizers.momentum_step(p, v, gradient, alpha=0.1, beta=0.9)")
    assert "step 1: gradient [-650. -400.], velocity [-650. -400.], (w, b) = [65. 40.]" in printed
    assert "step 2: gradient [-427.5 -262.5], velocity [-1012.5  -622.5], (w, b) = [166.25 102.25]" in printed
    assert "gradient descent after 2 steps: (w, b) = [107.75  66.25]" in printed
    assert np.allclose([-1012.5, -622.5], np.array([-427.5, -262.5]) + 0.9 * np.array([-650.0, -400.0]))


def test_the_two_houses_valley_is_stretched_by_a_factor_of_47():
    x, _ = TWO_HOUSES
    assert round(helpers.condition_number(x)) == 47
    assert "differ by a factor of 47" in prose(EPISODE)


def test_momentum_speeds_the_crawl_and_too_much_beta_settles_later():
    x, y = TWO_HOUSES
    runs = {
        (alpha, beta): optimizers.descend(x, y, 50.0, 250.0, alpha, epochs=1000, method="momentum", beta=beta)
        for alpha, beta in [(0.5, 0.0), (0.5, 0.5), (0.3, 0.9)]
    }
    text = prose(EPISODE)
    assert "momentum with $\\beta = 0.5$ gets the cost below 1 for good after 46 steps" in text.replace(
        "\n", " "
    )
    assert "gradient descent after 99" in text and "(194 against 431)" in text
    assert settles(runs[0.5, 0.5]) == 46 and settles(runs[0.5, 0.0]) == 99
    assert (runs[0.5, 0.5].stopped_at, runs[0.5, 0.0].stopped_at) == (194, 431)
    assert runs[0.5, 0.5].converged and runs[0.5, 0.0].converged
    assert settles(runs[0.3, 0.9]) > settles(runs[0.5, 0.5]), "too much β settles later"
    zig = np.diff(runs[0.3, 0.9].J_history[:40])
    assert np.count_nonzero(zig > 0) >= 5, "the β = 0.9 run overshoots and swings back again and again"
    printed = output_of(EPISODE, "J below 1 for good from step {steps_below(run)}")
    assert "from step 99" in printed and "from step 46" in printed and "from step 81" in printed


def test_the_notebook_s_steps_below_is_the_challenge_s_measure():
    steps_below = notebook_functions(EPISODE)["steps_below"]
    for alpha, beta in [(0.5, 0.5), (0.7, 0.65), (0.5, 0.0), (0.01, 0.0)]:
        run = episode8.challenge_run("momentum", alpha, beta)
        assert steps_below(run) == episode8.challenge_steps(run) == settles(run)


@pytest.mark.parametrize("beta", [0.0, 0.3, 0.5, 0.9])
def test_momentum_raises_the_divergence_threshold_to_2_1_plus_beta_over_the_sharpest_bend(beta):
    x, y = TWO_HOUSES
    bound = 2 * (1 + beta) / helpers.curvatures(x).max()
    below = optimizers.descend(x, y, 0.0, 0.0, 0.98 * bound, epochs=3000, method="momentum", beta=beta)
    above = optimizers.descend(x, y, 0.0, 0.0, 1.02 * bound, epochs=3000, method="momentum", beta=beta)
    assert not below.diverged and above.diverged
    text = prose(EPISODE)
    assert (
        "diverges above $\\alpha = 2/J''_{\\max} = 0.58$" in text
        and round(2 / helpers.curvatures(x).max(), 2) == 0.58
    )
    printed = output_of(EPISODE, "sharpest = helpers.curvatures(x2).max()")
    assert "α = 0.8, β = 0.0: diverged" in printed and "α = 0.8, β = 0.5: converged after 83 steps" in printed


# --- 6. the coarse grid ---------------------------------------------------------------------------


def test_the_coarse_grid_s_best_needs_23_steps_and_its_beta_neighbours_are_slower():
    x, y = TWO_HOUSES
    grid = {
        (alpha, beta): settles(
            optimizers.descend(x, y, 0.0, 0.0, alpha, epochs=200, method="momentum", beta=beta)
        )
        for alpha in (0.1, 0.2, 0.4)
        for beta in (0.0, 0.5, 0.9)
    }
    printed = output_of(EPISODE, 'print("steps to J < 1    β = 0   β = 0.5   β = 0.9")')
    rows = [numbers(line.split(":")[1]) for line in printed.strip().splitlines()[1:]]
    assert rows == [[grid[alpha, beta] for beta in (0.0, 0.5, 0.9)] for alpha in (0.1, 0.2, 0.4)]
    assert min(grid.values()) == grid[0.4, 0.5] == 23 and grid[0.4, 0.0] > 23 and grid[0.4, 0.9] > 23
    assert "The best of these nine needs 23 steps, at $\\alpha = 0.4$, $\\beta = 0.5$" in prose(EPISODE)
    assert [grid[alpha, 0.5] for alpha in (0.1, 0.2, 0.4)] == [92, 46, 23]
    assert "each doubling of $\\alpha$ has halved the steps (92, 46, 23)" in prose(EPISODE)
    assert min(grid.values()) > episode8.CHALLENGE_STEPS, "the grid does not give the challenge away"


# --- 7. Adam --------------------------------------------------------------------------------------


def test_adam_s_first_step_moves_every_parameter_by_alpha():
    printed = output_of(EPISODE, "gradient = np.array([-650.0, -4.0])")
    assert "(w, b) = [0.5 0.5]" in printed
    assert "$w$'s slope is 160 times $b$'s" in prose(EPISODE) and round(650 / 4, -1) == 160


def test_adam_s_step_is_about_alpha_but_can_be_up_to_3_2_alpha():
    text = prose(EPISODE)
    assert "up to $(1-\\beta_1)/\\sqrt{1-\\beta_2}$, about\n3.2 times $\\alpha$".replace("\n", " ") in text
    # A calm stretch (tiny derivatives), then a large one: Adam's step for it is (1-β₁)/√(1-β₂) α.
    m = s = 0.0
    beta1, beta2, k = 0.9, 0.999, 20_000  # late enough that the bias corrections are 1
    for _ in range(k - 1):
        m, s = beta1 * m + (1 - beta1) * 1e-12, beta2 * s + (1 - beta2) * 1e-24
    m, s = beta1 * m + (1 - beta1) * 1.0, beta2 * s + (1 - beta2) * 1.0
    step = (m / (1 - beta1**k)) / (np.sqrt(s / (1 - beta2**k)) + 1e-8)
    assert round(step, 1) == round((1 - beta1) / np.sqrt(1 - beta2), 1) == 3.2


def fewest_steps(method, alphas, betas=(0.0,)):
    runs = (episode8.challenge_steps(episode8.challenge_run(method, float(a), float(b))) for a in alphas
            for b in betas)
    return min(n for n in runs if n is not None)


def test_on_the_two_houses_adam_at_its_best_is_somewhat_faster_than_gradient_descent():
    coarse = fewest_steps("adam", np.geomspace(1, 5000, 25), np.linspace(0.0, 0.95, 8))
    # around the best of a fine grid, 50 α from 100 to 320 by 33 β₁ from 0.4 to 0.8 (α ≈ 219, β₁ ≈ 0.64)
    tuned = fewest_steps("adam", np.geomspace(100, 320, 50)[30:37], np.linspace(0.4, 0.8, 33)[16:23])
    assert tuned == 26 <= coarse, "26 steps, and nothing quicker on a grid over the whole range"
    assert fewest_steps("gd", np.linspace(0.05, 0.58, 107)) == 35
    assert fewest_steps("momentum", [0.7], [0.45]) == 15
    assert ("Adam with $\\alpha$ and $\\beta_1$ tuned on a fine grid needs about 26 steps to get the cost "
            "below 1 for good, plain gradient descent at its best 35: somewhat faster, and slower than "
            "momentum at its best, 15 (section 8)") in prose(EPISODE)


def test_on_the_raw_age_adam_arrives_where_gradient_descent_and_momentum_crawl():
    X, price, names = helpers.load_house_features()
    age = X[:, names.index("age_years")]
    J_age = helpers.compute_cost(age, price, *helpers.least_squares(age, price))
    alpha_max = helpers.max_stable_alpha(age)
    assert round(helpers.condition_number(age), -3) == 11_000
    gd = optimizers.descend(age, price, 0.0, 0.0, 0.9 * alpha_max, epochs=200)
    momentum = optimizers.descend(age, price, 0.0, 0.0, alpha_max, epochs=200, method="momentum", beta=0.9)
    adam = optimizers.descend(age, price, 0.0, 0.0, 10.0, epochs=200, method="adam", beta=0.9)
    to_the_end = fastpath.gradient_descent_closed_form(age, price, 0.0, 0.0, 0.9 * alpha_max, 1_000_000)
    text = prose(EPISODE)
    assert "stuck on the valley floor near $b = 12$" in text and round(gd.b) == 12 and gd.J > 2.5 * J_age
    assert "it needs about 82,000 steps to converge" in text and round(to_the_end.stopped_at, -3) == 82_000
    b_star = helpers.least_squares(age, price)[1]
    assert "Momentum gets about a\nthird of the way".replace("\n", " ") in text
    assert round(3 * momentum.b / b_star) == 1
    assert adam.J / J_age < 1 + 1e-6
    printed = output_of(EPISODE, "age_runs = {")
    assert "(2.71 times the lowest)" in printed and "converged after 82025 steps" in printed


def test_adam_s_alpha_must_still_fit_the_size_of_the_answer():
    X, price, names = helpers.load_house_features()
    age = X[:, names.index("age_years")]
    J_age = helpers.compute_cost(age, price, *helpers.least_squares(age, price))
    b_star = helpers.least_squares(age, price)[1]
    runs = {
        alpha: optimizers.descend(age, price, 0.0, 0.0, alpha, epochs=200, method="adam", beta=0.9)
        for alpha in (0.01, 1.0, 10.0, 30.0, 100.0)
    }
    text = prose(EPISODE)
    assert "after 200 steps it has not got past 2" in text and runs[0.01].b < 2
    assert np.all(np.abs(np.diff(runs[0.01].p_history[:, 1])) <= 0.01 * (1 + 1e-6)), "at most α per step"
    assert "$b$ moves about 0.01 per step (never more in this run)" in text
    assert "With $\\alpha = 1$ it gets less than halfway" in text and runs[1.0].b < b_star / 2
    assert runs[100.0].J_history[20] > 10 * runs[100.0].J_history[0], "far above where it started"
    assert "$\\alpha = 10$, $30$ and even $100$ arrive by step 200" in text
    for alpha in (10.0, 30.0, 100.0):
        assert runs[alpha].J / J_age < 1 + 1e-5 and abs(runs[alpha].b - b_star) < 0.2, alpha
    assert "about 380 in 200 steps, about 2 per step" in text and round(b_star, -1) == 380


# --- 8. the challenge and the explorer's place ----------------------------------------------------


def test_the_four_challenge_runs_as_printed_and_none_makes_it():
    printed = output_of(EPISODE, "challenge_runs = {")
    expected = {
        "gradient descent, α = 0.5": (3.44, 37),
        "momentum, α = 0.4, β = 0.5": (1.31, 23),
        "one house per step, α = 0.3": (25.40, 79),
        "Adam, α = 100, β = 0.9": (3206.91, 104),
    }
    for label, (J, step) in expected.items():
        assert re.search(
            rf"{re.escape(label)}\s*: J after 20 steps\s+{J:.2f}, below 1 for good from step {step}", printed
        ), label
    runs = [
        episode8.challenge_run("gd", 0.5),
        episode8.challenge_run("momentum", 0.4, 0.5),
        episode8.challenge_run("gd", 0.3, batch_size=1),
        episode8.challenge_run("adam", 100.0, 0.9),
    ]
    assert [round(episode8.challenge_cost(r), 2) for r in runs] == [J for J, _ in expected.values()]
    assert min(episode8.challenge_cost(r) for r in runs) == episode8.challenge_cost(runs[1]) > 1, (
        "none is below the target at step 20; momentum comes closest"
    )


def test_the_challenge_cell_fails_as_it_stands_and_its_folded_solution_passes():
    stub = cell_containing(load(EPISODE), 'my_choice = {"method": "gd"')
    assert outputs_text(stub).startswith("❌ Not yet.") and "Switch to method='momentum'" in outputs_text(
        stub
    )
    solution = cell_containing(load(EPISODE), "assert episode8.check_challenge(**my_choice).passed")
    assert solution["metadata"] == {"jupyter": {"source_hidden": True}, "tags": ["solution"]}
    scope = {"episode8": episode8}
    exec(source(solution), scope)


def _explorer_cells():
    cells = load(EPISODE)["cells"]
    assert not [c for c in cells if source(c).startswith("<!-- explorer: ")], "no explorer is pending"
    at = [i for i, c in enumerate(cells) if "widgets.OptimizerExplorer(" in source(c)]
    assert len(at) == 1
    return cells, at[0]


def _opening_explorer(cells, at):
    """The notebook's explorer cell, run on the notebook's two houses (its last line only shows it)."""
    code = source(cells[at])
    assert code.splitlines()[-1] == "explorer" and "nbval-ignore-output" in tags(cells[at])
    scope = {"widgets": widgets, "x2": TWO_HOUSES[0], "y2": TWO_HOUSES[1]}
    exec("\n".join(code.splitlines()[:-1]), scope)
    return scope["explorer"]


def _readout(explorer) -> str:
    return re.sub(r"\s+", " ", re.sub("<[^>]+>", "", explorer.readout.value.replace("<div>", " ")))


def test_the_explorer_follows_the_still_figure_of_the_challenge_and_opens_as_the_prose_says(undrawn):
    cells, at = _explorer_cells()
    figure = source(cells[at - 2])
    assert "show_static(fig" in figure and "challenge_runs" in figure
    assert "paths.plot_target(ax_curves, 1.0)" in figure
    intro = " ".join(source(cells[at - 1]).split())
    assert "It opens on the momentum run of the figure above, $\\alpha = 0.4$ and $\\beta = 0.5$" in intro
    assert "w_range=(-20, 320), b_range=(-60, 200)" in source(cells[at])
    assert "w_range=(-20, 320), b_range=(-60, 200)" in figure, "the same view as the still figure"
    explorer = _opening_explorer(cells, at)
    try:
        shown = _readout(explorer)
        run = episode8.challenge_run("momentum", 0.4, 0.5)
        assert f"$J = {episode8.challenge_cost(run):.3f}$ at step 20, just short of 1" in intro
        assert f"momentum's J is {episode8.challenge_cost(run):.3f} at step 20" in shown
        assert "the hint says to raise $\\alpha$ a little" in intro and "Hint: raise α a little" in shown
        assert not episode8.check_challenge("momentum", 0.4, 0.5).passed
    finally:
        explorer.close()


def test_every_try_this_claim_under_the_explorer_is_what_the_explorer_shows(undrawn):
    cells, at = _explorer_cells()
    tries = " ".join(source(cells[at + 1]).split())
    explorer = _opening_explorer(cells, at)
    try:
        explorer.update(alpha=0.5)
        said = "Raise $\\alpha$ to the slider's next value, 0.5: momentum now stays below 1 from step 19 on"
        assert said in tries
        assert "momentum stays below J = 1 from step 19 on" in _readout(explorer)
        assert episode8.check_challenge("momentum", 0.5, 0.5).passed
        assert f"The fastest pair on a fine grid needs {episode8.FASTEST} steps" in tries
        explorer.update(beta=0.9)
        J = explorer.runs["momentum"].J_history
        assert np.sum((np.diff(J)[:-1] > 0) & (np.diff(J)[1:] < 0)) >= 5, "rises and falls in waves"
        explorer.update(beta=0.0)
        same = np.array_equal(explorer.runs["momentum"].p_history, explorer.runs["gd"].p_history)
        assert same, "β = 0 is gradient descent"
        explorer.update(alpha=0.75, beta=0.5)
        assert explorer.runs["gd"].diverged and not explorer.runs["momentum"].diverged
        bound = 2 * 1.5 / helpers.curvatures(TWO_HOUSES[0]).max()
        assert "up to $2(1+\\beta)/J\'\'_{\\max} = 0.88$" in tries and round(bound, 2) == 0.88
        explorer.update(alpha=1.0)
        assert explorer.runs["momentum"].diverged and "At $\\alpha = 1$ it diverges too" in tries
        explorer.update(alpha=0.4, batch_size=2)
        assert np.array_equal(explorer.runs["minibatch"].p_history, explorer.runs["gd"].p_history)
        assert "Set the batch size to 2, both houses: the mini-batch path is then gradient descent's" in tries
    finally:
        explorer.close()


# --- 9. speed -------------------------------------------------------------------------------------


def test_the_speed_claims_are_in_the_prose_and_measured_by_the_benchmark():
    # The times themselves are measured by benchmarks/episodes.py, not asserted in a test.
    assert "well under a second for a million examples" in prose(EPISODE)
    assert "the cost of a gradient grows with the number of examples it averages" in prose(EPISODE)
    assert "one epoch of a million single-example steps would take about 9 seconds" in prose(EPISODE)
    rng = np.random.default_rng(2024)
    x = rng.uniform(0.5, 4.0, size=1_000_000)
    y = 100 + 200 * x + rng.normal(0, 40, size=x.size)
    run = optimizers.descend(x, y, 0.0, 0.0, 0.1, epochs=1, batch_size=1000, seed=0)
    assert run.iterations == 1000 and np.isfinite(run.p_history).all()


def test_the_timing_cell_is_not_compared_by_nbval_and_its_numbers_are_not_stored():
    timing = [c for c in code_cells(load(EPISODE)) if "timeit.repeat" in source(c)]
    assert len(timing) == 1 and {"nbval-ignore-output", "timing"} <= set(tags(timing[0]))
    assert "…" in outputs_text(timing[0])


# --- exercises ------------------------------------------------------------------------------------


def test_the_solution_of_8_1_is_the_package_s_momentum():
    momentum_descent = notebook_functions(EPISODE)["momentum_descent"]
    x, y = HOUSES
    for alpha, beta in [(0.05, 0.5), (0.01, 0.9), (0.1, 0.0)]:
        run = optimizers.descend(x, y, 0.0, 0.0, alpha, epochs=30, method="momentum", beta=beta, tol=0.0)
        np.testing.assert_allclose(
            momentum_descent(x, y, 0.0, 0.0, alpha, beta, 30), run.p_history[-1], rtol=1e-9
        )


def test_exercise_8_2_is_not_answered_by_a_cell_above_it():
    lesson = "\n".join(source(c) for c in code_cells(load(EPISODE)) if "solution" not in tags(c))
    assert "rng.permutation" not in lesson and "def make_batches" in lesson
    heading = source(cell_containing(load(EPISODE), "### Exercise 8.2", kind="markdown"))
    assert "the check notices a call to `optimizers.epoch_batches`" in heading


def test_exercise_8_3_states_the_check_s_own_numbers():
    heading = source(cell_containing(load(EPISODE), "### Exercise 8.3", kind="markdown")).replace("\n", " ")
    assert "20,000 synthetic houses" in heading and episode8.BUDGET_M == 20_000
    assert "$\\alpha = 0.02$ fixed" in heading and episode8.BUDGET_ALPHA == 0.02
    assert "within 1 % of its lowest value" in heading and episode8.BUDGET_TOLERANCE == 0.01
    assert "five shuffles (seeds 0 to 4)" in heading and episode8.BUDGET_SHUFFLES == (0, 1, 2, 3, 4)


def test_the_exercises_are_the_three_of_the_brief():
    titles = [e["title"] for e in exercises(EPISODE)]
    assert titles == ["A momentum loop", "One epoch's batches", "A batch size for a budget"]
