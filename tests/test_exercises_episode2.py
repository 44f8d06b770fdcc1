"""The checks of Episode 2 (helpers/exercises/episode2.py): Exercises 2.1 to 2.3."""

from __future__ import annotations

import numpy as np
import pytest
from exercise_testing import LIMIT, endless, rejects, stub

import helpers
from helpers.exercises import episode2

# --- Exercise 2.1: slope_estimate ---------------------------------------------------------------


def forward(J, w, h=1e-6):
    return (J(w + h) - J(w)) / h


def central(J, w, h=1e-6):
    return (J(w + h) - J(w - h)) / (2 * h)


def backward(J, w, h=1e-6):
    return (J(w) - J(w - h)) / h


def five_points(J, w, h=1e-3):
    return (J(w - 2 * h) - 8 * J(w - h) + 8 * J(w + h) - J(w + 2 * h)) / (12 * h)


@pytest.mark.parametrize("estimate", [forward, central, backward, five_points])
def test_slope_estimate_accepts_forward_and_central_differences(estimate):
    assert episode2.check_slope_estimate(estimate).passed


@pytest.mark.parametrize("run", [1e-4, 1e-7, 1e-3])
def test_slope_estimate_that_ignores_its_h_is_told_to_use_it(run):
    rejects(episode2.check_slope_estimate(lambda J, w, h=1e-6: forward(J, w, run)),
            "does not use the h it is given", "= 1.05171")
    rejects(episode2.check_slope_estimate(lambda J, w, h=1e-6: central(J, w, run)), "does not use the h")


@pytest.mark.parametrize("case", episode2.SLOPE_CASES, ids=repr)
def test_the_exact_slopes_are_the_finite_difference_oracle(case):
    J, w, _ = case
    assert episode2.exact_slope(J, w) == pytest.approx(central(J, w, 1e-5), rel=1e-6, abs=1e-6)


SLOPE_WRONG = {
    "rise only": (lambda J, w, h: J(w + h) - J(w), "as the rise J(w + h) - J(w) alone is", "by the run h"),
    "always zero": (lambda J, w, h: 0.0, "Your estimates are all about 0", "Divide the rise by the run h"),
    "brackets missing": (lambda J, w, h: J(w + h) - J(w) / h, "Put brackets around the rise"),
    "sign flip": (lambda J, w, h: (J(w) - J(w + h)) / h, "wrong sign"),
    "central over h": (lambda J, w, h: (J(w + h) - J(w - h)) / h, "twice too big"),
    "forward over 2h": (lambda J, w, h: (J(w + h) - J(w)) / (2 * h), "half"),
    "times h": (lambda J, w, h: (J(w + h) - J(w)) * h, "Your estimates are all about 0", "Divide the rise"),
    "divides by w": (lambda J, w, h: (J(w + h) - J(w)) / w, "w=0, h=1e-06) raised ZeroDivisionError"),
    "a big h of its own": (lambda J, w, h: forward(J, w, 0.5), "should be"),
    "the height": (lambda J, w, h: J(w), "should be"),
    "forgotten return": (lambda J, w, h: None, "returned None. Did you forget return?"),
    "a string": (lambda J, w, h: f"{forward(J, w, h):.3f}", "the text", "which is not a number"),
    "stub": (stub, "slope_estimate is not set yet"),
    "h of zero": (lambda J, w, h: (J(w + h) - J(w)) / 0, "raised ZeroDivisionError"),
}


@pytest.mark.parametrize("case", SLOPE_WRONG.values(), ids=SLOPE_WRONG.keys())
def test_slope_estimate_names_the_mistake(case):
    wrong, *words = case
    rejects(episode2.check_slope_estimate(wrong, time_limit=LIMIT), *words)


# --- Exercise 2.2: numeric_step -----------------------------------------------------------------


def slope_estimate(J, w, h=1e-6):  # the learner's Exercise 2.1, used by numeric_step below
    return forward(J, w, h)


def numeric_step(J, w, alpha):
    return w - alpha * slope_estimate(J, w)


def test_numeric_step_accepts_a_step_that_uses_slope_estimate():
    assert episode2.check_numeric_step(numeric_step).passed
    assert episode2.check_numeric_step(lambda J, w, alpha: w - alpha * central(J, w)).passed


NUMERIC_STEP_WRONG = {
    "sign flip": (lambda J, w, a: w + a * forward(J, w), "uphill"),
    "no alpha": (lambda J, w, a: w - forward(J, w), "whole slope"),
    "alpha * w": (lambda J, w, a: w - a * w, "You multiply alpha by w itself"),
    "alpha * J": (lambda J, w, a: w - a * J(w), "alpha times J(w), the height"),
    "only the change": (lambda J, w, a: -a * forward(J, w), "only the change"),
    "the slope itself": (lambda J, w, a: forward(J, w), "slope itself"),
    "rise not slope": (lambda J, w, a: w - a * (J(w + 1e-6) - J(w)), "should be"),
    "forgotten return": (lambda J, w, a: None, "returned None. Did you forget return?"),
    "a string": (lambda J, w, a: str(numeric_step(J, w, a)), "the text", "which is not a number"),
    "the function, not its value": (
        lambda J, w, a: w - a * slope_estimate,
        "raised TypeError",
        "test_exercises_episode2.py, line",
    ),
    "stub": (stub, "numeric_step is not set yet"),
}


