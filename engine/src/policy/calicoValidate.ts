// Field validation of Calico policies, as libcalico-go's validator/v3 and the CRD schemas do it:
// rule `action`, `types`, `order`, `protocol`/`notProtocol`, `ports`/`notPorts`, `ipVersion`,
// `nets`/`notNets`, and the staged fields. Selector syntax is not checked here (it is
// calico-selector-syntax's). Works on the YAML (not the model), so it sees values as written.
import type { Document } from 'yaml';
import type { K8sObject } from '../model/object';
import { AnyNode, deref, isMap, isScalar, isSeq, mapGetPair, Range, seqItems } from '../parse/yamlAccess';
import { isCalicoPolicy } from './parse';
import { contentRange } from './selectorRefs';

export interface FieldProblem {
  field: string;
  problem: string;
  range: Range;
}

const ACTIONS = ['Allow', 'Deny', 'Log', 'Pass'];
const TYPES = ['Ingress', 'Egress'];
const STAGED_ACTIONS = ['Set', 'Delete', 'Learn', 'Ignore'];
const PROTOCOL_NAMES = ['TCP', 'UDP', 'ICMP', 'ICMPv6', 'SCTP', 'UDPLite'];
/** Protocols whose rules may name ports (numorstring.Protocol.SupportsPorts). */
const PORT_PROTOCOLS = ['TCP', 'UDP', 'SCTP', '6', '17', '132'];

type Report = (field: string, problem: string, node: unknown, fallback: Range) => void;

function text(node: AnyNode): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return typeof node.value === 'string' ? node.value : (node.source ?? String(node.value));
}

/** Kubernetes IsValidPortName (IANA_SVC_NAME): what a named port must look like. */
export function isValidPortName(name: string): boolean {
  return name.length >= 1 && name.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) && !name.includes('--') && /[a-z]/.test(name);
}

function validIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function validIPv6(s: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.split('::').length > 2) return false;
  let groups = s.split(':');
  const last = groups[groups.length - 1];
  let count = groups.filter((g) => g !== '').length;
  if (last.includes('.')) {
    if (!validIPv4(last)) return false;
    count += 1;
    groups = groups.slice(0, -1);
  }
  if (!groups.every((g) => g === '' || /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return s.includes('::') ? count <= 7 : count === 8;
}

/** An IP address or a CIDR (Calico accepts both; the mask need not be strict in rules). */
export function isValidCidr(s: string): boolean {
  const [ip, mask, extra] = s.split('/');
  if (extra !== undefined) return false;
  const v4 = validIPv4(ip);
  if (!v4 && !validIPv6(ip)) return false;
  if (mask === undefined) return true;
  return /^\d{1,3}$/.test(mask) && Number(mask) <= (v4 ? 32 : 128);
}

function checkProtocol(node: AnyNode, field: string, report: Report, fallback: Range): string | undefined {
  if (node === undefined || (isScalar(node) && node.value === null)) return undefined;
  const value = text(node);
  if (value === undefined) {
    report(field, 'must be a protocol name or number', node, fallback);
    return undefined;
  }
  if (/^\d+$/.test(value)) {
    const n = Number(value);
    if (n < 1 || n > 255) report(field, `protocol number ${value} is out of range (1–255)`, node, fallback);
    return value;
  }
  if (!PROTOCOL_NAMES.includes(value)) report(field, `"${value}" is not one of ${PROTOCOL_NAMES.join(', ')} or a number 1–255`, node, fallback);
  return value;
}

function checkPort(node: AnyNode, field: string, report: Report, fallback: Range): void {
  const inRange = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535;
  if (isScalar(node) && typeof node.value === 'number') {
    if (!inRange(node.value)) report(field, `port ${text(node)} is out of range (1–65535)`, node, fallback);
    return;
  }
  const value = text(node);
  if (value === undefined || !isScalar(node) || typeof node.value !== 'string') {
    report(field, 'must be a port number, a range "min:max" or a port name', node, fallback);
    return;
  }
  const range = /^(\d+):(\d+)$/.exec(value);
  if (range) {
    const [min, max] = [Number(range[1]), Number(range[2])];
    if (!inRange(min) || !inRange(max)) report(field, `port range "${value}" is out of range (1–65535)`, node, fallback);
    else if (min > max) report(field, `port range "${value}" has its minimum above its maximum`, node, fallback);
    return;
  }
  if (/^\d+$/.test(value)) {
    if (!inRange(Number(value))) report(field, `port ${value} is out of range (1–65535)`, node, fallback);
    return;
  }
  if (!isValidPortName(value)) {
    report(field, `"${value}" is neither a port number, a range "min:max" nor a valid port name (lowercase letters, digits and "-", at most 15)`, node, fallback);
  }
}

function checkEntity(node: AnyNode, field: string, protocol: string | undefined, doc: Document, report: Report, fallback: Range): void {
  if (!isMap(node)) return;
  for (const key of ['ports', 'notPorts']) {
    const pair = mapGetPair(node, key, doc);
    if (!pair) continue;
    const items = seqItems(pair.value as AnyNode, doc);
    if (items.length > 0 && (protocol === undefined || !PORT_PROTOCOLS.includes(protocol))) {
      report(`${field}.${key}`, 'rules that specify ports must set protocol to TCP, UDP or SCTP', pair.key, fallback);
    }
    items.forEach((item, i) => checkPort(item, `${field}.${key}[${i}]`, report, fallback));
  }
  for (const key of ['nets', 'notNets']) {
    seqItems(mapGetPair(node, key, doc)?.value as AnyNode, doc).forEach((item, i) => {
      const value = text(item);
      if (value === undefined || !isValidCidr(value.trim())) report(`${field}.${key}[${i}]`, `${JSON.stringify(value ?? null)} is not an IP address or CIDR`, item, fallback);
    });
  }
}

function checkRule(item: AnyNode, field: string, doc: Document, report: Report, fallback: Range): void {
  if (!isMap(item)) {
    report(field, 'a rule must be a map with an action', item, fallback);
    return;
  }
  const actionPair = mapGetPair(item, 'action', doc);
  const action = text(deref(actionPair?.value, doc));
  if (!actionPair) report(`${field}.action`, `missing: a rule needs an action (${ACTIONS.join(', ')})`, item, fallback);
  else if (action === undefined || !ACTIONS.includes(action)) {
    report(`${field}.action`, `"${action ?? ''}" is not one of ${ACTIONS.join(', ')}`, actionPair.value ?? actionPair.key, fallback);
  }
  const protocol = checkProtocol(deref(mapGetPair(item, 'protocol', doc)?.value, doc), `${field}.protocol`, report, fallback);
  checkProtocol(deref(mapGetPair(item, 'notProtocol', doc)?.value, doc), `${field}.notProtocol`, report, fallback);
  const ipVersion = deref(mapGetPair(item, 'ipVersion', doc)?.value, doc);
  if (ipVersion && !(isScalar(ipVersion) && (ipVersion.value === 4 || ipVersion.value === 6))) {
    report(`${field}.ipVersion`, `${JSON.stringify(text(ipVersion) ?? null)} is not 4 or 6`, ipVersion, fallback);
  }
  for (const side of ['source', 'destination']) {
    checkEntity(deref(mapGetPair(item, side, doc)?.value, doc), `${field}.${side}`, protocol, doc, report, fallback);
  }
}

/** Every invalid field of a Calico policy (none for other objects). */
export function calicoPolicyProblems(obj: K8sObject): FieldProblem[] {
  if (!isCalicoPolicy(obj)) return [];
  const { doc } = obj;
  const problems: FieldProblem[] = [];
  const report: Report = (field, problem, node, fallback) => problems.push({ field, problem, range: contentRange(node) ?? fallback });
  const specPair = mapGetPair(obj.node, 'spec', doc);
  const spec = deref(specPair?.value, doc);
  const fallback = contentRange(specPair?.key) ?? obj.kindRange;
  if (!isMap(spec)) return problems;
  const staged = obj.kind.startsWith('Staged');
  const kubernetesShaped = obj.kind === 'StagedKubernetesNetworkPolicy';

  const stagedPair = mapGetPair(spec, 'stagedAction', doc);
  if (stagedPair && !staged) report('stagedAction', `only staged policies have a stagedAction; ${obj.kind} does not`, stagedPair.key, fallback);
  else if (stagedPair) {
    const value = text(deref(stagedPair.value, doc));
    if (value === undefined || !STAGED_ACTIONS.includes(value)) {
      report('stagedAction', `"${value ?? ''}" is not one of ${STAGED_ACTIONS.join(', ')}`, stagedPair.value ?? stagedPair.key, fallback);
    }
  }

  const typesKey = kubernetesShaped ? 'policyTypes' : 'types';
  const typesPair = mapGetPair(spec, typesKey, doc);
  const typesNode = deref(typesPair?.value, doc);
  if (typesPair && typesNode && !(isScalar(typesNode) && typesNode.value === null)) {
    if (!isSeq(typesNode)) report(typesKey, `must be a list of ${TYPES.join(', ')}`, typesNode, fallback);
    else {
      const seen = new Set<string>();
      seqItems(typesNode, doc).forEach((item, i) => {
        const value = isScalar(item) && typeof item.value === 'string' ? item.value : undefined;
        if (value === undefined || !TYPES.includes(value)) report(`${typesKey}[${i}]`, `${isScalar(item) ? `"${text(item) ?? ''}"` : 'this item'} is not Ingress or Egress`, item, fallback);
        else if (seen.has(value)) report(`${typesKey}[${i}]`, `"${value}" is listed more than once`, item, fallback);
        if (value) seen.add(value);
      });
    }
  }

  if (!kubernetesShaped) {
    const orderPair = mapGetPair(spec, 'order', doc);
    const order = deref(orderPair?.value, doc);
    if (orderPair && order && !(isScalar(order) && order.value === null)) {
      if (!isScalar(order) || typeof order.value !== 'number' || !Number.isFinite(order.value)) {
        report('order', `${JSON.stringify(text(order) ?? null)} is not a number`, order, fallback);
      } else if (order.value < 0) report('order', `${text(order)} is negative (order must be ≥ 0)`, order, fallback);
    }
    for (const direction of ['ingress', 'egress']) {
      seqItems(mapGetPair(spec, direction, doc)?.value as AnyNode, doc).forEach((item, i) => checkRule(item, `${direction}[${i}]`, doc, report, fallback));
    }
  }
  return problems;
}

