"""Re-execute notebooks in place, each top to bottom in a fresh kernel, deterministically.

Usage: python scripts/run_notebooks.py notebooks/*.ipynb

Outputs are stored without timing metadata or widget state, so a re-run changes a notebook
only where its results changed, and GitHub shows the static figures rather than dead widgets.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

TIMEOUT_PER_CELL = 120
KERNEL = "python3"


def run(path: Path) -> float:
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata["kernelspec"] = {
        "name": KERNEL,
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    notebook.metadata.pop("widgets", None)
    start = time.perf_counter()
    client = NotebookClient(
        notebook,
        timeout=TIMEOUT_PER_CELL,
        kernel_name=KERNEL,
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=False,
    )
    client.execute()
    elapsed = time.perf_counter() - start
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    notebook.metadata.pop("widgets", None)
    nbformat.validate(notebook)
    nbformat.write(notebook, path)
    return elapsed


def main(paths: list[str]) -> None:
    if not paths:
        sys.exit("usage: python scripts/run_notebooks.py NOTEBOOK.ipynb [...]")
    for name in paths:
        seconds = run(Path(name))
        print(f"{name}: executed in {seconds:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
