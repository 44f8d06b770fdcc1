"""The checks of Episode 5 (helpers/exercises/episode5.py): Exercises 5.1 to 5.3.

Exercise 5.1 is the gradient of the curve w·x² + b (``check_curve_gradient``), 5.2 a loop with
two bugs to fix (``check_fixed_descent``), 5.3 an α within 600 steps. The first versions of 5.1
and 5.2, the line's gradient and one simultaneous step, keep their checks.
"""

from __future__ import annotations

import functools
import shutil
import time
import types

import numpy as np
import pytest
from exercise_testing import LIMIT, rejects, stub

import helpers
from helpers.exercises import episode5

# --- The line's gradient (Exercise 5.1 as first written) ----------------------------------------


def gradient_vectorised(x, y, w, b):
    errors = w * x + b - y
    return np.mean(errors * x), np.mean(errors)


def gradient_loop(x, y, w, b):
    m = len(x)
    dj_dw = dj_db = 0.0
    for i in range(m):
        error = w * x[i] + b - y[i]
        dj_dw += error * x[i]
        dj_db += error
    return dj_dw / m, dj_db / m


@pytest.mark.parametrize("answer", [gradient_vectorised, gradient_loop, helpers.compute_gradient])
def test_compute_gradient_accepts_correct_versions(answer):
    assert episode5.check_compute_gradient(answer).passed


def gradient_loop_overwrites(x, y, w, b):
    m = len(x)
    for i in range(m):
        error = w * x[i] + b - y[i]
        dj_dw = error * x[i]
        dj_db = error
    return dj_dw / m, dj_db / m


def gradient_centres_x(x, y, w, b):
    x -= x.mean()
    return gradient_vectorised(x, y, w, b)


def gradient_errors_into_y(x, y, w, b):
    errors = y
    errors -= w * x + b  # changes y: errors is the same array
    return np.mean(-errors * x), np.mean(-errors)


GRADIENT_WRONG = {
    "sign flip": (lambda x, y, w, b: tuple(-g for g in gradient_vectorised(x, y, w, b)), "Check the sign"),
    "target minus prediction": (
        lambda x, y, w, b: (np.mean((y - w * x - b) * x), np.mean(y - w * x - b)),
        "Check the sign",
    ),
    "no 1/m": (lambda x, y, w, b: tuple(g * len(x) for g in gradient_loop(x, y, w, b)), "divide by m"),
    "no 1/m in dj_dw": (
        lambda x, y, w, b: (np.sum((w * x + b - y) * x), np.mean(w * x + b - y)),
        "dj_dw is m times too large",
        "while dj_db is right",
    ),
    "no 1/m in dj_db": (
        lambda x, y, w, b: (np.mean((w * x + b - y) * x), np.sum(w * x + b - y)),
        "dj_db is m times too large",
        "while dj_dw is right",
    ),
    "2m": (lambda x, y, w, b: tuple(g / 2 for g in gradient_vectorised(x, y, w, b)), "divided by 2m"),
    "no x": (lambda x, y, w, b: (np.mean(w * x + b - y),) * 2, "extra factor xᵢ"),
    "swapped": (lambda x, y, w, b: gradient_vectorised(x, y, w, b)[::-1], "swapped"),
    "overwrites in the loop": (gradient_loop_overwrites, "running total"),
    "not summed": (
        lambda x, y, w, b: ((w * x + b - y) * x / len(x), (w * x + b - y) / len(x)),
        "one term per example",
    ),
    "changes x": (gradient_centres_x, "changed its input x"),
    "changes y": (gradient_errors_into_y, "changed its input y"),
    "forgotten return": (lambda x, y, w, b: None, "returned None. Did you forget return?"),
    "strings": (
        lambda x, y, w, b: tuple(str(g) for g in gradient_vectorised(x, y, w, b)),
        "a tuple holding the text",
    ),
    "stub": (stub, "compute_gradient is not set yet"),
    "zeros": (lambda x, y, w, b: (0.0, 0.0), "should be"),
}


@pytest.mark.parametrize("case", GRADIENT_WRONG.values(), ids=GRADIENT_WRONG.keys())
def test_compute_gradient_names_the_mistake(case):
    wrong, *words = case
    rejects(episode5.check_compute_gradient(wrong, time_limit=LIMIT), *words)


def test_a_changed_input_is_never_compared_with_an_answer_from_changed_data():
    message = rejects(episode5.check_compute_gradient(gradient_centres_x), "x[0] was 1 and is now -0.5")
    assert "should be" not in message


# --- One simultaneous step (Exercise 5.2 as first written) --------------------------------------


