// Objects moved by an edit earlier in their file (`incremental.ts`) are their original object
// plus an offset delta: a keystroke reads few of the other documents' objects (their per-object
// caches move with them, `model/objectCache.ts`), so their ranges are shifted only when read, and
// their YAML trees only when first read. Copying every following object's data with shifted
// ranges, and walking every node after the edit, were most of a keystroke's re-parse.
import { type Document, isCollection, isNode, isPair } from 'yaml';
import type { K8sObject, LabelBlock, LabelInsertion } from '../model/object';
import { compactLabelEntry } from '../model/compactLabelEntry';
import { shiftRange, type Range } from './yamlAccess';

/** Offset deltas not yet applied to a YAML document's nodes. */
const pending = new WeakMap<Document, number>();

/** Records that every offset of `doc` moves by `delta`, applied when the tree is read next. */
export function shiftYamlDocumentLater(doc: Document, delta: number): void {
  if (delta !== 0) pending.set(doc, (pending.get(doc) ?? 0) + delta);
}

/** Applies the pending shift of `doc`, if any. */
function settle(doc: Document): void {
  const delta = pending.get(doc);
  if (delta === undefined) return;
  pending.delete(doc);
  shiftYamlDocument(doc, delta);
}

/** Moves every offset of a parsed YAML document by `delta` (in place). */
export function shiftYamlDocument(doc: Document, delta: number): void {
  if (delta === 0) return;
  const shift = (node: unknown): void => {
    if (!isNode(node)) return;
    if (node.range) node.range = [node.range[0] + delta, node.range[1] + delta, node.range[2] + delta];
    if (isCollection(node)) {
      for (const item of node.items) {
        if (isPair(item)) {
          shift(item.key);
          shift(item.value);
        } else shift(item);
      }
    }
  };
  if (doc.range) doc.range = [doc.range[0] + delta, doc.range[1] + delta, doc.range[2] + delta];
  shift(doc.contents);
  for (const e of [...doc.errors, ...doc.warnings]) e.pos = [e.pos[0] + delta, e.pos[1] + delta];
}

type Tree = Pick<K8sObject, 'node' | 'doc'>;
type ObjectData = Omit<K8sObject, 'node' | 'doc'>;
type PodTemplate = NonNullable<K8sObject['podTemplate']>;

/**
 * A K8sObject that is `base` moved by `delta` (prototype getters: its data reads as a plain
 * object's). Fields without offsets are copied; ranges, label blocks and the pod template are
 * shifted when first read and kept. Moving it again moves its base by the sum: no chains.
 */
class MovedObject {
  readonly uri: string;
  readonly docIndex: number;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly namespaceExplicit: boolean;
  readonly annotations: Map<string, string>;
  readonly ignoredRules: Set<string>;
  // Private fields: not enumerable, so JSON of the object (toJSON) is its data only.
  readonly #base: K8sObject;
  readonly #delta: number;
  readonly #node: K8sObject['node'];
  readonly #doc: K8sObject['doc'];
  #docRange: Range | undefined;
  #range: Range | undefined;
  #kindRange: Range | undefined;
  #nameRange: Range | undefined;
  #labels: LabelBlock | undefined;
  #podTemplate: PodTemplate | null | undefined;

  constructor(base: K8sObject, delta: number, tree: Tree, docRange: Range | undefined) {
    this.uri = base.uri;
    this.docIndex = base.docIndex;
    this.apiVersion = base.apiVersion;
    this.kind = base.kind;
    this.name = base.name;
    this.namespace = base.namespace;
    this.namespaceExplicit = base.namespaceExplicit;
    this.annotations = base.annotations;
    this.ignoredRules = base.ignoredRules;
    this.#base = base;
    this.#delta = delta;
    this.#node = tree.node;
    this.#doc = tree.doc;
    this.#docRange = docRange;
  }

