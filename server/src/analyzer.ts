// The work queue between edits and diagnostics.
//
//   edit ──► dirty (text changed) ──► parse + index.setFile ──► queue: the file itself (first),
//            then the files whose findings can change: every file of the folder when the file's
//            objects changed (semantic signature), else only the files whose findings point into
//            it (their related positions moved) ──► analyzeFile ──► publishDiagnostics.
//
// Work runs in slices on `setImmediate`, so requests and newer edits are handled between slices.
// A run first waits one tick when an edit arrived since it was scheduled (a burst of didChange
// messages is parsed once, at its last version), parses every dirty file before analysing
// anything (the index is then complete), and analyses open edited files, then other open files,
// then closed files. An edit in the middle of a pass re-queues what it affects; diagnostics are
// published right after each file's analysis, with the document version they were computed for.
import {
  analyzeDocuments,
  mergeDocumentFindings,
  recheckCrossRules,
  updateDocumentFindings,
  WorkspaceIndex,
  type AnalyzeOptions,
  type DocumentFindings,
} from '../../engine/src/index';
import type { AnalysisBasis } from './fileState';
import { parsed } from './memory';
import type { FileState } from './fileState';
import type { FolderContext } from './folderContext';
import type { Publisher } from './diagnostics';
import type { Logger } from './log';

const HIGH = 0;
const MID = 1;
const LOW = 2;
/** Longest stretch of work before yielding to the message loop. */
const SLICE_MS = 12;

export interface AnalyzerHooks {
  /** The queue drained; `touched` holds the contexts whose index or findings changed. */
  onIdle(touched: ReadonlySet<FolderContext>): void;
  /** After each slice while work remains. */
  onProgress?(pending: number): void;
}

export class Analyzer {
  private readonly dirty = new Map<FileState, FolderContext>();
  private readonly queues = [new Map<FileState, FolderContext>(), new Map<FileState, FolderContext>(), new Map<FileState, FolderContext>()];
  /** Contexts whose every file must be re-checked once the dirty files are parsed. */
  private readonly fullPass = new Set<FolderContext>();
  private readonly touched = new Set<FolderContext>();
  private scheduled = false;
  private changeSeq = 0;
  private seqAtSchedule = 0;
  private idleWaiters: (() => void)[] = [];
  /** Closed files whose YAML trees were read again since they were dropped: dropped again when idle. */
  private readonly restored = new Set<FileState>();
  private readonly onRestored = (file: FileState): void => void this.restored.add(file);

  constructor(
    private readonly publisher: Publisher,
    private readonly log: Logger,
    private readonly hooks: AnalyzerHooks,
  ) {}

  /** An open document's text changed: parse it and check it first. */
  edited(ctx: FolderContext, file: FileState): void {
    this.changeSeq++;
    this.dirty.set(file, ctx);
    this.schedule();
  }

  /** A file's text changed on disk, or it joined the workspace. */
  changed(ctx: FolderContext, file: FileState): void {
    this.dirty.set(file, ctx);
    this.schedule();
  }

  /** Re-check one file (its role changed, its context's settings changed…). */
  recheck(ctx: FolderContext, file: FileState): void {
    if (file.needsParse) this.dirty.set(file, ctx);
    else this.enqueue(ctx, file, file.open ? MID : LOW);
    this.schedule();
  }

  /** Re-check every file of a context (taxonomy or settings changed, scan finished). */
  recheckAll(ctx: FolderContext): void {
    for (const file of ctx.files.values()) if (file.needsParse) this.dirty.set(file, ctx);
    this.fullPass.add(ctx);
    this.schedule();
  }

  /** A file left the context: the others' cross-file findings may change. */
  removed(ctx: FolderContext, file: FileState): void {
    this.dirty.delete(file);
    for (const q of this.queues) q.delete(file);
    const hadObjects = ctx.index.objectsOf(file.key).length > 0;
    ctx.removeFile(file);
    this.publisher.clear(file);
    if (hadObjects) this.fullPass.add(ctx);
    this.touched.add(ctx);
    this.schedule();
  }

  /** Work items left (for progress). */
  get pending(): number {
    let n = this.dirty.size;
    for (const q of this.queues) n += q.size;
    for (const ctx of this.fullPass) n += ctx.files.size;
    return n;
  }

  get busy(): boolean {
    return this.pending > 0 || this.scheduled;
  }

  whenIdle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Brings one file's findings up to date now (code actions and fix-all need them): parses the
   * dirty files of its context first, so that the index is current, then analyses the file if
   * its findings are stale. Returns false when the context is not ready yet.
   */
  ensureAnalyzed(ctx: FolderContext, file: FileState): boolean {
    if (!ctx.ready) return false;
    for (const [f, c] of [...this.dirty]) if (c === ctx) this.reparse(c, f);
    const queued = this.queues.some((q) => q.has(file)) || this.fullPass.has(ctx);
    if (file.analyzedRevision !== file.revision || queued) {
      for (const q of this.queues) q.delete(file);
      this.analyze(ctx, file);
    }
    if (this.pending > 0) this.schedule();
    return true;
  }

