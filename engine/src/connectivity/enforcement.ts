// How one set of enforced policies decides a connection (see model.ts for the semantics): tiers,
// order and the staged variant of a policy set; which traffic a rule's ports match; and the
// per-side evaluation (isolated? which rules allow which ports?) with its precomputed baselines.
import type { Container } from '../model/object';
import { mapPath, scalarText, numberValue } from '../parse/yamlAccess';
import {
  isCalicoApiVersion,
  namespaceMatches,
  peerCoversEverything,
  peerMatchesPod,
  podsOfPeer,
  selectorMatches,
  type Direction,
  type PodInfo,
  type Policy,
  type PolicyAnalysis,
  type PolicyPeer,
  type PolicyPort,
  type PolicyRule,
  type PolicyWorkspace,
} from '../policy/index';
import type { WorkspaceIndex } from '../workspace/index';
import {
  ALL,
  NONE,
  PORT_PROTOCOLS,
  canonicalProtocol,
  intersect,
  isEmpty,
  protocolPorts,
  subtract,
  union,
  type PortSet,
} from './portSet';
import { type ConnectivityNode, type RuleRef, type Verdict } from './types';

// ---------------------------------------------------------------------------------------------
// Tiers, order, staged policies

interface Tier {
  name: string;
  order: number;
  defaultAction: 'Deny' | 'Pass';
}

interface TierGroup {
  tier: Tier;
  policies: Policy[];
}

/** Order of the default tier when the workspace does not declare it (Calico ≥ 3.29). */
const DEFAULT_TIER_ORDER = 1_000_000;
const KUBERNETES_POLICY_ORDER = 1000;

function tierOf(policy: Policy): string {
  if (policy.flavor === 'kubernetes') return 'default';
  return scalarText(mapPath(policy.obj.node, ['spec', 'tier'], policy.obj.doc))?.trim() || 'default';
}

export function readTiers(index: WorkspaceIndex): Map<string, Tier> {
  const tiers = new Map<string, Tier>();
  for (const obj of index.byKind('Tier')) {
    if (!isCalicoApiVersion(obj.apiVersion) || !obj.name || tiers.has(obj.name)) continue;
    const order = numberValue(mapPath(obj.node, ['spec', 'order'], obj.doc));
    const action = scalarText(mapPath(obj.node, ['spec', 'defaultAction'], obj.doc));
    tiers.set(obj.name, {
      name: obj.name,
      order: order ?? (obj.name === 'default' ? DEFAULT_TIER_ORDER : Infinity),
      defaultAction: action === 'Pass' ? 'Pass' : 'Deny',
    });
  }
  if (!tiers.has('default')) tiers.set('default', { name: 'default', order: DEFAULT_TIER_ORDER, defaultAction: 'Deny' });
  return tiers;
}

function policyOrder(policy: Policy): number {
  if (policy.flavor === 'kubernetes') return KUBERNETES_POLICY_ORDER;
  return policy.order ?? Infinity;
}

function policyName(policy: Policy): string {
  return policy.global ? policy.obj.name : `${policy.namespace ?? policy.obj.namespace}/${policy.obj.name}`;
}

/** Which enforced policy a staged one stands for: same family, namespace and name. */
function familyKey(policy: Policy): string {
  const family = policy.flavor === 'kubernetes' ? 'k8s' : policy.global ? 'calico-global' : 'calico';
  return `${family}\u0000${policy.global ? '' : (policy.namespace ?? '')}\u0000${policy.obj.name}`;
}

function stagedAction(policy: Policy): string {
  return scalarText(mapPath(policy.obj.node, ['spec', 'stagedAction'], policy.obj.doc))?.trim() || 'Set';
}

/**
 * The enforced policies with the staged ones applied: `stagedAction: Set` (the default) replaces
 * the enforced policy of the same kind family, namespace and name, or adds itself; `Delete`
 * removes it; anything else (`Learn`, `Ignore`) changes nothing.
 */
export function withStaged(policies: readonly Policy[]): Policy[] {
  const removed = new Set<string>();
  const added: Policy[] = [];
  for (const p of policies) {
    if (!p.staged) continue;
    const action = stagedAction(p);
    if (action === 'Delete') removed.add(familyKey(p));
    else if (action === 'Set') {
      removed.add(familyKey(p));
      added.push(p);
    }
  }
  return [...policies.filter((p) => !p.staged && !removed.has(familyKey(p))), ...added];
}

