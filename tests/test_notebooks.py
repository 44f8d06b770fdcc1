"""One set of rules for every notebook of the course, as saved: run in order in a fresh kernel,
fit to publish, and built the same way in every episode (live figures, still figures with alt
text, exercises numbered by episode with a folded-away solution that passes its own check).

What each episode *says* is tested in its own file, tests/test_episode_NN.py.
"""

from __future__ import annotations

import ast
import importlib
import re

import pytest
from notebook_reading import (
    EPISODES,
    LESSONS,
    NOTEBOOKS,
    NOTEBOOKS_DIR,
    SOLUTION_HINT,
    code_cells,
    exercises,
    joined,
    load,
    markdown,
    namespace,
    outputs_text,
    python_only,
    source,
    tags,
)

from helpers.live import controls

MAX_BYTES = 1_000_000
MACHINE_PATH = re.compile(r"(/work/|/root/|/tmp/|/home/|[A-Z]:\\\\Users)")
#: Each episode's neighbours, as its first and last cells link to them.
NEIGHBOURS = {1: (0, 2), 2: (1, 3), 3: (2, 4), 4: (3, 5), 5: (4, 6), 6: (5, 7), 7: (6, 8), 8: (7, 0)}
#: Episodes whose live explorers are not built yet: a still figure stands where each will go,
#: followed by a markdown cell that starts with ``<!-- explorer: NAME -->``.
EXPLORERS_PENDING: set[int] = set()

all_notebooks = pytest.mark.parametrize("number", sorted(EPISODES), ids=lambda n: EPISODES[n])
lessons = pytest.mark.parametrize("number", LESSONS, ids=lambda n: EPISODES[n])


def test_the_course_is_episodes_numbered_from_0_without_gaps():
    assert [p.name for p in NOTEBOOKS] == [EPISODES[n] for n in range(len(NOTEBOOKS))]
    assert EPISODES[0] == "00-start-here.ipynb"


# --- run and saved as a learner will open them ---------------------------------------------------


@all_notebooks
def test_executed_in_order_without_errors_or_warnings(number):
    nb = load(number)
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    code = [c for c in code_cells(nb) if source(c).strip()]
    counts = [c["execution_count"] for c in code]
    assert counts == list(range(1, len(code) + 1)), f"execution counts {counts}: re-run top to bottom"
    for cell in code:
        for out in cell["outputs"]:
            assert out["output_type"] != "error", f"stored error {out.get('ename')} in:\n{source(cell)}"
            assert out.get("name") != "stderr", (
                f"stored stderr output in:\n{source(cell)}\n{joined(out['text'])}"
            )


@all_notebooks
def test_small_and_says_nothing_of_the_machine_it_ran_on(number):
    path = NOTEBOOKS_DIR / EPISODES[number]
    text = path.read_text(encoding="utf-8")
    assert path.stat().st_size < MAX_BYTES, f"{path.name} is {path.stat().st_size} bytes"
    assert not MACHINE_PATH.search(text), MACHINE_PATH.search(text).group(0)
    nb = load(number)
    assert "widgets" not in nb["metadata"], "widget state is stored; re-run make notebooks"
    for cell in nb["cells"]:
        assert "execution" not in cell.get("metadata", {}), "timing metadata is stored"


# --- how every episode is built ------------------------------------------------------------------


@lessons
def test_first_code_cell_turns_on_live_figures_and_imports_the_episode_checks(number):
    first = source(code_cells(load(number))[0])
    assert first.startswith("%matplotlib widget")
    assert f"from helpers.exercises import episode{number}" in first
    assert "from helpers.static import show_static, static_figure" in first


@lessons
def test_first_and_last_cells_link_to_the_neighbouring_episodes(number):
    cells = [c for c in load(number)["cells"] if c["cell_type"] == "markdown"]
    for neighbour in NEIGHBOURS[number]:
        for cell in (cells[0], cells[-1]):
            assert f"]({EPISODES[neighbour]})" in source(cell), f"no link to {EPISODES[neighbour]}"


@all_notebooks
def test_every_link_to_a_notebook_points_to_an_episode(number):
    linked = set(re.findall(r"\]\(([\w-]+\.ipynb)\)", markdown(load(number))))
    assert linked <= set(EPISODES.values()), linked - set(EPISODES.values())


@lessons
def test_every_explorer_is_the_last_expression_of_a_cell_nbval_ignores(number):
    explorers = [c for c in code_cells(load(number)) if re.search(r"widgets\.\w+Explorer\(", source(c))]
    if number in EXPLORERS_PENDING:
        markers = [c for c in load(number)["cells"] if source(c).startswith("<!-- explorer: ")]
        assert markers and not explorers, "a pending explorer is marked where it will go"
        return
    assert explorers, "every episode has a live explorer"
    for cell in explorers:
        assert "nbval-ignore-output" in tags(cell)
        body = ast.parse(python_only(source(cell))).body
        assigned = body[0].targets[0].id
        assert isinstance(body[-1], ast.Expr) and ast.unparse(body[-1].value) == assigned
        bundle = cell["outputs"][-1]["data"]
        assert "application/vnd.jupyter.widget-view+json" in bundle
        assert 'alt="' in joined(bundle["text/html"]), "an explorer saves a picture with alt text"


