// From path arguments to what the engine needs: the taxonomy (SPEC §1: `--taxonomy`, else found
// from each path argument's folder up to the file-system root, else the embedded default), the
// manifest files with their texts, and the notes for files that are not linted. Shared by every
// subcommand that reads a workspace.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LineIndex, lintTexts, type FileResult, type Taxonomy } from '../../engine/src/index';
import { DEFAULT_TAXONOMY } from '../../engine/src/taxonomy/default';
import { findTaxonomyFile, loadTaxonomyFile, readTaxonomyText } from '../../io/src/taxonomyDiscovery';
import { comparePaths, expandPaths, readSourceFile, toPosix } from '../../io/src/files';
import { UsageError } from './args';
import type { CliIO } from './io';

export interface WorkspaceFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the current folder, with `/` (as every output shows it). */
  display: string;
  /** The engine's id for the file (a `file://` URL). */
  uri: string;
  /** Text without the BOM. */
  text: string;
  bom: boolean;
}

/** Files linted together under one taxonomy (one per distinct taxonomy among the path arguments). */
export interface WorkspaceGroup {
  taxonomy: Taxonomy;
  /** The taxonomy file; undefined for the embedded default. */
  taxonomyPath?: string;
  files: WorkspaceFile[];
}

export interface SkipNote {
  path: string;
  display: string;
  reason: string;
}

export interface Workspace {
  groups: WorkspaceGroup[];
  /** Files not linted, with the reason (printed as notes on stderr). */
  skipped: SkipNote[];
}

/** A file found by the expansion, not read yet. */
export type ListedFile = Pick<WorkspaceFile, 'path' | 'display' | 'uri'>;

/** The workspace before its files are read: groups of file paths (the threaded lint reads in its workers). */
export interface WorkspaceListing {
  groups: (Omit<WorkspaceGroup, 'files'> & { files: ListedFile[] })[];
  /** Files not linted so far (Helm templates, named taxonomy files); unreadable ones join on reading. */
  skipped: SkipNote[];
}

export interface LoadWorkspaceOptions {
  /** The `--taxonomy` flag, relative to the current folder. */
  taxonomy?: string;
}

/** Thrown (after the messages are printed) when a taxonomy file is invalid: exit code 2. */
export class TaxonomyFailure extends Error {}

export function displayPath(cwd: string, absolute: string): string {
  return toPosix(path.relative(cwd, absolute)) || '.';
}

/**
 * Resolves the taxonomy for each path argument and expands the arguments to files. With several
 * path arguments, each gets the taxonomy found from its own folder; arguments that share a
 * taxonomy form one workspace (cross-object rules see all of its files). A file reached from
 * two arguments belongs to the first. Throws `UsageError` for a missing path, `TaxonomyFailure`
 * (after printing `file:line:col: message` for each error) for an invalid taxonomy.
 */
export function loadWorkspace(pathArgs: readonly string[], options: LoadWorkspaceOptions, io: CliIO): Workspace {
  return readWorkspace(listWorkspace(pathArgs, options, io));
}

/** `loadWorkspace` without reading the files. */
export function listWorkspace(pathArgs: readonly string[], options: LoadWorkspaceOptions, io: CliIO): WorkspaceListing {
  const args = pathArgs.length ? pathArgs : ['.'];
  const missing = args.filter((a) => !fs.existsSync(path.resolve(io.cwd, a)));
  if (missing.length) throw new UsageError(missing.map((m) => `no such file or folder: ${m}`).join('\n'));

  // Which taxonomy file for which argument (undefined = the embedded default).
  const flag = options.taxonomy !== undefined ? path.resolve(io.cwd, options.taxonomy) : undefined;
  const taxonomyOf = args.map((a) => flag ?? findTaxonomyFile(path.resolve(io.cwd, a)));
  const loaded = new Map<string | undefined, Taxonomy>();
  const sources = new Set<string>();
  let failed = false;
  for (const file of taxonomyOf) {
    if (loaded.has(file)) continue;
    if (file === undefined) {
      loaded.set(undefined, DEFAULT_TAXONOMY);
      continue;
    }
    const result = loadTaxonomyFile(file);
    for (const s of result.sources) sources.add(path.resolve(s));
    if (result.errors.length || !result.taxonomy) {
      failed = true;
      for (const e of result.errors) io.stderr(`${formatTaxonomyError(io.cwd, e)}\n`);
      if (!result.errors.length) io.stderr(`${displayPath(io.cwd, file)}:1:1: the taxonomy could not be loaded\n`);
      continue;
    }
    loaded.set(file, result.taxonomy);
  }
  if (failed) throw new TaxonomyFailure('invalid taxonomy');

  const groups: WorkspaceListing['groups'] = [];
  const skipped: SkipNote[] = [];
  const seen = new Set<string>();
  for (const key of [...new Set(taxonomyOf)]) {
    const groupArgs = args.filter((_, i) => taxonomyOf[i] === key);
    const expanded = expandPaths(groupArgs, { cwd: io.cwd, exclude: sources });
    const group: WorkspaceListing['groups'][number] = { taxonomy: loaded.get(key) as Taxonomy, taxonomyPath: key, files: [] };
    for (const s of expanded.skipped) {
      if (seen.has(s.path)) continue;
      seen.add(s.path);
      skipped.push({ path: s.path, display: displayPath(io.cwd, s.path), reason: s.reason });
    }
    for (const file of expanded.files) {
      if (seen.has(file)) continue;
      seen.add(file);
      group.files.push({ path: file, display: displayPath(io.cwd, file), uri: pathToFileURL(file).href });
    }
    if (group.files.length) groups.push(group);
  }
  return { groups, skipped };
}

