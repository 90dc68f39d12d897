// Small, allocation-light accessors over `yaml` nodes. Aliases are followed (anchors
// resolved within the document) and YAML 1.1 merge keys (`<<`) are expanded, because
// Kubernetes' YAML decoder accepts both.
import { Document, isAlias, isMap, isPair, isScalar, isSeq, Node, Pair, visit, YAMLMap, YAMLSeq } from 'yaml';

export interface Range {
  start: number;
  end: number;
}

export type AnyNode = Node | null | undefined;

/** `r` moved by `delta` (an edit earlier in the text). */
export function shiftRange(r: Range, delta: number): Range {
  return { start: r.start + delta, end: r.end + delta };
}

/** The document has an alias (`*name`) somewhere: content written once may stand in several places. */
export function hasAlias(doc: Document): boolean {
  let found = false;
  visit(doc, {
    Alias() {
      found = true;
      return visit.BREAK;
    },
  });
  return found;
}

/** Follows an alias to the node it names; other nodes are returned as they are. */
export function deref(node: unknown, doc: Document): AnyNode {
  let current = node as AnyNode;
  for (let hops = 0; current && isAlias(current) && hops < 32; hops++) {
    current = current.resolve(doc) as AnyNode;
  }
  return current && isAlias(current) ? undefined : current;
}

/** The pairs of a map, merge keys expanded (the map's own keys win over merged ones). */
export function mapPairs(map: YAMLMap, doc: Document): { pair: Pair; inherited: boolean }[] {
  const own: { pair: Pair; inherited: boolean }[] = [];
  const merged: { pair: Pair; inherited: boolean }[] = [];
  for (const item of map.items) {
    if (!isPair(item)) continue;
    if (isMergeKey(item.key)) {
      const target = deref(item.value, doc);
      const sources = isSeq(target) ? target.items.map((n) => deref(n, doc)) : [target];
      for (const source of sources) {
        if (isMap(source)) for (const p of mapPairs(source, doc)) merged.push({ pair: p.pair, inherited: true });
      }
      continue;
    }
    own.push({ pair: item, inherited: false });
  }
  if (merged.length === 0) return own;
  const ownKeys = new Set(own.map((p) => keyString(p.pair.key)));
  return [...own, ...merged.filter((p) => !ownKeys.has(keyString(p.pair.key)))];
}

/** `<<` under YAML 1.1 merge semantics (the `yaml` package types it as a symbol). */
export function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (typeof key.value === 'symbol' || key.value === '<<');
}

export function keyString(key: unknown): string | undefined {
  if (isScalar(key)) {
    const v = key.value;
    return v === null || v === undefined || typeof v === 'symbol' ? undefined : String(v);
  }
  return undefined;
}

/** The value node under `key` in a map (following aliases), or undefined. */
export function mapGet(node: AnyNode, key: string, doc: Document): AnyNode {
  return deref(mapGetPair(node, key, doc)?.value, doc);
}

/** The pair under `key` (so callers can reach the key's range), or undefined. */
export function mapGetPair(node: AnyNode, key: string, doc: Document): Pair | undefined {
  const map = deref(node, doc);
  if (!isMap(map)) return undefined;
  // The map's own pairs first, without mapPairs' list: most maps have no merge key.
  for (const item of map.items) {
    if (!isPair(item)) continue;
    if (isMergeKey(item.key)) return mergedPair(map, key, doc);
    if (keyString(item.key) === key) return item;
  }
  return undefined;
}

function mergedPair(map: YAMLMap, key: string, doc: Document): Pair | undefined {
  for (const { pair } of mapPairs(map, doc)) if (keyString(pair.key) === key) return pair;
  return undefined;
}

export function mapPath(node: AnyNode, path: readonly string[], doc: Document): AnyNode {
  let current = node;
  for (const key of path) {
    current = mapGet(current, key, doc);
    if (!current) return undefined;
  }
  return current;
}

/** A scalar's value as a string (numbers and booleans as written in the source). */
export function scalarText(node: AnyNode): string | undefined {
  if (!isScalar(node)) return undefined;
  if (node.value === null || node.value === undefined) return undefined;
  if (typeof node.value === 'string') return node.value;
  return node.source ?? String(node.value);
}

/** A scalar that YAML types as a string (quoted, or plain text that is not a number/bool/null). */
export function stringValue(node: AnyNode): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

export function numberValue(node: AnyNode): number | undefined {
  return isScalar(node) && typeof node.value === 'number' ? node.value : undefined;
}

export function seqItems(node: AnyNode, doc: Document): AnyNode[] {
  const seq = deref(node, doc);
  return isSeq(seq) ? (seq as YAMLSeq).items.map((n) => deref(n, doc)) : [];
}

const NOT_PLAIN = Symbol('not plain');

/**
 * `node.toJS(doc)` (aliases capped at 100 expansions; undefined where that throws), without
 * `toJS`'s per-call context for the usual tree of string keys and no aliases or merge keys.
 */
export function toPlainData(node: AnyNode, doc: Document): unknown {
  if (!node) return undefined;
  const plain = plainTree(node);
  if (plain !== NOT_PLAIN) return plain;
  try {
    return node.toJS(doc, { maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}

function plainTree(node: unknown): unknown {
  if (isScalar(node)) return typeof node.value === 'symbol' ? NOT_PLAIN : node.value;
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (typeof key !== 'string' || key === '<<' || key === '__proto__') return NOT_PLAIN;
      const value = plainTree(pair.value);
      if (value === NOT_PLAIN) return NOT_PLAIN;
      out[key] = value;
    }
    return out;
  }
  if (isSeq(node)) {
    const out: unknown[] = [];
    for (const item of node.items) {
      const value = plainTree(item);
      if (value === NOT_PLAIN) return NOT_PLAIN;
      out.push(value);
    }
    return out;
  }
  return node === null ? null : NOT_PLAIN; // an alias, or an empty pair value (yaml's toJS knows)
}

export function rangeOf(node: AnyNode): Range | undefined {
  if (!node || !node.range) return undefined;
  return { start: node.range[0], end: node.range[1] };
}

export { isMap, isScalar, isSeq, isPair, isAlias };