@pytest.mark.parametrize("case", NUMERIC_STEP_WRONG.values(), ids=NUMERIC_STEP_WRONG.keys())
def test_numeric_step_names_the_mistake(case):
    wrong, *words = case
    rejects(episode2.check_numeric_step(wrong, time_limit=LIMIT), *words)


def test_numeric_step_names_exercise_2_1_when_slope_estimate_is_a_stub(monkeypatch):
    monkeypatch.setitem(globals(), "slope_estimate", stub)
    rejects(
        episode2.check_numeric_step(numeric_step),
        "numeric_step calls your slope_estimate from Exercise 2.1, which is not set yet",
    )


def test_numeric_step_names_exercise_2_1_when_slope_estimate_is_wrong(monkeypatch):
    monkeypatch.setitem(globals(), "slope_estimate", lambda J, w, h=1e-6: (J(w) - J(w + h)) / h)
    rejects(
        episode2.check_numeric_step(numeric_step),
        "Your numeric_step itself looks right, but the slope_estimate it calls, from Exercise 2.1",
        "Its check says: Your slopes have the wrong sign",
    )


def test_numeric_step_names_exercise_2_1_when_slope_estimate_loops_forever(monkeypatch):
    monkeypatch.setitem(globals(), "slope_estimate", endless)
    rejects(
        episode2.check_numeric_step(numeric_step, time_limit=LIMIT),
        "slope_estimate from Exercise 2.1, which was still running",
    )


# --- Exercise 2.3: a start where the step goes right --------------------------------------------


@pytest.mark.parametrize(
    ("w_start", "towards"),
    [(-1.0, "w = 1"), (-0.5, "w = 1"), (0.5, "w = 1"), (3.6, "w = 5"), (4.9, "w = 5"), (-20.0, "w = 1")],
)
def test_step_goes_right_accepts_negative_slopes(w_start, towards):
    result = episode2.check_step_goes_right(w_start)
    assert result.passed and towards in result.message
    cost = helpers.two_valleys()
    assert helpers.step(w_start, cost.dJ_dw(w_start), episode2.RIGHT_ALPHA) > w_start


def test_step_goes_right_says_when_the_step_flies_off_the_curve():
    assert "flies past both valleys" in episode2.check_step_goes_right(-3.0).message
    assert "flies past" not in episode2.check_step_goes_right(-1.0).message


def test_step_goes_right_notes_the_detour_away_from_the_deeper_valley():
    assert "deeper valley lies to the left" in episode2.check_step_goes_right(4.0).message
    assert "deeper valley" not in episode2.check_step_goes_right(0.0).message


STEP_RIGHT_WRONG = [
    (2.0, "moves left"),
    (6.0, "moves left"),
    (9.0, "moves left"),
    (1.0, "slope is 0"),
    (3.5, "slope is 0"),
    (5, "slope is 0"),
    (1e308, "overflows"),
    (-1e200, "overflows"),
    (None, "w_start is not set yet"),
    ("4.2", "the text '4.2'"),
    (False, "yes/no"),
    (np.array([4.2]), "not one number"),
    (float("nan"), "not a finite number"),
    (10**400, "not a finite number"),
]


@pytest.mark.parametrize(("w_start", "says"), STEP_RIGHT_WRONG, ids=[repr(v) for v, _ in STEP_RIGHT_WRONG])
def test_step_goes_right_rejects_with_a_reason(w_start, says):
    rejects(episode2.check_step_goes_right(w_start), says)


def test_a_right_slope_estimate_called_with_alpha_as_its_run_is_blamed_on_the_call_not_on_2_1():
    scope = {}
    exec(  # as in a notebook: numeric_step finds slope_estimate among the globals
        "def slope_estimate(J, w, h=1e-6):\n    return (J(w + h) - J(w)) / h\n"
        "def numeric_step(J, w, alpha):\n    return w - alpha * slope_estimate(J, w, alpha)\n", scope)
    message = rejects(episode2.check_numeric_step(scope["numeric_step"]), "passes the check of Exercise 2.1",
                      "pass a small one, slope_estimate(J, w, 1e-6)")
    assert "Fix Exercise 2.1 first" not in message


@pytest.mark.parametrize("slope_code", [
    "def slope_estimate(J, w, h=1e-6):\n    return (J(w + h) - J(w - h)) / (2 * h)\n",   # exact on quadratics
    "def slope_estimate(J, w, h):\n    return (J(w + h) - J(w)) / h\n",                   # no default run
])
def test_any_slope_estimate_called_with_alpha_as_its_run_is_caught(slope_code):
    scope = {}
    exec(slope_code + "def numeric_step(J, w, alpha):\n    return w - alpha * slope_estimate(J, w, alpha)\n",
         scope)
    rejects(episode2.check_numeric_step(scope["numeric_step"]), "look at how your numeric_step calls it",
            "slope_estimate(J, w, 1e-6)")


def test_a_slope_estimate_whose_own_default_run_is_long_is_caught_in_the_call():
    scope = {}
    exec("def slope_estimate(J, w, h=0.1):\n    return (J(w + h) - J(w)) / h\n"
         "def numeric_step(J, w, alpha):\n    return w - alpha * slope_estimate(J, w)\n", scope)
    assert episode2.check_slope_estimate(scope["slope_estimate"]).passed
    rejects(episode2.check_numeric_step(scope["numeric_step"]), "a default of 0.1")
