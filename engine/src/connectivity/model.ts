// The connectivity model (SPEC §3 `connectivity`): which workloads of the workspace may open a
// connection to which, under the workspace's Kubernetes and Calico policies, on which ports, and
// which policy rules allow it; with the staged policies enforced too, what would change.
//
// Endpoints: the workloads (pod templates of workload kinds, and Pods) as `NS/NAME`, plus two
// virtual ones: `outside` (addresses outside the cluster) and `kube-dns` (pods labelled
// `k8s-app: kube-dns` in kube-system, SPEC §2 *DNS*, whether the workspace declares them or not).
//
// Semantics: one engine for both flavors, as Calico runs them. Per endpoint and direction, the
// policies that select it and whose types include the direction apply, grouped by tier (tiers by
// their `order`; the default tier unless a Calico policy names another) and, inside a tier, by
// `order` (a Kubernetes NetworkPolicy is order 1000 in the default tier; a Calico policy without
// order comes last), then name. For each tier that has an applying policy, rules run in order and
// the first rule that matches a packet decides: Allow, Deny, or Pass (to the next tier); Log goes
// on; at the end of such a tier, what no rule matched is denied (or passed, when the Tier's
// `defaultAction` is Pass). Tiers without an applying policy are skipped, and what passes every
// tier is allowed by the namespace's profile. With Kubernetes policies alone this is exactly the
// Kubernetes semantics: not selected in a direction = everything allowed; selected = the union of
// the selecting policies' rules. A connection is allowed when the source's egress side and the
// destination's ingress side both allow it; its ports are the intersection of the two.
//
// Rules that match only part of the traffic in ways not modelled (ICMP types, HTTP, source ports,
// a selector on the local endpoint) count as matching for Allow and Pass and as not matching for
// Deny: an edge means "may connect". Named ports resolve against the destination's containers.
// A hostNetwork pod is never isolated (policies do not apply to it) and, as a peer, is seen as an
// address outside the pod network. An ipBlock / `nets` peer reaches `outside`; pod IPs count only
// through `0.0.0.0/0`-style nets. Rules with an action Calico does not know match nothing.
//
// Complexity: selecting pods per policy goes through the index hints (O(policies × selected)).
// Every pair of endpoints is visited once per model (O(W²) for W workloads — the edge list itself
// can be that long), but a pair costs O(1) when neither side is isolated, or when the isolated
// side's rules name no peer that matches the other end (a precomputed baseline answers); only
// pairs that some rule's peer matches run the rules (O(rules of the policies applying)). Fine
// for a few hundred workloads.
import {
  DNS_LABELS,
  DNS_NAMESPACE,
  calicoPodLabels,
  policyAnalysis,
  type PodInfo,
  type PolicyWorkspace,
} from '../policy/index';
import type { WorkspaceIndex } from '../workspace/index';
import { isEmpty, equals } from './portSet';
import { KUBE_DNS_ID, OUTSIDE_ID, type ConnectivityEdge, type ConnectivityModel, type ConnectivityNode } from './types';
import { Enforcement, Shared, cmp, readTiers, withStaged } from './enforcement';

export * from './types';


/** The connectivity model of this index version. */
export function connectivityModel(index: WorkspaceIndex): ConnectivityModel {
  return index.derive('connectivity:model', build);
}
// ---------------------------------------------------------------------------------------------
// Nodes and edges

/** kube-dns as Kubernetes ships it (CoreDNS): UDP and TCP 53. */
function virtualDns(): PodInfo {
  const none = { start: 0, end: 0 };
  return {
    kind: 'Pod',
    namespace: DNS_NAMESPACE,
    name: KUBE_DNS_ID,
    labels: DNS_LABELS,
    calicoLabels: calicoPodLabels(DNS_LABELS, DNS_NAMESPACE, 'coredns'),
    containers: [
      {
        name: 'coredns',
        ports: [
          { name: 'dns', containerPort: 53, protocol: 'UDP', range: none },
          { name: 'dns-tcp', containerPort: 53, protocol: 'TCP', range: none },
        ],
        range: none,
      },
    ],
    hostNetwork: false,
    serviceAccount: 'coredns',
  };
}

