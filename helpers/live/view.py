"""The figure in the browser (``FrameView``) and the readout that travels with its frames (``Readout``).

Both are small front-end widgets (anywidget). The kernel draws the figure with Agg and sends each
new picture to ``FrameView`` as one message: a whole PNG frame (``canvas.FrameEncoder``), the
readout's HTML and the figure's alt text. In the browser the view decodes the PNG off the page's
main thread (``ImageDecoder``; ``createImageBitmap`` where a browser lacks it) and then, in one go,
paints it on its canvas, sets the canvas's alt text and hands the readout to the explorer's
``Readout``, so the numbers beside the figure always belong to the picture shown. Only the newest
frame is painted: a frame that finishes decoding after a newer one arrived is dropped, and since
every frame is whole, the canvas never mixes pieces of two states. During a drag a frame drawn for a
value older than the last one the view sent is skipped if the canvas changed less than 50 ms before
(the newer value's frame is on its way; the old one is painted after all if none comes within 50 ms),
so the canvas still moves at least 20 times a second and the page's main thread is free sooner for
the frame of the last value. Each frame carries the number of the last value the view had sent.

Why not ipympl's canvas: it loads every frame as an image through a blob URL and stores the
previous frame as a data URL, and the readout came in a message of its own; in the browser test
those cost 20-30 ms of every slider move (see ``canvas.py`` for where a move's time goes).

The canvas can be reached with Tab (it is an image with alt text) and is left with Tab, Shift+Tab
or Escape (Escape goes back to the last button of the controls). A click on the figure is sent to
the kernel as a matplotlib ``button_press_event``, so explorers handle it with ``mpl_connect``.
When a view appears it asks for the current frame and says its screen's pixel ratio; the figure is
then drawn at that many pixels per CSS pixel (sharp on high-density screens).

ipywidgets sends a slider's values one at a time: a newer value waits until the kernel reports
"idle" for the one before. The view sends such a waiting value straight to the kernel
(``FrameView.slid``), which draws the newest as soon as it is free. While the pointer is down on
the page (a drag, or a click on a slider's track) the view sends every value itself, and holds
back the slider's own updates: only the last goes, when the pointer is released, and changes
nothing in the kernel, which has it already. A drag then costs the kernel one message per value
instead of up to two, each with its "busy", "idle" and echo. Timed in one page with this switched
on and off, it took 6-7 ms off the drag medians of Episode 2's tangent and Episode 4's basins
explorer. This reads ipywidgets' count of a model's messages in flight (``_pending_msgs``) and
wraps the slider model's ``sync``; where either is missing, values go by ipywidgets' own updates.
"""

from __future__ import annotations

import contextlib
import uuid

import anywidget
import traitlets
from matplotlib.backend_bases import MouseButton, MouseEvent

from .canvas import FrameEncoder

