"""Episodes 1–3 as a learner meets them: the notebooks' own code agrees with the package, every
exercise has a stub, a hint to reveal and a hidden solution, every explorer is displayed as the
last expression of its cell, and the numbers the prose quotes are the ones the package computes.
"""

from __future__ import annotations

import ast
import contextlib
import inspect
import io
import json
import re
from pathlib import Path

import numpy as np
import pytest

import helpers
from helpers import plots, widgets
from helpers.exercises import episode1, episode2, episode3

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"
EPISODES = {1: "01-intuition.ipynb", 2: "02-derivative.ipynb", 3: "03-learning-rate.ipynb"}
NEIGHBOURS = {
    1: ("00-start-here.ipynb", "02-derivative.ipynb"),
    2: ("01-intuition.ipynb", "03-learning-rate.ipynb"),
    3: ("02-derivative.ipynb", "04-local-minima.ipynb"),
}
CHECKS = {1: episode1, 2: episode2, 3: episode3}
MAX_BYTES = 600_000


def load(number: int) -> dict:
    return json.loads((NOTEBOOKS_DIR / EPISODES[number]).read_text(encoding="utf-8"))


def source(cell) -> str:
    text = cell["source"]
    return text if isinstance(text, str) else "".join(text)


def python_only(code: str) -> str:
    """The cell's code without IPython magics, so ``ast`` can read it."""
    return "\n".join(line for line in code.splitlines() if not line.lstrip().startswith("%"))


def markdown(nb) -> str:
    return "\n".join(source(c) for c in nb["cells"] if c["cell_type"] == "markdown")


def joined(value) -> str:
    """A notebook string field, stored either as one string or as a list of lines."""
    return value if isinstance(value, str) else "".join(value)


def outputs_text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out["output_type"] == "stream":
            parts.append("".join(out["text"]))
        elif "data" in out:
            parts.append(joined(out["data"].get("text/plain", "")))
    return "\n".join(parts)


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def tags(cell) -> list:
    return cell.get("metadata", {}).get("tags", [])


def notebook_functions(number: int) -> dict:
    """Every function the notebook defines, the last definition of each name winning (the solutions)."""
    namespace = {"np": np, "helpers": helpers}
    for cell in code_cells(load(number)):
        tree = ast.parse(python_only(source(cell)))
        defs = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
        if defs:
            exec(compile(ast.Module(body=defs, type_ignores=[]), EPISODES[number], "exec"), namespace)
    return namespace


def cell_containing(nb, text: str):
    matches = [c for c in code_cells(nb) if text in source(c)]
    assert len(matches) == 1, f"expected one code cell containing {text!r}, found {len(matches)}"
    return matches[0]


# --- structure ----------------------------------------------------------------------------------


@pytest.mark.parametrize("number", EPISODES)
def test_notebook_exists_is_small_and_uses_live_figures(number):
    path = NOTEBOOKS_DIR / EPISODES[number]
    assert path.stat().st_size < MAX_BYTES, f"{path.name} is {path.stat().st_size} bytes"
    first = source(code_cells(load(number))[0])
    assert first.startswith("%matplotlib widget")
    assert f"from helpers.exercises import episode{number}" in first


@pytest.mark.parametrize("number", EPISODES)
def test_first_and_last_cells_link_to_the_neighbouring_episodes(number):
    cells = [c for c in load(number)["cells"] if c["cell_type"] == "markdown"]
    previous, following = NEIGHBOURS[number]
    for cell in (cells[0], cells[-1]):
        assert f"]({previous})" in source(cell) and f"]({following})" in source(cell)


@pytest.mark.parametrize("number", EPISODES)
def test_every_explorer_is_the_last_expression_of_a_cell_nbval_ignores(number):
    explorers = [c for c in code_cells(load(number)) if "Explorer(" in source(c)]
    assert explorers, "every episode has a live explorer"
    for cell in explorers:
        assert "nbval-ignore-output" in tags(cell)
        body = ast.parse(python_only(source(cell))).body
        assigned = body[0].targets[0].id
        assert isinstance(body[-1], ast.Expr) and ast.unparse(body[-1].value) == assigned
        bundle = cell["outputs"][-1]["data"]
        assert "application/vnd.jupyter.widget-view+json" in bundle and "alt=" in joined(bundle["text/html"])


