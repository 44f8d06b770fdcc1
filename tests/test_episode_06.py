"""Episode 6, many features and feature scaling: the notebook's own code agrees with the package,
each claim of its prose is what the package computes, and its exercises cannot be answered by
copying a cell above them."""

from __future__ import annotations

import re
import runpy

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
    source,
    tags,
)

import helpers
from helpers import plots_features
from helpers.exercises import episode6
from helpers.fastpath import QuadraticDescent
from helpers.scaling import SCALINGS, fit_scaler

EPISODE = 6
X, Y, NAMES = helpers.load_house_features()
PAIR = X[:, [0, 3]] - X[:, [0, 3]].mean(axis=0)  # size and age, centred: the picture of sections 6 and 7
RECIPE = runpy.run_path(str(helpers.DATA_DIR / "make_house_features.py"))


def lesson():
    """The functions the lesson writes (not the exercise solutions)."""
    return notebook_functions(EPISODE, solutions=False)


def z_scored():
    return fit_scaler(X, "zscore").transform(X)


# --- the data and the model ------------------------------------------------------------------------


def test_the_data_are_said_to_be_synthetic_and_the_ranges_differ_by_a_thousand():
    text = prose(EPISODE)
    assert "The houses are **synthetic**" in text and "`data/README.md` says how" in text
    assert "Sizes run into the thousands of square feet, floors from 1 to 3" in text
    assert X[:, 0].max() > 1000 * X[:, 2].min() and set(X[:, 2]) == {1.0, 2.0, 3.0}


def test_the_recipe_in_the_notebook_is_the_one_that_made_the_data():
    scope = {"np": np}
    exec(source(cell_containing(load(EPISODE), "w_recipe = np.array(")).split("house = X[0]")[0], scope)
    np.testing.assert_array_equal(scope["w_recipe"], list(RECIPE["PRICE_PER"].values()))
    assert scope["b_recipe"] == RECIPE["BASE_PRICE"]
    text = prose(EPISODE)
    assert "plus 0.15 per square foot, 12 per bedroom and 8 per floor, minus 0.9 per year of age" in text
    assert "the first house, 2630 sqft with 4 bedrooms and 2 floors, 50 years old" in text
    np.testing.assert_array_equal(X[0], [2630, 4, 2, 50])


def test_the_dot_product_predicts_the_first_house_term_by_term_and_for_all_houses():
    printed = output_of(EPISODE, "term_by_term = sum(")
    assert "term by term 463.5, as a dot product 463.5" in printed
    w, b = np.array(list(RECIPE["PRICE_PER"].values())), RECIPE["BASE_PRICE"]
    assert float(X[0] @ w + b) == pytest.approx(463.5)
    np.testing.assert_allclose(helpers.predict(X, w, b), X @ w + b)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_hand_written_cost_is_the_package_cost(seed):
    rng = np.random.default_rng(seed)
    Xr, yr = rng.normal(size=(12, 3)), rng.normal(size=12)
    w, b = rng.normal(size=3), float(rng.normal())
    assert lesson()["compute_cost_matrix"](Xr, yr, w, b) == pytest.approx(helpers.compute_cost(Xr, yr, w, b))
    assert lesson()["compute_cost_matrix"](X, Y, np.zeros(4), 0.0) == pytest.approx(
        helpers.compute_cost(X, Y, np.zeros(4), 0.0)
    )


def test_the_gradient_agrees_with_nudges_and_the_size_s_slope_is_the_steepest():
    printed = output_of(EPISODE, "nudged_b = (helpers.compute_cost")
    pairs = re.findall(r":\s+(-?[\d,]+\.\d\d)\s+nudged:\s+(-?[\d,]+\.\d\d)", printed)
    assert len(pairs) == 5 and all(a == b for a, b in pairs)
    dj_dw, _ = helpers.compute_gradient(X, Y, np.zeros(4), 0.0)
    size, bedrooms, floors, age = np.abs(dj_dw)
    assert 40 < size / age < 60 and 650 < size / bedrooms < 750 and 1100 < size / floors < 1250
    said = "about 50 times steeper than along the age's, and about 700 and 1,200 times steeper"
    assert said in prose(EPISODE)


