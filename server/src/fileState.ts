// Everything the server knows about one file, in one place: its text (the editor's buffer when
// open, the disk copy otherwise), its parse, its semantic signature, its findings and what was
// last published. An open file's edits re-parse only the YAML document they touch
// (`updateManifestFile`) unless a change since the last parse replaced the whole text.
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver/node';
import {
  LineIndex,
  compactObjects,
  parseManifestFile,
  updateManifestFile,
  type DocumentFindings,
  type Finding,
  type FindingsBeforeEdit,
  type ManifestFile,
  type SyntaxTrees,
} from '../../engine/src/index';
import { semanticSignature } from './signature';

/**
 * What the client has for a file: the version and the digest of its diagnostics, or, for a new
 * version of an open document, the diagnostics themselves until a comparison needs the digest.
 */
export interface Published {
  version: number | undefined;
  hash?: string;
  diagnostics?: readonly Diagnostic[];
}

/** A manifest is parsed, indexed and checked; a taxonomy file gets taxonomy errors only; an excluded file nothing. */
export type FileRole = 'manifest' | 'taxonomy' | 'excluded';

/** The inputs of an analysis other than the file: the index version (after this file's parse), taxonomy and settings. */
export interface AnalysisBasis {
  parse: unknown;
  index: unknown;
  indexVersion: number;
  taxonomy: unknown;
  severityOverrides: unknown;
}

export class FileState {
  /** The editor's uri for an open document; for closed files the uri built from the path. */
  uri: string;
  text = '';
  /** The editor's version while the document is open; undefined for a disk copy. */
  docVersion: number | undefined;
  /** The editor's language id while open. */
  languageId: string | undefined;
  /** The file is part of the workspace on disk (found by the scan or a file event). */
  onDisk = false;
  role: FileRole = 'manifest';
  /** Bumped on every change of the text. */
  revision = 0;
  /** Content changes since the last parse ('full' when unknown or a whole-text replacement). */
  pendingChanges: TextDocumentContentChangeEvent[] | 'full' = 'full';
  parsed: ManifestFile | undefined;
  parsedRevision = -1;
  /** The default namespace the parse was made with (a new one needs a whole-file parse). */
  private parsedNamespace: string | undefined;
  /** Index of the document the last parse re-parsed alone; undefined after a whole-file parse. */
  reparsedDocument: number | undefined;
  /** Hash of what other files' findings can depend on (the objects' content, not positions). */
  signature = '';
  findings: readonly Finding[] = [];
  /** The findings by document, for the next edit to keep those it cannot change. */
  byDocument: DocumentFindings[] | undefined;
  analyzedRevision = -1;
  /** What the last analysis read besides this file (an edit keeps findings only if it is unchanged). */
  analyzedWith: AnalysisBasis | undefined;
  /** The parse and findings before the last edit, when that edit re-parsed one document and they were current. */
  editBase: FindingsBeforeEdit | undefined;
  /** Keys of the files this file's findings point into (`related`). */
  relatedKeys: ReadonlySet<string> = new Set();
  /** What the client last received for this file. */
  published: Published | undefined;

  constructor(readonly key: string, uri: string) {
    this.uri = uri;
  }

  get open(): boolean {
    return this.docVersion !== undefined;
  }

  get needsParse(): boolean {
    return this.parsedRevision !== this.revision;
  }

  setText(text: string, changes?: readonly TextDocumentContentChangeEvent[]): void {
    if (text === this.text && this.parsedRevision === this.revision) return;
    this.text = text;
    this.revision++;
    if (!changes || changes.some((c) => !('range' in c))) this.pendingChanges = 'full';
    else if (this.pendingChanges !== 'full') this.pendingChanges.push(...changes);
  }

  /** Parses the current text; true when the semantic signature changed. Never throws. */
  parse(defaultNamespace: string): boolean {
    const before = this.signature;
    // Only an open file's edits are worth it: a closed file's new text comes from disk, whole.
    const reuse = this.open && this.pendingChanges !== 'full' && this.parsedNamespace === defaultNamespace ? this.parsed : undefined;
    const findingsCurrent = this.byDocument && this.analyzedRevision === this.parsedRevision;
    try {
      const result = updateManifestFile(this.key, this.text, reuse, { defaultNamespace });
      this.editBase = reuse && findingsCurrent && result.reparsed !== undefined ? { file: reuse, byDocument: this.byDocument! } : undefined;
      this.parsed = result.file;
      this.reparsedDocument = result.reparsed;
      this.parsedNamespace = defaultNamespace;
    } catch (e) {
      // The parser promises not to throw; if it does, the file contributes nothing.
      this.parsed = undefined;
      this.reparsedDocument = undefined;
      this.editBase = undefined;
      this.signature = `failed:${this.revision}`;
      this.parsedRevision = this.revision;
      this.pendingChanges = [];
      throw e;
    }
    this.signature = semanticSignature(this.parsed);
    this.parsedRevision = this.revision;
    this.pendingChanges = [];
    return this.signature !== before;
  }

  /** A closed file's objects' YAML trees (dropped once it is checked; parsed again when read). */
  private trees: SyntaxTrees | undefined;

  /**
   * A closed file's new parse: its objects become compact ones (plain data; the trees held
   * apart). Called right after `parse`, before the objects go into the index.
   */
  compact(restored: (file: FileState) => void): void {
    const parsed = this.parsed;
    this.trees = undefined;
    if (this.open || !parsed || this.role !== 'manifest') return;
    const options = { defaultNamespace: this.parsedNamespace };
    this.trees = compactObjects(parsed, () => parseManifestFile(parsed.uri, parsed.text, options), () => restored(this));
  }

  /** The objects are compact ones (see `compact`). */
  get compacted(): boolean {
    return this.trees !== undefined;
  }

  /** Drops a closed file's trees (after its check; again after a read brought them back). */
  dropTrees(): void {
    if (!this.open) this.trees?.drop();
  }

  /** Forgets parse and findings (the file stopped being a manifest). */
  reset(): void {
    this.parsed = undefined;
    this.reparsedDocument = undefined;
    this.parsedRevision = -1;
    this.signature = '';
    this.findings = [];
    this.byDocument = undefined;
    this.editBase = undefined;
    this.analyzedRevision = -1;
    this.analyzedWith = undefined;
    this.relatedKeys = new Set();
  }

  private linesCache: { revision: number; lines: LineIndex } | undefined;

  /** Offsets ↔ positions for the current text (the parse's when it is current). */
  lines(): LineIndex {
    if (this.parsed && !this.needsParse) return this.parsed.lines;
    if (this.linesCache?.revision !== this.revision) this.linesCache = { revision: this.revision, lines: new LineIndex(this.text) };
    return this.linesCache.lines;
  }

  objects() {
    return this.parsed ? this.parsed.documents.flatMap((d) => d.objects) : [];
  }
}