// ---------------------------------------------------------------------------------------------
// Rule matching

const ALL_NETS = new Set(['0.0.0.0/0', '::/0']);
const isAllNet = (n: string) => ALL_NETS.has(n.trim());
const KNOWN_ACTIONS = new Set(['Allow', 'Deny', 'Pass', 'Log']);

/** What a rule's ports select at a destination with these containers (named ports resolve against them). */
function portTraffic(p: PolicyPort, containers: readonly Container[]): PortSet {
  if (p.name !== undefined) {
    let out = NONE;
    for (const c of containers) {
      for (const cp of c.ports) {
        if (cp.name !== p.name || cp.containerPort === undefined) continue;
        if (p.protocol !== undefined && canonicalProtocol(cp.protocol) !== canonicalProtocol(p.protocol)) continue;
        out = union(out, protocolPorts(cp.protocol, cp.containerPort, cp.containerPort));
      }
    }
    return out;
  }
  const protocols = p.protocol !== undefined ? [p.protocol] : p.port === undefined ? undefined : PORT_PROTOCOLS;
  if (!protocols) return ALL;
  let out = NONE;
  for (const protocol of protocols) {
    out = union(out, p.port === undefined ? protocolPorts(protocol) : protocolPorts(protocol, p.port, p.endPort ?? p.port));
  }
  return out;
}

function usesNamedPorts(rule: PolicyRule): boolean {
  return !!(rule.ports?.some((p) => p.name !== undefined) || rule.notPorts?.some((p) => p.name !== undefined));
}

function computeRuleTraffic(rule: PolicyRule, containers: readonly Container[]): PortSet {
  let s = ALL;
  if (rule.ports) s = rule.ports.reduce((acc, p) => union(acc, portTraffic(p, containers)), NONE);
  if (rule.notProtocol !== undefined) s = subtract(s, protocolPorts(rule.notProtocol));
  if (rule.notPorts) s = subtract(s, rule.notPorts.reduce((acc, p) => union(acc, portTraffic(p, containers)), NONE));
  return s;
}

// ---------------------------------------------------------------------------------------------
// One set of enforced policies: "now", or with the staged ones applied

interface RuleAllow {
  ref: RuleRef;
  allowed: PortSet;
}

interface SideResult {
  isolated: boolean;
  allowed: PortSet;
  rules: RuleAllow[];
}

const OPEN: SideResult = { isolated: false, allowed: ALL, rules: [] };

interface SideIndex {
  groups: TierGroup[];
  /** Pods that some rule's peer may match; undefined when a rule may match any pod. */
  candidates?: Set<PodInfo>;
  /** The answer for a pod outside `candidates` (no rule matches it). */
  baseline?: SideResult;
}

type PeerTest = (policy: Policy, peer: PolicyPeer) => boolean;

export class Shared {
  private readonly peerPods = new Map<PolicyPeer, Set<PodInfo> | null>();
  private readonly traffic = new Map<PolicyRule, PortSet | Map<readonly Container[], PortSet>>();

  constructor(
    readonly ws: PolicyWorkspace,
    readonly analysis: PolicyAnalysis,
    readonly tiers: ReadonlyMap<string, Tier>,
    readonly dns: PodInfo,
  ) {}

  /** The workspace pods a peer matches (null: decide per pod). */
  podsOf(policy: Policy, peer: PolicyPeer): Set<PodInfo> | null {
    let set = this.peerPods.get(peer);
    if (set === undefined) {
      const pods = podsOfPeer(this.ws, policy, peer);
      set = pods ? new Set(pods) : null;
      this.peerPods.set(peer, set);
    }
    return set;
  }

  peerMatches(policy: Policy, peer: PolicyPeer, remote: ConnectivityNode): boolean {
    const pod = remote.pod;
    if (!pod || pod.hostNetwork) return this.peerMatchesOutside(policy, peer);
    if (remote.type === 'kube-dns') return peerMatchesPod(this.ws, policy, peer, pod);
    const set = this.podsOf(policy, peer);
    return set ? set.has(pod) : peerMatchesPod(this.ws, policy, peer, pod);
  }

  /** Whether a peer takes in addresses outside the pod network. */
  peerMatchesOutside(policy: Policy, peer: PolicyPeer): boolean {
    if (peerCoversEverything(peer)) return true;
    if (peer.notNets?.some(isAllNet)) return false;
    if (peer.serviceAccounts || peer.service) return false;
    if (peer.pods || peer.namespaces) return this.matchesNetworkSet(policy, peer);
    return true;
  }

