// `LineIndex.edited` (the keystroke path's line index: only the edited lines scanned) must equal
// a line index of the new text built from scratch, whatever the line breaks around the edit.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../../engine/src/text/lineIndex';
import { seededPicks } from '../../seededRandom';

const PIECES = ['a', 'bc', ' ', '\n', '\r\n', '\r', '\n\n', 'x\r'];

function randomText(pick: (n: number) => number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += PIECES[pick(PIECES.length)];
  return text;
}

/** Every line's start and end, and the line count: what a LineIndex answers. */
function lines(index: LineIndex): unknown {
  const out: [number, number][] = [];
  for (let line = 0; line < index.lineCount; line++) out.push([index.lineStart(line), index.lineEnd(line)]);
  return out;
}

/** The common prefix and suffix of the two texts, as the incremental parse finds them. */
function changedRegion(old: string, text: string): { from: number; oldEnd: number } {
  const min = Math.min(old.length, text.length);
  let from = 0;
  while (from < min && old.charCodeAt(from) === text.charCodeAt(from)) from++;
  let suffix = 0;
  while (suffix < min - from && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  return { from, oldEnd: old.length - suffix };
}

describe('LineIndex.edited', () => {
  it('equals a fresh index after 3,000 random edits (LF, CRLF and lone CR around them)', () => {
    const pick = seededPicks(2024);
    for (let round = 0; round < 3000; round++) {
      const old = randomText(pick, pick(30));
      const at = pick(old.length + 1);
      const removed = pick(Math.min(4, old.length - at) + 1);
      const text = old.slice(0, at) + randomText(pick, pick(3)) + old.slice(at + removed);
      const { from, oldEnd } = changedRegion(old, text);
      const edited = LineIndex.edited(new LineIndex(old), text, from, oldEnd);
      assert.deepStrictEqual(lines(edited), lines(new LineIndex(text)), JSON.stringify({ old, text }));
    }
  });

  it('also for a region wider than the change (any [from, oldEnd) that covers it)', () => {
    const pick = seededPicks(7);
    for (let round = 0; round < 1000; round++) {
      const old = randomText(pick, pick(30));
      const at = pick(old.length + 1);
      const text = old.slice(0, at) + randomText(pick, pick(3)) + old.slice(at);
      const { from, oldEnd } = changedRegion(old, text);
      const wider = { from: Math.max(0, from - pick(3)), oldEnd: Math.min(old.length, oldEnd + pick(3)) };
      // Wider on both sides by the same unchanged text: the replaced part still maps.
      if (old.slice(0, wider.from) !== text.slice(0, wider.from) || old.slice(wider.oldEnd) !== text.slice(text.length - (old.length - wider.oldEnd))) continue;
      const edited = LineIndex.edited(new LineIndex(old), text, wider.from, wider.oldEnd);
      assert.deepStrictEqual(lines(edited), lines(new LineIndex(text)), JSON.stringify({ old, text, wider }));
    }
  });
});
