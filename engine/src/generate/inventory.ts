// Label inventory (SPEC §3 `inventory`): every label key and value in use, on objects' metadata and
// on pod templates, with counts and where; and a draft `label-taxonomy.yaml` from it.
//
// Drafting rules (documented in docs/generation.md):
// - every key in use is listed under `labels:` (keys under the default allowPrefixes too, so that
//   `required`/`values` can apply to them), with its counts in a comment; keys that are not valid
//   label keys are left out and named in a comment;
// - `required: true` for keys on ≥ 90 % of workloads, counting a workload only when both its
//   metadata and its pod template carry the key (that is where `required: true` checks);
// - `values` for low-cardinality keys: ≤ 10 distinct values, on at least twice as many objects as
//   there are values, and not a per-application key (`app.kubernetes.io/name|instance|version`,
//   `app`, `name`, `version`, `k8s-app`, the hash labels, the taxonomy's identity labels);
// - `unknownLabels: warn` and the default `allowPrefixes`; `policy.identityLabels` set to the most
//   common per-application key when `app.kubernetes.io/name` is not on ≥ 90 % of pod templates.
import { Document, Pair, Scalar, YAMLMap } from 'yaml';
import type { K8sObject, LabelBlock } from '../model/object';
import { isWorkloadKind } from '../model/object';
import type { WorkspaceIndex } from '../workspace/index';
import { DEFAULT_ALLOW_PREFIXES } from '../taxonomy/default';

export interface LabelUse {
  uri: string;
  /** Offsets of the key in `uri`. */
  start: number;
  end: number;
  /** 1-based line, when `buildInventory` was given `lineAt`. */
  line?: number;
  /** `metadata`: the object's own labels; `template`: its pod template's. */
  in: 'metadata' | 'template';
  kind: string;
  namespace: string;
  name: string;
}

export interface ValueInventory {
  value: string;
  /** Occurrences (an object and its pod template count twice). */
  count: number;
  uses: LabelUse[];
}

export interface KeyInventory {
  key: string;
  count: number;
  /** Distinct objects carrying the key (metadata or pod template). */
  objects: number;
  /** Workloads carrying the key on both their metadata and their pod template. */
  workloads: number;
  /** Workloads whose pod template carries the key. */
  templates: number;
  /** Most used first, then by value. */
  values: ValueInventory[];
}

export interface LabelInventory {
  /** Objects of the workspace (every kind). */
  objects: number;
  /** Workloads (objects of the workload kinds). */
  workloads: number;
  /** Sorted by key. */
  keys: KeyInventory[];
}

export interface InventoryOptions {
  /** 1-based line of an offset in a file, to fill `LabelUse.line`. */
  lineAt?: (uri: string, offset: number) => number;
}

export function buildInventory(index: WorkspaceIndex, options: InventoryOptions = {}): LabelInventory {
  const keys = new Map<string, { values: Map<string, LabelUse[]>; objects: Set<K8sObject>; workloads: Set<K8sObject>; templates: Set<K8sObject> }>();
  let objects = 0;
  let workloads = 0;
  const entryOf = (key: string) => {
    let e = keys.get(key);
    if (!e) {
      e = { values: new Map(), objects: new Set(), workloads: new Set(), templates: new Set() };
      keys.set(key, e);
    }
    return e;
  };
  const record = (obj: K8sObject, block: LabelBlock, where: 'metadata' | 'template') => {
    const seen = new Set<string>();
    for (const l of block.entries) {
      if (seen.has(l.key)) continue; // a merged-over duplicate: the map has one value per key
      seen.add(l.key);
      const e = entryOf(l.key);
      e.objects.add(obj);
      const use: LabelUse = { uri: obj.uri, start: l.keyRange.start, end: l.keyRange.end, in: where, kind: obj.kind, namespace: obj.namespace, name: obj.name };
      if (options.lineAt) use.line = options.lineAt(obj.uri, l.keyRange.start);
      const list = e.values.get(l.value);
      if (list) list.push(use);
      else e.values.set(l.value, [use]);
    }
    return seen;
  };
  for (const obj of index.objects()) {
    objects++;
    const meta = record(obj, obj.labels, 'metadata');
    if (!isWorkloadKind(obj.kind)) continue;
    workloads++;
    const template = obj.podTemplate && obj.podTemplate.labels !== obj.labels ? record(obj, obj.podTemplate.labels, 'template') : obj.podTemplate ? meta : new Set<string>();
    for (const key of template) entryOf(key).templates.add(obj);
    for (const key of meta) if (template.has(key)) entryOf(key).workloads.add(obj);
  }
  const out: KeyInventory[] = [];
  for (const [key, e] of keys) {
    const values: ValueInventory[] = [...e.values].map(([value, uses]) => ({
      value,
      count: uses.length,
      uses: uses.sort((a, b) => cmp(a.uri, b.uri) || a.start - b.start),
    }));
    values.sort((a, b) => b.count - a.count || cmp(a.value, b.value));
    out.push({
      key,
      count: values.reduce((n, v) => n + v.count, 0),
      objects: e.objects.size,
      workloads: e.workloads.size,
      templates: e.templates.size,
      values,
    });
  }
  out.sort((a, b) => cmp(a.key, b.key));
  return { objects, workloads, keys: out };
}

// ---------------------------------------------------------------------------------------------
// Draft taxonomy

export interface DraftOptions {
  /** Share of workloads (0–1) a key must be on to be drafted as required. Default 0.9. */
  requiredShare?: number;
  /** Most distinct values for a key to get `values`. Default 10. */
  maxValues?: number;
  /** Identity labels of the taxonomy in force (never given `values`). */
  identityLabels?: readonly string[];
}

