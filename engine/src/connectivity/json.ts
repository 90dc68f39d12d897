// The connectivity model as SPEC §3 writes it (`kube-label-lint connectivity --format json`, the
// `kubeLabelLint/connectivity` request of the language server, the webview's input):
//   { nodes: [{ id, kind, namespace, name, labels, isolated: { ingress, egress } }],
//     edges: [{ from, to, ports: [{ port, protocol }] | "all", decidedBy: [{ policy, file, line }],
//               staged?: "newly-denied" | "newly-allowed" }] }
// With `locations` (the editor), nodes and deciding rules also carry where they are written
// (`location: { uri, range }`, LSP positions) and edges the staged ports, for the view to open them.
import type { Direction } from '../policy/index';
import type { ConnectivityEdge, ConnectivityModel, ConnectivityNode, RuleRef } from './model';
import { toPortList, type PortEntry } from './portSet';

export type PortsJson = 'all' | PortEntry[];

export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface LocationJson {
  uri: string;
  range: LspRange;
}

export interface NodeJson {
  id: string;
  kind: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  isolated: { ingress: boolean; egress: boolean };
  /** Editor only: the workload's manifest (its `metadata.name`). */
  location?: LocationJson;
}

export interface DecidedByJson {
  /** `NS/NAME`; a GlobalNetworkPolicy (no namespace): `NAME`. */
  policy: string;
  file: string;
  /** 1-based line of the rule. */
  line: number;
  /** Editor only. */
  kind?: string;
  direction?: Direction;
  location?: LocationJson;
}

export interface EdgeJson {
  from: string;
  to: string;
  ports: PortsJson;
  decidedBy: DecidedByJson[];
  staged?: 'newly-denied' | 'newly-allowed';
  /** Editor and text formats only (`stagedPorts` option): the ports once the staged policies are enforced, when they differ. */
  stagedPorts?: PortsJson;
}

export interface ConnectivityJson {
  nodes: NodeJson[];
  edges: EdgeJson[];
}

export interface JsonOptions {
  /** The file as output shows it (CLI: relative to the current folder, with `/`). */
  file(uri: string): string;
  /** 0-based line and UTF-16 character of an offset in a file. */
  position(uri: string, offset: number): { line: number; character: number };
  /** Keep the edges that touch this namespace (and the nodes they connect, plus the namespace's own). */
  focus?: string;
  /** Add `location` (editor uris and ranges), `kind` and `direction`. */
  locations?: boolean;
  /** Add `stagedPorts` to edges whose ports the staged policies change (not in SPEC's JSON). */
  stagedPorts?: boolean;
  /** The editor's uri of an engine uri (default: the same). */
  uri?(uri: string): string;
}

function labelsJson(labels: ReadonlyMap<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of [...labels.keys()].sort()) out[key] = labels.get(key) as string;
  return out;
}

function location(uri: string, start: number, end: number, options: JsonOptions): LocationJson {
  return { uri: options.uri ? options.uri(uri) : uri, range: { start: options.position(uri, start), end: options.position(uri, end) } };
}

function policyId(ref: RuleRef): string {
  const p = ref.policy;
  return p.global ? p.obj.name : `${p.namespace ?? p.obj.namespace}/${p.obj.name}`;
}

function decidedByJson(ref: RuleRef, options: JsonOptions): DecidedByJson {
  const uri = ref.policy.obj.uri;
  const out: DecidedByJson = { policy: policyId(ref), file: options.file(uri), line: options.position(uri, ref.rule.range.start).line + 1 };
  if (options.locations) {
    out.kind = ref.policy.obj.kind;
    out.direction = ref.direction;
    out.location = location(uri, ref.rule.range.start, ref.rule.range.end, options);
  }
  return out;
}

function nodeJson(n: ConnectivityNode, options: JsonOptions): NodeJson {
  const out: NodeJson = {
    id: n.id,
    kind: n.kind,
    namespace: n.namespace,
    name: n.name,
    labels: labelsJson(n.labels),
    isolated: { ingress: n.isolated.ingress, egress: n.isolated.egress },
  };
  if (options.locations && n.obj) out.location = location(n.obj.uri, n.obj.nameRange.start, n.obj.nameRange.end, options);
  return out;
}

function edgeJson(e: ConnectivityEdge, options: JsonOptions): EdgeJson {
  const out: EdgeJson = { from: e.from.id, to: e.to.id, ports: toPortList(e.ports), decidedBy: e.decidedBy.map((r) => decidedByJson(r, options)) };
  if (e.staged) out.staged = e.staged;
  if (options.stagedPorts && e.stagedPorts) out.stagedPorts = toPortList(e.stagedPorts);
  return out;
}

/** Whether an edge touches a namespace (`outside` is in none; `kube-dns` is in kube-system). */
export function edgeTouches(e: { from: ConnectivityNode; to: ConnectivityNode }, namespace: string): boolean {
  return e.from.namespace === namespace || e.to.namespace === namespace;
}

export function connectivityJson(model: ConnectivityModel, options: JsonOptions): ConnectivityJson {
  let nodes = model.nodes;
  let edges = model.edges;
  const focus = options.focus;
  if (focus !== undefined) {
    edges = edges.filter((e) => edgeTouches(e, focus));
    const keep = new Set<ConnectivityNode>();
    for (const e of edges) keep.add(e.from).add(e.to);
    nodes = nodes.filter((n) => keep.has(n) || (n.namespace === focus && n.type === 'workload'));
  }
  return { nodes: nodes.map((n) => nodeJson(n, options)), edges: edges.map((e) => edgeJson(e, options)) };
}