def test_episode_2_has_the_tangent_explorer():
    assert any("widgets.TangentExplorer(" in source(c) for c in code_cells(load(2)))


@pytest.mark.parametrize("number", EPISODES)
def test_static_figures_are_pictures_with_alt_text_and_no_live_canvas(number):
    for cell in code_cells(load(number)):
        for out in cell["outputs"]:
            data = out.get("data", {})
            if "image/png" in data and "application/vnd.jupyter.widget-view+json" not in data:
                alt = re.search(r'<img alt="([^"]+)"', joined(data["text/html"]))
                assert alt and len(alt.group(1)) > 40, "a static figure needs a real description"
            if "application/vnd.jupyter.widget-view+json" in data:
                assert "Explorer(" in source(cell), "only explorers may leave a live widget"


@pytest.mark.parametrize("number", EPISODES)
def test_markdown_images_have_alt_text_and_formulas_are_latex(number):
    text = markdown(load(number))
    assert not re.search(r"!\[\s*\]\(", text)
    assert all('alt="' in tag for tag in re.findall(r"<img[^>]*>", text))
    assert "$\\alpha" in text or "\\alpha" in text


@pytest.mark.parametrize("number", EPISODES)
def test_exercises_have_a_stub_a_hint_and_a_hidden_solution(number):
    cells = load(number)["cells"]
    solutions = [i for i, c in enumerate(cells) if "solution" in tags(c)]
    assert 2 <= len(solutions) <= 3
    module = CHECKS[number]
    for i in solutions:
        solution, hint, stub = cells[i], cells[i - 1], cells[i - 2]
        assert solution["metadata"]["jupyter"]["source_hidden"] is True
        assert hint["cell_type"] == "markdown" and "reveal" in source(hint)
        assert stub["cell_type"] == "code" and "solution" not in tags(stub)
        check = re.search(rf"episode{number}\.(check_\w+)\(", source(solution)).group(1)
        assert hasattr(module, check) and f"episode{number}.{check}(" in source(stub)
        assert "NotImplementedError" in source(stub) or "= None" in source(stub)
        assert "❌ Not yet." in outputs_text(stub)
        assert "worked solution" in source(hint)
        # The solution runs under nbval but spoils nothing: it asserts that it passes and prints nothing.
        last = ast.parse(source(solution)).body[-1]
        assert isinstance(last, ast.Assert), "a solution ends with: assert episodeN.check_...(...).passed"
        test = ast.unparse(last.test)
        assert test.startswith(f"episode{number}.{check}(") and test.endswith(").passed")
        assert solution["outputs"] == []


@pytest.mark.parametrize("number", EPISODES)
def test_every_solution_passes_its_own_check(number):
    """The hidden solutions, run in order as Run All runs them, pass their own checks."""
    namespace = {"helpers": helpers, "np": np, f"episode{number}": CHECKS[number]}
    for cell in (c for c in load(number)["cells"] if "solution" in tags(c)):
        exec(python_only(source(cell)), namespace)  # each ends with: assert episodeN.check_...(...).passed


# --- the notebooks' hand-written code agrees with the package -----------------------------------

STEP_CASES = [(w, s, a) for w in (-2.0, 0.0, 5.0) for s in (-4.0, 0.0, 6.5) for a in (0.01, 0.1, 0.7)]


@pytest.mark.parametrize(("w", "slope", "alpha"), STEP_CASES)
def test_episode_1_update_is_the_package_step(w, slope, alpha):
    update = notebook_functions(1)["update"]
    assert update(w, slope, alpha) == pytest.approx(helpers.step(w, slope, alpha))


