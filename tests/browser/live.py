"""Checks of the live figures as a learner meets them: the frame shown, the keyboard path, the layout,
exact slider values and named controls. Each check returns a list of problems (empty when all is
well), so that one run of the browser test reports every explorer's problems at once.
"""

from __future__ import annotations

import ast
import base64
import io
import time
from pathlib import Path

import numpy as np
from PIL import Image

# Pixels whose colour differs by more than this (0-255, any channel) count as different.
PIXEL_TOLERANCE = 64
# How many such pixels a frame may differ by from the kernel's rendering (anti-aliasing at edges).
MAX_DIFFERENT_PIXELS = 150
TAB_AWAY_S = 3.0
# How long the focus may take to leave a figure after Tab, Shift+Tab or Escape (a round trip).
FOCUS_WAIT_S = 1.5
# Window sizes a learner's laptop has, and whether the file browser is open beside the notebook.
SIZES = {"1366x768 with the file browser": (1366, 768, True), "1024x768": (1024, 768, False)}
# The α values the episodes quote: each must stay exactly as set from code.
QUOTED_ALPHAS = (0.01, 0.1, 0.5, 0.75, 1.0)
# The kernel's rendering of an explorer's figure, in the course's style (text hinting is read when
# drawing), made on a copy so that the live canvas gets no resize or redraw from it.
KERNEL_PNG = """\
import base64 as _gd_base64, contextlib as _gd_contextlib, io as _gd_io, pickle as _gd_pickle
from helpers import plots as _gd_plots
_gd_fig = _gd_pickle.loads(_gd_pickle.dumps({var}.fig))
_gd_buffer = _gd_io.BytesIO()
with getattr(_gd_plots, "course_style", _gd_contextlib.nullcontext)():
    _gd_fig.savefig(_gd_buffer, format="png", dpi=_gd_fig.dpi)
_gd_png = _gd_base64.b64encode(_gd_buffer.getvalue()).decode()
del _gd_fig, _gd_buffer
"""


def kernel_eval(nb, code: str = "", *, timeout: float = 60.0, **expressions) -> dict:
    """Run `code` in the notebook's kernel (no cell) and return each expression's value, as Python."""
    nb.probe("live.startEval", code, expressions)
    answer = nb.wait("live.evalResult", timeout=timeout, message=f"the kernel did not answer {code!r}")
    if "error" in answer:
        raise AssertionError(f"{nb.name}: the kernel could not run {code!r}: {answer['error']}")
    values = {}
    for name, text in answer["ok"].items():
        if isinstance(text, dict):
            raise AssertionError(f"{nb.name}: {expressions[name]!r} failed in the kernel: {text['error']}")
        try:
            values[name] = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            values[name] = text
    return values


def _draws(nb, ex_id: str) -> str:
    return nb.page.evaluate(
        "(id) => Array.from(document.querySelectorAll(`[data-gd-test='${id}'] canvas`))"
        ".map((c) => c.__gdDraws || 0).join(',')",
        ex_id,
    )


def wait_quiet(nb, ex_id: str, *, quiet_ms: int = 400, timeout: float = 15.0) -> bool:
    """Until the kernel has answered everything sent before and no frame has landed for quiet_ms;
    False if frames still arrive after `timeout`."""
    kernel_eval(nb, "")
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        draws = _draws(nb, ex_id)
        if draws == last:
            return True
        last = draws
        time.sleep(quiet_ms / 1000)
    return False


