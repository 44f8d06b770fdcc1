"""Re-execute notebooks in place, each top to bottom in a fresh kernel, the same bytes on every run.

Usage: python scripts/run_notebooks.py notebooks/*.ipynb

On one machine, running this twice stores byte-identical notebooks. What would otherwise change
from run to run is taken out:

- timing metadata and widget state are not stored;
- a widget's model id (random in every kernel) is replaced by one derived from the notebook's
  name, the cell's id and the output's place in the cell; GitHub shows the static picture stored
  beside it, and a kernel makes a new widget when the cell runs;
- printed text is one output per stream: the kernel sends it in pieces cut wherever a flush timer
  fires, and it sends stdout and stderr separately, so their order is not kept either (stdout
  comes first); a line rewritten with carriage returns keeps what a terminal shows;
- a cell tagged ``timing`` prints measured times: in its printed text every measured number
  (one followed by a unit of time, or by "times") becomes "…" and keeps its unit, a cell's value
  keeps only its text with every number masked, and other representations (HTML, pictures) are
  dropped. Tag such a cell ``nbval-ignore-output`` too, since nbval compares its fresh numbers
  with the stored ones;
- the kernels run with a fixed hash seed, one BLAS thread, numpy without its AVX-512 kernels and
  matplotlib's defaults plus the course's rendering settings (a personal matplotlibrc is not read).

A figure can be one pixel apart when a number it draws differs in the last bit, and then its
256-colour palette shifts too. On CPUs with AVX-512, numpy computes functions such as ``np.power``
with kernels that may round the last bit differently; those are switched off. Another machine can
still differ in a few pixels (its BLAS kernels and maths library are its own); run twice on one
machine, nothing differs.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import tempfile
import time
from pathlib import Path

# jsonschema (under nbformat) builds a grammar for its optional "iri" format checker on import,
# about 2 s; notebooks do not use that format, so it is left out (see the root conftest.py).
sys.modules.setdefault("rfc3987_syntax", None)

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

TIMEOUT_PER_CELL = 120
KERNEL = "python3"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
TIMING_TAG = "timing"
IGNORE_OUTPUT_TAG = "nbval-ignore-output"
STREAM_ORDER = ("stdout", "stderr")
STYLE_FILE = Path(__file__).resolve().parent.parent / "helpers" / "course.mplstyle"
#: Settings of the course style that decide pixels rather than looks; every figure of a run uses them.
RENDER_KEYS = ("font.family", "text.hinting", "svg.hashsalt")
#: Environment of the kernels, beside the pinned matplotlibrc (see ``kernel_env``).
PINNED_ENV = {
    "PYTHONHASHSEED": "0",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR",
}

# A number as printed (12, 1,234, 0.5, 1e-3, 3.2E+04) and what follows it.
_PRINTED = r"(?P<pad>[ \t]*)(?<![\w.])\d+(?:[.,]\d+)*(?:[eE][-+]?\d+)?"
# A measured number: one followed by a unit of time, by "times" (a ratio of two times) or by what
# %timeit chose to run ("7 runs, 100 loops each"). Counts such as "1,000,000 examples" are not.
_UNITS = r"[nµμu]s|ms|s|sec|seconds?|min|minutes?|times|×|loops?|runs?"
_MEASURED = re.compile(_PRINTED + rf"(?P<unit> ?(?:{_UNITS}))(?!\w)")
_NUMBER = re.compile(_PRINTED)
_BACKSPACE = re.compile("[^\n]\x08")  # a character, then a backspace that erases it
_CARRIAGE_RETURN = re.compile(r"^.*\r(?=[^\n])", re.MULTILINE)


# --------------------------------------------------------------------------- one output list at a time


def stable_model_id(notebook_name: str, cell_key: str, output_index: int) -> str:
    """A widget model id (32 hex digits, like the kernel's uuid4) that is the same on every run."""
    return hashlib.sha256(f"{notebook_name}/{cell_key}/{output_index}".encode()).hexdigest()[:32]


def stabilise_widget_ids(outputs: list, notebook_name: str, cell_key: str) -> list:
    """Replace the random model id of every widget view in ``outputs`` by ``stable_model_id``."""
    for index, output in enumerate(outputs):
        view = output.get("data", {}).get(WIDGET_VIEW)
        if isinstance(view, dict) and "model_id" in view:
            view["model_id"] = stable_model_id(notebook_name, cell_key, index)
    return outputs


def _terminal_text(text: str) -> str:
    """Text as a terminal leaves it: backspaces and carriage returns applied (as nbval reads it)."""
    previous = None
    while previous != text:
        previous, text = text, _BACKSPACE.sub("", text)
    return _CARRIAGE_RETURN.sub("", text)


def merge_streams(outputs: list) -> list:
    """One output per stream name for each run of consecutive stream outputs: stdout, then stderr.

    Other outputs (figures, results) keep their place; the text printed before and after one
    stays on its side of it.
    """
    merged, run = [], {}

    def close_run():
        rank = {name: i for i, name in enumerate(STREAM_ORDER)}
        names = sorted(run, key=lambda name: (rank.get(name, len(rank)), name))
        for name in names:
            first, text = run[name]
            first["text"] = _terminal_text(text)
            merged.append(first)
        run.clear()

    for output in outputs:
        if output.get("output_type") != "stream":
            close_run()
            merged.append(output)
        elif output["name"] in run:
            first, text = run[output["name"]]
            run[output["name"]] = (first, text + output["text"])
        else:
            run[output["name"]] = (output, output["text"])
    close_run()
    return merged


def _masked(match: re.Match) -> str:
    unit = match.groupdict().get("unit") or ""
    return (" " if match.group("pad") else "") + "…" + unit


def mask_numbers(text: str) -> str:
    """``text`` with every measured number replaced by "…", its unit kept ("… ms", "… times");
    counts and sizes printed beside them stay, so a notebook read without a kernel still says what
    was timed."""
    return _MEASURED.sub(_masked, text)


def mask_timings(outputs: list) -> list:
    """The outputs of a timing cell: printed text with its measured numbers masked; of a value
    (a cell's result), only its text, with every number in it masked."""
    for output in outputs:
        if output.get("output_type") == "stream":
            output["text"] = mask_numbers(output["text"])
        elif "data" in output:
            plain = output["data"].get("text/plain")
            output["data"] = {} if plain is None else {"text/plain": _NUMBER.sub(_masked, plain)}
    return outputs


# --------------------------------------------------------------------------- a whole notebook


def _tags(cell) -> list:
    return list(cell.get("metadata", {}).get("tags", []))


def timing_cells_not_ignored(notebook) -> list[int]:
    """Indices of cells tagged ``timing`` that nbval would still compare (no nbval-ignore-output)."""
    return [
        i for i, cell in enumerate(notebook.cells)
        if TIMING_TAG in _tags(cell) and IGNORE_OUTPUT_TAG not in _tags(cell)
    ]


def normalise(notebook, notebook_name: str) -> None:
    """Remove from an executed notebook, in place, everything that differs between two runs."""
    notebook.metadata.pop("widgets", None)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        cell.metadata.pop("execution", None)
        outputs = merge_streams(list(cell.outputs))
        if TIMING_TAG in _tags(cell):
            outputs = mask_timings(outputs)
        cell.outputs = stabilise_widget_ids(outputs, notebook_name, cell.get("id") or f"cell-{index}")


# --------------------------------------------------------------------------- running


def pinned_rc_text(style_file: Path = STYLE_FILE) -> str:
    """The lines of the course style that fix how a figure is rendered (``RENDER_KEYS``)."""
    lines = []
    for line in style_file.read_text(encoding="utf-8").splitlines():
        key = line.split("#", 1)[0].split(":", 1)[0].strip()
        if key in RENDER_KEYS:
            lines.append(line.split("#", 1)[0].rstrip())
    missing = set(RENDER_KEYS) - {line.split(":", 1)[0].strip() for line in lines}
    if missing:
        raise ValueError(f"{style_file.name} does not set {', '.join(sorted(missing))}; add them there.")
    return "\n".join(lines) + "\n"


def kernel_env(rc_file: Path) -> dict[str, str]:
    """The environment of a kernel: this process's, with ``PINNED_ENV`` and ``rc_file`` as matplotlibrc."""
    return {**os.environ, **PINNED_ENV, "MATPLOTLIBRC": str(rc_file)}


def run(path: Path, rc_file: Path) -> float:
    """Execute the notebook at ``path`` in a fresh kernel and store it normalised; returns seconds."""
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
    client.execute(env=kernel_env(rc_file))
    elapsed = time.perf_counter() - start
    normalise(notebook, path.stem)
    nbformat.validate(notebook)
    nbformat.write(notebook, path)
    for index in timing_cells_not_ignored(notebook):
        print(f"{path}: cell {index} is tagged {TIMING_TAG} but not {IGNORE_OUTPUT_TAG}; nbval will "
              "compare its measured numbers with the masked ones. Add the tag.", file=sys.stderr)
    return elapsed


def main(paths: list[str]) -> None:
    if not paths:
        sys.exit("usage: python scripts/run_notebooks.py NOTEBOOK.ipynb [...]")
    with tempfile.TemporaryDirectory() as folder:
        rc_file = Path(folder) / "matplotlibrc"
        rc_file.write_text(pinned_rc_text(), encoding="utf-8")
        for name in paths:
            seconds = run(Path(name), rc_file)
            print(f"{name}: executed in {seconds:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
