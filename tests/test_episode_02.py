"""Episode 2, the derivative term: the notebook's own code agrees with the package, and each claim
of its prose is what the package computes."""

from __future__ import annotations

import re

import pytest
from notebook_reading import (
    code_cells,
    load,
    namespace,
    notebook_functions,
    output_of,
    prose,
    run_cell,
    source,
)

import helpers

EPISODE = 2


@pytest.mark.parametrize("w", [-0.5, 0.7, 2.0, 4.2, 6.3])
def test_slope_estimate_matches_the_formulas(w):
    slope_estimate = notebook_functions(EPISODE)["slope_estimate"]
    for cost in (helpers.bowl(), helpers.two_valleys(), helpers.bowl(w_min=-1.0, curvature=3.0)):
        assert slope_estimate(cost.J, w) == pytest.approx(cost.dJ_dw(w), rel=1e-4, abs=1e-4)


@pytest.mark.parametrize(("w", "alpha"), [(5.0, 0.1), (1.0, 0.25), (4.2, 0.05)])
def test_numeric_step_is_the_package_step(w, alpha):
    functions = notebook_functions(EPISODE)
    cost = helpers.two_valleys()
    assert functions["numeric_step"](cost.J, w, alpha) == pytest.approx(
        helpers.step(w, cost.dJ_dw(w), alpha), abs=1e-5
    )


def test_rise_over_run_of_a_line_and_the_tangent_slopes():
    text = prose(EPISODE)
    assert "rises $8 - 2 = 6$ over a run of $3 - 1 = 2$, so its slope is $6 / 2 = 3$" in text
    cost = helpers.bowl()
    assert "the slope is $+4$" in text and cost.dJ_dw(5.0) == 4
    assert "the slope is $-4$" in text and cost.dJ_dw(1.0) == -4


def test_estimates_close_in_on_the_slope_as_h_shrinks():
    printed = output_of(EPISODE, "for h in [1, 0.1, 0.01, 0.001, 1e-6]:")
    estimates = [float(v) for v in re.findall(r"rise / run = ([\d.]+)", printed)]
    assert len(estimates) == 5
    errors = [abs(e - 4.0) for e in estimates]
    assert all(b < a for a, b in zip(errors, errors[1:], strict=False)) and errors[-1] < 1e-5


def test_printed_formula_and_estimate_columns_agree_to_four_decimals():
    for text in ("formula 2(w - 3)", "formula {valleys.dJ_dw(w)"):
        rows = re.findall(r"([+-]\d+\.\d{4})\s+(?:estimate\s+)?([+-]\d+\.\d{4})", output_of(EPISODE, text))
        assert len(rows) >= 4
        for formula, estimate in rows:
            assert float(formula) == pytest.approx(float(estimate), abs=2e-4)
    assert "They agree to 4 decimals everywhere" in prose(EPISODE)


def test_the_gradient_of_the_two_houses_and_its_direction():
    text = prose(EPISODE)
    x, y = helpers.load_houses("two_houses.csv")
    assert "Here the gradient is $(-650, -400)$" in text
    assert helpers.compute_gradient(x, y, 0.0, 0.0) == pytest.approx((-650.0, -400.0))
    assert "is the **gradient** of $J$" in text
    assert "**steepest uphill**" in text and "**steepest downhill**" in text


def test_one_step_from_each_side_goes_downhill():
    cost = helpers.bowl()
    for w, expected in [(5.0, 4.0), (1.0, 2.0)]:
        w_next = helpers.step(w, cost.dJ_dw(w), 0.25)
        assert w_next == expected and cost.J(w_next) < cost.J(w)
    text = prose(EPISODE)
    assert (
        text.count("goes down (if $\\alpha$ is small enough: Episode 3)") == 3
    )  # two table rows, the summary


def test_the_change_in_cost_is_about_minus_alpha_times_slope_squared():
    printed, _ = run_cell(EPISODE, "predicted change in J", namespace(cost=helpers.bowl()))
    predicted, actual = (float(v) for v in re.findall(r"(-\d+\.\d+)", printed))
    cost = helpers.bowl()
    assert predicted == pytest.approx(-0.01 * 4.0**2)
    assert actual == pytest.approx(cost.J(5.0 - 0.01 * 4.0) - cost.J(5.0), abs=1e-4)
    assert actual == pytest.approx(predicted, rel=0.05)


def test_adding_the_slope_climbs():
    printed, _ = run_cell(EPISODE, "# the wrong sign", namespace(cost=helpers.bowl()))
    costs = [float(v) for v in re.findall(r"J = ([\d.]+)", printed)]
    assert len(costs) == 5 and all(b > a for a, b in zip(costs, costs[1:], strict=False))
    assert "gradient *ascent*" in prose(EPISODE)


def test_the_explorers_are_the_tangent_and_the_descent_on_two_valleys():
    code = "\n".join(source(c) for c in code_cells(load(EPISODE)))
    assert "widgets.TangentExplorer(cost" in code
    assert "widgets.DescentExplorer(valleys" in code and "show_tangent=True" in code
