// Policy generation (SPEC §5): for a workload, one allow policy built from the inferred edges; for a
// namespace, a default-deny policy and a DNS allow policy. Flavor-neutral specs are built here and
// rendered by render.ts (Kubernetes NetworkPolicy, Calico NetworkPolicy, Calico StagedNetworkPolicy).
import type { K8sObject } from '../model/object';
import { labelMap } from '../model/object';
import type { Taxonomy } from '../taxonomy/types';
import { isKnownLabelKey, isValueAllowed, nearestStrings, requiredLabelsFor } from '../taxonomy/queries';
import type { WorkspaceIndex } from '../workspace/index';
import { mapPath, mapPairs, isMap, keyString, scalarText, deref } from '../parse/yamlAccess';
import { Edge, EdgeGraph, inferEdges, OUTSIDE, workloadKey, WorkloadRef } from './edges';
import { PolicyFlavor, PolicySpec, PortSpec, RenderedPolicy, renderPolicies, RuleSpec } from './render';

export interface WorkloadId {
  namespace: string;
  name: string;
  /** Needed only when two workloads of different kinds share a name. */
  kind?: string;
}

export interface GenerateResult {
  /** The policies as YAML (documents separated by `---`), with a comment on every rule. */
  text: string;
  policies: RenderedPolicy[];
  /** What the generator could not do or is unsure about, for people (sorted). */
  warnings: string[];
}

export interface GenerateOptions {
  /** Cap on evidence comment lines per rule (default 10). */
  maxEvidencePerRule?: number;
}

/** The workload asked for does not exist; `suggestions` are close `NAMESPACE/NAME`s. */
export class UnknownWorkloadError extends Error {
  constructor(
    readonly id: WorkloadId,
    readonly suggestions: string[],
  ) {
    super(
      `no workload ${id.kind ? `${id.kind} ` : ''}${id.namespace}/${id.name} in the workspace` +
        (suggestions.length ? ` (did you mean ${suggestions.join(', ')}?)` : ''),
    );
  }
}

export const DNS_PEER = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } } as const;
const DNS_PORTS: PortSpec[] = [
  { port: 53, protocol: 'UDP' },
  { port: 53, protocol: 'TCP' },
];
const DNS_COMMENT = 'DNS: kube-dns in kube-system, UDP and TCP 53';
const KIND_ORDER = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod'];

// ---------------------------------------------------------------------------------------------
// Finding workloads

/** Every workload (object with a pod template) of the index, sorted by namespace, name, kind. */
export function listWorkloads(index: WorkspaceIndex): K8sObject[] {
  return [...inferEdges(index).workloads.values()].sort(compareWorkloads);
}

/** The workload `id` names, or undefined. With no `kind`, the first by kind order. */
export function findWorkload(index: WorkspaceIndex, id: WorkloadId): K8sObject | undefined {
  const graph = inferEdges(index);
  if (id.kind) return graph.workloads.get(workloadKey({ kind: id.kind, namespace: id.namespace, name: id.name }));
  for (const kind of KIND_ORDER) {
    const w = graph.workloads.get(workloadKey({ kind, namespace: id.namespace, name: id.name }));
    if (w) return w;
  }
  return undefined;
}

/** The workload whose YAML document holds `offset` in `uri` (the editor's "workload under the cursor"). */
export function findWorkloadAt(index: WorkspaceIndex, uri: string, offset: number): K8sObject | undefined {
  return index.objectsOf(uri).find((o) => o.podTemplate && inferEdges(index).workloads.get(workloadKey(o)) === o && offset >= o.range.start && offset <= o.range.end);
}

/** Close `NAMESPACE/NAME`s for a name that matched nothing: the same name elsewhere first, then near misses. */
export function suggestWorkloads(index: WorkspaceIndex, id: WorkloadId): string[] {
  const all = listWorkloads(index).map((w) => `${w.namespace}/${w.name}`);
  const target = `${id.namespace}/${id.name}`;
  const sameName = all.filter((n) => n.endsWith(`/${id.name}`) && n !== target);
  const nearName = nearestStrings(id.name, new Set(all.map((n) => n.slice(n.indexOf('/') + 1))))
    .flatMap((name) => all.filter((n) => n.endsWith(`/${name}`)))
    .sort((a, b) => Number(!a.startsWith(`${id.namespace}/`)) - Number(!b.startsWith(`${id.namespace}/`)));
  return [...new Set([...sameName, ...nearName])].slice(0, 5);
}

