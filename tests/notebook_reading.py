"""Reading the course's notebooks in tests: cells, sources, stored outputs, and running their code.

The notebooks are read as saved (JSON), never executed by these helpers, except for the cells a
test asks to run; that keeps the content tests fast and independent of a kernel.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import io
import json
import re
from pathlib import Path

import numpy as np

import helpers

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
#: Episode number -> file name, taken from the files themselves ("03-learning-rate.ipynb" is 3).
EPISODES = {int(path.name[:2]): path.name for path in NOTEBOOKS}
#: The episodes proper (00 only checks the set-up).
LESSONS = [number for number in EPISODES if number > 0]

#: The line under every exercise stub that leads to its folded-away solution, the same everywhere.
SOLUTION_HINT = (
    "*Stuck? The next cell, folded away, holds a worked solution: click the **⋯** (or the bar left "
    "of it) to reveal it. Run as it is, it only checks that the solution passes and prints nothing.*"
)


@functools.cache
def _load_cached(number: int) -> str:
    return (NOTEBOOKS_DIR / EPISODES[number]).read_text(encoding="utf-8")


def load(number: int) -> dict:
    """The notebook of episode ``number`` as saved (a fresh dict each call)."""
    return json.loads(_load_cached(number))


def joined(value) -> str:
    """A notebook string field, stored either as one string or as a list of lines."""
    return value if isinstance(value, str) else "".join(value)


def source(cell) -> str:
    return joined(cell["source"])


def python_only(code: str) -> str:
    """The cell's code without IPython magics, so ``ast`` and ``exec`` can read it."""
    return "\n".join(line for line in code.splitlines() if not line.lstrip().startswith("%"))


def tags(cell) -> list:
    return cell.get("metadata", {}).get("tags", [])


def code_cells(nb) -> list:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def markdown(nb) -> str:
    return "\n".join(source(c) for c in nb["cells"] if c["cell_type"] == "markdown")


def prose(number: int) -> str:
    """The episode's markdown with every run of white space made one space."""
    return " ".join(markdown(load(number)).split())


def outputs_text(cell) -> str:
    """The stored text a cell printed or returned (streams and text/plain)."""
    parts = []
    for out in cell.get("outputs", []):
        if out["output_type"] == "stream":
            parts.append(joined(out["text"]))
        elif "data" in out:
            parts.append(joined(out["data"].get("text/plain", "")))
    return "\n".join(parts)


def cell_containing(nb, text: str, *, kind: str = "code"):
    """The one cell of ``kind`` whose source contains ``text``."""
    matches = [c for c in nb["cells"] if c["cell_type"] == kind and text in source(c)]
    assert len(matches) == 1, f"expected one {kind} cell containing {text!r}, found {len(matches)}"
    return matches[0]


def output_of(number: int, text: str) -> str:
    """The stored output of the one code cell of episode ``number`` that contains ``text``."""
    return outputs_text(cell_containing(load(number), text))


def namespace(**extra) -> dict:
    """What a notebook's first cell provides, for running its cells outside a kernel."""
    from helpers import plots, static, widgets

    return {
        "np": np,
        "helpers": helpers,
        "plots": plots,
        "widgets": widgets,
        "show_static": lambda fig, alt: static.close_figure(fig),
        "static_figure": static.static_figure,
        **extra,
    }


def notebook_functions(number: int, *, solutions: bool = True, **extra) -> dict:
    """Every function the notebook defines, the last definition of each name winning.

    With ``solutions=False`` the hidden solutions are left out, so a stub's name is the stub and
    the functions are the ones the lesson itself writes.
    """
    scope = namespace(**extra)
    for cell in code_cells(load(number)):
        if not solutions and "solution" in tags(cell):
            continue
        tree = ast.parse(python_only(source(cell)))
        defs = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
        if defs:
            exec(compile(ast.Module(body=defs, type_ignores=[]), EPISODES[number], "exec"), scope)
    return scope


def run_cell(number: int, text: str, scope: dict | None = None) -> tuple[str, dict]:
    """Run the one code cell containing ``text`` in ``scope``; return what it printed, and the scope."""
    scope = namespace() if scope is None else scope
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(
            compile(python_only(source(cell_containing(load(number), text))), EPISODES[number], "exec"), scope
        )
    return printed.getvalue(), scope


def exercises(number: int) -> list[dict]:
    """Each exercise of an episode: its heading, stub, hint and solution cells, and its number."""
    cells = load(number)["cells"]
    found = []
    for i, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        match = re.search(r"^### Exercise (\S+) · (.+)$", source(cell), flags=re.M)
        if match:
            stub = next(
                j
                for j in range(i + 1, len(cells))
                if cells[j]["cell_type"] == "code"
                and "solution" not in tags(cells[j])
                and "episode" in source(cells[j])
            )
            found.append(
                {
                    "label": match.group(1),
                    "title": match.group(2),
                    "heading": cell,
                    "stub": cells[stub],
                    "hint": cells[stub + 1],
                    "solution": cells[stub + 2],
                }
            )
    return found
