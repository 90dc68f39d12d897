// Applies offset edits to a text. Overlapping edits are dropped (first come, first kept),
// so "fix all" never produces a garbled text.
import type { Edit, Fix } from '../types';

export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  for (const e of sorted) {
    out += text.slice(cursor, e.start) + e.text;
    cursor = e.end;
  }
  return out + text.slice(cursor);
}

function overlaps(a: Edit, b: Edit): boolean {
  // Two insertions at the same point are kept apart too: their order would be arbitrary.
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

/** Picks fixes whose edits do not overlap any fix picked before; returns them in input order. */
export function nonOverlappingFixes(fixes: readonly Fix[]): Fix[] {
  const taken: Edit[] = [];
  const picked: Fix[] = [];
  for (const fix of fixes) {
    if (fix.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    taken.push(...fix.edits);
    picked.push(fix);
  }
  return picked;
}

export function applyFixes(text: string, fixes: readonly Fix[]): { text: string; applied: Fix[] } {
  const applied = nonOverlappingFixes(fixes);
  return { text: applyEdits(text, applied.flatMap((f) => f.edits)), applied };
}
