// The server's memory: the index of a large workspace must stay small (docs/benchmarks.md).
//
// Parsing every file at the scan makes garbage fast, and V8's default heap growth lets the heap
// (and the resident size) grow far beyond what stays alive; returned to the system only after a
// full collection, which an idle server may not run for a long time. So the server asks V8 to
// prefer a small heap during the scan, collects every few MiB of text parsed, and when the scan
// ends. Measured at 10,000 apps (bench --only memory, a busy 2-core machine): RSS 215-241 MiB
// with all three; 254-280 MiB without the small-heap flag, which costs scan time instead.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/**
 * Heap growth favouring size over speed (V8 reads the flag as the heap grows): on for the scan;
 * off after it, since it also makes the code slower (+50% CPU time per keystroke, measured).
 */
export function preferSmallHeap(on: boolean): void {
  try {
    setFlagsFromString(on ? '--optimize-for-size' : '--no-optimize-for-size');
  } catch {
    // An unknown flag: the default heap growth.
  }
}

/** Lets this process run full collections (`collectGarbage`); false where V8 does not allow it. */
export function exposeGc(): boolean {
  try {
    if (!gc) {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    }
    return true;
  } catch {
    return false;
  }
}

/** Runs a full garbage collection; does nothing where V8 does not allow it. */
export function collectGarbage(): void {
  if (!exposeGc() || !gc) return;
  try {
    // Twice, as V8's own memory reducer does: the second one compacts what the first freed.
    gc();
    gc();
  } catch {
    // Not available: V8 collects when it decides to.
  }
}

/** Text parsed since the last collection. */
let parsedSinceCollection = 0;
/** A full collection per this much text parsed keeps the heap near what stays alive during a scan. */
const PARSED_PER_COLLECTION = 4 * 1024 * 1024;

/** Counts parsed text; collects when enough garbage must have piled up. */
export function parsed(length: number): void {
  parsedSinceCollection += length;
  if (parsedSinceCollection < PARSED_PER_COLLECTION) return;
  parsedSinceCollection = 0;
  collectGarbage();
}
