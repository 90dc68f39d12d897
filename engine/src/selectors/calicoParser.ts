// Recursive-descent parser for Calico selectors, accepting exactly what libcalico-go's
// lib/selector/parser accepts:
//   selector  := <blank> | or
//   or        := and ( "||" and )*
//   and       := operation ( "&&" operation )*
//   operation := "!"* ( has(k) | all() | global() | "(" or ")"
//                      | k ("==" | "!=" | contains | starts with | ends with) STRING
//                      | k ("in" | "not in") "{" [ STRING ( "," STRING )* [","] ] "}" )
// `!` binds tighter than `&&`, which binds tighter than `||`. A run of `!` collapses to one
// negation or none (`!!has(a)` is `has(a)`). A set may be empty and may end with a comma.
// The empty (or blank) selector is `all()`. Linear in the length of the text.

import {
  CalicoCompareOp,
  CalicoNode,
  CalicoParseOptions,
  CalicoParseResult,
  CalicoSetOp,
  CalicoValue,
} from './calicoAst';
import { CalicoLexer, CalicoSyntaxException, CalicoToken, CalicoTokenKind, syntaxError } from './calicoLexer';

/** Calico's API limit on every selector field (`maxLength: 1024` in the CRDs, counted in characters). */
export const MAX_SELECTOR_LENGTH = 1024;

const COMPARE_OPS: ReadonlySet<CalicoTokenKind> = new Set<CalicoTokenKind>(['==', '!=', 'contains', 'starts with', 'ends with']);

function describeToken(token: CalicoToken): string {
  switch (token.kind) {
    case 'eof':
      return 'end of selector';
    case 'label':
      return `label "${token.value}"`;
    case 'string':
      return `string ${JSON.stringify(token.value)}`;
    case 'has':
      return `has(${token.value})`;
    case 'all':
    case 'global':
      return `${token.kind}()`;
    default:
      return `"${token.kind}"`;
  }
}

class CalicoParser {
  private readonly lexer: CalicoLexer;
  private tok: CalicoToken;

  constructor(
    private readonly text: string,
    private readonly allowGlobal: boolean,
  ) {
    this.lexer = new CalicoLexer(text);
    this.tok = this.lexer.next();
  }

  /** The current token's kind (a method, so TypeScript does not narrow it across advance()). */
  private kind(): CalicoTokenKind {
    return this.tok.kind;
  }

  private advance(): CalicoToken {
    const current = this.tok;
    this.tok = this.lexer.next();
    return current;
  }

  private fail(message: string, token: CalicoToken = this.tok): never {
    throw syntaxError(message.replace('{col}', `column ${token.start + 1}`), token.start, token.end - token.start);
  }

  parseRoot(): CalicoNode {
    if (this.kind() === 'eof') return { kind: 'all', implicit: true, start: 0, end: 0 };
    const root = this.parseOr();
    if (this.kind() !== 'eof') {
      const hint = this.kind() === ')' ? ' (no matching "(")' : ' (expected "&&", "||" or the end)';
      this.fail(`unexpected ${describeToken(this.tok)} at {col}${hint}`);
    }
    return root;
  }

  private parseOr(): CalicoNode {
    const first = this.parseAnd();
    if (this.kind() !== '||') return first;
    const operands = [first];
    while (this.kind() === '||') {
      this.advance();
      operands.push(this.parseAnd());
    }
    return { kind: 'or', operands, start: first.start, end: operands[operands.length - 1].end };
  }

  private parseAnd(): CalicoNode {
    const first = this.parseOperation();
    if (this.kind() !== '&&') return first;
    const operands = [first];
    while (this.kind() === '&&') {
      this.advance();
      operands.push(this.parseOperation());
    }
    return { kind: 'and', operands, start: first.start, end: operands[operands.length - 1].end };
  }

  private parseOperation(): CalicoNode {
    const start = this.tok.start;
    let negated = false;
    while (this.kind() === '!') {
      negated = !negated;
      this.advance();
    }
    const node = this.parseTerm();
    if (!negated) {
      // `!!x` is x; its range still starts at the first `!`.
      node.start = start;
      return node;
    }
    return { kind: 'not', operand: node, start, end: node.end };
  }

