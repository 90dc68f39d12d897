// Tokenizer for Calico selectors, following libcalico-go's lib/selector/tokenizer:
// - only space and tab separate tokens; any other character outside a string is an error;
// - strings are '…' or "…" with no escape sequences (the first matching quote ends them);
// - label keys are runs of ASCII letters, digits, `_`, `.`, `/`, `-`, at most 512 long;
// - `has(`, `all(`, `global(` are keywords only when written with the `(` attached;
// - right after a label only an operator may follow: `==`, `!=`, `contains`, `starts with`,
//   `ends with`, `in`, `not in` (multi-word operators may be written without the space,
//   e.g. `notin`, `startswith`; word operators need a word boundary after them).
// Tokens are produced on demand so the first problem in the text is the one reported.

import { CalicoSyntaxError } from './calicoAst';

export type CalicoTokenKind =
  | 'label'
  | 'string'
  | '{'
  | '}'
  | ','
  | '=='
  | '!='
  | '!'
  | '&&'
  | '||'
  | '('
  | ')'
  | 'in'
  | 'not in'
  | 'contains'
  | 'starts with'
  | 'ends with'
  | 'has'
  | 'all'
  | 'global'
  | 'eof';

export interface CalicoToken {
  kind: CalicoTokenKind;
  start: number;
  end: number;
  /** Label name, string content or has() label; '' for other tokens. */
  value: string;
  /** Range of `value` (inside quotes / parentheses); equals start/end when not applicable. */
  valueStart: number;
  valueEnd: number;
}

export const MAX_LABEL_LENGTH = 512;

/** Thrown inside the lexer and parser; `parseCalicoSelector` turns it into a result. */
export class CalicoSyntaxException extends Error {
  constructor(readonly detail: CalicoSyntaxError) {
    super(detail.message);
  }
}

export function syntaxError(message: string, offset: number, length: number): CalicoSyntaxException {
  return new CalicoSyntaxException({ message, offset, length });
}

export function isIdentifierChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    (code >= 48 && code <= 57) || // 0-9
    code === 95 || // _
    code === 46 || // .
    code === 47 || // /
    code === 45 // -
  );
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}

