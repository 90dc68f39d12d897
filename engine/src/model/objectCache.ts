// Caches of what is read from an object's YAML tree, per object. Objects never change; an edit
// earlier in the file only moves one (a copy with shifted offsets, `parse/incremental.ts`), and
// the copy keeps the entries of the caches whose values hold no offsets.
import type { K8sObject } from './object';

const positionFree: WeakMap<K8sObject, unknown>[] = [];

/** A per-object cache whose values hold no offsets (a moved object keeps its entry). */
export function positionFreeCache<T>(): WeakMap<K8sObject, T> {
  const cache = new WeakMap<K8sObject, T>();
  positionFree.push(cache);
  return cache;
}

/** `to` is `from` moved: same content, other offsets. */
export function objectMoved(from: K8sObject, to: K8sObject): void {
  for (const cache of positionFree) {
    const value = cache.get(from);
    if (value !== undefined) cache.set(to, value);
  }
}
