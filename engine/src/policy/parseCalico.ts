// projectcalico.org/v3 (and crd.projectcalico.org/v1) NetworkPolicy, GlobalNetworkPolicy and their
// staged forms → Policy. Calico's defaults: an empty or absent `selector` is `all()`; `types`
// absent = Ingress, plus Egress when there are egress rules, and Egress alone when there are egress
// rules but no ingress rules; an empty string in an entity rule's selector fields means "not set".
import type { Document } from 'yaml';
import type { K8sObject } from '../model/object';
import { AnyNode, deref, isMap, isScalar, mapGetPair, Range, scalarText, seqItems } from '../parse/yamlAccess';
import type { CalicoSelectorField } from '../selectors/calico';
import { isCalicoSelectAll } from '../selectors/calico';
import { calicoSelectorRef, contentRange, rangeOr } from './selectorRefs';
import type { CalicoSelectorRef, Direction, Policy, PolicyPeer, PolicyPort, PolicyRule, SelectorRef } from './types';

/** IANA protocol numbers of the protocols Calico names. */
const PROTOCOL_NUMBERS: Record<string, string> = { '1': 'ICMP', '6': 'TCP', '17': 'UDP', '58': 'ICMPv6', '132': 'SCTP', '136': 'UDPLite' };

/** A Calico protocol as a name where it has one (`6` → `TCP`), else as written. */
export function calicoProtocolName(value: string): string {
  return PROTOCOL_NUMBERS[value.trim()] ?? value;
}

interface Ctx {
  doc: Document;
  selectors: SelectorRef[];
}

function selectorAt(map: AnyNode, key: string, field: string, placement: CalicoSelectorField, ctx: Ctx, fallback: Range, keepEmpty = false): CalicoSelectorRef | undefined {
  const pair = mapGetPair(map, key, ctx.doc);
  if (!pair) return undefined;
  const ref = calicoSelectorRef(pair.value as AnyNode, ctx.doc, field, placement, rangeOr(pair.key, fallback));
  if (!ref) return undefined;
  ctx.selectors.push(ref);
  // In entity rules (and a GlobalNetworkPolicy's namespaceSelector) "" means "not set".
  return keepEmpty || ref.text.trim() !== '' ? ref : undefined;
}

function strings(node: AnyNode, doc: Document): string[] {
  return seqItems(node, doc)
    .map((n) => scalarText(n))
    .filter((s): s is string => s !== undefined);
}

/** A Calico port: a number, `"a:b"`, a numeric string, or a port name. */
function parsePorts(node: AnyNode, protocol: string | undefined, doc: Document, fallback: Range): PolicyPort[] {
  return seqItems(node, doc).map((item) => {
    const range = rangeOr(item, fallback);
    const text = scalarText(item)?.trim() ?? '';
    const m = /^(\d+)(?::(\d+))?$/.exec(text);
    if (m) return { protocol, port: Number(m[1]), ...(m[2] !== undefined ? { endPort: Number(m[2]) } : {}), range };
    return { protocol, name: text, range };
  });
}

const PEER_FIELDS = ['selector', 'notSelector', 'namespaceSelector', 'nets', 'notNets', 'serviceAccounts', 'services'];

function parseEntity(node: AnyNode, field: string, ctx: Ctx, fallback: Range): { peer?: PolicyPeer; narrowing: boolean } {
  if (!isMap(node)) return { narrowing: false };
  const range = rangeOr(node, fallback);
  const peer: PolicyPeer = { range };
  const { doc } = ctx;
  peer.pods = selectorAt(node, 'selector', `${field}.selector`, 'other', ctx, range);
  peer.notPods = selectorAt(node, 'notSelector', `${field}.notSelector`, 'other', ctx, range);
  peer.namespaces = selectorAt(node, 'namespaceSelector', `${field}.namespaceSelector`, 'ruleNamespaceSelector', ctx, range);
  const netsPair = mapGetPair(node, 'nets', doc);
  if (netsPair) peer.nets = strings(netsPair.value as AnyNode, doc);
  const notNetsPair = mapGetPair(node, 'notNets', doc);
  if (notNetsPair) peer.notNets = strings(notNetsPair.value as AnyNode, doc);
  const sa = deref(mapGetPair(node, 'serviceAccounts', doc)?.value, doc);
  if (isMap(sa)) {
    peer.serviceAccounts = {
      names: strings(mapGetPair(sa, 'names', doc)?.value as AnyNode, doc),
      selector: selectorAt(sa, 'selector', `${field}.serviceAccounts.selector`, 'other', ctx, range),
    };
  }
  const svc = deref(mapGetPair(node, 'services', doc)?.value, doc);
  if (isMap(svc)) {
    peer.service = {
      name: scalarText(deref(mapGetPair(svc, 'name', doc)?.value, doc)) ?? '',
      namespace: scalarText(deref(mapGetPair(svc, 'namespace', doc)?.value, doc)),
    };
  }
  const narrowing = PEER_FIELDS.some((f) => mapGetPair(node, f, doc) !== undefined);
  const present = peer.pods || peer.notPods || peer.namespaces || peer.nets || peer.notNets || peer.serviceAccounts || peer.service;
  return { peer: present ? peer : undefined, narrowing };
}