/** How to name the character at `offset` in a message. */
export function describeCharAt(text: string, offset: number): string {
  const code = text.codePointAt(offset);
  if (code === undefined) return 'end of selector';
  if (code === 10) return 'newline';
  if (code === 13) return 'carriage return';
  if (code < 32 || code === 127) return `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `"${String.fromCodePoint(code)}"`;
}

function charLength(text: string, offset: number): number {
  const code = text.codePointAt(offset);
  return code !== undefined && code > 0xffff ? 2 : 1;
}

export class CalicoLexer {
  private pos = 0;
  private lastKind: CalicoTokenKind | undefined;

  constructor(private readonly text: string) {}

  next(): CalicoToken {
    const token = this.scan();
    this.lastKind = token.kind;
    return token;
  }

  private token(kind: CalicoTokenKind, start: number, end: number): CalicoToken {
    this.pos = end;
    return { kind, start, end, value: '', valueStart: start, valueEnd: end };
  }

  private skipBlanks(from: number): number {
    let i = from;
    while (i < this.text.length && isBlank(this.text.charCodeAt(i))) i++;
    return i;
  }

  private identifierEnd(from: number): number {
    let i = from;
    while (i < this.text.length && isIdentifierChar(this.text.charCodeAt(i))) i++;
    return i;
  }

  private unexpected(offset: number, hint = ''): CalicoSyntaxException {
    const what = describeCharAt(this.text, offset);
    const msg = what === 'newline' ? ' (only spaces and tabs may separate tokens)' : hint;
    return syntaxError(`unexpected ${what} at column ${offset + 1}${msg}`, offset, charLength(this.text, offset));
  }

  private scan(): CalicoToken {
    const text = this.text;
    const start = this.skipBlanks(this.pos);
    this.pos = start;
    if (start >= text.length) return this.token('eof', text.length, text.length);
    const ch = text[start];
    switch (ch) {
      case '(':
      case ')':
      case '{':
      case '}':
      case ',':
        return this.token(ch, start, start + 1);
      case '"':
      case "'": {
        const close = text.indexOf(ch, start + 1);
        if (close < 0) {
          throw syntaxError(`unterminated string at column ${start + 1}`, start, text.length - start);
        }
        this.pos = close + 1;
        return { kind: 'string', start, end: close + 1, value: text.slice(start + 1, close), valueStart: start + 1, valueEnd: close };
      }
      case '=':
        if (text[start + 1] === '=') return this.token('==', start, start + 2);
        throw this.unexpected(start, ' (expected "==")');
      case '!':
        if (text[start + 1] === '=') return this.token('!=', start, start + 2);
        return this.token('!', start, start + 1);
      case '&':
        if (text[start + 1] === '&') return this.token('&&', start, start + 2);
        throw this.unexpected(start, ' (expected "&&")');
      case '|':
        if (text[start + 1] === '|') return this.token('||', start, start + 2);
        throw this.unexpected(start, ' (expected "||")');
    }
    if (this.lastKind === 'label') return this.scanOperator(start);
    if (text.startsWith('has(', start)) return this.scanHas(start);
    if (text.startsWith('all(', start)) return this.scanEmptyCall('all', start);
    if (text.startsWith('global(', start)) return this.scanEmptyCall('global', start);
    const end = this.identifierEnd(start);
    if (end === start) throw this.unexpected(start);
    this.checkLabelLength(start, end);
    this.pos = end;
    return { kind: 'label', start, end, value: text.slice(start, end), valueStart: start, valueEnd: end };
  }

  private checkLabelLength(start: number, end: number): void {
    if (end - start > MAX_LABEL_LENGTH) {
      throw syntaxError(`label longer than ${MAX_LABEL_LENGTH} characters at column ${start + 1}`, start, end - start);
    }
  }

  /**
   * End of the operator `words` written at `from`, or -1. As libcalico-go does, a multi-word
   * operator skips blanks after each word (so `notin` works) and a one-word operator does not;
   * then the operator must end at a word boundary: `a inx` is not `a in x`.
   */
  private matchWords(from: number, words: readonly string[], needBoundary = true): number {
    let i = from;
    for (const word of words) {
      if (!this.text.startsWith(word, i)) return -1;
      i += word.length;
      if (words.length > 1) i = this.skipBlanks(i);
    }
    if (needBoundary && i < this.text.length && isIdentifierChar(this.text.charCodeAt(i))) return -1;
    return i;
  }

  private scanOperator(start: number): CalicoToken {
    for (const [kind, words] of OPERATOR_WORDS) {
      const end = this.matchWords(start, words);
      if (end >= 0) {
        // Trailing blanks were consumed by matchWords; the token ends after its last word.
        const tokenEnd = lastWordEnd(this.text, start, end);
        const token = this.token(kind, start, tokenEnd);
        this.pos = end;
        return token;
      }
    }
    const code = this.text.charCodeAt(start);
    if (!isIdentifierChar(code)) throw this.unexpected(start, ' (expected an operator after the label)');
    const end = this.identifierEnd(start);
    for (const [kind, words] of OPERATOR_WORDS) {
      // `a starts with x`: a complete two-word operator glued to a label. (One-word ones are
      // left to the generic message: `a index` is more likely a typo than `in dex`.)
      if (words.length > 1 && this.matchWords(start, words, false) >= 0) {
        const operand = kind === 'in' || kind === 'not in' ? '"{"' : 'a quoted string';
        throw syntaxError(`operator "${kind}" at column ${start + 1} must be followed by ${operand}`, start, end - start);
      }
    }
    const found = this.text.slice(start, end);
    throw syntaxError(
      `expected an operator (==, !=, in, not in, contains, starts with, ends with) at column ${start + 1}, found "${found}"`,
      start,
      end - start,
    );
  }

  private scanHas(start: number): CalicoToken {
    const keyStart = this.skipBlanks(start + 4);
    const keyEnd = this.identifierEnd(keyStart);
    if (keyEnd === keyStart) {
      const what = describeCharAt(this.text, keyStart);
      throw syntaxError(`expected a label name in has( at column ${keyStart + 1}, found ${what}`, keyStart, charLength(this.text, keyStart));
    }
    this.checkLabelLength(keyStart, keyEnd);
    const close = this.skipBlanks(keyEnd);
    if (this.text[close] !== ')') throw this.missingClose('has(', start, close);
    this.pos = close + 1;
    return { kind: 'has', start, end: close + 1, value: this.text.slice(keyStart, keyEnd), valueStart: keyStart, valueEnd: keyEnd };
  }

  private scanEmptyCall(kind: 'all' | 'global', start: number): CalicoToken {
    const close = this.skipBlanks(start + kind.length + 1);
    if (this.text[close] !== ')') throw this.missingClose(`${kind}(`, start, close);
    return this.token(kind, start, close + 1);
  }

  private missingClose(opener: string, start: number, at: number): CalicoSyntaxException {
    const what = describeCharAt(this.text, at);
    const length = at < this.text.length ? charLength(this.text, at) : 0;
    return syntaxError(`expected ")" at column ${at + 1} to close ${opener} at column ${start + 1}, found ${what}`, at, length);
  }
}

const OPERATOR_WORDS: readonly [CalicoTokenKind, readonly string[]][] = [
  ['contains', ['contains']],
  ['starts with', ['starts', 'with']],
  ['ends with', ['ends', 'with']],
  ['not in', ['not', 'in']],
  ['in', ['in']],
];

/** `end` may include blanks after the last word; step back over them. */
function lastWordEnd(text: string, start: number, end: number): number {
  let i = end;
  while (i > start && isBlank(text.charCodeAt(i - 1))) i--;
  return i;
}
