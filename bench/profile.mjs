#!/usr/bin/env node
// Where does the time go? Runs one target under `node --cpu-prof` and prints the top self-time
// functions and the time per area (yaml package, engine, CLI, Node internals, GC).
//
//   node bench/profile.mjs cli [APPS]        the CLI on bench/work/apps-APPS (default 2000) --format json
//   node bench/profile.mjs floor [APPS]      the parse floor on the same folder
//   node bench/profile.mjs server [APPS]     the language server indexing bench/work/apps-APPS
//   node bench/profile.mjs keystroke         the language server: open single-5k/all.yaml, 50 keystrokes
//   node bench/profile.mjs crossfile [APPS]  the language server: index apps-APPS, 5 Service selector edits
//                                            (these two summarise only the samples between an edit and its diagnostics)
//   node bench/profile.mjs FILE.cpuprofile   summarise an existing profile
//
// Needs the inputs of `npm run bench` (bench/work/); profiles are written to bench/work/prof/.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { SourceMap } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LspServer, fileUri } from './lsp.mjs';
import { installCleanup, runTimed, sleep } from './util.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, '..');
const PROF = join(BENCH, 'work', 'prof');
const [mode = 'cli', arg] = process.argv.slice(2);
installCleanup();
mkdirSync(PROF, { recursive: true });

const newestProfile = (after) =>
  readdirSync(PROF)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => ({ f: join(PROF, f), t: statSync(join(PROF, f)).mtimeMs }))
    .filter((x) => x.t >= after)
    .sort((a, b) => b.t - a.t)[0]?.f;

function area(url) {
  if (!url) return '(native / V8)';
  if (url.startsWith('node:')) return 'Node.js internals';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return `node_modules/${m[1]}`;
  const rel = url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '');
  const m2 = /^(out\/)?([a-z]+\/src\/[a-zA-Z]+)/.exec(rel);
  if (m2) return m2[2];
  return rel.split('/').slice(0, 2).join('/');
}

// Bundles (server/out/server.js) are mapped back to their sources through their .map files.
const sourceMaps = new Map();
function original(url, line, column) {
  if (!url || !url.startsWith('file://')) return null;
  if (!sourceMaps.has(url)) {
    let sm = null;
    try {
      const mapFile = `${fileURLToPath(url)}.map`;
      if (existsSync(mapFile)) sm = new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')));
    } catch {
      sm = null;
    }
    sourceMaps.set(url, sm);
  }
  const sm = sourceMaps.get(url);
  if (!sm) return null;
  const e = sm.findEntry(line, column);
  if (!e?.originalSource) return null;
  const src = e.originalSource.startsWith('file://') ? fileURLToPath(e.originalSource) : resolve(dirname(fileURLToPath(url)), e.originalSource);
  return { url: pathToFileURL(src).href, line: e.originalLine };
}

function summarise(file, top = 25, windows = null) {
  const p = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let ts = p.startTime;
  const inside = (t) => !windows || windows.some(([a, b]) => t >= a && t <= b);
  for (let i = 0; i < p.samples.length; i++) {
    ts += p.timeDeltas[i];
    if (!inside(ts)) continue;
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + dt);
  }
  if (windows) console.log(`(only the samples between each edit and its diagnostics: ${windows.length} windows, ${(windows.reduce((a, [x, y]) => a + y - x, 0) / 1000).toFixed(0)} ms)`);
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fns = new Map();
  const areas = new Map();
  for (const [id, ms] of self) {
    const n = byId.get(id);
    const cf = { ...n.callFrame };
    const o = original(cf.url, cf.lineNumber, cf.columnNumber);
    if (o) {
      cf.url = o.url;
      cf.lineNumber = o.line;
    }
    const url = cf.url;
    const key = `${cf.functionName || '(anonymous)'}  ${url ? `${url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '')}:${cf.lineNumber + 1}` : ''}`;
    fns.set(key, (fns.get(key) ?? 0) + ms);
    const a = ['(garbage collector)', '(program)', '(idle)', '(root)'].includes(cf.functionName) ? cf.functionName : area(url);
    areas.set(a, (areas.get(a) ?? 0) + ms);
  }
  const pct = (ms) => `${((100 * ms) / total).toFixed(1).padStart(5)}%`;
  console.log(`\n${relative(ROOT, file)}: ${total.toFixed(0)} ms sampled\n\nSelf time by area:`);
  for (const [a, ms] of [...areas].sort((x, y) => y[1] - x[1]).slice(0, 15)) console.log(`  ${pct(ms)}  ${ms.toFixed(0).padStart(6)} ms  ${a}`);
  console.log(`\nTop ${top} functions by self time:`);
  for (const [k, ms] of [...fns].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`  ${pct(ms)}  ${ms.toFixed(0).padStart(6)} ms  ${k}`);
}

/** Monotonic clock in µs, the clock of .cpuprofile timestamps (both CLOCK_MONOTONIC on Linux). */
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/**
 * Runs the server under --cpu-prof on `folder`; `phase(s)` drives it after initialize. Returns
 * { prof, windows }: when the phase returns time windows ([fromUs, toUs]: from an edit to its
 * diagnostics), only the samples inside them are summarised.
 */
async function serverProfile(folder, phase) {
  const t = Date.now();
  const s = await LspServer.start({
    name: 'kube-label-lint',
    command: process.execPath,
    args: ['--cpu-prof', `--cpu-prof-dir=${PROF}`, join(ROOT, 'server', 'out', 'server.js'), '--stdio'],
    cwd: ROOT,
    timeoutMs: 600_000,
    configuration: (section) => (section === 'kubeLabelLint' ? {} : null),
  });
  let windows = null;
  try {
    await s.initialize(folder);
    windows = (await phase(s)) ?? null;
  } finally {
    await s.stop(10_000);
  }
  return { prof: newestProfile(t), windows };
}

