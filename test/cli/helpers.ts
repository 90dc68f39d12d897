// Runs the real, built CLI as a child process (as users and CI do), and builds throw-away
// workspaces in the temp folder for the tests that need files git would not keep (ignored files,
// node_modules, binary files, exact BOM/CRLF bytes) or that write (`--fix`).
import { after } from 'node:test';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ALL_RULES } from '../../engine/src/index';

export const REPO = path.resolve('.');
export const BIN = path.join(REPO, 'bin', 'kube-label-lint.js');
export const FIXTURES = path.join(REPO, 'test', 'fixtures', 'cli');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `--format json` output, parsed; fails with the CLI's stderr when stdout is not JSON. */
export function runJson(args: readonly string[], options: { cwd?: string } = {}): CliRun & { rows: JsonRow[] } {
  const r = runCli([...args, '--format', 'json'], options);
  let rows: JsonRow[];
  try {
    rows = JSON.parse(r.stdout) as JsonRow[];
  } catch {
    throw new Error(`stdout is not JSON (exit ${r.status})\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  }
  return { ...r, rows };
}

export interface JsonRow {
  file: string;
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixable: boolean;
}

const temps: string[] = [];
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

/**
 * A workspace in the temp folder from `{ relativePath: content }`. It is its own git root (an
 * empty `.git` folder), so no `.gitignore` or taxonomy above it plays a part.
 */
export function makeWorkspace(files: Record<string, string | Buffer>, options: { gitRoot?: boolean } = {}): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kll-cli-')));
  temps.push(dir);
  if (options.gitRoot !== false) fs.mkdirSync(path.join(dir, '.git'));
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
  return dir;
}

/** A copy of a fixture folder in the temp folder (for tests that write). */
export function copyFixture(name: string): string {
  const dir = makeWorkspace({});
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

/** An empty temp folder (for files written by a tool). */
export function tempDir(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kll-tmp-')));
  temps.push(dir);
  return dir;
}

/** Whether a rule is registered yet; tests of rules still being written skip until they land. */
export function implemented(ruleId: string): boolean {
  return ALL_RULES.some((r) => r.id === ruleId);
}

export function skipUnless(...ruleIds: string[]): string | false {
  const missing = ruleIds.filter((id) => !implemented(id));
  return missing.length ? `rule not registered yet: ${missing.join(', ')}` : false;
}

export const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  k: v
`;

/** A ConfigMap whose duplicate key is a yaml-syntax error at 5:3. */
export function duplicateKey(name: string): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  name: ${name}-again
`;
}
