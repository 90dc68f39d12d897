// Uri ↔ key. The server keys every file by its file-system path (so the uri the editor sends
// for an open document and the uri the scan builds for the same file on disk are one file,
// whatever their percent-encoding); other schemes (untitled:) are keyed by their uri.
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export function keyOfUri(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return normalizePath(fileURLToPath(uri));
  } catch {
    return uri;
  }
}

/** Keys of files are paths; other keys are uris (a scheme has two letters or more, a drive one). */
export function isFileKey(key: string): boolean {
  return !/^[a-zA-Z][a-zA-Z0-9+.-]+:/.test(key);
}

/** The uri for a key, for files not opened in the editor (open ones keep the editor's uri). */
export function uriOfKey(key: string): string {
  return isFileKey(key) ? pathToFileURL(key).href : key;
}

/** One spelling per file: resolved, and on Windows a lower-case drive letter. */
export function normalizePath(p: string): string {
  const resolved = path.resolve(p);
  return /^[A-Z]:/.test(resolved) ? resolved[0].toLowerCase() + resolved.slice(1) : resolved;
}

/** True when `file` is `folder` or inside it. */
export function isInside(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Forward-slash path of `file` relative to `folder` (for globs). */
export function relativePosix(folder: string, file: string): string {
  return path.relative(folder, file).split(path.sep).join('/');
}

export function baseName(key: string): string {
  const slash = Math.max(key.lastIndexOf('/'), key.lastIndexOf('\\'));
  return key.slice(slash + 1);
}