_FRAME_ESM = """
function decode(bytes) {
  if (typeof ImageDecoder !== 'undefined') {
    try {
      const decoder = new ImageDecoder({ data: bytes, type: 'image/png' });
      return decoder.decode().then(
        ({ image }) => { decoder.close(); return image; },
        (error) => { decoder.close(); throw error; });
    } catch (error) {
      // This browser's ImageDecoder cannot take the frame: decode it as a picture instead.
    }
  }
  return createImageBitmap(new Blob([bytes], { type: 'image/png' }));
}

const STALE_MS = 50;

function asBytes(buffer) {
  return buffer instanceof ArrayBuffer
    ? new Uint8Array(buffer) : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

// ipywidgets sends a slider's values one at a time: while one is on its way, newer ones wait until
// the kernel reports "idle" for it. The view sends a value that waits straight to the kernel. While
// the pointer is down (a drag, or a click on the track) the view sends every value, and the
// slider's own updates of it are held back until the release, when only the last one goes.
function follow(model, id, sent) {
  let stop = () => {};
  model.widget_manager.get_model(id).then((slider) => {
    const key = slider.get('_model_name') === 'SelectionSliderModel' ? 'index' : 'value';
    let pressed = false;
    let held = null;  // the options of the last update held back, if any
    const sync = slider.sync;
    const onlyKey = (attrs) => attrs && Object.keys(attrs).length === 1 && key in attrs;
    slider.sync = function (method, target, options) {
      if (pressed && method === 'patch' && onlyKey(options && options.attrs)) {
        held = options;
        return undefined;
      }
      return sync.call(this, method, target, options);
    };
    const press = (event) => { if (event.button === 0) pressed = true; };
    const release = () => {
      pressed = false;
      if (held === null) return;
      const options = held;
      held = null;
      sync.call(slider, 'patch', slider, { ...options, attrs: { [key]: slider.get(key) } });
    };
    document.addEventListener('pointerdown', press, true);
    document.addEventListener('pointerup', release, true);
    document.addEventListener('pointercancel', release, true);
    const onChange = (_slider, value, options) => {
      const waiting = (slider._pending_msgs || 0) >= 1;
      const fromView = Boolean(options && options.updated_view);
      if (fromView && (pressed || waiting)) model.send({ type: 'value', id, key, value, seq: ++sent.seq });
    };
    slider.on(`change:${key}`, onChange);
    stop = () => {
      slider.off(`change:${key}`, onChange);
      document.removeEventListener('pointerdown', press, true);
      document.removeEventListener('pointerup', release, true);
      document.removeEventListener('pointercancel', release, true);
      release();
      slider.sync = sync;
    };
  }).catch((error) => console.error('slider not followed:', error));
  return () => stop();
}

function render({ model, el }) {
  const canvas = document.createElement('canvas');
  canvas.className = 'gd-canvas';
  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', model.get('alt'));
  const size = () => {
    const [width, height] = model.get('css_size');
    Object.assign(canvas.style, { width: `${width}px`, height: `${height}px`, display: 'block' });
  };
  size();
  model.on('change:css_size', size);
  el.appendChild(canvas);
  const context = canvas.getContext('2d');
  const sent = { seq: 0 };  // the number of the last value this view sent to the kernel
  let latest = 0;
  let paintedAt = -Infinity;
  let held = null;
  const paint = (msg, buffers) => {
    const mine = ++latest;
    decode(asBytes(buffers[0])).then((image) => {
      if (mine !== latest) { image.close(); return; }  // a newer frame is on its way: paint that one
      const width = image.displayWidth || image.width;
      const height = image.displayHeight || image.height;
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
      }
      context.drawImage(image, 0, 0);
      paintedAt = performance.now();
      image.close();
      canvas.setAttribute('aria-label', msg.alt);
      document.dispatchEvent(new CustomEvent('gd-readout', { detail: { key: msg.key, html: msg.readout } }));
    }).catch((error) => console.error('frame not shown:', error));
  };
  // A frame drawn for a value older than the last one sent is skipped if the canvas changed less than
  // STALE_MS ago: the newer value's frame is on its way. It is painted after all if none comes by then.
  const onMessage = (msg, buffers) => {
    if (msg.type !== 'frame') return;
    clearTimeout(held);
    held = null;
    const stale = (msg.seq || 0) < sent.seq;
    if (stale && performance.now() - paintedAt < STALE_MS) {
      held = setTimeout(() => { held = null; paint(msg, buffers); }, STALE_MS);
      return;
    }
    paint(msg, buffers);
  };
  model.on('msg:custom', onMessage);
  const onPress = (event) => {
    const box = canvas.getBoundingClientRect();
    model.send({
      type: 'press', button: event.button + 1,
      x: (event.clientX - box.left) / box.width, y: (event.clientY - box.top) / box.height,
    });
  };
  canvas.addEventListener('pointerdown', onPress);
  const onKey = (event) => {
    if (event.key !== 'Escape') return;
    const root = el.closest('.gd-explorer');
    const buttons = root ? root.querySelectorAll('.gd-controls button') : [];
    if (buttons.length) {
      event.preventDefault();
      event.stopPropagation();
      buttons[buttons.length - 1].focus();
    }
  };
  canvas.addEventListener('keydown', onKey);
  const unfollow = model.get('sliders').map((id) => follow(model, id, sent));
  model.send({ type: 'ready', ratio: window.devicePixelRatio || 1 });
  return () => {
    model.off('msg:custom', onMessage);
    clearTimeout(held);
    model.off('change:css_size', size);
    unfollow.forEach((stop) => stop());
  };
}

export default { render };
"""

_READOUT_ESM = """
// A new readout is laid over the one shown: text that changed is set in place, and only an element
// that changed (another status line, another colour) is replaced. So the readout's live region stays
// the same element (a screen reader follows it) and the page restyles nothing for a new number.
function patch(target, source) {
  const old = Array.from(target.childNodes);
  const fresh = Array.from(source.childNodes);
  if (old.length !== fresh.length) {
    target.replaceChildren(...fresh);
    return;
  }
  old.forEach((node, k) => {
    const next = fresh[k];
    if (node.nodeType === Node.TEXT_NODE && next.nodeType === Node.TEXT_NODE) {
      if (node.data !== next.data) node.data = next.data;
    } else if (node.nodeType === Node.ELEMENT_NODE && next.nodeType === Node.ELEMENT_NODE
               && node.tagName === next.tagName && sameAttributes(node, next)) {
      patch(node, next);
    } else {
      target.replaceChild(next, node);
    }
  });
}

function sameAttributes(a, b) {
  if (a.attributes.length !== b.attributes.length) return false;
  for (const { name, value } of a.attributes) if (b.getAttribute(name) !== value) return false;
  return true;
}

function render({ model, el }) {
  const show = () => {
    const fresh = document.createElement('template');
    fresh.innerHTML = model.get('value');
    patch(el, fresh.content);
  };
  show();
  model.on('change:value', show);
  // The figure's view hands over the readout of each frame it paints, in the same task.
  const onFrame = (event) => {
    if (event.detail.key === model.get('key')) model.set('value', event.detail.html);
  };
  document.addEventListener('gd-readout', onFrame);
  return () => {
    document.removeEventListener('gd-readout', onFrame);
    model.off('change:value', show);
  };
}

export default { render };
"""

