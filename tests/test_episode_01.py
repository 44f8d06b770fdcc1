"""Episode 1, walking downhill: the notebook's own code agrees with the package, and each claim of
its prose is what the package computes."""

from __future__ import annotations

import inspect
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
    run_cell,
    source,
)

import helpers

EPISODE = 1
STEP_CASES = [(w, s, a) for w in (-2.0, 0.0, 5.0) for s in (-4.0, 0.0, 6.5) for a in (0.01, 0.1, 0.7)]


def two_houses():
    return helpers.load_houses("two_houses.csv")


# --- the functions the episode writes by hand ------------------------------------------------------


@pytest.mark.parametrize(("w", "slope", "alpha"), STEP_CASES)
def test_update_is_the_package_step(w, slope, alpha):
    update = notebook_functions(EPISODE)["update"]
    assert update(w, slope, alpha) == pytest.approx(helpers.step(w, slope, alpha))


@pytest.mark.parametrize(
    ("cost", "w_in", "alpha"), [("bowl", 0.0, 0.1), ("bowl", 6.5, 0.9), ("valleys", 4.0, 0.05)]
)
def test_descend_is_the_package_descent(cost, w_in, alpha):
    cost = helpers.bowl() if cost == "bowl" else helpers.two_valleys()
    descend = notebook_functions(EPISODE)["descend"]
    package = helpers.gradient_descent_1d(cost.J, cost.dJ_dw, w_in, alpha, 25, tol=0.0)
    np.testing.assert_allclose(descend(w_in, alpha, 25, cost.dJ_dw), package.w_history)
    assert list(inspect.signature(descend).parameters)[:3] == list(inspect.signature(cost.descend).parameters)


def test_three_steps_by_hand_are_the_package_steps_and_shrink_as_quoted():
    printed, _ = run_cell(EPISODE, "w = w - alpha * dj_dw")
    by_hand = [float(v) for v in re.findall(r"w = ([\d.]+),", printed)]
    package = helpers.bowl().descend(0.0, 0.1, 3).w_history
    np.testing.assert_allclose(by_hand, package[1:])
    assert "(0.6, then 0.48, then 0.384)" in prose(EPISODE)
    np.testing.assert_allclose(np.diff(package), [0.6, 0.48, 0.384])


# --- what the prose says ---------------------------------------------------------------------------


def test_the_line_has_a_weight_and_a_bias_and_intercept_is_defined_before_a_figure_uses_it():
    cells = load(EPISODE)["cells"]
    defined = next(i for i, c in enumerate(cells) if "**intercept**" in source(c))
    assert "the **weight** $w$" in source(cells[defined]) and "the **bias** $b$" in source(cells[defined])
    first_contour = next(i for i, c in enumerate(cells) if "plot_cost_contour(" in source(c))
    assert defined < first_contour
    assert "(slope)" not in markdown(load(EPISODE)), "'slope' means dJ/dw in this course, not w"


def test_iterates_are_defined_before_the_first_figure_that_draws_them():
    cells = load(EPISODE)["cells"]
    defined = next(
        i for i, c in enumerate(cells) if c["cell_type"] == "markdown" and "**iterates**" in source(c)
    )
    first_path = next(
        i for i, c in enumerate(cells) if "plot_path_1d(" in source(c) or "Explorer(" in source(c)
    )
    assert defined < first_path


def test_costs_of_the_three_guesses_and_of_one_step():
    x, y = two_houses()
    text = prose(EPISODE)
    assert "85000" in text and helpers.compute_cost(x, y, 0, 0) == pytest.approx(85000)
    assert "The third guess has cost 0" in text and helpers.compute_cost(x, y, 200, 100) == 0
    dj_dw, dj_db = helpers.compute_gradient(x, y, 0, 0)
    assert dj_dw < 0 and dj_db < 0, "both slopes are negative"
    after = helpers.compute_cost(x, y, -0.1 * dj_dw, -0.1 * dj_db)
    assert "about 36700" in text and after == pytest.approx(36700, abs=50)


def test_converged_means_the_slope_is_close_to_zero():
    text = prose(EPISODE)
    assert "Gradient descent has **converged** when the slope is close to zero" in text
    assert "a hundred-millionth of its size at the start (`helpers.GRADIENT_TOL`)" in text
    assert helpers.GRADIENT_TOL == 1e-8
    assert "**converged**: the slope is close to zero" in text  # the summary says it the same way
    assert "barely change" not in text and "CONVERGENCE_TOL" not in text
    result = helpers.bowl().descend(0.0, 0.1, 1000)
    assert result.converged and result.stopped_at < 1000, "the run stopped on its own"
    assert abs(result.slope) <= helpers.GRADIENT_TOL * abs(result.start_slope)
    printed = output_of(EPISODE, "for k in [0, 10, 20, 40, 60, result.iterations]:")
    slopes = [float(s) for s in re.findall(r"slope ([+-][\d.e+-]+)", printed)]
    assert slopes[0] == -6.0 and slopes[-1] == pytest.approx(result.slope, rel=0.05)
    assert all(abs(b) < abs(a) for a, b in zip(slopes, slopes[1:], strict=False)), "the slope shrinks"