/** Reads every listed file; an unreadable one (binary, not UTF-8) becomes a skip note. */
export function readWorkspace(listing: WorkspaceListing): Workspace {
  const groups: WorkspaceGroup[] = [];
  const skipped = [...listing.skipped];
  for (const listed of listing.groups) {
    const group: WorkspaceGroup = { ...listed, files: [] };
    for (const file of listed.files) {
      const read = readSourceFile(file.path);
      if (!read.ok) skipped.push({ path: file.path, display: file.display, reason: read.reason });
      else group.files.push({ ...file, text: read.text, bom: read.bom });
    }
    if (group.files.length) groups.push(group);
  }
  skipped.sort((a, b) => comparePaths(a.path, b.path));
  return { groups, skipped };
}

function formatTaxonomyError(cwd: string, e: { uri: string; message: string; start: number }): string {
  const text = readTaxonomyText(e.uri);
  const pos = text === undefined ? { line: 1, column: 1 } : new LineIndex(text).oneBased(e.start);
  return `${displayPath(cwd, path.resolve(e.uri))}:${pos.line}:${pos.column}: ${e.message}`;
}

/** One linted file: the engine's result and the file it came from. */
export interface LintedFile {
  file: WorkspaceFile;
  result: FileResult;
  /** Why the whole file was not checked (Helm-looking text, no Kubernetes object), if so. */
  skipped?: string;
}

export interface LintRunOptions {
  defaultNamespace?: string;
  /** Current texts by uri, when they differ from the files on disk (the `--fix` loop). */
  texts?: ReadonlyMap<string, string>;
}

/** Lints every group (each its own workspace) and returns the files in path order. */
export function lintWorkspace(ws: Workspace, options: LintRunOptions = {}): LintedFile[] {
  const out: LintedFile[] = [];
  for (const group of ws.groups) {
    const sources = group.files.map((f) => ({ uri: f.uri, text: options.texts?.get(f.uri) ?? f.text }));
    const results = lintTexts(sources, { taxonomy: group.taxonomy, defaultNamespace: options.defaultNamespace });
    results.forEach((result, i) => {
      const skipped = skipReason(result);
      out.push({ file: group.files[i], result: skipped ? { ...result, findings: [] } : result, skipped });
    });
  }
  return out.sort((a, b) => comparePaths(a.file.path, b.file.path));
}

/** A file is skipped (note, never findings) when the engine skipped it or it holds no Kubernetes object and no error. */
export function skipReason(result: FileResult): string | undefined {
  const f = result.file;
  if (f.skipped) return f.skipped;
  if (f.documents.some((d) => d.error || d.objects.length > 0)) return undefined;
  if (f.text.trim() === '') return 'empty file';
  return 'not a Kubernetes manifest (no document has apiVersion and kind)';
}

/** The notes for skipped files, in path order: `note: path: skipped: reason`. */
export function skipNotes(ws: Pick<Workspace, 'skipped'>, linted: readonly LintedFile[]): string[] {
  const all = [
    ...ws.skipped.map((s) => ({ path: s.path, display: s.display, reason: s.reason })),
    ...linted.filter((l) => l.skipped).map((l) => ({ path: l.file.path, display: l.file.display, reason: l.skipped as string })),
  ].sort((a, b) => comparePaths(a.path, b.path));
  return all.map((s) => `note: ${s.display}: skipped: ${s.reason}`);
}
