// Which policies select which pods, isolation per direction, default-deny per namespace and DNS
// reachability: derived once per index version, linear in the workspace (each policy's selection
// goes through the index hints; each pod's answers are computed once and cached).
import type { K8sObject } from '../model/object';
import type { ObjectMapping, WorkspaceIndex } from '../workspace/index';
import { followedOf } from './follow';
import { evaluateCalico } from '../selectors/calico';
import { policyOf } from './parse';
import { isAllowRule, ruleAllowsPort } from './ports';
import { namespaceMatches, peerMatchesPod, podsSelectedByPolicy } from './selection';
import { Direction, isolates, Policy } from './types';
import { calicoPodLabels, PodInfo, PolicyWorkspace, policyWorkspace } from './workspace';

export const DNS_NAMESPACE = 'kube-system';
export const DNS_LABELS: ReadonlyMap<string, string> = new Map([['k8s-app', 'kube-dns']]);

/** kube-dns as Kubernetes ships it (CoreDNS manifests): what the target is when the workspace does not declare it. */
const VIRTUAL_DNS: PodInfo = {
  kind: 'Pod',
  namespace: DNS_NAMESPACE,
  name: 'kube-dns',
  labels: DNS_LABELS,
  calicoLabels: calicoPodLabels(DNS_LABELS, DNS_NAMESPACE, 'coredns'),
  containers: [
    {
      name: 'coredns',
      ports: [
        { name: 'dns', containerPort: 53, protocol: 'UDP', range: { start: 0, end: 0 } },
        { name: 'dns-tcp', containerPort: 53, protocol: 'TCP', range: { start: 0, end: 0 } },
      ],
      range: { start: 0, end: 0 },
    },
  ],
  hostNetwork: false,
  serviceAccount: 'coredns',
};

export interface PolicyAnalysis {
  ws: PolicyWorkspace;
  /** The pods each policy selects (staged policies too: what they would select). */
  selected(policy: Policy): readonly PodInfo[];
  /** The non-staged policies that isolate the pod in a direction. */
  isolatedBy(pod: PodInfo, direction: Direction): readonly Policy[];
  /** Whether the namespace has a default-deny policy (every pod, ingress). */
  hasDefaultDeny(namespace: string): boolean;
  /** Whether the pod may reach DNS (UDP and TCP 53 to kube-dns) under the policies selecting it. */
  reachesDns(pod: PodInfo): boolean;
  /** The DNS targets: the declared kube-dns pods of kube-system, and the virtual one. */
  dnsTargets: readonly PodInfo[];
}

const EMPTY: readonly never[] = [];

function build(index: WorkspaceIndex): PolicyAnalysis {
  const ws = policyWorkspace(index);
  const selected = new Map<Policy, PodInfo[]>();
  const byNamespace = new Map<string, Policy[]>();
  const globals: Policy[] = [];
  const isolation = new Map<PodInfo, { ingress: Policy[]; egress: Policy[] }>();
  for (const policy of ws.policies) {
    const pods = podsSelectedByPolicy(ws, policy);
    selected.set(policy, pods);
    if (policy.global) globals.push(policy);
    else if (policy.namespace !== undefined) {
      const list = byNamespace.get(policy.namespace);
      if (list) list.push(policy);
      else byNamespace.set(policy.namespace, [policy]);
    }
    for (const direction of ['ingress', 'egress'] as const) {
      if (!isolates(policy, direction)) continue;
      for (const pod of pods) {
        let entry = isolation.get(pod);
        if (!entry) isolation.set(pod, (entry = { ingress: [], egress: [] }));
        entry[direction].push(policy);
      }
    }
  }
  const dnsTargets = [...ws.podsWith(DNS_NAMESPACE, 'k8s-app', 'kube-dns'), VIRTUAL_DNS];
  const defaultDeny = new Map<string, boolean>();
  const dns = new Map<PodInfo, boolean>();
  const perNamespace = new Map<Policy, Map<string, number>>();
  const selectedIn = (policy: Policy, namespace: string): number => {
    let counts = perNamespace.get(policy);
    if (!counts) {
      counts = new Map();
      for (const pod of selected.get(policy) ?? EMPTY) counts.set(pod.namespace, (counts.get(pod.namespace) ?? 0) + 1);
      perNamespace.set(policy, counts);
    }
    return counts.get(namespace) ?? 0;
  };
  const scope: DefaultDenyScope = { ws, namespaced: (ns) => byNamespace.get(ns) ?? EMPTY, globals, selectedIn };
  const analysis: PolicyAnalysis = {
    ws,
    selected: (policy) => selected.get(policy) ?? podsSelectedByPolicy(ws, policy),
    isolatedBy: (pod, direction) => isolation.get(pod)?.[direction] ?? EMPTY,
    hasDefaultDeny: (namespace) => {
      let answer = defaultDeny.get(namespace);
      if (answer === undefined) defaultDeny.set(namespace, (answer = computeDefaultDeny(scope, namespace)));
      return answer;
    },
    reachesDns: (pod) => {
      let answer = dns.get(pod);
      if (answer === undefined) dns.set(pod, (answer = computeReachesDns(ws, analysis, pod)));
      return answer;
    },
    dnsTargets,
  };
  return analysis;
}