# --- raw features: blown up, or crawling -----------------------------------------------------------


def test_every_alpha_tried_on_the_raw_features_blows_up():
    for alpha in (0.1, 1e-3, 1e-6):
        assert helpers.gradient_descent(X, Y, np.zeros(4), 0.0, alpha, 1000).diverged
    assert "Every one of them blows up, even $\\alpha = 10^{-6}$" in prose(EPISODE)


def test_without_a_stop_rule_the_weights_overflow_within_a_few_dozen_steps():
    printed = output_of(EPISODE, "print(f\"at step {k}, w = {w}\")")
    step = int(re.search(r"at step (\d+)", printed).group(1))
    assert 24 <= step <= 99 and "overflowed" in printed
    w, b = np.zeros(4), 0.0
    with np.errstate(all="ignore"):  # the plain loop the prose describes: inf, then nan
        for _ in range(step + 5):
            errors = X @ w + b - Y
            w, b = w - 0.1 * (X.T @ errors) / Y.size, b - 0.1 * errors.mean()
    assert np.isnan(w).all()
    assert "within a few dozen steps" in prose(EPISODE)


def test_the_size_sets_the_largest_stable_alpha():
    limit = helpers.max_stable_alpha(X)
    assert limit == pytest.approx(2 / np.mean(X[:, 0] ** 2), rel=0.01)
    assert f"{limit:.1e}" == "4.8e-07"
    assert "The size sets the largest stable $\\alpha$: about $4.8 \\times 10^{-7}$" in prose(EPISODE)


def test_a_million_steps_leave_every_weight_but_the_size_s_far_away():
    run = QuadraticDescent(X, Y).run(np.zeros(4), 0.0, helpers.max_stable_alpha(X) / 2, 1_000_000)
    w_best, b_best = helpers.least_squares(X, Y)
    assert run.out_of_steps and run.stopped_at == 1_000_000
    assert abs(run.w[0] / w_best[0] - 1) < 0.25
    assert f"{run.w[0]:.3f} against {w_best[0]:.3f}" == "0.183 against 0.154"
    assert "the size's weight is anywhere near its best value (0.183 against 0.154)" in prose(EPISODE)
    assert round(run.w[1], 1) == 1.1 and round(w_best[1], 1) == 8.2 and abs(run.b) < 2 < b_best
    text = prose(EPISODE)
    assert "The weight of a bedroom is at 1.1 instead of 8.2, and $b$ has barely left 0" in text
    assert "out of steps after 1000000 steps" in output_of(EPISODE, "raw_run = QuadraticDescent(X, y)")


# --- the valley -------------------------------------------------------------------------------------


def test_the_picture_is_exact_because_centred_features_leave_b_at_its_best():
    gradient = helpers.compute_gradient(PAIR, Y, np.array([0.3, -2.0]), Y.mean())
    assert gradient[1] == pytest.approx(0.0, abs=1e-9)
    valley = plots_features.valley_numbers(PAIR)
    run = helpers.gradient_descent(PAIR, Y, np.zeros(2), Y.mean(), 0.9 * valley.max_stable_alpha, 20_000)
    assert np.ptp(run.b_history) < 1e-9
    J = plots_features.weight_cost_grid(PAIR, Y, run.w_history[:, 0], run.w_history[:, 1], Y.mean())
    np.testing.assert_allclose(J, run.J_history, rtol=1e-9)


