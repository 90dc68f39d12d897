// Starts the bundled server (server/out/main.js) through a V8 code cache.
//
// Start-up is mostly fixed cost: V8 compiling the 1.4 MB bundle and running its module
// initialisers (docs/benchmarks.md, "Start-up"). A code cache made by an earlier start holds the
// bytecode of every function that start compiled, so the next start skips that work. Node 20 has
// no built-in compile cache for CommonJS (`module.enableCompileCache` is Node 22), hence this.
//
// The cache lives where `--code-cache-dir=DIR` says (the VS Code client passes the extension's
// global storage); without that argument nothing is read or written. V8 checks that a cache
// belongs to its own version and flags, and its source length; the file name also carries the
// bundle's size and modification time, so a rebuilt bundle never meets an old cache. A missing,
// stale or broken cache only costs the normal compile; the server saves a fresh one once its
// first workspace scan is done (`saveCodeCache`), when most of its code has been compiled.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Script } from 'node:vm';
import { exposeGc, preferSmallHeap } from './memory';
import { CODE_CACHE_DIR_ARG } from './protocol';

/** How the running server's code was compiled. */
export type CodeCacheState = 'off' | 'used' | 'rejected' | 'none yet';

interface CodeCacheHook {
  state: CodeCacheState;
  /** Writes the cache (once) unless this start used one; resolves to the file written. */
  save(): Promise<string | undefined>;
}

// The bundle and the loader are separate bundles: they meet through one well-known global.
const HOOK = Symbol.for('kube-label-lint.codeCache');

/** Compiles and runs the CommonJS bundle at `bundle` as Node would, with the cache when there is one. */
export function runWithCodeCache(bundle: string, argv: readonly string[]): void {
  const dir = argv.find((a) => a.startsWith(CODE_CACHE_DIR_ARG))?.slice(CODE_CACHE_DIR_ARG.length);
  const source = fs.readFileSync(bundle, 'utf8');
  const cacheFile = dir ? path.join(dir, cacheFileName(fs.statSync(bundle))) : undefined;
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile) cachedData = fs.readFileSync(cacheFile);
  } catch {
    // No cache yet.
  }
  // A cache is valid only under the V8 flags it was made with. The server changes two flags at
  // run time (memory.ts); both are set before compiling, so that a cache saved while they are
  // on matches the next start.
  preferSmallHeap(true);
  exposeGc();
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData });
  const state: CodeCacheState = !cacheFile ? 'off' : !cachedData ? 'none yet' : script.cachedDataRejected ? 'rejected' : 'used';
  let saving: Promise<string | undefined> | undefined;
  const hook: CodeCacheHook = {
    state,
    save: () => (saving ??= state === 'used' || !cacheFile ? Promise.resolve(undefined) : writeCache(cacheFile, script.createCachedData())),
  };
  (globalThis as Record<symbol, unknown>)[HOOK] = hook;
  const module = { exports: {}, id: bundle, filename: bundle, loaded: false, children: [], paths: [] };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
}

/** How this start compiled the server's code ('off' when it was not started through the cache). */
export function codeCacheState(): CodeCacheState {
  return codeCacheHook()?.state ?? 'off';
}

/**
 * Saves the code cache for the next start, if this start had none that V8 accepted. Call it
 * while the flags are as at start (before `preferSmallHeap(false)`).
 */
export function saveCodeCache(): Promise<string | undefined> {
  return codeCacheHook()?.save() ?? Promise.resolve(undefined);
}

function codeCacheHook(): CodeCacheHook | undefined {
  return (globalThis as Record<symbol, unknown>)[HOOK] as CodeCacheHook | undefined;
}

/** One cache per bundle build and V8 version: a stale cache is never even read. */
export function cacheFileName(stat: { size: number; mtimeMs: number }): string {
  const v8 = process.versions.v8.replace(/[^\w.-]/g, '_');
  return `server-${stat.size}-${Math.trunc(stat.mtimeMs)}-v8-${v8}-${process.arch}.cache`;
}

/** Writes atomically (a temporary file renamed), then deletes the caches of other builds. */
async function writeCache(file: string, data: Buffer): Promise<string | undefined> {
  const dir = path.dirname(file);
  try {
    await fs.promises.mkdir(dir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await fs.promises.writeFile(temporary, data);
    await fs.promises.rename(temporary, file);
    for (const name of await fs.promises.readdir(dir)) {
      if (name.startsWith('server-') && name.endsWith('.cache') && name !== path.basename(file)) await fs.promises.rm(path.join(dir, name), { force: true });
    }
    return file;
  } catch {
    // A read-only or full disk: the next start compiles as usual.
    return undefined;
  }
}
