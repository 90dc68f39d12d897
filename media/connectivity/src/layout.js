// Layout of the connectivity graph with ELK's layered algorithm (elkjs, bundled into
// media/connectivity/out/view.js by esbuild.mjs; docs/connectivity.md says why ELK). This module
// only turns the visible nodes and edges into an ELK graph and ELK's answer into plain shapes in
// page coordinates; it draws nothing. Namespaces are compound nodes (ELK places and routes across
// their borders itself: hierarchyHandling INCLUDE_CHILDREN), workloads are fixed-size nodes,
// edges are routed orthogonally with bend points, and port labels are placed by ELK so that they
// take room in the layout instead of overlapping. Same input, same order → same picture: ELK's
// layered algorithm is deterministic for a fixed random seed, and the input is sorted here.
import ELK from 'elkjs/lib/elk.bundled.js';

export const NODE_W = 184;
export const NODE_H = 46;
/** Room at the top of a namespace group for its name. */
export const GROUP_HEADER = 30;
const GROUP_PAD = 12;
const LABEL_H = 14;

/** Spacing shared by the root graph and every namespace group (ELK reads them per level). */
const SPACING = {
  'elk.spacing.nodeNode': '18',
  'elk.layered.spacing.nodeNodeBetweenLayers': '32',
  'elk.layered.spacing.edgeNodeBetweenLayers': '14',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '9',
  'elk.spacing.edgeEdge': '9',
  'elk.spacing.edgeNode': '14',
  'elk.spacing.edgeLabel': '3',
  'elk.spacing.labelLabel': '2',
};

const ROOT_OPTIONS = {
  ...SPACING,
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  // Every shape and edge point in root (page) coordinates, not relative to its group.
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
  // The input order (sorted below) breaks ties between equally good node orders.
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.randomSeed': '1',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
};

const elk = new ELK();

const byString = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** `outside` (no namespace) first, then the namespaces by name, kube-system (kube-dns) last. */
function namespaceOrder(namespaces) {
  const rank = (ns) => (ns === '' ? 0 : ns === 'kube-system' ? 2 : 1);
  return [...namespaces].sort((a, b) => rank(a) - rank(b) || byString(a, b));
}

const groupId = (namespace) => `namespace:${namespace}`;

/**
 * The ELK graph: namespace groups (their title's width as minimum width) holding their workloads
 * sorted by name, `outside` at the top level, one edge per model edge with its label's size.
 * `labels[i]` is the text of edge i's label or undefined; `measure(text, kind)` is the width in px
 * of `text` drawn as a port label (kind 'label') or as a namespace title ('group-title').
 */
function elkGraph(nodes, edges, labels, measure) {
  const byNs = new Map();
  for (const n of nodes) {
    if (!byNs.has(n.namespace)) byNs.set(n.namespace, []);
    byNs.get(n.namespace).push(n);
  }
  // `outside` on the left and kube-dns on the right whatever the edges' directions (as a reader
  // expects traffic to flow); every other node goes where ELK's layering puts it.
  const constraint = { outside: 'FIRST', 'kube-dns': 'LAST' };
  const leaf = (n) => ({
    id: n.id,
    width: NODE_W,
    height: NODE_H,
    layoutOptions: constraint[n.id] ? { 'elk.layered.layering.layerConstraint': constraint[n.id] } : {},
  });
  const children = [];
  for (const ns of namespaceOrder(byNs.keys())) {
    const members = byNs.get(ns).slice().sort((a, b) => byString(a.name, b.name) || byString(a.id, b.id));
    if (ns === '') {
      children.push(...members.map(leaf));
      continue;
    }
    const titleWidth = Math.ceil(measure(ns, 'group-title')) + 2 * GROUP_PAD;
    children.push({
      id: groupId(ns),
      layoutOptions: {
        ...SPACING,
        'elk.padding': `[top=${GROUP_HEADER},left=${GROUP_PAD},bottom=${GROUP_PAD},right=${GROUP_PAD}]`,
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${titleWidth},${NODE_H + GROUP_HEADER + GROUP_PAD})`,
      },
      children: members.map(leaf),
    });
  }
  return {
    id: 'root',
    layoutOptions: ROOT_OPTIONS,
    children,
    edges: edges.map((e, i) => ({
      id: `edge:${i}`,
      sources: [e.from],
      targets: [e.to],
      labels: labels[i] === undefined ? [] : [{
        text: labels[i],
        width: Math.ceil(measure(labels[i], 'label')) + 4,
        height: LABEL_H,
        layoutOptions: { 'elk.edgeLabels.placement': 'CENTER' },
      }],
    })),
  };
}

/**
 * Lays out the visible graph. Resolves with `{ width, height, pos: Map(id → {x, y}), groups:
 * [{namespace, x, y, w, h}] (in namespaceOrder), edges: [{points: [{x, y}…], label?: {x, y, w, h}}]
 * (in the order of `edges`) }`, all in page coordinates.
 */
export async function layout(nodes, edges, labels, measure) {
  const result = await elk.layout(elkGraph(nodes, edges, labels, measure));
  const pos = new Map();
  const groups = [];
  for (const child of result.children || []) {
    if (!child.id.startsWith('namespace:')) {
      pos.set(child.id, { x: child.x, y: child.y });
      continue;
    }
    groups.push({ namespace: child.id.slice('namespace:'.length), x: child.x, y: child.y, w: child.width, h: child.height });
    for (const n of child.children || []) pos.set(n.id, { x: n.x, y: n.y });
  }
  const routed = new Map((result.edges || []).map((e) => [e.id, e]));
  const shapes = edges.map((_, i) => {
    const e = routed.get(`edge:${i}`);
    const points = [];
    for (const s of e.sections || []) points.push(s.startPoint, ...(s.bendPoints || []), s.endPoint);
    const l = e.labels && e.labels[0];
    return { points, label: l ? { x: l.x, y: l.y, w: l.width, h: l.height } : undefined };
  });
  return { width: Math.ceil(result.width), height: Math.ceil(result.height), pos, groups, edges: shapes };
}