def test_the_valley_numbers_in_the_prose():
    valley = plots_features.valley_numbers(PAIR, names=("size", "age"))
    printed = output_of(EPISODE, "valley = plots_features.valley_numbers(X2")
    assert "curvatures along the valley's axes: 668 and 653,663 (b's: 1)" in printed
    assert ("their ratio 979: the valley is 31× longer than wide; largest stable α 3.06e-06, set by the size"
            in printed)
    assert round(valley.curvatures[1] / valley.curvatures[0]) == 979 and round(valley.elongation) == 31
    assert "ellipses about 31 times longer than they are wide: the square root of 979" in prose(EPISODE)
    raw_pair = X[:, [0, 3]]  # size and age, not centred
    kappa = helpers.condition_number
    assert round(kappa(X), -7) == 6e7 and round(kappa(raw_pair), -7) == 4e7
    assert kappa(PAIR) < kappa(raw_pair) / 50, "not centring stretches most"
    text = prose(EPISODE)
    assert ("its **condition number**, the steepest curvature over the flattest of all its directions ($b$'s "
            "included), is about $6 \\times 10^7$ with all four features, and already $4 \\times 10^7$ with "
            "the size and the age alone. Most of that stretch comes from not centring") in text


def test_at_ninety_percent_the_size_zig_zags_for_about_20_steps_while_the_age_crawls():
    valley = plots_features.valley_numbers(PAIR)
    run = QuadraticDescent(PAIR, Y).run(np.zeros(2), Y.mean(), 0.9 * valley.max_stable_alpha, 20_000)
    progress = run.w_history / helpers.least_squares(PAIR, Y)[0]
    assert progress[1, 0] == pytest.approx(1.80, abs=0.01) and progress[2, 0] == pytest.approx(0.36, abs=0.01)
    settled = np.flatnonzero(np.abs(progress[:, 0] - 1) > 0.01)[-1] + 1
    assert 15 <= settled <= 25
    assert run.converged and run.stopped_at == 7085 and progress[100, 1] < 0.2
    assert "the zig-zag dies out within about 20 steps" in prose(EPISODE)
    alt = output_of(EPISODE, "progress = run2.w_history / w2_best")
    assert "overshoots to 1.8 times its best value, falls back to 0.36" in alt


# --- three scalings ----------------------------------------------------------------------------------


def table():
    printed = output_of(EPISODE, "steps = f\"{run.stopped_at:,}\"")
    rows = {}
    for kind in SCALINGS:
        line = next(line for line in printed.splitlines() if line.startswith(fit_scaler(X, kind).description))
        rows[kind] = line
    return rows


def test_the_table_is_what_the_package_computes():
    for kind, line in table().items():
        Xs = fit_scaler(X, kind).transform(X)
        assert f"{helpers.condition_number(Xs):.3g}" in line and f"{helpers.max_stable_alpha(Xs):.3g}" in line
        if kind != "none":
            run = QuadraticDescent(Xs, Y).run(np.zeros(4), 0.0, helpers.max_stable_alpha(Xs) / 2, 100_000)
            assert run.converged and line.endswith(f"{run.stopped_at:,}")
    assert table()["none"].endswith("not converged after 1,000,000")


def test_the_z_score_wins_and_the_steps_grow_with_the_condition_number():
    steps, kappas = {}, {}
    for kind in ("max", "mean", "zscore"):
        Xs = fit_scaler(X, kind).transform(X)
        kappas[kind] = helpers.condition_number(Xs)
        run = QuadraticDescent(Xs, Y).run(np.zeros(4), 0.0, helpers.max_stable_alpha(Xs) / 2, 100_000)
        steps[kind] = run.stopped_at
        assert 13 < steps[kind] / kappas[kind] < 15
    assert min(steps, key=steps.get) == min(kappas, key=kappas.get) == "zscore"
    assert max(kappas, key=kappas.get) == "max" and steps["zscore"] == 205
    text = prose(EPISODE)
    assert "about 14 steps per unit of it here, for each scaling" in text
    assert "205 steps instead of not converging after a million" in text


def test_dividing_by_the_maximum_leaves_every_size_far_from_zero():
    scaled = fit_scaler(X, "max").transform(X)[:, 0]
    assert round(scaled.min(), 2) == 0.17 and scaled.max() == 1.0
    assert "every scaled size stays between 0.17 and 1, never near 0" in prose(EPISODE)