@pytest.mark.parametrize(
    ("cost", "w_in", "alpha"), [("bowl", 0.0, 0.1), ("bowl", 6.5, 0.9), ("valleys", 4.0, 0.05)]
)
def test_episode_1_descend_is_the_package_descent(cost, w_in, alpha):
    cost = helpers.bowl() if cost == "bowl" else helpers.two_valleys()
    descend = notebook_functions(1)["descend"]
    package = helpers.gradient_descent_1d(cost.J, cost.dJ_dw, w_in, alpha, 25, tol=0.0)
    np.testing.assert_allclose(descend(w_in, alpha, 25, cost.dJ_dw), package.w_history)
    assert list(inspect.signature(descend).parameters)[:3] == list(inspect.signature(cost.descend).parameters)


def test_episode_1_steps_by_hand_match_the_package():
    cell = cell_containing(load(1), "w = w - alpha * dj_dw")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(python_only(source(cell)), {"helpers": helpers, "np": np})
    by_hand = [float(v) for v in re.findall(r"w = ([\d.]+),", printed.getvalue())]
    package = helpers.bowl().descend(0.0, 0.1, 3).w_history[1:]
    np.testing.assert_allclose(by_hand, package)


@pytest.mark.parametrize("w", [-0.5, 0.7, 2.0, 4.2, 6.3])
def test_episode_2_slope_estimate_matches_the_formulas(w):
    slope_estimate = notebook_functions(2)["slope_estimate"]
    for cost in (helpers.bowl(), helpers.two_valleys(), helpers.bowl(w_min=-1.0, curvature=3.0)):
        assert slope_estimate(cost.J, w) == pytest.approx(cost.dJ_dw(w), rel=1e-4, abs=1e-4)


@pytest.mark.parametrize(("w", "alpha"), [(5.0, 0.1), (1.0, 0.25), (4.2, 0.05)])
def test_episode_2_numeric_step_is_the_package_step(w, alpha):
    numeric_step = notebook_functions(2)["numeric_step"]
    cost = helpers.two_valleys()
    assert numeric_step(cost.J, w, alpha) == pytest.approx(helpers.step(w, cost.dJ_dw(w), alpha), abs=1e-5)


def test_episode_2_printed_formula_and_estimate_columns_agree():
    for text in ("formula 2(w - 3)", "formula {valleys.dJ_dw(w)"):
        rows = re.findall(
            r"([+-]\d+\.\d{4})\s+(?:estimate\s+)?([+-]\d+\.\d{4})",
            outputs_text(cell_containing(load(2), text)),
        )
        assert len(rows) >= 4
        for formula, estimate in rows:
            assert float(formula) == pytest.approx(float(estimate), abs=2e-4)


@pytest.mark.parametrize("curvature", [0.25, 1.0, 2.5, 4.0])
def test_episode_3_threshold_is_the_package_bound_and_the_divergence_edge(curvature):
    threshold_alpha = notebook_functions(3)["threshold_alpha"]
    cost = helpers.bowl(curvature=curvature)
    limit = threshold_alpha(curvature)
    assert limit == pytest.approx(cost.alpha_max)
    assert cost.descend(0.0, 0.97 * limit, 100_000).converged
    assert cost.descend(0.0, 1.03 * limit, 100_000).diverged


@pytest.mark.parametrize("alpha", [0.05, 0.1, 0.3, 0.7, 0.9])
def test_episode_3_each_step_multiplies_the_distance_by_one_minus_two_alpha(alpha):
    run = helpers.bowl().descend(0.0, alpha, 5)
    distances = run.w_history - 3.0
    np.testing.assert_allclose(distances[1:] / distances[:-1], 1 - 2 * alpha)


# --- the numbers the prose quotes are the package's -------------------------------------------


def prose(number: int) -> str:
    """The notebook's markdown with every run of white space made one space."""
    return " ".join(markdown(load(number)).split())