def step_simultaneous(x, y, w, b, alpha):
    dj_dw, dj_db = helpers.compute_gradient(x, y, w, b)
    return w - alpha * dj_dw, b - alpha * dj_db


def step_w_first(x, y, w, b, alpha):
    dj_dw, _ = helpers.compute_gradient(x, y, w, b)
    w = w - alpha * dj_dw
    _, dj_db = helpers.compute_gradient(x, y, w, b)
    return w, b - alpha * dj_db


def step_b_first(x, y, w, b, alpha):
    _, dj_db = helpers.compute_gradient(x, y, w, b)
    b = b - alpha * dj_db
    dj_dw, _ = helpers.compute_gradient(x, y, w, b)
    return w - alpha * dj_dw, b


def step_inline(x, y, w, b, alpha, *, sum_w=False, sum_b=False):
    m = len(x)
    errors = w * x + b - y
    dj_dw = np.sum(errors * x) / (1 if sum_w else m)
    dj_db = np.sum(errors) / (1 if sum_b else m)
    return w - alpha * dj_dw, b - alpha * dj_db


def compute_gradient(x, y, w, b):  # the learner's Exercise 5.1, used by gradient_step below
    return gradient_vectorised(x, y, w, b)


def step_with_their_gradient(x, y, w, b, alpha):
    dj_dw, dj_db = compute_gradient(x, y, w, b)
    return w - alpha * dj_dw, b - alpha * dj_db


def test_gradient_step_accepts_the_simultaneous_update():
    for answer in (step_simultaneous, step_inline, step_with_their_gradient):
        result = episode5.check_gradient_step(answer)
        assert result.passed and "simultaneously" in result.message


STEP_WRONG = {
    "w first": (step_w_first, "You updated w first and then took b's derivative at the new w"),
    "b first": (step_b_first, "You updated b first and then took w's derivative at the new b"),
    "sign flip": (lambda x, y, w, b, a: step_simultaneous(x, y, w, b, -a), "Check the sign"),
    "no 1/m": (lambda x, y, w, b, a: step_inline(x, y, w, b, a, sum_w=True, sum_b=True), "divide by m"),
    "no 1/m in dj_dw": (
        lambda x, y, w, b, a: step_inline(x, y, w, b, a, sum_w=True),
        "dj_dw is m times too large",
    ),
    "no 1/m in dj_db": (
        lambda x, y, w, b, a: step_inline(x, y, w, b, a, sum_b=True),
        "dj_db is m times too large",
    ),
    "alpha * w": (lambda x, y, w, b, a: (w - a * w, b - a * b), "not alpha * w"),
    "alpha * w for w only": (
        lambda x, y, w, b, a: (w - a * w, step_simultaneous(x, y, w, b, a)[1]),
        "not alpha * w",
    ),
    "b never moves": (lambda x, y, w, b, a: (step_simultaneous(x, y, w, b, a)[0], b), "b did not move"),
    "w never moves": (lambda x, y, w, b, a: (w, step_simultaneous(x, y, w, b, a)[1]), "w did not move"),
    "no alpha": (lambda x, y, w, b, a: step_simultaneous(x, y, w, b, 1.0), "learning rate"),
    "only the changes": (
        lambda x, y, w, b, a: tuple(np.subtract(step_simultaneous(x, y, w, b, a), (w, b))),
        "only the changes",
    ),
    "the derivatives": (
        lambda x, y, w, b, a: helpers.compute_gradient(x, y, w, b),
        "You return the derivatives",
    ),
    "forgotten return": (lambda x, y, w, b, a: None, "returned None. Did you forget return?"),
    "a string": (lambda x, y, w, b, a: str(step_simultaneous(x, y, w, b, a)), "the text"),
    "changes x": (lambda x, y, w, b, a: step_simultaneous(x.__imul__(2), y, w, b, a), "changed its input x"),
    "stub": (stub, "gradient_step is not set yet"),
}


@pytest.mark.parametrize("case", STEP_WRONG.values(), ids=STEP_WRONG.keys())
def test_gradient_step_names_the_mistake(case):
    wrong, *words = case
    rejects(episode5.check_gradient_step(wrong, time_limit=LIMIT), *words)


def test_gradient_step_names_exercise_5_1_when_their_compute_gradient_is_the_cause(monkeypatch):
    monkeypatch.setitem(globals(), "compute_gradient", stub)
    rejects(
        episode5.check_gradient_step(step_with_their_gradient),
        "gradient_step calls your compute_gradient from Exercise 5.1, which is not set yet",
    )
    monkeypatch.setitem(globals(), "compute_gradient", lambda x, y, w, b: (np.sum((w * x + b - y) * x), 0.0))
    rejects(
        episode5.check_gradient_step(step_with_their_gradient),
        "the compute_gradient it calls, from Exercise 5.1, is not",
    )


