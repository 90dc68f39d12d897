// Every object of the workspace, by file, namespace and kind. Updating one file replaces only
// that file's objects; derived lookups are rebuilt lazily on the next query, or, when the new
// objects look the same to them as the ones they replace (an edit that only moved objects or
// changed what no index reader reads), followed: the lookups built before answer through a
// mapping between their objects and the current ones (`derive`'s `follow`).
import type { K8sObject } from '../model/object';

/**
 * Per new object, the object it replaces and equals as the index readers see it (same content
 * but for offsets and what `crossView.ts` cuts out): `updateManifestFile` makes it (`sameViewOf`).
 */
export type SameView = ReadonlyMap<K8sObject, K8sObject>;

/** Between the objects a derived value was built from and the index's current ones. */
export interface ObjectMapping {
  /** The current object standing for `built` (itself when unchanged). */
  current(built: K8sObject): K8sObject;
  /** The object the value was built from that `obj` stands for (itself when unchanged). */
  built(obj: K8sObject): K8sObject;
}

/**
 * Follows a derived value built for an earlier index version to the current one, whose objects
 * look the same to it (`mapping` gives the objects' correspondence); undefined: build it again.
 */
export type Follow<T> = (built: T, mapping: ObjectMapping, index: WorkspaceIndex) => T | undefined;

interface Derived {
  version: number;
  value: unknown;
  /** The value as built, and the mapping from its objects to those of `version`. */
  built: unknown;
  toBuilt: Map<K8sObject, K8sObject>;
  toCurrent: Map<K8sObject, K8sObject>;
}

/** View-preserving updates kept for derived values to follow (older ones are rebuilt). */
const MAX_MOVES = 64;

export class WorkspaceIndex {
  private readonly files = new Map<string, readonly K8sObject[]>();
  private byKindCache?: Map<string, K8sObject[]>;
  private byNamespaceKindCache?: Map<string, K8sObject[]>;
  private readonly derived = new Map<string, Derived>();
  /** The view-preserving updates since version `movesSince`: [old, new] object pairs each. */
  private moves: { version: number; pairs: [K8sObject, K8sObject][] }[] = [];
  private movesSince = 0;
  /** Bumped on every change; derived caches compare against it. */
  version = 0;

  /**
   * Replaces a file's objects. `sameView`: how the new objects relate to the old ones; when every
   * new object equals the old one at its place as the index readers see it, derived values follow.
   */
  setFile(uri: string, objects: readonly K8sObject[], sameView?: SameView): void {
    const before = this.files.get(uri);
    this.files.set(uri, objects);
    this.invalidate();
    const pairs = before && sameView ? viewPreserved(before, objects, sameView) : undefined;
    if (!pairs) this.forgetMoves();
    else {
      this.moves.push({ version: this.version, pairs });
      if (this.moves.length > MAX_MOVES) this.movesSince = this.moves.shift()!.version;
    }
  }

  removeFile(uri: string): void {
    if (this.files.delete(uri)) {
      this.invalidate();
      this.forgetMoves();
    }
  }

  hasFile(uri: string): boolean {
    return this.files.has(uri);
  }

  fileUris(): IterableIterator<string> {
    return this.files.keys();
  }

  objectsOf(uri: string): readonly K8sObject[] {
    return this.files.get(uri) ?? [];
  }

  *objects(): IterableIterator<K8sObject> {
    for (const objs of this.files.values()) yield* objs;
  }

  byKind(kind: string): readonly K8sObject[] {
    if (!this.byKindCache) {
      this.byKindCache = new Map();
      for (const o of this.objects()) push(this.byKindCache, o.kind, o);
    }
    return this.byKindCache.get(kind) ?? [];
  }

  inNamespace(namespace: string, kind: string): readonly K8sObject[] {
    if (!this.byNamespaceKindCache) {
      this.byNamespaceKindCache = new Map();
      for (const o of this.objects()) push(this.byNamespaceKindCache, `${o.namespace}\u0000${o.kind}`, o);
    }
    return this.byNamespaceKindCache.get(`${namespace}\u0000${kind}`) ?? [];
  }

  /**
   * A lookup structure derived from the whole index (e.g. pods by label), built once per
   * index version. `name` identifies the structure; `build` must only read the index.
   * `follow`, when given, carries a value over view-preserving updates instead.
   */
  derive<T>(name: string, build: (index: WorkspaceIndex) => T, follow?: Follow<T>): T {
    const cached = this.derived.get(name);
    if (cached && cached.version === this.version) return cached.value as T;
    if (cached && follow && cached.version >= this.movesSince) {
      const toBuilt = new Map(cached.toBuilt);
      const toCurrent = new Map(cached.toCurrent);
      for (const move of this.moves) {
        if (move.version <= cached.version) continue;
        for (const [old, now] of move.pairs) {
          if (old === now) continue;
          const built = toBuilt.get(old) ?? old;
          toBuilt.delete(old);
          if (built !== now) toBuilt.set(now, built);
          toCurrent.set(built, now);
        }
      }
      const mapping: ObjectMapping = { current: (b) => toCurrent.get(b) ?? b, built: (o) => toBuilt.get(o) ?? o };
      const value = follow(cached.built as T, mapping, this);
      if (value !== undefined) {
        this.derived.set(name, { version: this.version, value, built: cached.built, toBuilt, toCurrent });
        return value;
      }
    }
    const value = build(this);
    this.derived.set(name, { version: this.version, value, built: value, toBuilt: new Map(), toCurrent: new Map() });
    return value;
  }

  /** Forgets the derived lookups (rebuilt on the next query): memory back while nothing asks. */
  dropDerived(): void {
    this.derived.clear();
    this.byKindCache = undefined;
    this.byNamespaceKindCache = undefined;
  }

  private invalidate(): void {
    this.version++;
    this.byKindCache = undefined;
    this.byNamespaceKindCache = undefined;
  }

  private forgetMoves(): void {
    this.moves = [];
    this.movesSince = this.version;
  }
}

/** The [old, new] pairs when every new object is the old one at its place or looks the same. */
function viewPreserved(before: readonly K8sObject[], after: readonly K8sObject[], sameView: SameView): [K8sObject, K8sObject][] | undefined {
  if (before.length !== after.length) return undefined;
  const pairs: [K8sObject, K8sObject][] = [];
  for (let i = 0; i < after.length; i++) {
    if (after[i] !== before[i] && sameView.get(after[i]) !== before[i]) return undefined;
    pairs.push([before[i], after[i]]);
  }
  return pairs;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
