// The server's state: one FolderContext per workspace folder (plus one for files outside every
// folder) and the events that change it: documents opened, edited, saved and closed, files
// changed on disk, settings and taxonomy reloads. Everything that follows a change (parse,
// index, analysis, diagnostics) goes through the Analyzer.
import { FileChangeType, type FileEvent } from 'vscode-languageserver/node';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../engine/src/index';
import { readTaxonomyText, isTaxonomyFileName } from '../../io/src/taxonomyDiscovery';
import { Analyzer, type AnalyzerHooks } from './analyzer';
import { Publisher, type FileLookup } from './diagnostics';
import { FileState } from './fileState';
import { FolderContext } from './folderContext';
import type { Logger } from './log';
import { fileExists, isWorkspaceManifestPath, listManifests, readManifest } from './scan';
import { settingsChange, type Settings } from './settings';
import { isFileKey, isInside, keyOfUri, normalizePath, uriOfKey } from './uris';
import type { Connection } from 'vscode-languageserver/node';

export interface WorkspaceHooks extends AnalyzerHooks {
  /** A folder's taxonomy in force or its errors changed (status bar, code lenses). */
  onTaxonomy(ctx: FolderContext): void;
}

const YAML_FILE = /\.ya?ml$/i;

export class Workspace {
  private folders: FolderContext[] = [];
  readonly loose = new FolderContext(undefined, undefined);
  readonly analyzer: Analyzer;
  readonly publisher: Publisher;

  constructor(
    connection: Connection,
    private readonly log: Logger,
    private readonly fetchSettings: (ctx: FolderContext) => Promise<Settings>,
    private readonly hooks: WorkspaceHooks,
  ) {
    this.publisher = new Publisher(connection, this.lookup);
    this.analyzer = new Analyzer(this.publisher, log, hooks);
    this.loose.taxonomyFallback = () => (this.folders[0] ?? this.loose).taxonomy.taxonomy;
  }

  contexts(): FolderContext[] {
    return [...this.folders, this.loose];
  }

  folderContexts(): readonly FolderContext[] {
    return this.folders;
  }

  /**
   * The context a new file belongs to: the innermost folder that contains it; an untitled document
   * belongs to the first folder (a generated policy or a pasted manifest is checked against the
   * workspace it was made for, as if saved there); anything else to the loose context.
   */
  contextForNew(key: string): FolderContext {
    let best: FolderContext | undefined;
    for (const ctx of this.folders) {
      if (ctx.contains(key) && (!best || ctx.folderPath!.length > best.folderPath!.length)) best = ctx;
    }
    if (!best && key.startsWith('untitled:')) best = this.folders[0];
    return best ?? this.loose;
  }

  /** Every context that holds the file (a taxonomy several folders extend is in each). */
  findAll(key: string): [FolderContext, FileState][] {
    const out: [FolderContext, FileState][] = [];
    for (const ctx of this.contexts()) {
      const f = ctx.files.get(key);
      if (f) out.push([ctx, f]);
    }
    return out;
  }

  /** The file of a document uri. */
  fileOf(uri: string): [FolderContext, FileState] | undefined {
    return this.findAll(keyOfUri(uri))[0];
  }

  /** A file's current text: the editor's buffer when open, else the disk (for taxonomy loading). */
  readonly readText = (file: string): string | undefined => {
    for (const [, f] of this.findAll(file)) if (f.open) return f.text;
    return readTaxonomyText(file);
  };

  readonly lookup: FileLookup = (key) => {
    const hit = this.findAll(key)[0];
    if (hit?.[1].parsed) return { uri: hit[1].uri, lines: hit[1].parsed.lines };
    const text = hit?.[1].text ?? (isFileKey(key) ? readManifest(key) : undefined);
    return text === undefined ? undefined : { uri: hit?.[1].uri ?? uriOfKey(key), lines: new LineIndex(text) };
  };

  // ---------------------------------------------------------------------------------------------
  // Folders and scanning

