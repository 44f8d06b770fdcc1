"""Every notebook runs, and every slider works, in JupyterLab in a real browser (headless Chromium).

nbval runs notebooks without a browser, so it cannot see a slider that does not render, a figure
that does not redraw or an error that only JupyterLab's log console shows. This test opens each
notebook as a learner does: restart the kernel, Run All, then use every slider by keyboard and
by mouse, press Step, Play and Reset, click the figure, and Run All once more. It times the round
trip from a slider move to the redrawn figure (artifacts/browser-timings.json). On failure it
saves screenshots and the browser's console log in artifacts/browser/.

One JupyterLab server and one browser serve the whole module. Set BROWSER_TEST_NOTEBOOKS to a
list of notebooks or folders (separated like PATH) to test other notebooks than notebooks/*.ipynb.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from browser import live
from browser.lab import CHROMIUM_ARGS, INSTALL_HINT, LabServer, LabWindow, NotebookPage, find_chromium

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"
# Slider moves timed per explorer, by keyboard and again by drag. CI times 10 to keep its run short;
# BROWSER_TIMED_MOVES=50 gives the full measurement reported in the README.
TIMED_MOVES = int(os.environ.get("BROWSER_TIMED_MOVES", "10"))
TARGET_MS, TARGET_P90_MS = 50, 100  # round trip we aim for (reported, not asserted)
# Where to click an explorer's figure, as fractions of its width and height, until the start moves.
CLICK_POINTS = [(0.3, 0.3), (0.7, 0.3), (0.3, 0.6), (0.7, 0.6), (0.5, 0.45), (0.2, 0.8), (0.8, 0.8)]


def _notebooks() -> list[Path]:
    listed = os.environ.get("BROWSER_TEST_NOTEBOOKS")
    if not listed:
        return sorted((ROOT / "notebooks").glob("*.ipynb"))
    found: list[Path] = []
    for item in filter(None, listed.split(os.pathsep)):
        path = Path(item).resolve()
        found += sorted(path.glob("*.ipynb")) if path.is_dir() else [path]
    return found


NOTEBOOKS = _notebooks()


@dataclass
class Lab:
    server: LabServer
    browser: object
    timings: dict = field(default_factory=dict)
    window: LabWindow | None = None

    def notebook(self, notebook: Path) -> NotebookPage:
        if self.window is None:
            self.window = LabWindow(self.browser, self.server)
        return NotebookPage(self.window, notebook.relative_to(self.server.root_dir).as_posix())

    def discard_window(self) -> None:
        """After a failure, the next notebook gets a fresh browser tab."""
        if self.window is not None:
            self.window.close()
            self.window = None


def _report(config, lines: list[str]) -> None:
    """Print past pytest's output capture, so that `make test` shows the timings."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line("")
        for line in lines:
            reporter.write_line(line)


@pytest.fixture(scope="module")
def lab(tmp_path_factory, request):
    """One JupyterLab server and one headless Chromium for every notebook; both stopped at the end."""
    chromium = find_chromium()
    if chromium is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{INSTALL_HINT}; CI must run it")
        pytest.skip(INSTALL_HINT)
    sync_api = pytest.importorskip("playwright.sync_api", reason="install the test tools: make test")
    work = tmp_path_factory.mktemp("jupyterlab")
    root = ROOT if all(ROOT in nb.parents for nb in NOTEBOOKS) else Path(os.path.commonpath(
        [nb.parent for nb in NOTEBOOKS]))  # fmt: skip
    server = LabServer(root, work)
    timings: dict = {}
    try:
        server.start()
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                yield Lab(server, browser, timings)
            finally:
                browser.close()
    finally:
        server.stop()
    if timings:
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "browser-timings.json").write_text(json.dumps(timings, indent=2) + "\n")
        lines = [f"Slider change -> redrawn figure in the browser, median / p90 (target: <= {TARGET_MS} / "
                 f"{TARGET_P90_MS} ms):"]
        for name, t in timings.items():
            if name == "notes":
                continue
            cells = [f"{how} {t[how]['median_ms']:.0f} / {t[how]['p90_ms']:.0f} ms" + _split(t[how])
                     for how in ("keyboard", "drag") if how in t]
            lines.append(f"  {name}: " + ", ".join(cells))
        _report(request.config, lines)


