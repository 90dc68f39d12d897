// Text renderings of the connectivity JSON (SPEC §3 `--format table|dot|mermaid`): a table for
// people, Graphviz DOT and Mermaid for documents. Namespaces are groups (DOT clusters, Mermaid
// subgraphs); staged changes are dashed, green for newly-allowed and red for newly-denied.
import type { ConnectivityJson, EdgeJson, NodeJson, PortsJson } from './json';
import { formatPorts } from './portSet';

function isolationText(n: NodeJson): string {
  const parts = [n.isolated.ingress ? 'ingress' : '', n.isolated.egress ? 'egress' : ''].filter(Boolean);
  return parts.length ? parts.join(', ') : '-';
}

function columns(rows: string[][], indent = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => (indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).trimEnd());
}

function stagedText(e: EdgeJson): string {
  if (e.staged) return e.staged;
  return e.stagedPorts ? `ports: ${formatPorts(e.stagedPorts)}` : '';
}

function decidedText(e: EdgeJson, nodes: ReadonlyMap<string, NodeJson>): string {
  if (e.decidedBy.length === 0) {
    const isolated = nodes.get(e.from)?.isolated.egress || nodes.get(e.to)?.isolated.ingress;
    // Calico: an isolated side whose traffic a Pass rule (or a Tier's defaultAction) sent on to the profile.
    return isolated ? '(passed to the profile)' : '(not isolated)';
  }
  return e.decidedBy.map((d) => `${d.policy} (${d.file}:${d.line})`).join(', ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function connectivityTable(model: ConnectivityJson): string {
  const out: string[] = [];
  out.push('Endpoints (isolated for):');
  out.push(...columns([['ID', 'KIND', 'ISOLATED'], ...model.nodes.map((n) => [n.id, n.kind, isolationText(n)])]));
  out.push('');
  const staged = model.edges.some((e) => e.staged || e.stagedPorts);
  if (model.edges.length === 0) out.push('No connections allowed.');
  else {
    out.push('Connections:');
    const header = ['FROM', 'TO', 'PORTS', ...(staged ? ['STAGED'] : []), 'DECIDED BY'];
    const nodes = new Map(model.nodes.map((n) => [n.id, n]));
    const rows = model.edges.map((e) => [e.from, e.to, formatPorts(e.ports), ...(staged ? [stagedText(e)] : []), decidedText(e, nodes)]);
    out.push(...columns([header, ...rows]));
  }
  out.push('');
  const ingress = model.nodes.filter((n) => n.isolated.ingress).length;
  const egress = model.nodes.filter((n) => n.isolated.egress).length;
  const allowedNow = model.edges.filter((e) => e.staged !== 'newly-allowed').length;
  let summary = `${plural(allowedNow, 'connection')} allowed between ${plural(model.nodes.length, 'endpoint')}; ${ingress} isolated for ingress, ${egress} for egress`;
  if (staged) {
    const added = model.edges.filter((e) => e.staged === 'newly-allowed').length;
    const removed = model.edges.filter((e) => e.staged === 'newly-denied').length;
    const changed = model.edges.filter((e) => e.stagedPorts).length;
    summary += `; staged policies would allow ${added} more, deny ${removed}${changed ? `, change the ports of ${changed}` : ''}`;
  }
  out.push(summary);
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Graphviz DOT

function dotId(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function portsLabel(ports: PortsJson): string {
  return ports === 'all' ? 'all' : formatPorts(ports);
}

function nodeLabel(n: NodeJson): string {
  if (n.id === 'outside' || n.id === 'kube-dns') return n.id;
  const iso = isolationText(n);
  return `${n.name}\n${n.kind}${iso === '-' ? '' : `\nisolated: ${iso}`}`;
}

/** Namespaces in order of first appearance among the nodes ('' = no namespace: outside). */
function groups(model: ConnectivityJson): Map<string, NodeJson[]> {
  const out = new Map<string, NodeJson[]>();
  for (const n of model.nodes) {
    const list = out.get(n.namespace);
    if (list) list.push(n);
    else out.set(n.namespace, [n]);
  }
  return out;
}

export function connectivityDot(model: ConnectivityJson): string {
  const out = ['digraph connectivity {', '  rankdir=LR;', '  node [shape=box, style=rounded, fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  let cluster = 0;
  for (const [namespace, nodes] of groups(model)) {
    const indent = namespace ? '    ' : '  ';
    if (namespace) out.push(`  subgraph cluster_${cluster++} {`, `    label=${dotId(namespace)};`, '    style=dashed;');
    for (const n of nodes) {
      const attrs = [`label=${dotId(nodeLabel(n))}`];
      if (n.id === 'outside') attrs.push('shape=ellipse');
      else if (n.id === 'kube-dns') attrs.push('shape=component');
      if (n.isolated.ingress || n.isolated.egress) attrs.push('style="rounded,bold"');
      out.push(`${indent}${dotId(n.id)} [${attrs.join(', ')}];`);
    }
    if (namespace) out.push('  }');
  }
  for (const e of model.edges) {
    const text = e.staged ? `${e.staged}: ${portsLabel(e.ports)}` : e.stagedPorts ? `${portsLabel(e.ports)} (staged: ${portsLabel(e.stagedPorts)})` : portsLabel(e.ports);
    const attrs = [`label=${dotId(text)}`];
    if (e.staged === 'newly-allowed') attrs.push('style=dashed', 'color="#2e7d32"', 'fontcolor="#2e7d32"');
    if (e.staged === 'newly-denied') attrs.push('style=dashed', 'color="#c62828"', 'fontcolor="#c62828"');
    if (e.decidedBy.length === 0 && !e.staged) attrs.push('color="#9e9e9e"');
    out.push(`  ${dotId(e.from)} -> ${dotId(e.to)} [${attrs.join(', ')}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Mermaid

/** Mermaid label text: quotes and markup-significant characters as entity codes. */
function mermaidText(s: string): string {
  return s.replace(/[#"<>&|]/g, (c) => `#${c.charCodeAt(0)};`);
}

export function connectivityMermaid(model: ConnectivityJson): string {
  const ids = new Map(model.nodes.map((n, i) => [n.id, `n${i}`]));
  const out = ['flowchart LR'];
  let sub = 0;
  const isolated: string[] = [];
  for (const [namespace, nodes] of groups(model)) {
    const indent = namespace ? '    ' : '  ';
    if (namespace) out.push(`  subgraph ns${sub++}["${mermaidText(namespace)}"]`);
    for (const n of nodes) {
      const id = ids.get(n.id) as string;
      if (n.id === 'outside') out.push(`${indent}${id}(("outside"))`);
      else if (n.id === 'kube-dns') out.push(`${indent}${id}[/"kube-dns"/]`);
      else {
        const iso = isolationText(n);
        out.push(`${indent}${id}["${mermaidText(n.name)}<br/>${mermaidText(n.kind)}${iso === '-' ? '' : `<br/>isolated: ${iso}`}"]`);
      }
      if (n.isolated.ingress || n.isolated.egress) isolated.push(id);
    }
    if (namespace) out.push('  end');
  }
  const styles: string[] = [];
  model.edges.forEach((e, i) => {
    const from = ids.get(e.from) as string;
    const to = ids.get(e.to) as string;
    const label = mermaidText(e.staged ? `${e.staged}: ${portsLabel(e.ports)}` : e.stagedPorts ? `${portsLabel(e.ports)} (staged: ${portsLabel(e.stagedPorts)})` : portsLabel(e.ports));
    out.push(`  ${from} ${e.staged ? '-.->' : '-->'}|"${label}"| ${to}`);
    if (e.staged === 'newly-allowed') styles.push(`  linkStyle ${i} stroke:#2e7d32,color:#2e7d32`);
    else if (e.staged === 'newly-denied') styles.push(`  linkStyle ${i} stroke:#c62828,color:#c62828`);
  });
  if (isolated.length) {
    out.push('  classDef isolated stroke-width:3px');
    out.push(`  class ${isolated.join(',')} isolated`);
  }
  out.push(...styles);
  return `${out.join('\n')}\n`;
}
