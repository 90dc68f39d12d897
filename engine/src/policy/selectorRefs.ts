// Selectors as written in YAML → SelectorRefs with file offsets: Kubernetes LabelSelectors (each
// key and value located), and Calico selector expressions (parsed, with the expression's offsets
// mapped back into the file where the scalar's text is the expression's text character for character).
import { Document, isAlias, isMap, isScalar, isSeq, Node, Scalar, YAMLMap } from 'yaml';
import { AnyNode, deref, keyString, mapGetPair, mapPairs, Range, scalarText, seqItems } from '../parse/yamlAccess';
import {
  calicoSelectorKeys,
  CalicoSelectorField,
  globalSelectorProblem,
  parseCalicoSelector,
} from '../selectors/calico';
import { isEmptySelector, toK8sLabelSelector } from '../selectors/labelSelector';
import type { CalicoSelectorRef, K8sSelectorRef, SelectorKeyUse, SelectorValueUse } from './types';

/** A node's range without trailing comments and line breaks (a block map's `range` runs past them). */
export function contentRange(node: unknown): Range | undefined {
  const n = node as Node | null | undefined;
  if (!n || !n.range) return undefined;
  const start = n.range[0];
  let end = n.range[1];
  if ((isMap(n) || isSeq(n)) && !n.flow && n.items.length > 0) {
    const last = n.items[n.items.length - 1] as unknown;
    const lastNode = isMap(n) ? ((last as { value?: unknown; key?: unknown }).value ?? (last as { key?: unknown }).key) : last;
    const inner = contentRange(lastNode);
    if (inner) end = inner.end;
  }
  return { start, end: Math.max(start, end) };
}

/** Range of a node or, when it has none, of a fallback (the key). */
export function rangeOr(node: unknown, fallback: Range): Range {
  return contentRange(node) ?? fallback;
}

/** True when the pair's value is reached through an alias or a merge key: fixes must not edit it. */
function located(node: unknown, inherited: boolean): { range?: Range; editable: boolean } {
  const n = node as Node | null | undefined;
  return { range: contentRange(n), editable: !inherited && !isAlias(n) };
}

/** The entries of a `key: value` map as SelectorKeyUses (appended to `keys`); returns the map as data. */
function labelUses(map: YAMLMap, doc: Document, aliased: boolean, keys: SelectorKeyUse[]): Record<string, unknown> {
  const labels: Record<string, unknown> = {};
  for (const { pair, inherited } of mapPairs(map, doc)) {
    const key = keyString(pair.key);
    if (key === undefined) continue;
    const valueNode = deref(pair.value, doc);
    labels[key] = isScalar(valueNode) ? valueNode.value : valueNode?.toJSON();
    const k = located(pair.key, inherited || aliased);
    const v = located(pair.value, inherited || aliased);
    if (!k.range) continue;
    const value = scalarText(valueNode) ?? '';
    keys.push({
      key,
      range: k.range,
      editable: k.editable,
      values: [{ value, range: v.range ?? { start: k.range.end, end: k.range.end }, editable: v.editable && v.range !== undefined }],
      flow: map.flow === true,
      inExpression: false,
    });
  }
  return labels;
}

/** A plain `key: value` selector map (a Service's `spec.selector`, a ReplicationController's). */
export function mapSelectorRef(raw: AnyNode, doc: Document, field: string, keyRange: Range): K8sSelectorRef | undefined {
  const node = deref(raw, doc);
  if (!isMap(node)) return undefined;
  const keys: SelectorKeyUse[] = [];
  const selector = toK8sLabelSelector({ matchLabels: labelUses(node, doc, isAlias(raw), keys) }) ?? { matchLabels: {}, matchExpressions: [] };
  return { kind: 'k8s', field, selector, range: contentRange(raw) ?? keyRange, empty: isEmptySelector(selector), keys };
}

/**
 * A Kubernetes LabelSelector at `node` (`podSelector`, `namespaceSelector`, …). A null value
 * (`podSelector:`) decodes to the empty selector, as Go's JSON decoding does; any other non-map
 * value selects nothing.
 */