def _split(t: dict) -> str:
    """' (frame in page 40 + to canvas 30)': the medians of the two parts of a round trip."""
    if t.get("median_ms_until_frame_in_page") is None:
        return ""
    until, after = t["median_ms_until_frame_in_page"], t["median_ms_frame_to_canvas"]
    return f" (frame in page {until:.0f} + to canvas {after:.0f})"


# ---------------------------------------------------------------- checks


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _summary(errors: list[str], *, most: int = 6, lines: int = 14) -> str:
    """The errors once each (with a count), without terminal colours, each cut to its last lines."""
    counts = Counter(ANSI.sub("", e).strip() for e in errors)
    shown = []
    for text, n in list(counts.items())[:most]:
        rows = text.splitlines()
        if len(rows) > lines:
            rows = [rows[0], "  ...", *rows[-(lines - 2) :]]
        shown.append((f"({n} times) " if n > 1 else "") + "\n    ".join(rows))
    if len(counts) > most:
        shown.append(f"... and {len(counts) - most} more")
    return "\n  ".join(shown)


def keep_for_inspection(lab, nb: NotebookPage, folder: Path) -> None:
    """After a failure: save screenshots and the console, and start the next notebook afresh."""
    saved = nb.save_artifacts(folder)
    print("saved for inspection:", *(p.relative_to(ROOT) for p in saved))
    lab.discard_window()
    nb.server.close_sessions()


def assert_no_errors(nb: NotebookPage, when: str, since: int = 0) -> None:
    errors = nb.probe("cellErrors") + nb.probe("logConsoleErrors") + nb.probe("kernelErrors", since)
    assert not errors, f"{nb.name}: {when}:\n  " + _summary(errors)


def wait_rendered(nb: NotebookPage, *, timeout: float = 30.0) -> None:
    """Every widget output has become a widget and every figure has been painted at least once."""
    deadline = time.monotonic() + timeout
    while True:
        missing = nb.probe("widgetsRendered") + [
            f"the figure in {f['cell']} was never drawn" for f in nb.probe("figures") if not f["draws"]
        ]
        if not missing:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{nb.name}: after Run All: " + "; ".join(missing))
        time.sleep(0.2)


def _direction(handle) -> int:
    """+1 to move a slider up, -1 when it sits at its maximum."""
    now, top = handle.get_attribute("aria-valuenow"), handle.get_attribute("aria-valuemax")
    try:
        return -1 if float(now) >= float(top) else 1
    except (TypeError, ValueError):
        return 1


def move_slider(
    nb, target, slider_id, how, *, direction=None, quiet_ms=150, timeout=10.0, presses=1, pixels=True
) -> dict:
    """Move one slider by keyboard or by a mouse drag; return what changed in `target`.

    By keyboard, press the arrow key again (up to `presses` times) while the figure looks the same:
    one step of some sliders (one more iteration of a converged path) need not show.
    """
    handle = nb.locator(slider_id, ".noUi-handle")
    nb.step(f"move {slider_id} by {how}")
    nb.focus = nb.locator(target)
    handle.scroll_into_view_if_needed()
    direction = direction or _direction(handle)
    nb.probe("snapshot", target, pixels)
    if how == "keyboard":
        key = "ArrowRight" if direction > 0 else "ArrowLeft"
        handle.focus()
        nb.page.keyboard.press(key)
        d = settle(nb, target, quiet_ms=quiet_ms, timeout=timeout)
        d["presses"] = 1
        while d["figureChanged"] is False and d["presses"] < presses and not d.get("timedOut"):
            nb.probe("arm", target)
            nb.page.keyboard.press(key)
            d = {**settle(nb, target, quiet_ms=quiet_ms, timeout=3.0), "presses": d["presses"] + 1}
        d["how"] = f"{key} pressed {d['presses']} time{'s' if d['presses'] > 1 else ''}"
        return d
    box = handle.bounding_box()
    track = nb.locator(slider_id, ".noUi-base").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    # Drag a third of the track, away from the nearer end.
    dx = track["width"] / 3 * (1 if x < track["x"] + track["width"] / 2 else -1)
    nb.page.mouse.move(x, y)
    nb.page.mouse.down()
    nb.page.mouse.move(x + dx, y, steps=6)
    nb.page.mouse.up()
    return {**settle(nb, target, quiet_ms=quiet_ms, timeout=timeout), "how": f"a drag by {dx:+.0f} px"}