def test_episode_1_quoted_numbers():
    text = prose(1)
    x, y = helpers.load_houses("two_houses.csv")
    assert "85000" in text and helpers.compute_cost(x, y, 0, 0) == pytest.approx(85000)
    dj_dw, dj_db = helpers.compute_gradient(x, y, 0, 0)
    assert "about 36700" in text and helpers.compute_cost(x, y, -0.1 * dj_dw, -0.1 * dj_db) == pytest.approx(
        36700, abs=50
    )
    assert "(0.6, then 0.48, then 0.384)" in text
    np.testing.assert_allclose(np.diff(helpers.bowl().descend(0.0, 0.1, 3).w_history), [0.6, 0.48, 0.384])
    assert "5.33" in text and helpers.two_valleys().J(5.0) == pytest.approx(5.33, abs=0.005)
    assert helpers.two_valleys().descend(3.0, 0.05, 500).w == pytest.approx(1.0, abs=1e-6)
    assert helpers.two_valleys().descend(4.0, 0.05, 500).w == pytest.approx(5.0, abs=1e-6)


def test_episode_2_quoted_numbers():
    cost = helpers.bowl()
    assert cost.dJ_dw(5.0) == 4 and cost.dJ_dw(1.0) == -4
    assert helpers.step(5.0, 4.0, 0.25) == 4.0 and cost.J(4.0) == 1.0
    x, y = helpers.load_houses("two_houses.csv")
    assert helpers.compute_gradient(x, y, 0.0, 0.0) == pytest.approx((-650.0, -400.0))


def test_episode_3_quoted_numbers():
    text = prose(3)
    cost = helpers.bowl()
    steps = {a: cost.descend(0.0, a, 100_000).stopped_at for a in (0.001, 0.01, 0.1, 0.99)}
    assert "about ten times more steps" in text
    assert 5 < steps[0.01] / steps[0.1] < 15 and 5 < steps[0.001] / steps[0.01] < 15
    assert "more than a thousand steps" in text and steps[0.99] > 1000
    assert "further away** (4.2)" in text and abs(
        helpers.step(0.0, cost.dJ_dw(0.0), 1.2) - 3
    ) == pytest.approx(4.2)
    assert "$0.8 = 1 - 2\\alpha$" in markdown(load(3))
    far, near = (cost.descend(w, 0.1, 10_000).stopped_at for w in (-97.0, 2.9))
    assert "about 30 more steps" in text and 25 <= far - near <= 35
    assert helpers.step(0.0, cost.dJ_dw(0.0), 0.75) == pytest.approx(4.5)
    assert "$0.8^{31} \\approx 1/1000$" in markdown(load(3)) and 0.8**31 == pytest.approx(1e-3, rel=0.01)
    assert far - near == 31


def test_episode_1_valley_floor_numbers():
    text = prose(1)
    x, y = helpers.load_houses("two_houses.csv")
    path = helpers.gradient_descent(x, y, w_in=0, b_in=0, alpha=0.1, num_iters=10_000)
    assert "from $J = 85000$ to about 32" in text and round(path.J_history[10]) == 32
    assert "near $w = 187$, $b = 114$" in text
    assert (round(path.w_history[10]), round(path.b_history[10])) == (187, 114)
    assert "for more than 1900 steps" in text and 1900 < path.stopped_at - 10 < 2000
    assert "about 13 and 14 away" in text
    assert (round(200 - path.w_history[10]), round(path.b_history[10] - 100)) == (13, 14)


def test_episode_3_fewest_steps_and_the_ladder():
    text = prose(3)
    cost = helpers.bowl()
    assert cost.descend(0.0, 0.5, 100).stopped_at == 2
    figure = outputs_text(cell_containing(load(3), "alphas = np.sort(np.append("))
    assert "its lowest, 2, at α = 0.5" in figure
    table = outputs_text(cell_containing(load(3), "ladder = ["))
    falls = dict(re.findall(r"α = ([\d.]+)\s.*falls every step: (yes|no)", table))
    assert falls == {"0.01": "yes", "0.03": "yes", "0.1": "yes", "0.3": "yes", "1.0": "no"}
    x, _ = helpers.load_houses("two_houses.csv")
    assert "about 0.58" in text and helpers.max_stable_alpha(x) == pytest.approx(0.58, abs=0.005)
    assert "about 3× apart" in text and "largest $\\alpha$ whose $J$ falls at every iteration" in text


