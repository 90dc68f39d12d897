// Where in a manifest the cursor is, as far as labels go: a label key or value in `labels:`,
// `matchLabels:` or a Service `selector:`; a `matchExpressions` key or value; a key or value
// inside a Calico `selector:` string. Completion runs on text that is being typed and often does
// not parse, so this reads lines and indentation (block style, and flow maps/lists on one line)
// rather than the YAML tree.
import type { LineIndex } from '../../engine/src/index';
import { calicoSite, tokenBounds } from './calicoContext';

export type SiteStyle = 'block' | 'flow' | 'expression' | 'calico';

export interface KeySite {
  role: 'key';
  style: SiteStyle;
  /** The whole token under the cursor (may be empty), file offsets. */
  start: number;
  end: number;
  text: string;
  /** Keys already in the same label map (not offered again). */
  existing: Set<string>;
  /** No `:` follows the key yet (block/flow maps): completion adds `: `. */
  needsColon: boolean;
}

export interface ValueSite {
  role: 'value';
  style: SiteStyle;
  key: string;
  start: number;
  end: number;
  /** The value as written, without quotes. */
  text: string;
  /** Calico: the quote to wrap a new value in, or '' when the cursor is already inside quotes. */
  quote?: string;
}

export type LabelSite = KeySite | ValueSite;

interface LineInfo {
  indent: number;
  /** Column of the first `- ` sequence marker, -1 if none. */
  dash: number;
  /** Column where the line's content (key or scalar) starts, after indentation and dashes. */
  col: number;
  key?: string;
  keyEnd?: number;
  /** Column just after the `:` of `key:`. */
  colon?: number;
  /** Value text after `key:` (comment stripped, trimmed), and its columns. */
  value?: string;
  valueStart?: number;
  valueEnd?: number;
}

const KEY_RE = /^("[^"]*"|'[^']*'|[^\s:#'"{}[\],&*!|>%@`][^:#]*?)\s*:(?=\s|$)/;
const CALICO_SELECTOR_KEYS = new Set(['selector', 'namespaceSelector']);

function parseLine(text: string): LineInfo | undefined {
  const m = /^([ \t]*)((?:-[ \t]+)*)(.*)$/.exec(text)!;
  const rest = m[3];
  if (rest.startsWith('#')) return undefined;
  if (rest.trim() === '' && m[2] === '') return undefined;
  const indent = m[1].length;
  const dash = m[2] ? indent : -1;
  const col = indent + m[2].length;
  const info: LineInfo = { indent, dash, col };
  const k = KEY_RE.exec(rest);
  if (k) {
    const raw = k[1];
    info.key = /^["']/.test(raw) ? raw.slice(1, -1) : raw.trim();
    info.keyEnd = col + raw.trimEnd().length;
    info.colon = col + k[0].length;
    const after = rest.slice(k[0].length);
    const lead = after.length - after.trimStart().length;
    let value = after.trimStart();
    const comment = /(^|\s)#/.exec(value);
    if (comment && !/^["']/.test(value)) value = value.slice(0, comment.index);
    value = value.trimEnd();
    info.value = value;
    info.valueStart = info.colon + lead;
    info.valueEnd = info.valueStart + value.length;
  } else {
    // A scalar item (`- web`) or a key being typed.
    let value = rest;
    const comment = /(^|\s)#/.exec(value);
    if (comment) value = value.slice(0, comment.index);
    value = value.trimEnd();
    info.value = value;
    info.valueStart = col;
    info.valueEnd = col + value.length;
  }
  return info;
}

const isDocBoundary = (line: string) => /^(---|\.\.\.)(\s|$)/.test(line);

interface Ancestor {
  key: string;
  line: number;
  /** Column of the mapping the key belongs to. */
  col: number;
}

/**
 * The chain of keys that contain a node at `col` on line `lineNo` (outermost first), reading
 * upwards: a line with a key at a smaller column is the parent of a mapping; a sequence's owner
 * sits at a column ≤ its dashes.
 */
function ancestors(lines: string[], lineNo: number, col: number, dash: number): Ancestor[] {
  const path: Ancestor[] = [];
  let mode: 'map' | 'seq' = dash >= 0 ? 'seq' : 'map';
  let dashCol = dash;
  for (let i = lineNo - 1; i >= 0 && col > 0; i--) {
    if (isDocBoundary(lines[i])) break;
    const info = parseLine(lines[i]);
    if (!info) continue;
    if (mode === 'map') {
      if (info.col > col) continue;
      if (info.col === col) {
        if (info.dash >= 0) {
          mode = 'seq';
          dashCol = info.dash;
        }
        continue;
      }
    } else {
      if (info.dash === dashCol || info.col > dashCol) continue;
    }
    if (!info.key) break;
    path.unshift({ key: info.key, line: i, col: info.col });
    col = info.col;
    if (info.dash >= 0) {
      mode = 'seq';
      dashCol = info.dash;
    } else mode = 'map';
  }
  return path;
}

/**
 * Keys of the mapping that has a key at `col` on line `lineNo`: scans up and down while lines
 * stay in that mapping (a shallower line, another document or another sequence item ends it).
 */
function mappingKeys(lines: string[], lineNo: number, col: number): Map<string, LineInfo> {
  const out = new Map<string, LineInfo>();
  const here = parseLine(lines[lineNo] ?? '');
  const startsItem = !!here && here.dash >= 0 && here.col === col;
  for (const dir of [-1, 1]) {
    if (dir === -1 && startsItem) continue;
    for (let i = lineNo + dir; i >= 0 && i < lines.length; i += dir) {
      if (isDocBoundary(lines[i])) break;
      const info = parseLine(lines[i]);
      if (!info) continue;
      if (info.col > col) continue;
      if (info.col < col) break;
      if (info.dash >= 0 && dir === 1) break; // the next item
      if (info.key) out.set(info.key, info);
      if (info.dash >= 0) break; // this item's first line
    }
  }
  if (here?.key && here.col === col) out.set(here.key, here);
  return out;
}

function documentField(lines: string[], lineNo: number, field: string): string | undefined {
  let start = lineNo;
  while (start > 0 && !isDocBoundary(lines[start])) start--;
  const re = new RegExp(`^${field}:\\s*["']?([^\\s"'#]+)`);
  for (let i = start; i < lines.length; i++) {
    if (i > lineNo && isDocBoundary(lines[i])) break;
    const m = re.exec(lines[i]);
    if (m) return m[1];
  }
  return undefined;
}