def settle(nb, target, *, quiet_ms=150, timeout=10.0) -> dict:
    """Wait until `target` has changed and stayed still for quiet_ms; else say what did not change."""
    try:
        return nb.wait("settled", target, quiet_ms, timeout=timeout, message="", polling=25)
    except AssertionError:
        return {**nb.probe("diff", target), "timedOut": True}


def press(nb, target, button_id, *, quiet_ms=150, timeout=10.0) -> dict:
    nb.step(f"press {button_id}")
    nb.focus = nb.locator(target)
    nb.probe("snapshot", target)
    nb.locator(button_id).click(timeout=10_000)
    return settle(nb, target, quiet_ms=quiet_ms, timeout=timeout)


def _what_failed(d: dict, k: int | None, *, figure=True, text=True) -> list[str]:
    """What did not change that should have: slider k's value, the figure, the readout."""
    problems = []
    if k is not None and d["valuesAfter"][k] == d["valuesBefore"][k]:
        problems.append(f"the slider stayed at {d['valuesBefore'][k]}")
    if figure and not d["figureChanged"]:
        problems.append("the figure did not change" if d["canvases"] else "there is no figure")
    if text and not d["textChanged"]:
        problems.append(f"the readout did not change (still {d['textBefore'][:120]!r})")
    return problems


def check_plain_slider(nb, slider, hows=("keyboard", "drag")) -> None:
    """A slider outside an explorer: moving it changes the output around it (text or figure)."""
    where = f"{nb.name}: slider {slider['label']!r} in {slider['cell']}"
    assert slider["rendered"], f"{where}: did not render"
    for how in hows:
        d = move_slider(nb, slider["id"], slider["id"], how)
        problems = _what_failed(d, 0, figure=False, text=False)
        if not (d["textChanged"] or d["figureChanged"]):
            problems.append("nothing in its output changed (text or figure)")
        assert not problems, f"{where}: {d['how']}: " + "; ".join(problems)


def check_explorer(nb, ex, timings: dict) -> None:
    where = f"{nb.name}: explorer in {ex['cell']}"
    assert ex["canvases"], f"{where}: shows no figure"
    assert ex["canvasesDrawn"] == ex["canvases"], f"{where}: its figure is not drawn or not visible"
    assert ex["readout"] is not None, f"{where}: has no readout (.gd-readout)"
    assert ex["sliders"], f"{where}: has no slider"
    for k, slider in enumerate(ex["sliders"]):
        assert slider["rendered"], f"{where}: slider {slider['label']!r} did not render"
        for how in ("keyboard", "drag"):
            d = move_slider(nb, ex["id"], slider["id"], how, presses=5)
            problems = _what_failed(d, k)
            assert not problems, f"{where}: slider {slider['label']!r}, {d['how']}: " + "; ".join(problems)
    check_drag_keeps_the_page_style(nb, ex["sliders"][0]["id"], where)
    check_a_move_is_light(nb, ex, where)
    check_a_drag_sends_one_update(nb, ex, where)
    check_buttons(nb, ex, where)
    click_figure(nb, ex, where)


def check_drag_keeps_the_page_style(nb, slider_id, where) -> None:
    """While a slider's handle is held, the slider sets a cursor on <body>; the course holds the
    body's cursor at its usual value, so the browser does not restyle the whole page at the start
    and the end of every drag (35-40 ms each)."""
    handle = nb.locator(slider_id, ".noUi-handle")
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    nb.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    nb.page.mouse.down()
    try:
        inline, computed = nb.page.evaluate(
            "[document.body.style.cursor, getComputedStyle(document.body).cursor]"
        )
    finally:
        nb.page.mouse.up()
    assert inline, f"{where}: holding a slider sets no cursor on <body> any more: drop the course's rule"
    assert computed == "auto", f"{where}: holding a slider changed the whole page's cursor to {computed!r}"


def check_a_move_is_light(nb, ex, where) -> None:
    """A slider move changes no more of the page than it must.

    - The kernel reports "busy" and "idle" for every move; the course's server settings
      (jupyter-config) have the page skip those reports instead of redrawing the kernel's state in
      its toolbar and status bar twice per move (page work the redrawn figure would wait behind).
    - The readout's numbers change in place: its live region stays the same element (a screen
      reader follows it, and the page restyles nothing new).
    """
    before = nb.probe("kernelStatusCounts")
    assert nb.probe("markReadout", ex["id"]), f"{where}: the readout has no live region (role=status)"
    d = move_slider(nb, ex["id"], ex["sliders"][0]["id"], "keyboard", presses=5)
    assert not _what_failed(d, 0), f"{where}: a slider move did not redraw the figure"
    assert nb.probe("readoutKept", ex["id"]), f"{where}: a slider move replaced the readout's live region"
    after = nb.probe("kernelStatusCounts")
    assert after["commReports"] > before["commReports"], f"{where}: no status report for a slider move"
    assert after["changes"] == before["changes"], (
        f"{where}: the page redrew the kernel's state {after['changes'] - before['changes']} times for "
        "one slider move: is jupyter-config/jupyter_server_config.py read (JUPYTER_CONFIG_PATH)?"
    )


