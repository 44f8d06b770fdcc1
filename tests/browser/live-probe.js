// Installed after probe.js: what the live-figure checks read in the page (window.gdProbe.live).
(() => {
  const panelNode = () => document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const panelWidget = () => {
    const node = panelNode();
    const app = window.jupyterapp;
    if (!node || !app) return null;
    for (const w of app.shell.widgets('main')) if (w.node === node) return w;
    return null;
  };
  const explorer = (id) => panelNode().querySelector(`[data-gd-test="${id}"]`);
  // The figure's canvas (helpers/live/view.py): focusable, an image with alt text.
  const canvasDiv = (root) => root.querySelector('canvas.gd-canvas');
  const canvasOf = canvasDiv;
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
  };
  const describe = (el) => {
    if (!el || el === document.body) return 'the page';
    const cls = typeof el.className === 'string' ? el.className.split(/\s+/).slice(0, 2).join('.') : '';
    const label = (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 30);
    return `<${el.tagName.toLowerCase()}${cls ? `.${cls}` : ''}>${label ? ` "${label}"` : ''}`;
  };
  // The name a screen reader announces, as far as the accessible-name rules go for these controls.
  const accessibleName = (el) => {
    const labelledBy = el.getAttribute('aria-labelledby');
    if (labelledBy) {
      const text = labelledBy.split(/\s+/).map((i) => document.getElementById(i)?.textContent || '').join(' ');
      if (text.trim()) return text.trim();
    }
    const label = el.getAttribute('aria-label');
    if (label && label.trim()) return label.trim();
    if (el.id) {
      const forLabel = document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
      if (forLabel && forLabel.textContent.trim()) return forLabel.textContent.trim();
    }
    if (el.tagName === 'BUTTON' && el.textContent.trim()) return el.textContent.trim();
    return (el.getAttribute('title') || '').trim();
  };
  const ringOf = (el) => {
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 ? `${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}` : 'none';
    return { outline, boxShadow: s.boxShadow, border: s.borderColor, background: s.backgroundColor };
  };
  const controls = (root) => [
    ...Array.from(root.querySelectorAll('.noUi-handle[role=slider], [role=slider]')),
    ...Array.from(root.querySelectorAll('button')).filter((b) => !b.closest('.gd-figure')),
  ].filter((el, i, all) => all.indexOf(el) === i);
  // Only controls a learner can use now have to take the focus (a disabled Step at the end does not).
  const usable = (root) => controls(root).filter((el) => !el.disabled && el.getAttribute('aria-disabled') !== 'true'
    && !el.closest('[disabled]'));

  window.gdProbe.live = {
    // The Python name of the explorer shown in a cell such as `explorer = widgets.X(...)\nexplorer`.
    variable(id) {
      const cell = explorer(id).closest('.jp-Cell');
      const panel = panelWidget();
      const model = panel.content.widgets.find((w) => w.node === cell)?.model;
      const source = model ? model.sharedModel.getSource() : '';
      const match = source.match(/^(\w+)\s*=\s*widgets\.\w+\(/m);
      return match ? match[1] : null;
    },
    // Run code in the kernel without a cell; the answer (user expressions as text) lands in evalResult.
    startEval(code, expressions) {
      window.__gdEval = null;
      const kernel = panelWidget().sessionContext.session.kernel;
      kernel.requestExecute({ code, silent: false, store_history: false, user_expressions: expressions })
        .done.then((reply) => {
          const c = reply.content;
          if (c.status !== 'ok') { window.__gdEval = { error: `${c.ename}: ${c.evalue}` }; return; }
          const out = {};
          for (const [k, r] of Object.entries(c.user_expressions)) {
            out[k] = r.status === 'ok' ? r.data['text/plain'] : { error: `${r.ename}: ${r.evalue}` };
          }
          window.__gdEval = { ok: out };
        }, (e) => { window.__gdEval = { error: String(e) }; });
    },
    evalResult() { return window.__gdEval; },
    canvasPNG(id) {
      const c = canvasOf(explorer(id));
      return c ? { url: c.toDataURL('image/png'), width: c.width, height: c.height, cssWidth: c.clientWidth,
        label: c.getAttribute('aria-label') } : null;
    },
    canvasFocusable(id) {
      const d = canvasDiv(explorer(id));
      return d ? d.getAttribute('tabindex') : null;
    },
    focusCanvas(id) { canvasDiv(explorer(id)).focus(); return document.activeElement === canvasDiv(explorer(id)); },
    // Where the focus is, seen from the figure: in it, before it, after it (document order).
    focusWhere(id) {
      const fig = canvasDiv(explorer(id));
      const el = document.activeElement;
      if (!el || el === document.body) return { where: 'nowhere', what: describe(el) };
      if (fig === el || fig.contains(el)) return { where: 'canvas', what: describe(el) };
      const pos = fig.compareDocumentPosition(el);
      const where = pos & Node.DOCUMENT_POSITION_FOLLOWING ? 'after' : pos & Node.DOCUMENT_POSITION_PRECEDING ? 'before' : 'elsewhere';
      return { where, what: describe(el), inExplorer: explorer(id).contains(el) };
    },
    // The explorer's own slider handles and buttons before / after its figure, in document order.
    controlsAround(id) {
      const root = explorer(id);
      const fig = canvasDiv(root);
      const all = controls(root);
      all.forEach((el, k) => el.setAttribute('data-gd-control', `${id}-c${k}`));
      const side = (el) => (fig.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING ? 'after' : 'before');
      return all.map((el, k) => ({ sel: `[data-gd-control="${id}-c${k}"]`, side: side(el), what: describe(el) }));
    },
    unnamed(id) {
      return controls(explorer(id)).filter((el) => !accessibleName(el))
        .map((el) => `${describe(el)} in "${(el.closest('.widget-slider')?.querySelector('.widget-label')?.textContent || '').trim()}"`);
    },
    // Every control's look unfocused and focused (keyboard focus: :focus-visible applies to .focus()).
    focusRings(id) {
      const found = [];
      for (const el of usable(explorer(id))) {
        el.blur();
        const before = ringOf(el);
        el.focus({ focusVisible: true });
        const after = ringOf(el);
        const visibleRing = after.outline !== 'none' || (after.boxShadow !== before.boxShadow && after.boxShadow !== 'none');
        found.push({ what: describe(el), before, after, visibleRing, focused: document.activeElement === el });
        el.blur();
      }
      return found;
    },
    // Scroll the explorer's top to the top of the notebook's visible area; the boxes of its parts.
    layout(id) {
      const root = explorer(id);
      const panel = panelNode();
      const scroller = panel.querySelector('.jp-WindowedPanel-outer') || panel.querySelector('.jp-Notebook') || panel;
      root.scrollIntoView({ block: 'start' });
      const area = box(scroller);
      const out = root.closest('.jp-OutputArea-output') || root.parentElement;
      const canvas = canvasOf(root);
      return {
        viewport: { width: window.innerWidth, height: window.innerHeight },
        area, explorer: box(root), output: box(out),
        outputScroll: { scrollWidth: out.scrollWidth, clientWidth: out.clientWidth },
        notebookScroll: { scrollWidth: scroller.scrollWidth, clientWidth: scroller.clientWidth },
        canvas: canvas ? box(canvas) : null,
        sliders: Array.from(root.querySelectorAll('.widget-slider')).map((s) => ({ label: (s.querySelector('.widget-label')?.textContent || '').trim(), ...box(s) })),
        readout: root.querySelector('.gd-readout') ? box(root.querySelector('.gd-readout')) : null,
        buttons: Array.from(root.querySelectorAll('button')).filter((b) => !b.closest('.gd-figure')).map((b) => ({ label: b.textContent.trim(), ...box(b) })),
      };
    },
    // Show or hide the left sidebar with the file browser.
    sidebar(open) {
      const app = window.jupyterapp;
      if (open) app.shell.activateById('filebrowser');
      else app.shell.collapseLeft();
      const left = document.querySelector('#jp-left-stack');
      return left ? box(left).width : 0;
    },
    // Any notification toast on screen (JupyterLab's news prompt is one).
    toasts() {
      return Array.from(document.querySelectorAll('.Toastify__toast, .jp-Notification-Toast'))
        .map((t) => t.textContent.replace(/\s+/g, ' ').trim()).filter(Boolean);
    },
    // Append a code cell at the end of the notebook (never saved) and run it.
    appendAndRun(source) {
      const panel = panelWidget();
      const nb = panel.content;
      const n = nb.model.sharedModel.cells.length;
      nb.model.sharedModel.insertCell(n, { cell_type: 'code', source });
      nb.activeCellIndex = n;
      window.__gdRunCell = null;
      window.jupyterapp.commands.execute('notebook:run-cell')
        .then(() => { window.__gdRunCell = 'done'; }, (e) => { window.__gdRunCell = String(e); });
      return n;
    },
    runCellResult() { return window.__gdRunCell; },
    // Tag the plain sliders in the last cell's output.
    lastCellSliders() {
      const cells = panelNode().querySelectorAll('.jp-Cell');
      const last = cells[cells.length - 1];
      return Array.from(last.querySelectorAll('.widget-slider')).map((s, k) => {
        s.setAttribute('data-gd-test', `base${k}`);
        return { id: `base${k}`, label: (s.querySelector('.widget-label')?.textContent || '').trim(),
          rendered: Boolean(s.querySelector('.noUi-handle')) };
      });
    },
    lastCellImages() {
      const cells = panelNode().querySelectorAll('.jp-Cell');
      return cells[cells.length - 1].querySelectorAll('img').length;
    },
  };
})();
