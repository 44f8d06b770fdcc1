"""Running a cell again closes the explorers the earlier run of that cell made.

Explorers are remembered by the cell that made them (JupyterLab puts the cell's id in the
request's metadata; elsewhere the cell's code identifies it) or by an explicit ``key``.
"""

from __future__ import annotations

import collections
import hashlib

import ipywidgets as widgets

_LIVE: dict = {}  # slot (a cell, or an explicit key) -> (execution id, [explorers made by it])


def kernel_parent() -> dict:
    """The request the kernel is executing now (JupyterLab puts the cell's id in its metadata)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return {}
    shell = get_ipython()
    kernel = getattr(shell, "kernel", None)
    if kernel is None:
        return {}
    try:
        parent = kernel.get_parent("shell")
    except Exception:  # older kernels
        parent = getattr(shell, "parent_header", None)
    return parent if isinstance(parent, dict) else {}


def register(explorer, key) -> None:
    """Remember which cell made ``explorer``; close what an earlier run of that cell made."""
    if key is not None:
        slot, execution = ("key", key), object()
    else:
        parent = kernel_parent()
        cell = (parent.get("metadata") or {}).get("cellId")
        if cell is None:  # not JupyterLab: the same code run again is taken to be the same cell
            code = (parent.get("content") or {}).get("code")
            cell = hashlib.sha1(code.encode()).hexdigest() if code else None
        if cell is None:
            return
        slot, execution = ("cell", cell), (parent.get("header") or {}).get("msg_id")
    previous_execution, previous = _LIVE.get(slot, (None, []))
    if previous_execution != execution:
        for old in previous:
            old.close()
        previous = []
    _LIVE[slot] = (execution, [*previous, explorer])
    explorer._slot = slot


def widget_tree(*roots) -> list:
    """Every widget reachable from ``roots``: children, Layout and style objects, a canvas's toolbar.

    Closing a box in ipywidgets closes only the box; each Layout, style and child stays alive in
    the kernel (and in the front end's widget manager) until it is closed itself. This walks the
    synced traits, so whatever a widget holds is found without knowing its class.
    """
    found: dict[int, widgets.Widget] = {}
    queue = collections.deque(roots)  # breadth first: the roots come first in the list
    while queue:
        item = queue.popleft()
        if isinstance(item, (list, tuple)):
            queue.extend(item)
            continue
        if not isinstance(item, widgets.Widget) or id(item) in found:
            continue
        found[id(item)] = item
        for name in item.keys:
            value = getattr(item, name, None)
            if isinstance(value, (widgets.Widget, list, tuple)):
                queue.append(value)
    return list(found.values())


def forget(explorer) -> None:
    slot = getattr(explorer, "_slot", None)
    if slot in _LIVE:
        execution, explorers = _LIVE[slot]
        remaining = [e for e in explorers if e is not explorer]
        if remaining:
            _LIVE[slot] = (execution, remaining)
        else:
            del _LIVE[slot]

