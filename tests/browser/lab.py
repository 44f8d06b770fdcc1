"""Drive a private JupyterLab server from headless Chromium: the browser test's toolbox.

`LabServer` starts JupyterLab on a free loopback port with a random token and its own temporary
config, settings, workspace, runtime and data folders, and stops it (and every kernel it started)
by PID. `LabWindow` is one Chromium tab showing JupyterLab, kept from notebook to notebook.
`NotebookPage` opens one notebook in it and offers what the test needs: restart and Run All,
errors, and `probe`, which calls the page-side helpers of probe.js (find sliders and explorers,
read a figure's pixels, time a redraw).
"""

from __future__ import annotations

import atexit
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
SETTINGS = HERE / "lab-settings.json"  # the test's own settings (no autosave); cells render as a learner's do
# The settings `make lab` ships to learners (no news prompt): the test runs with the same folder.
COURSE_CONFIG = HERE.parent.parent / "jupyter-config"

# Flags that let Debian's Chromium run headless in a container, quietly and offline.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
INSTALL_HINT = "the browser test needs Chromium: install it with `sudo apt-get install chromium`"


def find_chromium() -> str | None:
    """Path of a Chromium executable, or None when there is none."""
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children() -> dict[int, list[int]]:
    """Parent PID -> child PIDs, read from /proc (Linux)."""
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def descendants(pid: int) -> list[int]:
    """Every process started, directly or not, by `pid` (empty where /proc does not exist)."""
    if not Path("/proc").is_dir():
        return []
    tree, found, todo = _children(), [], [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def started_at(pid: int) -> str | None:
    """When `pid` started (clock ticks since boot), to tell it from a later process given the same PID."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    try:  # a zombie has exited; only its parent's wait is missing
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def stop_pids(pids, *, grace: float = 5.0) -> None:
    """SIGTERM each PID, wait up to `grace` seconds, then SIGKILL the ones still running."""
    pids = [p for p in pids if _alive(p)]
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + grace
    while pids and time.monotonic() < deadline:
        pids = [p for p in pids if _alive(p)]
        time.sleep(0.1)
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


class LabServer:
    """A JupyterLab server of our own: loopback only, random token, every folder temporary."""

    def __init__(self, root_dir: Path, work_dir: Path, *, app: str = "lab"):
        self.app = app  # "lab" for JupyterLab, "notebook" for Jupyter Notebook 7
        self.root_dir = Path(root_dir)
        self.work_dir = Path(work_dir)
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = self.work_dir / "jupyter-server.log"
        self.proc: subprocess.Popen | None = None
        self.kernel_pids: dict[int, str | None] = {}  # PID -> start time

    def _environment(self) -> dict[str, str]:
        env = dict(os.environ)
        folders = {
            "JUPYTER_CONFIG_DIR": "config",
            "JUPYTER_DATA_DIR": "data",
            "JUPYTER_RUNTIME_DIR": "runtime",
            "JUPYTERLAB_SETTINGS_DIR": "settings",
            "JUPYTERLAB_WORKSPACES_DIR": "workspaces",
            "IPYTHONDIR": "ipython",
        }
        for var, name in folders.items():
            path = self.work_dir / name
            path.mkdir(parents=True, exist_ok=True)
            env[var] = str(path)
        # Kernels pick their plotting backend as on a learner's machine, not the test's Agg.
        env.pop("MPLBACKEND", None)
        env.pop("JUPYTER_PATH", None)
        env.pop("JUPYTER_PREFER_ENV_PATH", None)
        # The course's default settings (labconfig/default_setting_overrides.json), as `make lab` has them.
        env["JUPYTER_CONFIG_PATH"] = str(COURSE_CONFIG)
        env["PYTHONUNBUFFERED"] = "1"
        settings = json.loads(SETTINGS.read_text(encoding="utf-8"))
        for plugin, values in settings.items():
            package, name = plugin.split(":")
            target = self.work_dir / "settings" / package / f"{name}.jupyterlab-settings"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(values), encoding="utf-8")
        return env

    def start(self, *, timeout: float = 90.0) -> None:
        checkpoints = self.work_dir / "checkpoints"
        checkpoints.mkdir(parents=True, exist_ok=True)
        cmd = [
            sys.executable, "-m", "jupyter", self.app,
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root_dir}",
            f"--{self.app_class}.expose_app_in_browser=True",
            # Opening or running a notebook must never write next to it.
            f"--FileCheckpoints.checkpoint_dir={checkpoints}",
        ]  # fmt: skip
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        self._log = open(self.log_path, "wb")  # closed in stop()
        self.proc = subprocess.Popen(
            cmd, cwd=self.root_dir, env=self._environment(), stdout=self._log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        atexit.register(self.stop)  # should the test's own teardown be cut short
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {self.proc.returncode}:\n{self.log_tail()}")
            try:
                self.api("GET", "/api/status", timeout=2)
                return
            except (OSError, urllib.error.URLError):
                time.sleep(0.25)
        raise RuntimeError(f"JupyterLab did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def api(self, method: str, path: str, *, timeout: float = 10.0):
        request = urllib.request.Request(
            self.base + path, method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    @property
    def app_class(self) -> str:
        return "LabApp" if self.app == "lab" else "JupyterNotebookApp"

    def lab_url(self, relpath: str) -> str:
        if self.app == "notebook":
            return f"{self.base}/notebooks/{relpath}?token={self.token}"
        return f"{self.base}/lab/tree/{relpath}?reset&token={self.token}"

    def remember_kernels(self) -> None:
        """Note the PIDs of the kernels running now, so that `stop` can end them by PID."""
        if self.proc is not None:
            self.kernel_pids.update({pid: started_at(pid) for pid in descendants(self.proc.pid)})

    def close_sessions(self) -> None:
        """Delete every session and shut down every kernel (the page closing does not)."""
        self.remember_kernels()
        try:
            for session in self.api("GET", "/api/sessions"):
                self.api("DELETE", f"/api/sessions/{session['id']}")
            for kernel in self.api("GET", "/api/kernels"):
                self.api("DELETE", f"/api/kernels/{kernel['id']}")
        except (OSError, urllib.error.URLError):
            pass

    def stop(self) -> None:
        """Stop the server and every process it started, by PID, even after a failure."""
        if self.proc is None:
            return
        self.remember_kernels()
        self.close_sessions()
        # Kernels seen now or earlier, if still running: the same PID with the same start time.
        pids = {pid for pid, start in self.kernel_pids.items() if start and started_at(pid) == start}
        stop_pids([self.proc.pid])
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        stop_pids(sorted(pids))
        self._log.close()
        self.proc = None
        atexit.unregister(self.stop)


PROBE = HERE / "probe.js"
LIVE_PROBE = HERE / "live-probe.js"


class LabWindow:
    """One browser tab showing JupyterLab, kept from notebook to notebook (loading Lab takes seconds)."""

    def __init__(self, browser, server: LabServer, *, viewport=(1280, 1200)):
        self.server = server
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        self.context.add_init_script(path=str(PROBE))
        self.context.add_init_script(path=str(LIVE_PROBE))
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"[{m.type}] {m.text}"))
        self.page.on("pageerror", lambda e: self.console.append(f"[pageerror] {e}"))
        self.loaded = False

    def close(self) -> None:
        self.context.close()


class NotebookPage:
    """One notebook open in a LabWindow; `probe` calls the page's window.gdProbe (probe.js)."""

    def __init__(self, window: LabWindow, relpath: str):
        self.window = window
        self.server = window.server
        self.page = window.page
        self.relpath = relpath
        self.name = Path(relpath).name
        self._console_from = len(window.console)
        self.focus = None  # the locator under test, screenshotted on failure
        self.steps: list[str] = []  # what the test did and when, printed with a failure
        self._started = time.monotonic()

    @property
    def console(self) -> list[str]:
        return self.window.console[self._console_from :]

    def step(self, what: str) -> None:
        self.steps.append(f"{time.monotonic() - self._started:6.1f} s  {what}")

    def probe(self, name: str, *args):
        return self.page.evaluate(f"(args) => window.gdProbe.{name}(...args)", list(args))

    def wait(self, name: str, *args, timeout: float, message: str, polling: int | str = 100):
        """Poll window.gdProbe.name(*args) until it returns something truthy; fail with `message`."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            handle = self.page.wait_for_function(
                f"(args) => window.gdProbe && window.gdProbe.{name}(...args)",
                arg=list(args), timeout=timeout * 1000, polling=polling,
            )  # fmt: skip
        except PlaywrightTimeout:
            raise AssertionError(f"{self.name}: {message} (waited {timeout:.0f} s)") from None
        return handle.json_value()

    def locator(self, test_id: str, inner: str = ""):
        selector = f'.jp-NotebookPanel:not(.lm-mod-hidden) [data-gd-test="{test_id}"] {inner}'
        return self.page.locator(selector.strip())

    def open(self, *, timeout: float = 90.0) -> None:
        self.step("open in JupyterLab")
        if self.window.loaded:
            self.probe("startOpen", self.relpath)
        else:
            self.page.goto(self.server.lab_url(self.relpath), timeout=timeout * 1000)
            self.window.loaded = True
        self.wait("panelReady", self.relpath, timeout=timeout, message="JupyterLab did not show the notebook")
        self.step("wait for the kernel")
        self.wait_for_kernel(timeout=timeout)
        self.probe("watchKernel")

    def wait_for_kernel(self, *, timeout: float) -> None:
        state = self.wait("kernelReadyOrDialog", timeout=timeout, message="the kernel did not become idle")
        if state.startswith("dialog"):
            raise AssertionError(
                f"{self.name}: JupyterLab shows a dialog instead of a ready kernel (does the notebook "
                f"carry metadata.kernelspec python3?): {state}"
            )

    def restart_kernel(self, *, timeout: float = 60.0) -> None:
        self.step("restart the kernel")
        self.probe("startKernelRestart")
        result = self.wait("restartResult", timeout=timeout, message="the kernel did not restart")
        assert result == "done", f"{self.name}: restarting the kernel {result}"
        self.wait_for_kernel(timeout=timeout)

    def run_all(self, *, timeout: float = 120.0):
        """Run All Cells and wait until the kernel is idle again; returns JupyterLab's verdict."""
        self.step("Run All")
        self.probe("startRunAll")
        result = self.wait("runAllResult", timeout=timeout, message="Run All did not finish")
        self.wait("cellsIdle", timeout=timeout, message="cells still running after Run All")
        self.step("Run All done")
        return result

    def open_figures(self, *, timeout: float = 30.0):
        self.probe("startCountFigures")
        answer = self.wait("openFigures", timeout=timeout, message="the kernel did not say how many figures")
        return answer["n"]

    def save_artifacts(self, folder: Path) -> list[Path]:
        """Screenshots of the page and of the widget under test, and the browser's console log."""
        folder.mkdir(parents=True, exist_ok=True)
        stem = Path(self.name).stem
        saved = []
        try:
            if self.focus is not None:
                self.focus.scroll_into_view_if_needed(timeout=5000)
                path = folder / f"{stem}-widget.png"
                self.focus.screenshot(path=path, timeout=10000)
                saved.append(path)
        except Exception:  # the original failure matters more than a missing screenshot
            pass
        try:
            path = folder / f"{stem}-page.png"
            self.page.screenshot(path=path, timeout=10000)
            saved.append(path)
        except Exception:
            pass
        path = folder / f"{stem}-console.log"
        steps, console, server_log = "\n".join(self.steps), "\n".join(self.console), self.server.log_tail(200)
        path.write_text(
            f"--- test steps ---\n{steps}\n\n--- browser console ---\n{console}\n\n"
            f"--- JupyterLab server log ---\n{server_log}\n"
        )
        saved.append(path)
        return saved

    def close(self, *, timeout: float = 20.0) -> None:
        """Close the notebook without saving it, and shut its kernel down."""
        self.step("close")
        try:
            self.probe("closeNotebook")
            self.wait("noNotebook", timeout=timeout, message="the notebook did not close")
        finally:
            self.server.close_sessions()