def carried(widget, **values):
    """While setting ``values`` on ``widget``, send no update for them: a frame carries them.

    ipywidgets does not send a value it is locked to (the guard it uses against echoing a value the
    browser sent); without that guard the update is sent as usual, which is slower but as correct.
    """
    lock = getattr(widget, "_lock_property", None)
    return lock(**values) if lock else contextlib.nullcontext()


#: Pixels per CSS pixel a view may ask for: 1 to 2, in halves (frames stay small).
RATIOS = (1.0, 1.5, 2.0)


class Readout(anywidget.AnyWidget):
    """The readout beside a figure: HTML that arrives with each frame of its ``FrameView``."""

    _esm = _READOUT_ESM
    value = traitlets.Unicode("").tag(sync=True)
    key = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(key=uuid.uuid4().hex, **kwargs)
        self.add_class("gd-readout")

    def set_with_frame(self, html: str) -> None:
        """Set the value without a message of its own: the frame carrying it sets it in the browser."""
        with carried(self, value=html):
            self.value = html


class FrameView(anywidget.AnyWidget):
    """The browser's view of a figure: see the module docstring.

    ``on_press(event)`` gets each click as a matplotlib ``MouseEvent``; ``on_ratio(ratio)`` is asked
    to redraw the figure at a view's pixel ratio; ``redraw()`` to send the current frame again.
    """

    _esm = _FRAME_ESM
    css_size = traitlets.List([0, 0]).tag(sync=True)
    alt = traitlets.Unicode("").tag(sync=True)
    #: The model ids of the explorer's sliders, whose values during a drag come through this view too.
    sliders = traitlets.List(traitlets.Unicode()).tag(sync=True)

    def __init__(self, fig, readout: Readout, *, css_size, alt, on_ratio, resend, sliders=()):
        self._by_id = {slider.model_id: slider for slider in sliders}
        super().__init__(css_size=list(css_size), alt=alt, sliders=list(self._by_id))
        self.fig = fig
        self.readout = readout
        self.ratio = 1.0
        self.encoder = FrameEncoder()
        self.frames_sent = 0
        self.seq = 0  # the number of the last value this view sent (its frames carry it back)
        self.last_frame: bytes | None = None
        self._on_ratio = on_ratio
        self._resend = resend
        self.on_msg(self._on_message)
        self.add_class("gd-figure")

    def show(self, pixels, readout_html: str, alt: str) -> None:
        """Send the figure's ``pixels`` as one frame with its readout and alt text (the browser
        paints them together)."""
        png = self.encoder.encode(pixels)
        self.readout.set_with_frame(readout_html)
        with carried(self, alt=alt):
            self.alt = alt
        self.last_frame = png
        self.frames_sent += 1
        self.send({"type": "frame", "key": self.readout.key, "readout": readout_html, "alt": alt,
                   "seq": self.seq}, [png])

    def _on_message(self, _widget, content, _buffers) -> None:
        kind = content.get("type")
        if kind == "ready":
            ratio = min(RATIOS, key=lambda r: abs(r - float(content.get("ratio") or 1.0)))
            if ratio != self.ratio:
                self.ratio = ratio
                self._on_ratio(ratio)
            else:
                self._resend()
        elif kind == "press":
            self.press(float(content["x"]), float(content["y"]), int(content.get("button", 1)))
        elif kind == "value":
            self.slid(content.get("id"), content.get("key"), content.get("value"), content.get("seq"))

    def slid(self, model_id, key, value, seq=None) -> None:
        """A slider's value sent by this view: one that ipywidgets holds back, or any during a drag.

        The slider takes it without sending it back (the browser has it); its observers run as for
        any move. A value the slider refuses is left to ipywidgets' own update, which follows (at
        the latest when the pointer is released).
        """
        if isinstance(seq, int) and seq > self.seq:  # before the value is set: its frame carries the number
            self.seq = seq
        slider = self._by_id.get(model_id)
        if slider is None or key not in ("value", "index"):
            return
        try:
            with carried(slider, **{key: value}):
                setattr(slider, key, value)
        except traitlets.TraitError:
            pass

    def press(self, x: float, y: float, button: int = 1) -> None:
        """A click at (x, y), fractions of the figure's width and height from its top left."""
        width, height = self.fig.bbox.size
        canvas = self.fig.canvas
        event = MouseEvent("button_press_event", canvas, x * width, (1 - y) * height,
                           button=MouseButton(button))
        canvas.callbacks.process("button_press_event", event)