def check_a_drag_sends_one_update(nb, ex, where) -> None:
    """During a drag the figure's view sends the slider's values to the kernel itself, and the
    slider's own updates wait for the release: ipywidgets sends one update for the whole drag (the
    kernel echoes each update it gets, so one echo), where it would send one per value it can."""
    # A start slider has many values, so a drag over a third of its track passes several of them.
    k, slider = next(((k, s) for k, s in enumerate(ex["sliders"]) if "start" in s["label"]),
                     (len(ex["sliders"]) - 1, ex["sliders"][-1]))
    before = nb.probe("kernelStatusCounts")
    d = move_slider(nb, ex["id"], slider["id"], "drag", pixels=False)
    assert not _what_failed(d, k, figure=False), f"{where}: a drag of {slider['label']!r} changed nothing"
    time.sleep(0.3)  # the echo of the update sent at the release
    echoes = nb.probe("kernelStatusCounts")["echoes"] - before["echoes"]
    assert echoes == 1, (
        f"{where}: a drag of {slider['label']!r} sent the kernel {echoes} slider updates of its own; "
        "one (at the release) was expected: does the figure's view (helpers/live/view.py) hold them back?"
    )


def check_buttons(nb, ex, where) -> None:
    """Each of the explorer's buttons that is there works: Step advances, Reset goes back, Play advances."""
    buttons, target = ex["buttons"], ex["id"]
    if "Reset" in buttons:  # start from iteration 0; nothing needs to change if it is there already
        press(nb, target, buttons["Reset"], timeout=1.0)
    if "Step" in buttons:
        d = press(nb, target, buttons["Step"])
        assert not (p := _what_failed(d, None)), f"{where}: Step: " + "; ".join(p)
    if "Step" in buttons and "Reset" in buttons:
        d = press(nb, target, buttons["Reset"])
        assert not (p := _what_failed(d, None, figure=False)), f"{where}: Reset after Step: " + "; ".join(p)
    if "Play" in buttons:
        d = press(nb, target, buttons["Play"], quiet_ms=100)
        assert not (p := _what_failed(d, None)), f"{where}: Play: " + "; ".join(p)
        play = nb.locator(buttons["Play"])
        if play.inner_text().strip().lower().startswith("pause"):  # a toggle: it walks on until paused
            nb.probe("arm", target)
            d = settle(nb, target, quiet_ms=50, timeout=5.0)
            assert not d.get("timedOut"), f"{where}: Play showed one frame and then stood still"
            press(nb, target, buttons["Play"], timeout=1.0)
            assert play.inner_text().strip().lower().startswith("play"), f"{where}: Play did not pause"
        elif "Stop" in buttons:  # ipywidgets' Play widget
            press(nb, target, buttons["Stop"], timeout=1.0)
        else:  # a Play button that walks to the end by itself: let it finish
            settle(nb, target, quiet_ms=1000, timeout=40.0)


def click_figure(nb, ex, where) -> None:
    """A click on the figure sets the start: a 'start' slider follows, or at least the readout.

    An explorer without a start slider (a click on its learning curves picks the step shown) is
    first Reset to step 0: Play has left it on its last step, which a click beyond the end of a
    short run (one that diverged early) would only show again.
    """
    starts = [k for k, s in enumerate(ex["sliders"]) if "start" in s["label"].lower()]
    if not starts and "Reset" in ex["buttons"]:
        press(nb, ex["id"], ex["buttons"]["Reset"], timeout=1.0)
    nb.focus = nb.locator(ex["id"])
    nb.step(f"click the figure of {ex['id']}")
    tried = []
    for fx, fy in CLICK_POINTS:
        box = nb.probe("canvasBox", ex["id"])
        x, y = box["x"] + fx * box["width"], box["y"] + fy * box["height"]
        nb.probe("snapshot", ex["id"])
        nb.page.mouse.click(x, y)
        d = settle(nb, ex["id"], timeout=2.0)
        if starts:
            moved = any(d["valuesAfter"][k] != d["valuesBefore"][k] for k in starts)
        else:
            moved = d["textChanged"]
        if moved:
            assert d["figureChanged"], f"{where}: a click on the figure moved the start but did not redraw it"
            return
        tried.append(f"({fx:.0%}, {fy:.0%})")
    target = "the start slider" if starts else "the readout"
    raise AssertionError(f"{where}: clicking the figure at {', '.join(tried)} never changed {target}")