// ---------------------------------------------------------------------------------------------
// Selecting pods

/**
 * The labels that select a workload's pods: the taxonomy's `policy.identityLabels` present on its
 * pod template; otherwise its `spec.selector.matchLabels`; otherwise (a Pod, a Job without selector)
 * all its pod labels.
 */
export function identityLabels(w: K8sObject, taxonomy: Taxonomy): Record<string, string> | undefined {
  const labels = labelMap(w.podTemplate?.labels ?? w.labels);
  const out: Record<string, string> = {};
  for (const key of taxonomy.policy.identityLabels) {
    const v = labels.get(key);
    if (v !== undefined) out[key] = v;
  }
  if (Object.keys(out).length) return out;
  const matchLabels = mapPath(w.node, ['spec', 'selector', 'matchLabels'], w.doc);
  if (isMap(matchLabels)) {
    for (const { pair } of mapPairs(matchLabels, w.doc)) {
      const k = keyString(pair.key);
      const v = scalarText(deref(pair.value, w.doc));
      if (k !== undefined && v !== undefined) out[k] = v;
    }
    if (Object.keys(out).length) return out;
  }
  for (const [k, v] of labels) out[k] = v;
  return Object.keys(out).length ? out : undefined;
}

function selects(selector: Readonly<Record<string, string>>, w: K8sObject): boolean {
  const labels = labelMap(w.podTemplate?.labels ?? w.labels);
  return Object.entries(selector).every(([k, v]) => labels.get(k) === v);
}

// ---------------------------------------------------------------------------------------------
// Metadata labels

/**
 * Labels for a generated policy: each label the taxonomy requires on the policy's kind, with a value
 * copied from `sources` (first that has an allowed value). What cannot be filled is a warning.
 */
function policyLabels(taxonomy: Taxonomy, kind: string, namespace: string, sources: ReadonlyMap<string, string>[], what: string, warnings: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of requiredLabelsFor(taxonomy, kind, namespace)) {
    let value: string | undefined;
    for (const source of sources) {
      const v = source.get(spec.key);
      if (v !== undefined && isValueAllowed(spec, v) && isLabelValue(v)) {
        value = v;
        break;
      }
    }
    if (value === undefined) warnings.push(`${what}: the taxonomy requires label '${spec.key}' on ${kind}, and no allowed value could be copied: add it`);
    else out[spec.key] = value;
  }
  return out;
}

function isLabelValue(v: string): boolean {
  return v.length <= 63 && /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/.test(v);
}

function policyKind(flavor: PolicyFlavor): string {
  return flavor === 'calico-staged' ? 'StagedNetworkPolicy' : 'NetworkPolicy';
}

// ---------------------------------------------------------------------------------------------
// One workload

/** The allow policy for one workload, from the edges the manifests imply. */
export function generateForWorkload(
  index: WorkspaceIndex,
  taxonomy: Taxonomy,
  id: WorkloadId,
  flavor: PolicyFlavor = 'kubernetes',
  options: GenerateOptions = {},
): GenerateResult {
  const graph = inferEdges(index);
  const w = findWorkload(index, id);
  if (!w) throw new UnknownWorkloadError(id, suggestWorkloads(index, id));
  const warnings: string[] = [];
  if (!id.kind) {
    const twins = KIND_ORDER.filter((kind) => kind !== w.kind && graph.workloads.has(workloadKey({ kind, namespace: w.namespace, name: w.name })));
    if (twins.length) warnings.push(`${w.kind} ${w.namespace}/${w.name}: ${twins.join(', ')} ${w.name} share${twins.length === 1 ? 's' : ''} the name; generated for the ${w.kind} (name the kind to choose)`);
  }
  const spec = workloadPolicySpec(graph, taxonomy, w, flavor, warnings, options.maxEvidencePerRule ?? 10);
  if (!spec) return { text: '', policies: [], warnings: sortUnique(warnings) };
  const { text, policies } = renderPolicies([spec], flavor);
  return { text, policies, warnings: sortUnique(warnings) };
}

