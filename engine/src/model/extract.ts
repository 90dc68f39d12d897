// Builds K8sObjects (plain data with offsets) from one parsed YAML document.
import { Alias, Document, isAlias, isMap, isScalar, Pair, Scalar, YAMLMap } from 'yaml';
import type { LineIndex } from '../text/lineIndex';
import {
  deref,
  keyString,
  mapGet,
  mapGetPair,
  mapPairs,
  numberValue,
  Range,
  scalarText,
  seqItems,
  stringValue,
} from '../parse/yamlAccess';
import type { Container, ContainerPort, K8sObject, LabelBlock, LabelEntry, LabelInsertion, LabelValueKind } from './object';
import { podTemplatePath } from './object';

export const IGNORE_ANNOTATION = 'kube-label-lint.io/ignore';

export interface ExtractContext {
  uri: string;
  text: string;
  lines: LineIndex;
  docIndex: number;
  docRange: Range;
  defaultNamespace: string;
  eol: string;
}

/** Every Kubernetes object of a document: the document itself, or the items of a `List`. */
export function extractObjects(doc: Document, ctx: ExtractContext): K8sObject[] {
  const root = deref(doc.contents, doc);
  if (!isMap(root)) return [];
  const out: K8sObject[] = [];
  const self = extractObject(root, doc, ctx);
  if (!self) return out;
  const items = mapGet(root, 'items', doc);
  if (self.kind.endsWith('List') && items) {
    for (const item of seqItems(items, doc)) {
      if (isMap(item)) {
        const child = extractObject(item, doc, ctx);
        if (child) out.push(child);
      }
    }
    return out;
  }
  out.push(self);
  return out;
}

function extractObject(map: YAMLMap, doc: Document, ctx: ExtractContext): K8sObject | undefined {
  const apiVersion = stringValue(mapGet(map, 'apiVersion', doc));
  const kindNode = mapGet(map, 'kind', doc);
  const kind = stringValue(kindNode);
  if (!apiVersion || !kind) return undefined;
  const range = rangeOrDoc(map, ctx);
  const kindRange = rangeOrDoc(kindNode, ctx);
  const metadataPair = mapGetPair(map, 'metadata', doc);
  const metadata = deref(metadataPair?.value, doc);
  const nameNode = mapGet(metadata, 'name', doc);
  const namespace = stringValue(mapGet(metadata, 'namespace', doc));
  const labels = extractLabelBlock(metadataPair, 'metadata', doc, ctx) ?? emptyBlock('metadata', kindRange);
  const annotations = new Map<string, string>();
  const annotationsNode = mapGet(metadata, 'annotations', doc);
  if (isMap(annotationsNode)) {
    for (const { pair } of mapPairs(annotationsNode, doc)) {
      const k = keyString(pair.key);
      const v = scalarText(deref(pair.value, doc));
      if (k !== undefined && v !== undefined) annotations.set(k, v);
    }
  }
  const ignoredRules = new Set<string>();
  for (const id of (annotations.get(IGNORE_ANNOTATION) ?? '').split(/[\s,]+/)) if (id) ignoredRules.add(id);

  const obj: K8sObject = {
    uri: ctx.uri,
    docIndex: ctx.docIndex,
    docRange: ctx.docRange,
    apiVersion,
    kind,
    name: scalarText(nameNode) ?? '',
    namespace: namespace ?? ctx.defaultNamespace,
    namespaceExplicit: namespace !== undefined,
    range,
    kindRange,
    nameRange: nameNode?.range ? { start: nameNode.range[0], end: nameNode.range[1] } : kindRange,
    labels,
    annotations,
    ignoredRules,
    node: map,
    doc,
  };
  if (kind === 'Pod') {
    obj.podTemplate = { labels, containers: extractContainers(mapGet(map, 'spec', doc), doc, ctx), range };
  } else {
    const path = podTemplatePath(kind);
    if (path) {
      let parent: unknown = map;
      let templatePair: Pair | undefined;
      for (const key of path) {
        templatePair = mapGetPair(parent as YAMLMap, key, doc);
        parent = deref(templatePair?.value, doc);
        if (!parent) break;
      }
      if (isMap(parent) && templatePair) {
        const templateMetaPair = mapGetPair(parent, 'metadata', doc);
        const templateRange = rangeOrDoc(templatePair.key as Scalar, ctx);
        const templateLabels =
          extractLabelBlock(templateMetaPair, 'template', doc, ctx) ?? emptyBlock('template', templateRange);
        obj.podTemplate = {
          labels: templateLabels,
          containers: extractContainers(mapGet(parent, 'spec', doc), doc, ctx),
          range: rangeOrDoc(parent, ctx),
        };
      }
    }
  }
  return obj;
}