  addFolder(folderUri: string): FolderContext {
    const ctx = new FolderContext(keyOfUri(folderUri), folderUri);
    this.folders.push(ctx);
    // Files the new folder now owns (open loose documents, or an outer folder's files when
    // folders nest) move into it; it indexes them when its scan is done.
    for (const other of this.contexts()) {
      if (other === ctx) continue;
      let moved = false;
      for (const [key, file] of [...other.files]) {
        if (file.role === 'taxonomy' || this.contextForNew(key) !== ctx) continue;
        other.removeFile(file);
        file.parsedRevision = -1;
        ctx.files.set(key, file);
        moved = true;
      }
      if (moved && other.ready) this.analyzer.recheckAll(other);
    }
    return ctx;
  }

  removeFolder(folderUri: string): void {
    const key = keyOfUri(folderUri);
    const ctx = this.folders.find((c) => c.folderPath === key);
    if (!ctx) return;
    this.folders = this.folders.filter((c) => c !== ctx);
    for (const file of [...ctx.files.values()]) {
      this.analyzer.removed(ctx, file);
      if (file.open) {
        const target = this.contextForNew(file.key);
        file.published = undefined;
        target.files.set(file.key, file);
        file.role = target.roleOf(file.key, file.languageId);
        file.parsedRevision = -1;
        this.analyzer.edited(target, file);
      }
    }
    for (const k of ctx.taxonomy.sources) this.publisher.clearUri(k);
  }

  /** (Re)reads settings and taxonomy and (re)lists the folder's manifests, then re-checks all. */
  async scan(ctx: FolderContext): Promise<void> {
    ctx.ready = false;
    let settings: Settings;
    try {
      settings = await this.fetchSettings(ctx);
    } catch (e) {
      this.log.error(`reading the settings of ${ctx.name} failed`, e);
      settings = ctx.settings;
    }
    const namespaceChanged = settings.defaultNamespace !== ctx.settings.defaultNamespace;
    ctx.setSettings(settings);
    this.reloadTaxonomy(ctx, true, false);
    // Open files get their own findings now, their cross-file ones when the scan is done.
    ctx.configured = true;
    for (const file of ctx.files.values()) if (file.open && file.role === 'manifest') this.analyzer.edited(ctx, file);
    const listed = new Set<string>();
    if (ctx.folderPath) {
      let found: string[] = [];
      try {
        found = listManifests(ctx);
      } catch (e) {
        this.log.error(`listing the files of ${ctx.name} failed`, e);
      }
      let n = 0;
      for (const key of found) {
        if (this.contextForNew(key) !== ctx) continue; // a nested workspace folder has it
        listed.add(key);
        const existing = ctx.files.get(key);
        if (existing) {
          existing.onDisk = true;
          if (!existing.open) {
            const text = readManifest(key);
            if (text !== undefined) existing.setText(text);
          }
          continue;
        }
        const text = readManifest(key);
        if (text === undefined) continue;
        const file = new FileState(key, uriOfKey(key));
        file.onDisk = true;
        file.setText(text);
        ctx.files.set(key, file);
        // Reading thousands of files: let requests through now and then.
        if (++n % 100 === 0) await new Promise((r) => setImmediate(r));
      }
    }
    for (const file of [...ctx.files.values()]) {
      if (file.role === 'taxonomy') continue;
      if (!listed.has(file.key) && !file.open) {
        this.analyzer.removed(ctx, file);
        continue;
      }
      if (!listed.has(file.key)) file.onDisk = false;
      const role = listed.has(file.key) ? 'manifest' : ctx.roleOf(file.key, file.languageId);
      if (role !== file.role || namespaceChanged) file.parsedRevision = -1;
      file.role = role;
    }
    ctx.ready = true;
    this.analyzer.recheckAll(ctx);
    this.hooks.onTaxonomy(ctx);
  }

