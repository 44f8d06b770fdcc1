"""The package stays readable: no module in helpers/ over 400 lines, no function over 40."""

import ast
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
