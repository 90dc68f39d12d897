// Loads a label taxonomy file (SPEC §1): parse, validate against the JSON Schema, compile the RE2
// patterns, follow `extends`, merge the layers and apply the defaults. Pure: files are read only
// through the `readFile` callback, so the editor can serve unsaved buffers.
import { parseYamlDocuments, MAX_NESTING_DEPTH } from '../parse/nesting';
import { isAlias, isMap, isScalar, isSeq, visit, type Alias, type Document } from 'yaml';
import { RE2JS } from 're2js';
import type { Severity } from '../types';
import { LineIndex } from '../text/lineIndex';
import { DEFAULT_ALLOW_PREFIXES, DEFAULT_POLICY } from './default';
import { displayKey, nodeAtPath, nodeRange, schemaErrors } from './schemaErrors';
import { WORKLOAD_KINDS, type LabelPattern, type LabelSpec, type Taxonomy, type TaxonomyError, type UnknownLabelsMode } from './types';

/** Alias expansions allowed per document: more is treated as an alias bomb (SPEC §2 *Files*). */
export const MAX_ALIAS_COUNT = 100;

export interface LoadTaxonomyResult {
  /** Absent when there is any error: the caller keeps the taxonomy it had. */
  taxonomy?: Taxonomy;
  errors: TaxonomyError[];
  /** Every file the taxonomy was (or would have been) read from: this one and all it extends. */
  sources: string[];
}

/** One file's content as written, after schema validation (absent fields = not set by this file). */
interface RawLabel {
  description?: string;
  required?: boolean | { kinds?: string[]; namespaces?: string[] };
  values?: string[];
  pattern?: string;
  deprecated?: boolean;
  replacedBy?: string;
}
interface RawTaxonomy {
  extends?: string[];
  unknownLabels?: UnknownLabelsMode;
  allowPrefixes?: string[];
  labels?: Record<string, RawLabel>;
  policy?: { requireDefaultDeny?: boolean; requireDnsEgress?: boolean; identityLabels?: string[] };
  rules?: Record<string, Severity>;
}

interface ParsedFile {
  uri: string;
  text: string;
  doc?: Document;
  /** Present only when the file has no error of its own. */
  raw?: RawTaxonomy;
  /** The `extends` entries, followed even when the file has other errors (to report theirs). */
  extends?: string[];
  errors: TaxonomyError[];
  /** `readFile` could not read it. */
  missing?: boolean;
}

/**
 * Loads the taxonomy in `text` (the content of `uri`, YAML or JSON). Paths in `extends` resolve
 * against `uri` with `/` separators and are read with `readFile` (undefined = cannot be read).
 */
export function loadTaxonomy(uri: string, text: string, readFile: (uri: string) => string | undefined): LoadTaxonomyResult {
  const root = parseTaxonomyText(uri, text);
  // Files are keyed by normalised uri (`C:\a\t.yaml` and `C:/a/t.yaml` are one file: cycles show).
  const rootKey = normalizeUri(uri);
  const ctx: LoadContext = { rootDir: dirname(rootKey), readFile, files: new Map([[rootKey, root]]), layers: new Map(), errors: [] };
  ctx.errors.push(...root.errors);
  const layers = collectLayers(root, [rootKey], ctx);
  const sources = [uri, ...[...ctx.files.keys()].slice(1)];
  // File by file (this one first, then as reached), each in text order.
  const errors = dedupe(ctx.errors).sort((a, b) => sources.indexOf(a.uri) - sources.indexOf(b.uri) || a.start - b.start || a.end - b.end);
  if (errors.length > 0) return { errors, sources };
  // A base reached twice (a diamond) applies once, where first reached: it must not undo the
  // layers applied after it.
  return { taxonomy: buildTaxonomy(uri, mergeLayers([...new Set(layers)])), errors: [], sources };
}

// ---------------------------------------------------------------------------------------------
// One file

