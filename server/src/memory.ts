// The server's memory: the index of a large workspace must stay small (docs/benchmarks.md).
//
// Parsing every file at the scan makes garbage fast, and V8's default heap growth lets the heap
// (and the resident size) grow far beyond what stays alive; returned to the system only after a
// full collection, which an idle server may not run for a long time. So the server asks V8 to
// prefer a small heap during the scan, and runs one full collection when the scan ends.
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

/** Runs a full garbage collection; does nothing where V8 does not allow it. */
export function collectGarbage(): void {
  try {
    if (!gc) {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    }
    // Twice, as V8's own memory reducer does: the second one compacts what the first freed.
    gc();
    gc();
  } catch {
    // Not available: V8 collects when it decides to.
  }
}
