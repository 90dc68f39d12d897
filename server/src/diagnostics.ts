// Findings and taxonomy errors → LSP diagnostics, and publishing them: open documents with their
// version, closed files of the workspace too (SPEC §4: every manifest), and only when something
// changed for a closed file.
import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, type Connection } from 'vscode-languageserver/node';
import { LineIndex, ruleDocsUrl, type Finding, type TaxonomyError } from '../../engine/src/index';
import type { FileState, Published } from './fileState';
import type { FolderContext } from './folderContext';
import { toRange } from './positions';
import type { DiagnosticData } from './protocol';
import { uriOfKey } from './uris';
import { createHash } from 'node:crypto';

export const SOURCE = 'kube-label-lint';

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Finds the text (for positions) and the uri of a file the findings point into. */
export type FileLookup = (key: string) => { uri: string; lines: LineIndex } | undefined;

export function findingToDiagnostic(f: Finding, index: number, file: FileState, lookup: FileLookup): Diagnostic {
  const lines = file.parsed!.lines;
  const data: DiagnosticData = { ruleId: f.ruleId, messageId: f.messageId, revision: file.analyzedRevision, index };
  if (f.fixes.some((x) => x.safe)) data.fixable = true;
  const diagnostic: Diagnostic = {
    range: toRange(lines, f.start, f.end),
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    codeDescription: { href: ruleDocsUrl(f.ruleId) },
    source: SOURCE,
    message: f.message,
    data,
  };
  if (f.ruleId === 'label-deprecated') diagnostic.tags = [DiagnosticTag.Deprecated];
  const related: DiagnosticRelatedInformation[] = [];
  for (const r of f.related) {
    const target = r.uri === file.key ? { uri: file.uri, lines } : lookup(r.uri);
    if (!target) continue;
    related.push({ location: { uri: target.uri, range: toRange(target.lines, r.start, r.end) }, message: r.message });
  }
  if (related.length) diagnostic.relatedInformation = related;
  return diagnostic;
}

export function taxonomyErrorToDiagnostic(e: TaxonomyError, lines: LineIndex): Diagnostic {
  return {
    range: toRange(lines, e.start, e.end),
    severity: DiagnosticSeverity.Error,
    code: 'label-taxonomy',
    source: SOURCE,
    message: e.message,
  };
}

export class Publisher {
  constructor(
    private readonly connection: Connection,
    private readonly lookup: FileLookup,
  ) {}

  /** The diagnostics a file should show now. */
  diagnosticsOf(ctx: FolderContext, file: FileState): Diagnostic[] {
    if (file.role === 'taxonomy') {
      const lines = new LineIndex(file.text);
      return ctx.taxonomy.errors.filter((e) => e.uri === file.key).map((e) => taxonomyErrorToDiagnostic(e, lines));
    }
    if (file.role !== 'manifest' || !ctx.settings.enable || !file.parsed || file.analyzedRevision !== file.revision) return [];
    return file.findings.map((f, i) => findingToDiagnostic(f, i, file, this.lookup));
  }

  /** Sends the file's diagnostics unless the client already has exactly these for this version. */
  publish(ctx: FolderContext, file: FileState, force = false): void {
    const diagnostics = this.diagnosticsOf(ctx, file);
    const version = file.docVersion;
    const last = file.published;
    if (version !== undefined && last?.version !== version) {
      // A new version of an open document is sent whatever it holds; its digest is made only if
      // a later publish of the same version compares (it is a noticeable part of a keystroke).
      file.published = { version, diagnostics };
    } else {
      const hash = digest(diagnostics);
      if (!force && last && last.version === version && publishedDigest(last) === hash) return;
      // A clean closed file the client never heard of needs no message.
      if (!force && !last && diagnostics.length === 0 && !file.open) return;
      file.published = { hash, version };
    }
    void this.connection.sendDiagnostics({ uri: file.uri, version, diagnostics });
  }

  /** Removes a file's diagnostics (it left the workspace or stopped being checked). */
  clear(file: FileState): void {
    if (!file.published || (publishedDigest(file.published) === EMPTY && !file.open)) {
      file.published = undefined;
      return;
    }
    file.published = undefined;
    void this.connection.sendDiagnostics({ uri: file.uri, diagnostics: [] });
  }

  clearUri(key: string): void {
    void this.connection.sendDiagnostics({ uri: uriOfKey(key), diagnostics: [] });
  }
}

const EMPTY = '[]';

/** A digest, not the JSON itself: every file of the workspace keeps it. */
function digest(diagnostics: readonly Diagnostic[]): string {
  const json = JSON.stringify(diagnostics);
  return json === EMPTY ? json : createHash('sha1').update(json).digest('base64');
}

/** The digest of what was published (made now, and kept, if it was deferred). */
function publishedDigest(published: Published): string {
  if (published.hash === undefined) {
    published.hash = digest(published.diagnostics ?? []);
    published.diagnostics = undefined;
  }
  return published.hash;
}