const PER_APP_KEYS: ReadonlySet<string> = new Set([
  'app.kubernetes.io/name',
  'app.kubernetes.io/instance',
  'app.kubernetes.io/version',
  'app',
  'name',
  'version',
  'k8s-app',
  'pod-template-hash',
  'controller-revision-hash',
  'statefulset.kubernetes.io/pod-name',
]);
const IDENTITY_CANDIDATES = ['app.kubernetes.io/name', 'app', 'k8s-app', 'name', 'app.kubernetes.io/instance'];

const LABEL_KEY_RE = /^(?:(?=[^/]{1,253}\/)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*\/)?(?=[^/]{1,63}$)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE_RE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

export function isValidLabelKey(key: string): boolean {
  return LABEL_KEY_RE.test(key);
}

export function isValidLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE_RE.test(value);
}

/** What the draft decides per key, for tests and for the table view. */
export interface DraftDecision {
  key: string;
  listed: boolean;
  required: boolean;
  values?: string[];
  /** Why a key is not listed. */
  skipped?: string;
}

export function draftDecisions(inventory: LabelInventory, options: DraftOptions = {}): DraftDecision[] {
  const share = options.requiredShare ?? 0.9;
  const maxValues = options.maxValues ?? 10;
  const identity = new Set(options.identityLabels ?? []);
  return inventory.keys.map((k) => {
    if (!isValidLabelKey(k.key)) return { key: k.key, listed: false, required: false, skipped: 'not a valid label key' };
    const required = inventory.workloads > 0 && k.workloads >= Math.ceil(share * inventory.workloads);
    const distinct = k.values.map((v) => v.value);
    const lowCardinality = distinct.length <= maxValues && k.objects >= 2 * distinct.length && !PER_APP_KEYS.has(k.key) && !identity.has(k.key);
    const valid = distinct.filter((v) => v !== '' && isValidLabelValue(v)).sort();
    return { key: k.key, listed: true, required, values: lowCardinality && valid.length ? valid : undefined };
  });
}

/** YAML text of a `label-taxonomy.yaml` drafted from the labels in use (valid against the schema). */
export function draftTaxonomy(inventory: LabelInventory, options: DraftOptions = {}): string {
  const decisions = draftDecisions(inventory, options);
  const byKey = new Map(inventory.keys.map((k) => [k.key, k]));
  const share = options.requiredShare ?? 0.9;

  const doc = new Document({});
  const root = doc.contents as YAMLMap;
  doc.commentBefore = [
    ' Label taxonomy drafted by `kube-label-lint inventory --format taxonomy` from the labels in use:',
    ` ${plural(inventory.objects, 'object')}, ${plural(inventory.workloads, 'workload')}, ${plural(inventory.keys.length, 'label key')}.`,
    ` required: on >= ${Math.round(share * 100)} % of workloads (metadata and pod template); values: low-cardinality keys.`,
    ' Review it: describe each key, close or widen the value sets, then set unknownLabels as you wish.',
  ].join('\n');
  root.add(new Pair(new Scalar('version'), new Scalar(1)));
  root.add(new Pair(new Scalar('unknownLabels'), new Scalar('warn')));
  root.add(new Pair(new Scalar('allowPrefixes'), doc.createNode([...DEFAULT_ALLOW_PREFIXES], { flow: true })));

  const labels = new YAMLMap();
  const skipped: string[] = [];
  for (const d of decisions) {
    const k = byKey.get(d.key)!;
    if (!d.listed) {
      skipped.push(`${JSON.stringify(d.key)} (${d.skipped}, ${k.count} uses)`);
      continue;
    }
    const entry: Record<string, unknown> = {};
    if (d.required) entry.required = true;
    if (d.values) entry.values = d.values;
    const node = doc.createNode(entry) as YAMLMap;
    if (d.values) {
      const valuesNode = node.get('values', true) as { flow?: boolean } | undefined;
      if (valuesNode) valuesNode.flow = true;
    }
    const key = new Scalar(d.key);
    key.commentBefore = ` ${keySummary(k, inventory.workloads)}`;
    labels.add(new Pair(key, node));
  }
  const labelsKey = new Scalar('labels');
  if (skipped.length) labelsKey.commentBefore = ` Not listed: ${skipped.join(', ')}`;
  root.add(new Pair(labelsKey, labels));

  const identity = identityProposal(inventory, share);
  if (identity) {
    const policyKey = new Scalar('policy');
    policyKey.commentBefore = ` ${identity} is on most pod templates (app.kubernetes.io/name is not): generated policies select on it.`;
    root.add(new Pair(policyKey, doc.createNode({ identityLabels: [identity] })));
  }
  return doc.toString({ lineWidth: 0, indent: 2, indentSeq: true, flowCollectionPadding: false });
}

function keySummary(k: KeyInventory, workloads: number): string {
  const top = k.values.slice(0, 10).map((v) => `${v.value === '' ? '""' : v.value} x${v.count}`);
  const more = k.values.length > 10 ? `, … ${k.values.length - 10} more` : '';
  const onWorkloads = workloads ? `, ${k.workloads}/${workloads} workloads` : '';
  return `${plural(k.count, 'use')} on ${plural(k.objects, 'object')}${onWorkloads}; ${plural(k.values.length, 'value')}: ${top.join(', ')}${more}`.replace(/[\r\n]+/g, ' ');
}

function identityProposal(inventory: LabelInventory, share: number): string | undefined {
  if (inventory.workloads === 0) return undefined;
  const need = Math.ceil(share * inventory.workloads);
  const templates = (key: string) => inventory.keys.find((k) => k.key === key)?.templates ?? 0;
  if (templates('app.kubernetes.io/name') >= need) return undefined;
  return IDENTITY_CANDIDATES.slice(1).find((key) => templates(key) >= need);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
