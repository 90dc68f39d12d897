// The connectivity view (webview script; esbuild.mjs bundles it with ./layout.js and elkjs into
// media/connectivity/out/view.js). Receives the model from the extension (`{ type: 'model', model }`:
// SPEC §3's connectivity JSON plus locations), lets ELK lay it out (./layout.js: namespaces as
// groups, orthogonal edges with their ports) and draws the result as SVG. Clicking a node or an
// edge asks the extension to open the manifest or the deciding rule (`openNode` / `openEdge`); it
// never names a file itself. Messages out: ready, refresh, openNode, openEdge.
//
// ELK answers asynchronously: while a layout is pending, #graph has aria-busy="true" and still
// shows the previous picture (no flicker on live updates); a newer render supersedes an older
// one. #graph's data-layouts counts the pictures drawn, so a test can wait for the next one.
import { GROUP_HEADER, NODE_H, NODE_W, layout } from './layout.js';

const vscode = acquireVsCodeApi();
const SVG = 'http://www.w3.org/2000/svg';

const saved = vscode.getState() || {};
const state = {
  namespace: typeof saved.namespace === 'string' ? saved.namespace : '',
  unrestricted: saved.unrestricted !== false,
  ports: saved.ports !== false,
};
let model;
/** Number of the latest render; a layout that resolves for an older one is dropped. */
let renderSeq = 0;
let drawn = 0;

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
// Filtering (as the CLI's --focus) and text measuring for the layout

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

/** The port label of an edge (undefined when port labels are off). */
function portLabel(e) {
  if (!state.ports) return undefined;
  let label = e.ports === 'all' ? 'all' : fit(formatPorts(e.ports), 26);
  if (e.stagedPorts) label += ` → ${e.stagedPorts === 'all' ? 'all' : fit(formatPorts(e.stagedPorts), 18)}`;
  return label;
}

/**
 * A text measurer for ELK's label and group sizes: SVG text in a hidden SVG styled as the real
 * one (`.edge .label`, `.group text`), so the sizes match what is drawn. Call `done()` after use.
 */
function measurer() {
  const svg = el('svg', { class: 'measure', width: 0, height: 0, 'aria-hidden': 'true' }, document.body);
  const edge = el('g', { class: 'edge' }, svg);
  const group = el('g', { class: 'group' }, svg);
  const cache = new Map();
  const measure = (value, kind) => {
    const key = `${kind}\u0000${value}`;
    if (!cache.has(key)) {
      const t = text(kind === 'label' ? edge : group, 0, 0, value, kind === 'label' ? 'label' : '');
      cache.set(key, t.getComputedTextLength());
      t.remove();
    }
    return cache.get(key);
  };
  return { measure, done: () => svg.remove() };
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

function drawNode(layer, n, p, edgesOf) {
  const svg = layer.ownerSVGElement;
  const virtual = !isWorkload(n);
  const g = el('g', {
    class: `node${virtual ? ' virtual' : ''}${n.isolated.ingress ? ' isolated-ingress' : ''}${n.isolated.egress ? ' isolated-egress' : ''}`,
    transform: `translate(${p.x},${p.y})`,
    tabindex: 0,
    role: 'button',
    'data-id': n.id,
    'aria-label': `${n.id}, ${n.kind}${n.isolated.ingress ? ', isolated for ingress' : ''}${n.isolated.egress ? ', isolated for egress' : ''}`,
  }, layer);
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

/** An orthogonal route as a path: ELK's start point, bend points and end point. */
function pathData(points) {
  return points.map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`).join(' ');
}

function drawEdge(layer, labels, e, shape, label, index) {
  const cls = edgeClass(e);
  const g = el('g', { class: `edge ${cls}${e.stagedPorts ? ' ports-changed' : ''}`, 'data-from': e.from, 'data-to': e.to, 'data-index': index }, layer);
  const d = pathData(shape.points);
  el('path', { d, class: 'hit' }, g);
  el('path', { d, class: 'line', 'marker-end': `url(#arrow-${cls})` }, g);
  title(g, edgeTitle(e));
  g.addEventListener('click', () => vscode.postMessage({ type: 'openEdge', from: e.from, to: e.to }));
  if (label !== undefined && shape.label) {
    // The label sits in the layer above the nodes, in the room ELK kept for it; it belongs to
    // the edge for hover and click.
    const lg = el('g', { class: g.getAttribute('class'), 'data-label-for': index }, labels);
    const box = shape.label;
    const t = text(lg, box.x + box.w / 2, box.y + box.h / 2, label, 'label');
    t.setAttribute('text-anchor', 'middle');
    t.setAttribute('dominant-baseline', 'central');
    lg.addEventListener('click', () => vscode.postMessage({ type: 'openEdge', from: e.from, to: e.to }));
    title(lg, edgeTitle(e));
  }
  return g;
}

function draw(graph, l, nodes, edges, labels) {
  graph.textContent = '';
  const svg = el('svg', { width: l.width, height: l.height, viewBox: `0 0 ${l.width} ${l.height}`, role: 'img', 'aria-label': 'Workloads and the connections the policies allow' }, graph);
  markers(svg);
  for (const gr of l.groups) {
    const g = el('g', { class: 'group', 'data-namespace': gr.namespace }, svg);
    el('rect', { x: gr.x, y: gr.y, width: gr.w, height: gr.h, rx: 8 }, g);
    text(g, gr.x + 10, gr.y + GROUP_HEADER - 12, gr.namespace);
  }
  // Layers in z-order: edges, then nodes, then port labels (a long edge never hides a label).
  const edgeLayer = el('g', { class: 'edges' }, svg);
  const nodeLayer = el('g', { class: 'nodes' }, svg);
  const labelLayer = el('g', { class: 'labels' }, svg);
  const edgesOf = new Map();
  edges.forEach((e, i) => {
    const d = { e, g: drawEdge(edgeLayer, labelLayer, e, l.edges[i], labels[i], i), from: e.from, to: e.to };
    for (const id of [d.from, d.to]) {
      if (!edgesOf.has(id)) edgesOf.set(id, []);
      edgesOf.get(id).push(d);
    }
  });
  for (const n of nodes) drawNode(nodeLayer, n, l.pos.get(n.id), edgesOf);
}

function render() {
  const graph = $('graph');
  const seq = ++renderSeq;
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
    graph.textContent = '';
    graph.setAttribute('aria-busy', 'false');
    showMessage('No workloads in the workspace yet: open a folder with Kubernetes manifests.');
    return;
  }
  showMessage('');
  const { nodes, edges } = visible();
  const labels = edges.map(portLabel);
  const { measure, done } = measurer();
  graph.setAttribute('aria-busy', 'true');
  let pending;
  try {
    pending = layout(nodes, edges, labels, measure);
  } finally {
    done();
  }
  pending.then(
    (l) => {
      if (seq !== renderSeq) return;
      draw(graph, l, nodes, edges, labels);
      graph.setAttribute('data-layouts', String(++drawn));
      graph.setAttribute('aria-busy', 'false');
    },
    (err) => {
      if (seq !== renderSeq) return;
      graph.setAttribute('aria-busy', 'false');
      showMessage(`The graph could not be laid out: ${err && err.message ? err.message : String(err)}`, true);
    },
  );
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
