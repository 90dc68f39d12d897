// Which pods (and namespaces) a selector, a policy or a rule's peer selects. Kubernetes selectors
// see a pod's template labels; Calico selectors also see Calico's automatic labels. Lookups start
// from one `key=value` every match must carry (the selector's index hint) when there is one.
import type { K8sObject } from '../model/object';
import { AnyNode, deref, isMap, keyString, mapGet, mapGetPair, mapPairs, mapPath, scalarText, stringValue } from '../parse/yamlAccess';
import { mapSelectorRef } from './selectorRefs';
import { calicoIndexHint, evaluateCalico, isCalicoSelectAll } from '../selectors/calico';
import { indexHint, matchesLabelSelector } from '../selectors/labelSelector';
import type { CalicoSelectorRef, K8sSelectorRef, Policy, PolicyPeer, SelectorRef } from './types';
import type { NamespaceInfo, PodInfo, PolicyWorkspace } from './workspace';
import { movableCache, positionFreeCache } from '../model/objectCache';
import { moveK8sSelectorRef } from './move';

/** True for `{}`, `all()` and the empty Calico selector. An unparsable selector is not. */
export function selectsEverything(ref: SelectorRef | undefined): boolean {
  if (!ref) return true;
  if (ref.kind === 'k8s') return ref.empty;
  return ref.result.ok && isCalicoSelectAll(ref.result.ast);
}

/** Whether the selector matches a label set (Kubernetes: `labels`; Calico: `calicoLabels`). */
export function selectorMatches(ref: SelectorRef, labels: ReadonlyMap<string, string>, calicoLabels = labels): boolean {
  if (ref.kind === 'k8s') return matchesLabelSelector(ref.selector, labels);
  return ref.result.ok && evaluateCalico(ref.result.ast, calicoLabels);
}

export function podMatches(ref: SelectorRef, pod: PodInfo): boolean {
  return selectorMatches(ref, pod.labels, pod.calicoLabels);
}

function hintOf(ref: SelectorRef): { key: string; value: string } | undefined {
  if (ref.kind === 'k8s') return indexHint(ref.selector);
  return ref.result.ok ? calicoIndexHint(ref.result.ast) : undefined;
}

/** Pods of `namespace` (undefined: every namespace) that the selector matches (absent: all of them). */
export function podsSelectedBy(ws: PolicyWorkspace, ref: SelectorRef | undefined, namespace: string | undefined): PodInfo[] {
  if (!ref || selectsEverything(ref)) return ws.podsIn(namespace).slice();
  if (ref.kind === 'calico' && !ref.result.ok) return [];
  const hint = hintOf(ref);
  const candidates = hint ? ws.podsWith(namespace, hint.key, hint.value) : ws.podsIn(namespace);
  return candidates.filter((pod) => podMatches(ref, pod));
}

/** Namespaces (declared or holding objects) that a namespace selector matches. `global()` matches none. */
export function namespacesSelectedBy(ws: PolicyWorkspace, ref: SelectorRef): readonly NamespaceInfo[] {
  if (ref.kind === 'calico' && (!ref.result.ok || ref.result.ast.root.kind === 'global')) return [];
  if (selectsEverything(ref)) return ws.namespaces();
  const hint = hintOf(ref);
  const candidates = hint ? ws.namespacesWith(hint.key, hint.value) : ws.namespaces();
  return candidates.filter((ns) => selectorMatches(ref, ns.labels));
}

export function namespaceMatches(ref: SelectorRef, ns: NamespaceInfo): boolean {
  if (ref.kind === 'calico' && ref.result.ok && ref.result.ast.root.kind === 'global') return false;
  return selectorMatches(ref, ns.labels);
}

function serviceAccountMatches(ws: PolicyWorkspace, ref: CalicoSelectorRef, pod: PodInfo): boolean {
  return selectorMatches(ref, ws.serviceAccountLabels(pod.namespace, pod.serviceAccount));
}

/**
 * The pods a policy applies to (staged ones included: what they would select). Host-only
 * (preDNAT/doNotTrack) and broken policies select no pod.
 */
export function podsSelectedByPolicy(ws: PolicyWorkspace, policy: Policy): PodInfo[] {
  if (policy.broken || policy.hostOnly) return [];
  let pods: PodInfo[];
  if (!policy.global) pods = podsSelectedBy(ws, policy.selector, policy.namespace);
  else if (policy.namespaceSelector) {
    pods = namespacesSelectedBy(ws, policy.namespaceSelector).flatMap((ns) => podsSelectedBy(ws, policy.selector, ns.name));
  } else pods = podsSelectedBy(ws, policy.selector, undefined);
  const sa = policy.serviceAccountSelector;
  return sa ? pods.filter((pod) => serviceAccountMatches(ws, sa, pod)) : pods;
}

const ALL_V4 = '0.0.0.0/0';
const ALL_V6 = '::/0';

/** A peer that covers every address: `{}`, or `0.0.0.0/0` / `::/0` with no except and nothing else. */
export function peerCoversEverything(peer: PolicyPeer): boolean {
  if (peer.pods || peer.namespaces || peer.notPods || peer.serviceAccounts || peer.service) return false;
  if (peer.notNets && peer.notNets.length > 0) return false;
  if (!peer.nets) return true;
  return peer.nets.some((n) => n.trim() === ALL_V4 || n.trim() === ALL_V6);
}

