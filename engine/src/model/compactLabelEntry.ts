// A label entry whose ranges are four numbers (built when read) instead of three objects: the
// labels are most of a workspace's model (compact objects of closed files), and most of what an
// edit earlier in the file moves (`parse/incremental.ts`).
import type { LabelEntry } from './object';
import type { Range } from '../parse/yamlAccess';

/** Its JSON is the plain entry's. */
class CompactLabelEntry {
  readonly key: string;
  readonly value: string;
  readonly valueKind: LabelEntry['valueKind'];
  readonly keyIsString: boolean;
  readonly inherited: boolean;
  readonly #keyStart: number;
  readonly #keyEnd: number;
  readonly #valueStart: number;
  readonly #valueEnd: number;

  constructor(e: LabelEntry, delta: number) {
    this.key = e.key;
    this.value = e.value;
    this.valueKind = e.valueKind;
    this.keyIsString = e.keyIsString;
    this.inherited = e.inherited;
    if (e instanceof CompactLabelEntry) {
      this.#keyStart = e.#keyStart + delta;
      this.#keyEnd = e.#keyEnd + delta;
      this.#valueStart = e.#valueStart + delta;
      this.#valueEnd = e.#valueEnd + delta;
    } else {
      this.#keyStart = e.keyRange.start + delta;
      this.#keyEnd = e.keyRange.end + delta;
      this.#valueStart = e.valueRange.start + delta;
      this.#valueEnd = e.valueRange.end + delta;
    }
  }

  get keyRange(): Range {
    return { start: this.#keyStart, end: this.#keyEnd };
  }

  get valueRange(): Range {
    return { start: this.#valueStart, end: this.#valueEnd };
  }

  /** As extract.ts builds it: from the key to the end of the value. */
  get pairRange(): Range {
    return { start: this.#keyStart, end: Math.max(this.#valueEnd, this.#keyEnd) };
  }

  toJSON(): LabelEntry {
    const { key, value, valueKind, keyRange, valueRange, pairRange, keyIsString, inherited } = this;
    return { key, value, valueKind, keyRange, valueRange, pairRange, keyIsString, inherited };
  }
}

/**
 * The entry as a compact one, its ranges moved by `delta`; a plain copy when its pair range is not
 * the one computed from the key and value (never from extract.ts, but kept as it is then).
 */
export function compactLabelEntry(e: LabelEntry, delta: number): LabelEntry {
  const c = new CompactLabelEntry(e, delta);
  if (e instanceof CompactLabelEntry) return c as unknown as LabelEntry;
  if (c.pairRange.start === e.pairRange.start + delta && c.pairRange.end === e.pairRange.end + delta) return c as unknown as LabelEntry;
  const move = (r: Range): Range => ({ start: r.start + delta, end: r.end + delta });
  return { ...e, keyRange: move(e.keyRange), valueRange: move(e.valueRange), pairRange: move(e.pairRange) };
}