function parseRule(item: AnyNode, direction: Direction, index: number, ctx: Ctx, fallback: Range): PolicyRule {
  const { doc } = ctx;
  const range = rangeOr(item, fallback);
  const rule: PolicyRule = { direction, range, action: '', narrowed: false };
  if (!isMap(item)) return rule;
  rule.action = scalarText(deref(mapGetPair(item, 'action', doc)?.value, doc)) ?? '';
  const protocolText = scalarText(deref(mapGetPair(item, 'protocol', doc)?.value, doc));
  const protocol = protocolText !== undefined ? calicoProtocolName(protocolText) : undefined;
  const notProtocol = scalarText(deref(mapGetPair(item, 'notProtocol', doc)?.value, doc));
  if (notProtocol !== undefined) rule.notProtocol = calicoProtocolName(notProtocol);
  const field = `${direction}[${index}]`;
  const sourceNode = deref(mapGetPair(item, 'source', doc)?.value, doc);
  const destinationNode = deref(mapGetPair(item, 'destination', doc)?.value, doc);
  const source = parseEntity(sourceNode, `${field}.source`, ctx, range);
  const destination = parseEntity(destinationNode, `${field}.destination`, ctx, range);
  const remote = direction === 'ingress' ? source : destination;
  const local = direction === 'ingress' ? destination : source;
  if (remote.peer) rule.peers = [remote.peer];
  const ports = parsePorts(mapGetPair(destinationNode, 'ports', doc)?.value as AnyNode, protocol, doc, range);
  if (ports.length > 0) rule.ports = ports;
  else if (protocol !== undefined) rule.ports = [{ protocol, range: contentRange(mapGetPair(item, 'protocol', doc)?.value) ?? range }];
  const notPorts = parsePorts(mapGetPair(destinationNode, 'notPorts', doc)?.value as AnyNode, protocol, doc, range);
  if (notPorts.length > 0) rule.notPorts = notPorts;
  const sourcePorts = isMap(sourceNode) && (mapGetPair(sourceNode, 'ports', doc) || mapGetPair(sourceNode, 'notPorts', doc));
  rule.narrowed =
    local.narrowing ||
    !!sourcePorts ||
    ['icmp', 'notICMP', 'http'].some((k) => mapGetPair(item, k, doc) !== undefined);
  return rule;
}

export function parseCalicoPolicy(obj: K8sObject, global: boolean, staged: boolean): Policy {
  const { doc } = obj;
  const spec = deref(mapGetPair(obj.node, 'spec', doc)?.value, doc);
  const selectors: SelectorRef[] = [];
  const ctx: Ctx = { doc, selectors };
  const fallback = obj.nameRange;
  const selector = selectorAt(spec, 'selector', 'selector', 'other', ctx, fallback, true);
  const namespaceSelector = global ? selectorAt(spec, 'namespaceSelector', 'namespaceSelector', 'other', ctx, fallback) : undefined;
  const serviceAccountSelector = selectorAt(spec, 'serviceAccountSelector', 'serviceAccountSelector', 'other', ctx, fallback);

  const ingressPair = mapGetPair(spec, 'ingress', doc);
  const egressPair = mapGetPair(spec, 'egress', doc);
  const ingress = seqItems(ingressPair?.value as AnyNode, doc).map((item, i) => parseRule(item, 'ingress', i, ctx, fallback));
  const egress = seqItems(egressPair?.value as AnyNode, doc).map((item, i) => parseRule(item, 'egress', i, ctx, fallback));

  const typeRanges: Policy['typeRanges'] = {};
  const written = new Set<string>();
  for (const item of seqItems(mapGetPair(spec, 'types', doc)?.value as AnyNode, doc)) {
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
      : { ingress: ingress.length > 0 || egress.length === 0, egress: egress.length > 0 };

  const orderNode = deref(mapGetPair(spec, 'order', doc)?.value, doc);
  const flag = (key: string): boolean => {
    const n = deref(mapGetPair(spec, key, doc)?.value, doc);
    return isScalar(n) && n.value === true;
  };
  const selectsAll = !selector || (selector.result.ok && isCalicoSelectAll(selector.result.ast));
  return {
    obj,
    flavor: 'calico',
    staged,
    global,
    namespace: global ? undefined : obj.namespace,
    selector,
    namespaceSelector,
    serviceAccountSelector,
    selectsAll: selectsAll && !serviceAccountSelector,
    types,
    typeRanges,
    listKeyRanges: { ingress: contentRange(ingressPair?.key), egress: contentRange(egressPair?.key) },
    ingress,
    egress,
    order: isScalar(orderNode) && typeof orderNode.value === 'number' ? orderNode.value : undefined,
    hostOnly: flag('preDNAT') || flag('doNotTrack'),
    broken: selectors.some((s) => s.kind === 'calico' && !s.result.ok),
    selectors,
  };
}