  private enqueue(ctx: FolderContext, file: FileState, priority: number): void {
    for (let p = 0; p < this.queues.length; p++) {
      if (this.queues[p].has(file)) {
        if (p <= priority) return;
        this.queues[p].delete(file);
      }
    }
    this.queues[priority].set(file, ctx);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // Scheduled from a message handler, the microtask runs after the connection has queued its
    // next message, so a burst of edits is handled before the run looks at the change counter.
    queueMicrotask(() => {
      this.seqAtSchedule = this.changeSeq;
      setImmediate(this.run);
    });
  }

  private readonly run = (): void => {
    this.scheduled = false;
    if (this.changeSeq !== this.seqAtSchedule) {
      // A newer edit arrived while this run was waiting: let the burst end first.
      this.schedule();
      return;
    }
    const deadline = Date.now() + SLICE_MS;
    let did = false;
    while (!did || Date.now() < deadline) {
      const dirty = this.takeFirst(this.dirty);
      if (dirty) {
        this.reparse(dirty[1], dirty[0]);
        did = true;
        continue;
      }
      this.expandFullPasses();
      const item = this.takeFirst(this.queues[HIGH]) ?? this.takeFirst(this.queues[MID]) ?? this.takeFirst(this.queues[LOW]);
      if (!item) break;
      this.analyze(item[1], item[0]);
      did = true;
    }
    if (this.pending > 0) {
      this.hooks.onProgress?.(this.pending);
      this.scheduled = true;
      this.seqAtSchedule = this.changeSeq;
      setImmediate(this.run);
      return;
    }
    for (const file of this.restored) this.guard(file, () => file.dropTrees());
    this.restored.clear();
    const touched = new Set(this.touched);
    this.touched.clear();
    try {
      this.hooks.onIdle(touched);
    } catch (e) {
      this.log.error('idle hook failed', e);
    }
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  };

  private takeFirst(map: Map<FileState, FolderContext>): [FileState, FolderContext] | undefined {
    const first = map.entries().next();
    if (first.done) return undefined;
    map.delete(first.value[0]);
    return first.value;
  }

  private expandFullPasses(): void {
    for (const ctx of this.fullPass) {
      if (ctx.ready) for (const f of ctx.files.values()) this.enqueue(ctx, f, f.open ? MID : LOW);
    }
    this.fullPass.clear();
  }

  private reparse(ctx: FolderContext, file: FileState): void {
    this.dirty.delete(file);
    if (ctx.files.get(file.key) !== file) return;
    if (!ctx.ready) {
      // Readiness re-checks everything; until then an open file gets what it can alone.
      if (ctx.configured && file.open) this.checkBeforeScan(ctx, file);
      return;
    }
    this.touched.add(ctx);
    if (file.role !== 'manifest') {
      file.reset();
      file.parsedRevision = file.revision;
      const hadObjects = ctx.index.objectsOf(file.key).length > 0;
      ctx.updateIndex(file);
      if (hadObjects) this.fullPass.add(ctx);
      this.enqueue(ctx, file, file.open ? HIGH : LOW);
      return;
    }
    let changed = true;
    try {
      changed = file.parse(ctx.settings.defaultNamespace);
    } catch (e) {
      this.log.error(`parsing ${file.key} failed`, e);
    }
    // A closed file's objects go into the index compact; its rules that read only the file run
    // now, and its trees are dropped right away: a scan never holds every file's trees at once.
    this.guard(file, () => file.compact(this.onRestored));
    ctx.updateIndex(file);
    if (!file.open) this.guard(file, () => this.checkAlone(ctx, file));
    this.guard(file, () => file.dropTrees());
    if (!file.open) parsed(file.text.length);
    this.enqueue(ctx, file, file.open ? HIGH : LOW);
    if (changed) this.fullPass.add(ctx);
    else for (const d of ctx.dependentsOf(file.key)) this.enqueue(ctx, d, d.open ? MID : LOW);
  }