@all_notebooks
def test_still_figures_are_pictures_with_alt_text_made_by_the_static_module(number):
    for cell in code_cells(load(number)):
        code = source(cell)
        assert "plt." not in code and "Figure(" not in code and "def show_static" not in code
        for out in cell["outputs"]:
            data = out.get("data", {})
            if "application/vnd.jupyter.widget-view+json" in data:
                assert "nbval-ignore-output" in tags(cell), (
                    "a live widget's output is never compared by nbval"
                )
                assert number == 0 or "Explorer(" in code, "in an episode only explorers leave a live widget"
            elif "image/png" in data:
                assert "show_static(fig, alt=" in code and "static_figure(" in code
                alt = re.search(r'<img alt="([^"]+)"', joined(data["text/html"]))
                assert alt and len(alt.group(1)) > 40, "a still figure needs a real description"


@all_notebooks
def test_markdown_images_have_alt_text(number):
    text = markdown(load(number))
    assert not re.search(r"!\[\s*\]\(", text), "a markdown image without alt text"
    assert not re.search(r'<img(?![^>]*\balt="[^"]+")[^>]*>', text), "an <img> without alt text"


@lessons
def test_formulas_are_written_in_latex(number):
    text = markdown(load(number))
    assert "$$" in text, "each episode teaches at least one formula as displayed LaTeX"
    # The update rule and the derivatives are maths, not code, wherever the prose states them.
    plain = re.sub(r"\$\$.*?\$\$|\$[^$\n]+\$|`[^`\n]+`", "", text, flags=re.S)
    for formula in ("dJ/dw", "w - alpha", "w - α", "alpha * dj_dw", "w <-", "1/(2m)"):
        assert formula not in plain, f"{formula!r} is written as plain text; write it in LaTeX"


# --- exercises: numbered by episode, one convention for solutions --------------------------------


@lessons
def test_exercises_are_numbered_by_episode(number):
    labels = [exercise["label"] for exercise in exercises(number)]
    assert labels == [f"{number}.{k}" for k in range(1, len(labels) + 1)]
    assert 2 <= len(labels) <= 3
    text = markdown(load(number))
    for mention in re.findall(r"[Ee]xercise\s+(\S+)", text):
        assert re.fullmatch(rf"{number}\.[1-9][·:,.)]?", mention) or mention == "·", (
            f"'exercise {mention}': name exercises by episode, e.g. Exercise {number}.1"
        )


@lessons
def test_every_exercise_has_a_stub_a_hint_and_a_folded_away_solution(number):
    module = f"episode{number}"
    for exercise in exercises(number):
        stub, hint, solution = exercise["stub"], exercise["hint"], exercise["solution"]
        check = re.search(rf"{module}\.(check_\w+)\(", source(stub)).group(1)
        # The stub: the learner's cell, which ends by running the check and shows it failing.
        assert "solution" not in tags(stub) and "jupyter" not in stub["metadata"]
        last = ast.parse(python_only(source(stub))).body[-1]
        assert isinstance(last, ast.Expr) and ast.unparse(last.value).startswith(f"{module}.{check}(")
        assert "❌" in outputs_text(stub), f"Exercise {exercise['label']}: the stub should fail its check"
        # The hint: the same sentence everywhere.
        assert hint["cell_type"] == "markdown" and source(hint) == SOLUTION_HINT
        # The solution: folded away, tagged, silent, and it asserts that it passes the same check.
        assert solution["cell_type"] == "code"
        assert solution["metadata"] == {"jupyter": {"source_hidden": True}, "tags": ["solution"]}
        assert solution["outputs"] == []
        last = ast.parse(python_only(source(solution))).body[-1]
        assert isinstance(last, ast.Assert), "a solution ends with: assert episodeN.check_...(...).passed"
        test = ast.unparse(last.test)
        assert test.startswith(f"{module}.{check}(") and test.endswith(").passed")


@lessons
def test_every_solution_passes_its_own_check(number):
    """The hidden solutions, run in order as Run All runs them, pass their own checks."""
    checks = importlib.import_module(f"helpers.exercises.episode{number}")
    scope = namespace(**{f"episode{number}": checks})
    for exercise in exercises(number):
        exec(python_only(source(exercise["solution"])), scope)  # each ends with: assert ....passed


@lessons
def test_every_stub_fails_its_own_check_when_run_again(number):
    checks = importlib.import_module(f"helpers.exercises.episode{number}")
    for exercise in exercises(number):
        scope = namespace(**{f"episode{number}": checks})
        tree = ast.parse(python_only(source(exercise["stub"])))
        *body, last = tree.body
        exec(compile(ast.Module(body, []), EPISODES[number], "exec"), scope)
        verdict = eval(compile(ast.Expression(last.value), EPISODES[number], "eval"), scope)
        assert not verdict.passed, f"Exercise {exercise['label']}: the untouched stub passes its check"


# What the note under each explorer says: (α that are notches, α that are not).
NOTCHES_IN_NOTE = {1: ((0.5,), ()), 3: ((0.5, 0.75, 1.0), (0.45, 0.55, 0.95, 1.05))}


@pytest.mark.parametrize(("number", "alpha"), [(1, 0.5), (3, 0.75)])
def test_exact_alphas_are_set_by_a_visible_update_cell_under_the_explorer(number, alpha):
    cells = load(number)["cells"]
    first = next(i for i, c in enumerate(cells) if "Explorer(" in source(c))
    note, update = cells[first + 1], cells[first + 2]
    # The note says which α are notches of the slider; the slider's own notches agree.
    assert "1, 1.5, 2, 3, 5 and 7.5 times a power of ten" in " ".join(source(note).split())
    notches = controls.alpha_notches(1e-4, 10.0)
    said_notches, said_not = NOTCHES_IN_NOTE[number]
    assert all(f"{a:g}" in source(note) for a in said_notches + said_not)
    assert all(a in notches for a in said_notches) and not any(a in notches for a in said_not)
    assert alpha in said_notches
    assert source(update).startswith(f"explorer.update(alpha={alpha})") and update["outputs"] == []
