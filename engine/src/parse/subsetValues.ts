// The one-line values of the block subset (`blockSubset.ts`): plain and quoted scalars and flow
// collections, each read from its start to the end of its line, and the constants the block
// grammar shares with them.
import { Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { newMap, newPair, newScalar, newSeq, NOT_IN_SUBSET, plainValue, type RangedCollection, type RangedScalar, type Shared, type SubsetNode } from './subsetNodes';

/** Nesting (collections in collections) beyond which the subset gives up (the guarded parse takes it). */
export const MAX_SUBSET_DEPTH = 32;


/** Thrown (one shared instance) when the text leaves the subset. */
export const OUTSIDE = new Error('outside the block subset');

export const SPACE = 0x20;
export const HASH = 0x23;
export const DASH = 0x2d;
export const COLON = 0x3a;
export const NEWLINE = 0x0a;
export const PIPE = 0x7c;

/** Characters a plain scalar may not start with in this subset (YAML indicators, and more to be safe). */
export const NOT_PLAIN_START = new Set('-?:,[]{}#&*!|>\'"%@`~'.split('').map((c) => c.charCodeAt(0)));

/** Escapes of a double-quoted scalar read here (`\\u` and `\\x` too); others leave the subset. */
const DOUBLE_QUOTED_ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', ' ': ' ' };

/** Reads the values; `SubsetParser` (the block grammar) builds on it. */
export abstract class SubsetValueReader {
  protected depth = 0;

  constructor(
    protected readonly text: string,
    protected readonly shared: Shared,
  ) {}

  protected lineEnd(pos: number): number {
    const n = this.text.indexOf('\n', pos);
    return n < 0 ? this.text.length : n;
  }

  protected lineStartOf(pos: number): number {
    return this.text.lastIndexOf('\n', pos - 1) + 1;
  }

  /** A value that starts at `at` on its line and ends on it: a scalar or a flow collection. */
  protected inlineValue(at: number): SubsetNode {
    const { text } = this;
    const c = text.charCodeAt(at);
    const lineEnd = this.lineEnd(at);
    let node: SubsetNode;
    let valueEnd: number;
    if (c === 0x7b || c === 0x5b) {
      node = this.flowCollection(at, lineEnd);
      valueEnd = node.range[1];
    } else if (c === 0x22 || c === 0x27) {
      node = this.quotedScalar(at, lineEnd);
      valueEnd = node.range[1];
    } else {
      valueEnd = this.plainEnd(at, lineEnd);
      node = this.plainScalar(at, valueEnd, valueEnd);
      if (text.charCodeAt(valueEnd - 1) === COLON || text.slice(at, valueEnd).includes(': ')) throw OUTSIDE;
    }
    // The rest of the line: spaces, then a comment or nothing.
    let i = valueEnd;
    while (text.charCodeAt(i) === SPACE) i++;
    if (i < lineEnd && !(text.charCodeAt(i) === HASH && i > valueEnd)) throw OUTSIDE;
    node.range = [node.range[0], valueEnd, Math.min(lineEnd + 1, text.length)];
    return node;
  }

  /** Where a block plain scalar from `at` ends: before ` #` or the trailing spaces of its line. */
  protected plainEnd(at: number, lineEnd: number): number {
    const { text } = this;
    let end = lineEnd;
    for (let i = at + 1; i < lineEnd; i++) {
      if (text.charCodeAt(i) === HASH && text.charCodeAt(i - 1) === SPACE) {
        end = i - 1;
        break;
      }
    }
    while (end > at && text.charCodeAt(end - 1) === SPACE) end--;
    return end;
  }

  /** A plain scalar `text[at, end)`, resolved as the core schema does; `nodeEnd` is its range's end. */
  protected plainScalar(at: number, end: number, nodeEnd: number): RangedScalar {
    const { text } = this;
    if (end <= at || (NOT_PLAIN_START.has(text.charCodeAt(at)) && !this.isSafeDash(at, end))) throw OUTSIDE;
    const source = text.slice(at, end);
    const value = plainValue(source);
    if (value === NOT_IN_SUBSET) throw OUTSIDE;
    return newScalar(value, source, Scalar.PLAIN, [at, end, nodeEnd]);
  }

  /** `-` starting a plain scalar (`-1`, `-foo`): followed by a character that is no space or indicator. */
  protected isSafeDash(at: number, end: number): boolean {
    const { text } = this;
    return text.charCodeAt(at) === DASH && at + 1 < end && !' ,[]{}#'.includes(text[at + 1]);
  }

  /** `"…"` (the usual escapes) or `'…'` (`''` for a quote), on one line. */
  protected quotedScalar(at: number, lineEnd: number): RangedScalar {
    const { text } = this;
    const double = text.charCodeAt(at) === 0x22;
    let source = '';
    let from = at + 1;
    let close = -1;
    for (let i = from; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (double && c === 0x5c) {
        // An escape: the usual ones are read here, the rarer ones left to `yaml`.
        const escape = DOUBLE_QUOTED_ESCAPES[text[i + 1]];
        const hex = text[i + 1] === 'u' ? 4 : text[i + 1] === 'x' ? 2 : 0;
        let decoded: string;
        if (escape !== undefined) decoded = escape;
        else if (hex && /^[0-9a-fA-F]+$/.test(text.slice(i + 2, i + 2 + hex)) && i + 2 + hex <= lineEnd) decoded = String.fromCharCode(parseInt(text.slice(i + 2, i + 2 + hex), 16));
        else throw OUTSIDE;
        source += text.slice(from, i) + decoded;
        i += 1 + hex;
        from = i + 1;
      } else if (!double && c === 0x27 && text.charCodeAt(i + 1) === 0x27) {
        source += text.slice(from, i + 1);
        i++;
        from = i + 1;
      } else if (c === (double ? 0x22 : 0x27)) {
        close = i;
        break;
      }
    }
    if (close < 0) throw OUTSIDE;
    source += text.slice(from, close);
    return newScalar(source, source, double ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE, [at, close + 1, close + 1]);
  }

  /** `{ k: v, … }` or `[ a, … ]` on one line, with plain or quoted scalars and nested flow collections. */
  protected flowCollection(at: number, lineEnd: number): RangedCollection {
    const { text } = this;
    if (++this.depth > MAX_SUBSET_DEPTH) throw OUTSIDE;
    const isMap = text.charCodeAt(at) === 0x7b;
    const close = isMap ? 0x7d : 0x5d;
    const node = isMap ? newMap(this.shared) : newSeq(this.shared);
    node.flow = true;
    const keys = new Set<unknown>();
    let i = this.skipSpaces(at + 1, lineEnd);
    if (text.charCodeAt(i) !== close) {
      for (;;) {
        // A key's range ends where it does; other items' ranges run over the spaces after them.
        const item = isMap ? this.flowScalar(i, lineEnd) : this.flowItem(i, lineEnd);
        i = item.range[2];
        if (isMap) {
          if (text.charCodeAt(i) !== COLON || text.charCodeAt(i + 1) !== SPACE) throw OUTSIDE;
          const key = (item as RangedScalar).value;
          if (key === null || keys.has(key)) throw OUTSIDE;
          keys.add(key);
          const value = this.flowItem(this.skipSpaces(i + 1, lineEnd), lineEnd);
          (node as YAMLMap).items.push(newPair(item, value));
          i = value.range[2];
        } else {
          (node as YAMLSeq).items.push(item);
        }
        const c = text.charCodeAt(i);
        if (c === close) break;
        if (c !== 0x2c) throw OUTSIDE;
        i = this.skipSpaces(i + 1, lineEnd);
        if (text.charCodeAt(i) === close) throw OUTSIDE; // a trailing comma: left to `yaml`
      }
    }
    this.depth--;
    node.range = [at, i + 1, i + 1];
    return node as RangedCollection;
  }

  protected skipSpaces(i: number, lineEnd: number): number {
    while (i < lineEnd && this.text.charCodeAt(i) === SPACE) i++;
    if (i >= lineEnd) throw OUTSIDE; // a flow collection over several lines: left to `yaml`
    return i;
  }

  /**
   * A scalar or nested flow collection inside a flow collection; yaml ends its range (the third
   * offset) after the spaces that follow it.
   */
  protected flowItem(at: number, lineEnd: number): SubsetNode {
    const c = this.text.charCodeAt(at);
    const node = c === 0x7b || c === 0x5b ? this.flowCollection(at, lineEnd) : this.flowScalar(at, lineEnd);
    node.range[2] = this.skipSpaces(node.range[1], lineEnd);
    return node;
  }

  /** A scalar in a flow collection (a key, or an item); a collection as a key leaves the subset. */
  protected flowScalar(at: number, lineEnd: number): RangedScalar {
    const { text } = this;
    const c = text.charCodeAt(at);
    if (c === 0x22 || c === 0x27) return this.quotedScalar(at, lineEnd);
    // Plain in flow: up to `,`, a closing bracket, `: ` or ` #`; `[]{}` inside leave the subset.
    let end = at;
    for (; end < lineEnd; end++) {
      const d = text.charCodeAt(end);
      if (d === 0x2c || d === 0x5d || d === 0x7d) break;
      if (d === 0x5b || d === 0x7b) throw OUTSIDE;
      if (d === COLON) {
        if (text.charCodeAt(end + 1) === SPACE) break;
        throw OUTSIDE; // `a:b` in a flow collection: left to `yaml`
      }
      if (d === HASH && text.charCodeAt(end - 1) === SPACE) throw OUTSIDE;
    }
    while (end > at && text.charCodeAt(end - 1) === SPACE) end--;
    return this.plainScalar(at, end, end);
  }
}
