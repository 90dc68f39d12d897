// Renders flavor-neutral policy specs as manifests (plain data) and as YAML text with a comment on
// every rule. Text goes through the `yaml` package's Document API, so quoting is always correct;
// keys are emitted in a fixed order and nothing depends on time or iteration order of the input,
// so the same specs give the same bytes.
import { Document, isScalar, Pair, Scalar, visit, YAMLMap, YAMLSeq } from 'yaml';

export type PolicyFlavor = 'kubernetes' | 'calico' | 'calico-staged';
export const POLICY_FLAVORS: readonly PolicyFlavor[] = ['kubernetes', 'calico', 'calico-staged'];

export interface PortSpec {
  port: number;
  protocol: string;
}

/** Pods with these labels; `namespace` set: in that namespace (a namespace selector is added). */
export interface PeerSpec {
  labels: Readonly<Record<string, string>>;
  namespace?: string;
}

export interface RuleSpec {
  /** One line each, without `#`. */
  comments: string[];
  /** Absent: any peer (traffic from outside the cluster). */
  peer?: PeerSpec;
  ports: PortSpec[];
}

export interface PolicySpec {
  name: string;
  namespace: string;
  labels: Readonly<Record<string, string>>;
  /** Pod labels the policy selects, or every pod of the namespace. */
  select: Readonly<Record<string, string>> | 'all';
  types: ('Ingress' | 'Egress')[];
  ingress: RuleSpec[];
  egress: RuleSpec[];
  /** Comment above the document. */
  comment: string[];
  /** Comments above an empty `ingress: []` / `egress: []` (the list is omitted when absent). */
  emptyIngressComment?: string;
  emptyEgressComment?: string;
}

export interface RenderedPolicy {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  /** The manifest as plain data (what the YAML text parses to). */
  manifest: Record<string, unknown>;
}

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export function renderPolicies(specs: readonly PolicySpec[], flavor: PolicyFlavor): { text: string; policies: RenderedPolicy[] } {
  const policies: RenderedPolicy[] = [];
  const texts: string[] = [];
  for (const spec of specs) {
    const { manifest, doc } = flavor === 'kubernetes' ? renderKubernetes(spec) : renderCalico(spec, flavor === 'calico-staged');
    policies.push({
      apiVersion: manifest.apiVersion as string,
      kind: manifest.kind as string,
      name: spec.name,
      namespace: spec.namespace,
      manifest,
    });
    texts.push(doc.toString({ lineWidth: 0, indent: 2, indentSeq: true, flowCollectionPadding: false }));
  }
  return { text: texts.join('---\n'), policies };
}

// ---------------------------------------------------------------------------------------------
// Building blocks: manifests are built as plain data; comments are attached to the nodes after.

function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key];
  return out;
}

function metadata(spec: PolicySpec): Record<string, unknown> {
  const meta: Record<string, unknown> = { name: spec.name, namespace: spec.namespace };
  if (Object.keys(spec.labels).length) meta.labels = sortedRecord(spec.labels);
  return meta;
}

const PROTOCOL_ORDER = ['UDP', 'TCP', 'SCTP'];

/** By port, then UDP before TCP before SCTP (DNS reads `53/UDP, 53/TCP` as usual). */
function sortPorts(ports: readonly PortSpec[]): PortSpec[] {
  const rank = (p: string) => (PROTOCOL_ORDER.includes(p) ? PROTOCOL_ORDER.indexOf(p) : PROTOCOL_ORDER.length);
  return [...ports].sort((a, b) => a.port - b.port || rank(a.protocol) - rank(b.protocol) || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0));
}

