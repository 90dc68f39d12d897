// Fixture folders of the protocol tests: copied to a fresh temporary folder, removed after.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../sharedPaths';

/** Copies a fixture folder to a fresh temporary folder (tests may write to it). */
export function copyFixture(...segments: string[]): string {
  const src = path.join(REPO_ROOT, 'test/fixtures/server', ...segments);
  const dst = fs.mkdtempSync(path.join(os.tmpdir(), `kll-server-${segments.join('-')}-`));
  fs.cpSync(src, dst, { recursive: true });
  // Fixture files named `dot-gitignore` become `.gitignore` (npm drops real .gitignore files from packages).
  for (const f of walk(dst)) if (path.basename(f) === 'dot-gitignore') fs.renameSync(f, path.join(path.dirname(f), '.gitignore'));
  return fs.realpathSync(dst);
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Rule ids the engine registers now (tests of rules still being written are skipped). */
export function registeredRules(): Set<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ALL_RULES } = require(path.join(REPO_ROOT, 'out/engine/src/rules/index.js')) as { ALL_RULES: { id: string }[] };
  return new Set(ALL_RULES.map((r) => r.id));
}