def _picture(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as image:
        rgba = image.convert("RGBA")
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return np.asarray(Image.alpha_composite(white, rgba).convert("RGB"), dtype=np.int16)


def frame_problem(nb, ex: dict, var: str, when: str, folder: Path) -> str | None:
    """Compare the canvas's pixels and alt text with the kernel's own figure; say how they differ."""
    for _ in range(3):  # the figure must stand still while both pictures are taken
        if not wait_quiet(nb, ex["id"]):
            return f"{when}: new frames still arrive after 15 s (did Play stop?)"
        before = _draws(nb, ex["id"])
        answer = kernel_eval(nb, KERNEL_PNG.format(var=var), png="_gd_png", alt=f"{var}.describe()")
        kernel = base64.b64decode(answer["png"])
        wait_quiet(nb, ex["id"], quiet_ms=200)
        shown = nb.probe("live.canvasPNG", ex["id"])
        if _draws(nb, ex["id"]) == before:
            break
    else:
        return f"{when}: the figure kept changing while it was compared"
    if shown is None:
        return f"{when}: no canvas"
    if shown["label"] != answer["alt"]:  # the alt text a screen reader reads belongs to this frame
        return f"{when}: the figure's alt text is {shown['label']!r}; the kernel's figure: {answer['alt']!r}"
    browser = base64.b64decode(shown["url"].split(",", 1)[1])
    a, b = _picture(kernel), _picture(browser)
    if a.shape != b.shape:
        resized = Image.fromarray(a.astype(np.uint8)).resize((b.shape[1], b.shape[0]), Image.LANCZOS)
        a = np.asarray(resized, dtype=np.int16)
    bad = np.abs(a - b).max(axis=2) > PIXEL_TOLERANCE
    n = int(bad.sum())
    if n <= MAX_DIFFERENT_PIXELS:
        return None
    rows, cols = np.nonzero(bad)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{Path(nb.name).stem}-{ex['id']}-{when.replace(' ', '-')}"
    (folder / f"{stem}-kernel.png").write_bytes(kernel)
    (folder / f"{stem}-browser.png").write_bytes(browser)
    Image.fromarray((bad * 255).astype(np.uint8)).save(folder / f"{stem}-diff.png")
    return (
        f"{when}: the canvas differs from the kernel's figure in {n} pixels "
        f"({n / bad.size:.2%}; x {cols.min()}-{cols.max()}, y {rows.min()}-{rows.max()}; "
        f"saved {stem}-*.png)"
    )


VISIBILITY = """(hidden) => {
  if (hidden) {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
  } else {
    delete document.visibilityState;
    delete document.hidden;
  }
  document.dispatchEvent(new Event('visibilitychange'));
  return document.visibilityState;
}"""


def tab_away(nb, seconds: float = TAB_AWAY_S) -> str:
    """Another tab in front for `seconds`, as when a learner switches tabs: the page is told it is
    hidden, and frozen as Chromium freezes a background tab (no script runs, messages wait).
    Returns the page's visibility while away."""
    other = nb.page.context.new_page()
    cdp = nb.page.context.new_cdp_session(nb.page)
    try:
        other.bring_to_front()
        state = nb.page.evaluate(VISIBILITY, True)
        cdp.send("Page.setWebLifecycleState", {"state": "frozen"})
        time.sleep(seconds)
    finally:
        cdp.send("Page.setWebLifecycleState", {"state": "active"})
        cdp.detach()
        other.close()
        nb.page.bring_to_front()
        nb.page.evaluate(VISIBILITY, False)
    return state


def _playing(nb, play_id: str) -> bool:
    return nb.locator(play_id).inner_text().strip().lower().startswith("pause")


def _pause(nb, play_id: str) -> None:
    if _playing(nb, play_id):
        nb.locator(play_id).click()


def _wait_stopped(nb, play_id: str, timeout: float = 30.0) -> None:
    """Until Play has stopped (paused, or walked to the end)."""
    deadline = time.monotonic() + timeout
    while _playing(nb, play_id) and time.monotonic() < deadline:
        time.sleep(0.2)


def check_frames(nb, ex: dict, var: str, folder: Path) -> list[str]:
    """The canvas shows what the kernel drew: after Play, a tab switch during Play, Reset and clicks."""
    problems, buttons = [], ex["buttons"]
    missing = [b for b in ("Step", "Play", "Reset") if b not in buttons]
    if missing:
        problems.append(f"has no {', no '.join(missing)} button")
    nb.locator(ex["id"]).scroll_into_view_if_needed()
    if "Reset" in buttons:
        nb.locator(buttons["Reset"]).click()
    if "Play" in buttons:
        nb.step("frames: Play for 1 s")
        nb.locator(buttons["Play"]).click()
        time.sleep(1.0)
        _pause(nb, buttons["Play"])
        _wait_stopped(nb, buttons["Play"])
        problems.append(frame_problem(nb, ex, var, "after Play", folder))
        if "Reset" in buttons:
            nb.locator(buttons["Reset"]).click()
        nb.step("frames: Play, another tab for 3 s")
        nb.locator(buttons["Play"]).click()
        time.sleep(0.5)
        state = tab_away(nb)
        if state != "hidden":
            problems.append(f"(test) the page stayed {state!r} while another tab was shown")
        _pause(nb, buttons["Play"])
        _wait_stopped(nb, buttons["Play"])
        problems.append(frame_problem(nb, ex, var, "after a tab switch during Play", folder))
    if "Reset" in buttons:
        nb.step("frames: Reset")
        nb.locator(buttons["Reset"]).click()
        problems.append(frame_problem(nb, ex, var, "after Reset", folder))
    nb.step("frames: two clicks on the figure")
    for fx, fy in ((0.3, 0.35), (0.65, 0.55)):
        box = nb.probe("canvasBox", ex["id"])
        nb.page.mouse.click(box["x"] + fx * box["width"], box["y"] + fy * box["height"])
        time.sleep(0.3)
    problems.append(frame_problem(nb, ex, var, "after clicks", folder))
    return [p for p in problems if p]


def check_keyboard_path(nb, ex: dict) -> list[str]:
    """Tab and Shift+Tab pass the figure; Escape leaves it; a control before/after it gets past it."""
    problems, page, ex_id = [], nb.page, ex["id"]
    if nb.probe("live.canvasFocusable", ex_id) is None:
        return ["has no figure to pass"]

    def moved(timeout: float = FOCUS_WAIT_S) -> dict:
        """Where the focus is once it has left the figure (the figure may hand it on a moment later)."""
        deadline = time.monotonic() + timeout
        while True:
            where = nb.probe("live.focusWhere", ex_id)
            if where["where"] != "canvas" or time.monotonic() > deadline:
                return where
            time.sleep(0.05)

    def from_canvas(key: str, want: str) -> None:
        nb.probe("live.focusCanvas", ex_id)
        page.keyboard.press(key)
        where = moved()
        if where["where"] == "canvas" or (want != "out" and where["where"] != want):
            problems.append(f"{key} on the focused figure leaves the focus {where['where']} "
                            f"({where['what']}); it must move {want} the figure")

    from_canvas("Tab", "after")
    from_canvas("Shift+Tab", "before")
    from_canvas("Escape", "out")
    controls = nb.probe("live.controlsAround", ex_id)
    for side, key, want in (("before", "Tab", "after"), ("after", "Shift+Tab", "before")):
        near = [c for c in controls if c["side"] == side]
        if not near:
            continue
        start = near[-1] if side == "before" else near[0]
        page.locator(start["sel"]).focus()
        path = []
        for _ in range(8):
            page.keyboard.press(key)
            where = moved()
            path.append(f"{where['where']}: {where['what']}")
            if where["where"] == want:
                break
        else:
            problems.append(f"{key} from {start['what']} ({side} the figure) never gets {want} it: "
                            + " -> ".join(path))
    return problems


def check_layout(nb, ex: dict, folder: Path) -> tuple[list[str], list[str]]:
    """At each laptop size: figure, sliders, readout and buttons fit in the visible notebook, none cut."""
    problems, shots = [], []
    for name, (width, height, sidebar) in SIZES.items():
        nb.page.set_viewport_size({"width": width, "height": height})
        nb.probe("live.sidebar", sidebar)
        time.sleep(0.6)  # the output area takes its new width; a figure that follows it is redrawn
        wait_quiet(nb, ex["id"], quiet_ms=200)
        lay = nb.probe("live.layout", ex["id"])
        area = lay["area"]
        parts = [("the figure", lay["canvas"]), ("the readout", lay["readout"])]
        parts += [(f"slider {s['label']!r}", s) for s in lay["sliders"]]
        parts += [(f"button {b['label']!r}", b) for b in lay["buttons"]]
        below = [f"{what} (bottom {b['bottom'] - area['top']:.0f} px)" for what, b in parts
                 if b is not None and b["bottom"] > area["bottom"] + 1]
        if below:
            problems.append(
                f"at {name}: the explorer is {lay['explorer']['height']:.0f} px tall and the notebook shows "
                f"{area['height']:.0f} px; below the fold: {', '.join(below)}"
            )
        out, canvas = lay["output"], lay["canvas"]
        if lay["outputScroll"]["scrollWidth"] > lay["outputScroll"]["clientWidth"] + 1:
            problems.append(
                f"at {name}: the output scrolls sideways ({lay['outputScroll']['scrollWidth']} px of content "
                f"in {lay['outputScroll']['clientWidth']} px)"
            )
        if canvas and canvas["right"] > min(out["right"], area["right"]) + 1:
            problems.append(
                f"at {name}: the figure is cut at the right ({canvas['width']:.0f} px wide, its right edge "
                f"{canvas['right'] - min(out['right'], area['right']):.0f} px past the output area)"
            )
        folder.mkdir(parents=True, exist_ok=True)
        shot = folder / f"layout-{Path(nb.name).stem}-{ex['id']}-{width}x{height}.png"
        nb.page.screenshot(path=shot)
        shots.append(str(shot))
    nb.probe("live.sidebar", False)
    nb.page.set_viewport_size({"width": 1280, "height": 1200})
    return problems, shots


def check_names_and_focus(nb, ex: dict) -> list[str]:
    """Every slider handle and button has an accessible name and shows a ring when focused."""
    problems = []
    unnamed = nb.probe("live.unnamed", ex["id"])
    if unnamed:
        problems.append(f"{len(unnamed)} controls without an accessible name: " + "; ".join(unnamed))
    no_ring = [r["what"] for r in nb.probe("live.focusRings", ex["id"]) if not r["visibleRing"]]
    if no_ring:
        problems.append(f"no visible focus ring (outline or box-shadow) on: {', '.join(no_ring)}")
    return problems


def _alpha_shown(nb, ex_id: str) -> str | None:
    return nb.page.evaluate(
        "(id) => { const s = Array.from(document.querySelectorAll(`[data-gd-test='${id}'] .widget-slider`))"
        ".find((s) => /α|alpha/i.test(s.querySelector('.widget-label')?.textContent || ''));"
        " return s ? s.querySelector('.widget-readout')?.textContent.trim() : null; }",
        ex_id,
    )


def check_notches(nb, ex: dict, var: str, stored: float | None) -> list[str]:
    """The α set from code (the stored cell's, then every quoted value) stays exactly as set."""
    problems = []
    values = ([stored] if stored is not None else []) + [v for v in QUOTED_ALPHAS if v != stored]
    for k, value in enumerate(values):
        if k or stored is None:  # the stored cell's value was set by Run All itself
            try:
                kernel_eval(nb, f"{var}.update(alpha={value!r})")
            except AssertionError as e:
                if "outside" in str(e):
                    continue
                raise
        time.sleep(0.5)  # long enough for a browser that snaps the value to send it back
        wait_quiet(nb, ex["id"], quiet_ms=200)
        slider = f"(getattr({var}, 'sliders', None) or {{'alpha': {var}.alpha_slider}})['alpha']"
        now = kernel_eval(nb, v=f"{slider}.value")["v"]
        shown = _alpha_shown(nb, ex["id"])
        source = "after Run All" if k == 0 and stored is not None else f"after {var}.update(alpha={value!r})"
        try:
            same_shown = shown is not None and float(shown) == value
        except ValueError:
            same_shown = False
        if now != value or not same_shown:
            problems.append(f"{source}: the kernel holds α = {now!r} and the slider shows {shown!r}")
    return problems
