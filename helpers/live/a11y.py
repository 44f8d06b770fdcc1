"""What a screen reader and a keyboard user need from an explorer's controls, in the browser.

ipywidgets draws a slider as a text label beside a ``noUi-handle`` element with ``role="slider"``,
but nothing ties the label to the handle: a screen reader announces "slider, 0.1" with no name.
``ControlNames`` is a small front-end widget (anywidget) placed in the controls column: in the
browser it gives every slider handle of its explorer the slider's own label as ``aria-label``
(again whenever the sliders are redrawn). It takes no room and has no state in the kernel.
"""

from __future__ import annotations

import anywidget
import ipywidgets as widgets

_ESM = """
function nameHandles(root) {
  for (const slider of root.querySelectorAll('.widget-slider, .widget-hslider')) {
    const label = slider.querySelector('.widget-label');
    const name = ((label && label.textContent) || slider.getAttribute('title') || '').trim();
    if (!name) continue;
    for (const handle of slider.querySelectorAll('[role=slider]')) {
      if (handle.getAttribute('aria-label') !== name) handle.setAttribute('aria-label', name);
    }
  }
}

function render({ el }) {
  let observer = null;
  let tries = 0;
  const attach = () => {
    const root = el.closest('.gd-explorer');
    if (!root) {
      if (tries++ < 600) requestAnimationFrame(attach);  // not in the page yet: try next frame
      return;
    }
    nameHandles(root);
    observer = new MutationObserver(() => nameHandles(root));
    observer.observe(root, { childList: true, subtree: true });
  };
  attach();
  return () => { if (observer) observer.disconnect(); };
}

export default { render };
"""


class ControlNames(anywidget.AnyWidget):
    """Names every slider handle of the explorer it sits in after the slider's label (browser side)."""

    _esm = _ESM

    def __init__(self, **kwargs):
        kwargs.setdefault("layout", widgets.Layout(height="0px", margin="0", overflow="hidden"))
        super().__init__(**kwargs)
        self.add_class("gd-control-names")