export function k8sSelectorRef(raw: AnyNode, doc: Document, field: string, keyRange: Range): K8sSelectorRef {
  const node = deref(raw, doc);
  const range = contentRange(raw) ?? keyRange;
  if (node === undefined || node === null || (isScalar(node) && (node.value === null || node.value === undefined))) {
    return { kind: 'k8s', field, selector: { matchLabels: {}, matchExpressions: [] }, range, empty: true, keys: [] };
  }
  if (!isMap(node)) {
    // Not a LabelSelector (a string, a list): the API server rejects it; it selects nothing here.
    const selector = { matchLabels: {}, matchExpressions: [{ key: '', operator: '<not a selector>', values: [] }] };
    return { kind: 'k8s', field, selector, range, empty: false, keys: [] };
  }
  const aliased = isAlias(raw);
  const keys: SelectorKeyUse[] = [];
  const plain: Record<string, unknown> = {};
  const matchLabelsPair = mapGetPair(node, 'matchLabels', doc);
  const matchLabels = deref(matchLabelsPair?.value, doc);
  if (isMap(matchLabels)) plain.matchLabels = labelUses(matchLabels, doc, aliased || isAlias(matchLabelsPair?.value), keys);
  const expressions = seqItems(mapGetPair(node, 'matchExpressions', doc)?.value as AnyNode, doc);
  if (expressions.length > 0) {
    plain.matchExpressions = expressions.map((item) => {
      if (!isMap(item)) return null;
      const keyNode = mapGetPair(item, 'key', doc)?.value;
      const valuesNode = mapGetPair(item, 'values', doc)?.value;
      const key = scalarText(deref(keyNode, doc));
      const values: SelectorValueUse[] = [];
      const raws: unknown[] = [];
      const valuesSeq = deref(valuesNode, doc);
      if (isSeq(valuesSeq)) {
        for (const v of valuesSeq.items) {
          const d = deref(v, doc);
          raws.push(isScalar(d) ? d.value : d?.toJSON());
          const loc = located(v, aliased || isAlias(valuesNode));
          const text = scalarText(d);
          if (loc.range && text !== undefined) values.push({ value: text, range: loc.range, editable: loc.editable });
        }
      }
      const loc = located(keyNode, aliased);
      if (key !== undefined && loc.range) {
        keys.push({ key, range: loc.range, editable: loc.editable && isScalar(keyNode), values, flow: false, inExpression: false });
      }
      const operatorNode = deref(mapGetPair(item, 'operator', doc)?.value, doc);
      return { key, operator: isScalar(operatorNode) ? operatorNode.value : undefined, values: isSeq(valuesSeq) ? raws : undefined };
    });
  }
  const selector = toK8sLabelSelector(plain) ?? { matchLabels: {}, matchExpressions: [] };
  return { kind: 'k8s', field, selector, range, empty: isEmptySelector(selector), keys };
}

/**
 * Where the text of a scalar starts in the file when it maps character for character: a plain
 * scalar on one line, or a quoted one without escapes or line folding (every YAML transformation
 * shortens the text, so equal lengths mean none happened).
 */
function exactTextStart(node: Scalar, text: string): number | undefined {
  if (!node.range) return undefined;
  const length = node.range[1] - node.range[0];
  switch (node.type) {
    case 'PLAIN':
      return length === text.length ? node.range[0] : undefined;
    case 'QUOTE_SINGLE':
    case 'QUOTE_DOUBLE':
      return length === text.length + 2 ? node.range[0] + 1 : undefined;
    default:
      return undefined;
  }
}

/**
 * A Calico selector expression at `raw`. A null value is the empty selector (`all()`); a
 * non-scalar is not a selector (undefined). `global()` outside a rule's namespaceSelector, and
 * combined with anything there, is a syntax error (libcalico-go's validation).
 */
export function calicoSelectorRef(
  raw: AnyNode,
  doc: Document,
  field: string,
  placement: CalicoSelectorField,
  keyRange: Range,
): CalicoSelectorRef | undefined {
  const node = deref(raw, doc);
  if (node !== undefined && node !== null && !isScalar(node)) return undefined;
  const text = isScalar(node) ? (scalarText(node) ?? '') : '';
  const range = contentRange(node) ?? keyRange;
  const textStart = isScalar(node) && text !== '' ? exactTextStart(node, text) : undefined;
  let result = parseCalicoSelector(text);
  if (result.ok) {
    const problem = globalSelectorProblem(text, placement);
    if (problem) result = { ok: false, error: problem };
  }
  const keys: SelectorKeyUse[] = [];
  if (result.ok) {
    for (const ref of calicoSelectorKeys(result.ast)) {
      const exact = textStart !== undefined;
      const at = (s: number, e: number): Range => (exact ? { start: textStart + s, end: textStart + e } : range);
      const values =
        ref.op === '==' || ref.op === '!=' || ref.op === 'in' || ref.op === 'not in'
          ? ref.values.map((v) => ({ value: v.value, range: at(v.start, v.end), editable: exact }))
          : [];
      keys.push({ key: ref.key, range: at(ref.start, ref.end), editable: exact, values, flow: false, inExpression: true });
    }
  }
  return { kind: 'calico', field, placement, text, range, textStart, result, keys };
}

/** A range without trailing white space and line breaks (a block scalar's range ends on the next line). */
export function trimRange(text: string, range: Range): Range {
  let end = range.end;
  while (end > range.start && /\s/.test(text[end - 1])) end--;
  return { start: range.start, end };
}