function workloadPolicySpec(graph: EdgeGraph, taxonomy: Taxonomy, w: K8sObject, flavor: PolicyFlavor, warnings: string[], maxEvidence: number): PolicySpec | undefined {
  const self = `${w.kind} ${w.namespace}/${w.name}`;
  const select = identityLabels(w, taxonomy);
  if (!select) {
    warnings.push(`${self}: its pods have no label to select them by; no policy generated`);
    return undefined;
  }
  if (taxonomy.unknownLabels !== 'allow') {
    const unknown = Object.keys(select).filter((k) => !isKnownLabelKey(taxonomy, k));
    if (unknown.length) warnings.push(`${self}: selected by ${unknown.map((k) => `'${k}'`).join(', ')}, not in the taxonomy (policy-unknown-label): list it, or give the workload its identity labels (${taxonomy.policy.identityLabels.join(', ')})`);
  }
  const others = [...graph.workloads.values()].filter((o) => o !== w && o.namespace === w.namespace && selects(select, o));
  if (others.length) {
    warnings.push(`${self}: the policy's selector (${formatLabels(select)}) also selects ${others.sort(compareWorkloads).map((o) => `${o.kind} ${o.name}`).join(', ')}`);
  }
  const key = workloadKey(w);
  const peerOf = (ref: WorkloadRef): RuleSpec['peer'] | undefined => {
    const peer = graph.workloads.get(workloadKey(ref));
    const labels = peer ? identityLabels(peer, taxonomy) : undefined;
    if (!labels) {
      warnings.push(`${self}: ${ref.kind} ${ref.namespace}/${ref.name} has no label to select its pods by; its rule is left out`);
      return undefined;
    }
    return ref.namespace === w.namespace ? { labels } : { labels, namespace: ref.namespace };
  };
  const name = (ref: WorkloadRef) => (ref.namespace === w.namespace ? ref.name : `${ref.namespace}/${ref.name}`);

  // Ingress: one rule per client (outside last), on the destination ports.
  const ingress: RuleSpec[] = [];
  for (const [, edges] of groupBy(graph.into.get(key) ?? [], (e) => (e.from === OUTSIDE ? '\uffff' : workloadKey(e.from)))) {
    const from = edges[0].from;
    const comments = evidenceComments(edges, from === OUTSIDE ? OUTSIDE : name(from), maxEvidence);
    if (from === OUTSIDE) {
      ingress.push({ comments, ports: ports(edges) });
      continue;
    }
    const peer = peerOf(from);
    if (peer) ingress.push({ comments, peer, ports: ports(edges) });
  }
  // Egress: one rule per server, then DNS.
  const egress: RuleSpec[] = [];
  for (const [, edges] of groupBy(graph.outOf.get(key) ?? [], (e) => workloadKey(e.to))) {
    const peer = peerOf(edges[0].to);
    if (peer) egress.push({ comments: evidenceComments(edges, w.name, maxEvidence), peer, ports: ports(edges) });
  }
  if (taxonomy.policy.requireDnsEgress) egress.push({ comments: [DNS_COMMENT], peer: { ...DNS_PEER }, ports: DNS_PORTS });

  for (const u of graph.unresolved.get(key) ?? []) warnings.push(`${self}: ${u.evidence.description}: ${u.reason}; no rule generated`);

  const kind = policyKind(flavor);
  const sources = [labelMap(w.labels), labelMap(w.podTemplate?.labels ?? w.labels)];
  return {
    name: `${w.name}-allow`,
    namespace: w.namespace,
    labels: policyLabels(taxonomy, kind, w.namespace, sources, `${kind} ${w.namespace}/${w.name}-allow`, warnings),
    select,
    types: ['Ingress', 'Egress'],
    ingress,
    egress,
    comment: [
      `Allow policy for ${self}, generated by kube-label-lint from the connections its manifests name.`,
      'Traffic that no manifest mentions is denied once this applies: review before enforcing.',
    ],
    emptyIngressComment: ingress.length ? undefined : `no client of ${w.name} found in the manifests: all ingress denied`,
    emptyEgressComment: egress.length ? undefined : `no server that ${w.name} calls found in the manifests: all egress denied`,
  };
}