function parseTaxonomyText(uri: string, text: string): ParsedFile {
  const parsed = parseFileContent(uri, text);
  // A block node's range ends after its last line break: underline the text, not the blank after it.
  for (const e of parsed.errors) while (e.end > e.start && /\s/.test(text[e.end - 1])) e.end--;
  return parsed;
}

function parseFileContent(uri: string, text: string): ParsedFile {
  const errors: TaxonomyError[] = [];
  const fail = (message: string, start: number, end: number): ParsedFile => {
    errors.push({ uri, message, start, end });
    return { uri, text, errors };
  };
  // The same nesting guard as manifests: deep nesting would overflow the parser's stack.
  const { docs, deep } = parseYamlDocuments(text);
  if (deep.length > 0) {
    return fail(`nesting deeper than ${MAX_NESTING_DEPTH} levels: the taxonomy file is not read`, deep[0].at, deep[0].at + 1);
  }
  if (docs.length === 0) {
    return fail('the taxonomy file is empty: expected a mapping that starts with "version: 1"', 0, 0);
  }
  const doc = docs[0];
  for (const e of doc.errors) {
    const end = widenToNode(doc, e.pos);
    const message = e.code === 'DUPLICATE_KEY' ? `duplicate key "${text.slice(e.pos[0], end)}"` : e.message;
    errors.push({ uri, message, start: e.pos[0], end });
  }
  if (docs.length > 1) {
    const start = docs[1].range[0];
    errors.push({ uri, message: 'a taxonomy file holds one YAML document; remove the second one', start, end: Math.min(start + 3, text.length) });
  }
  if (errors.length) return { uri, text, doc, errors };

  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    return fail('the taxonomy file is empty: expected a mapping that starts with "version: 1"', 0, 0);
  }
  if (!isMap(contents)) {
    const found = isSeq(contents) ? 'a list' : isAlias(contents) ? 'an alias' : 'a scalar';
    const [start, end] = nodeRange(contents);
    return { ...fail(`the taxonomy must be a mapping (version, labels, …), found ${found}`, start, end), doc };
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // An alias bomb (at the first alias), or an alias to an anchor not defined before it.
    const [start, end] = aliasRange(doc, (alias) => !alias.resolve(doc)) ?? aliasRange(doc, () => true) ?? [0, 0];
    const message = /excessive alias count/i.test(String((e as Error).message))
      ? `YAML alias expansion limit exceeded (more than ${MAX_ALIAS_COUNT} alias expansions)`
      : String((e as Error).message);
    return { ...fail(message, start, end), doc };
  }

  errors.push(...schemaErrors(uri, doc, data));
  errors.push(...semanticErrors(uri, doc, data as RawTaxonomy));
  const ext = (data as RawTaxonomy).extends;
  const extendsList = Array.isArray(ext) && ext.every((e) => typeof e === 'string' && e !== '') ? ext : undefined;
  return { uri, text, doc, raw: errors.length ? undefined : (data as RawTaxonomy), extends: extendsList, errors };
}

/** yaml marks some errors (a duplicate key) by their first character: widen to the whole scalar. */
function widenToNode(doc: Document, [start, end]: [number, number]): number {
  let widened = end;
  visit(doc, {
    Scalar(_key, node) {
      if (node.range?.[0] === start) {
        widened = Math.max(end, node.range[1]);
        return visit.BREAK;
      }
    },
  });
  return widened;
}

function aliasRange(doc: Document, which: (alias: Alias) => boolean): [number, number] | undefined {
  let found: [number, number] | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (!which(node)) return undefined;
      found = nodeRange(node);
      return visit.BREAK;
    },
  });
  return found;
}