# --- what the newcomer review asked for ---------------------------------------------------------


@pytest.mark.parametrize("number", EPISODES)
def test_still_figures_come_from_the_static_module(number):
    cells = code_cells(load(number))
    assert "from helpers.static import show_static, static_figure" in source(cells[0])
    for cell in cells:
        code = source(cell)
        assert "def show_static" not in code and "Figure(" not in code and "plt." not in code
        pictures = [o for o in cell["outputs"] if "image/png" in o.get("data", {})]
        if pictures and "Explorer(" not in code:
            assert "show_static(fig, alt=" in code and "static_figure(" in code


def test_episode_1_walks_one_parameter_before_two():
    text = markdown(load(1))
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    one = next(i for i, h in enumerate(headings) if h.startswith("2. One parameter"))
    two = next(i for i, h in enumerate(headings) if h.startswith("5. Two parameters"))
    assert one < two
    assert text.index("w \\leftarrow w - \\alpha\\,\\frac{dJ}{dw}") < text.index("\\partial")
    assert 'curly d, read "partial"' in text and "(Episode 2 explains)" in text
    assert text.count("simultaneous") <= 2, "the simultaneous update is only previewed; Episode 5 treats it"


def test_the_first_explorer_says_the_curve_can_be_clicked():
    cells = load(1)["cells"]
    first = next(i for i, c in enumerate(cells) if "Explorer(" in source(c))
    assert "**click on the curve**" in source(cells[first - 1])


@pytest.mark.parametrize(("number", "alpha"), [(1, 0.5), (3, 0.75)])
def test_exact_alphas_are_set_by_a_visible_update_cell(number, alpha):
    cells = load(number)["cells"]
    first = next(i for i, c in enumerate(cells) if "Explorer(" in source(c))
    update = cells[first + 2]
    assert source(update).startswith(f"explorer.update(alpha={alpha})") and update["outputs"] == []
    assert "notches 2.3 % apart" in source(cells[first + 1])
    explorer = widgets.DescentExplorer(helpers.bowl(), alpha=0.1, w0=0.0, num_iters=100)
    try:
        for exact in (0.5, 0.75, 0.95, 1.0, 1.05):
            explorer.update(alpha=exact)
            assert explorer.alpha_slider.value == exact
    finally:
        explorer.close()


def test_episode_2_defines_the_gradient_and_qualifies_going_down():
    text = prose(2)
    assert "is the **gradient** of $J$" in text
    assert "**steepest uphill**" in text and "**steepest downhill**" in text
    assert text.count("goes down (if $\\alpha$ is small enough: Episode 3)") == 3  # two rows, the summary
    assert "Either way $J$ goes down (if $\\alpha$ is small enough: Episode 3)" in text


def test_episode_3_explains_log_axes_before_the_first_one():
    cells = load(3)["cells"]
    first_log = next(i for i, c in enumerate(cells) if c["cell_type"] == "code" and "log" in source(c))
    explained = [i for i, c in enumerate(cells) if "each gridline is 10× the one below" in source(c)]
    assert explained and explained[0] < first_log


def test_episode_3_gives_each_alpha_one_colour_and_marker():
    cells = code_cells(load(3))
    assert sum("ALPHA_STYLE = {" in source(c) for c in cells) == 1
    namespace = {"plots": plots}
    exec(source(cells[0]).split("ALPHA_STYLE = {", 1)[0].split("\n", 1)[1].replace("%", "#"), namespace)
    exec("ALPHA_STYLE = {" + source(cells[0]).split("ALPHA_STYLE = {", 1)[1], namespace)
    styles = namespace["ALPHA_STYLE"]
    assert len({(s["color"], s["marker"]) for s in styles.values()}) == len(styles)
    assert len({s["color"] for s in styles.values()}) == len(styles)
    for cell in cells[1:]:
        code = source(cell)
        if "show_static(" in code and "label=f\"α = {alpha}" in code:
            assert "**ALPHA_STYLE[alpha]" in code and "color=" not in code.split("show_static(")[0]
