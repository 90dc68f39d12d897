// Every object of the workspace, by file, namespace and kind. Updating one file replaces only
// that file's objects; derived lookups are rebuilt lazily on the next query.
import type { K8sObject } from '../model/object';

export class WorkspaceIndex {
  private readonly files = new Map<string, readonly K8sObject[]>();
  private byKindCache?: Map<string, K8sObject[]>;
  private byNamespaceKindCache?: Map<string, K8sObject[]>;
  private readonly derived = new Map<string, unknown>();
  /** Bumped on every change; derived caches compare against it. */
  version = 0;

  setFile(uri: string, objects: readonly K8sObject[]): void {
    this.files.set(uri, objects);
    this.invalidate();
  }

  removeFile(uri: string): void {
    if (this.files.delete(uri)) this.invalidate();
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
   */
  derive<T>(name: string, build: (index: WorkspaceIndex) => T): T {
    const cached = this.derived.get(name) as { version: number; value: T } | undefined;
    if (cached && cached.version === this.version) return cached.value;
    const value = build(this);
    this.derived.set(name, { version: this.version, value });
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
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