function ports(edges: readonly Edge[]): PortSpec[] {
  const seen = new Set<string>();
  const out: PortSpec[] = [];
  for (const e of edges) {
    const k = `${e.protocol}/${e.port}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push({ port: e.port, protocol: e.protocol });
    }
  }
  return out;
}

function evidenceComments(edges: readonly Edge[], who: string, max: number): string[] {
  const lines: string[] = [];
  for (const e of edges) for (const ev of e.evidence) {
    const line = `${who}: ${ev.description}`.replace(/[\r\n]+/g, ' ');
    if (!lines.includes(line)) lines.push(line);
  }
  lines.sort();
  if (lines.length > max) return [...lines.slice(0, max), `… and ${lines.length - max} more`];
  return lines;
}

// ---------------------------------------------------------------------------------------------
// One namespace

/** The namespace's default-deny policy (every pod, both directions) and its DNS allow policy. */
export function generateForNamespace(index: WorkspaceIndex, taxonomy: Taxonomy, namespace: string, flavor: PolicyFlavor = 'kubernetes'): GenerateResult {
  const warnings: string[] = [];
  const kind = policyKind(flavor);
  const sources: ReadonlyMap<string, string>[] = [];
  const nsObject = index.byKind('Namespace').find((n) => n.name === namespace);
  if (nsObject) sources.push(labelMap(nsObject.labels));
  sources.push(commonLabels(index, namespace));
  const workloads = listWorkloads(index).filter((w) => w.namespace === namespace);
  if (!nsObject && workloads.length === 0) warnings.push(`namespace ${namespace} has no Namespace object and no workload in the workspace`);
  const labels = (name: string) => policyLabels(taxonomy, kind, namespace, sources, `${kind} ${namespace}/${name}`, warnings);
  const specs: PolicySpec[] = [
    {
      name: 'default-deny',
      namespace,
      labels: labels('default-deny'),
      select: 'all',
      types: ['Ingress', 'Egress'],
      ingress: [],
      egress: [],
      comment: [
        `Default deny for namespace ${namespace}, generated by kube-label-lint: every pod is isolated both ways;`,
        'allow policies (and allow-dns) open what each workload needs.',
      ],
    },
    {
      name: 'allow-dns',
      namespace,
      labels: labels('allow-dns'),
      select: 'all',
      types: ['Egress'],
      ingress: [],
      egress: [{ comments: [DNS_COMMENT], peer: { ...DNS_PEER }, ports: DNS_PORTS }],
      comment: [`Every pod of namespace ${namespace} may resolve names (kube-dns), generated by kube-label-lint.`],
    },
  ];
  const { text, policies } = renderPolicies(specs, flavor);
  return { text, policies, warnings: sortUnique(warnings) };
}

/** Labels with the same value on every workload of the namespace (metadata labels). */
function commonLabels(index: WorkspaceIndex, namespace: string): Map<string, string> {
  const workloads = listWorkloads(index).filter((w) => w.namespace === namespace);
  if (workloads.length === 0) return new Map();
  const common = labelMap(workloads[0].labels);
  for (const w of workloads.slice(1)) {
    const labels = labelMap(w.labels);
    for (const [k, v] of common) if (labels.get(k) !== v) common.delete(k);
  }
  return common;
}

// ---------------------------------------------------------------------------------------------

function compareWorkloads(a: K8sObject, b: K8sObject): number {
  return cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || cmp(a.kind, b.kind);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): [string, T[]][] {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return [...map].sort((a, b) => cmp(a[0], b[0]));
}

function formatLabels(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}

function sortUnique(list: string[]): string[] {
  return [...new Set(list)].sort();
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