  /** A Calico selector peer that matches a NetworkSet or GlobalNetworkSet (external networks). */
  private matchesNetworkSet(policy: Policy, peer: PolicyPeer): boolean {
    if (policy.flavor !== 'calico') return false;
    for (const e of this.ws.otherEndpoints) {
      if (e.obj.kind !== 'NetworkSet' && e.obj.kind !== 'GlobalNetworkSet') continue;
      if (peer.namespaces) {
        const ns = peer.namespaces;
        const isGlobal = ns.kind === 'calico' && ns.result.ok && ns.result.ast.root.kind === 'global';
        if (e.namespace === undefined ? !isGlobal : !namespaceMatches(ns, this.ws.namespace(e.namespace))) continue;
      } else if (!policy.global && e.namespace !== policy.namespace) {
        continue;
      }
      if (peer.pods && (peer.pods.kind !== 'calico' || !selectorMatches(peer.pods, e.labels))) continue;
      if (peer.notPods && selectorMatches(peer.notPods, e.labels)) continue;
      return true;
    }
    return false;
  }

  ruleTraffic(rule: PolicyRule, containers: readonly Container[]): PortSet {
    const cached = this.traffic.get(rule);
    if (!usesNamedPorts(rule)) {
      if (cached && !(cached instanceof Map)) return cached;
      const s = computeRuleTraffic(rule, containers);
      this.traffic.set(rule, s);
      return s;
    }
    let byContainers = cached instanceof Map ? cached : undefined;
    if (!byContainers) this.traffic.set(rule, (byContainers = new Map()));
    let s = byContainers.get(containers);
    if (!s) byContainers.set(containers, (s = computeRuleTraffic(rule, containers)));
    return s;
  }
}

export class Enforcement {
  private readonly sides = new Map<PodInfo, { ingress: TierGroup[]; egress: TierGroup[] }>();
  private readonly indexes = new Map<PodInfo, { ingress?: SideIndex; egress?: SideIndex }>();

  constructor(
    private readonly shared: Shared,
    policies: readonly Policy[],
  ) {
    const { tiers } = shared;
    const tierFor = (p: Policy): Tier => tiers.get(tierOf(p)) ?? { name: tierOf(p), order: Infinity, defaultAction: 'Deny' };
    const sorted = policies
      .filter((p) => !p.broken && !p.hostOnly && (p.types.ingress || p.types.egress))
      .map((p) => ({ p, tier: tierFor(p), order: policyOrder(p), name: policyName(p) }))
      .sort(
        (a, b) =>
          a.tier.order - b.tier.order ||
          cmp(a.tier.name, b.tier.name) ||
          (a.order === b.order ? 0 : a.order < b.order ? -1 : 1) ||
          cmp(a.name, b.name),
      );
    for (const { p, tier } of sorted) {
      for (const pod of this.selected(p)) {
        let entry = this.sides.get(pod);
        if (!entry) this.sides.set(pod, (entry = { ingress: [], egress: [] }));
        for (const direction of ['ingress', 'egress'] as const) {
          if (!p.types[direction]) continue;
          const groups = entry[direction];
          const last = groups[groups.length - 1];
          if (last && last.tier === tier) last.policies.push(p);
          else groups.push({ tier, policies: [p] });
        }
      }
    }
  }

  /** The pods a policy applies to: hostNetwork pods never; the virtual kube-dns when it matches. */
  private selected(policy: Policy): PodInfo[] {
    const { ws, analysis, dns } = this.shared;
    const pods = analysis.selected(policy).filter((pod) => !pod.hostNetwork);
    if (policySelectsPod(ws, policy, dns)) pods.push(dns);
    return pods;
  }

  isolated(pod: PodInfo | undefined, direction: Direction): boolean {
    return !!pod && !!this.sides.get(pod)?.[direction].length;
  }

