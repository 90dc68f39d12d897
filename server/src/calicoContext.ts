// Label keys and values inside a Calico selector string (`selector: app == 'web' && team in {…}`)
// that is being typed: a tolerant tokenizer (libcalico-go's tokens, but an unterminated string or
// a half-typed word is fine) decides whether the cursor is where a label key may start (at the
// start, after `&&`, `||`, `!`, `(`, `has(`) or where a value goes (after `==`/`!=`, inside
// `in {…}`/`not in {…}`).
import type { LabelSite } from './labelContext';

export const LABEL_CHARS = /[A-Za-z0-9._/-]/;

/** End of the label-ish token that starts at `start` and reaches at least to `cursor`. */
export function tokenBounds(line: string, start: number, cursor: number): number {
  let end = Math.max(start, cursor);
  while (end < line.length && LABEL_CHARS.test(line[end])) end++;
  return end;
}

interface Tok {
  kind: 'ident' | 'string' | 'open-string' | 'op' | 'punct' | 'other';
  text: string;
  start: number;
  end: number;
}

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const close = s.indexOf(c, i + 1);
      if (close < 0) {
        out.push({ kind: 'open-string', text: s.slice(i + 1), start: i, end: s.length });
        break;
      }
      out.push({ kind: 'string', text: s.slice(i + 1, close), start: i, end: close + 1 });
      i = close + 1;
      continue;
    }
    const two = s.slice(i, i + 2);
    if (two === '&&' || two === '||' || two === '==' || two === '!=') {
      out.push({ kind: 'op', text: two, start: i, end: i + 2 });
      i += 2;
      continue;
    }
    if ('!(){},'.includes(c)) {
      out.push({ kind: 'punct', text: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (LABEL_CHARS.test(c)) {
      let j = i;
      while (j < s.length && LABEL_CHARS.test(s[j])) j++;
      const word = s.slice(i, j);
      if ((word === 'has' || word === 'all' || word === 'global') && s[j] === '(') {
        out.push({ kind: 'punct', text: `${word}(`, start: i, end: j + 1 });
        i = j + 1;
        continue;
      }
      out.push({ kind: 'ident', text: word, start: i, end: j });
      i = j;
      continue;
    }
    out.push({ kind: 'other', text: c, start: i, end: i + 1 });
    i++;
  }
  return out;
}

const KEY_START = new Set(['&&', '||', '!', '(', 'has(']);
const WORD_OPS = new Set(['in', 'not', 'contains', 'starts', 'ends', 'with']);

function isKeyPosition(prev: Tok | undefined): boolean {
  return !prev || KEY_START.has(prev.text);
}

/** The label whose value sits at token index `i` (after `==`, `!=`, or inside `in {…}`). */
function keyForValue(toks: Tok[], i: number): string | undefined {
  const prev = toks[i - 1];
  if (!prev) return undefined;
  if (prev.text === '==' || prev.text === '!=' || (prev.kind === 'ident' && WORD_OPS.has(prev.text) && prev.text !== 'in' && prev.text !== 'not')) {
    let j = i - 2;
    while (j >= 0 && toks[j].kind === 'ident' && WORD_OPS.has(toks[j].text)) j--;
    return toks[j]?.kind === 'ident' ? toks[j].text : undefined;
  }
  if (prev.text === '{' || prev.text === ',') {
    let j = i - 1;
    while (j >= 0 && toks[j].text !== '{') {
      if (toks[j].text === '}' || toks[j].text === '(' || toks[j].kind === 'op') return undefined;
      j--;
    }
    if (toks[j - 1]?.text !== 'in') return undefined;
    let k = j - 2;
    if (toks[k]?.text === 'not') k--;
    return toks[k]?.kind === 'ident' ? toks[k].text : undefined;
  }
  return undefined;
}

/**
 * The label site inside a Calico selector written as the YAML value at columns
 * [valueStart, valueEnd) of `line`; `base` is the line's offset in the file.
 */
export function calicoSite(line: string, cursor: number, base: number, valueStart: number, valueEnd: number): LabelSite | undefined {
  let start = valueStart;
  let end = valueEnd;
  let outer = '';
  if (/^["']/.test(line[start] ?? '')) {
    outer = line[start];
    start++;
    const close = line.indexOf(outer, start);
    end = close < 0 ? line.length : close;
  } else if (cursor > end && line.slice(end, cursor).trim() === '') {
    end = cursor; // trailing blanks after an operator
  }
  if (cursor < start || cursor > Math.max(end, start)) return undefined;
  const sel = line.slice(start, end);
  const at = cursor - start;
  const toks = tokenize(sel.slice(0, at));
  const last = toks[toks.length - 1];
  const innerQuote = outer === "'" ? '"' : "'";
  const abs = (n: number) => base + start + n;
  if (last?.kind === 'open-string') {
    const key = keyForValue(toks, toks.length - 1);
    if (!key) return undefined;
    const close = sel.indexOf(sel[last.start], at);
    const valueEnd = close < 0 ? sel.length : close;
    return { role: 'value', style: 'calico', key, start: abs(last.start + 1), end: abs(valueEnd), text: sel.slice(last.start + 1, valueEnd), quote: '' };
  }
  if (last?.kind === 'ident' && last.end === at) {
    // A word being typed: a label key where one may start.
    if (!isKeyPosition(toks[toks.length - 2])) return undefined;
    const e = tokenBounds(sel, last.start, at);
    return { role: 'key', style: 'calico', start: abs(last.start), end: abs(e), text: sel.slice(last.start, e), existing: new Set(), needsColon: false };
  }
  if (last?.kind === 'string' && last.end === at) return undefined;
  if (isKeyPosition(last)) {
    const e = tokenBounds(sel, at, at);
    return { role: 'key', style: 'calico', start: abs(at), end: abs(e), text: sel.slice(at, e), existing: new Set(), needsColon: false };
  }
  const key = keyForValue([...toks, { kind: 'string', text: '', start: at, end: at }], toks.length);
  if (!key) return undefined;
  return { role: 'value', style: 'calico', key, start: abs(at), end: abs(at), text: '', quote: innerQuote };
}

