"""Episodes 4 and 5: the notebooks' hand-written code agrees with the package, and the notebooks
keep the course's rules (links, live figures last and untested by nbval, hidden solutions)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import numpy as np
import pytest

import helpers
from helpers.exercises import episode4, episode5

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
EP4 = NOTEBOOKS / "04-local-minima.ipynb"
EP5 = NOTEBOOKS / "05-linear-regression.ipynb"
EPISODES = [EP4, EP5]


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"])


def _python(cell: dict) -> str:
    """The cell's source without IPython magics, so that ``ast`` can read it."""
    return "\n".join(line for line in _source(cell).splitlines() if not line.startswith("%"))


def _code(path: Path) -> list[dict]:
    return [c for c in _cells(path) if c["cell_type"] == "code"]


def _cell_defining(path: Path, name: str) -> str:
    """The source of the (first, non-solution) code cell that defines ``name``."""
    for cell in _code(path):
        if "solution" in cell["metadata"].get("tags", []):
            continue
        tree = ast.parse(_python(cell))
        if any(isinstance(node, ast.FunctionDef) and node.name == name for node in tree.body):
            return _python(cell)
    raise AssertionError(f"{path.name} has no cell defining {name}")


def _define(path: Path, name: str, **namespace):
    """Execute the notebook's own definition of ``name`` and return the function."""
    scope = {"np": np, "helpers": helpers, **namespace}
    exec(compile(_cell_defining(path, name), f"{path.name}:{name}", "exec"), scope)
    return scope[name]


def _text_outputs(cell: dict) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if "text" in out:
            parts.append("".join(out["text"]))
        parts.append("".join(out.get("data", {}).get("text/plain", "")))
    return "".join(parts)


def _datasets():
    rng = np.random.default_rng(7)
    two = helpers.load_houses("two_houses.csv")
    houses = helpers.load_houses("houses.csv")
    x = rng.uniform(-2.0, 5.0, size=25)
    return [two, houses, (x, 3.0 - 1.5 * x + rng.normal(0.0, 0.3, size=x.size))]


# ----------------------------------------------------------------------------- Episode 5 by hand


