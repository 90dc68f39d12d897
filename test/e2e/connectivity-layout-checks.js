// Geometry checks for the connectivity view's drawing (used by connectivity-view.test.js): reads
// the shapes the page drew, in page pixels, and lists what makes a layout unreadable. The view
// leaves placement and routing to ELK; these checks hold it to what the picture promises.
'use strict';

/** Within this many px an edge end counts as touching its node's border. */
const END_TOLERANCE = 2;

/** The drawn shapes: node and group rectangles, and each edge's polyline (path `d` = M/L only). */
function readShapes(page) {
  return page.evaluate(() => {
    const rect = (el) => {
      const b = el.getBoundingClientRect();
      return { x0: b.left, y0: b.top, x1: b.right, y1: b.bottom };
    };
    const nodes = [...document.querySelectorAll('svg .nodes .node')].map((g) => ({ id: g.getAttribute('data-id'), ...rect(g.querySelector('rect.box')) }));
    const groups = [...document.querySelectorAll('svg .group')].map((g) => ({ namespace: g.getAttribute('data-namespace'), ...rect(g.querySelector('rect')) }));
    const edges = [...document.querySelectorAll('svg .edges .edge')].map((g) => {
      const line = g.querySelector('path.line');
      const ctm = line.getScreenCTM();
      const d = line.getAttribute('d');
      const points = [...d.matchAll(/[ML]\s*(-?[\d.e+-]+)[ ,](-?[\d.e+-]+)/g)].map((m) => {
        const p = new DOMPoint(Number(m[1]), Number(m[2])).matrixTransform(ctm);
        return { x: p.x, y: p.y };
      });
      return { from: g.getAttribute('data-from'), to: g.getAttribute('data-to'), d, points };
    });
    const labels = [...document.querySelectorAll('svg .labels text')].map((t) => ({ text: t.textContent, ...rect(t) }));
    return { nodes, groups, edges, labels };
  });
}

const overlap = (a, b) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
const inside = (inner, outer) => inner.x0 >= outer.x0 && inner.x1 <= outer.x1 && inner.y0 >= outer.y0 && inner.y1 <= outer.y1;
const show = (r) => `[${[r.x0, r.y0, r.x1, r.y1].map((v) => Math.round(v)).join(',')}]`;

/** Distance from `p` to the border of rectangle `r` (inside or out). */
function toBorder(p, r) {
  const dx = Math.max(r.x0 - p.x, 0, p.x - r.x1);
  const dy = Math.max(r.y0 - p.y, 0, p.y - r.y1);
  if (dx > 0 || dy > 0) return Math.hypot(dx, dy);
  return Math.min(p.x - r.x0, r.x1 - p.x, p.y - r.y0, r.y1 - p.y);
}

/** Whether segment a–b passes through the interior of `r` (shrunk by 1 px: touching is fine). */
function crosses(a, b, r) {
  const s = { x0: r.x0 + 1, y0: r.y0 + 1, x1: r.x1 - 1, y1: r.y1 - 1 };
  // Orthogonal segments (ELK's routing): a horizontal or vertical strip against the rectangle.
  const seg = { x0: Math.min(a.x, b.x), x1: Math.max(a.x, b.x), y0: Math.min(a.y, b.y), y1: Math.max(a.y, b.y) };
  return seg.x0 < s.x1 && s.x0 < seg.x1 && seg.y0 < s.y1 && s.y0 < seg.y1;
}

/**
 * What is wrong with the drawn layout of `model` (its namespaces: `model.nodes[].namespace`), as
 * messages; empty when no two nodes overlap, every node lies inside its namespace's group and in
 * no other, groups do not overlap, every edge starts on its source's border and ends on its
 * target's, no edge runs through a node it does not connect, and port labels overlap neither each
 * other nor nodes.
 */
async function layoutProblems(page, model) {
  const { nodes, groups, edges, labels } = await readShapes(page);
  const problems = [];
  const namespaceOf = new Map(model.nodes.map((n) => [n.id, n.namespace]));
  const nodeBox = new Map(nodes.map((n) => [n.id, n]));
  nodes.forEach((a, i) => {
    for (const b of nodes.slice(i + 1)) if (overlap(a, b)) problems.push(`nodes ${a.id} ${show(a)} and ${b.id} ${show(b)} overlap`);
    for (const g of groups) {
      const own = g.namespace === namespaceOf.get(a.id);
      if (own && !inside(a, g)) problems.push(`node ${a.id} ${show(a)} is not inside its namespace ${g.namespace} ${show(g)}`);
      if (!own && overlap(a, g)) problems.push(`node ${a.id} ${show(a)} overlaps namespace ${g.namespace} ${show(g)}`);
    }
    if (namespaceOf.get(a.id) && !groups.some((g) => g.namespace === namespaceOf.get(a.id))) problems.push(`node ${a.id}: no group for ${namespaceOf.get(a.id)}`);
  });
  groups.forEach((a, i) => {
    for (const b of groups.slice(i + 1)) if (overlap(a, b)) problems.push(`namespaces ${a.namespace} and ${b.namespace} overlap`);
  });
  for (const e of edges) {
    const name = `edge ${e.from} -> ${e.to}`;
    const from = nodeBox.get(e.from);
    const to = nodeBox.get(e.to);
    if (!from || !to || e.points.length < 2) {
      problems.push(`${name}: no drawn end node or no route (d="${e.d}")`);
      continue;
    }
    const start = e.points[0];
    const end = e.points[e.points.length - 1];
    if (toBorder(start, from) > END_TOLERANCE) problems.push(`${name} starts at (${Math.round(start.x)},${Math.round(start.y)}), off its source ${show(from)}`);
    if (toBorder(end, to) > END_TOLERANCE) problems.push(`${name} ends at (${Math.round(end.x)},${Math.round(end.y)}), off its target ${show(to)}`);
    for (const n of nodes) {
      if (n.id === e.from || n.id === e.to) continue;
      for (let k = 1; k < e.points.length; k++) {
        if (crosses(e.points[k - 1], e.points[k], n)) {
          problems.push(`${name} runs through node ${n.id}`);
          break;
        }
      }
    }
  }
  labels.forEach((a, i) => {
    for (const b of labels.slice(i + 1)) if (overlap(a, b)) problems.push(`port labels "${a.text}" ${show(a)} and "${b.text}" ${show(b)} overlap`);
    for (const n of nodes) if (overlap(a, n)) problems.push(`port label "${a.text}" ${show(a)} covers node ${n.id}`);
  });
  return problems;
}

module.exports = { layoutProblems };
