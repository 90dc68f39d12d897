// A file's semantic signature: what other files' findings can depend on, hashed. When an edit
// leaves it equal, the other files of the folder are not checked again (only those whose findings
// point into this file, to move their positions). It hashes every object's content as written
// (scalars by their type and source text, so `1.0` → `1.00` or quoting `"1.0"` counts), not its
// formatting, comments or position. The `metadata.labels` of a workload whose pods carry the
// template's labels are left out: no check of another object reads them
// (`labelsUnreadByIndex`), so typing such a label's value re-checks only its own file.
import { createHash } from 'node:crypto';
import { isAlias, isMap, isNode, isPair, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import { labelsUnreadByIndex, treeOf, type K8sObject, type ManifestFile } from '../../engine/src/index';
import { hasAlias, mapGetPair } from '../../engine/src/parse/yamlAccess';

export function semanticSignature(file: ManifestFile): string {
  const h = createHash('sha1');
  if (file.skipped) h.update('skipped');
  for (const doc of file.documents) {
    h.update('\u0000doc');
    const objectsByTree = new Map<Document, K8sObject[]>();
    for (const obj of doc.objects) {
      // Content only: a moved object's tree need not be shifted for it.
      const tree = treeOf(obj).doc;
      const list = objectsByTree.get(tree);
      if (list) list.push(obj);
      else objectsByTree.set(tree, [obj]);
    }
    for (const [tree, objects] of objectsByTree) h.update(documentContentHash(tree, objects));
  }
  return h.digest('base64');
}

/**
 * Per YAML document, so that an edit re-hashes only the document it re-parsed: the incremental
 * parse keeps the other documents' `Document`s (moved, not re-created), and content does not
 * depend on where the document is. `objects` are the document's (the same for the same tree).
 */
const contentHashes = new WeakMap<Document, string>();

function documentContentHash(tree: Document, objects: readonly K8sObject[]): string {
  let hash = contentHashes.get(tree);
  if (hash === undefined) {
    const out: string[] = [];
    writeContent(out, tree.contents, unreadLabelPairs(tree, objects));
    hash = createHash('sha1').update(out.join('')).digest('base64');
    contentHashes.set(tree, hash);
  }
  return hash;
}

/** A canonical text of a node: structure, anchors, alias names, tags, and each scalar's type and source. */
function writeContent(out: string[], node: unknown, skipped: ReadonlySet<Pair>): void {
  if (isAlias(node)) {
    // By name: the anchored content is written where it is defined (no alias expansion, no bomb).
    out.push('*', JSON.stringify(node.source));
    return;
  }
  if (!isNode(node)) {
    out.push('~');
    return;
  }
  if (node.anchor) out.push('&', JSON.stringify(node.anchor));
  if (node.tag) out.push('!', JSON.stringify(node.tag));
  if (isScalar(node)) {
    out.push(typeof node.value, JSON.stringify(node.source ?? String(node.value)));
  } else if (isMap(node) || isSeq(node)) {
    out.push(isMap(node) ? '{' : '[');
    for (const item of node.items) {
      if (isPair(item)) {
        if (skipped.has(item)) continue;
        writeContent(out, item.key, skipped);
        out.push(':');
        writeContent(out, item.value, skipped);
      } else writeContent(out, item, skipped);
      out.push(',');
    }
    out.push(isMap(node) ? '}' : ']');
  }
}

/** The `metadata.labels` pairs left out of the hash; none when the document has an alias (it could repeat them). */
function unreadLabelPairs(tree: Document, objects: readonly K8sObject[]): Set<Pair> {
  const pairs = new Set<Pair>();
  const candidates = objects.filter(labelsUnreadByIndex);
  if (candidates.length === 0 || hasAlias(tree)) return pairs;
  for (const obj of candidates) {
    // No alias, so no merge key either: the pairs found are written in the maps themselves.
    const metadata = mapGetPair(treeOf(obj).node, 'metadata', tree);
    const labels = metadata && mapGetPair(metadata.value as Node, 'labels', tree);
    if (labels) pairs.add(labels);
  }
  return pairs;
}
