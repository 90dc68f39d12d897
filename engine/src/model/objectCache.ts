// Caches of what is read from an object's YAML tree, per object. Objects never change; an edit
// earlier in the file only moves one (a copy with shifted offsets, `parse/incremental.ts`), and
// the copy keeps the entries of the caches: as they are when their values hold no offsets, moved
// by the edit's delta otherwise (so that a moved object's tree need not be read again).
import type { K8sObject } from './object';

interface MovableCache {
  cache: WeakMap<K8sObject, unknown>;
  /** The value for the object moved to `to` by `delta`; undefined: the value holds no offsets. */
  move?: (value: unknown, to: K8sObject, delta: number) => unknown;
}

const caches: MovableCache[] = [];

/** A per-object cache whose values hold no offsets (a moved object keeps its entry). */
export function positionFreeCache<T>(): WeakMap<K8sObject, T> {
  const cache = new WeakMap<K8sObject, T>();
  caches.push({ cache });
  return cache;
}

/**
 * A per-object cache whose values hold offsets: a moved object gets its entry moved by `move`
 * (which must shift every offset of the value and point it to the moved object).
 */
export function movableCache<T>(move: (value: T, to: K8sObject, delta: number) => T): WeakMap<K8sObject, T> {
  const cache = new WeakMap<K8sObject, T>();
  caches.push({ cache, move: move as MovableCache['move'] });
  return cache;
}

/** `to` is `from` moved by `delta`: same content, offsets shifted. */
export function objectMoved(from: K8sObject, to: K8sObject, delta: number): void {
  for (const { cache, move } of caches) {
    const value = cache.get(from);
    if (value !== undefined) cache.set(to, move && value !== null ? move(value, to, delta) : value);
  }
}
