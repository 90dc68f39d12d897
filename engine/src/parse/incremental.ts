// Re-parses only the YAML document an edit touches (the language server's keystroke path).
//
// A `---` line at column 0 always ends the previous document for the `yaml` lexer unless it is
// inside a quoted scalar, so the text between two marker lines (a "chunk") can be parsed on its
// own: the edited chunk is parsed alone, its nodes shifted to offsets in the whole text, and the
// following documents shifted by the length delta. Whenever the chunk structure could change
// or be in doubt — a marker line created, removed or touched, a YAML error in the new document
// (an open quote can swallow the next marker), directives, `...` markers, a BOM, lone CRs, NUL,
// Helm braces, a line-break style change — the whole file is parsed as before. The result equals
// `parseManifestFile` of the new text (test/engine/parse/incremental.test.ts checks it).
import type { Document } from 'yaml';
import { LineIndex } from '../text/lineIndex';
import type { K8sObject } from '../model/object';
import { objectMoved } from '../model/objectCache';
import { movedObject, shiftYamlDocument, shiftYamlDocumentLater, treeOf } from './movedObject';
import { parseYamlDocuments } from './nesting';
import { shiftRange } from './yamlAccess';
import { crossView } from '../workspace/crossView';
import type { SameView } from '../workspace/index';
import {
  buildDocument,
  collectSuppressions,
  eolOf,
  LONE_CR,
  parseManifestFile,
  type ManifestDocument,
  type ManifestFile,
  type ParseOptions,
} from './manifestFile';

export interface Reparse {
  file: ManifestFile;
  /** Index of the only document that was parsed again; undefined after a whole-file parse. */
  reparsed?: number;
}

/**
 * The parse of `text`, reusing `previous` (the parse of the text before the edit, made with the
 * same options) when the edit stays inside one document. `previous` is consumed: the YAML nodes
 * of the documents after the edit are shifted in place and shared with the result.
 */
export function updateManifestFile(uri: string, text: string, previous: ManifestFile | undefined, options: ParseOptions = {}): Reparse {
  const incremental = previous && previous.uri === uri ? reparseOneDocument(previous, text, options) : undefined;
  return incremental ?? { file: parseManifestFile(uri, text, options) };
}