/**
 * Whether a rule's peer matches a pod (the pod's IP counts only through `0.0.0.0/0`-style nets).
 * Without a namespace selector, a peer selector means the policy's namespace, or every namespace
 * for a global policy.
 */
export function peerMatchesPod(ws: PolicyWorkspace, policy: Policy, peer: PolicyPeer, pod: PodInfo): boolean {
  if (peerCoversEverything(peer)) return true;
  if (peer.nets && !peer.nets.some((n) => n.trim() === ALL_V4 || n.trim() === ALL_V6)) return false;
  if (peer.notNets && peer.notNets.some((n) => n.trim() === ALL_V4 || n.trim() === ALL_V6)) return false;
  if (peer.service) return serviceSelectsPod(ws, peer.service.name, peer.service.namespace ?? policy.namespace ?? 'default', pod);
  if (peer.namespaces) {
    if (!namespaceMatches(peer.namespaces, ws.namespace(pod.namespace))) return false;
  } else if (!policy.global && pod.namespace !== policy.namespace) {
    return false;
  }
  if (peer.pods && !podMatches(peer.pods, pod)) return false;
  if (peer.notPods && (!peer.notPods.result.ok || podMatches(peer.notPods, pod))) return false;
  const sa = peer.serviceAccounts;
  if (sa) {
    if (sa.names.length > 0 && !sa.names.includes(pod.serviceAccount)) return false;
    if (sa.selector && !serviceAccountMatches(ws, sa.selector, pod)) return false;
  }
  return true;
}

/** kube-dns is what the `kube-dns` Service of kube-system selects, declared or not. */
const IMPLICIT_SERVICES: Record<string, { 'k8s-app': string }> = { 'kube-system/kube-dns': { 'k8s-app': 'kube-dns' } };

function serviceSelectsPod(ws: PolicyWorkspace, name: string, namespace: string, pod: PodInfo): boolean {
  if (pod.namespace !== namespace) return false;
  const svc = ws.service(namespace, name);
  const selector = svc ? serviceSelector(svc) : IMPLICIT_SERVICES[`${namespace}/${name}`];
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => pod.labels.get(k) === v);
}

/** A detached Service's selector, read where it had its tree (`model/detach.ts`). */
export function seedServiceSelector(svc: K8sObject, selector: Record<string, string> | undefined): void {
  serviceSelectors.set(svc, selector ?? null);
}

/** A Service's `spec.selector` as key → value (undefined when absent or not a map). */
export function serviceSelector(svc: K8sObject): Readonly<Record<string, string>> | undefined {
  const cached = serviceSelectors.get(svc);
  if (cached !== undefined) return cached ?? undefined;
  const sel = mapPath(svc.node, ['spec', 'selector'], svc.doc);
  let out: Record<string, string> | null = null;
  if (isMap(sel)) {
    out = {};
    for (const { pair } of mapPairs(sel, svc.doc)) {
      const key = keyString(pair.key);
      if (key !== undefined) out[key] = scalarText(deref(pair.value, svc.doc)) ?? '';
    }
  }
  serviceSelectors.set(svc, out);
  return out ?? undefined;
}

/**
 * A Service's `spec.type` is ExternalName, and its `spec.selector` (a map) as a selector with
 * ranges. Read once per object: a closed file's own check then needs no tree (objects never
 * change; one moved by an edit is a new object, read again).
 */
export function serviceSpec(svc: K8sObject): { externalName: boolean; selector?: K8sSelectorRef } {
  let found = serviceSpecs.get(svc);
  if (!found) {
    const spec = mapGet(svc.node, 'spec', svc.doc);
    const pair = mapGetPair(spec, 'selector', svc.doc);
    const selector = pair ? mapSelectorRef(pair.value as AnyNode, svc.doc, 'selector', svc.nameRange) : undefined;
    found = { externalName: stringValue(mapGet(spec, 'type', svc.doc)) === 'ExternalName', ...(selector ? { selector } : {}) };
    serviceSpecs.set(svc, found);
  }
  return found;
}

const serviceSpecs = movableCache<{ externalName: boolean; selector?: K8sSelectorRef }>((spec, _to, delta) =>
  spec.selector ? { ...spec, selector: moveK8sSelectorRef(spec.selector, delta) } : spec,
);

/** Read once per object (a closed file's tree is dropped after); objects never change. */
const serviceSelectors = positionFreeCache<Record<string, string> | null>();

/**
 * The pods a peer stands for, as far as the workspace tells: undefined when the peer reaches
 * beyond the workspace's pods (every address, IP blocks, a NetworkSet-style selector's networks).
 */
export function podsOfPeer(ws: PolicyWorkspace, policy: Policy, peer: PolicyPeer): PodInfo[] | undefined {
  if (peerCoversEverything(peer) || (peer.nets && !peer.pods && !peer.namespaces)) return undefined;
  if (peer.service) return ws.pods.filter((pod) => peerMatchesPod(ws, policy, peer, pod));
  let candidates: PodInfo[];
  if (peer.namespaces) {
    candidates = namespacesSelectedBy(ws, peer.namespaces).flatMap((ns) => podsSelectedBy(ws, peer.pods, ns.name));
  } else {
    candidates = podsSelectedBy(ws, peer.pods, policy.global ? undefined : policy.namespace);
  }
  return candidates.filter((pod) => peerMatchesPod(ws, policy, peer, pod));
}