def pictured(kind):
    X2 = PAIR / fit_scaler(X[:, [0, 3]], kind).spread
    valley = plots_features.valley_numbers(X2, names=("size", "age"))
    run = QuadraticDescent(X2, Y).run(np.zeros(2), Y.mean(), valley.max_stable_alpha / 2, 20_000)
    return valley, run


def test_the_four_pictures_as_the_alt_text_tells_them():
    steps = {kind: pictured(kind)[1].stopped_at for kind in SCALINGS}
    assert steps == {"none": 12_757, "max": 354, "mean": 241, "zscore": 6}
    alt = output_of(EPISODE, "for ax, kind in zip(axes.flat, SCALINGS")
    assert "12,757 steps" in alt and "354 and 241 steps" in alt and "in 6 steps" in alt


def test_max_and_range_are_capped_by_b_and_the_z_score_makes_every_curvature_about_one():
    for kind in ("max", "mean"):
        valley, _ = pictured(kind)
        assert valley.set_by == "b" and valley.max_stable_alpha == pytest.approx(2.0)
        assert np.all((valley.curvatures > 0.05) & (valley.curvatures < 0.085))
        assert valley.curvatures[1] / valley.curvatures[0] < 1.7, "round contours"
    assert [round(pictured(kind)[0].elongation, 1) for kind in ("max", "mean")] == [1.3, 1.1]
    assert "the contours are nearly round too (1.3 and 1.1 times longer than wide)" in prose(EPISODE)
    z, _ = pictured("zscore")
    assert np.all(np.abs(z.curvatures - 1) < 0.02)
    text = prose(EPISODE)
    assert "the largest stable $\\alpha$ is 2, set by **b**" in text
    assert "curvatures near 0.05 to 0.08" in text


def test_divided_by_the_maximum_without_centring_the_valley_is_narrower_and_slower():
    raw = X[:, [0, 3]]
    uncentred = fit_scaler(raw, "max").transform(raw)
    limit = helpers.max_stable_alpha(uncentred)
    centred = uncentred - uncentred.mean(axis=0)
    run = QuadraticDescent(uncentred, Y).run(np.zeros(2), Y.mean(), limit / 2, 100_000)  # the picture's start
    assert round(helpers.condition_number(uncentred)) == 42 and round(helpers.condition_number(centred)) == 20
    assert run.converged and run.stopped_at == 754
    assert pictured("max")[1].stopped_at == 354 and pictured("max")[1].b_history[0] == pytest.approx(Y.mean())
    said = ("(condition number 42, against 20 centred, $b$'s direction included in both), and from the same "
            "start the run at half its largest stable $\\alpha$ takes 754 steps instead of 354")
    assert said in prose(EPISODE)


def test_scaling_moves_the_largest_stable_alpha_by_about_a_million():
    assert 3e5 < pictured("zscore")[0].max_stable_alpha / pictured("none")[0].max_stable_alpha < 3e6
    assert 3e5 < helpers.max_stable_alpha(z_scored()) / helpers.max_stable_alpha(X) < 3e6
    assert "the largest stable $\\alpha$ jumps by a factor of about a million" in prose(EPISODE)


def test_the_explorer_follows_its_still_figure_on_the_notebook_s_own_data():
    cells = load(EPISODE)["cells"]
    at = next(i for i, c in enumerate(cells) if "widgets.ScalingExplorer(" in source(c))
    assert source(cells[at]).startswith("scaling_explorer = widgets.ScalingExplorer(X[:, pair], y,")
    assert cells[at - 1]["cell_type"] == "markdown" and "### Explore" in source(cells[at - 1])
    assert "show_static(fig" in source(cells[at - 2])
    assert not any(source(c).startswith("<!-- explorer: ") for c in cells)


def opened():
    """The explorer as the notebook makes it (size and age, raw: it centres and scales them)."""
    from helpers import widgets

    return widgets.ScalingExplorer(X[:, [0, 3]], Y, names=("size", "age"))