function emptyBlock(where: LabelBlock['where'], anchor: Range): LabelBlock {
  return { where, entries: [], anchorRange: anchor, insertion: { kind: 'none' } };
}

function rangeOrDoc(node: unknown, ctx: ExtractContext): Range {
  const r = (node as { range?: [number, number, number] } | undefined)?.range;
  return r ? { start: r[0], end: r[1] } : { start: ctx.docRange.start, end: ctx.docRange.start };
}

function valueKind(node: unknown): LabelValueKind {
  if (!isScalar(node)) return 'other';
  const v = node.value;
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  return 'other';
}

function quoteOf(node: unknown): '' | '"' | "'" {
  if (!isScalar(node)) return '';
  if (node.type === 'QUOTE_DOUBLE') return '"';
  if (node.type === 'QUOTE_SINGLE') return "'";
  return '';
}

/** Indentation (the whitespace before `offset` on its line), when only whitespace precedes it. */
function indentAt(offset: number, ctx: ExtractContext): string | undefined {
  const lineStart = ctx.lines.lineStart(ctx.lines.positionAt(offset).line);
  const prefix = ctx.text.slice(lineStart, offset);
  return /^[ ]*$/.test(prefix) ? prefix : undefined;
}

function lineEndAfter(offset: number, ctx: ExtractContext): number {
  return ctx.lines.lineEnd(ctx.lines.positionAt(Math.max(offset - 1, 0)).line);
}

/** `metadata.labels` (or a template's) with ranges and where a new label would go. */
function extractLabelBlock(
  metadataPair: Pair | undefined,
  where: LabelBlock['where'],
  doc: Document,
  ctx: ExtractContext,
): LabelBlock | undefined {
  if (!metadataPair) return undefined;
  const metadataKeyRange = rangeOrDoc(metadataPair.key, ctx);
  const metadata = deref(metadataPair.value, doc);
  if (!isMap(metadata)) return emptyBlock(where, metadataKeyRange);
  const labelsPair = mapGetPair(metadata, 'labels', doc);
  if (!labelsPair) return { where, entries: [], anchorRange: metadataKeyRange, insertion: createInsertion(metadata, metadataPair, doc, ctx) };
  const anchorRange = rangeOrDoc(labelsPair.key, ctx);
  const labelsValue = labelsPair.value;
  const labelsMap = deref(labelsValue, doc);
  if (!isMap(labelsMap)) {
    const emptyValue = labelsValue === null || (isScalar(labelsValue) && labelsValue.value === null && !scalarText(labelsValue) && !(labelsValue.source ?? '').trim());
    const keyIndent = indentAt(anchorRange.start, ctx);
    const insertion: LabelInsertion =
      emptyValue && keyIndent !== undefined && !metadata.flow
        ? { kind: 'empty', after: lineEndAfter(anchorRange.end, ctx), indent: keyIndent + '  ', eol: ctx.eol }
        : { kind: 'none' };
    return { where, entries: [], anchorRange, insertion };
  }
  const aliased = labelsMap !== labelsValue;
  const pairs = mapPairs(labelsMap, doc);
  const entries: LabelEntry[] = [];
  for (const { pair, inherited } of pairs) {
    const keyNode = pair.key as Scalar | null;
    const valueNode = deref(pair.value, doc);
    const keyRange = rangeOrDoc(keyNode, ctx);
    // An alias value (`team: *t`) is located at the alias, not at the anchor it names elsewhere.
    const valueAliased = isAlias(pair.value);
    const located = valueAliased ? (pair.value as Alias) : valueNode;
    const valueRange = located?.range ? { start: located.range[0], end: located.range[1] } : { start: keyRange.end, end: keyRange.end };
    entries.push({
      key: keyString(keyNode) ?? '',
      value: scalarText(valueNode) ?? '',
      valueKind: valueKind(valueNode),
      keyRange,
      valueRange,
      pairRange: { start: keyRange.start, end: Math.max(valueRange.end, keyRange.end) },
      keyIsString: isScalar(keyNode) && typeof keyNode.value === 'string',
      inherited: inherited || aliased || valueAliased,
    });
  }
  return {
    where,
    entries,
    anchorRange,
    mapRange: rangeOrDoc(labelsMap, ctx),
    insertion: aliased ? { kind: 'none' } : mapInsertion(labelsMap, doc, ctx),
  };
}