/** A bare pod of the namespace: Calico's automatic labels only (what a GlobalNetworkPolicy must match to cover any pod). */
function barePodLabels(namespace: string): Map<string, string> {
  return calicoPodLabels(new Map(), namespace, 'default');
}

/**
 * Default-deny: a non-staged policy isolating ingress that selects every pod of the namespace —
 * a namespaced policy with `podSelector: {}` / `all()`, or a GlobalNetworkPolicy whose
 * namespaceSelector takes the namespace and whose selector matches all the namespace's pods (and,
 * for a namespace without declared pods, a pod with only the automatic labels).
 */
interface DefaultDenyScope {
  ws: PolicyWorkspace;
  namespaced(namespace: string): readonly Policy[];
  globals: readonly Policy[];
  selectedIn(policy: Policy, namespace: string): number;
}

function computeDefaultDeny(scope: DefaultDenyScope, namespace: string): boolean {
  const { ws } = scope;
  for (const policy of scope.namespaced(namespace)) {
    if (isolates(policy, 'ingress') && policy.selectsAll) return true;
  }
  const podCount = ws.podsIn(namespace).length;
  for (const policy of scope.globals) {
    if (!isolates(policy, 'ingress')) continue;
    if (policy.namespaceSelector && !namespaceMatches(policy.namespaceSelector, ws.namespace(namespace))) continue;
    if (policy.selectsAll) return true;
    if (podCount > 0 ? scope.selectedIn(policy, namespace) === podCount : bareMatches(policy, namespace)) return true;
  }
  return false;
}

function bareMatches(policy: Policy, namespace: string): boolean {
  const sel = policy.selector;
  if (!sel || sel.kind !== 'calico' || !sel.result.ok || policy.serviceAccountSelector) return false;
  return evaluateCalico(sel.result.ast, barePodLabels(namespace));
}

/**
 * UDP 53 and TCP 53 to the DNS target, each allowed by some egress rule of a policy isolating the
 * pod's egress (rules of several policies add up, as Calico's one-protocol rules need).
 */
function computeReachesDns(ws: PolicyWorkspace, analysis: PolicyAnalysis, pod: PodInfo): boolean {
  let udp = false;
  let tcp = false;
  for (const policy of analysis.isolatedBy(pod, 'egress')) {
    for (const rule of policy.egress) {
      if (!isAllowRule(rule)) continue;
      for (const target of analysis.dnsTargets) {
        if (rule.peers && !rule.peers.some((peer) => peerMatchesPod(ws, policy, peer, target))) continue;
        udp ||= ruleAllowsPort(rule, 'UDP', 53, target.containers);
        tcp ||= ruleAllowsPort(rule, 'TCP', 53, target.containers);
        if (udp && tcp) return true;
      }
    }
  }
  return false;
}

/**
 * The analysis of an earlier version over the followed workspace (`follow.ts`): the answers as
 * they were, their pods and policies the current ones. Only over the workspace it was built on.
 */
function follow(built: PolicyAnalysis, _mapping: ObjectMapping, index: WorkspaceIndex): PolicyAnalysis | undefined {
  const ws = policyWorkspace(index);
  const f = followedOf(ws);
  if (!f || f.built !== built.ws) return undefined;
  const selected = new Map<Policy, readonly PodInfo[]>();
  const isolated = { ingress: new Map<PodInfo, readonly Policy[]>(), egress: new Map<PodInfo, readonly Policy[]>() };
  return {
    ws,
    selected: (policy) => {
      let pods = selected.get(policy);
      if (!pods) {
        const b = f.builtPolicy(policy);
        selected.set(policy, (pods = b ? built.selected(b).map(f.pod) : podsSelectedByPolicy(ws, policy)));
      }
      return pods;
    },
    isolatedBy: (pod, direction) => {
      let policies = isolated[direction].get(pod);
      if (!policies) isolated[direction].set(pod, (policies = built.isolatedBy(f.builtPod(pod), direction).map(f.policy)));
      return policies;
    },
    hasDefaultDeny: (namespace) => built.hasDefaultDeny(namespace),
    reachesDns: (pod) => built.reachesDns(f.builtPod(pod)),
    dnsTargets: built.dnsTargets.map(f.pod),
  };
}

/** The policy analysis of this index version (followed over updates the index readers do not see). */
export function policyAnalysis(index: WorkspaceIndex): PolicyAnalysis {
  return index.derive('policy:analysis', build, follow);
}

/** The object's Policy and the analysis, for rules that start from a policy object. */
export function analysedPolicy(obj: K8sObject, index: WorkspaceIndex): { policy: Policy; analysis: PolicyAnalysis } | undefined {
  const policy = policyOf(obj);
  return policy ? { policy, analysis: policyAnalysis(index) } : undefined;
}
