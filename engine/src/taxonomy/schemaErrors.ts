// Validates a parsed taxonomy against schemas/label-taxonomy.schema.json and turns ajv's errors
// into messages a person can act on, positioned on the YAML node they are about.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { validate as generatedValidate } from './schemaValidator.generated';
import { nearestStrings } from './queries';
import type { TaxonomyError } from './types';

// The schema compiled at build time (scripts/gen-schema-validator.mjs): no ajv compile at start-up.
const validate = generatedValidate as unknown as ValidateFunction;

export function schemaErrors(uri: string, doc: Document, data: unknown): TaxonomyError[] {
  if (validate(data)) return [];
  const out: TaxonomyError[] = [];
  for (const e of validate.errors ?? []) {
    const formatted = formatError(e, doc, data);
    if (formatted) out.push({ uri, ...formatted });
  }
  return out;
}

type Formatted = { message: string; start: number; end: number };

function formatError(e: ErrorObject, doc: Document, data: unknown): Formatted | undefined {
  const segments = pointerSegments(e.instancePath);
  const path = displayPath(segments, data);
  const where = path || 'the taxonomy';
  const value = valueAt(data, segments);
  const at = locate(doc, segments);
  const valueRange = rangeOf(at.value, at.key);
  const params = e.params as Record<string, unknown>;
  const schemaHint = (e.parentSchema ?? {}) as Record<string, unknown>;

  // A bad property name: ajv reports the inner keyword (with `propertyName`) and a wrapper.
  if (e.keyword === 'propertyNames') return undefined;
  if (e.propertyName !== undefined) {
    const name = e.propertyName;
    const range = rangeOf(locate(doc, [...segments, name]).key);
    if (e.keyword === 'enum') {
      const what = path === 'rules' ? 'unknown rule id' : `unknown key in ${where}:`;
      return { message: `${what} "${name}"${hint(name, params.allowedValues as string[])}`, ...range };
    }
    const reason = (schemaHint.patternErrorMessage as string | undefined) ?? e.message ?? 'is not allowed';
    return { message: `key "${name}" in ${where} ${reason}`, ...range };
  }

  switch (e.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const known = Object.keys((schemaHint.properties as object | undefined) ?? {});
      const range = rangeOf(locate(doc, [...segments, name]).key);
      const message = path ? `unknown property "${name}" in ${path}` : `unknown top-level property "${name}"`;
      return { message: message + hint(name, known), ...range };
    }
    case 'required': {
      const name = String(params.missingProperty);
      // On the object's key; at the top level, on the first key (the whole file is too wide).
      const first = isMap(doc.contents) ? doc.contents.items[0]?.key : undefined;
      const range = segments.length ? rangeOf(at.key, at.value) : rangeOf(first as Node | undefined);
      const message = path ? `${path} is missing required property "${name}"` : `missing required property "${name}"`;
      return { message, ...range };
    }
    case 'const':
      return { message: `${where} must be ${JSON.stringify(params.allowedValue)}`, ...valueRange };
    case 'enum': {
      const allowed = params.allowedValues as unknown[];
      const suffix = typeof value === 'string' ? hint(value, allowed.map(String)) : '';
      return { message: `${where} must be one of ${allowed.join(', ')}${suffix}`, ...valueRange };
    }
    case 'type': {
      const types = ([] as string[]).concat(params.type as string | string[]).flatMap((t) => t.split(','));
      return { message: `${where} must be ${types.map(typeName).join(' or ')} (found ${describeValue(value)})`, ...valueRange };
    }
    case 'pattern': {
      const reason = (schemaHint.patternErrorMessage as string | undefined) ?? `must match the pattern ${String(params.pattern)}`;
      return { message: `${where} ${JSON.stringify(value)} ${reason}`, ...valueRange };
    }
    case 'minItems':
    case 'minLength':
      return { message: `${where} must not be empty`, ...valueRange };
    case 'maxLength':
      return { message: `${where} must be at most ${String(params.limit)} characters long`, ...valueRange };
    case 'uniqueItems': {
      const later = Math.max(Number(params.i), Number(params.j));
      const item = locate(doc, [...segments, String(later)]);
      return { message: `${where} lists ${JSON.stringify(valueAt(value, [String(later)]))} twice`, ...rangeOf(item.value) };
    }
    default:
      return { message: `${where} ${e.message ?? 'is invalid'}`, ...valueRange };
  }
}