/** Checks the schema cannot express: RE2 patterns compile; a key is not replaced by itself. */
function semanticErrors(uri: string, doc: Document, data: RawTaxonomy): TaxonomyError[] {
  const errors: TaxonomyError[] = [];
  const labels = data?.labels;
  if (!labels || typeof labels !== 'object') return errors;
  for (const [key, entry] of Object.entries(labels)) {
    if (!entry || typeof entry !== 'object') continue;
    if (typeof entry.pattern === 'string') {
      const problem = re2Problem(entry.pattern);
      if (problem) {
        const [start, end] = nodeRange(nodeAtPath(doc, ['labels', key, 'pattern']));
        errors.push({ uri, start, end, message: `labels${displayKey(key)}.pattern is not a valid RE2 regular expression: ${problem}` });
      }
    }
    if (entry.replacedBy === key) {
      const [start, end] = nodeRange(nodeAtPath(doc, ['labels', key, 'replacedBy']));
      errors.push({ uri, start, end, message: `labels${displayKey(key)}.replacedBy names the label itself` });
    }
  }
  return errors;
}

function re2Problem(source: string): string | undefined {
  try {
    RE2JS.compile(source);
    return undefined;
  } catch (e) {
    return String((e as Error).message);
  }
}

// ---------------------------------------------------------------------------------------------
// extends

interface LoadContext {
  rootDir: string;
  readFile: (uri: string) => string | undefined;
  /** Every file read, by uri (each parsed once, its errors reported once). */
  files: Map<string, ParsedFile>;
  /** A file's layers once fully collected: a diamond does not walk a subtree twice. */
  layers: Map<string, RawTaxonomy[]>;
  errors: TaxonomyError[];
}

/** The layers that make up `file`, in the order they apply: its bases (depth first), then itself. */
function collectLayers(file: ParsedFile, chain: string[], ctx: LoadContext): RawTaxonomy[] {
  const key = chain[chain.length - 1];
  const done = ctx.layers.get(key);
  if (done) return done;
  const layers: RawTaxonomy[] = [];
  const entries = file.extends ?? [];
  entries.forEach((entry, i) => {
    const target = resolvePath(key, entry);
    const [start, end] = nodeRange(nodeAtPath(file.doc!, ['extends', String(i)]));
    const report = (message: string) => ctx.errors.push({ uri: file.uri, message, start, end });
    const chainText = [...chain, target].map((u) => displayUri(ctx.rootDir, u)).join(' → ');
    if (chain.includes(target)) return report(`extends cycle: ${chainText}`);
    let child = ctx.files.get(target);
    if (!child) {
      const text = ctx.readFile(target);
      child = text === undefined ? { uri: target, text: '', errors: [], missing: true } : parseTaxonomyText(target, text);
      ctx.files.set(target, child);
      ctx.errors.push(...child.errors);
    }
    if (child.missing) return report(`cannot read extended taxonomy "${entry}" (${chainText})`);
    const before = ctx.errors.length;
    layers.push(...collectLayers(child, [...chain, target], ctx));
    // Say so in the extending file too: the extended one may not be open in the editor.
    const problems = [...child.errors, ...ctx.errors.slice(before)];
    if (problems.length) report(`extended taxonomy "${entry}" is invalid: ${describe(problems[0], ctx)}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`);
  });
  if (file.raw) layers.push(file.raw);
  ctx.layers.set(key, layers);
  return layers;
}

function describe(error: TaxonomyError, ctx: LoadContext): string {
  const text = ctx.files.get(normalizeUri(error.uri))?.text ?? '';
  const { line, column } = new LineIndex(text).oneBased(error.start);
  return `${displayUri(ctx.rootDir, error.uri)}:${line}:${column}: ${error.message}`;
}

// Tiny posix path helpers over `/`-separated paths or URIs (`file:///a/b.yaml`): the engine
// stays free of node:path so it runs the same in the browser.
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]*/;

function splitUri(uri: string): { prefix: string; path: string } {
  const m = SCHEME.exec(uri);
  return m ? { prefix: m[0], path: uri.slice(m[0].length) } : { prefix: '', path: uri.replace(/\\/g, '/') };
}

function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else if (seg !== '..' || !absolute) out.push(seg);
  }
  return (absolute ? '/' : '') + out.join('/');
}

export function dirname(uri: string): string {
  const { prefix, path } = splitUri(uri);
  const i = path.lastIndexOf('/');
  return prefix + (i < 0 ? '.' : i === 0 ? '/' : path.slice(0, i));
}