def readout(explorer):
    return " ".join(re.sub(r"<[^>]+>", " ", explorer.readout.value).split())


def test_the_explorer_opens_on_the_top_left_picture_and_switches_to_the_others(undrawn):
    text = prose(EPISODE)
    assert ("It opens on **no scaling** at half the largest stable $\\alpha$: the top-left picture above, "
            "12,757 steps") in text
    explorer = opened()
    try:
        shown = readout(explorer)
        assert "the valley is 31.3× longer than wide" in shown and "3.06×10⁻⁶ (set by size)" in shown
        assert "converged after 12,757 steps" in shown
        for kind, (long, limit, n) in {"max": ("1.28", "2 (set by b)", 354),
                                       "mean": ("1.07", "2 (set by b)", 241),
                                       "zscore": ("1.01", "1.971 (set by size and age)", 6)}.items():
            explorer.update(scaling=kind)
            shown = readout(explorer)
            assert f"the valley is {long}× longer than wide" in shown and limit in shown
            assert f"converged after {n} steps" in shown
            assert explorer.result.stopped_at == pictured(kind)[1].stopped_at
    finally:
        explorer.close()


def test_the_explorer_at_ninety_percent_without_scaling_is_the_run_of_section_6(undrawn):
    explorer = opened()
    try:
        explorer.update(alpha=0.9 * pictured("none")[0].max_stable_alpha)
        assert "converged after 7,085 steps" in readout(explorer)
    finally:
        explorer.close()


def test_what_the_explorer_shows_near_the_limit_as_its_prose_tells_it(undrawn):
    text = prose(EPISODE)
    assert "zig-zags across the valley for about a hundred steps and needs 6,503 to arrive" in text
    assert "the run takes 458 steps" in text and "drag $\\alpha$ down to 1 and it arrives in 5" in text
    explorer = opened()
    try:
        explorer.update(alpha=3e-6)
        w1 = explorer.result.w_history[:, 0]
        off = np.abs(w1 / w1[-1] - 1)  # how far w₁ swings from where it ends
        assert explorer.result.stopped_at == 6_503 and off[50] > 0.05 and off[150] < 0.01  # about a hundred
        explorer.update(scaling="zscore")
        assert explorer.result.stopped_at == 458
        explorer.update(alpha=1.0)
        assert explorer.result.converged and explorer.result.stopped_at == 5
    finally:
        explorer.close()


# --- new houses and readable weights -----------------------------------------------------------------


def fitted():
    return helpers.gradient_descent(z_scored(), Y, np.zeros(4), 0.0, 0.5, 1000)


NEW = np.array([[2100, 3, 2, 15], [1200, 2, 1, 60], [3300, 5, 3, 5]], dtype=float)


def test_new_houses_scaled_by_their_own_statistics_come_out_cheaper():
    result, scaler = fitted(), fit_scaler(X, "zscore")
    right = helpers.predict(scaler.transform(NEW), result.w, result.b)
    wrong = helpers.predict(fit_scaler(NEW, "zscore").transform(NEW), result.w, result.b)
    w_best, b_best = helpers.least_squares(X, Y)
    np.testing.assert_allclose(right, NEW @ w_best + b_best, atol=1e-3)
    drop = right - wrong
    assert np.all(drop > 0) and round(drop.min()) == 62 and round(drop.max()) == 82
    assert "come out 62 to 82 thousand dollars cheaper" in prose(EPISODE)
    with pytest.raises(ValueError, match="same value"):
        fit_scaler(NEW[:1], "zscore")


