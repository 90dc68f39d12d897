// Minimal text edits on label maps (and other small YAML maps such as matchLabels): add a
// label line, replace a value keeping its quotes, rename a key, remove a pair. Never
// re-serialises: everything outside the edited range stays byte for byte, comments included.
import { isMap, isScalar, parseDocument } from 'yaml';
import type { Edit } from '../types';
import type { LabelInsertion } from '../model/object';
import type { Range } from '../parse/yamlAccess';
import { isYaml11NonString } from '../labels/syntax';

export type QuoteStyle = '' | '"' | "'";

/**
 * True when `s` written as a plain scalar would not read back as the same string, either by the
 * `yaml` package (YAML 1.2) or by kubectl's YAML 1.1 decoder (`on`, `yes`, `1_000` are not strings
 * there). `flow`: inside `{…}`, where `,` and brackets end a plain scalar.
 */
export function needsQuotes(s: string, options: { flow?: boolean; key?: boolean } = {}): boolean {
  // Fixes ask about the same few values (taxonomy values, label keys) over and over; the answer
  // depends on the string and the context only, and the parse below is the costly part.
  const memoKey = `${options.flow ? 'f' : '-'}${options.key ? 'k' : '-'}${s}`;
  let answer = NEEDS_QUOTES_MEMO.get(memoKey);
  if (answer === undefined) {
    answer = computeNeedsQuotes(s, options);
    if (NEEDS_QUOTES_MEMO.size >= NEEDS_QUOTES_MEMO_SIZE) NEEDS_QUOTES_MEMO.clear();
    NEEDS_QUOTES_MEMO.set(memoKey, answer);
  }
  return answer;
}

const NEEDS_QUOTES_MEMO = new Map<string, boolean>();
const NEEDS_QUOTES_MEMO_SIZE = 10_000;

function computeNeedsQuotes(s: string, options: { flow?: boolean; key?: boolean }): boolean {
  if (s === '' || isYaml11NonString(s)) return true;
  if (/^\s|\s$|[\n\r\t]/.test(s)) return true;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s) || /:(\s|$)|\s#/.test(s)) return true;
  if (options.flow && /[,[\]{}]/.test(s)) return true;
  // Last word to the parser itself, in the context the scalar will sit in.
  const probe = options.key ? (options.flow ? `{${s}: v}` : `${s}: v`) : options.flow ? `{k: ${s}}` : `k: ${s}`;
  const doc = parseDocument(probe);
  if (doc.errors.length > 0 || !isMap(doc.contents) || doc.contents.items.length !== 1) return true;
  const pair = doc.contents.items[0];
  const node = options.key ? pair.key : pair.value;
  return !(isScalar(node) && node.value === s);
}

/** `s` in the given quote style (YAML escaping rules of that style). */
export function quoteScalar(s: string, quote: '"' | "'"): string {
  if (quote === "'" && !/[\n\r\t]/.test(s)) return `'${s.replace(/'/g, "''")}'`;
  return JSON.stringify(s);
}

/**
 * `s` as YAML source text: in `preferred` quotes when given (the file's style), else plain when
 * that reads back as the same string, else double-quoted.
 */
export function yamlScalar(s: string, preferred: QuoteStyle = '', options: { flow?: boolean; key?: boolean } = {}): string {
  if (preferred) return quoteScalar(s, preferred);
  return needsQuotes(s, options) ? quoteScalar(s, '"') : s;
}

/** The quote style of the scalar whose source starts at `start`; undefined for block scalars, tags, anchors, aliases. */
export function quoteStyleAt(text: string, start: number): QuoteStyle | undefined {
  const ch = text[start];
  if (ch === '"' || ch === "'") return ch;
  if (ch === '|' || ch === '>' || ch === '!' || ch === '&' || ch === '*') return undefined;
  return '';
}

/** Whether the map that holds `range` is written in flow style (`{…}`), judged from the text before it. */
export function isFlowMapAt(text: string, mapStart: number): boolean {
  return text[mapStart] === '{';
}

