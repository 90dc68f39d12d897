// A fast path for the YAML most manifests are written in: block maps and sequences, one-line
// plain and quoted scalars, one-line flow collections. It builds the same `yaml` nodes (classes,
// values, types, sources, ranges) that `parseAllDocuments` composes, without the lexer's and the
// CST parser's tokens, which are most of a parse's time and garbage. Anything outside that subset
// (block scalars, multi-line scalars, anchors, aliases, tags, escapes, merge keys, floats, tabs,
// CR, directives, duplicate keys, deep nesting…) makes it give up on the whole text, and the
// caller parses it with `yaml` as before: this path only ever answers when it answers the same.
// Comments are not attached to nodes (`comment`, `commentBefore`, `spaceBefore` stay unset); they
// only count for the ranges. Nothing reads them from a parsed manifest (the generators write
// comments on documents they build themselves). test/engine/parse/blockSubset.test.ts compares
// both parsers node by node on the fixtures, the corpus, a generated workspace and mutations of
// them. The nodes themselves are made in `subsetNodes.ts`.
import { Document, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { newMap, newPair, newScalar, newSeq, NOT_IN_SUBSET, plainValue, sharedFor, type Options, type Shared } from './subsetNodes';

/** Nesting (collections in collections) beyond which the subset gives up (the guarded parse takes it). */
const MAX_SUBSET_DEPTH = 32;

type NodeRange = [number, number, number];
type RangedScalar = Scalar & { range: NodeRange };
type RangedCollection = (YAMLMap | YAMLSeq) & { range: NodeRange };
type SubsetNode = RangedScalar | RangedCollection;

/** Thrown (one shared instance) when the text leaves the subset. */
const OUTSIDE = new Error('outside the block subset');

const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const NEWLINE = 0x0a;

/** Characters a plain scalar may not start with in this subset (YAML indicators, and more to be safe). */
const NOT_PLAIN_START = new Set('-?:,[]{}#&*!|>\'"%@`~'.split('').map((c) => c.charCodeAt(0)));

/**
 * The documents of `text` as `parseAllDocuments(text, options)` composes them, or undefined
 * when the text is not entirely in the subset (then nothing is returned, not even part).
 */
export function parseBlockSubset(text: string, options: Options): Document.Parsed[] | undefined {
  if (text.includes('\t') || text.includes('\r') || text.includes('\uFEFF')) return undefined;
  try {
    return new SubsetParser(text, sharedFor(options)).documents();
  } catch (e) {
    if (e === OUTSIDE) return undefined;
    throw e;
  }
}

class SubsetParser {
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly shared: Shared,
  ) {}

  documents(): Document.Parsed[] {
    const { text } = this;
    const docs: Document.Parsed[] = [];
    let pos = this.skipBlankLines(0, true);
    let markerAt = -1;
    if (this.isMarker(pos)) {
      markerAt = pos;
      pos = this.skipBlankLines(this.lineEnd(pos) + 1, true);
    }
    for (;;) {
      if (pos >= text.length || this.isMarker(pos)) {
        // An empty document (`---` with nothing after it): left to `yaml`.
        if (markerAt >= 0 || docs.length === 0) throw OUTSIDE;
      } else {
        if (this.indentAt(pos) !== 0) throw OUTSIDE;
        const doc = new Document(undefined, this.shared.documentOptions) as Document.Parsed;
        const start = markerAt >= 0 ? markerAt : pos;
        const contents = this.blockNode(pos, 0, -1);
        const contentEnd = contents.range[2];
        if (markerAt >= 0) doc.directives.docStart = true;
        doc.contents = contents as unknown as Document.Parsed['contents'];
        // The document runs on over blank lines, up to the next marker.
        pos = this.skipBlankLines(contentEnd);
        if (pos < text.length && !this.isMarker(pos)) throw OUTSIDE;
        doc.range = [start, contentEnd, pos];
        docs.push(doc);
      }
      if (pos >= text.length) return docs;
      markerAt = pos;
      pos = this.skipBlankLines(this.lineEnd(pos) + 1, true);
    }
  }

  /** A `---` line (nothing else on it). */
  private isMarker(pos: number): boolean {
    const { text } = this;
    if (!text.startsWith('---', pos)) return false;
    const after = pos + 3;
    if (after === text.length || text.charCodeAt(after) === NEWLINE) return true;
    if (text.charCodeAt(after) === SPACE) throw OUTSIDE; // `--- content`, `--- # …`: left to `yaml`
    return false;
  }

  private lineEnd(pos: number): number {
    const n = this.text.indexOf('\n', pos);
    return n < 0 ? this.text.length : n;
  }

  private indentAt(lineStart: number): number {
    const { text } = this;
    let i = lineStart;
    while (text.charCodeAt(i) === SPACE) i++;
    return i - lineStart;
  }

  /**
   * From a line start, past blank lines (and comment lines before a document's content): the
   * next content line's start, or the end. yaml stretches the range of the node before a comment
   * line over it, or not, by rules not worth copying: comments elsewhere leave the subset.
   */
  private skipBlankLines(pos: number, commentsAllowed = false): number {
    const { text } = this;
    while (pos < text.length) {
      let i = pos;
      while (text.charCodeAt(i) === SPACE) i++;
      const c = text.charCodeAt(i);
      if (c === NEWLINE) pos = i + 1;
      else if (i >= text.length) return text.length;
      else if (c === HASH && commentsAllowed) pos = this.lineEnd(i) + 1;
      else if (c === HASH) throw OUTSIDE;
      else return pos;
    }
    return text.length;
  }

  /**
   * The block map or sequence whose first entry starts at `at` (a line's content, or after a
   * sequence item's `- `) in column `column`; `parentIndent` is the column of the key or dash
   * that holds it (-1 at the top).
   */
  private blockNode(at: number, column: number, parentIndent: number): RangedCollection {
    if (++this.depth > MAX_SUBSET_DEPTH) throw OUTSIDE;
    const node = this.isDash(at) ? this.blockSeq(at, column) : this.blockMap(at, column);
    this.depth--;
    if (column <= parentIndent && !(column === parentIndent && node instanceof YAMLSeq)) throw OUTSIDE;
    return node;
  }

  private isDash(at: number): boolean {
    const { text } = this;
    if (text.charCodeAt(at) !== DASH) return false;
    const next = text.charCodeAt(at + 1);
    return next === SPACE || next === NEWLINE || at + 1 >= text.length;
  }

  private blockMap(at: number, column: number): RangedCollection {
    const { text } = this;
    const map = newMap(this.shared);
    const keys = new Set<unknown>();
    let keyAt = at;
    let end: number;
    for (;;) {
      const colon = this.keyEnd(keyAt);
      const key = this.plainScalar(keyAt, colon, colon);
      if (key.value === null || keys.has(key.value) || key.value === '<<') throw OUTSIDE;
      keys.add(key.value);
      const value = this.mapValue(colon + 1, column);
      map.items.push(newPair(key, value));
      end = value.range[2];
      // The next entry: a line in this map's column; a deeper one is outside the subset
      // (a multi-line scalar, or an error), a shallower one ends the map.
      const next = this.skipBlankLines(end);
      if (next >= text.length || this.isMarker(next)) break;
      const indent = this.indentAt(next);
      if (indent < column) break;
      if (indent > column || this.isDash(next + indent)) throw OUTSIDE;
      keyAt = next + indent;
    }
    map.range = [at, end, end];
    return map as RangedCollection;
  }

  /** The `:` that ends a plain key starting at `at` (`key:` then a space or the line's end). */
  private keyEnd(at: number): number {
    const { text } = this;
    if (NOT_PLAIN_START.has(text.charCodeAt(at))) throw OUTSIDE;
    const lineEnd = this.lineEnd(at);
    let colon = text.indexOf(':', at);
    while (colon >= 0 && colon < lineEnd) {
      const next = text.charCodeAt(colon + 1);
      if (next === SPACE || next === NEWLINE || colon + 1 >= text.length) {
        const key = text.slice(at, colon);
        if (key.includes(' #') || text.charCodeAt(colon - 1) === SPACE || colon - at > 1024) throw OUTSIDE;
        return colon;
      }
      colon = text.indexOf(':', colon + 1);
    }
    throw OUTSIDE;
  }

  /** The value after a map key's `:` (at `from`); `column` is the key's. */
  private mapValue(from: number, column: number): SubsetNode {
    const { text } = this;
    let i = from;
    while (text.charCodeAt(i) === SPACE) i++;
    if (i < text.length && text.charCodeAt(i) !== NEWLINE && !(text.charCodeAt(i) === HASH && i > from)) {
      return this.inlineValue(i);
    }
    // Nothing on the key's line: a block collection on the next lines, or null.
    const next = this.skipBlankLines(this.lineEnd(i) + 1);
    if (next < text.length && !this.isMarker(next)) {
      const indent = this.indentAt(next);
      if (indent > column || (indent === column && this.isDash(next + indent))) return this.blockNode(next + indent, indent, column);
    }
    return this.nullScalar(from, i, next);
  }

  /** The null of an empty value: yaml places it after the `:` and its spaces, up to what comes next. */
  private nullScalar(from: number, at: number, next: number): RangedScalar {
    // Only the plain case (`key:` and a line break) is in the subset: comments in between, or
    // trailing spaces, shift yaml's range in ways not worth copying.
    // At the end of a document yaml ends the document's range differently: left to it too.
    if (at !== from || next !== this.lineEnd(at) + 1 || next >= this.text.length || this.isMarker(next)) throw OUTSIDE;
    const scalar = newScalar(null);
    scalar.range = [at, at, at];
    scalar.source = '';
    scalar.type = Scalar.PLAIN;
    return scalar as RangedScalar;
  }

  private blockSeq(at: number, column: number): RangedCollection {
    const { text } = this;
    const seq = newSeq(this.shared);
    let dashAt = at;
    let end: number;
    for (;;) {
      let i = dashAt + 1;
      while (text.charCodeAt(i) === SPACE) i++;
      let item: SubsetNode;
      if (i >= text.length || text.charCodeAt(i) === NEWLINE || text.charCodeAt(i) === HASH) {
        // `-` alone: the item is on the next lines, deeper.
        const next = this.skipBlankLines(this.lineEnd(i) + 1);
        if (next >= text.length || this.isMarker(next) || this.indentAt(next) <= column) throw OUTSIDE;
        const indent = this.indentAt(next);
        item = this.blockNode(next + indent, indent, column);
      } else if (this.isDash(i) || !this.startsMapEntry(i)) {
        if (this.isDash(i)) throw OUTSIDE;
        item = this.inlineValue(i);
      } else {
        const itemColumn = i - this.lineStartOf(i);
        item = this.blockNode(i, itemColumn, column);
      }
      seq.items.push(item);
      end = item.range[2];
      const next = this.skipBlankLines(end);
      if (next >= text.length || this.isMarker(next)) break;
      const indent = this.indentAt(next);
      if (indent < column) break;
      if (indent > column) throw OUTSIDE;
      if (!this.isDash(next + indent)) break; // a key of the map this sequence is a value of
      dashAt = next + indent;
    }
    seq.range = [at, end, end];
    return seq as RangedCollection;
  }

  private lineStartOf(pos: number): number {
    return this.text.lastIndexOf('\n', pos - 1) + 1;
  }

  /** The line from `at` holds a map entry (`key: …` / `key:`) rather than a scalar. */
  private startsMapEntry(at: number): boolean {
    const { text } = this;
    const c = text.charCodeAt(at);
    if (c === 0x22 || c === 0x27 || c === 0x7b || c === 0x5b) return false; // quoted or flow: a scalar item
    const lineEnd = this.lineEnd(at);
    for (let colon = text.indexOf(':', at); colon >= 0 && colon < lineEnd; colon = text.indexOf(':', colon + 1)) {
      const next = text.charCodeAt(colon + 1);
      if (next === SPACE || next === NEWLINE || colon + 1 >= text.length) return true;
    }
    return false;
  }

  /** A value that starts at `at` on its line and ends on it: a scalar or a flow collection. */
  private inlineValue(at: number): SubsetNode {
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
  private plainEnd(at: number, lineEnd: number): number {
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
  private plainScalar(at: number, end: number, nodeEnd: number): RangedScalar {
    const { text } = this;
    if (end <= at || (NOT_PLAIN_START.has(text.charCodeAt(at)) && !this.isSafeDash(at, end))) throw OUTSIDE;
    const source = text.slice(at, end);
    const value = plainValue(source);
    if (value === NOT_IN_SUBSET) throw OUTSIDE;
    const scalar = newScalar(value);
    scalar.range = [at, end, nodeEnd];
    scalar.source = source;
    scalar.type = Scalar.PLAIN;
    return scalar as RangedScalar;
  }

  /** `-` starting a plain scalar (`-1`, `-foo`): followed by a character that is no space or indicator. */
  private isSafeDash(at: number, end: number): boolean {
    const { text } = this;
    return text.charCodeAt(at) === DASH && at + 1 < end && !' ,[]{}#'.includes(text[at + 1]);
  }

  /** `"…"` without escapes or `'…'` without doubled quotes, on one line. */
  private quotedScalar(at: number, lineEnd: number): RangedScalar {
    const { text } = this;
    const quote = text[at];
    const close = text.indexOf(quote, at + 1);
    if (close < 0 || close >= lineEnd) throw OUTSIDE;
    const source = text.slice(at + 1, close);
    if (quote === '"' ? source.includes('\\') : text.charCodeAt(close + 1) === 0x27) throw OUTSIDE;
    const scalar = newScalar(source);
    scalar.range = [at, close + 1, close + 1];
    scalar.source = source;
    scalar.type = quote === '"' ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE;
    return scalar as RangedScalar;
  }

  /** `{ k: v, … }` or `[ a, … ]` on one line, with plain or quoted scalars and nested flow collections. */
  private flowCollection(at: number, lineEnd: number): RangedCollection {
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

  private skipSpaces(i: number, lineEnd: number): number {
    while (i < lineEnd && this.text.charCodeAt(i) === SPACE) i++;
    if (i >= lineEnd) throw OUTSIDE; // a flow collection over several lines: left to `yaml`
    return i;
  }

  /**
   * A scalar or nested flow collection inside a flow collection; yaml ends its range (the third
   * offset) after the spaces that follow it.
   */
  private flowItem(at: number, lineEnd: number): SubsetNode {
    const c = this.text.charCodeAt(at);
    const node = c === 0x7b || c === 0x5b ? this.flowCollection(at, lineEnd) : this.flowScalar(at, lineEnd);
    node.range[2] = this.skipSpaces(node.range[1], lineEnd);
    return node;
  }

  /** A scalar in a flow collection (a key, or an item); a collection as a key leaves the subset. */
  private flowScalar(at: number, lineEnd: number): RangedScalar {
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
