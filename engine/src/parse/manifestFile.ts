// YAML text → documents → Kubernetes objects. Never throws: problems become document errors.
import { Document, visit } from 'yaml';
import { LineIndex } from '../text/lineIndex';
import type { K8sObject } from '../model/object';
import { extractObjects } from '../model/extract';
import type { Range } from './yamlAccess';
import { DeepDocument, MAX_NESTING_DEPTH, parseYamlDocuments } from './nesting';

/** Alias expansions allowed per document before it counts as an alias bomb. */
export const MAX_ALIAS_COUNT = 100;

export interface DocumentError {
  message: string;
  start: number;
  end: number;
}

export interface ManifestDocument {
  index: number;
  range: Range;
  error?: DocumentError;
  objects: K8sObject[];
}

export interface ManifestFile {
  uri: string;
  text: string;
  lines: LineIndex;
  documents: ManifestDocument[];
  /** Why the whole file is not checked (a Helm template); undefined when it is. */
  skipped?: string;
  /** 0-based line → rule ids suppressed on that line (`'*'` = every rule). */
  suppressions: Map<number, Set<string>>;
}

export interface ParseOptions {
  defaultNamespace?: string;
}

export const DISABLE_NEXT_LINE = 'kube-label-lint-disable-next-line';

const NO_SUPPRESSIONS = new Map<number, Set<string>>();

export function parseManifestFile(uri: string, text: string, options: ParseOptions = {}): ManifestFile {
  const lines = new LineIndex(text);
  const file: ManifestFile = { uri, text, lines, documents: [], suppressions: collectSuppressions(text, lines) };
  const nul = text.indexOf('\0');
  if (nul >= 0 && nul < BINARY_PROBE_LENGTH) {
    // As git decides: a NUL byte near the start means binary content, not text.
    const error = { message: 'binary content (a NUL byte): this is not a YAML text file, and it is not checked', start: nul, end: nul + 1 };
    file.documents.push({ index: 0, range: { start: 0, end: text.length }, error, objects: [] });
    return file;
  }
  let parsed: { docs: Document.Parsed[]; deep: DeepDocument[] };
  try {
    // `yaml` (YAML 1.2) reads a lone CR as text; kubectl's decoder and LineIndex read it as a
    // line break. Parse a copy with LF there: same length, so every offset stays valid.
    parsed = parseYamlDocuments(LONE_CR.test(text) ? text.replace(new RegExp(LONE_CR.source, 'g'), '\n') : text);
  } catch (e) {
    // The parser is not expected to throw; if it does, report it instead of crashing.
    file.documents.push({ index: 0, range: { start: 0, end: text.length }, error: { message: `YAML parser failed: ${(e as Error).message}`, start: 0, end: 0 }, objects: [] });
    return file;
  }
  const anyError = parsed.deep.length > 0 || parsed.docs.some((d) => d.errors.length > 0);
  if (anyError && text.includes('{{')) {
    file.skipped = 'looks like a Helm/Go template ({{ … }}) and is not valid YAML';
    return file;
  }
  const build: DocumentContext = {
    uri,
    text,
    lines,
    eol: eolOf(text),
    hasControl: NOT_PRINTABLE.test(text),
    defaultNamespace: options.defaultNamespace ?? 'default',
  };
  documentSlots(parsed.docs, parsed.deep).forEach((slot, index) => file.documents.push(buildDocument(slot, index, build)));
  return file;
}

/** What turning one parsed YAML document into a ManifestDocument needs of the whole file. */
export interface DocumentContext {
  uri: string;
  text: string;
  lines: LineIndex;
  eol: string;
  /** The text has a character YAML does not allow (then each document is searched for it). */
  hasControl: boolean;
  defaultNamespace: string;
}

/** The line break a new line gets in this text. */
export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : !text.includes('\n') && text.includes('\r') ? '\r' : '\n';
}

/** One document slot (parsed document, too-deep region or both) → its ManifestDocument. */
export function buildDocument(slot: DocumentSlot, index: number, ctx: DocumentContext): ManifestDocument {
  const { text } = ctx;
  if (!slot.doc) {
    const d = slot.deep!;
    return { index, range: { start: d.start, end: d.end }, error: deepError(d, text), objects: [] };
  }
  const doc = slot.doc;
  // `yaml` can end a document one past the text (an unterminated flow collection at the end).
  const range = clampRange({ start: doc.range[0], end: slot.deep ? slot.deep.end : doc.range[2] }, text);
  const entry: ManifestDocument = { index, range, objects: [] };
  if (slot.deep) {
    entry.error = deepError(slot.deep, text);
    return entry;
  }
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    entry.error = { message: firstLine(err.message), ...clampRange(errorRangeInside(err.pos, range, text), text) };
    return entry;
  }
  const control = ctx.hasControl ? notPrintableIn(text, range) : undefined;
  if (control) {
    entry.error = control;
    return entry;
  }
  const aliasError = checkAliasExpansion(doc, text, range);
  if (aliasError) {
    entry.error = aliasError;
    return entry;
  }
  try {
    entry.objects = extractObjects(doc, { uri: ctx.uri, text, lines: ctx.lines, docIndex: index, docRange: range, defaultNamespace: ctx.defaultNamespace, eol: ctx.eol });
  } catch (e) {
    entry.error = { message: `could not read this document: ${(e as Error).message}`, start: range.start, end: range.start };
  }
  return entry;
}

