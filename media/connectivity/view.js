// The connectivity view (webview script, no build step). Receives the model from the extension
// (`{ type: 'model', model }`: SPEC §3's connectivity JSON plus locations) and draws it as SVG with
// a deterministic layered layout: one column per namespace (outside first, kube-system last),
// workloads sorted by name inside, edges as curves with their ports. Clicking a node or an edge
// asks the extension to open the manifest or the deciding rule (`openNode` / `openEdge`); it
// never names a file itself. Messages out: ready, refresh, openNode, openEdge.
(function () {
  'use strict';

  const vscode = acquireVsCodeApi();
  const SVG = 'http://www.w3.org/2000/svg';
  const NODE_W = 184;
  const NODE_H = 46;
  const V_GAP = 18;
  const COL_GAP = 170;
  const PAD = 20;
  const HEADER = 28;
  const GROUP_PAD = 12;
  /** Room above and below the columns for edges that skip a column. */
  const CHANNEL = 44;
  const LANE = 9;
  const LANES = 4;

  const saved = vscode.getState() || {};
  const state = {
    namespace: typeof saved.namespace === 'string' ? saved.namespace : '',
    unrestricted: saved.unrestricted !== false,
    ports: saved.ports !== false,
  };
  let model;

  const $ = (id) => document.getElementById(id);
  const isWorkload = (n) => n.id !== 'outside' && n.id !== 'kube-dns';

  function el(name, attrs, parent) {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (parent) parent.appendChild(e);
    return e;
  }

  function text(parent, x, y, value, cls) {
    const t = el('text', { x, y, class: cls }, parent);
    t.textContent = value;
    return t;
  }

  function title(parent, value) {
    el('title', {}, parent).textContent = value;
  }

  function formatPorts(ports) {
    if (ports === 'all') return 'all ports';
    return ports.map((p) => (p.port === 'all' ? p.protocol : `${p.port}${p.endPort !== undefined ? `-${p.endPort}` : ''}/${p.protocol}`)).join(', ');
  }

  function fit(value, max) {
    return value.length > max ? `${value.slice(0, max - 1)}…` : value;
  }

  function saveState() {
    vscode.setState(state);
  }

  function showMessage(value, isError) {
    const m = $('message');
    m.textContent = value || '';
    m.hidden = !value;
    m.classList.toggle('error', !!isError);
  }

  // -------------------------------------------------------------------------------------------
  // Filtering (as the CLI's --focus) and layout

  function visible() {
    let edges = model.edges;
    const ns = state.namespace;
    const byId = new Map(model.nodes.map((n) => [n.id, n]));
    if (ns) edges = edges.filter((e) => byId.get(e.from).namespace === ns || byId.get(e.to).namespace === ns);
    if (!state.unrestricted) edges = edges.filter((e) => e.decidedBy.length > 0 || e.staged);
    const keep = new Set();
    for (const e of edges) keep.add(e.from).add(e.to);
    const nodes = model.nodes.filter((n) => keep.has(n.id) || (isWorkload(n) && (!ns || n.namespace === ns)));
    return { nodes, edges };
  }

  function columnOrder(namespaces) {
    const rank = (ns) => (ns === '' ? 0 : ns === 'kube-system' ? 2 : 1);
    return [...namespaces].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  }

  function layout(nodes) {
    const byNs = new Map();
    for (const n of nodes) {
      if (!byNs.has(n.namespace)) byNs.set(n.namespace, []);
      byNs.get(n.namespace).push(n);
    }
    const columns = columnOrder(byNs.keys()).map((ns) => ({
      namespace: ns,
      nodes: byNs.get(ns).slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    }));
    const tallest = Math.max(1, ...columns.map((c) => c.nodes.length));
    const innerHeight = tallest * NODE_H + (tallest - 1) * V_GAP;
    const pos = new Map();
    const groups = [];
    const spans = [];
    columns.forEach((col, i) => {
      const x = PAD + GROUP_PAD + i * (NODE_W + COL_GAP);
      const h = col.nodes.length * NODE_H + (col.nodes.length - 1) * V_GAP;
      const top = PAD + CHANNEL + HEADER + (innerHeight - h) / 2;
      col.nodes.forEach((n, j) => pos.set(n.id, { x, y: top + j * (NODE_H + V_GAP), col: i }));
      if (col.namespace) groups.push({ namespace: col.namespace, x: x - GROUP_PAD, y: top - HEADER, w: NODE_W + 2 * GROUP_PAD, h: h + HEADER + GROUP_PAD });
      spans.push({ top: top - (col.namespace ? HEADER : 0), bottom: top + h + (col.namespace ? GROUP_PAD : 0) });
    });
    const width = PAD * 2 + columns.length * (NODE_W + 2 * GROUP_PAD) + Math.max(0, columns.length - 1) * (COL_GAP - 2 * GROUP_PAD) + 80;
    const height = PAD * 2 + 2 * CHANNEL + HEADER + innerHeight + GROUP_PAD;
    return { pos, groups, width, height, spans, lanes: new Map() };
  }

  /**
   * An edge that skips columns: out of its column into the gap, along a channel above or below
   * the columns in between (whichever is nearer; one lane per edge, so they do not overlap), and
   * into the target's column. Never crosses a node.
   */
  function channelRoute(a, b, l) {
    const ay = a.y + NODE_H / 2;
    const by = b.y + NODE_H / 2;
    const forward = b.col > a.col;
    const lo = Math.min(a.col, b.col) + 1;
    const hi = Math.max(a.col, b.col) - 1;
    let top = Infinity;
    let bottom = -Infinity;
    for (let c = lo; c <= hi; c++) {
      top = Math.min(top, l.spans[c].top);
      bottom = Math.max(bottom, l.spans[c].bottom);
    }
    const middle = (ay + by) / 2;
    const centre = (top + bottom) / 2;
    // On a tie, forward edges go above and backward ones below.
    const above = middle < centre || (middle === centre && forward);
    const key = `${lo}:${hi}:${above}`;
    const k = l.lanes.get(key) || 0;
    l.lanes.set(key, k + 1);
    const y = above ? top - 12 - LANE * (k % LANES) : bottom + 12 + LANE * (k % LANES);
    const dir = forward ? 1 : -1;
    const x0 = forward ? a.x + NODE_W : a.x;
    const x3 = forward ? b.x : b.x + NODE_W;
    const g1 = forward ? a.x + NODE_W + COL_GAP / 2 : a.x - COL_GAP / 2;
    const g2 = forward ? b.x - COL_GAP / 2 : b.x + NODE_W + COL_GAP / 2;
    const d =
      `M${x0},${ay} C${g1},${ay} ${g1},${y} ${g1 + dir * 24},${y} ` +
      `L${g2 - dir * 24},${y} C${g2},${y} ${g2},${by} ${x3},${by}`;
    return { d, mid: [(g1 + g2) / 2, y] };
  }

  /** A cubic curve from `from` to `to` and its midpoint (for the label). */
  function route(a, b, l) {
    if (Math.abs(b.col - a.col) > 1) return channelRoute(a, b, l);
    const ay = a.y + NODE_H / 2;
    const by = b.y + NODE_H / 2;
    let p0, p1, p2, p3;
    if (b.col > a.col) {
      p0 = [a.x + NODE_W, ay];
      p3 = [b.x, by];
      const dx = (p3[0] - p0[0]) / 2;
      p1 = [p0[0] + dx, ay];
      p2 = [p3[0] - dx, by];
    } else if (b.col === a.col) {
      // Same namespace: a loop out of the right side going down, out of the left side going up
      // (so a pair's two directions never share a curve), one lane per loop and side.
      const right = by > ay;
      const key = `loop:${a.col}:${right}`;
      const k = l.lanes.get(key) || 0;
      l.lanes.set(key, k + 1);
      const out = (34 + Math.abs(by - ay) * 0.18 + 15 * (k % 5)) * (right ? 1 : -1);
      const x = right ? a.x + NODE_W : a.x;
      p0 = [x, ay];
      p3 = [x, by];
      p1 = [x + out * 1.33, ay];
      p2 = [x + out * 1.33, by];
    } else {
      // Backwards: leave on the left, arrive on the right, bowed upwards to stay off the nodes.
      p0 = [a.x, ay];
      p3 = [b.x + NODE_W, by];
      const dx = (p0[0] - p3[0]) / 2;
      p1 = [p0[0] - dx, ay - 70];
      p2 = [p3[0] + dx, by - 70];
    }
    const mid = [0, 1].map((k) => 0.125 * p0[k] + 0.375 * p1[k] + 0.375 * p2[k] + 0.125 * p3[k]);
    const d = `M${p0[0]},${p0[1]} C${p1[0]},${p1[1]} ${p2[0]},${p2[1]} ${p3[0]},${p3[1]}`;
    return { d, mid };
  }

  // -------------------------------------------------------------------------------------------
  // Drawing

  function edgeClass(e) {
    if (e.staged) return e.staged;
    return e.decidedBy.length ? 'rule' : 'open';
  }

  function edgeTitle(e) {
    const lines = [`${e.from} → ${e.to}`, `ports: ${formatPorts(e.ports)}`];
    if (e.staged === 'newly-allowed') lines.push('staged policies would allow this connection');
    if (e.staged === 'newly-denied') lines.push('staged policies would deny this connection');
    if (e.stagedPorts) lines.push(`with staged policies: ${formatPorts(e.stagedPorts)}`);
    if (e.decidedBy.length) {
      lines.push('decided by:');
      for (const d of e.decidedBy) lines.push(`  ${d.direction ? `${d.direction} ` : ''}${d.policy} (${d.file}:${d.line})`);
    } else {
      lines.push('no policy isolates either side');
    }
    return lines.join('\n');
  }

  function nodeTitle(n) {
    const lines = [n.id, n.kind];
    const iso = [n.isolated.ingress ? 'ingress' : '', n.isolated.egress ? 'egress' : ''].filter(Boolean);
    lines.push(iso.length ? `isolated for ${iso.join(' and ')}` : 'not isolated');
    for (const [k, v] of Object.entries(n.labels)) lines.push(`${k}=${v}`);
    return lines.join('\n');
  }

  function markers(svg) {
    const defs = el('defs', {}, svg);
    for (const cls of ['rule', 'open', 'newly-allowed', 'newly-denied']) {
      const m = el('marker', { id: `arrow-${cls}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, defs);
      el('path', { d: 'M0,0 L10,5 L0,10 z', class: `arrow ${cls}` }, m);
    }
  }

  function badge(g, x, label, on) {
    el('rect', { x, y: 5, width: 24, height: 11, rx: 2, class: `badge-box${on ? ' on' : ''}` }, g);
    text(g, x + 12, 13.5, label, `badge-text${on ? ' on' : ''}`).setAttribute('text-anchor', 'middle');
  }

  function drawNode(svg, n, p, edgesOf) {
    const virtual = !isWorkload(n);
    const g = el('g', {
      class: `node${virtual ? ' virtual' : ''}${n.isolated.ingress ? ' isolated-ingress' : ''}${n.isolated.egress ? ' isolated-egress' : ''}`,
      transform: `translate(${p.x},${p.y})`,
      tabindex: 0,
      role: 'button',
      'data-id': n.id,
      'aria-label': `${n.id}, ${n.kind}${n.isolated.ingress ? ', isolated for ingress' : ''}${n.isolated.egress ? ', isolated for egress' : ''}`,
    }, svg);
    el('rect', { class: 'box', width: NODE_W, height: NODE_H, rx: virtual ? 23 : 6 }, g);
    text(g, 10, 20, fit(n.name, n.id === 'outside' || n.id === 'kube-dns' ? 18 : 17), 'name');
    text(g, 10, 36, n.id === 'outside' ? 'outside the cluster' : n.id === 'kube-dns' ? 'DNS (kube-system)' : n.kind, 'kind');
    if (n.id !== 'outside') {
      badge(g, NODE_W - 58, 'IN', n.isolated.ingress);
      badge(g, NODE_W - 30, 'OUT', n.isolated.egress);
    }
    title(g, nodeTitle(n));
    const open = () => vscode.postMessage({ type: 'openNode', id: n.id });
    g.addEventListener('click', open);
    g.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        open();
      }
    });
    const highlight = (on) => {
      svg.classList.toggle('dimmed', on);
      g.classList.toggle('highlight', on);
      for (const eg of edgesOf.get(n.id) || []) {
        eg.g.classList.toggle('highlight', on);
        svg.querySelector(`[data-label-for="${eg.g.getAttribute('data-index')}"]`)?.classList.toggle('highlight', on);
        for (const id of [eg.from, eg.to]) svg.querySelector(`.node[data-id="${CSS.escape(id)}"]`)?.classList.toggle('highlight', on);
      }
    };
    g.addEventListener('mouseenter', () => highlight(true));
    g.addEventListener('mouseleave', () => highlight(false));
    g.addEventListener('focus', () => highlight(true));
    g.addEventListener('blur', () => highlight(false));
  }

  function drawEdge(layer, labels, e, l, index) {
    const a = l.pos.get(e.from);
    const b = l.pos.get(e.to);
    const cls = edgeClass(e);
    const g = el('g', { class: `edge ${cls}${e.stagedPorts ? ' ports-changed' : ''}`, 'data-from': e.from, 'data-to': e.to, 'data-index': index }, layer);
    const r = route(a, b, l);
    el('path', { d: r.d, class: 'hit' }, g);
    el('path', { d: r.d, class: 'line', 'marker-end': `url(#arrow-${cls})` }, g);
    title(g, edgeTitle(e));
    g.addEventListener('click', () => vscode.postMessage({ type: 'openEdge', from: e.from, to: e.to }));
    if (state.ports) {
      let label = e.ports === 'all' ? 'all' : fit(formatPorts(e.ports), 26);
      if (e.stagedPorts) label += ` → ${e.stagedPorts === 'all' ? 'all' : fit(formatPorts(e.stagedPorts), 18)}`;
      // The label sits in the layer above the nodes; it belongs to the edge for hover and click.
      const lg = el('g', { class: g.getAttribute('class'), 'data-label-for': index }, labels);
      const t = text(lg, r.mid[0], r.mid[1] - 4, label, 'label');
      t.setAttribute('text-anchor', 'middle');
      lg.addEventListener('click', () => vscode.postMessage({ type: 'openEdge', from: e.from, to: e.to }));
      title(lg, edgeTitle(e));
    }
    return g;
  }

  function render() {
    const graph = $('graph');
    graph.textContent = '';
    if (!model) return;
    // Namespace choices: every namespace with a workload.
    const select = $('namespace');
    const namespaces = [...new Set(model.nodes.filter(isWorkload).map((n) => n.namespace))].sort();
    if (state.namespace && !namespaces.includes(state.namespace)) state.namespace = '';
    select.textContent = '';
    for (const ns of ['', ...namespaces]) {
      const o = document.createElement('option');
      o.value = ns;
      o.textContent = ns || 'All namespaces';
      o.selected = ns === state.namespace;
      select.appendChild(o);
    }
    $('unrestricted').checked = state.unrestricted;
    $('ports').checked = state.ports;

    const isolatedCount = model.nodes.filter((n) => isWorkload(n) && (n.isolated.ingress || n.isolated.egress)).length;
    const workloads = model.nodes.filter(isWorkload).length;
    const added = model.edges.filter((e) => e.staged === 'newly-allowed').length;
    const removed = model.edges.filter((e) => e.staged === 'newly-denied').length;
    $('summary').textContent =
      `${model.edges.length - added} connections allowed · ${isolatedCount}/${workloads} workloads isolated` +
      (added || removed ? ` · staged: +${added} −${removed}` : '');

    if (!model.nodes.some(isWorkload)) {
      showMessage('No workloads in the workspace yet: open a folder with Kubernetes manifests.');
      return;
    }
    showMessage('');
    const { nodes, edges } = visible();
    const l = layout(nodes);
    const svg = el('svg', { width: l.width, height: l.height, viewBox: `0 0 ${l.width} ${l.height}`, role: 'img', 'aria-label': 'Workloads and the connections the policies allow' }, graph);
    markers(svg);
    for (const gr of l.groups) {
      const g = el('g', { class: 'group', 'data-namespace': gr.namespace }, svg);
      el('rect', { x: gr.x, y: gr.y, width: gr.w, height: gr.h, rx: 8 }, g);
      text(g, gr.x + 10, gr.y + 18, gr.namespace);
    }
    // Layers in z-order: edges, then nodes, then port labels (a long curve never hides a label).
    const edgeLayer = el('g', { class: 'edges' }, svg);
    const nodeLayer = el('g', { class: 'nodes' }, svg);
    const labelLayer = el('g', { class: 'labels' }, svg);
    const edgesOf = new Map();
    edges.forEach((e, i) => {
      const d = { e, g: drawEdge(edgeLayer, labelLayer, e, l, i), from: e.from, to: e.to };
      for (const id of [d.from, d.to]) {
        if (!edgesOf.has(id)) edgesOf.set(id, []);
        edgesOf.get(id).push(d);
      }
    });
    for (const n of nodes) drawNode(nodeLayer, n, l.pos.get(n.id), edgesOf);
    if (edges.length <= 300) spreadLabels(labelLayer);
  }

  /** Moves port labels that overlap an earlier one up or down a little (greedy, small graphs only). */
  function spreadLabels(layer) {
    const placed = [];
    const overlaps = (r) => placed.some((q) => r.x < q.x + q.width && q.x < r.x + r.width && r.y < q.y + q.height && q.y < r.y + r.height);
    for (const t of layer.querySelectorAll('text')) {
      const box = t.getBBox();
      const y0 = Number(t.getAttribute('y'));
      const start = { x: box.x - 2, y: box.y, width: box.width + 4, height: box.height };
      let r = start;
      for (let i = 1; i <= 12 && overlaps(r); i++) {
        const dy = Math.ceil(i / 2) * (box.height + 1) * (i % 2 ? 1 : -1);
        r = { ...start, y: box.y + dy };
      }
      // No free slot nearby: leave it where its edge is.
      if (overlaps(r)) r = start;
      t.setAttribute('y', String(y0 + (r.y - box.y)));
      placed.push(r);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Wiring

  $('namespace').addEventListener('change', (ev) => {
    state.namespace = ev.target.value;
    saveState();
    render();
  });
  $('unrestricted').addEventListener('change', (ev) => {
    state.unrestricted = ev.target.checked;
    saveState();
    render();
  });
  $('ports').addEventListener('change', (ev) => {
    state.ports = ev.target.checked;
    saveState();
    render();
  });
  $('refresh').addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));

  window.addEventListener('message', (event) => {
    const msg = event.data;
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'model' && msg.model && Array.isArray(msg.model.nodes) && Array.isArray(msg.model.edges)) {
      model = msg.model;
      render();
    } else if (msg.type === 'error') {
      showMessage(String(msg.message || 'The connectivity model could not be computed.'), true);
    } else if (msg.type === 'loading') {
      if (!model) showMessage('Computing the connectivity of the workspace…');
    }
  });

  vscode.postMessage({ type: 'ready' });
})();