/** Builds the document and attaches the rule comments (rules in `lists`, in order, parallel to `comments`). */
function toDocument(manifest: Record<string, unknown>, spec: PolicySpec, lists: { key: 'ingress' | 'egress'; comments: string[][]; emptyComment?: string }[]): Document {
  const doc = new Document(manifest);
  // Lists of scalars read best on one line: `policyTypes: [Ingress, Egress]`, `ports: [8080]`.
  visit(doc, {
    Seq(_, node) {
      if (node.items.length && node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  doc.commentBefore = spec.comment.map((c) => ` ${c}`).join('\n');
  const specNode = doc.get('spec') as YAMLMap;
  for (const list of lists) {
    const seq = specNode.get(list.key) as YAMLSeq | undefined;
    if (!seq) continue;
    if (seq.items.length === 0) {
      const pair = specNode.items.find((p) => (p.key as Scalar).value === list.key) as Pair<Scalar, YAMLSeq>;
      if (list.emptyComment) {
        const key = pair.key instanceof Scalar ? pair.key : new Scalar(list.key);
        key.commentBefore = ` ${list.emptyComment}`;
        pair.key = key;
      }
      continue;
    }
    seq.items.forEach((item, i) => {
      const lines = list.comments[i] ?? [];
      if (lines.length) (item as YAMLMap).commentBefore = lines.map((c) => ` ${c}`).join('\n');
    });
  }
  return doc;
}

// ---------------------------------------------------------------------------------------------
// networking.k8s.io/v1 NetworkPolicy

function k8sPeer(peer: PeerSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (peer.namespace !== undefined) out.namespaceSelector = { matchLabels: { [NAMESPACE_NAME_LABEL]: peer.namespace } };
  out.podSelector = { matchLabels: sortedRecord(peer.labels) };
  return out;
}

function k8sRule(rule: RuleSpec, direction: 'from' | 'to'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (rule.peer) out[direction] = [k8sPeer(rule.peer)];
  out.ports = sortPorts(rule.ports).map((p) => ({ protocol: p.protocol, port: p.port }));
  return out;
}

function renderKubernetes(spec: PolicySpec): { manifest: Record<string, unknown>; doc: Document } {
  const body: Record<string, unknown> = {
    podSelector: spec.select === 'all' ? {} : { matchLabels: sortedRecord(spec.select) },
    policyTypes: [...spec.types],
  };
  const lists: { key: 'ingress' | 'egress'; comments: string[][]; emptyComment?: string }[] = [];
  if (spec.types.includes('Ingress') && (spec.ingress.length || spec.emptyIngressComment)) {
    body.ingress = spec.ingress.map((r) => k8sRule(r, 'from'));
    lists.push({ key: 'ingress', comments: spec.ingress.map((r) => r.comments), emptyComment: spec.emptyIngressComment });
  }
  if (spec.types.includes('Egress') && (spec.egress.length || spec.emptyEgressComment)) {
    body.egress = spec.egress.map((r) => k8sRule(r, 'to'));
    lists.push({ key: 'egress', comments: spec.egress.map((r) => r.comments), emptyComment: spec.emptyEgressComment });
  }
  const manifest = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: metadata(spec), spec: body };
  return { manifest: clone(manifest), doc: toDocument(manifest, spec, lists) };
}

// ---------------------------------------------------------------------------------------------
// projectcalico.org/v3 NetworkPolicy / StagedNetworkPolicy

/** `key == 'value'` joined with `&&`, keys sorted; `all()` for no label. */
export function calicoSelector(labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return 'all()';
  return keys.map((k) => `${k} == ${calicoString(labels[k])}`).join(' && ');
}

/** A Calico string literal: `'…'`, or `"…"` when the value holds `'` (Calico strings have no escapes). */
export function calicoString(value: string): string {
  return value.includes("'") ? `"${value}"` : `'${value}'`;
}

function calicoEndpoint(peer: PeerSpec | undefined, ports: number[] | undefined): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  if (peer) {
    if (peer.namespace !== undefined) out.namespaceSelector = calicoSelector({ [NAMESPACE_NAME_LABEL]: peer.namespace });
    out.selector = calicoSelector(peer.labels);
  }
  if (ports) out.ports = ports;
  return Object.keys(out).length ? out : undefined;
}

/** One Calico rule per protocol (a Calico rule has a single `protocol`). */
function calicoRules(rule: RuleSpec, direction: 'ingress' | 'egress'): { rule: Record<string, unknown>; comments: string[] }[] {
  const byProtocol = new Map<string, number[]>();
  for (const p of sortPorts(rule.ports)) {
    const list = byProtocol.get(p.protocol) ?? [];
    if (!list.includes(p.port)) list.push(p.port);
    byProtocol.set(p.protocol, list);
  }
  // In the order of their lowest port (then UDP, TCP, SCTP): DNS reads UDP 53, then TCP 53.
  const protocols = [...byProtocol.keys()];
  return protocols.map((protocol) => {
    const ports = byProtocol.get(protocol)!;
    const out: Record<string, unknown> = { action: 'Allow', protocol };
    if (direction === 'ingress') {
      const source = calicoEndpoint(rule.peer, undefined);
      if (source) out.source = source;
      out.destination = calicoEndpoint(undefined, ports);
    } else {
      out.destination = calicoEndpoint(rule.peer, ports);
    }
    return { rule: out, comments: rule.comments };
  });
}

function renderCalico(spec: PolicySpec, staged: boolean): { manifest: Record<string, unknown>; doc: Document } {
  const body: Record<string, unknown> = {};
  if (staged) body.stagedAction = 'Set';
  body.selector = spec.select === 'all' ? 'all()' : calicoSelector(spec.select);
  body.types = [...spec.types];
  const lists: { key: 'ingress' | 'egress'; comments: string[][]; emptyComment?: string }[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const type = direction === 'ingress' ? 'Ingress' : 'Egress';
    const rules = direction === 'ingress' ? spec.ingress : spec.egress;
    const emptyComment = direction === 'ingress' ? spec.emptyIngressComment : spec.emptyEgressComment;
    if (!spec.types.includes(type) || (!rules.length && !emptyComment)) continue;
    const rendered = rules.flatMap((r) => calicoRules(r, direction));
    body[direction] = rendered.map((r) => r.rule);
    lists.push({ key: direction, comments: rendered.map((r) => r.comments), emptyComment });
  }
  const manifest = {
    apiVersion: 'projectcalico.org/v3',
    kind: staged ? 'StagedNetworkPolicy' : 'NetworkPolicy',
    metadata: metadata(spec),
    spec: body,
  };
  return { manifest: clone(manifest), doc: toDocument(manifest, spec, lists) };
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