/** `ref` relative to the file `from` (absolute refs and URIs stay as they are). */
export function resolvePath(from: string, ref: string): string {
  if (SCHEME.test(ref)) return ref;
  const refPath = ref.replace(/\\/g, '/');
  if (refPath.startsWith('/') || /^[A-Za-z]:\//.test(refPath)) return normalizeUri(refPath);
  const { prefix, path } = splitUri(dirname(from));
  return prefix + normalizePath(`${path}/${refPath}`);
}

function normalizeUri(uri: string): string {
  const { prefix, path } = splitUri(uri);
  return prefix + normalizePath(path);
}

/** `to` relative to the folder `fromDir`, for messages; unchanged when on another scheme/host. */
export function displayUri(fromDir: string, to: string): string {
  const a = splitUri(fromDir);
  const b = splitUri(to);
  if (a.prefix !== b.prefix) return to;
  const from = normalizePath(a.path).split('/').filter(Boolean);
  const target = normalizePath(b.path).split('/').filter(Boolean);
  let common = 0;
  while (common < from.length && common < target.length - 1 && from[common] === target[common]) common++;
  return [...from.slice(common).map(() => '..'), ...target.slice(common)].join('/');
}

// ---------------------------------------------------------------------------------------------
// Merge and defaults

function mergeLayers(layers: RawTaxonomy[]): RawTaxonomy {
  const merged: RawTaxonomy = {};
  for (const layer of layers) {
    if (layer.unknownLabels !== undefined) merged.unknownLabels = layer.unknownLabels;
    if (layer.allowPrefixes !== undefined) merged.allowPrefixes = layer.allowPrefixes;
    if (layer.labels) {
      merged.labels ??= {};
      for (const [key, entry] of Object.entries(layer.labels)) merged.labels[key] = { ...merged.labels[key], ...entry };
    }
    if (layer.policy) merged.policy = { ...merged.policy, ...layer.policy };
    if (layer.rules) merged.rules = { ...merged.rules, ...layer.rules };
  }
  return merged;
}

function buildTaxonomy(uri: string, raw: RawTaxonomy): Taxonomy {
  const labels = new Map<string, LabelSpec>();
  for (const [key, entry] of Object.entries(raw.labels ?? {})) labels.set(key, buildLabelSpec(key, entry));
  return {
    uri,
    unknownLabels: raw.unknownLabels ?? 'warn',
    allowPrefixes: raw.allowPrefixes ?? DEFAULT_ALLOW_PREFIXES,
    labels,
    policy: { ...DEFAULT_POLICY, ...raw.policy },
    rules: { ...raw.rules },
  };
}

function buildLabelSpec(key: string, entry: RawLabel): LabelSpec {
  const spec: LabelSpec = { key };
  if (entry.description !== undefined) spec.description = entry.description;
  if (entry.required === true) spec.required = { kinds: WORKLOAD_KINDS };
  else if (entry.required && typeof entry.required === 'object') {
    spec.required = { kinds: entry.required.kinds ?? WORKLOAD_KINDS };
    if (entry.required.namespaces) spec.required.namespaces = entry.required.namespaces;
  }
  if (entry.values) spec.values = entry.values;
  if (entry.pattern !== undefined) spec.pattern = compilePattern(entry.pattern);
  // `replacedBy` implies deprecated unless the file says `deprecated: false`.
  if (entry.deprecated ?? entry.replacedBy !== undefined) spec.deprecated = true;
  if (entry.replacedBy !== undefined) spec.replacedBy = entry.replacedBy;
  return spec;
}

/** A `pattern` is searched in the value (as JSON Schema's `pattern`): anchors are the author's. */
export function compilePattern(source: string): LabelPattern {
  const re = RE2JS.compile(source);
  return { source, test: (value: string) => re.test(value) };
}

function dedupe(errors: TaxonomyError[]): TaxonomyError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const id = `${e.uri}\0${e.start}\0${e.end}\0${e.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
