"""PolynomialExplorer (Episode 7): a curve fitted by gradient descent, against the math core."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from live_sharing import fresh

import helpers
from helpers import widgets as gw
from helpers.exercises import episode7
from helpers.fastpath import QuadraticDescent
from helpers.scaling import polynomial_features

x, y, x_held, y_held = episode7.curve_data()


# ------------------------------------------------------------- one explorer, shared (live_sharing.py)




@pytest.fixture
def explorer(shared, undrawn):
    """Section 5's explorer as it opens (one for the module, put back before each test), made
    ``undrawn``: these tests check its numbers, artists' data and words, not pixels."""
    return fresh(shared, "section 5",
                 lambda: gw.PolynomialExplorer(x, y, x_held, y_held, degree=3, alpha=0.1, num_iters=5000))


def scaled(degree, values):
    return episode7.scaled_powers(x, values, degree)[1]


def test_it_opens_on_section_5_s_fit_converged_in_889_steps(explorer):
    assert explorer.result.converged and explorer.result.stopped_at == 889
    expected = QuadraticDescent(scaled(3, x), y).run(np.zeros(3), 0.0, 0.1, 5000)
    np.testing.assert_allclose(explorer.result.p_history, expected.p_history)
    text = explorer.readout.value
    assert "converged after 889 steps" in text and "<b>condition number</b> 54.17" in text
    assert "(diverges above 0.2481)" in text and "<b>α</b> = 0.1 " in text
    assert explorer.alpha_slider.value == 0.1 and explorer.degree_slider.value == 3
    assert explorer.scaling_toggle.value == "on"
    assert "degree-3 polynomial" in explorer.describe() and "converged after 889 steps" in explorer.describe()


def test_the_curve_is_the_model_at_step_k_and_ends_on_least_squares(explorer):
    grid = explorer.fit_.curve.get_xdata()
    w, b = explorer.result.w, explorer.result.b
    np.testing.assert_allclose(explorer.fit_.curve.get_ydata(), scaled(3, grid) @ w + b)
    w_exact, b_exact = helpers.least_squares(scaled(3, x), y)
    np.testing.assert_allclose(explorer.exact_.get_ydata(), scaled(3, grid) @ w_exact + b_exact)
    np.testing.assert_allclose(explorer.fit_.curve.get_ydata(), explorer.exact_.get_ydata(), atol=1e-3)
    explorer.reset()  # zero weights and b = 0: the flat curve y = 0
    np.testing.assert_array_equal(explorer.fit_.curve.get_ydata(), 0.0)
    explorer.step()
    p1 = explorer.result.p_history[1]
    np.testing.assert_allclose(explorer.fit_.curve.get_ydata(), scaled(3, grid) @ p1[:-1] + p1[-1])


@pytest.mark.parametrize("k", [0, 1, 40, 889])
def test_both_costs_in_the_readout_are_the_costs_at_step_k(explorer, k):
    explorer.go_to(k)
    p = explorer.result.p_history[k]
    train = helpers.compute_cost(scaled(3, x), y, p[:-1], p[-1])
    held = helpers.compute_cost(scaled(3, x_held), y_held, p[:-1], p[-1])
    assert explorer.costs_at(k) == pytest.approx((train, held), rel=1e-9)
    assert f"training points: {gw.fmt(train)}, on the 6 held back: {gw.fmt(held)}" in explorer.readout.value
    k_drawn, J_held = explorer.held_history_.get_data()
    assert k_drawn[-1] == k and J_held[-1] == pytest.approx(held, rel=1e-9)


def test_the_alpha_that_fits_degree_3_diverges_at_degree_4_and_draws_no_nan(explorer):
    explorer.update(degree=4)
    assert explorer.alpha_slider.value == 0.1 and explorer.result.diverged
    assert "diverged at step 14" in explorer.readout.value
    assert explorer.alpha_slider.alpha_range[1] == pytest.approx(2 * helpers.max_stable_alpha(scaled(4, x)))
    for line in (explorer.fit_.curve, explorer.history_, explorer.held_history_):
        assert np.all(np.isfinite(line.get_ydata()))