  private parseTerm(): CalicoNode {
    const tok = this.tok;
    switch (tok.kind) {
      case 'has':
        this.advance();
        return { kind: 'has', key: tok.value, keyStart: tok.valueStart, keyEnd: tok.valueEnd, start: tok.start, end: tok.end };
      case 'all':
        this.advance();
        return { kind: 'all', implicit: false, start: tok.start, end: tok.end };
      case 'global':
        if (!this.allowGlobal) {
          this.fail('global() at {col} is only allowed in a policy rule\'s namespaceSelector');
        }
        this.advance();
        return { kind: 'global', start: tok.start, end: tok.end };
      case 'label':
        return this.parseLabelOperation();
      case '(': {
        this.advance();
        const inner = this.parseOr();
        if (this.kind() !== ')') {
          this.fail(`expected ")" at {col} to close the "(" at column ${tok.start + 1}, found ${describeToken(this.tok)}`);
        }
        const close = this.advance();
        inner.start = tok.start;
        inner.end = close.end;
        return inner;
      }
      default:
        return this.fail(`unexpected ${describeToken(tok)} at {col} (expected a label, has(), all() or "(")`);
    }
  }

  private parseLabelOperation(): CalicoNode {
    const label = this.advance();
    const op = this.tok;
    const base = { key: label.value, keyStart: label.start, keyEnd: label.end, start: label.start };
    if (COMPARE_OPS.has(op.kind)) {
      this.advance();
      const value = this.expectString(op);
      return { kind: 'compare', op: op.kind as CalicoCompareOp, ...base, value, end: value.end + 1 };
    }
    if (op.kind === 'in' || op.kind === 'not in') {
      this.advance();
      if (this.kind() !== '{') {
        this.fail(`expected "{" at {col} after "${op.kind}", found ${describeToken(this.tok)}`);
      }
      const open = this.advance();
      const values: CalicoValue[] = [];
      while (this.kind() === 'string') {
        const s = this.advance();
        values.push({ value: s.value, start: s.valueStart, end: s.valueEnd });
        if (this.kind() !== ',') break;
        this.advance();
      }
      if (this.kind() !== '}') {
        this.fail(`expected "}" at {col} to close the "{" at column ${open.start + 1}, found ${describeToken(this.tok)}`);
      }
      const close = this.advance();
      const valueSet = new Set(values.map((v) => v.value));
      return { kind: 'set', op: op.kind as CalicoSetOp, ...base, values, valueSet, end: close.end };
    }
    return this.fail(
      `expected an operator (==, !=, in, not in, contains, starts with, ends with) at {col} after label "${label.value}", found ${describeToken(op)}`,
    );
  }

  private expectString(op: CalicoToken): CalicoValue {
    if (this.kind() !== 'string') {
      this.fail(`expected a quoted string at {col} after "${op.kind}", found ${describeToken(this.tok)}`);
    }
    const s = this.advance();
    return { value: s.value, start: s.valueStart, end: s.valueEnd };
  }
}

/** Offset of the first character past the limit, counting code points as the API server does. */
function overLimitOffset(text: string): number | undefined {
  if (text.length <= MAX_SELECTOR_LENGTH) return undefined;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (count === MAX_SELECTOR_LENGTH) return i;
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) i++;
    count++;
  }
  return undefined;
}

/**
 * Parses a Calico selector. Errors carry the offset within `text` and a message naming the
 * 1-based column, e.g. `unexpected "&" at column 12 (expected "&&")`.
 */
export function parseCalicoSelector(text: string, opts: CalicoParseOptions = {}): CalicoParseResult {
  const tooLong = overLimitOffset(text);
  if (tooLong !== undefined) {
    return {
      ok: false,
      error: {
        message: `selector longer than ${MAX_SELECTOR_LENGTH} characters: over the limit at column ${tooLong + 1}`,
        offset: tooLong,
        length: text.length - tooLong,
      },
    };
  }
  try {
    const root = new CalicoParser(text, opts.allowGlobal ?? true).parseRoot();
    return { ok: true, ast: { text, root } };
  } catch (e) {
    if (e instanceof CalicoSyntaxException) return { ok: false, error: { ...e.detail } };
    throw e;
  }
}