  private analyze(ctx: FolderContext, file: FileState): void {
    if (!ctx.ready || ctx.files.get(file.key) !== file) return;
    if (file.needsParse) {
      this.dirty.set(file, ctx);
      return;
    }
    let findings: FileState['findings'] = [];
    const editBase = file.editBase;
    const previous = file.byDocument;
    file.editBase = undefined;
    file.byDocument = undefined;
    if (file.role === 'manifest' && ctx.settings.enable && file.parsed) {
      const options: AnalyzeOptions = { taxonomy: ctx.taxonomyInForce, index: ctx.index, severityOverrides: ctx.settings.rules };
      const basis: AnalysisBasis = {
        parse: file.parsed,
        index: ctx.index,
        indexVersion: ctx.index.version,
        taxonomy: options.taxonomy,
        severityOverrides: options.severityOverrides,
      };
      try {
        // After a one-document re-parse, when nothing else changed since the last analysis (the
        // index moved by this file's update only), the other documents keep what they can.
        const before = file.analyzedWith;
        const onlyThisFile =
          before &&
          before.index === basis.index &&
          before.indexVersion + 1 === basis.indexVersion && before.taxonomy === basis.taxonomy && before.severityOverrides === basis.severityOverrides;
        // The same parse checked with the same taxonomy and settings: another file changed, and
        // only the rules that read the workspace run again (a closed file needs no tree for that).
        const sameParse =
          before && before.parse === basis.parse && before.index === basis.index && before.taxonomy === basis.taxonomy && before.severityOverrides === basis.severityOverrides;
        const kept =
          (editBase && onlyThisFile && file.reparsedDocument !== undefined ? updateDocumentFindings(editBase, file.parsed, file.reparsedDocument, options) : undefined) ??
          (previous && sameParse ? recheckCrossRules(file.parsed, previous, options) : undefined);
        file.byDocument = internCrossRules(kept ?? analyzeDocuments(file.parsed, options));
        file.analyzedWith = basis;
        findings = mergeDocumentFindings(file.byDocument);
      } catch (e) {
        file.byDocument = undefined;
        file.analyzedWith = undefined;
        this.log.error(`checking ${file.key} failed`, e);
      }
    }
    file.findings = findings;
    file.analyzedRevision = file.revision;
    const related = new Set<string>();
    for (const f of findings) for (const r of f.related) related.add(r.uri);
    ctx.setRelated(file, related);
    this.touched.add(ctx);
    try {
      this.publisher.publish(ctx, file);
    } catch (e) {
      this.log.error(`publishing ${file.key} failed`, e);
    }
    // A closed file, once checked, keeps only its objects' plain data (see compactObjects).
    if (!file.open) {
      this.guard(file, () => {
        if (!file.compacted && file.parsed) {
          // Closed since its parse (the same text on disk): the index gets its compact objects.
          file.compact(this.onRestored);
          ctx.updateIndex(file);
        }
        file.dropTrees();
      });
    }
  }

  /**
   * A closed file's rules run now, while its trees are there, against an index of the file
   * alone: the findings of the rules that read only the file are final; those of the rules that
   * read the workspace are thrown away, and its check, once the index is complete, runs only
   * those (`recheckCrossRules`), without parsing the file again.
   */
  private checkAlone(ctx: FolderContext, file: FileState): void {
    if (file.role !== 'manifest' || !ctx.settings.enable || !file.parsed) return;
    file.byDocument = internCrossRules(analyzeAlone(ctx, file, file.parsed));
    // The workspace's index: the findings kept are those that do not depend on it.
    file.analyzedWith = { parse: file.parsed, index: ctx.index, indexVersion: -1, taxonomy: ctx.taxonomyInForce, severityOverrides: ctx.settings.rules };
  }

  /**
   * An open file while the workspace scan runs: parsed and put into the index (the scan keeps
   * the editor's text), checked against an index of the file alone, and published with the
   * findings of the rules that read only the file: a finding that depends on other files would
   * be a guess now. The full check follows when the scan is done (`recheckAll`).
   */
  private checkBeforeScan(ctx: FolderContext, file: FileState): void {
    if (file.role !== 'manifest' || !ctx.settings.enable) return;
    try {
      file.parse(ctx.settings.defaultNamespace);
      ctx.updateIndex(file);
      if (!file.parsed) return;
      const byDocument = analyzeAlone(ctx, file, file.parsed);
      file.findings = mergeDocumentFindings(byDocument.map((d) => ({ findings: d.findings.filter((f) => !d.crossRules.has(f.ruleId)), crossRules: d.crossRules })));
      file.analyzedRevision = file.revision;
      // Nothing to build on: the check after the scan is a full one.
      file.byDocument = undefined;
      file.analyzedWith = undefined;
      this.publisher.publish(ctx, file);
    } catch (e) {
      this.log.error(`checking ${file.key} before the scan ended failed`, e);
    }
  }

  private guard(file: FileState, work: () => void): void {
    try {
      work();
    } catch (e) {
      this.log.error(`compacting ${file.key} failed`, e);
    }
  }
}

/** The file's documents checked against an index of the file alone (`crossRules` says which findings depend on it). */
function analyzeAlone(ctx: FolderContext, file: FileState, parse: NonNullable<FileState['parsed']>): DocumentFindings[] {
  const alone = new WorkspaceIndex();
  alone.setFile(file.key, file.objects());
  return analyzeDocuments(parse, { taxonomy: ctx.taxonomyInForce, index: alone, severityOverrides: ctx.settings.rules });
}

/** Every file keeps its documents' sets of cross rules: one shared set per distinct content. */
const crossRuleSets = new Map<string, Set<string>>();

/** The shared sets themselves (a document whose findings were kept has one already). */
const sharedSets = new WeakSet<Set<string>>();

function internCrossRules(byDocument: DocumentFindings[]): DocumentFindings[] {
  for (const d of byDocument) {
    if (sharedSets.has(d.crossRules)) continue;
    const key = [...d.crossRules].sort().join(',');
    const shared = crossRuleSets.get(key);
    if (shared) d.crossRules = shared;
    else {
      crossRuleSets.set(key, d.crossRules);
      sharedSets.add(d.crossRules);
    }
  }
  return byDocument;
}