def test_gradient_step_through_the_package_never_blames_their_compute_gradient(monkeypatch):
    monkeypatch.setitem(globals(), "compute_gradient", stub)
    assert episode5.check_gradient_step(step_simultaneous).passed
    rejects(episode5.check_gradient_step(step_w_first), "updated w first", "")


# --- Exercise 5.1: the gradient of the curve w·x² + b ---------------------------------------------


def curve_gradient(x, y, w, b):
    errors = w * x**2 + b - y
    return np.mean(errors * x**2), np.mean(errors)


def test_curve_gradient_accepts_the_solution_and_a_loop():
    def loop(x, y, w, b):
        dj_dw = dj_db = 0.0
        for xi, yi in zip(x, y, strict=True):
            error = w * xi**2 + b - yi
            dj_dw += error * xi**2
            dj_db += error
        return dj_dw / len(x), dj_db / len(x)

    assert episode5.check_curve_gradient(curve_gradient).passed
    assert episode5.check_curve_gradient(loop).passed


@pytest.mark.parametrize(
    ("wrong", "hint"),
    episode5.CURVE_GRADIENT_MISTAKES,
    ids=[w.__name__ for w, _ in episode5.CURVE_GRADIENT_MISTAKES],
)
def test_every_curve_gradient_mistake_gets_its_own_hint(wrong, hint):
    assert rejects(episode5.check_curve_gradient(wrong)) == hint


CURVE_WRONG = {
    "the line's gradient": (gradient_vectorised, "gradient of the straight line"),
    "changes x": (
        lambda x, y, w, b: curve_gradient(x.__ipow__(1.0).__iadd__(1.0), y, w, b),
        "changed its input x",
    ),
    "forgotten return": (lambda x, y, w, b: None, "Did you forget return?"),
    "strings": (lambda x, y, w, b: [str(g) for g in curve_gradient(x, y, w, b)], "the text"),
    "stub": (stub, "compute_gradient_curve is not set yet"),
}


@pytest.mark.parametrize("case", CURVE_WRONG.values(), ids=CURVE_WRONG.keys())
def test_curve_gradient_is_wired_to_the_shared_checks(case):
    wrong, *words = case
    rejects(episode5.check_curve_gradient(wrong, time_limit=LIMIT), *words)


# --- Exercise 5.2: the loop with two bugs -------------------------------------------------------


def fixed_descent(x, y, w, b, alpha, num_iters):
    m = len(x)
    for _ in range(num_iters):
        errors = w * x + b - y
        dj_dw, dj_db = np.sum(errors * x) / m, np.sum(errors) / m
        w, b = w - alpha * dj_dw, b - alpha * dj_db
    return w, b


def test_fixed_descent_accepts_gradient_descent():
    assert episode5.check_fixed_descent(fixed_descent).passed


@pytest.mark.parametrize("case", range(len(episode5.FIXED_DESCENT_MISTAKES)))
def test_every_fixed_descent_mistake_gets_its_own_hint(case):
    wrong, hint = episode5.FIXED_DESCENT_MISTAKES[case]
    assert rejects(episode5.check_fixed_descent(wrong)) == hint


FIXED_WRONG = {
    "forgotten return": (lambda x, y, w, b, a, n: None, "Did you forget return?"),
    "stub": (stub, "fixed_descent is not set yet"),
    "a string": (lambda x, y, w, b, a, n: str(fixed_descent(x, y, w, b, a, n)), "the text"),
}


@pytest.mark.parametrize("case", FIXED_WRONG.values(), ids=FIXED_WRONG.keys())
def test_fixed_descent_is_wired_to_the_shared_checks(case):
    wrong, *words = case
    rejects(episode5.check_fixed_descent(wrong, time_limit=LIMIT), *words)


# --- Exercise 5.3: an α within 600 steps --------------------------------------------------------

X, Y = helpers.load_houses(helpers.data_path(episode5.ALPHA_DATA))
THRESHOLD = helpers.max_stable_alpha(X)


@pytest.mark.parametrize("alpha", [0.21, 0.25, 0.29])
def test_alpha_within_accepts_the_window(alpha):
    result = episode5.check_alpha_within(alpha)
    assert result.passed and "converges after" in result.message
    assert helpers.gradient_descent(X, Y, 0.0, 0.0, alpha, episode5.ALPHA_ITERS).converged