function workloadNodes(ws: PolicyWorkspace): ConnectivityNode[] {
  const pods = ws.pods
    .filter((p) => p.obj)
    .slice()
    .sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || cmp(a.kind, b.kind));
  const nodes: ConnectivityNode[] = [];
  const seen = new Set<string>();
  const ids = new Set<string>();
  for (const pod of pods) {
    // The same workload twice (e.g. a base and an overlay copy): the first one stands for both.
    const key = `${pod.namespace}\u0000${pod.kind}\u0000${pod.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let id = `${pod.namespace}/${pod.name}`;
    if (ids.has(id)) id = `${id} (${pod.kind})`;
    ids.add(id);
    nodes.push({
      id,
      type: 'workload',
      kind: pod.kind,
      namespace: pod.namespace,
      name: pod.name,
      labels: pod.labels,
      isolated: { ingress: false, egress: false },
      pod,
      obj: pod.obj,
    });
  }
  return nodes;
}

function build(index: WorkspaceIndex): ConnectivityModel {
  const analysis = policyAnalysis(index);
  const ws = analysis.ws;
  const dns = virtualDns();
  const shared = new Shared(ws, analysis, readTiers(index), dns);
  const now = new Enforcement(shared, ws.policies.filter((p) => !p.staged));
  const hasStaged = ws.policies.some((p) => p.staged);
  const staged = hasStaged ? new Enforcement(shared, withStaged(ws.policies)) : undefined;

  const workloads = workloadNodes(ws);
  const dnsNode: ConnectivityNode = {
    id: KUBE_DNS_ID,
    type: 'kube-dns',
    kind: 'DNS',
    namespace: DNS_NAMESPACE,
    name: KUBE_DNS_ID,
    labels: DNS_LABELS,
    isolated: { ingress: false, egress: false },
    pod: dns,
  };
  const outside: ConnectivityNode = {
    id: OUTSIDE_ID,
    type: 'outside',
    kind: 'External',
    namespace: '',
    name: OUTSIDE_ID,
    labels: new Map(),
    isolated: { ingress: false, egress: false },
  };
  const nodes = [...workloads, dnsNode, outside];
  for (const n of nodes) {
    if (n.type === 'outside') continue;
    // A hostNetwork pod is never isolated: policies do not apply to it.
    n.isolated = { ingress: now.isolated(n.pod, 'ingress'), egress: now.isolated(n.pod, 'egress') };
  }
  const byId = new Map(nodes.map((n) => [n.id, n]));

  // Sources: the workloads and outside; destinations: the workloads, kube-dns and outside.
  const sources = [...workloads, outside];
  const targets = [...workloads, dnsNode, outside];
  const edges: ConnectivityEdge[] = [];
  for (const from of sources) {
    for (const to of targets) {
      if (from === to || (from.type === 'outside' && to.type !== 'workload')) continue;
      const v = now.verdict(from, to);
      const allowedNow = !isEmpty(v.allowed);
      if (!staged) {
        if (allowedNow) edges.push({ from, to, ports: v.allowed, decidedBy: v.decidedBy });
        continue;
      }
      const s = staged.verdict(from, to);
      const allowedStaged = !isEmpty(s.allowed);
      if (allowedNow && allowedStaged) {
        const edge: ConnectivityEdge = { from, to, ports: v.allowed, decidedBy: v.decidedBy };
        if (!equals(v.allowed, s.allowed)) edge.stagedPorts = s.allowed;
        edges.push(edge);
      } else if (allowedNow) {
        edges.push({ from, to, ports: v.allowed, decidedBy: v.decidedBy, staged: 'newly-denied' });
      } else if (allowedStaged) {
        edges.push({ from, to, ports: s.allowed, decidedBy: s.decidedBy, staged: 'newly-allowed' });
      }
    }
  }

  return {
    nodes,
    edges,
    hasStaged,
    node: (id) => byId.get(id),
    evaluate: (from, to, mode = 'now') => (mode === 'staged' && staged ? staged : now).verdict(from, to),
  };
}
