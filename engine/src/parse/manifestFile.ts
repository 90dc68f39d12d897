// YAML text → documents → Kubernetes objects. Never throws: problems become document errors.
import { Document, parseAllDocuments, visit } from 'yaml';
import { LineIndex } from '../text/lineIndex';
import type { K8sObject } from '../model/object';
import { extractObjects } from '../model/extract';
import type { Range } from './yamlAccess';

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

export function parseManifestFile(uri: string, text: string, options: ParseOptions = {}): ManifestFile {
  const lines = new LineIndex(text);
  const file: ManifestFile = { uri, text, lines, documents: [], suppressions: collectSuppressions(text, lines) };
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { merge: true, prettyErrors: false, uniqueKeys: true }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
  } catch (e) {
    // The parser is not expected to throw; if it does, report it instead of crashing.
    file.documents.push({ index: 0, range: { start: 0, end: text.length }, error: { message: `YAML parser failed: ${(e as Error).message}`, start: 0, end: 0 }, objects: [] });
    return file;
  }
  const anyError = docs.some((d) => d.errors.length > 0);
  if (anyError && text.includes('{{')) {
    file.skipped = 'looks like a Helm/Go template ({{ … }}) and is not valid YAML';
    return file;
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const defaultNamespace = options.defaultNamespace ?? 'default';
  docs.forEach((doc, index) => {
    const range = { start: doc.range[0], end: doc.range[2] };
    const entry: ManifestDocument = { index, range, objects: [] };
    file.documents.push(entry);
    if (doc.errors.length > 0) {
      const err = doc.errors[0];
      entry.error = { message: firstLine(err.message), ...errorRangeInside(err.pos, range, text) };
      return;
    }
    const aliasError = checkAliasExpansion(doc, text, range);
    if (aliasError) {
      entry.error = aliasError;
      return;
    }
    try {
      entry.objects = extractObjects(doc, { uri, text, lines, docIndex: index, docRange: range, defaultNamespace, eol });
    } catch (e) {
      entry.error = { message: `could not read this document: ${(e as Error).message}`, start: range.start, end: range.start };
    }
  });
  return file;
}

/**
 * The parser often notices an unterminated construct only at the next document's `---`;
 * keep the reported range inside the document concerned (its last character) then.
 */
function errorRangeInside(pos: [number, number], doc: Range, text: string): Range {
  let [start, end] = pos;
  if (start >= doc.end && doc.end > doc.start) {
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
  if (text.indexOf('*', range.start) < 0 || text.indexOf('*', range.start) >= range.end) return undefined;
  let firstAlias: Range | undefined;
  visit(doc, {
    Alias(_key, node) {
      firstAlias = node.range ? { start: node.range[0], end: node.range[1] } : undefined;
      return visit.BREAK;
    },
  });
  if (!firstAlias) return undefined;
  try {
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
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
function collectSuppressions(text: string, lines: LineIndex): Map<number, Set<string>> {
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