/** One new `key: value` entry at a label insertion point, in the map's indentation, quoting and line breaks. */
export function addLabelEdit(insertion: LabelInsertion, key: string, value: string): Edit | undefined {
  switch (insertion.kind) {
    case 'block': {
      const line = `${yamlScalar(key, '', { key: true })}: ${yamlScalar(value, insertion.quote)}`;
      return { start: insertion.after, end: insertion.after, text: `${insertion.eol}${insertion.indent}${line}` };
    }
    case 'flow': {
      const entry = `${yamlScalar(key, '', { key: true, flow: true })}: ${yamlScalar(value, insertion.quote, { flow: true })}`;
      return { start: insertion.before, end: insertion.before, text: insertion.empty ? entry : `, ${entry}` };
    }
    case 'empty': {
      const line = `${yamlScalar(key, '', { key: true })}: ${yamlScalar(value)}`;
      return { start: insertion.after, end: insertion.after, text: `${insertion.eol}${insertion.indent}${line}` };
    }
    case 'create': {
      const line = `${yamlScalar(key, '', { key: true })}: ${yamlScalar(value)}`;
      const { eol, indent } = insertion;
      return { start: insertion.after, end: insertion.after, text: `${eol}${indent}labels:${eol}${indent}  ${line}` };
    }
    default:
      return undefined;
  }
}

/**
 * Replaces a scalar value, keeping its quote style (a plain value that would not stay a string
 * gets double quotes). Undefined for values a one-scalar edit cannot safely rewrite (block scalars,
 * tagged or anchored values, aliases) and for an absent value.
 */
export function replaceValueEdit(text: string, valueRange: Range, newValue: string, flow: boolean): Edit | undefined {
  if (valueRange.end <= valueRange.start) return undefined;
  const quote = quoteStyleAt(text, valueRange.start);
  if (quote === undefined) return undefined;
  return { start: valueRange.start, end: valueRange.end, text: yamlScalar(newValue, quote, { flow }) };
}

/** Renames a key in place, keeping its quote style. */
export function renameKeyEdit(text: string, keyRange: Range, newKey: string, flow: boolean): Edit | undefined {
  if (keyRange.end <= keyRange.start) return undefined;
  const quote = quoteStyleAt(text, keyRange.start);
  if (quote === undefined || text[keyRange.start] === '?') return undefined;
  return { start: keyRange.start, end: keyRange.end, text: yamlScalar(newKey, quote, { key: true, flow }) };
}

/**
 * Removes one `key: value` pair. Block map: the whole line (or lines) with its line break, a
 * trailing comment on that line included. Flow map: the entry and one adjacent comma.
 * Undefined when the pair does not sit on lines of its own in a block map.
 */
export function removePairEdit(text: string, keyRange: Range, valueEnd: number, flow: boolean): Edit | undefined {
  const end = Math.max(valueEnd, keyRange.end);
  if (flow) {
    let after = end;
    while (after < text.length && /\s/.test(text[after])) after++;
    if (text[after] === ',') {
      after++;
      while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
      return { start: keyRange.start, end: after, text: '' };
    }
    let before = keyRange.start;
    while (before > 0 && /\s/.test(text[before - 1])) before--;
    if (text[before - 1] === ',') return { start: before - 1, end, text: '' };
    return { start: keyRange.start, end, text: '' };
  }
  const lineStart = lineStartOf(text, keyRange.start);
  if (!/^[ \t]*$/.test(text.slice(lineStart, keyRange.start))) return undefined;
  const lineEnd = lineEndOf(text, end);
  if (!/^[ \t]*(#.*)?$/.test(text.slice(end, lineEnd))) return undefined;
  const next = nextLineStart(text, lineEnd);
  if (next > lineEnd) return { start: lineStart, end: next, text: '' };
  // The pair is on the file's last line, which has no line break: take the one before it.
  let start = lineStart;
  if (start > 0 && text[start - 1] === '\n') start--;
  if (start > 0 && text[start - 1] === '\r') start--;
  return { start, end: lineEnd, text: '' };
}

function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

function lineEndOf(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

function nextLineStart(text: string, lineEnd: number): number {
  if (text[lineEnd] === '\r' && text[lineEnd + 1] === '\n') return lineEnd + 2;
  if (text[lineEnd] === '\n' || text[lineEnd] === '\r') return lineEnd + 1;
  return lineEnd;
}
