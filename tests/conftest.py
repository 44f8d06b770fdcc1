"""Shared test set-up: Agg for every figure, no figure outlives its test, and in CI no skips."""

from __future__ import annotations

import os

import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    import matplotlib.pyplot as plt

    plt.close("all")
    yield
    plt.close("all")


@pytest.fixture
def undrawn(monkeypatch):
    """Explorers made without laying out or painting their figure: for tests of what making and
    closing one does (the cell registry, widgets, memory) and of what it computes and says (numbers,
    artists' data, controls, words). Layout and painting are most of what making an explorer costs
    (0.2-0.8 s) and have no part in what those tests check; every widget, the figure, its canvas and
    its artists are still made and closed."""
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    monkeypatch.setattr(ConstrainedLayoutEngine, "execute", lambda self, fig: None)
    monkeypatch.setattr(Figure, "draw", lambda self, renderer: None)


@pytest.fixture(scope="module")
def shared():
    """Explorers shared by one module's tests, by how they were made (see live_sharing.py)."""
    made: dict = {}
    yield made
    for e, *_ in made.values():
        e.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a skipped test means something was not checked: report it as a failure."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") == "true" and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which must not skip: {reason}"
