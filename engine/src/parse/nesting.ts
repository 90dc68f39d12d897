// Parses YAML text into documents, guarded against deeply nested input.
//
// `yaml` composes nodes recursively: about a thousand levels of nesting (`[[[[…`, `- - - …`, keys
// indented one space deeper per line: a few kilobytes of text) exhaust the call stack. The
// package turns most of those overflows into a document error, but when the overflow hits V8
// while it recompiles a regular expression (regexp tier-up) the process dies with a fatal,
// uncatchable "RegExpCompiler Allocation failed" out-of-memory error: the language server or the
// CLI would be gone. So the text goes through the package's lexer and CST parser (both keep their
// state in an explicit stack, not in recursion) lexeme by lexeme while the parser's stack is
// watched: a document whose nesting goes over MAX_NESTING_DEPTH is never composed. Its content
// is blanked (spaces, line breaks kept, so every offset stays valid) and the text parsed again;
// the caller reports the document. Nothing is parsed twice when no document is too deep.
import { Composer, Lexer, Parser, type CST, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';
import { parseBlockSubset } from './blockSubset';

/** Nesting levels (collections inside collections) a document may have before it is not parsed. */
export const MAX_NESTING_DEPTH = 128;

export interface DeepDocument {
  /** Start of the document's content: after its `---` / `...` marker, or at the start of the text. */
  start: number;
  /** Where the next document starts (its `---` / `...` marker), or the end of the text. */
  end: number;
  /** Offset of the token where the nesting went over the limit. */
  at: number;
}

// Lexer control characters (see yaml's cst.ts): they stand for no text.
const DOCUMENT = '\x02';
const FLOW_END = '\x18';
const SCALAR = '\x1f';

const YAML_OPTIONS: DocumentOptions & ParseOptions & SchemaOptions = { merge: true, prettyErrors: false, uniqueKeys: true };

/**
 * `parseAllDocuments(text, { merge: true, uniqueKeys: true })`, except that documents nested
 * deeper than `limit` are returned in `deep` (and are absent from, or empty in, `docs`).
 */
export function parseYamlDocuments(text: string, limit = MAX_NESTING_DEPTH): { docs: Document.Parsed[]; deep: DeepDocument[] } {
  // Most manifests are plain block YAML: built straight to nodes, ~6× faster (never deeper than the limit).
  const simple = parseBlockSubset(text, YAML_OPTIONS);
  if (simple) return { docs: simple, deep: [] };
  const first = parseCst(text, limit);
  if (first.deep.length === 0) return { docs: compose(first.tokens), deep: [] };
  // Blanked documents are empty: the second pass cannot find anything too deep.
  const second = parseCst(blankDocuments(text, first.deep), limit);
  return { docs: compose(second.tokens), deep: first.deep };
}

function compose(tokens: readonly CST.Token[]): Document.Parsed[] {
  return Array.from(new Composer(YAML_OPTIONS).compose(tokens)) as Document.Parsed[];
}

/**
 * Lexes and parses `text` to CST tokens, one lexeme at a time. When the parser's stack (the
 * document, then one entry per open collection) grows over the limit, the document is recorded
 * and the rest of it skipped; a fresh parser starts at the next document marker.
 */
function parseCst(text: string, limit: number): { tokens: CST.Token[]; deep: DeepDocument[] } {
  const tokens: CST.Token[] = [];
  const deep: DeepDocument[] = [];
  let parser = new Parser();
  let offset = 0;
  let docStart = 0;
  let deepAt = -1;
  let scalarNext = false;
  for (const lexeme of new Lexer().lex(text)) {
    const isScalar: boolean = scalarNext;
    scalarNext = !isScalar && lexeme === SCALAR;
    const carriesText = isScalar || (lexeme !== SCALAR && lexeme !== DOCUMENT && lexeme !== FLOW_END);
    // The lexer emits `---` / `...` as lexemes of their own only as document markers.
    if (!isScalar && (lexeme === '---' || lexeme === '...')) {
      if (deepAt >= 0) {
        deep.push({ start: docStart, end: offset, at: deepAt });
        deepAt = -1;
        parser = new Parser();
      }
      docStart = offset + 3;
    }
    if (deepAt < 0) {
      for (const token of parser.next(lexeme)) tokens.push(token);
      if (parser.stack.length > limit + 1) {
        deepAt = offset;
        // The parser is left as it is: the whole pass is done again on the blanked text.
      }
    }
    if (carriesText) offset += lexeme.length;
  }
  if (deepAt >= 0) deep.push({ start: docStart, end: text.length, at: deepAt });
  else for (const token of parser.end()) tokens.push(token);
  return { tokens, deep };
}

/**
 * `text` with the content of the given documents blanked (every character but line breaks
 * turned into a space): same length and lines, so every other offset stays valid.
 */
export function blankDocuments(text: string, documents: readonly DeepDocument[]): string {
  let out = '';
  let cursor = 0;
  for (const d of documents) {
    out += text.slice(cursor, d.start) + text.slice(d.start, d.end).replace(/[^\r\n]/g, ' ');
    cursor = d.end;
  }
  return out + text.slice(cursor);
}