  async configurationChanged(): Promise<void> {
    for (const ctx of this.contexts()) {
      const before = ctx.settings;
      let after: Settings;
      try {
        after = await this.fetchSettings(ctx);
      } catch (e) {
        this.log.error(`reading the settings of ${ctx.name} failed`, e);
        continue;
      }
      const change = settingsChange(before, after);
      if (change === 'reload') {
        await this.scan(ctx);
      } else if (change === 'analyze') {
        ctx.setSettings(after);
        this.analyzer.recheckAll(ctx);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Documents

  didOpen(uri: string, languageId: string, version: number, text: string): void {
    const key = keyOfUri(uri);
    let hits = this.findAll(key);
    if (hits.length === 0) {
      const ctx = this.contextForNew(key);
      const file = new FileState(key, uri);
      file.onDisk = ctx.folderPath !== undefined && isWorkspaceManifestPath(ctx, key) && fileExists(key);
      ctx.files.set(key, file);
      hits = [[ctx, file]];
    }
    for (const [ctx, file] of hits) {
      const differs = file.text !== text;
      file.uri = uri;
      file.docVersion = version;
      file.languageId = languageId;
      file.setText(text);
      if (file.role !== 'taxonomy') file.role = ctx.roleOf(key, languageId);
      if (file.role !== 'taxonomy') this.analyzer.edited(ctx, file);
      else if (differs && ctx.taxonomy.isSource(key)) this.reloadTaxonomy(ctx, false); // a buffer restored with unsaved edits
      else this.publisher.publish(ctx, file, true);
    }
  }

  didChange(uri: string, version: number, text: string, changes: readonly TextDocumentContentChangeEvent[]): void {
    const hits = this.findAll(keyOfUri(uri));
    for (const [ctx, file] of hits) {
      file.docVersion = version;
      file.setText(text, changes);
      if (file.role === 'taxonomy') {
        // Errors as you type; the taxonomy in force changes on save (SPEC §4).
        this.reloadTaxonomy(ctx, false);
      } else this.analyzer.edited(ctx, file);
    }
  }

  didSave(uri: string): void {
    for (const [ctx, file] of this.findAll(keyOfUri(uri))) {
      if (file.role === 'taxonomy' || ctx.taxonomy.locate(ctx.folderPath, ctx.settings) === file.key) this.reloadTaxonomy(ctx, true);
    }
  }

  didClose(uri: string): void {
    for (const [ctx, file] of this.findAll(keyOfUri(uri))) {
      file.docVersion = undefined;
      file.languageId = undefined;
      const diskText = file.onDisk || file.role === 'taxonomy' ? readManifest(file.key) : undefined;
      if (file.role === 'taxonomy') {
        if (diskText !== undefined) file.setText(diskText);
        if (ctx.taxonomy.isSource(file.key)) this.reloadTaxonomy(ctx, true);
        else this.analyzer.removed(ctx, file); // a taxonomy-named file not in force: nothing to keep
        continue;
      }
      if (diskText === undefined) {
        this.analyzer.removed(ctx, file);
        continue;
      }
      file.role = ctx.roleOf(file.key);
      file.setText(diskText);
      this.analyzer.recheck(ctx, file);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Files on disk (workspace/didChangeWatchedFiles)

  filesChanged(events: readonly FileEvent[]): void {
    const taxonomyReload = new Set<FolderContext>();
    for (const event of events) {
      const key = keyOfUri(event.uri);
      if (!isFileKey(key)) continue;
      for (const ctx of this.contexts()) {
        const deleted = event.type === FileChangeType.Deleted && ctx.taxonomy.hasFileAtOrUnder(key);
        if (deleted || isTaxonomyFileName(key) || ctx.taxonomy.isSource(key) || (ctx.settings.taxonomyPath && ctx.taxonomy.locate(ctx.folderPath, ctx.settings) === key)) {
          taxonomyReload.add(ctx);
        }
      }
      if (event.type === FileChangeType.Deleted) this.fileDeleted(key);
      else this.fileChangedOnDisk(key);
    }
    for (const ctx of taxonomyReload) this.reloadTaxonomy(ctx, true);
  }

  private fileChangedOnDisk(key: string): void {
    const hits = this.findAll(key);
    for (const [ctx, file] of hits) {
      file.onDisk = true;
      if (file.open) continue; // the editor's buffer wins
      const text = readManifest(key);
      if (text === undefined) continue;
      file.setText(text);
      if (file.role === 'manifest') this.analyzer.changed(ctx, file);
    }
    if (hits.length > 0 || !YAML_FILE.test(key)) return;
    const ctx = this.contextForNew(key);
    if (!ctx.ready || !ctx.folderPath || !isWorkspaceManifestPath(ctx, key)) return;
    const role = ctx.roleOf(key);
    if (role !== 'manifest') return;
    const text = readManifest(key);
    if (text === undefined) return;
    const file = new FileState(key, uriOfKey(key));
    file.onDisk = true;
    file.setText(text);
    ctx.files.set(key, file);
    this.analyzer.changed(ctx, file);
  }

  private fileDeleted(key: string): void {
    const writtenAgain = new Set<string>();
    for (const ctx of this.contexts()) {
      // A deleted folder arrives as one event: everything under it goes.
      for (const file of [...ctx.files.values()]) {
        if (file.key !== key && !(isFileKey(file.key) && isInside(key, file.key))) continue;
        // A late event: the file was written again (a branch switch) before this one was handled.
        if (fileExists(file.key)) {
          writtenAgain.add(file.key);
          continue;
        }
        file.onDisk = false;
        if (file.open) continue;
        if (file.role === 'taxonomy') continue; // reloadTaxonomy drops it
        this.analyzer.removed(ctx, file);
      }
    }
    for (const k of writtenAgain) this.fileChangedOnDisk(k);
  }

  // ---------------------------------------------------------------------------------------------
  // Taxonomy

  /**
   * Reloads a folder's taxonomy. `apply` false: only its errors (an unsaved buffer). Keeps the
   * roles of the files that are or were taxonomy sources right, publishes the taxonomy errors,
   * and re-checks the folder when the taxonomy in force changed.
   */
  reloadTaxonomy(ctx: FolderContext, apply: boolean, recheck = true): void {
    const before = new Set([...ctx.taxonomy.sources, ...(ctx.taxonomy.file ? [ctx.taxonomy.file] : [])]);
    let changed = false;
    try {
      changed = ctx.taxonomy.reload(ctx.folderPath, ctx.settings, this.readText, apply);
    } catch (e) {
      this.log.error(`loading the taxonomy of ${ctx.name} failed`, e);
    }
    const now = new Set([...ctx.taxonomy.sources, ...(ctx.taxonomy.file ? [ctx.taxonomy.file] : [])]);
    for (const key of now) {
      let file = ctx.files.get(key);
      if (!file) {
        const text = this.readText(key);
        if (text === undefined) continue;
        file = new FileState(key, uriOfKey(key));
        file.setText(text);
        file.onDisk = isWorkspaceManifestPath(ctx, key);
        ctx.files.set(key, file);
      }
      if (file.role !== 'taxonomy') {
        file.role = 'taxonomy';
        file.parsedRevision = -1;
        this.analyzer.recheck(ctx, file); // leaves the index
      }
    }
    for (const key of before) {
      if (now.has(key)) continue;
      const file = ctx.files.get(key);
      if (!file) continue;
      const role = ctx.roleOf(key, file.languageId);
      if (role === 'manifest' && (file.open || file.onDisk)) {
        file.role = role;
        file.parsedRevision = -1;
        this.analyzer.recheck(ctx, file);
      } else if (role === 'taxonomy' && (file.open || file.onDisk)) {
        this.publisher.publish(ctx, file); // another taxonomy-named file: no errors of its own
      } else {
        this.analyzer.removed(ctx, file);
      }
    }
    for (const file of ctx.files.values()) if (file.role === 'taxonomy') this.publisher.publish(ctx, file);
    if (ctx.taxonomy.problem && apply) this.log.warn(ctx.taxonomy.errorSummary ?? ctx.taxonomy.problem);
    if (changed && recheck && ctx.ready) {
      this.analyzer.recheckAll(ctx);
      if (ctx === this.folders[0] && this.loose.files.size > 0) this.analyzer.recheckAll(this.loose);
    }
    this.hooks.onTaxonomy(ctx);
  }

  /** Normalised key of a uri (exported for handlers). */
  keyOf(uri: string): string {
    return keyOfUri(uri);
  }

  static normalize(p: string): string {
    return normalizePath(p);
  }
}
