// A fast path for the YAML most manifests are written in: block maps and sequences, one-line
// plain and quoted scalars, one-line flow collections, literal block scalars, comment lines. It
// builds the same `yaml` nodes (classes, values, types, sources, ranges) that `parseAllDocuments`
// composes, without the lexer's and the CST parser's tokens, which are most of a parse's time and
// garbage. Anything outside that subset (folded or kept block scalars, multi-line flow scalars,
// anchors, aliases, tags, rare escapes, merge keys, floats, tabs, CR, directives, duplicate keys,
// deep nesting, comment lines where yaml's placement of them is not copied, comments in empty
// documents…) makes it give up on the whole text, and the caller parses it with `yaml` as
// before: this path only ever answers when it answers the same. Comments are not attached to
// nodes (`comment`, `commentBefore`, `spaceBefore` stay unset); they only count for the ranges
// (`commentsClose`). Nothing reads them from a parsed manifest (the generators write comments on
// documents they build themselves). test/engine/parse/blockSubset.test.ts compares both parsers
// node by node on the fixtures, the corpus, a generated workspace and mutations of them. This
// file is the block grammar; `subsetValues.ts` reads one-line values and `subsetNodes.ts` makes
// the nodes.
import { Document, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { newMap, newPair, newScalar, newSeq, sharedFor, type Options, type RangedCollection, type RangedScalar, type SubsetNode } from './subsetNodes';
import { DASH, HASH, MAX_SUBSET_DEPTH, NEWLINE, NOT_PLAIN_START, OUTSIDE, PIPE, SPACE, SubsetValueReader } from './subsetValues';

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

class SubsetParser extends SubsetValueReader {
  /** Set by `skipGap`: the indentation of the gap's comment lines (-1: none), and where the last ends. */
  private gapCommentIndent = -1;
  private gapCommentEnd = 0;

  documents(): Document.Parsed[] {
    const { text } = this;
    const docs: Document.Parsed[] = [];
    let pos = this.skipGap(0);
    let markerAt = -1;
    if (this.isMarker(pos)) {
      markerAt = pos;
      pos = this.skipGap(this.lineEnd(pos) + 1);
    }
    for (;;) {
      if (pos >= text.length || this.isMarker(pos)) {
        // Nothing but comments, or a comment in an empty document: left to `yaml`.
        if (markerAt < 0 || this.gapCommentIndent >= 0) throw OUTSIDE;
        docs.push(this.emptyDocument(markerAt));
      } else {
        if (this.indentAt(pos) !== 0) throw OUTSIDE;
        const doc = new Document(undefined, this.shared.documentOptions) as Document.Parsed;
        const start = markerAt >= 0 ? markerAt : pos;
        const contents = this.blockNode(pos, 0, -1);
        const contentEnd = contents.range[2];
        if (markerAt >= 0) doc.directives.docStart = true;
        doc.contents = contents as unknown as Document.Parsed['contents'];
        // The document runs on over blank lines and its own comments, up to the next marker.
        pos = this.skipGap(contentEnd);
        if (pos < text.length && !this.isMarker(pos)) throw OUTSIDE;
        doc.range = [start, contentEnd, pos];
        docs.push(doc);
      }
      if (pos >= text.length) return docs;
      markerAt = pos;
      pos = this.skipGap(this.lineEnd(pos) + 1);
    }
  }

  /** `---` with only blank lines after it: yaml's empty document is a null right after the marker. */
  private emptyDocument(markerAt: number): Document.Parsed {
    const doc = new Document(undefined, this.shared.documentOptions) as Document.Parsed;
    const at = markerAt + 3;
    doc.directives.docStart = true;
    doc.contents = newScalar(null, '', Scalar.PLAIN, [at, at, at]) as unknown as Document.Parsed['contents'];
    doc.range = [markerAt, at, at];
    return doc;
  }

  /**
   * A literal block scalar (`|` or `|-`, nothing else on its header line) whose header is at
   * `at`, in a map or sequence whose keys or dashes are in `parentColumn`. Keep chomping (`|+`),
   * indentation indicators, lines of spaces only, and a comment right after it leave the subset.
   */
  private literalBlock(at: number, parentColumn: number): RangedScalar {
    const { text } = this;
    let h = at + 1;
    const strip = text.charCodeAt(h) === DASH;
    if (strip) h++;
    while (text.charCodeAt(h) === SPACE) h++;
    if (h >= text.length || text.charCodeAt(h) !== NEWLINE) throw OUTSIDE;
    const lines: string[] = [];
    let indent = -1;
    let emptyLines = 0;
    let end = h + 1;
    for (let pos = h + 1; pos < text.length; ) {
      const lineEnd = this.lineEnd(pos);
      if (lineEnd === pos) {
        emptyLines++;
        pos++;
        continue;
      }
      let i = pos;
      while (text.charCodeAt(i) === SPACE) i++;
      if (i === lineEnd) throw OUTSIDE;
      const lineIndent = i - pos;
      if (indent < 0 ? lineIndent <= parentColumn : lineIndent < indent) {
        // The block ends at a line of the parent (or further out): not between the two, not a comment.
        if (indent < 0 || lineIndent > parentColumn || text.charCodeAt(i) === HASH) throw OUTSIDE;
        break;
      }
      if (indent < 0) indent = lineIndent;
      for (; emptyLines > 0; emptyLines--) lines.push('');
      lines.push(text.slice(pos + indent, lineEnd));
      end = Math.min(lineEnd + 1, text.length);
      pos = lineEnd + 1;
    }
    if (indent < 0) throw OUTSIDE;
    // Clip keeps one final line break, strip none; trailing empty lines are not part of the value.
    const value = lines.join('\n') + (strip ? '' : '\n');
    return newScalar(value, value, Scalar.BLOCK_LITERAL, [at, end, end]);
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

  private indentAt(lineStart: number): number {
    const { text } = this;
    let i = lineStart;
    while (text.charCodeAt(i) === SPACE) i++;
    return i - lineStart;
  }

  /**
   * From a line start (or a line's content), past blank and comment lines: the next content
   * line's start (or the end). The comment lines' indentation and end are left in `gapCommentIndent` (-1: none) and
   * `gapCommentEnd`; comment lines of different indentations leave the subset.
   */
  private skipGap(pos: number): number {
    const { text } = this;
    this.gapCommentIndent = -1;
    // From the content of a line (where a range stretched by comments ends): from its start.
    while (pos > 0 && text.charCodeAt(pos - 1) === SPACE) pos--;
    while (pos < text.length) {
      let i = pos;
      while (text.charCodeAt(i) === SPACE) i++;
      const c = text.charCodeAt(i);
      if (c === NEWLINE) pos = i + 1;
      else if (i >= text.length) return text.length;
      else if (c === HASH) {
        if (this.gapCommentIndent >= 0 && this.gapCommentIndent !== i - pos) throw OUTSIDE;
        this.gapCommentIndent = i - pos;
        pos = this.lineEnd(i) + 1;
        this.gapCommentEnd = pos;
      } else return pos;
    }
    return Math.min(pos, text.length);
  }

  /**
   * Places the comment lines of the gap before `next` (after `last`, an entry of a collection in
   * `column`) in the ranges, as yaml composes them; true when they close the collection. They
   * change nothing when the next line is the collection's next entry and they are no deeper (they
   * go with it); deeper than the collection, they stretch the entry before them (a scalar) over
   * them; in the collection's column, before a line that ends it, they close it (its range runs
   * up to the next line's content); shallower, they are the parent's to place. Before the end of
   * the document, only comments in column 0 (the document's own) are in the subset.
   */
  private commentsClose(next: number, column: number, last: SubsetNode, isSeq: boolean): boolean {
    const ci = this.gapCommentIndent;
    if (ci < 0) return false;
    if (next >= this.text.length || this.isMarker(next)) {
      if (ci !== 0) throw OUTSIDE;
      return false;
    }
    const ni = this.indentAt(next);
    // A sequence in its parent key's column goes on only with dashes.
    const continues = ni === column && (!isSeq || this.isDash(next + ni));
    if (continues && ci <= ni) return false;
    // A sequence ending before a key in its own column: yaml gives the comments to one or the
    // other depending on the lines around them. Left to it.
    if (ci === ni) throw OUTSIDE;
    if (ci > column) {
      if (!(last instanceof Scalar) || last.range[2] !== this.lineStartOf(last.range[2])) throw OUTSIDE;
      last.range[2] = this.gapCommentEnd;
      return false;
    }
    return ci === column;
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
    const map = newMap(this.shared);
    const keys = new Set<unknown>();
    let keyAt = at;
    for (;;) {
      const colon = this.keyEnd(keyAt);
      const key = this.plainScalar(keyAt, colon, colon);
      if (key.value === null || keys.has(key.value) || key.value === '<<') throw OUTSIDE;
      keys.add(key.value);
      const value = this.mapValue(colon + 1, column);
      map.items.push(newPair(key, value));
      const next = this.nextEntryLine(map, at, column, value, false);
      if (next < 0) return map as RangedCollection;
      keyAt = next + column;
    }
  }

  /**
   * After `last`, an entry of `collection` (a map or a sequence in `column`, from `at`): the
   * start of the line of its next entry, or -1 when the collection ends there (its range then
   * set). The next entry is a line in the collection's column (a dash for a sequence); a deeper
   * line is outside the subset (a multi-line scalar, or an error), a shallower one ends it, and
   * so does a key in a sequence's column (the key of the map it is a value of).
   */
  private nextEntryLine(collection: YAMLMap | YAMLSeq, at: number, column: number, last: SubsetNode, isSeq: boolean): number {
    const { text } = this;
    const next = this.skipGap(last.range[2]);
    const closed = this.commentsClose(next, column, last, isSeq);
    const end = last.range[2]; // after the comments stretched it
    if (closed) {
      collection.range = [at, end, next + this.indentAt(next)];
      return -1;
    }
    const indent = next >= text.length || this.isMarker(next) ? -1 : this.indentAt(next);
    if (indent > column || (!isSeq && indent === column && this.isDash(next + indent))) throw OUTSIDE;
    if (indent < column || (isSeq && !this.isDash(next + indent))) {
      collection.range = [at, end, end];
      return -1;
    }
    return next;
  }

  /** A value that starts on its key's or dash's line (at `at`), in a collection in `column`. */
  private valueFrom(at: number, column: number): SubsetNode {
    return this.text.charCodeAt(at) === PIPE ? this.literalBlock(at, column) : this.inlineValue(at);
  }

  /** The `:` that ends a plain key starting at `at` (`key:` then a space or the line's end). */
  private keyEnd(at: number): number {
    const { text } = this;
    if (NOT_PLAIN_START.has(text.charCodeAt(at))) throw OUTSIDE;
    const colon = this.entryColon(at);
    if (colon < 0 || text.slice(at, colon).includes(' #') || text.charCodeAt(colon - 1) === SPACE || colon - at > 1024) throw OUTSIDE;
    return colon;
  }

  /** The first `:` from `at` on its line that is followed by a space or the line's end; -1 if none. */
  private entryColon(at: number): number {
    const { text } = this;
    const lineEnd = this.lineEnd(at);
    for (let colon = text.indexOf(':', at); colon >= 0 && colon < lineEnd; colon = text.indexOf(':', colon + 1)) {
      const next = text.charCodeAt(colon + 1);
      if (next === SPACE || next === NEWLINE || colon + 1 >= text.length) return colon;
    }
    return -1;
  }

  /** The value after a map key's `:` (at `from`); `column` is the key's. */
  private mapValue(from: number, column: number): SubsetNode {
    const { text } = this;
    let i = from;
    while (text.charCodeAt(i) === SPACE) i++;
    if (i < text.length && text.charCodeAt(i) !== NEWLINE && !(text.charCodeAt(i) === HASH && i > from)) {
      return this.valueFrom(i, column);
    }
    // Nothing on the key's line: a block collection on the next lines, or null. Comment lines
    // before the collection go with its first entry; before a null they are left to `yaml`.
    const next = this.skipGap(this.lineEnd(i) + 1);
    if (next < text.length && !this.isMarker(next)) {
      const indent = this.indentAt(next);
      if (indent > column || (indent === column && this.isDash(next + indent))) return this.blockNode(next + indent, indent, column);
    }
    if (this.gapCommentIndent >= 0) throw OUTSIDE;
    return this.nullScalar(from, i, next);
  }

  /** The null of an empty value: yaml places it after the `:` and its spaces, up to what comes next. */
  private nullScalar(from: number, at: number, next: number): RangedScalar {
    // Only the plain case (`key:` and a line break) is in the subset: comments in between, or
    // trailing spaces, shift yaml's range in ways not worth copying.
    // At the end of a document yaml ends the document's range differently: left to it too.
    if (at !== from || next !== this.lineEnd(at) + 1 || next >= this.text.length || this.isMarker(next)) throw OUTSIDE;
    return newScalar(null, '', Scalar.PLAIN, [at, at, at]);
  }

  private blockSeq(at: number, column: number): RangedCollection {
    const { text } = this;
    const seq = newSeq(this.shared);
    let dashAt = at;
    for (;;) {
      let i = dashAt + 1;
      while (text.charCodeAt(i) === SPACE) i++;
      let item: SubsetNode;
      if (i >= text.length || text.charCodeAt(i) === NEWLINE || text.charCodeAt(i) === HASH) {
        // `-` alone: the item is on the next lines, deeper.
        const next = this.skipGap(this.lineEnd(i) + 1);
        if (this.gapCommentIndent >= 0) throw OUTSIDE; // where yaml puts them is not copied here
        const indent = next >= text.length || this.isMarker(next) ? -1 : this.indentAt(next);
        if (indent <= column) throw OUTSIDE;
        item = this.blockNode(next + indent, indent, column);
      } else if (this.isDash(i)) {
        throw OUTSIDE; // `- - x`: left to `yaml`
      } else if (!this.startsMapEntry(i)) {
        item = this.valueFrom(i, column);
      } else {
        const itemColumn = i - this.lineStartOf(i);
        item = this.blockNode(i, itemColumn, column);
      }
      seq.items.push(item);
      const next = this.nextEntryLine(seq, at, column, item, true);
      if (next < 0) return seq as RangedCollection;
      dashAt = next + column;
    }
  }

  /** The line from `at` holds a map entry (`key: …` / `key:`) rather than a scalar. */
  private startsMapEntry(at: number): boolean {
    const { text } = this;
    const c = text.charCodeAt(at);
    if (c === 0x22 || c === 0x27 || c === 0x7b || c === 0x5b) return false; // quoted or flow: a scalar item
    return this.entryColon(at) >= 0;
  }

}