  private sideIndex(pod: PodInfo, direction: Direction): SideIndex {
    let entry = this.indexes.get(pod);
    if (!entry) this.indexes.set(pod, (entry = {}));
    let idx = entry[direction];
    if (idx) return idx;
    const groups = this.sides.get(pod)?.[direction] ?? [];
    idx = { groups };
    if (groups.length) {
      let candidates: Set<PodInfo> | undefined = new Set();
      outer: for (const g of groups) {
        for (const policy of g.policies) {
          for (const rule of policy[direction]) {
            if (!rule.peers) {
              candidates = undefined;
              break outer;
            }
            for (const peer of rule.peers) {
              const set = peerCoversEverything(peer) ? null : this.shared.podsOf(policy, peer);
              if (!set) {
                candidates = undefined;
                break outer;
              }
              for (const p of set) candidates.add(p);
            }
          }
        }
      }
      idx.candidates = candidates;
      if (candidates) idx.baseline = this.run(groups, direction, () => false, []);
    }
    entry[direction] = idx;
    return idx;
  }

  /** One side of a connection: `local`'s policies in `direction` against the `remote` end. */
  side(local: ConnectivityNode, direction: Direction, remote: ConnectivityNode): SideResult {
    const pod = local.pod;
    if (!pod) return OPEN;
    const idx = this.sideIndex(pod, direction);
    if (!idx.groups.length) return OPEN;
    const rp = remote.pod;
    if (idx.candidates && remote.type === 'workload' && rp && !rp.hostNetwork && !idx.candidates.has(rp)) return idx.baseline as SideResult;
    const containers = direction === 'ingress' ? pod.containers : (rp?.containers ?? []);
    return this.run(idx.groups, direction, (policy, peer) => this.shared.peerMatches(policy, peer, remote), containers);
  }

  /** Calico's evaluation: tiers in order, first matching rule decides, end of tier denies. */
  private run(groups: readonly TierGroup[], direction: Direction, peerTest: PeerTest, containers: readonly Container[]): SideResult {
    let pending: PortSet = ALL;
    let allowed: PortSet = NONE;
    const rules: RuleAllow[] = [];
    for (const group of groups) {
      let rem = pending;
      let passed: PortSet = NONE;
      policies: for (const policy of group.policies) {
        for (const rule of policy[direction]) {
          if (isEmpty(rem)) break policies;
          const action = rule.action;
          if (!KNOWN_ACTIONS.has(action) || action === 'Log') continue;
          if (rule.narrowed && action === 'Deny') continue;
          if (rule.peers && !rule.peers.some((peer) => peerTest(policy, peer))) continue;
          const m = intersect(rem, this.shared.ruleTraffic(rule, containers));
          if (isEmpty(m)) continue;
          rem = subtract(rem, m);
          if (action === 'Allow') {
            allowed = union(allowed, m);
            rules.push({ ref: { policy, rule, direction }, allowed: m });
          } else if (action === 'Pass') {
            passed = union(passed, m);
          }
        }
      }
      pending = group.tier.defaultAction === 'Pass' ? union(passed, rem) : passed;
      if (isEmpty(pending)) break;
    }
    // What passed every tier meets the namespace's profile, which allows it.
    return { isolated: true, allowed: union(allowed, pending), rules };
  }

  verdict(from: ConnectivityNode, to: ConnectivityNode): Verdict {
    const egress = from.type === 'workload' ? this.side(from, 'egress', to) : OPEN;
    const isolated = { egress: egress.isolated, ingress: false };
    if (isEmpty(egress.allowed)) return { allowed: NONE, decidedBy: [], isolated };
    const ingress = to.type !== 'outside' ? this.side(to, 'ingress', from) : OPEN;
    isolated.ingress = ingress.isolated;
    const allowed = intersect(egress.allowed, ingress.allowed);
    if (isEmpty(allowed)) return { allowed, decidedBy: [], isolated };
    const decidedBy: RuleRef[] = [];
    for (const r of [...egress.rules, ...ingress.rules]) {
      if (!isEmpty(intersect(r.allowed, allowed))) decidedBy.push(r.ref);
    }
    return { allowed, decidedBy, isolated };
  }
}

/** Whether a policy selects a pod (used for the virtual kube-dns, which is not in the workspace's pods). */
function policySelectsPod(ws: PolicyWorkspace, policy: Policy, pod: PodInfo): boolean {
  if (policy.broken || policy.hostOnly) return false;
  if (!policy.global) {
    if (policy.namespace !== pod.namespace) return false;
  } else if (policy.namespaceSelector && !namespaceMatches(policy.namespaceSelector, ws.namespace(pod.namespace))) {
    return false;
  }
  if (policy.selector && !selectorMatches(policy.selector, pod.labels, pod.calicoLabels)) return false;
  const sa = policy.serviceAccountSelector;
  return !sa || selectorMatches(sa, ws.serviceAccountLabels(pod.namespace, pod.serviceAccount));
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