def _drag_a_little(nb, slider_id, direction) -> None:
    """Drag a slider's handle a tenth of its track, in four pointer moves."""
    handle = nb.locator(slider_id, ".noUi-handle")
    box = handle.bounding_box()
    track = nb.locator(slider_id, ".noUi-base").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    nb.page.mouse.move(x, y)
    nb.page.mouse.down()
    nb.page.mouse.move(x + direction * track["width"] / 10, y, steps=4)
    nb.page.mouse.up()


def time_slider_moves(nb, target, sliders, where, timings: dict, name: str, how: str) -> list[str]:
    """Round trip from a slider change to the last frame of the redrawn figure (or the new picture,
    for a figure rebuilt on every move). The change is timed from the input event that last changed
    the slider's value (probe.js): the key press, or the pointer move of a drag that took the
    handle to its last value (a later move that changes nothing does not count)."""
    nb.step(f"time {TIMED_MOVES} moves of {target} by {how}")
    directions = {s["id"]: _direction(nb.locator(s["id"], ".noUi-handle")) for s in sliders}
    samples, by_slider, problems, split = [], {}, [], []
    for i in range(TIMED_MOVES):
        slider = sliders[i % len(sliders)]
        direction = directions[slider["id"]]
        if how == "keyboard":
            d = move_slider(
                nb, target, slider["id"], "keyboard", direction=direction, quiet_ms=80, pixels=False
            )
        else:
            nb.locator(slider["id"], ".noUi-handle").scroll_into_view_if_needed()
            nb.probe("snapshot", target, False)
            _drag_a_little(nb, slider["id"], direction)
            d = settle(nb, target, quiet_ms=80, timeout=3.0)
        directions[slider["id"]] *= -1  # back and forth, so each slider ends where it started
        k = i % len(sliders)
        if how == "drag" and d["valuesAfter"][k] == d["valuesBefore"][k]:
            continue  # the pointer missed the handle: no slider change, nothing to time
        failed = _what_failed(d, k, figure=False)
        if d.get("timedOut"):
            failed.append("the figure was not repainted")
        if failed:
            move = f"timed move {i + 1} of {slider['label']!r} by {how}"
            problems.append(f"{where}: {move}: " + "; ".join(failed))
            if len(problems) > 3:
                break
        elif d["roundTripMs"] is not None:
            samples.append(d["roundTripMs"])
            by_slider.setdefault(slider["label"], []).append(d["roundTripMs"])
            if d.get("frameInMs") is not None:
                split.append((d["frameInMs"], d["roundTripMs"] - d["frameInMs"]))
    if len(samples) < TIMED_MOVES // 2:
        problems.append(f"{where}: could only time {len(samples)} of {TIMED_MOVES} moves by {how}")
        return problems
    timings.setdefault(name, {})[how] = {
        "median_ms": round(statistics.median(samples), 1),
        "p90_ms": round(statistics.quantiles(samples, n=10)[-1], 1),
        "moves": len(samples),
        "median_ms_by_slider": {label: round(statistics.median(ms), 1) for label, ms in by_slider.items()},
        # Where the time goes: until the frame message is in the page (kernel, server, websocket), and
        # from there to the painted canvas (decoding the PNG, the page's own work before it paints).
        "median_ms_until_frame_in_page": round(statistics.median(a for a, _ in split), 1) if split else None,
        "median_ms_frame_to_canvas": round(statistics.median(b for _, b in split), 1) if split else None,
        "samples_ms": [round(s, 1) for s in samples],
    }
    return problems