/** ` (did you mean "x"?)` for a near miss (edit distance) or a truncation (`warn` → `warning`). */
function hint(value: string, candidates: readonly string[]): string {
  const lower = value.toLowerCase();
  const best =
    nearestStrings(value, candidates)[0] ??
    (lower.length >= 3 ? candidates.find((c) => c.toLowerCase().startsWith(lower) || lower.startsWith(c.toLowerCase())) : undefined);
  return best !== undefined && best !== value ? ` (did you mean "${best}"?)` : '';
}

function typeName(t: string): string {
  const names: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'a string', boolean: 'a boolean', number: 'a number', integer: 'an integer', null: 'empty' };
  return names[t] ?? t;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function pointerSegments(pointer: string): string[] {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(data: unknown, segments: readonly string[]): unknown {
  let cur = data;
  for (const seg of segments) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
  return cur;
}

/** `.team` or `["app.kubernetes.io/name"]`: a key as it reads in a property path. */
export function displayKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** `labels.team.values[2]`, `labels["app.kubernetes.io/name"].pattern`. */
export function displayPath(segments: readonly string[], data: unknown): string {
  let out = '';
  let cur = data;
  for (const seg of segments) {
    if (Array.isArray(cur)) out += `[${seg}]`;
    else out += displayKey(seg);
    cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
  }
  return out.startsWith('.') ? out.slice(1) : out;
}

// ---------------------------------------------------------------------------------------------
// From a data path back to the YAML nodes (through aliases and `<<` merge keys)

interface Located {
  /** The node at the path, or the deepest node found on the way. */
  value?: Node | null;
  /** The key of the last mapping entry on the way (for "missing" and "unknown key" errors). */
  key?: Node;
}

export function locate(doc: Document, segments: readonly string[]): Located {
  let value = doc.contents as Node | null;
  let key: Node | undefined;
  for (const seg of segments) {
    const coll = isAlias(value) ? value.resolve(doc) : value;
    if (isMap(coll)) {
      const pair = findPair(doc, coll, seg, 0);
      if (!pair) return { value, key };
      key = pair.key as Node;
      value = pair.value as Node | null;
    } else if (isSeq(coll) && coll.items[Number(seg)] !== undefined) {
      value = coll.items[Number(seg)] as Node;
    } else {
      return { value, key };
    }
  }
  return { value, key };
}

/** The value node at `segments` (or, when it is empty, its key). */
export function nodeAtPath(doc: Document, segments: readonly string[]): Node | undefined {
  const at = locate(doc, segments);
  return hasText(at.value) ? (at.value as Node) : at.key ?? (at.value as Node | undefined);
}

function findPair(doc: Document, map: YAMLMap, key: string, depth: number): Pair | undefined {
  const direct = map.items.find((p) => isScalar(p.key) && p.key.source !== '<<' && String(p.key.value) === key);
  if (direct || depth > 8) return direct;
  for (const pair of map.items) {
    if (!isScalar(pair.key) || pair.key.source !== '<<') continue;
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const source of sources) {
      const target = isAlias(source) ? source.resolve(doc) : source;
      const found = isMap(target) ? findPair(doc, target, key, depth + 1) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

function hasText(node: Node | null | undefined): boolean {
  return !!node && !!node.range && node.range[1] > node.range[0];
}

/** The offset range of a node's value (without its trailing comment), or of the fallback. */
export function nodeRange(node: Node | null | undefined, fallback?: Node | null): [number, number] {
  const n = hasText(node) ? node : hasText(fallback) ? fallback : node ?? fallback;
  return n?.range ? [n.range[0], n.range[1]] : [0, 0];
}

function rangeOf(node: Node | null | undefined, fallback?: Node | null): { start: number; end: number } {
  const [start, end] = nodeRange(node, fallback);
  return { start, end };
}
