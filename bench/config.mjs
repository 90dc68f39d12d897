// The benchmark's plan and shared state: paths, command-line flags, sizes, goals, the results
// object every measure fills, and the generated inputs (see run.mjs and docs/benchmarks.md).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine } from './util.mjs';

export const BENCH = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(BENCH, '..');
export const WORK = join(BENCH, 'work');
/** Our server's V8 code cache (server/src/codeCache.ts): the folder the VS Code client passes it. */
export const CODE_CACHE_DIR = join(WORK, 'code-cache');
export const GENERATOR = resolve(ROOT, '..', 'shared', 'tools', 'gen-workspace.mjs');
export const CLI = join(ROOT, 'bin', 'kube-label-lint.js');
export const CLI_OUT = join(ROOT, 'cli', 'out', 'main.js');
export const SERVER = process.env.KLL_BENCH_SERVER ? resolve(process.env.KLL_BENCH_SERVER) : join(ROOT, 'server', 'out', 'server.js');
export const YAMLLS = join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
export const SCHEMA = join(BENCH, 'k8s-schema.json');
export const CPU_USAGE = join(BENCH, 'cpu-usage.cjs');
export const DOC = join(ROOT, 'docs', 'benchmarks.md');

export const argv = process.argv.slice(2);
export const QUICK = argv.includes('--quick');
export const VERBOSE = argv.includes('--verbose');
export const onlyArg = argv.find((a) => a.startsWith('--only'));
export const ONLY = onlyArg
  ? new Set((onlyArg.includes('=') ? onlyArg.split('=')[1] : argv[argv.indexOf(onlyArg) + 1] ?? '').split(',').filter(Boolean))
  : null;
export const WRITE = argv.includes('--write') || (!QUICK && !ONLY);
export const wants = (m) => !ONLY || ONLY.has(m);

// --- plan -------------------------------------------------------------------------------------
export const SIZES = [
  { apps: 200, seed: 1, runs: QUICK ? 2 : 5 },
  { apps: 2000, seed: 2, runs: QUICK ? 2 : 5 },
  ...(QUICK ? [] : [{ apps: 10000, seed: 3, runs: 3 }]),
];
export const SINGLE = { apps: 77, seed: 4 }; // 5,027 lines in one file
export const KEYSTROKES = QUICK ? 20 : 50;
export const TYPING_GAP_MS = 50; // pause after each edit's diagnostics before the next keystroke
export const CROSS_RUNS = QUICK ? 2 : 5;
export const STARTUP_RUNS = QUICK ? 2 : 5;
export const GOALS = {
  cliRatio: 1.0, // CLI wall ≤ 1.0 × parse floor at 2,000 and 10,000 apps
  keyP50: 0.2, // keystroke p50 ≤ 0.2 × one full parse of the file
  keyP95: 0.5,
  crossMs: 50, // at 2,000 apps
  rssMiB: 250, // after 10,000 apps
  startupMs: 150,
  vsixMiB: 1.5,
};

export const results = {
  tool: 'kube-label-lint bench',
  mode: QUICK ? 'quick' : ONLY ? `only ${[...ONLY].join(',')}` : 'full',
  machine: machine(),
  inputs: {},
  measures: {},
  todo: [],
};
export const log = (...a) => console.error('[bench]', ...a);
export function fmtMs(x) {
  return x == null ? '—' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 1 : 0)} ms`;
}

/** The generated inputs, by size (200, 2000, 10000) and `single`; filled by run.mjs. */
export const inputs = {};
export const haveCli = existsSync(CLI) && existsSync(CLI_OUT);
export const haveServer = existsSync(SERVER);