ALPHA_WRONG = [
    (1e-12, "Make α larger"),
    (1e-10, "has not converged even after 12000 steps", "Make α larger"),
    (1e-6, "Make α larger"),
    (0.01, "needs", "more than 600", "Make α larger"),
    (0.1, "needs", "Make α larger"),
    (0.295, "zig-zags", "a little smaller"),
    (0.2973, "divergence threshold", "Make α smaller"),
    (0.3, "divergence threshold", "Make α smaller"),
    (1.0, "divergence threshold", "Make α smaller"),
    (1e6, "divergence threshold", "Make α smaller"),
    (None, "alpha_600 is not set yet"),
    ("0.25", "the text '0.25'"),
    (0, "must be above 0"),
    (-0.2, "must be above 0"),
    (float("nan"), "not a finite number"),
]


@pytest.mark.parametrize("case", ALPHA_WRONG, ids=[repr(c[0]) for c in ALPHA_WRONG])
def test_alpha_within_rejects_with_a_reason(case):
    alpha, *words = case
    rejects(episode5.check_alpha_within(alpha), *words)


@pytest.mark.parametrize("alpha", np.geomspace(1e-12, 1e2, 29))
def test_alpha_within_points_the_right_way_for_every_wrong_alpha(alpha):
    result = episode5.check_alpha_within(alpha)
    if result.passed:
        assert helpers.gradient_descent(X, Y, 0.0, 0.0, alpha, episode5.ALPHA_ITERS).converged
        return
    larger, smaller = "larger" in result.message, "smaller" in result.message
    assert larger != smaller, result.message
    assert larger == (alpha < 0.2), result.message


def test_alpha_within_names_the_threshold_of_the_data():
    assert f"{THRESHOLD:.6g}" in episode5.check_alpha_within(0.4).message


def test_alpha_within_grades_against_the_course_data_not_a_file_beside_the_notebook(tmp_path, monkeypatch):
    shutil.copy(helpers.data_path("two_houses.csv"), tmp_path / "houses.csv")
    monkeypatch.chdir(tmp_path)
    read = []
    monkeypatch.setattr(episode5, "load_houses", lambda path: read.append(path) or helpers.load_houses(path))
    result = episode5.check_alpha_within(0.25)
    assert read == [helpers.data_path("houses.csv")] and read[0].is_absolute()
    assert result.passed and f"{helpers.least_squares(X, Y)[0]:.2f}" in result.message


def descent_from_the_package(x, y, w, b, alpha, num_iters):
    result = helpers.gradient_descent(x, y, w, b, alpha, num_iters)
    return result.w, result.b


def test_fixed_descent_asks_for_the_loop_repaired_not_the_package_s():
    rejects(episode5.check_fixed_descent(descent_from_the_package), "calls the package's gradient descent")


def test_an_alpha_exactly_at_the_threshold_bounces_and_one_above_grows():
    x, _ = helpers.load_houses("houses.csv")
    threshold = helpers.max_stable_alpha(x)
    rejects(episode5.check_alpha_within(threshold), "bounces across the valley for ever", "Make α smaller")
    rejects(episode5.check_alpha_within(threshold * 1.01), "the cost grows instead of falling")


def test_fixed_descent_behind_a_wrapper_or_with_the_package_s_gradient_is_refused():
    scope = {"helpers": helpers}
    exec("def run_it(x, y, w, b, alpha, n):\n"
         "    result = helpers.gradient_descent(x, y, w, b, alpha, n)\n    return result.w, result.b\n"
         "def wrapped(x, y, w, b, alpha, num_iters):\n    return run_it(x, y, w, b, alpha, num_iters)\n"
         "def in_a_lambda(x, y, w, b, alpha, num_iters):\n"
         "    go = lambda: helpers.gradient_descent(x, y, w, b, alpha, num_iters)\n"
         "    return go().w, go().b\n"
         "def with_the_gradient(x, y, w, b, alpha, num_iters):\n"
         "    for _ in range(num_iters):\n"
         "        dj_dw, dj_db = helpers.compute_gradient(x, y, w, b)\n"
         "        w, b = w - alpha * dj_dw, b - alpha * dj_db\n"
         "    return w, b\n", scope)
    rejects(episode5.check_fixed_descent(scope["wrapped"]), "calls the package's gradient descent")
    rejects(episode5.check_fixed_descent(scope["in_a_lambda"]), "calls the package's gradient descent")
    rejects(episode5.check_fixed_descent(scope["with_the_gradient"]), "calls helpers.compute_gradient")


