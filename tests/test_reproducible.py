"""`make notebooks` stores the same bytes on every run (scripts/run_notebooks.py).

Fast tests of each normalisation (widget model ids, printed text cut into pieces, measured times),
of the kernels' pinned environment and of the figure settings, then a real run of one episode with
two explorers and still figures, compared byte for byte with the committed copy.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import re
import shutil
import struct
import subprocess
import sys
import uuid
from pathlib import Path

import matplotlib
import nbformat
import pytest
from matplotlib import font_manager
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers import plots
from helpers.static import png_bytes, static_figure

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "run_notebooks.py"
NOTEBOOKS = ROOT / "notebooks"
#: Two explorers and still figures; the timing cells' masking is tested above, on built notebooks.
AGAIN = ("02-derivative.ipynb",)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
TIMING_CODE = re.compile(r"\btimeit\.|perf_counter|process_time|time\.time\(|%%?timeit\b|%%?time\b")


def _load_script():
    spec = importlib.util.spec_from_file_location("run_notebooks", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


run_notebooks = _load_script()


def stream(text, name="stdout"):
    return new_output("stream", name=name, text=text)


def widget_result(model_id=None):
    return new_output(
        "execute_result",
        data={
            WIDGET_VIEW: {"model_id": model_id or uuid.uuid4().hex, "version_major": 2, "version_minor": 0},
            "image/png": "iVBORw0KGgo=",
            "text/plain": "DescentExplorer: a bowl",
        },
        execution_count=3,
    )


def executed(outputs_by_cell, tags_by_cell=None):
    """A notebook as nbclient leaves it: code cells with these outputs (and tags)."""
    nb = new_notebook()
    nb.cells.append(new_markdown_cell("# An episode", id="title"))
    for i, outputs in enumerate(outputs_by_cell):
        cell = new_code_cell("pass", outputs=outputs, execution_count=i + 1)
        cell.id = f"cell-{i}"
        cell.metadata["execution"] = {"iopub.status.busy": f"2026-11-29T22:{i:02d}:00.000Z"}
        tags = (tags_by_cell or {}).get(i)
        if tags:
            cell.metadata["tags"] = tags
        nb.cells.append(cell)
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return nb


# --- widget model ids ---------------------------------------------------------------------------


def test_widget_model_ids_depend_on_the_place_of_the_output_not_on_the_run():
    first, second = [widget_result()], [widget_result()]
    assert first != second  # a kernel picks a random id each run
    run_notebooks.stabilise_widget_ids(first, "03-learning-rate", "ep3-17")
    run_notebooks.stabilise_widget_ids(second, "03-learning-rate", "ep3-17")
    assert first == second
    view = first[0]["data"][WIDGET_VIEW]
    assert re.fullmatch(r"[0-9a-f]{32}", view["model_id"])
    assert (view["version_major"], view["version_minor"]) == (2, 0)
    assert first[0]["data"]["image/png"] == "iVBORw0KGgo="  # the picture GitHub shows stays
    other_cell = run_notebooks.stabilise_widget_ids([widget_result()], "03-learning-rate", "ep3-19")
    other_notebook = run_notebooks.stabilise_widget_ids([widget_result()], "04-local-minima", "ep3-17")
    ids = {view["model_id"], other_cell[0]["data"][WIDGET_VIEW]["model_id"],
           other_notebook[0]["data"][WIDGET_VIEW]["model_id"]}
    assert len(ids) == 3


def test_outputs_without_a_widget_are_left_alone():
    outputs = [stream("hello\n"), new_output("display_data", data={"text/plain": "42"})]
    before = json.dumps(outputs, sort_keys=True)
    assert json.dumps(run_notebooks.stabilise_widget_ids(outputs, "nb", "c"), sort_keys=True) == before


# --- printed text ---------------------------------------------------------------------------------


@pytest.mark.parametrize("cut", range(1, 24))
def test_text_printed_in_pieces_is_stored_as_one_output_wherever_it_was_cut(cut):
    text = "alpha = 0.1: converged\nalpha = 0.3: converged\n"
    merged = run_notebooks.merge_streams([stream(text[:cut]), stream(text[cut:])])
    assert merged == [stream(text)]


def test_stdout_and_stderr_each_become_one_output_in_a_fixed_order_and_figures_keep_their_place():
    figure = new_output("display_data", data={"text/plain": "a figure"})
    outputs = [stream("a\n"), stream("careful\n", "stderr"), stream("b\n"), figure, stream("c\n")]
    assert run_notebooks.merge_streams(outputs) == [
        stream("a\nb\n"), stream("careful\n", "stderr"), figure, stream("c\n"),
    ]
    racing = [stream("careful\n", "stderr"), stream("a\n"), stream("b\n")]  # the other arrival order
    assert run_notebooks.merge_streams(racing) == [stream("a\nb\n"), stream("careful\n", "stderr")]


def test_progress_rewritten_with_carriage_returns_keeps_only_what_a_terminal_shows():
    ticks = [stream("step 10 of 100\r"), stream("step 50 of 100\rstep 100 of 100"), stream("\ndone\n")]
    assert run_notebooks.merge_streams(ticks) == [stream("step 100 of 100\ndone\n")]
    assert run_notebooks.merge_streams([stream("ab\x08c\n")]) == [stream("ac\n")]


# --- measured times ---------------------------------------------------------------------------------


def timing_run(loop_ms, vec_ms):
    return [stream(f"one gradient, per-example loop: {loop_ms:7.1f} ms\n"),
            stream(f"one gradient, whole arrays:     {vec_ms:7.1f} ms\n"
                   f"the array version is {loop_ms / vec_ms:.0f} times faster\n")]


def test_a_timing_cell_stores_the_same_text_whatever_was_measured():
    runs = []
    for loop_ms, vec_ms in [(1169.6, 14.4), (749.2, 13.2), (98.0, 0.7)]:
        nb = executed([timing_run(loop_ms, vec_ms), [stream("J = 841.6 after 501 steps\n")]],
                      {0: ["timing", "nbval-ignore-output"]})
        run_notebooks.normalise(nb, "05-linear-regression")
        runs.append(nbformat.writes(nb))
    assert runs[0] == runs[1] == runs[2]
    cells = nbformat.reads(runs[0], as_version=4).cells
    timed, untimed = cells[1], cells[2]
    assert timed.outputs == [stream("one gradient, per-example loop: … ms\none gradient, whole arrays: … ms\n"
                                    "the array version is … times faster\n")]
    assert untimed.outputs == [stream("J = 841.6 after 501 steps\n")]  # only tagged cells are masked


def test_a_timing_cell_keeps_only_text_of_a_result():
    result = new_output("execute_result", execution_count=1,
                        data={"text/plain": "81.2", "text/html": "<b>81.2</b>", "image/png": "iVBOR="})
    assert run_notebooks.mask_timings([result])[0]["data"] == {"text/plain": "…"}


@pytest.mark.parametrize(("printed", "stored"), [
    ("12.3 ms ± 1.2 µs per loop (mean ± std. dev. of 7 runs, 100 loops each)",
     "… ms ± … µs per loop (mean ± std. dev. of … runs, … loops each)"),
    ("took 0.25 s, then 3.2e-05 s", "took … s, then … s"),
    ("one gradient on all 1,000,000 examples:   52.1 ms; on a batch of 1000:  0.11 ms",
     "one gradient on all 1,000,000 examples: … ms; on a batch of 1000: … ms"),
    ("81 times faster, 1000 steps in 2.5s, 3× less", "… times faster, 1000 steps in …s, …× less"),
    ("x2 and ep5 are names, not measurements", "x2 and ep5 are names, not measurements"),
])
def test_measured_numbers_are_masked_and_keep_their_units(printed, stored):
    assert run_notebooks.mask_numbers(printed) == stored


def test_a_timing_cell_that_nbval_would_compare_is_reported():
    tags = {0: ["timing"], 1: ["timing", "nbval-ignore-output"]}
    nb = executed([[stream("1 ms\n")], [stream("2 ms\n")]], tags)
    assert run_notebooks.timing_cells_not_ignored(nb) == [1]


def test_normalise_drops_timestamps_and_widget_state_and_fixes_ids():
    runs = []
    for _ in range(2):
        nb = executed([[stream("a"), stream("b\n")], [widget_result()]])
        run_notebooks.normalise(nb, "03-learning-rate")
        runs.append(nbformat.writes(nb))
    assert runs[0] == runs[1]
    nb = nbformat.reads(runs[0], as_version=4)
    assert "widgets" not in nb.metadata
    assert all("execution" not in cell.metadata for cell in nb.cells)
    assert nb.cells[2].outputs[0]["data"][WIDGET_VIEW]["model_id"] == run_notebooks.stable_model_id(
        "03-learning-rate", "cell-1", 0)


# --- the kernels' environment and the figures -------------------------------------------------------


def test_kernels_ignore_a_personal_matplotlibrc_and_pin_hashing_threads_and_cpu_kernels(tmp_path):
    personal = tmp_path / "config"
    personal.mkdir()
    (personal / "matplotlibrc").write_text("lines.linewidth: 9\nfont.family: serif\ntext.hinting: auto\n")
    rc_file = tmp_path / "matplotlibrc"
    rc_file.write_text(run_notebooks.pinned_rc_text())
    env = {**run_notebooks.kernel_env(rc_file), "MPLCONFIGDIR": str(personal)}
    code = (
        "import json, matplotlib, numpy\n"
        "from numpy._core._multiarray_umath import __cpu_features__, __cpu_dispatch__\n"
        "rc = matplotlib.rcParams\n"
        "avx512 = [f for f in __cpu_dispatch__\n"
        "          if f.startswith(('X86_V4', 'AVX512')) and __cpu_features__[f]]\n"
        "print(json.dumps([rc['lines.linewidth'], rc['font.family'], rc['text.hinting'],\n"
        "                  rc['svg.hashsalt'], hash('w, b'), avx512]))\n"
    )
    command = [sys.executable, "-W", "error", "-c", code]
    seen = [json.loads(subprocess.run(command, env=env, capture_output=True, text=True, check=True,
                                      cwd=tmp_path).stdout) for _ in range(2)]
    linewidth, family, hinting, salt, _, avx512 = seen[0]
    assert linewidth == matplotlib.rcParamsDefault["lines.linewidth"]  # not the personal 9
    assert (family, hinting, salt) == (["DejaVu Sans"], "no_hinting", "gd-course")
    assert seen[0][4] == seen[1][4], "string hashes differ between kernels: PYTHONHASHSEED is not pinned"
    assert avx512 == [], "numpy still uses its AVX-512 kernels"


def test_course_style_pins_the_bundled_font_and_no_hinting():
    with plots.course_style():
        assert matplotlib.rcParams["font.family"] == ["DejaVu Sans"]
        assert matplotlib.rcParams["text.hinting"] == "no_hinting"
        assert matplotlib.rcParams["svg.hashsalt"] == "gd-course"
        found = font_manager.findfont(font_manager.FontProperties(family=["DejaVu Sans"]))
    assert Path(found).is_relative_to(matplotlib.get_data_path())


def png_chunks(data: bytes) -> list[bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        chunks.append(data[at + 4:at + 8])
        at += 12 + length
    return chunks


def test_a_still_figure_is_the_same_bytes_twice_with_no_text_or_time_in_the_png():
    def draw():
        with plots.course_style():
            fig, ax = static_figure(figsize=(4, 3))
            ax.semilogy([1, 2, 3], [1e3, 1e1, 1e-1], marker="o", label="cost J after k steps")
            ax.set(title="α = 0.3: each step 0.4 × the one before", xlabel="iteration k")
            ax.legend()
            return png_bytes(fig)

    first, second = draw(), draw()
    assert first == second
    assert not {b"tEXt", b"iTXt", b"zTXt", b"tIME"} & set(png_chunks(first))


# --- the whole script, again -------------------------------------------------------------------------


def _notebook_cells_printing_timings():
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        for index, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            source = "".join(cell["source"])
            if cell["cell_type"] == "code" and TIMING_CODE.search(source):
                yield path.name, index, cell.get("metadata", {}).get("tags", []), source.splitlines()[0]


def test_every_cell_that_measures_time_is_tagged_timing_and_nbval_ignore_output():
    untagged = [f"{name} cell {index}: {first!r}"
                for name, index, tags, first in _notebook_cells_printing_timings()
                if not {"timing", "nbval-ignore-output"} <= set(tags)]
    assert not untagged, "tag these cells 'timing' and 'nbval-ignore-output': " + "; ".join(untagged)


def test_make_notebooks_again_stores_the_committed_bytes(tmp_path):
    """Re-executed in fresh kernels, the notebooks come out byte for byte as committed: the run is
    deterministic (the committed copies came from an earlier run) and the committed outputs are current."""
    for name in AGAIN:
        shutil.copy(NOTEBOOKS / name, tmp_path / name)
    run = subprocess.run([sys.executable, str(SCRIPT), *(str(tmp_path / n) for n in AGAIN)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    for name in AGAIN:
        committed, again = NOTEBOOKS / name, tmp_path / name
        nb, rerun = (json.loads(path.read_text(encoding="utf-8")) for path in (committed, again))
        changed = [f"cell {i}: {''.join(a['source']).splitlines()[:1]}"
                   for i, (a, b) in enumerate(zip(nb["cells"], rerun["cells"], strict=True)) if a != b]
        assert committed.read_bytes() == again.read_bytes(), (
            f"{name} re-executed differs from the committed copy in {changed}: run `make notebooks`")
        assert "widgets" not in nb["metadata"]
        stem = name.removesuffix(".ipynb")
        for index, cell in enumerate(nb["cells"]):
            outputs = cell.get("outputs", [])
            kinds = [(o["output_type"], o.get("name")) for o in outputs]
            repeated = [a for a, b in zip(kinds, kinds[1:], strict=False) if a == b and a[0] == "stream"]
            assert not repeated, f"cell {index}: one stream in several outputs {kinds}"
            for position, output in enumerate(outputs):
                data = output.get("data", {})
                if WIDGET_VIEW in data:
                    assert data[WIDGET_VIEW]["model_id"] == run_notebooks.stable_model_id(
                        stem, cell.get("id") or f"cell-{index}", position)
                    assert "image/png" in data and "alt=" in "".join(data["text/html"])
                if "image/png" in data:
                    chunks = set(png_chunks(base64.b64decode(data["image/png"])))
                    assert not {b"tEXt", b"iTXt", b"zTXt", b"tIME"} & chunks