@pytest.mark.parametrize("data", _datasets(), ids=["two_houses", "houses", "random"])
@pytest.mark.parametrize(("w", "b"), [(0.0, 0.0), (150.0, -20.0), (-3.0, 7.5)])
def test_ep5_hand_written_gradient_loop_matches_package(data, w, b):
    compute_gradient_loop = _define(EP5, "compute_gradient_loop")
    x, y = data
    np.testing.assert_allclose(compute_gradient_loop(x, y, w, b), helpers.compute_gradient(x, y, w, b),
                               rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize(("w", "b"), [(0.0, 0.0), (180.0, 90.0)])
def test_ep5_gradient_formulas_agree_with_finite_differences(w, b):
    compute_gradient_loop = _define(EP5, "compute_gradient_loop")
    x, y = helpers.load_houses("houses.csv")
    h = 1e-4
    numeric = [
        (helpers.compute_cost(x, y, w + h, b) - helpers.compute_cost(x, y, w - h, b)) / (2 * h),
        (helpers.compute_cost(x, y, w, b + h) - helpers.compute_cost(x, y, w, b - h)) / (2 * h),
    ]
    np.testing.assert_allclose(compute_gradient_loop(x, y, w, b), numeric, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("data", _datasets()[:2], ids=["two_houses", "houses"])
@pytest.mark.parametrize("alpha", [0.01, 0.1, 0.25])
def test_ep5_hand_written_descent_matches_package(data, alpha):
    compute_gradient_loop = _define(EP5, "compute_gradient_loop")
    my_gradient_descent = _define(EP5, "my_gradient_descent", compute_gradient_loop=compute_gradient_loop)
    x, y = data
    w, b, J_history = my_gradient_descent(x, y, 0.0, 0.0, alpha, 200)
    result = helpers.gradient_descent(x, y, 0.0, 0.0, alpha, 200, tol=0.0)
    np.testing.assert_allclose(J_history, result.J_history, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose((w, b), (result.w, result.b), rtol=1e-9)


def test_ep5_sequential_descent_is_the_mistake_the_check_names():
    compute_gradient_loop = _define(EP5, "compute_gradient_loop")
    sequential_descent = _define(EP5, "sequential_descent", compute_gradient_loop=compute_gradient_loop)
    x, y = helpers.load_houses("two_houses.csv")
    path = sequential_descent(x, y, 0.0, 0.0, 0.1, 3)
    w, b = 0.0, 0.0
    for k in range(1, 4):
        w, b = episode5._step_sequential(x, y, w, b, 0.1)
        np.testing.assert_allclose(path[k], (w, b), rtol=1e-12)
    assert episode5.check_gradient_step(episode5._step_sequential).message.startswith("You updated w")
    # The two algorithms part ways at the first step: same w, different b.
    np.testing.assert_allclose(path[1], (65.0, 30.25))
    np.testing.assert_allclose(helpers.gradient_descent(x, y, 0.0, 0.0, 0.1, 1).p_history[1], (65.0, 40.0))


# ----------------------------------------------------------------------------- Episode 4 by hand


def test_ep4_hand_written_vectorised_loop_matches_descend_many():
    source = next(_source(c) for c in _code(EP4) if "for _ in range(200)" in _source(c))
    cost = helpers.two_valleys()
    scope = {"np": np, "cost": cost, "print": lambda *args, **kwargs: None}
    exec(compile(source, "04-local-minima.ipynb:basins", "exec"), scope)
    w_final, diverged = helpers.descend_many(cost.dJ_dw, scope["w_starts"], 0.1, 200)
    np.testing.assert_allclose(scope["w"], w_final)
    assert not diverged.any()


@pytest.mark.parametrize("w", [-1000.0, 0.0, 200.0, 512.5])
def test_ep4_regression_slice_slope_matches_compute_gradient(w):
    x, y = helpers.load_houses("two_houses.csv")
    slope_in_w = _define(EP4, "slope_in_w", cost=helpers.two_valleys(), print=lambda *a, **k: None)
    np.testing.assert_allclose(slope_in_w(w), helpers.compute_gradient(x, y, w, 100.0)[0])
    many = slope_in_w(np.array([w, w + 1.0]))
    assert many.shape == (2,)


# ----------------------------------------------------------------------------- solutions pass


@pytest.mark.parametrize("path", EPISODES, ids=lambda p: p.name)
def test_every_exercise_has_a_stub_a_reveal_line_and_a_hidden_solution(path):
    cells = _cells(path)
    checks = re.compile(r"episode[45]\.(check_\w+)\(")
    exercises = [
        (i, checks.search(_source(c)).group(1))
        for i, c in enumerate(cells)
        if c["cell_type"] == "code"
        and checks.search(_source(c))
        and "solution" not in c["metadata"].get("tags", [])
    ]
    assert 2 <= len(exercises) <= 3, f"{len(exercises)} exercises"
    for i, check in exercises:
        stub = _source(cells[i])
        assert "raise NotImplementedError" in stub or "= None" in stub
        assert "Not yet" in _text_outputs(cells[i]), f"exercise {check}: the stub should fail its check"
        reveal, solution = cells[i + 1], cells[i + 2]
        assert reveal["cell_type"] == "markdown" and "reveal" in _source(reveal).lower()
        assert solution["metadata"].get("jupyter", {}).get("source_hidden") is True
        assert "solution" in solution["metadata"].get("tags", [])
        assert check in _source(solution)
        assert "Correct" in _text_outputs(solution), f"solution of {check} does not pass"


@pytest.mark.parametrize("path", EPISODES, ids=lambda p: p.name)
def test_solutions_pass_their_checks_when_run_again(path):
    for cell in _code(path):
        if "solution" not in cell["metadata"].get("tags", []):
            continue
        tree = ast.parse(_source(cell))
        *body, last = tree.body
        scope = {"np": np, "helpers": helpers, "episode4": episode4, "episode5": episode5}
        exec(compile(ast.Module(body, []), path.name, "exec"), scope)
        verdict = eval(compile(ast.Expression(last.value), path.name, "eval"), scope)
        assert verdict.passed, verdict.message


# ----------------------------------------------------------------------------- notebook rules


@pytest.mark.parametrize("path", EPISODES, ids=lambda p: p.name)
def test_first_code_cell_turns_on_live_figures(path):
    assert _source(_code(path)[0]).startswith("%matplotlib widget")


@pytest.mark.parametrize("path", EPISODES, ids=lambda p: p.name)
def test_every_explorer_is_the_last_expression_of_an_untested_cell(path):
    explorers = [c for c in _code(path) if re.search(r"widgets\.\w+Explorer\(", _source(c))]
    assert explorers
    for cell in explorers:
        assert "nbval-ignore-output" in cell["metadata"].get("tags", [])
        tree = ast.parse(_source(cell))
        assigned = tree.body[0].targets[0].id
        last = tree.body[-1]
        assert isinstance(last, ast.Expr) and isinstance(last.value, ast.Name) and last.value.id == assigned


def test_episode_4_uses_all_its_explorers():
    text = "".join(_source(c) for c in _code(EP4))
    assert "widgets.DescentExplorer(" in text and "widgets.BasinsExplorer(" in text


def test_episode_5_marks_the_threshold_and_runs_above_it():
    text = "".join(_source(c) for c in _code(EP5))
    assert "widgets.RegressionExplorer(" in text and "max_stable_alpha" in text
    outputs = "".join(_text_outputs(c) for c in _code(EP5))
    assert "diverged at step" in outputs and "converged after" in outputs


def test_episode_5_timing_cell_is_not_compared_by_nbval():
    timing = [c for c in _code(EP5) if "timeit" in _source(c) and "repeat" in _source(c)]
    assert timing and all("nbval-ignore-output" in c["metadata"].get("tags", []) for c in timing)
    assert "times faster" in _text_outputs(timing[0])


@pytest.mark.parametrize("path", EPISODES, ids=lambda p: p.name)
def test_links_point_to_the_course_episodes(path):
    text = "".join(_source(c) for c in _cells(path) if c["cell_type"] == "markdown")
    start = (NOTEBOOKS / "00-start-here.ipynb").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(([\w-]+\.ipynb)\)", text))
    assert linked, "no links to other episodes"
    for name in linked - {"00-start-here.ipynb"}:
        assert f"]({name})" in start, f"{name} is not an episode listed in 00-start-here"
    previous, following = {EP4: ("03-learning-rate.ipynb", "05-linear-regression.ipynb"),
                           EP5: ("04-local-minima.ipynb", "00-start-here.ipynb")}[path]
    assert previous in linked and following in linked


@pytest.mark.parametrize("path", EPISODES, ids=lambda p: p.name)
def test_markdown_images_have_alt_text(path):
    for cell in _cells(path):
        if cell["cell_type"] == "markdown":
            assert not re.search(r"!\[\s*\]\(", _source(cell))
            assert not re.search(r"<img(?![^>]*\balt=\"[^\"]+\")[^>]*>", _source(cell))


@pytest.mark.parametrize("path", EPISODES, ids=lambda p: p.name)
def test_stored_outputs_are_clean(path):
    for cell in _code(path):
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error"
            assert out.get("name") != "stderr", _text_outputs(cell)