def test_the_shape_of_the_bowl_does_not_depend_on_the_prices():
    """J is quadratic: its second differences (the curvatures) are the same whatever y is."""
    h, w, b = 1.0, np.array([0.3, 5.0, 2.0, -1.0]), 10.0
    rng = np.random.default_rng(3)

    def curvature_along(y, direction):
        def cost(t):
            return helpers.compute_cost(z_scored(), y, w + t * direction[:4], b + t * direction[4])

        return (cost(h) - 2 * cost(0.0) + cost(-h)) / h**2

    for direction in rng.normal(size=(4, 5)):
        assert curvature_along(Y, direction) == pytest.approx(curvature_along(Y / Y.std() + 7.0, direction))
    result = fitted()
    in_thousands = helpers.gradient_descent(z_scored(), Y / 1000, np.zeros(4), 0.0, 0.5, 1000)
    assert in_thousands.stopped_at == result.stopped_at, "the same run, in other units"
    text = prose(EPISODE)
    assert "depends on the features alone, so scaling $y$ would not make the valley any rounder" in text


def test_unscaled_weights_are_the_least_squares_fit_and_not_quite_the_recipe():
    result, scaler = fitted(), fit_scaler(X, "zscore")
    w, b = scaler.unscale(result.w, result.b)
    w_best, b_best = helpers.least_squares(X, Y)
    np.testing.assert_allclose([*w, b], [*w_best, b_best], rtol=1e-5)
    assert "the same as least squares on the raw features: True" in output_of(EPISODE, "scaler.unscale(")
    assert np.corrcoef(X[:, 0], X[:, 1])[0, 1] > 0.5 and np.corrcoef(X[:, 0], X[:, 2])[0, 1] > 0.5
    assert "bedrooms and floors grow with the size" in prose(EPISODE)


# --- exercises ------------------------------------------------------------------------------------


def lesson_code():
    return "\n".join(source(c) for c in code_cells(load(EPISODE)) if "solution" not in tags(c))


def test_exercise_answers_are_not_in_a_cell_above_them():
    code = lesson_code()
    assert "X.T @" not in code and ".T @ errors" not in code, "the answer to 6.1"
    assert ".std(axis=0)" not in code and "np.std(" not in code, "the answer to 6.2"


def test_the_solution_of_6_1_is_the_package_gradient():
    solution = notebook_functions(EPISODE)["compute_gradient_matrix"]
    for w, b in [(np.zeros(4), 0.0), (np.array([0.1, 5.0, 3.0, -0.5]), 20.0)]:
        mine, package = solution(X, Y, w, b), helpers.compute_gradient(X, Y, w, b)
        np.testing.assert_allclose(mine[0], package[0], rtol=1e-12)
        assert mine[1] == pytest.approx(package[1])


def test_the_solution_of_6_2_is_the_package_z_score():
    solution = notebook_functions(EPISODE)["scale_houses"]
    scaler = fit_scaler(X, "zscore")
    X_train, y_out, X_new = solution(X, Y, NEW)
    np.testing.assert_allclose(X_train, scaler.transform(X))
    np.testing.assert_allclose(X_new, scaler.transform(NEW))
    assert y_out is Y


def test_exercise_6_3_s_budget_and_hint_hold():
    text = source(cell_containing(load(EPISODE), "### Exercise 6.3", kind="markdown"))
    assert "converges **within 150 steps**" in text and episode6.BUDGET == 150
    assert "the best $\\alpha$ is not always the largest stable one" in text
    best_alpha, _ = episode6.fewest_steps("zscore")
    assert best_alpha < 0.95 * helpers.max_stable_alpha(z_scored())
    labels = [e["label"] for e in exercises(EPISODE)]
    assert labels == ["6.1", "6.2", "6.3"]


def test_exercise_6_2_keeps_a_constant_feature_where_fit_scaler_refuses_it():
    constant = np.column_stack([X[:, 0], np.full(len(X), 5.0)])
    with pytest.raises(ValueError, match="has the same value, 5, in every example"):
        fit_scaler(constant, "zscore")
    text = prose(EPISODE)
    assert "divide it by 1 instead, as scikit-learn's `StandardScaler` does (the training houses" in text
    assert "The course's `fit_scaler` refuses such a feature instead, with a message that names it" in text
