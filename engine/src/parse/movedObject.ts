// Objects moved by an edit earlier in their file (`incremental.ts`) keep their YAML trees, whose
// offsets are shifted only when the tree is first read: a keystroke reads few of the other
// documents' trees (their per-object caches move with them, `model/objectCache.ts`), and
// walking every node of the file after the edit was most of a keystroke's re-parse.
import { type Document, isCollection, isNode, isPair } from 'yaml';
import type { K8sObject } from '../model/object';

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

/** A K8sObject whose tree is shifted when read (prototype getters: its data reads as a plain object's). */
class MovedObject {
  // Private fields: not enumerable, so a spread or JSON of the object sees its data only.
  readonly #node: K8sObject['node'];
  readonly #doc: K8sObject['doc'];

  constructor(data: Omit<K8sObject, 'node' | 'doc'>, tree: Tree) {
    Object.assign(this, data);
    this.#node = tree.node;
    this.#doc = tree.doc;
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
    return { ...(this as unknown as K8sObject), node: this.node, doc: this.doc };
  }

  static tree(obj: MovedObject): Tree {
    return { node: obj.#node, doc: obj.#doc };
  }
}

/** The object's tree without applying a pending shift (for reads that do not look at offsets). */
export function treeOf(obj: K8sObject): Tree {
  return obj instanceof MovedObject ? MovedObject.tree(obj) : { node: obj.node, doc: obj.doc };
}

/** The object `data` with the tree of `from` (whose shift the caller records: `shiftYamlDocumentLater`). */
export function movedObject(data: Omit<K8sObject, 'node' | 'doc'>, tree: Tree): K8sObject {
  return new MovedObject(data, tree) as unknown as K8sObject;
}
