// networking.k8s.io/v1 NetworkPolicy (and the spec of Calico's StagedKubernetesNetworkPolicy) →
// Policy. Defaults as the API server applies them: `policyTypes` absent or empty = Ingress, plus
// Egress when `egress` has rules; an absent or empty `from`/`to`/`ports` = every peer/port; a port
// entry without `protocol` is TCP, without `port` every port of its protocol.
import type { Document } from 'yaml';
import type { K8sObject } from '../model/object';
import { AnyNode, deref, isMap, isScalar, mapGetPair, numberValue, Range, scalarText, seqItems } from '../parse/yamlAccess';
import { contentRange, k8sSelectorRef, rangeOr } from './selectorRefs';
import type { Direction, Policy, PolicyPeer, PolicyPort, PolicyRule, SelectorRef } from './types';

export function parseKubernetesPolicy(obj: K8sObject, staged: boolean): Policy {
  const { doc } = obj;
  const specPair = mapGetPair(obj.node, 'spec', doc);
  const spec = deref(specPair?.value, doc);
  const selectors: SelectorRef[] = [];
  const fallback = obj.nameRange;
  const podSelectorPair = mapGetPair(spec, 'podSelector', doc);
  const selector = podSelectorPair
    ? k8sSelectorRef(podSelectorPair.value as AnyNode, doc, 'podSelector', rangeOr(podSelectorPair.key, fallback))
    : undefined;
  if (selector) selectors.push(selector);

  const ingressPair = mapGetPair(spec, 'ingress', doc);
  const egressPair = mapGetPair(spec, 'egress', doc);
  const ingress = parseRules(ingressPair?.value as AnyNode, 'ingress', doc, selectors, fallback);
  const egress = parseRules(egressPair?.value as AnyNode, 'egress', doc, selectors, fallback);

  const typeRanges: Policy['typeRanges'] = {};
  const written = new Set<string>();
  for (const item of seqItems(mapGetPair(spec, 'policyTypes', doc)?.value as AnyNode, doc)) {
    const t = scalarText(item);
    if (t === undefined) continue;
    written.add(t);
    const r = contentRange(item);
    if (t === 'Ingress' && r && !typeRanges.ingress) typeRanges.ingress = r;
    if (t === 'Egress' && r && !typeRanges.egress) typeRanges.egress = r;
  }
  const types =
    written.size > 0
      ? { ingress: written.has('Ingress'), egress: written.has('Egress') }
      : { ingress: true, egress: egress.length > 0 };

  return {
    obj,
    flavor: 'kubernetes',
    staged,
    global: false,
    namespace: obj.namespace,
    selector,
    selectsAll: !selector || (selector.kind === 'k8s' && selector.empty),
    types,
    typeRanges,
    listKeyRanges: { ingress: contentRange(ingressPair?.key), egress: contentRange(egressPair?.key) },
    ingress,
    egress,
    hostOnly: false,
    broken: false,
    selectors,
  };
}

function parseRules(node: AnyNode, direction: Direction, doc: Document, selectors: SelectorRef[], fallback: Range): PolicyRule[] {
  const rules: PolicyRule[] = [];
  const peerKey = direction === 'ingress' ? 'from' : 'to';
  seqItems(node, doc).forEach((item, i) => {
    const range = rangeOr(item, fallback);
    const rule: PolicyRule = { direction, range, action: 'Allow', narrowed: false };
    if (isMap(item)) {
      const peerItems = seqItems(mapGetPair(item, peerKey, doc)?.value as AnyNode, doc);
      if (peerItems.length > 0) {
        rule.peers = peerItems.map((p, j) => parsePeer(p, `${direction}[${i}].${peerKey}[${j}]`, doc, selectors, range));
      }
      const portItems = seqItems(mapGetPair(item, 'ports', doc)?.value as AnyNode, doc);
      if (portItems.length > 0) rule.ports = portItems.map((p) => parsePort(p, doc, range));
    }
    rules.push(rule);
  });
  return rules;
}

function parsePeer(node: AnyNode, field: string, doc: Document, selectors: SelectorRef[], fallback: Range): PolicyPeer {
  const peer: PolicyPeer = { range: rangeOr(node, fallback) };
  if (!isMap(node)) return peer;
  const podPair = mapGetPair(node, 'podSelector', doc);
  if (podPair) {
    peer.pods = k8sSelectorRef(podPair.value as AnyNode, doc, `${field}.podSelector`, rangeOr(podPair.key, peer.range));
    if (peer.pods) selectors.push(peer.pods);
  }
  const nsPair = mapGetPair(node, 'namespaceSelector', doc);
  if (nsPair) {
    peer.namespaces = k8sSelectorRef(nsPair.value as AnyNode, doc, `${field}.namespaceSelector`, rangeOr(nsPair.key, peer.range));
    if (peer.namespaces) selectors.push(peer.namespaces);
  }
  const ipBlock = deref(mapGetPair(node, 'ipBlock', doc)?.value, doc);
  if (isMap(ipBlock)) {
    const cidr = scalarText(deref(mapGetPair(ipBlock, 'cidr', doc)?.value, doc));
    peer.nets = cidr !== undefined ? [cidr] : [];
    peer.notNets = seqItems(mapGetPair(ipBlock, 'except', doc)?.value as AnyNode, doc)
      .map((n) => scalarText(n))
      .filter((s): s is string => s !== undefined);
  }
  return peer;
}

function parsePort(node: AnyNode, doc: Document, fallback: Range): PolicyPort {
  const range = rangeOr(node, fallback);
  if (!isMap(node)) return { protocol: 'TCP', range };
  const protocol = scalarText(deref(mapGetPair(node, 'protocol', doc)?.value, doc)) ?? 'TCP';
  const portNode = deref(mapGetPair(node, 'port', doc)?.value, doc);
  const port: PolicyPort = { protocol, range: contentRange(portNode) ?? range };
  const number = numberValue(portNode);
  if (number !== undefined) {
    port.port = number;
    const end = numberValue(deref(mapGetPair(node, 'endPort', doc)?.value, doc));
    if (end !== undefined) port.endPort = end;
  } else if (isScalar(portNode) && typeof portNode.value === 'string') {
    port.name = portNode.value;
  }
  return port;
}