function clampRange(r: Range, text: string): Range {
  const start = Math.min(Math.max(r.start, 0), text.length);
  return { start, end: Math.min(Math.max(r.end, start), text.length) };
}

export const LONE_CR = /\r(?!\n)/;

/** How far into a text a NUL byte means binary content (git looks at the first 8000 bytes). */
export const BINARY_PROBE_LENGTH = 8000;

/**
 * Characters a YAML stream may not contain (outside YAML's c-printable set): `yaml` reads them,
 * but kubectl's decoder rejects the file ("control characters are not allowed"). Tab, line
 * breaks and NEL are allowed; so are surrogates (a text from disk has none unpaired).
 */
const NOT_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]/;

function notPrintableIn(text: string, range: Range): DocumentError | undefined {
  // Searched in the document only: linear over all the documents of a file.
  const m = NOT_PRINTABLE.exec(text.slice(range.start, range.end));
  if (!m) return undefined;
  const at = range.start + m.index;
  const code = m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return { message: `control character U+${code} is not allowed in YAML (kubectl rejects the file)`, start: at, end: at + 1 };
}

export interface DocumentSlot {
  doc?: Document.Parsed;
  deep?: DeepDocument;
}

/** The parsed documents and the blanked (too deep) ones, in text order; a blanked document
 * that started with `---` is still parsed (empty), and is paired with its region. */
export function documentSlots(docs: readonly Document.Parsed[], deep: readonly DeepDocument[]): DocumentSlot[] {
  const slots: { doc?: Document.Parsed; deep?: DeepDocument; start: number }[] = docs.map((doc) => ({ doc, start: doc.range[0] }));
  for (const d of deep) {
    // `d.start` is just after the `---` marker (when there is one), where the parsed document starts.
    const slot = slots.find((s) => s.doc && s.start >= d.start - 3 && s.start < d.end && !s.deep);
    if (slot) slot.deep = d;
    else slots.push({ deep: d, start: d.start });
  }
  return slots.sort((a, b) => a.start - b.start);
}

function deepError(d: DeepDocument, text: string): DocumentError {
  return {
    message: `nesting deeper than ${MAX_NESTING_DEPTH} levels: the document is not checked`,
    start: d.at,
    end: Math.min(d.at + 1, text.length),
  };
}

/**
 * The parser often notices an unterminated construct only at the next document's `---`;
 * keep the reported range inside the document concerned (its last character) then.
 */
function errorRangeInside(pos: [number, number], doc: Range, text: string): Range {
  let [start, end] = pos;
  const atNextDocument = start >= text.length || /^(---|\.\.\.)(\s|$)/.test(text.slice(start, start + 4));
  if (start >= doc.end && doc.end > doc.start && atNextDocument) {
    let last = doc.end;
    while (last > doc.start && /\s/.test(text[last - 1])) last--;
    start = Math.max(doc.start, last - 1);
    end = last;
  }
  return { start, end: Math.max(end, start) };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** An alias bomb ("billion laughs") becomes a document error instead of a hang. */
function checkAliasExpansion(doc: Document, text: string, range: Range): DocumentError | undefined {
  // In the document only (not up to the end of the text): linear over all the documents of a file.
  if (!text.slice(range.start, range.end).includes('*')) return undefined;
  let firstAlias: Range | undefined;
  visit(doc, {
    Alias(_key, node) {
      firstAlias = node.range ? { start: node.range[0], end: node.range[1] } : undefined;
      return visit.BREAK;
    },
  });
  if (!firstAlias) return undefined;
  try {
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT, mapAsMap: true });
    return undefined;
  } catch (e) {
    const msg = (e as Error).message;
    if (/alias count|resource exhaustion/i.test(msg)) {
      return { message: `alias expansion limit exceeded (more than ${MAX_ALIAS_COUNT} expansions): the document is not checked`, ...firstAlias };
    }
    return { message: `alias could not be resolved: ${msg}`, ...firstAlias };
  }
}

/** `# kube-label-lint-disable-next-line id,id` suppresses those rules on the following line. */
export function collectSuppressions(text: string, lines: LineIndex): Map<number, Set<string>> {
  // Most files have none: one shared empty map (never changed) instead of one per file.
  if (!text.includes(DISABLE_NEXT_LINE)) return NO_SUPPRESSIONS;
  const out = new Map<number, Set<string>>();
  let from = 0;
  for (;;) {
    const at = text.indexOf(DISABLE_NEXT_LINE, from);
    if (at < 0) break;
    from = at + DISABLE_NEXT_LINE.length;
    const line = lines.positionAt(at).line;
    const before = text.slice(lines.lineStart(line), at);
    if (!/#\s*$/.test(before)) continue;
    const rest = text.slice(from, lines.lineEnd(line)).replace(/\s--\s.*$/, '');
    const ids = rest.split(/[\s,]+/).filter(Boolean);
    const set = out.get(line + 1) ?? new Set<string>();
    if (ids.length === 0) set.add('*');
    for (const id of ids) set.add(id);
    out.set(line + 1, set);
  }
  return out;
}
