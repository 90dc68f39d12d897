/** 0-based line and UTF-16 character, as LSP counts them. */
export interface Position {
  line: number;
  character: number;
}

/**
 * Maps offsets to positions and back. The one place that knows about line breaks:
 * `\n`, `\r\n` and a lone `\r` each end a line (as LSP and the `yaml` package agree).
 */
export class LineIndex {
  /** Typed: a 4-byte entry per line, no spare capacity (every file of a workspace keeps one). */
  private readonly lineStarts: Uint32Array;

  constructor(
    private readonly text: string,
    /** Already computed for `text` (`edited`). */
    lineStarts?: Uint32Array,
  ) {
    if (lineStarts) {
      this.lineStarts = lineStarts;
      return;
    }
    const starts = [0];
    scanLineStarts(text, 0, text.length, starts);
    this.lineStarts = Uint32Array.from(starts);
  }

  /**
   * The index of `text`, which is the previous index's text with [from, oldEnd) replaced: the
   * line starts before the edit kept, those after it shifted, only the edited lines scanned
   * (an edit re-parsed on the keystroke path need not scan the whole file).
   */
  static edited(previous: LineIndex, text: string, from: number, oldEnd: number): LineIndex {
    const old = previous.lineStarts;
    const delta = text.length - previous.text.length;
    // Kept: the starts whose line breaks end before the edit (a start at `from` may be split
    // from its break, e.g. between CR and LF: scanned again).
    let kept = 0;
    while (kept + 1 < old.length && old[kept + 1] < from) kept++;
    const starts: number[] = [];
    // From the suffix: a start at or after oldEnd + 2 has its line break (CR LF at most) after
    // the edit, unchanged; the scan covers the lines up to there.
    const scanEnd = Math.min(text.length, oldEnd + delta + 2);
    scanLineStarts(text, old[kept], scanEnd, starts);
    const last = starts.length > 0 ? starts[starts.length - 1] : old[kept];
    let next = kept + 1;
    while (next < old.length && (old[next] < oldEnd + 2 || old[next] + delta <= last)) next++;
    const out = new Uint32Array(kept + 1 + starts.length + (old.length - next));
    out.set(old.subarray(0, kept + 1));
    let at = kept + 1;
    for (const start of starts) out[at++] = start;
    for (let i = next; i < old.length; i++) out[at++] = old[i] + delta;
    return new LineIndex(text, out);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.lineStarts[lo] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line];
    const end = this.lineEnd(position.line);
    return Math.max(start, Math.min(start + position.character, end));
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  /** Offset of the end of the line's content (before its line break). */
  lineEnd(line: number): number {
    if (line + 1 < this.lineStarts.length) {
      let end = this.lineStarts[line + 1] - 1;
      if (end > this.lineStarts[line] && this.text.charCodeAt(end) === 10 && this.text.charCodeAt(end - 1) === 13) end--;
      return end;
    }
    return this.text.length;
  }

  /** 1-based line and 1-based UTF-16 column, as the CLI, JSON and SARIF report them. */
  oneBased(offset: number): { line: number; column: number } {
    const p = this.positionAt(offset);
    return { line: p.line + 1, column: p.character + 1 };
  }
}

/** Pushes the start of every line that a line break in [from, to) of `text` ends. */
function scanLineStarts(text: string, from: number, to: number, starts: number[]): void {
  for (let i = from; i < to; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) starts.push(i + 1);
    else if (ch === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
}