/** Open `file`, then 50 keystrokes in the `tier:` label value nearest the middle. */
async function typing(s, file) {
  const uri = fileUri(file);
  const text = readFileSync(file, 'utf8');
  await s.open(uri, text, 1);
  await s.waitForDiagnostics(uri, { timeoutMs: 60_000 });
  await s.waitQuiet(300);
  const lines = text.split('\n');
  const line = lines.findIndex((l, i) => i > lines.length / 2 && /^ {4}tier: [a-z]+$/.test(l));
  const windows = [];
  const lat = [];
  for (let i = 0; i < 50; i++) {
    const pos = { line, character: lines[line].length + i };
    const t0 = performance.now();
    const us0 = nowUs();
    await s.change(uri, i + 2, [{ range: { start: pos, end: pos }, text: 'x' }]);
    const e = await s.waitForDiagnostics(uri, { after: t0, version: i + 2, timeoutMs: 15_000 });
    lat.push(e.t - t0);
    windows.push([us0, us0 + (e.t - t0) * 1000]);
    await sleep(50);
  }
  lat.sort((a, b) => a - b);
  console.log(`keystroke → diagnostics under the profiler: p50 ${lat[25].toFixed(0)} ms, max ${lat[49].toFixed(0)} ms`);
  return windows;
}

/** After the scan: 5 Service selector edits (as run.mjs does), each reverted. */
async function selectorEdits(s, dir) {
  const windows = [];
  const idx = await s.waitForIndexing({ timeoutMs: 480_000 });
  console.log(`indexed (${idx.by}) ${(idx.doneAt - s.spawnTime).toFixed(0)} ms after spawn`);
  const files = [];
  for (const ns of readdirSync(dir).filter((d) => d.startsWith('ns-')).sort().slice(0, 5)) {
    const f = readdirSync(join(dir, ns)).find((x) => x !== 'namespace.yaml' && x !== 'policies.yaml');
    files.push(join(dir, ns, f));
  }
  for (const file of files) {
    const uri = fileUri(file);
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    const line = lines.findIndex((l, i) => lines[i - 1] === '  selector:' && l.startsWith('    app.kubernetes.io/name: '));
    await s.open(uri, text, 1);
    await s.waitForDiagnostics(uri, { timeoutMs: 30_000 });
    await s.waitQuiet(200);
    const pos = { line, character: lines[line].length };
    const t0 = performance.now();
    const us0 = nowUs();
    await s.change(uri, 2, [{ range: { start: pos, end: pos }, text: '-bench' }]);
    const e = await s.waitForDiagnostics(uri, { after: t0, version: 2, timeoutMs: 15_000 });
    windows.push([us0, us0 + (e.t - t0) * 1000]);
    console.log(`  ${relative(dir, file)}: diagnostics ${(e.t - t0).toFixed(0)} ms after the edit`);
    await s.waitQuiet(300);
    await s.change(uri, 3, [{ range: { start: pos, end: { line, character: pos.character + 6 } }, text: '' }]);
    await s.waitForDiagnostics(uri, { version: 3, timeoutMs: 15_000 });
    await s.close(uri);
    await s.waitQuiet(300);
  }
  return windows;
}

let prof;
let windows = null;
if (mode.endsWith('.cpuprofile')) prof = mode;
else if (mode === 'cli' || mode === 'floor') {
  const dir = join('bench', 'work', `apps-${arg ?? 2000}`);
  if (!existsSync(join(ROOT, dir))) throw new Error(`${dir} missing: run npm run bench (or bench:quick) first`);
  const t = Date.now();
  const target = mode === 'cli' ? [join(ROOT, 'bin', 'kube-label-lint.js'), dir, '--format', 'json'] : [join(BENCH, 'parse-floor.mjs'), dir];
  const r = await runTimed(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${PROF}`, ...target], { cwd: ROOT, timeoutMs: 600_000, keepStdout: false });
  console.log(`${mode} on ${dir}: ${r.ms.toFixed(0)} ms wall, exit ${r.code}`);
  prof = newestProfile(t);
} else if (mode === 'server') {
  ({ prof } = await serverProfile(join(BENCH, 'work', `apps-${arg ?? 2000}`), async (s) => {
    const idx = await s.waitForIndexing({ timeoutMs: 480_000 });
    console.log(`indexed (${idx.by}) ${(idx.doneAt - s.spawnTime).toFixed(0)} ms after spawn`);
  }));
} else if (mode === 'keystroke') {
  const dir = join(BENCH, 'work', 'single-5k');
  ({ prof, windows } = await serverProfile(dir, (s) => typing(s, join(dir, 'all.yaml'))));
} else if (mode === 'crossfile') {
  const dir = join(BENCH, 'work', `apps-${arg ?? 2000}`);
  ({ prof, windows } = await serverProfile(dir, (s) => selectorEdits(s, dir)));
} else {
  console.error('usage: profile.mjs cli|floor|server|crossfile [APPS] | keystroke | FILE.cpuprofile');
  process.exit(2);
}
if (!prof) throw new Error('no .cpuprofile was written (did the process exit cleanly?)');
// The windows next to the profile, for other summaries of the same samples.
if (windows) writeFileSync(`${prof}.windows.json`, JSON.stringify(windows));
summarise(prof, 25, windows);
process.exit(0);
