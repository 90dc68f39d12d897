// Which files the CLI lints, and how they are read and written back (SPEC §2 *Files*, §3).
// Folders expand to `**/*.{yaml,yml}` minus what `.gitignore` files exclude (git's rules: every
// `.gitignore` from the repository root — or the file-system root outside a repository — down to
// the file, deeper files winning); `node_modules` and `.git` are never entered. Taxonomy files are
// never manifests; Helm chart templates are skipped with a reason.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore from 'ignore';
import { isTaxonomyFileName } from './taxonomyDiscovery';

/** A file that is not linted, and why (reported as a note, never as a finding). */
export interface SkippedFile {
  /** Absolute path. */
  path: string;
  reason: string;
}

export interface ExpandResult {
  /** Absolute paths of the files to lint: unique, in a deterministic order (see `comparePaths`). */
  files: string[];
  /** Files found (or named) but not linted: Helm templates, a named taxonomy file. Sorted. */
  skipped: SkippedFile[];
  /** Path arguments that do not exist, as given. */
  missing: string[];
}

export interface ExpandOptions {
  /** Current folder for relative path arguments (default `process.cwd()`). */
  cwd?: string;
  /** Absolute paths never linted as manifests (the taxonomy in force and the files it extends). */
  exclude?: ReadonlySet<string>;
}

const NEVER_ENTER = new Set(['node_modules', '.git']);
const MANIFEST_EXTENSION = /\.ya?ml$/i;

/**
 * Expands path arguments to the manifest files to lint. A file named explicitly is linted
 * whatever its extension and whatever `.gitignore` says; a folder is walked. A folder named
 * explicitly is walked even if a `.gitignore` above it excludes it (its own rules and those of the
 * folders below it still apply): naming it is the user's intent, as `git add -f` would be.
 */
export function expandPaths(paths: readonly string[], options: ExpandOptions = {}): ExpandResult {
  const cwd = options.cwd ?? process.cwd();
  const exclude = options.exclude ?? new Set<string>();
  const files = new Set<string>();
  const skipped = new Map<string, string>();
  const missing: string[] = [];
  const helm = new HelmDetector();

  const consider = (file: string, explicit: boolean) => {
    if (files.has(file) || skipped.has(file)) return;
    if (exclude.has(file) || isTaxonomyFileName(file)) {
      // Silently left out of folder walks; named explicitly, it deserves a word.
      if (explicit) skipped.set(file, 'taxonomy file (not a manifest)');
      return;
    }
    const chart = helm.chartOf(file);
    if (chart !== undefined) {
      skipped.set(file, `Helm chart template (chart: ${toPosix(path.relative(cwd, chart)) || '.'})`);
      return;
    }
    files.add(file);
  };

  for (const arg of paths) {
    const absolute = path.resolve(cwd, arg);
    const stat = statOrUndefined(absolute);
    if (!stat) {
      missing.push(arg);
    } else if (stat.isDirectory()) {
      for (const file of walkFolder(absolute)) consider(file, false);
    } else {
      consider(absolute, true);
    }
  }
  return {
    files: [...files].sort(comparePaths),
    skipped: [...skipped].map(([p, reason]) => ({ path: p, reason })).sort((a, b) => comparePaths(a.path, b.path)),
    missing,
  };
}

/** Orders paths folder by folder (segment-wise), so a folder's files stay together. */
export function comparePaths(a: string, b: string): number {
  const sa = toPosix(a).split('/');
  const sb = toPosix(b).split('/');
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    if (sa[i] !== sb[i]) return sa[i] < sb[i] ? -1 : 1;
  }
  return sa.length - sb.length;
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

/** Every `*.yaml`/`*.yml` file under `root` that no `.gitignore` excludes, in walk order. */
function walkFolder(root: string): string[] {
  let matcher = GitignoreMatcher.forFolder(root);
  // The named folder itself is never ignored: start afresh from it when a rule above excludes it.
  if (matcher.ignores(root, true)) matcher = new GitignoreMatcher(root);
  const out: string[] = [];
  const visited = new Set<string>();
  const visit = (dir: string) => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      return;
    }
    if (visited.has(real)) return; // a symlink cycle
    visited.add(real);
    matcher.addFolder(dir);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable folder: nothing to lint there
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (NEVER_ENTER.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = statOrUndefined(full);
        isDir = !!target?.isDirectory();
        isFile = !!target?.isFile();
      }
      if (!isDir && !isFile) continue;
      if (isFile && !MANIFEST_EXTENSION.test(entry.name)) continue;
      if (matcher.ignores(full, isDir)) continue;
      if (isDir) visit(full);
      else out.push(full);
    }
  };
  visit(root);
  return out;
}

/**
 * Git's `.gitignore` semantics over a folder tree, with one `ignore` instance: each file's
 * patterns are rebased onto the top folder (a pattern without an inner `/` matches at any depth
 * below its own folder), added top-down so that deeper files win, and a path inside an excluded
 * folder stays excluded, as in git.
 */