  get docRange(): Range {
    return (this.#docRange ??= shiftRange(this.#base.docRange, this.#delta));
  }

  get range(): Range {
    return (this.#range ??= shiftRange(this.#base.range, this.#delta));
  }

  get kindRange(): Range {
    return (this.#kindRange ??= shiftRange(this.#base.kindRange, this.#delta));
  }

  /** The kind's range when the base has no name (the same object, as extract.ts makes it). */
  get nameRange(): Range {
    const base = this.#base;
    return (this.#nameRange ??= base.nameRange === base.kindRange ? this.kindRange : shiftRange(base.nameRange, this.#delta));
  }

  get labels(): LabelBlock {
    return (this.#labels ??= moveBlock(this.#base.labels, this.#delta));
  }

  /**
   * Its parts moved when read (the policy lookups read a pod's containers, rarely its moved
   * labels); a Pod's template labels are its labels (the same block).
   */
  get podTemplate(): PodTemplate | undefined {
    if (this.#podTemplate === undefined) {
      const t = this.#base.podTemplate;
      this.#podTemplate = t ? movedTemplate(t, this.#delta, t.labels === this.#base.labels ? () => this.labels : undefined) : null;
    }
    return this.#podTemplate ?? undefined;
  }

  get node(): K8sObject['node'] {
    settle(this.#doc);
    return this.#node;
  }

  get doc(): K8sObject['doc'] {
    settle(this.#doc);
    return this.#doc;
  }

  /** As a plain object serialises (the tree read, so shifted). */
  toJSON(): K8sObject {
    return { ...dataOf(this as unknown as K8sObject), node: this.node, doc: this.doc };
  }

  static tree(obj: MovedObject): Tree {
    return { node: obj.#node, doc: obj.#doc };
  }

  static origin(obj: MovedObject): { base: K8sObject; delta: number } {
    return { base: obj.#base, delta: obj.#delta };
  }
}

function movedTemplate(t: PodTemplate, delta: number, ownLabels: (() => LabelBlock) | undefined): PodTemplate {
  let labels: LabelBlock | undefined;
  let containers: PodTemplate['containers'] | undefined;
  let range: Range | undefined;
  return {
    get labels() {
      return (labels ??= ownLabels ? ownLabels() : moveBlock(t.labels, delta));
    },
    get containers() {
      return (containers ??= t.containers.map((c) => ({ ...c, range: shiftRange(c.range, delta), ports: c.ports.map((p) => ({ ...p, range: shiftRange(p.range, delta) })) })));
    },
    get range() {
      return (range ??= shiftRange(t.range, delta));
    },
  };
}

function moveBlock(b: LabelBlock, delta: number): LabelBlock {
  const moved: LabelBlock = {
    ...b,
    entries: b.entries.map((e) => compactLabelEntry(e, delta)),
    anchorRange: shiftRange(b.anchorRange, delta),
    insertion: moveInsertion(b.insertion, delta),
  };
  if (b.mapRange) moved.mapRange = shiftRange(b.mapRange, delta);
  return moved;
}

function moveInsertion(i: LabelInsertion, delta: number): LabelInsertion {
  if (i.kind === 'flow') return { ...i, before: i.before + delta };
  if (i.kind === 'none') return i;
  return { ...i, after: i.after + delta };
}

/** The object's tree without applying a pending shift (for reads that do not look at offsets). */
export function treeOf(obj: K8sObject): Tree {
  return obj instanceof MovedObject ? MovedObject.tree(obj) : { node: obj.node, doc: obj.doc };
}

/**
 * `obj` moved by `delta` (its tree's shift the caller records: `shiftYamlDocumentLater`).
 * `docRange`: the moved document's range, shared when it is the object's.
 */
export function movedObject(obj: K8sObject, delta: number, docRange: Range): K8sObject {
  const { base, delta: before } = obj instanceof MovedObject ? MovedObject.origin(obj) : { base: obj, delta: 0 };
  const total = before + delta;
  const baseDoc = base.docRange;
  const shared = baseDoc.start + total === docRange.start && baseDoc.end + total === docRange.end ? docRange : undefined;
  return new MovedObject(base, total, treeOf(obj), shared) as unknown as K8sObject;
}

/** The object's own data as a plain object, without its tree (a moved object's ranges read, so shifted). */
export function dataOf(o: K8sObject): ObjectData {
  if (o instanceof MovedObject) {
    const data: ObjectData = {
      uri: o.uri,
      docIndex: o.docIndex,
      docRange: o.docRange,
      apiVersion: o.apiVersion,
      kind: o.kind,
      name: o.name,
      namespace: o.namespace,
      namespaceExplicit: o.namespaceExplicit,
      range: o.range,
      kindRange: o.kindRange,
      nameRange: o.nameRange,
      labels: o.labels,
      annotations: o.annotations,
      ignoredRules: o.ignoredRules,
    };
    const t = o.podTemplate;
    if (t) data.podTemplate = t;
    return data;
  }
  const data: Record<string, unknown> = {};
  for (const key of Object.keys(o)) if (key !== 'node' && key !== 'doc') data[key] = (o as unknown as Record<string, unknown>)[key];
  return data as ObjectData;
}
