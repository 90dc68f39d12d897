// Caches of what is read from an object's YAML tree, per object. Objects never change; an edit
// earlier in the file only moves one (a copy with shifted offsets, `parse/incremental.ts`), and
// the copy keeps the entries of the caches: as they are when their values hold no offsets, moved
// by the edit's delta otherwise (so that a moved object's tree need not be read again). Values
// with offsets are moved when first read: a keystroke reads few of them.
import type { K8sObject } from './object';

/** The entries of every cache for one object, by cache slot: one lookup carries them all. */
const entries = new WeakMap<K8sObject, unknown[]>();

/** Per slot: how a value follows its object moved by `delta` (undefined: it holds no offsets). */
const movers: (((value: unknown, to: K8sObject, delta: number) => unknown) | undefined)[] = [];

/** A cached value with offsets, still as computed for an earlier object: moved by `delta` when read. */
class PendingMove {
  constructor(
    readonly value: unknown,
    readonly delta: number,
  ) {}
}

/** A per-object cache (the `get`/`set` of a WeakMap). */
export class ObjectCache<T> {
  constructor(private readonly slot: number) {}

  get(obj: K8sObject): T | undefined {
    const slots = entries.get(obj);
    const value = slots?.[this.slot];
    if (!(value instanceof PendingMove)) return value as T | undefined;
    const moved = movers[this.slot]!(value.value, obj, value.delta);
    slots![this.slot] = moved;
    return moved as T;
  }

  set(obj: K8sObject, value: T): void {
    let slots = entries.get(obj);
    // Sized to the caches there are: an array grown slot by slot over-allocates (memory goal).
    if (!slots) entries.set(obj, (slots = new Array<unknown>(movers.length)));
    slots[this.slot] = value;
  }
}

/** A per-object cache whose values hold no offsets (a moved object keeps its entry). */
export function positionFreeCache<T>(): ObjectCache<T> {
  movers.push(undefined);
  return new ObjectCache<T>(movers.length - 1);
}

/**
 * A per-object cache whose values hold offsets: a moved object gets its entry moved by `move`
 * (which must shift every offset of the value and point it to the moved object).
 */
export function movableCache<T>(move: (value: T, to: K8sObject, delta: number) => T): ObjectCache<T> {
  movers.push(move as (value: unknown, to: K8sObject, delta: number) => unknown);
  return new ObjectCache<T>(movers.length - 1);
}

/** `to` is `from` moved by `delta`: same content, offsets shifted (when read). */
export function objectMoved(from: K8sObject, to: K8sObject, delta: number): void {
  const slots = entries.get(from);
  if (!slots) return;
  const moved = new Array<unknown>(slots.length);
  for (let slot = 0; slot < slots.length; slot++) {
    const value = slots[slot];
    if (value === undefined) continue;
    // A value moved twice before it is read is moved once, by the sum.
    if (!movers[slot] || value === null) moved[slot] = value;
    else moved[slot] = value instanceof PendingMove ? new PendingMove(value.value, value.delta + delta) : new PendingMove(value, delta);
  }
  entries.set(to, moved);
}