/** `labels`/`matchLabels` anywhere, and a Service's `spec.selector`, are label maps. */
function isLabelMap(path: readonly Ancestor[], kind: string | undefined): boolean {
  const owner = path[path.length - 1]?.key;
  if (owner === 'labels' || owner === 'matchLabels') return true;
  return owner === 'selector' && kind === 'Service' && path.length === 2 && path[0].key === 'spec';
}

/** The label site at `offset`, or undefined when the cursor is not on a label key or value. */
export function labelSiteAt(text: string, lines: LineIndex, offset: number): LabelSite | undefined {
  const pos = lines.positionAt(offset);
  const allLines = text.split(/\r\n|\r|\n/);
  const line = allLines[pos.line] ?? '';
  const cursor = pos.character;
  const base = lines.lineStart(pos.line);
  const info = parseLine(line) ?? { indent: cursor, dash: -1, col: Math.min(cursor, line.length), value: '', valueStart: cursor, valueEnd: cursor };
  if (line.trim() === '' && cursor < line.length) info.col = cursor;
  if (cursor < info.col || inComment(line, cursor)) return undefined;
  const kind = documentField(allLines, pos.line, 'kind');
  const apiVersion = documentField(allLines, pos.line, 'apiVersion');

  const flow = flowSite(line, cursor, base, allLines, pos.line, info, kind);
  if (flow !== undefined) return flow ?? undefined;

  const path = ancestors(allLines, pos.line, info.col, info.dash);
  const inValue = info.colon !== undefined && cursor >= info.colon;

  // Calico selector strings.
  if (inValue && info.key && CALICO_SELECTOR_KEYS.has(info.key) && /^(crd\.)?projectcalico\.org\//.test(apiVersion ?? '')) {
    return calicoSite(line, cursor, base, info.valueStart!, info.valueEnd!);
  }
  // matchExpressions: `- key: <label key>` and the items of `values:`.
  const owner = path[path.length - 1];
  if (owner?.key === 'matchExpressions' && info.key === 'key' && inValue) {
    const end = Math.max(info.valueEnd!, tokenBounds(line, info.valueStart!, cursor));
    return { role: 'key', style: 'expression', start: base + info.valueStart!, end: base + end, text: unquote(line.slice(info.valueStart!, end)), existing: new Set(), needsColon: false };
  }
  if (owner?.key === 'values' && path[path.length - 2]?.key === 'matchExpressions' && info.dash >= 0 && !info.key) {
    const key = mappingKeys(allLines, owner.line, owner.col).get('key')?.value;
    if (!key) return undefined;
    return valueSite('expression', unquote(key), line, cursor, base, info.valueStart!, info.valueEnd!);
  }
  if (owner?.key === 'matchExpressions' && info.key === 'values' && inValue && /^\[/.test(info.value ?? '')) return undefined; // handled as flow
  if (!isLabelMap(path, kind)) return undefined;
  if (inValue) {
    if (!info.key) return undefined;
    return valueSite('block', info.key, line, cursor, base, info.valueStart!, info.valueEnd!);
  }
  // A key (possibly empty, being typed).
  const keyEnd = info.keyEnd ?? tokenBounds(line, info.col, cursor);
  const keyText = line.slice(info.col, keyEnd);
  const existing = new Set(mappingKeys(allLines, pos.line, info.col).keys());
  existing.delete(info.key ?? '');
  return { role: 'key', style: 'block', start: base + info.col, end: base + keyEnd, text: unquote(keyText), existing, needsColon: info.colon === undefined };
}

/** The cursor is in a `#` comment (a `#` at the line start or after a blank, outside quotes). */
function inComment(line: string, cursor: number): boolean {
  let quote = '';
  for (let i = 0; i < cursor; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      if (i === 0 || /[\s:{[,-]/.test(line[i - 1])) quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return true;
  }
  return false;
}

function unquote(s: string): string {
  const t = s.trim();
  return /^(["']).*\1$/.test(t) && t.length >= 2 ? t.slice(1, -1) : t;
}

function valueSite(style: SiteStyle, key: string, line: string, cursor: number, base: number, start: number, end: number): ValueSite {
  const stop = Math.max(end, tokenBounds(line, start, cursor));
  return { role: 'value', style, key, start: base + start, end: base + stop, text: unquote(line.slice(start, stop)) };
}

/**
 * One-line flow collections: `labels: {team: pay` and `values: [a, b`. Returns undefined when
 * the cursor is not inside one, null when it is but not at a label site.
 */
function flowSite(line: string, cursor: number, base: number, lines: string[], lineNo: number, info: LineInfo, kind: string | undefined): LabelSite | null | undefined {
  // The innermost bracket still open at the cursor (quotes respected).
  const stack: number[] = [];
  let quote = '';
  for (let i = 0; i < cursor; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') stack.push(i);
    else if (c === '}' || c === ']') stack.pop();
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return undefined;
  }
  if (stack.length === 0) return undefined;
  // A YAML flow collection starts a value (`key: {`, `- [`); a `{` later in a plain scalar (a
  // Calico `in {…}`) is text.
  if (!/^[ \t]*(-[ \t]+)*(("[^"]*"|'[^']*'|[^:#{[]*?)[ \t]*:[ \t]+)?$/.test(line.slice(0, stack[0]))) return undefined;
  const open = stack[stack.length - 1];
  const ownerMatch = /([A-Za-z0-9_.-]+)["']?\s*:\s*$/.exec(line.slice(0, open));
  const owner = ownerMatch?.[1];
  // The element under the cursor: from the last separator before it to the next one after it.
  let segStart = open + 1;
  for (let i = cursor - 1; i > open; i--) {
    if (line[i] === ',' || line[i] === '{' || line[i] === '[') {
      segStart = i + 1;
      break;
    }
  }
  let segEnd = cursor;
  while (segEnd < line.length && !',}]'.includes(line[segEnd])) segEnd++;
  const segment = line.slice(segStart, segEnd);
  const lead = segment.length - segment.trimStart().length;
  if (line[open] === '[') {
    if (owner !== 'values') return null;
    // `{key: app, operator: In, values: [` on this line, else the block item around it.
    const inline = /key\s*:\s*["']?([A-Za-z0-9._/-]+)/.exec(line.slice(0, open));
    const blockPath = ancestors(lines, lineNo, info.col, info.dash);
    const key = inline?.[1] ?? (blockPath[blockPath.length - 1]?.key === 'matchExpressions' ? mappingKeys(lines, lineNo, info.col).get('key')?.value : undefined);
    if (!key) return null;
    const start = segStart + lead;
    return valueSite('flow', unquote(key), line, cursor, base, start, start + segment.trim().length);
  }
  const blockPath = ancestors(lines, lineNo, info.col, info.dash);
  const isMap = owner === 'labels' || owner === 'matchLabels' || (owner === 'selector' && kind === 'Service');
  if (!isMap && !(owner === blockPath[blockPath.length - 1]?.key && isLabelMap(blockPath, kind))) return null;
  const colon = segment.indexOf(':');
  if (colon >= 0 && segStart + colon < cursor) {
    const key = unquote(segment.slice(0, colon));
    const after = segment.slice(colon + 1);
    const start = segStart + colon + 1 + (after.length - after.trimStart().length);
    return valueSite('flow', key, line, cursor, base, start, start + after.trim().length);
  }
  const start = segStart + lead;
  const end = colon >= 0 ? segStart + segment.slice(0, colon).trimEnd().length : tokenBounds(line, start, cursor);
  const existing = new Set<string>();
  const inner = line.slice(open + 1);
  for (const m of inner.matchAll(/(?:^|,)\s*["']?([A-Za-z0-9._/-]+)["']?\s*:/g)) existing.add(m[1]);
  const text = line.slice(start, end);
  existing.delete(unquote(text));
  return { role: 'key', style: 'flow', start: base + start, end: base + end, text: unquote(text), existing, needsColon: colon < 0 };
}

/**
 * For hover: the site of the token under the cursor (the whole key or value, whatever part of it
 * the cursor is on). On a Calico value's opening quote, the value after it.
 */
export function labelSiteForHover(text: string, lines: LineIndex, offset: number): LabelSite | undefined {
  const site = labelSiteAt(text, lines, offset);
  if (site?.text) return site;
  const next = labelSiteAt(text, lines, offset + 1);
  return next?.text ? next : undefined;
}