OWN_LOOP = (
    "def own_loop(x, y, w, b, alpha, num_iters):\n"
    "    for _ in range(num_iters):\n"
    "        err = w * x + b - y\n"
    "        w, b = w - alpha * (err * x).mean(), b - alpha * err.mean()\n"
    "    return w, b\n"
)
# Ways a learner's code can reach the package's descent loop, each defining fixed_descent.
REACHING_THE_PACKAGE = {
    "ten wrappers down": "".join(f"def layer{k}(*args):\n    return layer{k + 1}(*args)\n" for k in range(10))
    + "def layer10(x, y, w, b, alpha, n):\n    r = helpers.gradient_descent(x, y, w, b, alpha, n)\n"
    "    return r.w, r.b\nfixed_descent = layer0\n",
    "a partial in a global": "GD = functools.partial(helpers.gradient_descent)\n"
    "def fixed_descent(x, y, w, b, alpha, num_iters):\n    r = GD(x, y, w, b, alpha, num_iters)\n"
    "    return r.w, r.b\n",
    "a partial as the answer": "fixed_descent = functools.partial(\n"
    "    lambda f, *a: (f(*a).w, f(*a).b), helpers.gradient_descent)\n",
    "a method": "class Runner:\n    def run(self, *a):\n        r = helpers.gradient_descent(*a)\n"
    "        return r.w, r.b\ndef fixed_descent(*a):\n    return Runner().run(*a)\n",
    "a dictionary": "TOOLS = {'gd': helpers.gradient_descent}\n"
    "def fixed_descent(*a):\n    r = TOOLS['gd'](*a)\n    return r.w, r.b\n",
    "a name built at run time": "def fixed_descent(*a):\n"
    "    r = getattr(helpers, 'gradient' + '_descent')(*a)\n    return r.w, r.b\n",
}


@pytest.mark.parametrize("how", REACHING_THE_PACKAGE)
def test_the_package_s_descent_is_found_however_it_is_reached(how):
    scope = {"helpers": helpers, "functools": functools}
    exec(REACHING_THE_PACKAGE[how], scope)
    rejects(episode5.check_fixed_descent(scope["fixed_descent"]), "calls the package's gradient descent")


def test_the_package_s_batch_gradients_in_the_loop_is_refused_by_name():
    scope = {"helpers": helpers, "np": np}
    exec("from helpers import optimizers\n"
         "def fixed_descent(x, y, w, b, alpha, num_iters):\n    for _ in range(num_iters):\n"
         "        dj_dw, dj_db = optimizers.batch_gradients(x, y, w, b, [np.arange(x.size)])[0]\n"
         "        w, b = w - alpha * dj_dw, b - alpha * dj_db\n    return w, b\n", scope)
    rejects(episode5.check_fixed_descent(scope["fixed_descent"]), "calls helpers.optimizers.batch_gradients")


def test_the_learner_s_own_functions_with_the_package_s_names_are_their_own():
    """A method or attribute of the learner's own named like the package's function is not the package's."""
    scope = {"helpers": helpers, "types": types}
    exec(OWN_LOOP + "class Mine:\n    gradient_descent = staticmethod(own_loop)\n"
         "def fixed_descent(*a):\n    return Mine().gradient_descent(*a)\n"
         "def grad(x, y, w, b):\n    err = w * x + b - y\n    return (err * x).mean(), err.mean()\n"
         "tools = types.SimpleNamespace(compute_gradient=grad)\n"
         "def with_tools(x, y, w, b, alpha, num_iters):\n    for _ in range(num_iters):\n"
         "        dj_dw, dj_db = tools.compute_gradient(x, y, w, b)\n"
         "        w, b = w - alpha * dj_dw, b - alpha * dj_db\n    return w, b\n"
         "def ping(x, y, w, b, alpha, n, k=3):\n"
         "    return pong(x, y, w, b, alpha, n, k) if k else own_loop(x, y, w, b, alpha, n)\n"
         "def pong(x, y, w, b, alpha, n, k):\n    return ping(x, y, w, b, alpha, n, k - 1)\n", scope)
    for name in ("fixed_descent", "with_tools", "ping"):
        assert episode5.check_fixed_descent(scope[name]).passed, name


def test_a_loop_that_never_ends_is_stopped_once():
    scope = {}
    exec("def fixed_descent(x, y, w, b, alpha, num_iters):\n    while True:\n        w = w + 0\n", scope)
    started = time.monotonic()
    rejects(episode5.check_fixed_descent(scope["fixed_descent"], time_limit=0.3), "still running")
    assert time.monotonic() - started < 2.0  # stopped once, not again for each case
