// Which files of a workspace folder are manifests, and reading them from disk. The folder walk
// is the CLI's (io/src/files.ts: `**/*.{yaml,yml}`, `.gitignore` respected, `node_modules` and
// `.git` never entered, Helm chart templates and taxonomy files left out), so the editor and
// `kube-label-lint .` check the same files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expandPaths, GitignoreMatcher, readSourceFile } from '../../io/src/files';
import type { FolderContext } from './folderContext';
import { isInside, normalizePath } from './uris';

const MANIFEST_EXTENSION = /\.ya?ml$/i;
const NEVER_ENTER = new Set(['node_modules', '.git']);

/** Manifest files of the folder (absolute, normalised), minus the `exclude` setting's globs. */
export function listManifests(ctx: FolderContext): string[] {
  if (!ctx.folderPath) return [];
  const exclude = new Set<string>([...ctx.taxonomy.sources, ...(ctx.taxonomy.file ? [ctx.taxonomy.file] : [])]);
  const { files } = expandPaths([ctx.folderPath], { exclude });
  return files.map(normalizePath).filter((f) => !exclude.has(f) && !ctx.isExcluded(f));
}

/**
 * True when a file (that may not exist yet) is where the folder scan would look: a YAML file
 * inside the folder, outside `node_modules`/`.git`, not excluded by a `.gitignore`. Taxonomy,
 * Helm and `exclude` decisions are the file's role (FolderContext.roleOf).
 */
export function isWorkspaceManifestPath(ctx: FolderContext, file: string): boolean {
  const folder = ctx.folderPath;
  if (!folder || !isInside(folder, file) || !MANIFEST_EXTENSION.test(file)) return false;
  const rel = path.relative(folder, file);
  const segments = rel.split(path.sep);
  if (segments.some((s) => NEVER_ENTER.has(s))) return false;
  const matcher = GitignoreMatcher.forFolder(folder);
  let dir = folder;
  matcher.addFolder(dir);
  for (const segment of segments.slice(0, -1)) {
    dir = path.join(dir, segment);
    if (matcher.ignores(dir, true)) return false;
    matcher.addFolder(dir);
  }
  return !matcher.ignores(file, false);
}

/** A manifest's text from disk (BOM dropped), or undefined when it is missing, binary or not UTF-8. */
export function readManifest(file: string): string | undefined {
  const r = readSourceFile(file);
  return r.ok ? r.text : undefined;
}

export function fileExists(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
