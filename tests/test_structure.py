"""The package stays readable: no module in helpers/ over 400 lines, no function over 40, and each
layer imports only what it needs (math without matplotlib, figures without pyplot)."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HELPERS = ROOT / "helpers"
FILES = sorted(HELPERS.rglob("*.py"))

MAX_LINES = 400
MAX_FUNCTION_LINES = 40


def _name(path: Path) -> str:
    return path.relative_to(HELPERS).as_posix()


def function_lengths(path: Path) -> dict[str, int]:
    """Every function and method in ``path`` with its length in lines (signature to last line)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lengths = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            lengths[node.name] = max(lengths.get(node.name, 0), node.end_lineno - node.lineno + 1)
    return lengths


def test_the_package_has_modules_to_check():
    assert HELPERS / "plots.py" in FILES and HELPERS / "exercises" / "episode8.py" in FILES
    assert any(p.parent.name == "live" for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=_name)
def test_no_module_is_over_400_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{_name(path)} has {lines} lines: split it along its seams"


@pytest.mark.parametrize("path", FILES, ids=_name)
def test_no_function_is_over_40_lines(path):
    too_long = {name: n for name, n in function_lengths(path).items() if n > MAX_FUNCTION_LINES}
    assert not too_long, f"{_name(path)}: functions over {MAX_FUNCTION_LINES} lines: {too_long}"


def test_function_lengths_count_from_the_signature_to_the_last_line(tmp_path):
    source = tmp_path / "example.py"
    source.write_text(
        '@decorator\ndef f(x):\n    """Doc."""\n\n    return x\n\n\n'
        "class A:\n    def g(self):\n        pass\n",
        encoding="utf-8",
    )
    assert function_lengths(source) == {"f": 4, "g": 2}


#: In one fresh interpreter, each layer imported after the ones below it, and what must not be
#: loaded yet: the math needs no matplotlib; still pictures need neither pyplot nor widgets nor
#: IPython; importing the figure helpers changes no style; nothing but a learner loads pyplot.
LAYERS = """
import sys
import helpers
assert "matplotlib" not in sys.modules, "helpers loads matplotlib"
import matplotlib, helpers.static
loaded = [m for m in ("matplotlib.pyplot", "ipywidgets", "IPython") if m in sys.modules]
assert not loaded, f"helpers.static loads {loaded}"
import helpers.plots, helpers.plots_optimizers
assert matplotlib.rcParams["figure.dpi"] == matplotlib.rcParamsDefault["figure.dpi"], "a style changed"
assert "matplotlib.pyplot" not in sys.modules, "the figure helpers load pyplot"
import helpers.widgets
assert "matplotlib.pyplot" not in sys.modules, "helpers.widgets loads pyplot"
"""


def test_each_layer_imports_only_what_it_needs():
    run = subprocess.run([sys.executable, "-c", LAYERS], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