def test_turning_scaling_off_is_section_5_s_unscaled_run(explorer):
    explorer.update(scaling="off")
    X3 = polynomial_features(x, 3)
    assert explorer.alpha_slider.value == 7.5e-12 < helpers.max_stable_alpha(X3) / 2
    assert explorer.result.out_of_steps and abs(explorer.result.b) < 0.01
    assert "diverges above α = 1.9×10⁻¹¹" in explorer.hints["alpha"].value
    assert "α moved from 0.1 to 7.5×10⁻¹²" in explorer.readout.value
    top = max(v for _, v in explorer.alpha_slider.options)
    assert top <= 2 * helpers.max_stable_alpha(X3)
    np.testing.assert_allclose(explorer.fit_.curve.get_ydata(),
                               polynomial_features(explorer.grid, 3) @ explorer.result.w + explorer.result.b)
    explorer.update(scaling="on")  # back: 7.5e-12 is outside the scaled range, so a safe round α
    assert explorer.alpha_slider.value == 0.1 and explorer.result.stopped_at == 889


def test_degree_and_alpha_together_are_checked_against_the_new_range(explorer):
    explorer.update(degree=5, alpha=0.01)
    assert explorer.degree_slider.value == 5 and explorer.alpha_slider.value == 0.01
    with pytest.raises(ValueError, match="outside the slider's range at degree 6"):
        explorer.update(degree=6, alpha=0.1)
    assert explorer.degree_slider.value == 5 and explorer.alpha_slider.value == 0.01
    with pytest.raises(ValueError, match="outside this explorer's slider"):
        explorer.update(alpha=1.0)
    with pytest.raises(ValueError, match="not one of this explorer's choices"):
        explorer.update(scaling=True)
    with pytest.raises(ValueError, match="outside this explorer's slider"):
        explorer.update(degree=11)


def test_the_exact_fit_s_costs_are_the_notebook_s_table(explorer):
    for degree in range(1, 11):
        explorer.update(degree=degree)
        Zt, Zh = episode7.scaled_powers(x, x_held, degree)
        w, b = helpers.least_squares(Zt, y)
        train, held = helpers.compute_cost(Zt, y, w, b), helpers.compute_cost(Zh, y_held, w, b)
        exact = f"least squares (exact): J = {gw.fmt(train)}, held back: {gw.fmt(held)}"
        assert exact in explorer.readout.value
        np.testing.assert_allclose(explorer.exact_.get_ydata(),
                                   scaled(degree, explorer.exact_.get_xdata()) @ w + b, rtol=1e-9)
    explorer.update(degree=2)
    assert "least squares (exact): J = 114.9, held back: 48.2" in explorer.readout.value


def test_raw_degree_10_is_shown_without_warnings(explorer):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer.update(degree=10)
        explorer.update(scaling="off")
    assert "condition number</b> too large to compute" in explorer.readout.value
    assert np.all(np.isfinite(explorer.fit_.curve.get_ydata()))


def test_the_steps_slider_moves_the_learning_curve_axis(explorer):
    explorer.update(num_iters=300)
    assert explorer.result.out_of_steps and explorer.ax_history.get_xlim()[1] == pytest.approx(510)
    explorer.play()
    assert explorer.current == 300 and explorer.history_.get_xdata()[-1] == 300


def test_a_click_on_the_learning_curves_shows_the_fit_at_that_step(explorer):
    explorer.click(40.2)
    assert explorer.current == 40 and "showing step 40 of 889" in explorer.readout.value
    p = explorer.result.p_history[40]
    np.testing.assert_allclose(explorer.fit_.curve.get_ydata(),
                               scaled(3, explorer.grid) @ p[:-1] + p[-1])
    explorer.click(1e6)
    assert explorer.current == 889 and explorer.clicked_axes() == (explorer.ax_history,)


def test_held_back_points_are_optional_and_checked():
    made = gw.PolynomialExplorer(x, y, degree=2)
    try:
        assert made.fit_.held_out is None and made.costs_at(0)[1] is None
        assert "held back" not in made.readout.value
    finally:
        made.close()
    with pytest.raises(ValueError, match="both x_held and y_held"):
        gw.PolynomialExplorer(x, y, x_held)
    with pytest.raises(ValueError, match="outside the slider's range"):
        gw.PolynomialExplorer(x, y, alpha=5.0)


