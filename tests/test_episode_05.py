"""Episode 5, linear regression: the notebook's own code agrees with the package, each claim of
its prose is what the package computes (the sequential update included), and its exercises cannot
be answered by copying a cell above them."""

from __future__ import annotations

import re

import numpy as np
import pytest
from notebook_reading import (
    cell_containing,
    code_cells,
    exercises,
    load,
    markdown,
    notebook_functions,
    output_of,
    prose,
    source,
    tags,
)

import helpers
from helpers.exercises import episode5

EPISODE = 5


def datasets():
    rng = np.random.default_rng(7)
    x = rng.uniform(-2.0, 5.0, size=25)
    return {
        "two_houses": helpers.load_houses("two_houses.csv"),
        "houses": helpers.load_houses("houses.csv"),
        "random": (x, 3.0 - 1.5 * x + rng.normal(0.0, 0.3, size=x.size)),
    }


def lesson():
    """The functions the lesson writes (not the exercise solutions)."""
    return notebook_functions(EPISODE, solutions=False)


def sequential_path(x, y, alpha, num_iters):
    """The sequential update from (0, 0), as the notebook's loop does it (a test below checks that),
    computed from the data's moments: the gradient of this quadratic cost is exact and cheap."""
    xx, x1, xy, y1 = np.mean(x * x), np.mean(x), np.mean(x * y), np.mean(y)
    w = b = 0.0
    path = [(w, b)]
    for _ in range(num_iters):
        w = w - alpha * (w * xx + b * x1 - xy)
        b = b - alpha * (w * x1 + b - y1)
        path.append((w, b))
        if abs(w) + abs(b) > 1e9:
            break
    return np.array(path)


def first_flat_step(x, y, path):
    """The first step at which the size of the slope is GRADIENT_TOL of its start (None: never)."""
    errors = path[:, :1] * x + path[:, 1:] - y  # one row of errors per point of the path
    sizes = np.hypot(np.mean(errors * x, axis=1), np.mean(errors, axis=1))
    flat = np.flatnonzero(sizes <= helpers.GRADIENT_TOL * sizes[0])
    return int(flat[0]) if flat.size else None


# --- the notebook's own code ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["two_houses", "houses", "random"])
@pytest.mark.parametrize(("w", "b"), [(0.0, 0.0), (150.0, -20.0), (-3.0, 7.5)])
def test_the_gradient_loop_is_the_package_gradient(name, w, b):
    x, y = datasets()[name]
    np.testing.assert_allclose(
        lesson()["compute_gradient_loop"](x, y, w, b),
        helpers.compute_gradient(x, y, w, b),
        rtol=1e-12,
        atol=1e-9,
    )


def test_the_formulas_agree_with_finite_differences_as_section_3_says():
    printed = output_of(EPISODE, "numeric_w = (helpers.compute_cost")
    pairs = re.findall(r"(-?\d+\.\d\d) vs nudged\s+(-?\d+\.\d\d)", printed)
    assert len(pairs) == 6 and all(a == b for a, b in pairs)
    assert "$\\partial J/\\partial w = \\frac{(-300)(1) + (-500)(2)}{2} = -650$" in prose(EPISODE)


