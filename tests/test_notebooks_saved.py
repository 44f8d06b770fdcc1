"""Every committed notebook was run top to bottom in a fresh kernel and is fit to publish."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
MAX_BYTES = 3_000_000
MACHINE_PATH = re.compile(r"(/work/|/root/|/tmp/|/home/)")


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no episodes"
    assert NOTEBOOKS[0].name == "00-start-here.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_was_executed_in_order_without_errors(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"].get("kernelspec", {}).get("name") == "python3"
    code = [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    counts = [c["execution_count"] for c in code]
    assert counts == list(range(1, len(code) + 1)), f"execution counts {counts}"
    for cell in code:
        for out in cell["outputs"]:
            assert out["output_type"] != "error", f"stored error: {out.get('ename')}"
            if out.get("name") == "stderr":
                assert "Warning" not in "".join(out["text"]), "stored warning on stderr"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_small_and_says_nothing_of_this_machine(path):
    text = path.read_text(encoding="utf-8")
    assert path.stat().st_size < MAX_BYTES
    assert not MACHINE_PATH.search(text)
    nb = json.loads(text)
    assert "widgets" not in nb["metadata"], "widget state is stored; re-run make notebooks"