function reparseOneDocument(prev: ManifestFile, text: string, options: ParseOptions): Reparse | undefined {
  const old = prev.text;
  if (prev.skipped || old === text || !(safe.get(prev) ?? chunkable(old)) || eolOf(old) !== eolOf(text)) return undefined;
  // The changed region: common prefix and suffix (one region whatever the editor's events were).
  const minLength = Math.min(old.length, text.length);
  let from = 0;
  // Whole blocks first (a native comparison), then character by character.
  while (from + BLOCK <= minLength && old.slice(from, from + BLOCK) === text.slice(from, from + BLOCK)) from += BLOCK;
  while (from < minLength && old.charCodeAt(from) === text.charCodeAt(from)) from++;
  let suffix = 0;
  while (suffix + BLOCK <= minLength - from && old.slice(old.length - suffix - BLOCK, old.length - suffix) === text.slice(text.length - suffix - BLOCK, text.length - suffix)) suffix += BLOCK;
  while (suffix < minLength - from && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  const oldEnd = old.length - suffix;
  const delta = text.length - old.length;
  // Every line the edit touches, before and after it, must not be a marker line.
  const lineStart = from === 0 ? 0 : old.lastIndexOf('\n', from - 1) + 1;
  const oldLinesEnd = lineEndAt(old, oldEnd);
  const newLinesEnd = lineEndAt(text, oldEnd + delta);
  if (hasMarkerLine(old, lineStart, oldLinesEnd) || hasMarkerLine(text, lineStart, newLinesEnd)) return undefined;
  // The old text is chunkable: the new one is unless the edited lines (with the line break after
  // them, and the character before the edit) bring in what is not.
  if (!chunkable(text.slice(lineStart, newLinesEnd + 1))) return undefined;
  const chunkStart = markerBefore(old, lineStart);
  const chunkEnd = markerAfter(old, oldLinesEnd);
  const inChunk = prev.documents.filter((d) => d.range.start >= chunkStart && d.range.start < chunkEnd);
  if (inChunk.length !== 1) return undefined;
  const before = inChunk[0];
  if (before.range.end > chunkEnd || (chunkStart > 0 && before.range.start > chunkStart + 3)) return undefined;
  const newChunkEnd = chunkEnd + delta;
  let parsed: ReturnType<typeof parseYamlDocuments>;
  try {
    parsed = parseYamlDocuments(text.slice(chunkStart, newChunkEnd));
  } catch {
    return undefined;
  }
  if (parsed.deep.length > 0 || parsed.docs.length !== 1 || parsed.docs[0].errors.length > 0) return undefined;
  const doc = parsed.docs[0];
  shiftYamlDocument(doc, chunkStart);
  const lines = LineIndex.edited(prev.lines, text, from, oldEnd);
  const context = { uri: prev.uri, text, lines, eol: eolOf(text), hasControl: true, defaultNamespace: options.defaultNamespace ?? 'default' };
  const entry = buildDocument({ doc }, before.index, context);
  if (entry.range.end > newChunkEnd) return undefined;
  const sameView = new Map<K8sObject, K8sObject>();
  const documents = prev.documents.map((d) => (d.index < before.index ? d : d === before ? entry : shiftDocument(d, delta, sameView)));
  const file: ManifestFile = { uri: prev.uri, text, lines, documents, suppressions: collectSuppressions(text, lines) };
  safe.set(file, true);
  // The edited document's objects look the same to the index readers when its cross view did not
  // change (e.g. a workload's own label value typed): the derived lookups follow them.
  if (entry.objects.length === before.objects.length && crossView(entry, text) !== undefined && crossView(entry, text) === crossView(before, old)) {
    entry.objects.forEach((o, k) => sameView.set(o, before.objects[k]));
    sameViews.set(file, sameView);
  }
  return { file, reparsed: before.index };
}

/** Per parse made here, its objects that equal, as the index readers see them, those they replace. */
const sameViews = new WeakMap<ManifestFile, SameView>();

/**
 * For `WorkspaceIndex.setFile`: the objects of a one-document re-parse mapped to the objects they
 * replace when all of them look the same to the index readers (moved, or the edit was not seen).
 */
export function sameViewOf(file: ManifestFile): SameView | undefined {
  return sameViews.get(file);
}

/** Characters compared at once when looking for the changed region. */
const BLOCK = 1024;

/** Parses already known to satisfy `chunkable` (those this module made). */
const safe = new WeakMap<ManifestFile, boolean>();

/** The text has none of what makes documents depend on each other or the parse depend on the whole text. */
function chunkable(text: string): boolean {
  return (
    !text.includes('\0') &&
    !text.includes('\uFEFF') &&
    !text.includes('{{') &&
    !LONE_CR.test(text) &&
    !/^%/m.test(text) && // directives
    !/^\.\.\.(?:[ \t\r\n]|$)/m.test(text) // document end markers
  );
}

function lineEndAt(text: string, offset: number): number {
  const at = text.indexOf('\n', offset);
  return at < 0 ? text.length : at;
}

/** A `---` document marker line starts at `at` (as the `yaml` lexer reads it). */
function isMarkerAt(text: string, at: number): boolean {
  if (!text.startsWith('---', at)) return false;
  const next = text.charCodeAt(at + 3);
  return Number.isNaN(next) || next === 32 || next === 9 || next === 10 || next === 13;
}

/** A marker line starts in [from, to] (`from` a line start). */
function hasMarkerLine(text: string, from: number, to: number): boolean {
  for (let at = from; at <= to && at < text.length; ) {
    if (isMarkerAt(text, at)) return true;
    const nl = text.indexOf('\n', at);
    if (nl < 0) break;
    at = nl + 1;
  }
  return false;
}

/** Start of the nearest marker line above the line starting at `lineStart`, else 0. */
function markerBefore(text: string, lineStart: number): number {
  for (let at = lineStart; at > 0; ) {
    at = at <= 1 ? 0 : text.lastIndexOf('\n', at - 2) + 1;
    if (isMarkerAt(text, at)) return at;
  }
  return 0;
}

/** Start of the first marker line after the line ending at `lineEnd`, else the text's length. */
function markerAfter(text: string, lineEnd: number): number {
  for (let at = lineEnd + 1; at < text.length; ) {
    if (isMarkerAt(text, at)) return at;
    const nl = text.indexOf('\n', at);
    if (nl < 0) break;
    at = nl + 1;
  }
  return text.length;
}

/** A document after the edit, moved by `delta`: its objects' ranges and YAML trees shifted when next read. */
function shiftDocument(d: ManifestDocument, delta: number, sameView: Map<K8sObject, K8sObject>): ManifestDocument {
  if (delta === 0) return d;
  const docRange = shiftRange(d.range, delta);
  const yamlDocs = new Set<Document>();
  const object = (o: K8sObject): K8sObject => {
    // The tree as it is (a moved object's without applying its pending shift; a compact
    // object's read through its getters), shifted when next read.
    yamlDocs.add(treeOf(o).doc);
    const moved = movedObject(o, delta, docRange);
    objectMoved(o, moved, delta);
    sameView.set(moved, o);
    return moved;
  };
  const shifted: ManifestDocument = { ...d, range: docRange, objects: d.objects.map(object) };
  if (d.error) shifted.error = { ...d.error, start: d.error.start + delta, end: d.error.end + delta };
  for (const doc of yamlDocs) shiftYamlDocumentLater(doc, delta);
  return shifted;
}