export class GitignoreMatcher {
  // Case-sensitive as git is by default where the file system is (core.ignorecase).
  private readonly ig: ignore.Ignore = ignore({ ignorecase: process.platform === 'win32' || process.platform === 'darwin' });
  private readonly loaded = new Set<string>();
  private patterns = 0;

  constructor(private readonly top: string) {}

  /** The matcher for a folder: the `.gitignore` files of the repository root (or `/`) down to it. */
  static forFolder(folder: string): GitignoreMatcher {
    const chain: string[] = [];
    let dir = path.resolve(folder);
    for (;;) {
      chain.unshift(dir);
      if (fs.existsSync(path.join(dir, '.git'))) break;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    const matcher = new GitignoreMatcher(chain[0]);
    // The folder's own .gitignore is added by the walk, when it enters the folder.
    for (const d of chain.slice(0, -1)) matcher.addFolder(d);
    return matcher;
  }

  /** Adds the patterns of `dir/.gitignore`, if any (once per folder). */
  addFolder(dir: string): void {
    if (this.loaded.has(dir)) return;
    this.loaded.add(dir);
    let text: string;
    try {
      text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
    } catch {
      return;
    }
    const prefix = toPosix(path.relative(this.top, dir));
    if (prefix.startsWith('..')) return;
    const patterns = text
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .map((line) => rebasePattern(line, prefix))
      .filter((p): p is string => p !== undefined);
    if (patterns.length) {
      this.ig.add(patterns);
      this.patterns += patterns.length;
    }
  }

  ignores(absolute: string, isDir: boolean): boolean {
    if (this.patterns === 0) return false; // no .gitignore on the way: nothing to ask per path
    const rel = toPosix(path.relative(this.top, absolute));
    if (!rel || rel.startsWith('../') || rel === '..' || path.isAbsolute(rel)) return false;
    return this.ig.ignores(isDir ? `${rel}/` : rel);
  }
}

/** A `.gitignore` line of folder `prefix` (relative to the top, `''` = the top) as a top-level pattern. */
export function rebasePattern(line: string, prefix: string): string | undefined {
  if (/^\s*$/.test(line) || line.startsWith('#')) return undefined;
  if (!prefix) return line;
  let body = line;
  let negation = '';
  if (body.startsWith('!')) {
    negation = '!';
    body = body.slice(1);
  }
  // A slash at the start or in the middle anchors the pattern to its folder (gitignore(5)).
  const anchored = body.replace(/\/+\s*$/, '').includes('/');
  if (body.startsWith('/')) body = body.slice(1);
  return `${negation}${prefix}/${anchored ? '' : '**/'}${body}`;
}

/**
 * A file under a `templates/` folder with a `Chart.yaml` in a folder above that `templates/`
 * (SPEC §2 *Files*) is a Helm template. Results are cached per folder.
 */
class HelmDetector {
  private readonly chartYaml = new Map<string, boolean>();

  /** The chart folder when `file` is a Helm template, else undefined. */
  chartOf(file: string): string | undefined {
    let dir = path.dirname(file);
    for (;;) {
      if (path.basename(dir) === 'templates') {
        const chart = this.chartAbove(dir);
        if (chart !== undefined) return chart;
      }
      const parent = path.dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  }

  private chartAbove(templatesDir: string): string | undefined {
    let dir = path.dirname(templatesDir);
    for (;;) {
      if (this.hasChartYaml(dir)) return dir;
      const parent = path.dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  }

  private hasChartYaml(dir: string): boolean {
    let known = this.chartYaml.get(dir);
    if (known === undefined) {
      known = statOrUndefined(path.join(dir, 'Chart.yaml'))?.isFile() ?? false;
      this.chartYaml.set(dir, known);
    }
    return known;
  }
}

/** True when `file` is a Helm chart template (see `expandPaths`). */
export function isHelmTemplate(file: string): boolean {
  return new HelmDetector().chartOf(path.resolve(file)) !== undefined;
}

export type ReadResult =
  | { ok: true; text: string; /** The file started with a UTF-8 BOM (stripped from `text`). */ bom: boolean }
  | { ok: false; reason: string };

/** Bytes looked at for a NUL byte, as git decides that a file is binary. */
const BINARY_SNIFF_BYTES = 8000;

/**
 * Reads a manifest as UTF-8 text without its BOM. A file with a NUL byte near its start, or that
 * is not valid UTF-8, is not text: `{ ok: false, reason }`.
 */
export function readSourceFile(file: string): ReadResult {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return { ok: false, reason: `cannot read: ${(e as Error).message}` };
  }
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { ok: false, reason: 'binary file' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { ok: false, reason: 'not UTF-8 text' };
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  return { ok: true, text: bom ? text.slice(1) : text, bom };
}

/** Writes `text` back, with the BOM the file had. Line endings are the text's own. */
export function writeSourceFile(file: string, text: string, bom: boolean): void {
  fs.writeFileSync(file, (bom ? '\uFEFF' : '') + text, 'utf8');
}
