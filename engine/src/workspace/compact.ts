// A file that is not open lives in the index as its objects' plain data (labels, selectors,
// ports, ranges) without the YAML syntax trees, which take most of the memory.
//
// What other files' checks read of an object beyond the plain data (its policy model, pod spec
// facts, Service selector, its part of the label-change catalog) is computed and cached per
// object while the tree is there, so cross-file lookups never need it again. Anything that still
// reads `node` or `doc` (a rule checking this file again, a generator, the connectivity view)
// gets the trees back: the file's text is parsed again (same text, same options: the same
// objects in the same order) and the trees stay until the owner drops them again.
import type { ManifestFile } from '../parse/manifestFile';
import type { K8sObject, LabelBlock } from '../model/object';
import { compactLabelEntry } from '../model/compactLabelEntry';
import { dataOf } from '../parse/movedObject';
import { policyOf } from '../policy/parse';
import { podSpecFacts } from '../policy/workspace';
import { serviceSelector, serviceSpec } from '../policy/selection';
import { selectorsOf } from '../labels/selectionChange';

type Tree = Pick<K8sObject, 'node' | 'doc'>;

/** The YAML trees of one file's objects, dropped and parsed again on demand. */
export class SyntaxTrees {
  private trees: Tree[] | undefined;

  constructor(
    trees: Tree[],
    /** The parse of the same text with the same options. */
    private readonly reparse: () => ManifestFile,
    /** Called when the trees were parsed again (so that the owner can drop them later). */
    private readonly restored: () => void,
  ) {
    this.trees = trees;
  }

  get present(): boolean {
    return this.trees !== undefined;
  }

  drop(): void {
    this.trees = undefined;
  }

  tree(at: number): Tree {
    if (!this.trees) {
      this.trees = this.reparse().documents.flatMap((d) => d.objects.map((o) => ({ node: o.node, doc: o.doc })));
      this.restored();
    }
    return this.trees[at];
  }
}

/** A K8sObject whose tree is held by its file's SyntaxTrees (a prototype getter keeps the object small). */
class CompactObject {
  // Private fields: not enumerable, so the object's data reads (and serialises) as before.
  readonly #trees: SyntaxTrees;
  readonly #at: number;

  constructor(data: Omit<K8sObject, 'node' | 'doc'>, trees: SyntaxTrees, at: number) {
    this.#trees = trees;
    this.#at = at;
    Object.assign(this, data);
  }

  get node(): K8sObject['node'] {
    return this.#trees.tree(this.#at).node;
  }

  get doc(): K8sObject['doc'] {
    return this.#trees.tree(this.#at).doc;
  }
}

/**
 * Replaces the objects of `file` (in place, before anything keeps them: the index, caches) with
 * objects whose trees `SyntaxTrees` holds, fills the per-object caches that other files' checks
 * read, and returns the trees, still present: the owner drops them once the file is checked.
 */
export function compactObjects(file: ManifestFile, reparse: () => ManifestFile, restored: () => void): SyntaxTrees {
  const trees = new SyntaxTrees(
    file.documents.flatMap((d) => d.objects.map((o) => ({ node: o.node, doc: o.doc }))),
    reparse,
    restored,
  );
  let at = 0;
  for (const d of file.documents) {
    d.objects = d.objects.map((o) => {
      // A moved object's data (`parse/movedObject.ts`) is in getters: a spread would miss it.
      const data = dataOf(o);
      // Most objects have no annotations: one shared empty map and set instead of one each.
      if (data.annotations.size === 0) data.annotations = NO_ANNOTATIONS;
      if (data.ignoredRules.size === 0) data.ignoredRules = NO_IGNORED_RULES;
      const blocks = new Map<LabelBlock, LabelBlock>(); // a Pod's template labels are its labels
      data.labels = compactBlock(data.labels, blocks);
      if (data.podTemplate) data.podTemplate = { ...data.podTemplate, labels: compactBlock(data.podTemplate.labels, blocks) };
      const compact = new CompactObject(data, trees, at++) as unknown as K8sObject;
      cacheWhatOthersRead(compact);
      return compact;
    });
  }
  return trees;
}

function compactBlock(block: LabelBlock, done: Map<LabelBlock, LabelBlock>): LabelBlock {
  let compact = done.get(block);
  if (!compact) {
    const entries = block.entries.map((e) => compactLabelEntry(e, 0));
    compact = { ...block, entries };
    done.set(block, compact);
  }
  return compact;
}

// Shared by many objects: never to be changed (objects are immutable values).
const NO_ANNOTATIONS = new Map<string, string>();
const NO_IGNORED_RULES = new Set<string>();

function cacheWhatOthersRead(obj: K8sObject): void {
  policyOf(obj);
  podSpecFacts(obj);
  if (obj.kind === 'Service') {
    serviceSelector(obj);
    serviceSpec(obj);
  }
  selectorsOf(obj);
}
