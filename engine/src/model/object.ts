// The object model every rule reads: plain data with offsets, extracted once per YAML document.
import type { Document, YAMLMap } from 'yaml';
import type { Range } from '../parse/yamlAccess';

export type LabelValueKind = 'string' | 'number' | 'boolean' | 'null' | 'other';

export interface LabelEntry {
  key: string;
  /** The value as written (numbers and booleans as their source text); '' for null. */
  value: string;
  valueKind: LabelValueKind;
  keyRange: Range;
  valueRange: Range;
  /** From the key's first character to the end of its value. */
  pairRange: Range;
  /** The key is not a plain string (e.g. a number or a map). */
  keyIsString: boolean;
  /** Merged in with `<<` or reached through an alias: fixes must not edit it in place. */
  inherited: boolean;
}

/**
 * Where a new label can be inserted into this label map (or where the map itself would go),
 * so a fix can add one line in the file's own indentation and quoting style.
 */
export type LabelInsertion =
  | { kind: 'block'; after: number; indent: string; quote: '' | '"' | "'"; eol: string }
  | { kind: 'flow'; before: number; empty: boolean; quote: '' | '"' | "'" }
  /** `labels:` with no value: the map goes after the key. */
  | { kind: 'empty'; after: number; indent: string; eol: string }
  /** No `labels:` key: add `labels:` to the parent metadata map. */
  | { kind: 'create'; after: number; indent: string; eol: string }
  /** The map is an alias, a merge, or in a form a one-line edit cannot reach. */
  | { kind: 'none' };

export interface LabelBlock {
  where: 'metadata' | 'template';
  entries: LabelEntry[];
  /** Range of the `labels` key, or of the enclosing `metadata`/`template` key when absent. */
  anchorRange: Range;
  /** Range of the labels map node when present. */
  mapRange?: Range;
  insertion: LabelInsertion;
}

export interface ContainerPort {
  name?: string;
  containerPort?: number;
  protocol: string;
  range: Range;
}

export interface Container {
  name: string;
  ports: ContainerPort[];
  range: Range;
}

export interface K8sObject {
  uri: string;
  /** Index of the YAML document in the file; objects of a `List` share one. */
  docIndex: number;
  docRange: Range;
  apiVersion: string;
  kind: string;
  name: string;
  /** `metadata.namespace`, else the default namespace (SPEC §5). */
  namespace: string;
  namespaceExplicit: boolean;
  /** Range of the whole object map (for a List item, the item). */
  range: Range;
  /** The `kind` value, the usual place for object-level findings. */
  kindRange: Range;
  /** The `metadata.name` value when present, else `kindRange`. */
  nameRange: Range;
  labels: LabelBlock;
  /** Pod template labels of a workload; for a Pod, the same block as `labels`. */
  podTemplate?: { labels: LabelBlock; containers: Container[]; range: Range };
  annotations: Map<string, string>;
  /** Rule ids named by the `kube-label-lint.io/ignore` annotation. */
  ignoredRules: Set<string>;
  /** The parsed YAML, for rules and generators that read more than the model holds. */
  node: YAMLMap;
  doc: Document;
}

export function isWorkloadKind(kind: string): boolean {
  return WORKLOAD_KIND_SET.has(kind);
}

const WORKLOAD_KIND_SET = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob']);

/** Path from the object to its pod template map, per workload kind. */
export function podTemplatePath(kind: string): readonly string[] | undefined {
  switch (kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'Job':
      return ['spec', 'template'];
    case 'CronJob':
      return ['spec', 'jobTemplate', 'spec', 'template'];
    default:
      return undefined;
  }
}

export function labelMap(block: LabelBlock): Map<string, string> {
  const map = new Map<string, string>();
  for (const e of block.entries) map.set(e.key, e.value);
  return map;
}