def check_notebook(nb: NotebookPage, timings: dict) -> None:
    nb.restart_kernel()
    result = nb.run_all()
    assert_no_errors(nb, "after Run All")
    assert result == {"ok": True}, f"{nb.name}: Run All did not succeed: {result}"
    wait_rendered(nb)
    found = nb.probe("discover")
    nb.step(f"found {len(found['explorers'])} explorers and {len(found['plain'])} other sliders")
    for slider in found["plain"]:
        check_plain_slider(nb, slider)
    for ex in found["explorers"]:
        check_explorer(nb, ex, timings)
    assert_no_errors(nb, "after using the widgets")

    # Run All again in the same kernel: no error, no figure twice, no figure left open behind.
    shown = Counter(f["cell"] for f in nb.probe("figures"))
    open_figures = nb.open_figures()
    since = nb.probe("kernelMessageCount")
    result = nb.run_all()
    assert_no_errors(nb, "after a second Run All in the same kernel", since)
    assert result == {"ok": True}, f"{nb.name}: the second Run All did not succeed: {result}"
    nb.step("count figures")
    wait_rendered(nb)
    shown_again = Counter(f["cell"] for f in nb.probe("figures"))
    assert shown_again == shown, (
        f"{nb.name}: figures per cell after the second Run All: {dict(shown_again)}; "
        f"after the first: {dict(shown)}"
    )
    open_again = nb.open_figures()
    assert open_again == open_figures, (
        f"{nb.name}: the kernel holds {open_again} open figures after the second Run All and held "
        f"{open_figures} after the first: re-running leaves figures behind"
    )
    again = nb.probe("discover")
    assert len(again["explorers"]) == len(found["explorers"]), f"{nb.name}: explorers differ after a re-run"
    assert len(again["plain"]) == len(found["plain"]), f"{nb.name}: sliders differ after a re-run"
    for slider in again["plain"]:
        check_plain_slider(nb, slider, hows=("keyboard",))
    for ex in again["explorers"]:
        d = move_slider(nb, ex["id"], ex["sliders"][0]["id"], "keyboard", presses=5)
        problems = _what_failed(d, 0)
        assert not problems, f"{nb.name}: explorer in {ex['cell']}, after a re-run: " + "; ".join(problems)
    assert_no_errors(nb, "after using the widgets of the second run", since)


# ---------------------------------------------------------------- the test


@pytest.mark.browser
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_in_browser(lab, notebook):
    nb = lab.notebook(notebook)
    try:
        nb.open()
        check_notebook(nb, lab.timings)
        nb.close()
    except BaseException:
        keep_for_inspection(lab, nb, ARTIFACTS / "browser")
        raise
    finally:
        print(*nb.steps, sep="\n")


# ---------------------------------------------------------------- the live figures, as a learner meets them

LIVE_NOTEBOOKS = [p for p in NOTEBOOKS if "Explorer(" in p.read_text(encoding="utf-8")]
ALPHA_SET = re.compile(r"^(\w+)\.update\(alpha=([0-9.]+)\)", re.MULTILINE)
# The common pattern the live figures are measured against: a new inline figure on every move.
REBUILT_FIGURE = '''\
import io

import ipywidgets
import numpy as np
from IPython.display import Image, display
from matplotlib.figure import Figure


def rebuilt(alpha=0.3):
    w = [0.0]
    for _ in range(60):
        w.append(w[-1] - alpha * 2 * (w[-1] - 3))
    w = np.array(w)
    fig = Figure(figsize=(8, 4.5), dpi=100)
    ax = fig.subplots()
    grid = np.linspace(-2, 8, 400)
    ax.plot(grid, (grid - 3) ** 2)
    ax.plot(w, (w - 3) ** 2, "o-")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")  # what the inline backend does
    display(Image(buffer.getvalue()))


ipywidgets.interact(rebuilt, alpha=ipywidgets.FloatSlider(value=0.3, min=0.01, max=1.0, step=0.01));
'''


def _stored_alphas(notebook: Path) -> dict[str, float]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    source = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return {m.group(1): float(m.group(2)) for m in ALPHA_SET.finditer(source)}


def time_rebuilt_figure(nb, timings: dict) -> list[str]:
    """Time the same slider moves against a cell that rebuilds an inline figure on every move."""
    nb.step("time a figure rebuilt on every move")
    nb.probe("live.appendAndRun", REBUILT_FIGURE)
    nb.wait("live.runCellResult", timeout=60, message="the rebuilt-figure cell did not run")
    nb.wait("live.lastCellImages", timeout=30, message="the rebuilt-figure cell shows no picture")
    sliders = nb.probe("live.lastCellSliders")
    problems = []
    for how in ("keyboard", "drag"):
        problems += time_slider_moves(nb, sliders[0]["id"], sliders, "a figure rebuilt on every move",
                                      timings, "rebuilt on every move (ipywidgets.interact)", how)
    return problems