function mapInsertion(map: YAMLMap, doc: Document, ctx: ExtractContext): LabelInsertion {
  const own = mapPairs(map, doc).filter((p) => !p.inherited);
  const firstValue = own.length ? deref(own[0].pair.value, doc) : undefined;
  const quote = quoteOf(firstValue);
  if (map.flow) {
    const end = map.range ? map.range[1] : -1;
    const close = ctx.text.lastIndexOf('}', end);
    if (close < 0) return { kind: 'none' };
    if (own.length === 0) return { kind: 'flow', before: close, empty: true, quote };
    const last = own[own.length - 1].pair;
    const lastEnd = (last.value as Scalar | null)?.range?.[1] ?? (last.key as Scalar).range?.[1];
    return lastEnd === undefined ? { kind: 'none' } : { kind: 'flow', before: lastEnd, empty: false, quote };
  }
  if (own.length === 0) return { kind: 'none' };
  const firstKey = own[0].pair.key as Scalar;
  const indent = firstKey.range ? indentAt(firstKey.range[0], ctx) : undefined;
  if (indent === undefined) return { kind: 'none' };
  const last = own[own.length - 1].pair;
  const lastEnd = (last.value as Scalar | null)?.range?.[1] ?? (last.key as Scalar).range?.[1];
  if (lastEnd === undefined) return { kind: 'none' };
  return { kind: 'block', after: lineEndAfter(lastEnd, ctx), indent, quote, eol: ctx.eol };
}

/** No `labels:` yet: add it as the metadata map's last key. */
function createInsertion(metadata: YAMLMap, metadataPair: Pair, doc: Document, ctx: ExtractContext): LabelInsertion {
  if (metadata.flow) return { kind: 'none' };
  const own = mapPairs(metadata, doc).filter((p) => !p.inherited);
  if (own.length === 0) return { kind: 'none' };
  const indent = indentAt((own[0].pair.key as Scalar).range?.[0] ?? -1, ctx);
  if (indent === undefined) return { kind: 'none' };
  const last = own[own.length - 1].pair;
  const lastEnd = (last.value as Scalar | null)?.range?.[1] ?? (last.key as Scalar).range?.[1];
  if (lastEnd === undefined || !metadataPair.key) return { kind: 'none' };
  return { kind: 'create', after: lineEndAfter(lastEnd, ctx), indent, eol: ctx.eol };
}

function extractContainers(podSpec: unknown, doc: Document, ctx: ExtractContext): Container[] {
  const containers: Container[] = [];
  for (const c of seqItems(mapGet(podSpec as YAMLMap, 'containers', doc), doc)) {
    if (!isMap(c)) continue;
    const ports: ContainerPort[] = [];
    for (const p of seqItems(mapGet(c, 'ports', doc), doc)) {
      if (!isMap(p)) continue;
      ports.push({
        name: stringValue(mapGet(p, 'name', doc)),
        containerPort: numberValue(mapGet(p, 'containerPort', doc)),
        protocol: stringValue(mapGet(p, 'protocol', doc)) ?? 'TCP',
        range: rangeOrDoc(p, ctx),
      });
    }
    containers.push({ name: stringValue(mapGet(c, 'name', doc)) ?? '', ports, range: rangeOrDoc(c, ctx) });
  }
  return containers;
}