def test_the_long_flat_valley_floor():
    x, y = two_houses()
    text = prose(EPISODE)
    path = helpers.gradient_descent(x, y, w_in=0, b_in=0, alpha=0.1, num_iters=10_000)
    assert path.converged
    assert "from $J = 85000$ to about 32" in text and round(path.J_history[10]) == 32
    assert "near $w = 187$, $b = 114$" in text
    assert (round(path.w_history[10]), round(path.b_history[10])) == (187, 114)
    assert "for more than 1600 steps" in text and 1600 < path.stopped_at - 10 < 1700
    assert "about 13 and 14 away" in text
    assert (round(200 - path.w_history[10]), round(path.b_history[10] - 100)) == (13, 14)
    zoom = source(cell_containing(load(EPISODE), "Zoomed in near the lowest point"))
    assert "the other 1650 steps" in zoom and path.stopped_at - 10 == pytest.approx(1650, abs=10)


def test_two_starts_one_apart_end_in_different_valleys():
    valleys = helpers.two_valleys()
    text = prose(EPISODE)
    assert "a deep valley at $w = 1$ and a shallower one at $w = 5$, with a hilltop at $w = 3.5$" in text
    assert valleys.dJ_dw(3.5) == 0 and valleys.d2J_dw2(3.5) < 0
    assert valleys.descend(3.0, 0.05, 500).w == pytest.approx(1.0, abs=1e-6)
    assert valleys.descend(4.0, 0.05, 500).w == pytest.approx(5.0, abs=1e-6)
    assert "stuck at a cost of 5.33 when 0 was possible" in text
    assert valleys.J(5.0) == pytest.approx(5.33, abs=0.005) and valleys.J(1.0) == pytest.approx(0, abs=1e-12)


def test_the_simultaneous_update_is_previewed_as_episode_5_tells_it():
    """Episode 1's promise about the sequential update is what Episode 5 shows: a different
    algorithm, not a broken one (on the two houses it even converges where descent diverges)."""
    text = prose(EPISODE)
    assert "both slopes taken at the same point (a **simultaneous update**)" in text
    assert (
        "Episode 5 compares it with the tempting alternative, moving $w$ first and then taking $b$'s "
        "slope at the new $w$: a different algorithm, with surprises of its own."
    ) in text
    assert "goes wrong" not in text
    assert "cyclic coordinate descent" in prose(5)


def test_one_parameter_comes_before_two():
    text = markdown(load(EPISODE))
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    one = next(i for i, h in enumerate(headings) if h.startswith("2. One parameter"))
    two = next(i for i, h in enumerate(headings) if h.startswith("5. Two parameters"))
    assert one < two
    assert text.index("w \\leftarrow w - \\alpha\\,\\frac{dJ}{dw}") < text.index("\\partial")
    assert 'curly d, read "partial"' in text and "(Episode 2 explains)" in text


def test_the_first_explorer_says_the_curve_can_be_clicked():
    cells = load(EPISODE)["cells"]
    first = next(i for i, c in enumerate(cells) if "Explorer(" in source(c))
    assert "**click on the curve**" in source(cells[first - 1])


def test_the_walk_explorer_and_the_still_figures_use_the_bowl():
    code = "\n".join(source(c) for c in code_cells(load(EPISODE)))
    assert "widgets.DescentExplorer(cost" in code and "cost = helpers.bowl()" in code


# --- what "downhill" needs, and where the walk on the two houses turns --------------------------------


def test_downhill_needs_a_small_enough_alpha_as_the_prose_says():
    run = helpers.bowl().descend(w_in=6.5, alpha=1.5, num_iters=100)
    assert run.diverged and run.J_history[1] > run.J_history[0]
    text = prose(EPISODE)
    assert "Either way, downhill, as long as $\\alpha$ is small enough (Episode 3)." in text
    assert "so downhill as long as $\\alpha$ is small enough" in text
    assert "always downhill" not in text


def test_the_walk_turns_around_step_15_and_the_size_of_the_slope_is_about_1_on_the_floor():
    x, y = two_houses()
    path = helpers.gradient_descent(x, y, w_in=0, b_in=0, alpha=0.1, num_iters=10_000)
    turn = int(np.argmax(path.b_history))
    assert turn == 15 and round(path.w_history[turn]) == 190 and round(path.b_history[turn]) == 115
    at = [(path.w_history[k], path.b_history[k]) for k in (0, 20, 100)]
    sizes = [np.hypot(*helpers.compute_gradient(x, y, w, b)) for w, b in at]
    assert round(sizes[0]) == 763 and all(0.5 < s < 2 for s in sizes[1:])
    text = prose(EPISODE)
    assert "A few steps later (around step 15, near $w = 190$, $b = 115$) it turns" in text
    assert "(about 1, against 763 at the start)" in text
    assert "bends near w = 190, b = 115 around step 15" in output_of(EPISODE, "fig, (ax_zoom, ax_cost)")
