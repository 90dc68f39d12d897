// Everything the server knows about one file, in one place: its text (the editor's buffer when
// open, the disk copy otherwise), its parse, its semantic signature, its findings and what was
// last published. Incremental reparsing (only the YAML documents an edit touches) can be added
// here: `setText` keeps the editor's content changes since the last parse.
import { createHash } from 'node:crypto';
import type { Document } from 'yaml';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { LineIndex, MAX_ALIAS_COUNT, parseManifestFile, type Finding, type ManifestFile } from '../../engine/src/index';

/** A manifest is parsed, indexed and checked; a taxonomy file gets taxonomy errors only; an excluded file nothing. */
export type FileRole = 'manifest' | 'taxonomy' | 'excluded';

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
  /** Content changes since the last parse ('full' when unknown); for incremental reparse. */
  pendingChanges: TextDocumentContentChangeEvent[] | 'full' = 'full';
  parsed: ManifestFile | undefined;
  parsedRevision = -1;
  /** Hash of what other files' findings can depend on (the objects' content, not positions). */
  signature = '';
  findings: readonly Finding[] = [];
  analyzedRevision = -1;
  /** Keys of the files this file's findings point into (`related`). */
  relatedKeys: ReadonlySet<string> = new Set();
  /** What the client last received for this file. */
  published: { hash: string; version: number | undefined } | undefined;

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
    if (changes && this.pendingChanges !== 'full') this.pendingChanges.push(...changes);
    else this.pendingChanges = changes ? [...changes] : 'full';
  }

  /** Parses the current text; true when the semantic signature changed. Never throws. */
  parse(defaultNamespace: string): boolean {
    const before = this.signature;
    try {
      this.parsed = parseManifestFile(this.key, this.text, { defaultNamespace });
    } catch (e) {
      // The parser promises not to throw; if it does, the file contributes nothing.
      this.parsed = undefined;
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

  /** Forgets parse and findings (the file stopped being a manifest). */
  reset(): void {
    this.parsed = undefined;
    this.parsedRevision = -1;
    this.signature = '';
    this.findings = [];
    this.analyzedRevision = -1;
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

/**
 * What other files' findings can depend on: the content of every object (as plain data), not
 * where it is written. Comments, formatting and moves within the file keep the signature, so
 * typing in a comment does not re-check the workspace.
 */
export function semanticSignature(file: ManifestFile): string {
  const h = createHash('sha1');
  if (file.skipped) h.update('skipped');
  for (const doc of file.documents) {
    h.update('\u0000doc');
    const seen = new Set<Document>();
    for (const obj of doc.objects) {
      if (seen.has(obj.doc)) continue;
      seen.add(obj.doc);
      try {
        h.update(JSON.stringify(obj.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })) ?? '');
      } catch {
        h.update(file.text.slice(doc.range.start, doc.range.end));
      }
    }
  }
  return h.digest('base64');
}
