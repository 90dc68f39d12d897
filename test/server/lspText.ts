// Text helpers of the protocol tests: LSP positions (0-based lines, UTF-16 characters) and offsets,
// and edits applied to a text as an editor applies them.
import type { Position, Range } from 'vscode-languageserver-protocol/node';

export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: Math.min(offset, text.length) - lineStart };
}

export function offsetAt(text: string, p: Position): number {
  let line = 0;
  let i = 0;
  while (line < p.line && i < text.length) {
    const ch = text.charCodeAt(i);
    i++;
    if (ch === 10 || (ch === 13 && text.charCodeAt(i) !== 10)) line++;
  }
  let end = i;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return Math.min(i + p.character, end);
}

export function applyChange(text: string, change: { range?: Range; text: string }): string {
  if (!change.range) return change.text;
  return text.slice(0, offsetAt(text, change.range.start)) + change.text + text.slice(offsetAt(text, change.range.end));
}

/** Applies LSP text edits (non-overlapping, any order) to a text. */
export function applyTextEdits(text: string, edits: readonly { range: Range; newText: string }[]): string {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offsetAt(out, e.range.start)) + e.newText + out.slice(offsetAt(out, e.range.end));
  return out;
}

/** Position of the first occurrence of `search` in `text` (plus `delta` characters). */
export function positionOf(text: string, search: string, delta = 0, from = 0): Position {
  const at = text.indexOf(search, from);
  if (at < 0) throw new Error(`"${search}" not found`);
  return positionAt(text, at + delta);
}

