// Installed in every page before JupyterLab loads: window.gdProbe reads what a learner sees.
(() => {
  // Every drawImage on a canvas (the figure's view paints each new frame with it) is counted and timed.
  const drawImage = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (...args) {
    const canvas = this.canvas;
    canvas.__gdDraws = (canvas.__gdDraws || 0) + 1;
    canvas.__gdLastDraw = performance.now();
    return drawImage.apply(this, args);
  };
  // When a PNG frame reached the page: the figure's view starts decoding each frame message as it
  // handles it (ImageDecoder, or createImageBitmap of a PNG blob), then paints it once decoded. This
  // splits a round trip into the part before the page has the frame (kernel, server, websocket) and
  // the part after (decoding, painting).
  const frameTimes = [];
  const frameArrived = () => {
    frameTimes.push(performance.now());
    if (frameTimes.length > 50) frameTimes.shift();
  };
  if (window.ImageDecoder) {
    const Decoder = window.ImageDecoder;
    window.ImageDecoder = class extends Decoder {
      constructor(init) {
        if (init && init.type === 'image/png') frameArrived();
        super(init);
      }
    };
  }
  const createImageBitmap = window.createImageBitmap;
  window.createImageBitmap = function (source, ...rest) {
    if (source && source.type === 'image/png') frameArrived();
    return createImageBitmap.call(this, source, ...rest);
  };
  // When the slider last changed: the time of the input event (key, pointer press, move or release)
  // that changed the value a slider's handle shows. A drag's moves that change no value do not count.
  // The handle shows each new value as it moves, also on a slider that sends its value only at the
  // release (continuous_update=False), so such a drag is timed from its move, release included.
  let inputAt = 0;
  let eventAt = 0;
  for (const type of ['keydown', 'pointerdown', 'pointerup']) {
    document.addEventListener(type, () => { eventAt = performance.now(); }, true);
  }
  document.addEventListener('pointermove', (e) => { if (e.buttons) eventAt = performance.now(); }, true);
  new MutationObserver((records) => {
    if (records.some((r) => r.target.getAttribute(r.attributeName) !== r.oldValue)) inputAt = eventAt;
  }).observe(document, { attributes: true, attributeFilter: ['aria-valuenow', 'aria-valuetext'], attributeOldValue: true, subtree: true });
  // When an <img> last appeared in an output (a figure rebuilt and sent as a picture).
  let imageAt = 0;
  new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.nodeName === 'IMG' || (n.querySelector && n.querySelector('img'))) imageAt = performance.now();
      }
    }
  }).observe(document, { childList: true, subtree: true });

  const frameIn = (drawnAt) => {
    const arrived = frameTimes.filter((t) => t > inputAt && t <= drawnAt);
    return arrived.length ? arrived[arrived.length - 1] - inputAt : null;
  };

  const STDERR = 'application/vnd.jupyter.stderr';
  const BAD_TEXT = /Traceback|Error|Exception|Warning/;
  // ipykernel's own complaint while a kernel restarts, not the course's doing.
  const UPSTREAM_NOISE = /coroutine 'Kernel\.dispatch_\w+' was never awaited/;
  const snaps = {};

  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  const panelNode = () => document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const panelWidget = () => {
    const node = panelNode();
    const app = window.jupyterapp;
    if (!node || !app) return null;
    for (const w of app.shell.widgets('main')) if (w.node === node) return w;
    return null;
  };
  const cellOf = (el) => el.closest('.jp-Cell');
  const liveRegion = (id) => panelNode().querySelector(`[data-gd-test="${id}"] .gd-readout [role=status]`);
  const cellLabel = (el) => {
    const cell = cellOf(el);
    const panel = panelWidget();
    const index = panel ? panel.content.widgets.findIndex((w) => w.node === cell) : -1;
    if (index < 0) return 'outside any cell';
    const source = panel.content.widgets[index].model.sharedModel.getSource();
    const first = source.split('\n').find((line) => line.trim()) || '';
    return `cell ${index + 1} (${first.trim().slice(0, 60)})`;
  };
  // The canvas of each explorer's figure (helpers/live/view.py).
  const canvasesIn = (root) => Array.from(root.querySelectorAll('canvas.gd-canvas'));
  const textWithoutSliders = (root) => {
    if (!root) return '';
    const copy = root.cloneNode(true);
    copy.querySelectorAll('.widget-slider').forEach((n) => n.remove());
    return copy.textContent.replace(/\s+/g, ' ').trim();
  };
  const sliderLabel = (slider) => (slider.querySelector('.widget-label')?.textContent || '').trim();
  const handleOf = (slider) => slider.querySelector('.noUi-handle[role=slider]');
  // aria-valuenow has one decimal only: with the slider's own readout it tells a move apart.
  const valueOf = (slider) => {
    const h = handleOf(slider);
    const readout = slider.querySelector('.widget-readout');
    return `${readout ? readout.textContent.trim() : ''} (${h?.getAttribute('aria-valuetext')}, `
      + `${h?.getAttribute('aria-valuenow')})`;
  };
  const buttonLabel = (b) => (b.textContent.trim() || b.getAttribute('title') || b.getAttribute('aria-label') || '');

  const probe = {
    panelReady(path) {
      const panel = panelWidget();
      return Boolean(panel && panel.context && panel.sessionContext && panel.context.path === path);
    },
    startOpen(path) {
      window.jupyterapp.commands.execute('docmanager:open', { path, factory: 'Notebook' });
    },
    // Close without saving: the test never writes a notebook.
    closeNotebook() {
      const panel = panelWidget();
      if (!panel) return;
      panel.context.model.dirty = false;
      panel.close();
    },
    noNotebook() { return !document.querySelector('.jp-NotebookPanel'); },
    kernelState() {
      const dialog = document.querySelector('.jp-Dialog');
      if (dialog) return `dialog: ${dialog.innerText.replace(/\s+/g, ' ').trim().slice(0, 200)}`;
      const panel = panelWidget();
      if (!panel) return 'no notebook panel';
      if (!panel.context.isReady || !panel.sessionContext.isReady) return 'notebook loading';
      const kernel = panel.sessionContext.session?.kernel;
      if (!kernel) return 'no kernel';
      return `${kernel.status}/${kernel.connectionStatus}`;
    },
    // Kernel output that no cell claims (widget callbacks) and every error, as the kernel sent them.
    watchKernel() {
      const panel = panelWidget();
      if (panel.__gdWatched) return;
      panel.__gdWatched = true;
      window.__gdIopub = [];
      // The kernel's "busy"/"idle" reports for widget messages, and the page's changes of the kernel's
      // state: the course's server settings have the page skip the first (no redraw of its status).
      // And ipywidgets' echoes: one for each update of a widget's state the page sent the kernel.
      window.__gdStatus = { commReports: 0, changes: 0, echoes: 0 };
      panel.sessionContext.statusChanged.connect(() => { window.__gdStatus.changes += 1; });
      panel.sessionContext.iopubMessage.connect((_, msg) => {
        const type = msg.header.msg_type;
        if (type === 'status' && msg.parent_header?.msg_type === 'comm_msg') window.__gdStatus.commReports += 1;
        if (type === 'comm_msg' && msg.content?.data?.method === 'echo_update') window.__gdStatus.echoes += 1;
        const text = type === 'error'
          ? `${msg.content.ename}: ${msg.content.evalue}\n${(msg.content.traceback || []).join('\n')}`
          : type === 'stream' && msg.content.name === 'stderr' ? msg.content.text : null;
        if (text !== null) window.__gdIopub.push({ type, parent: msg.parent_header?.msg_type || '', text });
      });
    },
    // Errors from widget callbacks (comm messages) or from no request at all; a cell's own errors
    // are in its output, and stderr in reply to the frontend's own requests is the kernel's business.
    kernelErrors(since) {
      const fromCode = (m) => !/_request$/.test(m.parent);
      return (window.__gdIopub || []).slice(since)
        .filter((m) => fromCode(m) && (m.type === 'error' || BAD_TEXT.test(m.text)))
        .filter((m) => !UPSTREAM_NOISE.test(m.text))
        .map((m) => `${m.type === 'error' ? 'error' : 'stderr'} (in reply to ${m.parent}): ${m.text}`);
    },
    kernelMessageCount() { return (window.__gdIopub || []).length; },
    kernelStatusCounts() { return { ...window.__gdStatus }; },
    // Mark an explorer's readout (its live region), to see later whether a move kept the element.
    markReadout(id) {
      const el = liveRegion(id);
      if (el) el.__gdKept = true;
      return Boolean(el);
    },
    readoutKept(id) {
      const el = liveRegion(id);
      return Boolean(el && el.__gdKept);
    },
    kernelReadyOrDialog() {
      const state = probe.kernelState();
      return (state === 'idle/connected' || state.startsWith('dialog')) && state;
    },
    restartResult() { return window.__gdRestart; },
    startKernelRestart() {
      window.__gdRestart = null;
      panelWidget().sessionContext.restartKernel()
        .then(() => { window.__gdRestart = 'done'; }, (e) => { window.__gdRestart = `failed: ${e}`; });
    },
    // Run All through JupyterLab's command; the promise is kept in the page, never returned.
    startRunAll() {
      window.__gdRunAll = null;
      window.jupyterapp.commands.execute('notebook:run-all-cells')
        .then((ok) => { window.__gdRunAll = { ok }; }, (e) => { window.__gdRunAll = { error: String(e) }; });
    },
    runAllResult() { return window.__gdRunAll; },
    cellsIdle() {
      const panel = panelWidget();
      const kernel = panel.sessionContext.session?.kernel;
      const busy = Array.from(panel.node.querySelectorAll('.jp-InputArea-prompt'))
        .some((p) => p.textContent.includes('*'));
      return Boolean(kernel && kernel.status === 'idle' && !busy);
    },
    // Errors in cell outputs and Output widgets, as stored in the notebook model and as shown.
    cellErrors() {
      const found = [];
      const panel = panelWidget();
      panel.content.widgets.forEach((cell, i) => {
        if (cell.model.type !== 'code') return;
        const first = (cell.model.sharedModel.getSource().split('\n').find((l) => l.trim()) || '').trim();
        for (const out of cell.model.outputs.toJSON()) {
          const where = `cell ${i + 1} (${first.slice(0, 60)})`;
          if (out.output_type === 'error') found.push(`${where}: ${out.ename}: ${out.evalue}`);
          const text = Array.isArray(out.text) ? out.text.join('') : out.text || '';
          if (out.output_type === 'stream' && out.name === 'stderr' && BAD_TEXT.test(text)) {
            found.push(`${where}: on stderr: ${text.slice(0, 800)}`);
          }
        }
      });
      const node = panelNode();
      for (const el of node.querySelectorAll(`.widget-output [data-mime-type="${STDERR}"]`)) {
        found.push(`${cellLabel(el)}: in an Output widget: ${el.textContent.slice(0, 800)}`);
      }
      for (const el of node.querySelectorAll('.jp-OutputArea-output')) {
        if (el.textContent.includes('Error displaying widget')) {
          found.push(`${cellLabel(el)}: ${el.textContent.trim().slice(0, 200)}`);
        }
      }
      return found;
    },
    // What JupyterLab's log console holds for this notebook (errors and tracebacks only).
    logConsoleErrors() {
      const data = window.jupyterapp.pluginRegistry?._plugins?.get('@jupyterlab/logconsole-extension:plugin');
      const registry = data && (data._service || data.service);
      if (!registry) return ['the log console could not be read (JupyterLab internals changed?)'];
      const path = panelWidget().context.path;
      const found = [];
      for (const logger of registry.getLoggers()) {
        if (logger.source !== path) continue;
        const model = logger.outputAreaModel;
        for (let i = 0; i < model.length; i++) {
          const item = model.get(i);
          const json = item.toJSON();
          const text = JSON.stringify(json);
          const bad = ['error', 'critical'].includes(item.level) || json.output_type === 'error'
            || text.includes('Traceback');
          if (bad && !UPSTREAM_NOISE.test(text)) {
            const body = json.output_type === 'error' ? `${json.ename}: ${json.evalue}` : text;
            found.push(`log console (${item.level}): ${body.slice(0, 800)}`);
          }
        }
      }
      return found;
    },
    // Every widget-view output has become a widget: none left as text, none 'Error displaying widget'.
    widgetsRendered() {
      const panel = panelWidget();
      const missing = [];
      panel.content.widgets.forEach((cell, i) => {
        if (cell.model.type !== 'code') return;
        const views = cell.model.outputs.toJSON()
          .filter((o) => o.data && o.data['application/vnd.jupyter.widget-view+json']).length;
        const shown = Array.from(cell.node.querySelectorAll('.jp-OutputArea-output'))
          .filter((o) => !o.parentElement.closest('.widget-output') && !o.hasAttribute('data-mime-type'))
          .filter((o) => o.firstElementChild?.classList.contains('lm-Widget'))
          .filter((o) => !o.textContent.includes('Error displaying widget'))
          .length;
        if (shown < views) missing.push(`cell ${i + 1}: ${views - shown} of ${views} widgets not shown`);
      });
      return missing;
    },
    figures() {
      const node = panelNode();
      return canvasesIn(node).map((c) => ({ cell: cellLabel(c), draws: c.__gdDraws || 0, visible: visible(c) }));
    },
    // Tag every slider, explorer and button with data-gd-test ids and describe them.
    discover() {
      const node = panelNode();
      node.querySelectorAll('[data-gd-test]').forEach((n) => n.removeAttribute('data-gd-test'));
      const describeSlider = (slider, id) => {
        slider.setAttribute('data-gd-test', id);
        const handle = handleOf(slider);
        return {
          id, label: sliderLabel(slider), rendered: Boolean(handle && visible(handle)),
          value: valueOf(slider), min: handle?.getAttribute('aria-valuemin'),
          max: handle?.getAttribute('aria-valuemax'),
        };
      };
      const explorers = Array.from(node.querySelectorAll('.gd-explorer')).map((root, e) => {
        const id = `e${e}`;
        root.setAttribute('data-gd-test', id);
        const buttons = {};
        // The explorer's own buttons, not the figure toolbar's ("Reset original view").
        Array.from(root.querySelectorAll('button')).filter((b) => !b.closest('.gd-figure')).forEach((b, k) => {
          const label = buttonLabel(b);
          const name = ['Step', 'Play', 'Reset'].find((n) => label.toLowerCase().startsWith(n.toLowerCase()));
          if (name && !buttons[name]) {
            b.setAttribute('data-gd-test', `${id}-b${k}`);
            buttons[name] = `${id}-b${k}`;
          }
        });
        // An ipywidgets Play widget has icon buttons only: its first one plays.
        const play = root.querySelector('.widget-play button');
        if (play && !buttons.Play) {
          play.setAttribute('data-gd-test', `${id}-play`);
          buttons.Play = `${id}-play`;
          const stop = root.querySelector('.widget-play .fa-stop')?.closest('button');
          if (stop) {
            stop.setAttribute('data-gd-test', `${id}-stop`);
            buttons.Stop = `${id}-stop`;
          }
        }
        const readout = root.querySelector('.gd-readout');
        return {
          id, cell: cellLabel(root),
          sliders: Array.from(root.querySelectorAll('.widget-slider')).map((s, k) => describeSlider(s, `${id}-s${k}`)),
          canvases: canvasesIn(root).length,
          canvasesDrawn: canvasesIn(root).filter((c) => (c.__gdDraws || 0) > 0 && visible(c)).length,
          readout: readout ? readout.textContent.trim() : null,
          buttons,
        };
      });
      const plain = Array.from(node.querySelectorAll('.jp-Cell .jp-OutputArea .widget-slider'))
        .filter((s) => !s.closest('.gd-explorer'))
        .map((s, k) => ({ ...describeSlider(s, `p${k}`), cell: cellLabel(s) }));
      return { explorers, plain };
    },
    // What a change is checked against: an explorer's readout and figure, or a plain slider's output area.
    _target(id) {
      const node = panelNode();
      const el = node.querySelector(`[data-gd-test="${id}"]`);
      if (!el) return null;
      if (id.startsWith('e')) {
        return {
          text: () => (el.querySelector('.gd-readout')?.textContent || '').trim(),
          canvases: canvasesIn(el),
          sliders: Array.from(el.querySelectorAll('.widget-slider')),
          needCanvas: true,
        };
      }
      const area = cellOf(el)?.querySelector('.jp-Cell-outputArea');
      const pictures = () => Array.from(area ? area.querySelectorAll('img') : [])
        .map((i) => `${i.src.length}:${i.src.slice(-40)}`).join(' ');
      return {
        text: () => `${textWithoutSliders(area)} ${pictures()}`.trim(),
        images: true,
        canvases: area ? canvasesIn(area) : [],
        sliders: [el],
        needCanvas: false,
      };
    },
    // The state a change is measured from (the base), and the point a wait starts from (the arm).
    snapshot(id, pixels = true) {
      const t = probe._target(id);
      snaps[id] = {
        text: t.text(),
        urls: pixels ? t.canvases.map((c) => c.toDataURL()) : null,
        values: t.sliders.map(valueOf),
      };
      probe.arm(id);
    },
    arm(id) {
      const t = probe._target(id);
      Object.assign(snaps[id], {
        armText: t.text(), lastText: t.text(), lastTextAt: performance.now(),
        draws: t.canvases.map((c) => c.__gdDraws || 0), armedAt: performance.now(),
      });
    },
    // null until the target has changed since the arm and then been quiet for quietMs; then the diff.
    settled(id, quietMs) {
      const t = probe._target(id);
      const s = snaps[id];
      const now = performance.now();
      const text = t.text();
      if (text !== s.lastText) { s.lastText = text; s.lastTextAt = now; }
      const textChanged = text !== s.armText;
      const drawn = t.canvases.some((c, k) => (c.__gdDraws || 0) > s.draws[k])
        || Boolean(t.images && imageAt > s.armedAt);
      const changed = t.needCanvas ? textChanged && drawn : textChanged || drawn;
      if (!changed) return null;
      const lastDraw = Math.max(t.images ? imageAt : 0, ...t.canvases.map((c) => c.__gdLastDraw || 0));
      if (now - Math.max(lastDraw, s.lastTextAt) < quietMs) return null;
      return probe.diff(id);
    },
    diff(id) {
      const t = probe._target(id);
      const s = snaps[id];
      const lastDraw = Math.max(t.images ? imageAt : 0, ...t.canvases.map((c) => c.__gdLastDraw || 0));
      return {
        textChanged: t.text() !== s.text,
        textBefore: s.text.slice(0, 300), textAfter: t.text().slice(0, 300),
        figureChanged: s.urls ? t.canvases.some((c, k) => c.toDataURL() !== s.urls[k]) : null,
        canvases: t.canvases.length,
        valuesBefore: s.values,
        valuesAfter: t.sliders.map(valueOf),
        labels: t.sliders.map(sliderLabel),
        roundTripMs: lastDraw > inputAt ? lastDraw - inputAt : null,
        // The frame painted last reached the page this long after the input (null: no frame after it).
        frameInMs: lastDraw > inputAt ? frameIn(lastDraw) : null,
      };
    },
    canvasBox(id) {
      const el = panelNode().querySelector(`[data-gd-test="${id}"]`);
      const canvas = el && canvasesIn(el)[0];
      if (!canvas) return null;
      canvas.scrollIntoView({ block: 'center' });
      const r = canvas.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    },
    // Ask the kernel, without a cell, how many matplotlib figures are open (answer in openFigures).
    startCountFigures() {
      window.__gdFigures = null;
      const kernel = panelWidget().sessionContext.session.kernel;
      const expr = 'len(__import__("sys").modules["matplotlib.pyplot"].get_fignums())'
        + ' if "matplotlib.pyplot" in __import__("sys").modules else 0';
      kernel.requestExecute({ code: '', silent: true, store_history: false, user_expressions: { n: expr } })
        .done.then((reply) => {
          const r = reply.content.user_expressions.n;
          window.__gdFigures = r.status === 'ok' ? Number(r.data['text/plain']) : `${r.ename}: ${r.evalue}`;
        }, (e) => { window.__gdFigures = String(e); });
    },
    openFigures() { return window.__gdFigures === null ? null : { n: window.__gdFigures }; },
  };
  window.gdProbe = probe;
})();
