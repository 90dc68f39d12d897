// Finds and reads taxonomy files on disk (SPEC §1). The engine's loader is pure; this is the
// file-system side that the CLI and the language server share.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadTaxonomy, type LoadTaxonomyResult } from '../../engine/src/taxonomy/load';

/** Looked for in each folder, first match wins (SPEC §1). Paths relative to the folder. */
export const TAXONOMY_FILE_NAMES: readonly string[] = [
  'label-taxonomy.yaml',
  'label-taxonomy.json',
  '.label-taxonomy.yaml',
  '.vscode/label-taxonomy.yaml',
];

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The taxonomy file directly in `dir` (editor rule: the workspace folder only). */
export function findTaxonomyInFolder(dir: string): string | undefined {
  for (const name of TAXONOMY_FILE_NAMES) {
    const candidate = path.join(dir, name);
    if (isFile(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The nearest taxonomy file for `startDir` (CLI rule, as ESLint finds its config): `startDir`
 * first, then each parent folder up to the file-system root. `upToRoot = false` looks in
 * `startDir` only. A file path as `startDir` starts from its folder.
 */
export function findTaxonomyFile(startDir: string, upToRoot = true): string | undefined {
  let dir = path.resolve(startDir);
  if (isFile(dir)) dir = path.dirname(dir);
  for (;;) {
    const found = findTaxonomyInFolder(dir);
    if (found || !upToRoot) return found;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** File text without a UTF-8 byte-order mark (editors drop it, so offsets agree with theirs). */
function readText(p: string): string {
  const text = fs.readFileSync(p, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Reads a file, or undefined when it does not exist or cannot be read (the loader reports it). */
export function readTaxonomyText(p: string): string | undefined {
  try {
    return isFile(p) ? readText(p) : undefined;
  } catch {
    return undefined;
  }
}

/** Loads a taxonomy file and everything it `extends`, from disk. Error uris are file paths. */
export function loadTaxonomyFile(filePath: string): LoadTaxonomyResult {
  const absolute = path.resolve(filePath);
  let text: string;
  try {
    text = readText(absolute);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message;
    return { errors: [{ uri: absolute, message: `cannot read the taxonomy file: ${reason}`, start: 0, end: 0 }], sources: [absolute] };
  }
  // The loader joins paths with `/`; on Windows, hand it `/` paths and convert back for fs.
  const toFs = (uri: string) => (path.sep === '\\' ? uri.replace(/\//g, '\\') : uri);
  const result = loadTaxonomy(absolute, text, (uri) => readTaxonomyText(toFs(uri)));
  return { ...result, errors: result.errors.map((e) => ({ ...e, uri: toFs(e.uri) })), sources: result.sources.map(toFs) };
}

/** True for the names discovery looks for: taxonomy files are never linted as manifests. */
export function isTaxonomyFileName(filePath: string): boolean {
  const normalized = filePath.replace(/\\/g, '/');
  const base = normalized.slice(normalized.lastIndexOf('/') + 1);
  return base === 'label-taxonomy.yaml' || base === 'label-taxonomy.json' || base === '.label-taxonomy.yaml';
}
