// Where the shared material lives (../shared next to the repository: the corpus of real manifests
// and the workspace generator). KLL_SHARED overrides it; /work/shared is the last resort.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root (this file compiles to out/test/sharedPaths.js). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

function sharedDir(): string {
  if (process.env.KLL_SHARED) return path.resolve(process.env.KLL_SHARED);
  const beside = path.resolve(REPO_ROOT, '..', 'shared');
  return fs.existsSync(beside) ? beside : '/work/shared';
}

export const SHARED_DIR = sharedDir();
export const CORPUS_DIR = process.env.KLL_CORPUS ?? path.join(SHARED_DIR, 'corpus');
export const GEN_WORKSPACE = path.join(SHARED_DIR, 'tools', 'gen-workspace.mjs');