@pytest.mark.browser
@pytest.mark.parametrize("notebook", LIVE_NOTEBOOKS, ids=lambda p: p.name)
def test_live_figures(lab, notebook):
    """Each explorer: exact α from code, named controls with a focus ring, a keyboard path past the
    figure, a layout that fits a laptop, the frame the kernel drew, and the round trip's time."""
    nb = lab.notebook(notebook)
    problems: list[str] = []
    shots = ARTIFACTS / "browser"
    try:
        nb.open()
        nb.restart_kernel()
        result = nb.run_all()
        assert result == {"ok": True}, f"{nb.name}: Run All did not succeed: {result}"
        wait_rendered(nb)
        news = [t for t in nb.probe("live.toasts") if "news" in t.lower() or "notified" in t.lower()]
        if news:
            problems.append(f"{nb.name}: JupyterLab shows a prompt over the notebook: {news[0][:120]!r}")
        stored = _stored_alphas(notebook)
        for ex in nb.probe("discover")["explorers"]:
            var = nb.probe("live.variable", ex["id"])
            where = f"{nb.name}: {var} ({ex['cell']})"
            assert var, f"{where}: cannot tell the explorer's name from its cell"
            found: list[str] = []
            if var in stored:
                found += live.check_notches(nb, ex, var, stored[var])
            found += live.check_names_and_focus(nb, ex)
            found += live.check_keyboard_path(nb, ex)
            layout, _ = live.check_layout(nb, ex, shots)
            found += layout
            found += live.check_frames(nb, ex, var, shots)
            problems += [f"{where}: {p}" for p in found]
            for how in ("keyboard", "drag"):
                problems += time_slider_moves(nb, ex["id"], ex["sliders"], where, lab.timings,
                                           f"{nb.name} {var}", how)
        if not any(name.startswith("rebuilt") for name in lab.timings):
            # The baseline is measured, not judged: a move it misses is noted with its times.
            lab.timings.setdefault("notes", []).extend(time_rebuilt_figure(nb, lab.timings))
        nb.close()
    except BaseException:
        keep_for_inspection(lab, nb, shots)
        raise
    finally:
        print(*nb.steps, sep="\n")
    assert not problems, f"{len(problems)} problems:\n  " + "\n  ".join(problems)


NOTEBOOK7 = next((p for p in LIVE_NOTEBOOKS if p.name.startswith("03")), None) or next(
    iter(LIVE_NOTEBOOKS), None
)


@pytest.mark.browser
@pytest.mark.skipif(NOTEBOOK7 is None, reason="no notebook with an explorer selected")
def test_notebook7_sliders(lab, tmp_path_factory):
    """The same notebook in Jupyter Notebook 7: Run All works, a focused slider follows the arrow
    keys and a drag, and the figure redraws."""
    server = LabServer(lab.server.root_dir, tmp_path_factory.mktemp("notebook7"), app="notebook")
    window = None
    nb = None
    try:
        server.start()
        window = LabWindow(lab.browser, server)
        nb = NotebookPage(window, NOTEBOOK7.relative_to(server.root_dir).as_posix())
        nb.open()
        result = nb.run_all()
        assert result == {"ok": True}, f"{nb.name} in Notebook 7: Run All did not succeed: {result}"
        wait_rendered(nb)
        ex = nb.probe("discover")["explorers"][0]
        check_a_move_is_light(nb, ex, f"{nb.name} in Notebook 7")
        check_a_drag_sends_one_update(nb, ex, f"{nb.name} in Notebook 7")
        for k, slider in enumerate(ex["sliders"]):
            for how in ("keyboard", "drag"):
                d = move_slider(nb, ex["id"], slider["id"], how, presses=5)
                problems = _what_failed(d, k)
                assert not problems, (
                    f"{nb.name} in Notebook 7: slider {slider['label']!r}, {d['how']}: " + "; ".join(problems)
                )
        nb.close()
    except BaseException:
        if nb is not None:
            saved = nb.save_artifacts(ARTIFACTS / "browser-notebook7")
            print("saved for inspection:", *(p.relative_to(ROOT) for p in saved))
            print(*nb.steps, sep="\n")
        raise
    finally:
        if window is not None:
            window.close()
        server.stop()
