// One workspace folder: its settings, its taxonomy, its files and one WorkspaceIndex over their
// objects (cross-object rules see the folder, as the CLI sees its path arguments). Untitled
// documents join the first folder; files outside every folder share one extra context.
import picomatch from 'picomatch';
import { sameViewOf, WorkspaceIndex, type Taxonomy } from '../../engine/src/index';
import { isHelmTemplate } from '../../io/src/files';
import { isTaxonomyFileName } from '../../io/src/taxonomyDiscovery';
import { FileState, type FileRole } from './fileState';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import { TaxonomyState } from './taxonomyState';
import { isFileKey, isInside, relativePosix } from './uris';

export class FolderContext {
  readonly files = new Map<string, FileState>();
  readonly index = new WorkspaceIndex();
  readonly taxonomy = new TaxonomyState();
  settings: Settings = DEFAULT_SETTINGS;
  /** Settings fetched, taxonomy loaded and the folder scanned: analysis may run. */
  ready = false;
  /** Settings fetched and taxonomy loaded (the scan may still run): open files get their own findings. */
  configured = false;
  /** target key → keys of files whose findings point into the target (`related`). */
  private readonly dependents = new Map<string, Set<string>>();
  private excludeMatcher: ((p: string) => boolean) | undefined;
  private readonly helmCache = new Map<string, boolean>();

  /** `folderPath` undefined: the context of files outside every workspace folder. */
  constructor(
    readonly folderPath: string | undefined,
    readonly folderUri: string | undefined,
  ) {}

  get name(): string {
    return this.folderPath ?? '(no folder)';
  }

  contains(key: string): boolean {
    return this.folderPath !== undefined && isFileKey(key) && isInside(this.folderPath, key);
  }

  /** Files outside every folder borrow the first folder's taxonomy unless a path is configured. */
  taxonomyFallback: (() => Taxonomy) | undefined;

  get taxonomyInForce(): Taxonomy {
    if (this.taxonomyFallback && this.taxonomy.file === undefined) return this.taxonomyFallback();
    return this.taxonomy.taxonomy;
  }

  setSettings(settings: Settings): void {
    this.settings = settings;
    this.excludeMatcher = settings.exclude.length ? picomatch(settings.exclude, { dot: true }) : undefined;
    this.helmCache.clear();
  }

  isExcluded(key: string): boolean {
    if (!this.excludeMatcher || !isFileKey(key)) return false;
    const rel = this.folderPath && isInside(this.folderPath, key) ? relativePosix(this.folderPath, key) : key.replace(/\\/g, '/').replace(/^\/+/, '');
    return this.excludeMatcher(rel);
  }

  /** What a file is in this folder (SPEC §1: taxonomy files are never manifests; §2 *Files*: Helm templates are skipped). */
  roleOf(key: string, languageId?: string): FileRole {
    if (isTaxonomyFileName(key) || this.taxonomy.isSource(key)) return 'taxonomy';
    if (languageId !== undefined && languageId !== 'yaml') return 'excluded';
    if (!isFileKey(key)) return 'manifest';
    if (this.isExcluded(key) || this.isHelm(key)) return 'excluded';
    return 'manifest';
  }

  private isHelm(key: string): boolean {
    let known = this.helmCache.get(key);
    if (known === undefined) {
      known = isHelmTemplate(key);
      this.helmCache.set(key, known);
    }
    return known;
  }

  /**
   * Puts the file's objects into the index (or takes them out when it is not a manifest). After
   * an edit the index readers do not see, the derived lookups follow the new objects.
   */
  updateIndex(file: FileState): void {
    if (file.role === 'manifest' && file.parsed) this.index.setFile(file.key, file.objects(), sameViewOf(file.parsed));
    else this.index.removeFile(file.key);
  }

  removeFile(file: FileState): void {
    this.files.delete(file.key);
    this.index.removeFile(file.key);
    this.setRelated(file, new Set());
  }

  /** Records which files a file's findings point into. */
  setRelated(file: FileState, keys: ReadonlySet<string>): void {
    for (const old of file.relatedKeys) if (!keys.has(old)) this.dependents.get(old)?.delete(file.key);
    for (const k of keys) {
      if (k === file.key) continue;
      let set = this.dependents.get(k);
      if (!set) this.dependents.set(k, (set = new Set()));
      set.add(file.key);
    }
    file.relatedKeys = keys;
  }

  /** Files whose findings point into `key` (their related positions move when it is edited). */
  dependentsOf(key: string): FileState[] {
    const out: FileState[] = [];
    for (const k of this.dependents.get(key) ?? []) {
      const f = this.files.get(k);
      if (f) out.push(f);
    }
    return out;
  }
}