@pytest.mark.parametrize("name", ["two_houses", "houses"])
@pytest.mark.parametrize("alpha", [0.01, 0.1, 0.25])
def test_my_gradient_descent_is_the_package_loop(name, alpha):
    x, y = datasets()[name]
    w, b, J_history = lesson()["my_gradient_descent"](x, y, 0.0, 0.0, alpha, 200)
    result = helpers.gradient_descent(x, y, 0.0, 0.0, alpha, 200, tol=0.0)
    np.testing.assert_allclose(J_history, result.J_history, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose((w, b), (result.w, result.b), rtol=1e-9)


def test_the_package_stops_on_a_flat_slope_and_1000_steps_are_not_enough_here():
    text = prose(EPISODE)
    assert (
        "at most `helpers.GRADIENT_TOL` (a hundred-millionth) of its size at the start, or so small that it "
        "can no longer change $J$ noticeably (**converged**)"
    ) in text
    assert "(**stalled**)" in text and "**out of steps**" in text and "(**diverged**)" in text
    x, y = datasets()["two_houses"]
    assert helpers.gradient_descent(x, y, 0.0, 0.0, 0.1, 1000).out_of_steps
    assert helpers.gradient_descent(x, y, 0.0, 0.0, 0.1, 10_000).converged
    assert output_of(EPISODE, "num_iters=1000)\nprint(result.status)").startswith(
        "out of steps after 1000 steps"
    )


# --- the sequential update, told as it is ---------------------------------------------------------


@pytest.mark.parametrize(("name", "alpha"), [("two_houses", 0.1), ("houses", 0.5), ("houses", 1.2)])
def test_the_sequential_loop_moves_w_before_taking_b_s_slope(name, alpha):
    x, y = datasets()[name]
    path = lesson()["sequential_descent"](x, y, 0.0, 0.0, alpha, 400)
    w, b = 0.0, 0.0
    for k in range(1, 4):
        w = w - alpha * helpers.compute_gradient(x, y, w, b)[0]
        b = b - alpha * helpers.compute_gradient(x, y, w, b)[1]
        np.testing.assert_allclose(path[k], (w, b), rtol=1e-12)
    np.testing.assert_allclose(path, sequential_path(x, y, alpha, 400), rtol=1e-6)


def test_three_versions_three_first_steps_and_only_one_along_minus_the_gradient():
    x, y = datasets()["two_houses"]
    printed = output_of(EPISODE, "b_first = 0.0 - 0.1 * dj_db_start")
    assert "simultaneous, step 1: w = 65.00, b = 40.00" in printed
    assert "sequential,   step 1: w = 65.00, b = 30.25" in printed
    assert "b first,      step 1: w = 59.00, b = 40.00" in printed
    gradient = np.array(helpers.compute_gradient(x, y, 0.0, 0.0))
    simultaneous = helpers.gradient_descent(x, y, 0.0, 0.0, 0.1, 1).p_history[1]
    sequential = sequential_path(x, y, 0.1, 1)[1]

    def across(step):  # the part of a step at right angles to minus the gradient
        return step[0] * -gradient[1] - step[1] * -gradient[0]

    assert across(simultaneous) == pytest.approx(0, abs=1e-9), (
        "the simultaneous step is along minus the gradient"
    )
    assert abs(across(sequential)) > 1.0, "the sequential step is not"
    said = "It is a different algorithm, with a name of its own: **cyclic coordinate descent** (here with a"
    assert said in prose(EPISODE)


def test_on_the_two_houses_the_sequential_version_even_helps():
    x, y = datasets()["two_houses"]
    text = prose(EPISODE)
    gd = helpers.gradient_descent(x, y, 0.0, 0.0, 0.1, 10_000)
    seq = first_flat_step(x, y, sequential_path(x, y, 0.1, 2000))
    said = "the sequential version's slope reaches the converged line in fewer steps (about 1400 against"
    assert said + " 1660)" in text
    assert seq == pytest.approx(1400, abs=25) and gd.stopped_at == pytest.approx(1660, abs=25)
    assert "each of its steps takes two passes over the data instead of one, so in work it is behind" in text
    assert 2 * seq > gd.stopped_at
    assert "where gradient descent blows up within 10 steps, its slope reaches that line in under 100" in (
        text)
    blown = helpers.gradient_descent(x, y, 0.0, 0.0, 0.9, 2000)
    assert blown.diverged and blown.stopped_at <= 10
    assert first_flat_step(x, y, sequential_path(x, y, 0.9, 2000)) < 100


def test_the_threshold_is_gradient_descent_s_and_the_sequential_version_ignores_it():
    x, y = datasets()["houses"]
    limit = helpers.max_stable_alpha(x)
    printed = output_of(EPISODE, "def outcome(x, y, path):")
    found = re.findall(r"α = ([\d.]+)\s+gradient descent: (\w+)\s+sequential: (\w+)", printed)
    rows = {alpha: (simultaneous, sequential) for alpha, simultaneous, sequential in found}
    assert list(rows) == ["0.1", "0.3", "0.5", "0.9", "1.2"]
    for alpha, (simultaneous, sequential) in rows.items():
        gd = helpers.gradient_descent(x, y, 0.0, 0.0, float(alpha), 2000)
        assert simultaneous == gd.outcome == ("converged" if float(alpha) < limit else "diverged")
        path = sequential_path(x, y, float(alpha), 2000)
        flat = first_flat_step(x, y, path)
        assert sequential == ("converged" if flat is not None else "diverged")
    assert [s for _, s in rows.values()] == ["converged", "converged", "diverged", "converged", "diverged"]
    text = prose(EPISODE)
    assert "below 0.297 it converges, above it it diverges" in text and round(limit, 3) == 0.297
    said = "it converges at 0.3, just above it, diverges at 0.5, converges again at 0.9 and diverges at 1.2"
    assert said in text
    alphas = (0.1, 0.15, 0.2, 0.25, 0.29)
    below = [a for a in alphas if first_flat_step(x, y, sequential_path(x, y, a, 4000)) is None]
    assert not below, "below the threshold the sequential version converges too: it respects it from below"
    assert "ignores that number in both directions" not in text


def test_the_rule_is_stated_with_its_reasons():
    text = prose(EPISODE)
    assert "compute every derivative at the current point, then update every parameter" in text
    assert "the mistake" not in text.lower().replace('the "mistake"', "")
    assert "Moving $w$ before taking $b$'s slope is a different algorithm (coordinate descent)" in text


# --- training, the threshold, the exact answer ----------------------------------------------------


def test_one_percent_either_side_of_the_threshold():
    x, y = datasets()["houses"]
    limit = helpers.max_stable_alpha(x)
    below = helpers.gradient_descent(x, y, 0.0, 0.0, 0.99 * limit, 2000)
    above = helpers.gradient_descent(x, y, 0.0, 0.0, 1.01 * limit, 2000)
    text = prose(EPISODE)
    assert "the run converges (in 912 steps here" in text and below.converged and below.stopped_at == 912
    assert above.diverged and "the cost grows by about 4 % per step from the very first one" in text
    growth = above.J_history[1:4] / above.J_history[:3]
    np.testing.assert_allclose(growth, 1.04, atol=0.005)


def test_descent_closes_in_on_the_least_squares_line():
    x, y = datasets()["houses"]
    result = helpers.gradient_descent(x, y, 0.0, 0.0, 0.1, 10_000)
    w_exact, b_exact = helpers.least_squares(x, y)
    gap = np.hypot(result.w - w_exact, result.b - b_exact)
    figure = output_of(EPISODE, "Gradient descent closes in on the exact answer")
    assert "down to about 1e-4 at the last step" in figure and 0.5e-4 < gap < 2e-4
    two = helpers.gradient_descent(*datasets()["two_houses"], 0.0, 0.0, 0.1, 10_000)
    assert (round(two.w, 2), round(two.b, 2)) == (200.0, 100.0)


def test_the_timing_cell_is_not_compared_by_nbval():
    timing = [c for c in code_cells(load(EPISODE)) if "timeit" in source(c) and "repeat" in source(c)]
    assert len(timing) == 1 and "nbval-ignore-output" in tags(timing[0])
    assert "times faster" in output_of(EPISODE, "t_vec = min(timeit.repeat(")


# --- exercises that need the idea, not the scroll wheel ------------------------------------------


def test_exercise_5_1_asks_for_a_gradient_the_episode_never_shows():
    labels = {e["label"]: e for e in exercises(EPISODE)}
    assert labels["5.1"]["title"] == "The gradient of a curve"
    assert "$f_{w,b}(x) = w\\,x^2 + b$" in source(labels["5.1"]["heading"])
    lesson_code = "\n".join(source(c) for c in code_cells(load(EPISODE)) if "solution" not in tags(c))
    assert "x**2" not in lesson_code, "the answer to 5.1 must not be in a cell above it"


def test_the_check_of_5_1_uses_finite_differences_that_agree_with_the_solution():
    solution = notebook_functions(EPISODE)["compute_gradient_curve"]
    for x, y, w, b in episode5._curve_cases():
        np.testing.assert_allclose(
            episode5._curve_numeric_gradient(x, y, w, b), solution(x, y, w, b), rtol=1e-9
        )


def test_exercise_5_2_is_the_notebook_s_buggy_loop_with_its_two_bugs():
    functions = lesson()
    buggy, stub = functions["buggy_descent"], functions["fixed_descent"]
    x, y = datasets()["two_houses"]
    assert buggy(x, y, 0.0, 0.0, 0.1, 7) == stub(x, y, 0.0, 0.0, 0.1, 7), "the stub is a copy of the loop"
    as_given, hint = episode5.FIXED_DESCENT_MISTAKES[0]
    for case in episode5._descent_cases():
        np.testing.assert_allclose(buggy(*case), as_given(*case))
    verdict = episode5.check_fixed_descent(buggy)
    assert not verdict.passed and verdict.message == hint
    printed = output_of(EPISODE, "def buggy_descent(")
    shown = [tuple(float(v) for v in pair) for pair in re.findall(r"w = ([\d.]+), b = ([\d.]+)", printed)]
    reference = helpers.gradient_descent(x, y, 0.0, 0.0, 0.1, 20, tol=0.0)
    np.testing.assert_allclose(shown[0], buggy(x, y, 0.0, 0.0, 0.1, 20), atol=0.005)
    np.testing.assert_allclose(shown[1], (reference.w, reference.b), atol=0.005)
    assert abs(shown[0][0] - shown[1][0]) > 10, "the two runs visibly disagree"


def test_the_solution_of_5_2_is_gradient_descent():
    fixed = notebook_functions(EPISODE)["fixed_descent"]
    for x, y in datasets().values():
        result = helpers.gradient_descent(x, y, 0.0, 0.0, 0.01, 30, tol=0.0)
        np.testing.assert_allclose(fixed(x, y, 0.0, 0.0, 0.01, 30), (result.w, result.b), rtol=1e-9)


def test_exercise_5_3_names_the_ceiling_of_section_8():
    text = source(cell_containing(load(EPISODE), "### Exercise 5.3", kind="markdown"))
    assert "converges **within 600 steps**" in text and "section 8 tells you the ceiling" in text
    assert "max_stable_alpha" in markdown(load(EPISODE))


def test_the_two_paths_and_slope_curves_look_as_their_alt_texts_say():
    x, y = datasets()["two_houses"]
    path = sequential_path(x, y, 0.1, 60)
    w_end, b_end = path[-1]
    assert round(w_end) == 202 and round(b_end) == 97 and 3.5 < np.hypot(w_end - 200, b_end - 100) < 4.5
    assert path[:, 0].max() > 200 and np.all(path[-10:, 1] < 100), "passes w = 200, approaches from below"
    alts = " ".join(output_of(EPISODE, text) for text in ("approaching it from below", "drop steeply"))
    assert "ends about 4 from the minimum, at w = 202, b = 97" in alts
    gd = helpers.gradient_descent(x, y, 0.0, 0.0, 0.1, 10_000)
    sizes = np.hypot(*np.array([helpers.compute_gradient(x, y, w, b) for w, b in
                                zip(gd.w_history[:200], gd.b_history[:200], strict=True)]).T)
    early, late = sizes[20] / sizes[0], sizes[120] / sizes[100]
    assert early < 0.01 and 0.8 < late < 0.9, "steep for about 20 steps, then a steady fall"
    assert "both drop steeply in the first 20 or so steps, then fall along straight lines" in alts
