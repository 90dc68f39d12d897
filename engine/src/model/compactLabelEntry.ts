// A label entry whose ranges are four numbers (built when read) instead of three objects: the
// labels are most of a workspace's model (compact objects of closed files), and most of what an
// edit earlier in the file moves (`parse/incremental.ts`).
import type { LabelEntry } from './object';
import { shiftRange, type Range } from '../parse/yamlAccess';

/**
 * One string per distinct label key or value: a workspace repeats a few keys and values thousands
 * of times, and an entry's own copy (a slice of its file's text, or a flat copy of one) costs
 * more than the characters. Cleared when it grows large (label values that never repeat, such as
 * hashes): strings already shared stay valid.
 */
const internTable = new Map<string, string>();
const INTERN_TABLE_LIMIT = 50_000;

function interned(s: string): string {
  const shared = internTable.get(s);
  if (shared !== undefined) return shared;
  if (internTable.size >= INTERN_TABLE_LIMIT) internTable.clear();
  // A copy of its own: a slice of a file's text would keep that whole text alive in the table.
  const own = [...s].join('');
  internTable.set(own, own);
  return own;
}

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
    this.key = interned(e.key);
    this.value = interned(e.value);
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
  return { ...e, keyRange: shiftRange(e.keyRange, delta), valueRange: shiftRange(e.valueRange, delta), pairRange: shiftRange(e.pairRange, delta) };
}
