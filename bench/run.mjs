#!/usr/bin/env node
// kube-label-lint benchmark (issue "Benchmark"). See docs/benchmarks.md for what is measured and why.
//
//   node bench/run.mjs            full run: writes bench/results.json and the table in docs/benchmarks.md
//   node bench/run.mjs --quick    a first look: smaller sizes, fewer runs; writes bench/work/results-quick.json only
//
// Options: --only cli,keystroke,yamlls,crossfile,memory,startup,vsix   run a subset (results are
//          then written to bench/work/results-partial.json unless --write)
//          --write      also write bench/results.json + docs/benchmarks.md (default for a full run)
//          --verbose    echo the servers' stderr and log messages
// Environment: KLL_BENCH_SERVER=path/to/server.js benchmarks another build of the server.
//
// Inputs are generated with ../shared/tools/gen-workspace.mjs (fixed seeds) into bench/work/
// (git-ignored) and reused while the generator and its arguments are unchanged.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { LspServer, diagCode, fileUri } from './lsp.mjs';
import { cpuAccounting, installCleanup, machine, percentile, procCpuMs, round, runTimed, sleep, summary } from './util.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, '..');
const WORK = join(BENCH, 'work');
const GENERATOR = resolve(ROOT, '..', 'shared', 'tools', 'gen-workspace.mjs');
const CLI = join(ROOT, 'bin', 'kube-label-lint.js');
const CLI_OUT = join(ROOT, 'out', 'cli', 'src', 'main.js');
const SERVER = process.env.KLL_BENCH_SERVER ? resolve(process.env.KLL_BENCH_SERVER) : join(ROOT, 'server', 'out', 'server.js');
const YAMLLS = join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
const SCHEMA = join(BENCH, 'k8s-schema.json');
const CPU_USAGE = join(BENCH, 'cpu-usage.cjs');
const DOC = join(ROOT, 'docs', 'benchmarks.md');

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const VERBOSE = argv.includes('--verbose');
const onlyArg = argv.find((a) => a.startsWith('--only'));
const ONLY = onlyArg
  ? new Set((onlyArg.includes('=') ? onlyArg.split('=')[1] : argv[argv.indexOf(onlyArg) + 1] ?? '').split(',').filter(Boolean))
  : null;
const WRITE = argv.includes('--write') || (!QUICK && !ONLY);
const wants = (m) => !ONLY || ONLY.has(m);

// --- plan -------------------------------------------------------------------------------------
const SIZES = [
  { apps: 200, seed: 1, runs: QUICK ? 2 : 5 },
  { apps: 2000, seed: 2, runs: QUICK ? 2 : 5 },
  ...(QUICK ? [] : [{ apps: 10000, seed: 3, runs: 3 }]),
];
const SINGLE = { apps: 77, seed: 4 }; // 5,027 lines in one file
const KEYSTROKES = QUICK ? 20 : 50;
const TYPING_GAP_MS = 50; // pause after each edit's diagnostics before the next keystroke
const CROSS_RUNS = QUICK ? 2 : 5;
const STARTUP_RUNS = QUICK ? 2 : 5;
const GOALS = {
  cliRatio: 1.0, // CLI wall ≤ 1.0 × parse floor at 2,000 and 10,000 apps
  keyP50: 0.2, // keystroke p50 ≤ 0.2 × one full parse of the file
  keyP95: 0.5,
  crossMs: 50, // at 2,000 apps
  rssMiB: 250, // after 10,000 apps
  startupMs: 150,
  vsixMiB: 1.5,
};

const results = {
  tool: 'kube-label-lint bench',
  mode: QUICK ? 'quick' : ONLY ? `only ${[...ONLY].join(',')}` : 'full',
  machine: machine(),
  inputs: {},
  measures: {},
  todo: [],
};
const log = (...a) => console.error('[bench]', ...a);
function fmtMs(x) {
  return x == null ? '—' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 1 : 0)} ms`;
}

installCleanup();
mkdirSync(WORK, { recursive: true });
// A busy machine inflates every number: how much CPU did other processes use during the run?
const cpuAtStart = cpuAccounting();

// --- inputs -----------------------------------------------------------------------------------
function generate(name, args) {
  const out = join(WORK, name);
  const stampFile = join(out, '.bench-stamp.json');
  const st = statSync(GENERATOR);
  const stamp = JSON.stringify({ args, generator: { size: st.size, mtime: st.mtimeMs } });
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return out;
  log(`generating ${name}: gen-workspace.mjs ${args.join(' ')}`);
  rmSync(out, { recursive: true, force: true });
  return runTimed(process.execPath, [GENERATOR, out, ...args], { cwd: ROOT, timeoutMs: 180_000, keepStdout: false })
    .then((r) => {
      if (r.code !== 0) throw new Error(`gen-workspace failed for ${name}: ${r.stderr}`);
      writeFileSync(stampFile, stamp);
      return out;
    });
}

async function input(name, args) {
  const dir = await generate(name, args);
  const expected = JSON.parse(readFileSync(join(dir, 'EXPECTED.json'), 'utf8'));
  let files = 0;
  let lines = 0;
  let bytes = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.yaml') && e.name !== 'label-taxonomy.yaml') {
        const t = readFileSync(join(d, e.name), 'utf8');
        files++;
        bytes += t.length;
        lines += t.split('\n').length - 1;
      }
    }
  };
  walk(dir);
  const info = { dir: relative(ROOT, dir), args: args.join(' '), files, lines, chars: bytes, expectedFindings: expected.expected.length };
  results.inputs[name] = info;
  return { dir, expected, info };
}

const inputs = {};
for (const s of SIZES) inputs[s.apps] = await input(`apps-${s.apps}`, ['--apps', String(s.apps), '--seed', String(s.seed)]);
inputs.single = await input('single-5k', ['--apps', String(SINGLE.apps), '--seed', String(SINGLE.seed), '--single-file']);

const haveCli = existsSync(CLI) && existsSync(CLI_OUT);
const haveServer = existsSync(SERVER);
if (!haveCli) results.todo.push('CLI not built (out/cli/src/main.js missing): run `npm run build`, then re-run the benchmark.');
if (!haveServer) results.todo.push('Language server not built (server/out/server.js missing): run `npm run build`, then re-run the benchmark.');

// --- 1. CLI vs parse floor ----------------------------------------------------------------------
async function benchCli() {
  const out = [];
  for (const s of SIZES) {
    const { dir, expected } = inputs[s.apps];
    const rel = relative(ROOT, dir);
    const timeoutMs = s.apps >= 10000 ? 300_000 : 120_000;
    const cli = [];
    const floor = [];
    const cliCpu = [];
    const floorCpu = [];
    let findings = null;
    let cliError = null;
    log(`CLI vs parse floor at ${s.apps} apps, ${s.runs} runs each`);
    for (let i = 0; i < s.runs; i++) {
      const f = await runTimed(process.execPath, ['-r', CPU_USAGE, join(BENCH, 'parse-floor.mjs'), rel, '--json'], { cwd: ROOT, timeoutMs });
      if (f.code !== 0) throw new Error(`parse floor failed: ${f.stderr}`);
      floor.push(f.ms);
      if (f.cpuMs != null) floorCpu.push(f.cpuMs);
      if (!haveCli || cliError) continue;
      const r = await runTimed(process.execPath, ['-r', CPU_USAGE, CLI, rel, '--format', 'json'], { cwd: ROOT, timeoutMs });
      if (r.timedOut || (r.code !== 0 && r.code !== 1)) {
        cliError = r.timedOut ? `timed out after ${timeoutMs} ms` : `exit code ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`;
        log(`CLI failed at ${s.apps} apps: ${cliError}`);
        continue;
      }
      cli.push(r.ms);
      if (r.cpuMs != null) cliCpu.push(r.cpuMs);
      if (findings == null) {
        try {
          const arr = JSON.parse(r.stdout);
          const byRule = {};
          for (const x of arr) byRule[x.ruleId] = (byRule[x.ruleId] ?? 0) + 1;
          findings = { total: arr.length, byRule };
        } catch (e) {
          findings = { error: `output is not JSON: ${e.message}` };
        }
      }
      log(`  run ${i + 1}: floor ${f.ms.toFixed(0)} ms (CPU ${f.cpuMs?.toFixed(0)} ms), CLI ${r.ms.toFixed(0)} ms (CPU ${r.cpuMs?.toFixed(0)} ms)`);
    }
    const fs = summary(floor);
    const cs = summary(cli);
    const ratio = cs ? cs.median / fs.median : null;
    const fc = summary(floorCpu);
    const cc = summary(cliCpu);
    out.push({
      apps: s.apps,
      parseFloorMs: fs,
      cliMs: cs,
      ratio: round(ratio, 2),
      parseFloorCpuMs: fc,
      cliCpuMs: cc,
      cpuRatio: cc && fc ? round(cc.median / fc.median, 2) : null,
      goal: s.apps >= 2000 ? GOALS.cliRatio : null,
      met: s.apps >= 2000 && ratio != null ? ratio <= GOALS.cliRatio : null,
      findings,
      expectedInjected: expected.expected.length,
      error: cliError ?? (haveCli ? null : 'CLI not built'),
    });
    if (findings && !findings.error && findings.total === 0) {
      log(`WARNING: the CLI reported no findings at ${s.apps} apps although ${expected.expected.length} were injected (files ignored? .gitignore?)`);
    }
  }
  results.measures.cli = out;
}

// --- LSP servers --------------------------------------------------------------------------------
// Our server gets the default settings (an empty kubeLabelLint section); anything else: null.
const ourConfig = (section) => {
  if (!section) return { kubeLabelLint: {} };
  return section === 'kubeLabelLint' ? {} : null;
};
const yamlSettings = {
  yaml: {
    validate: true,
    hover: true,
    completion: true,
    schemas: { [fileUri(SCHEMA)]: '*.yaml' },
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
  },
};
const yamllsConfig = (section) => {
  if (section === 'yaml') return yamlSettings.yaml;
  if (section === 'http') return { proxy: '', proxyStrictSSL: false };
  if (section === '[yaml]') return {};
  if (section === 'editor') return { detectIndentation: true, tabSize: 2 };
  return null;
};

const SERVERS = {
  ours: { name: 'kube-label-lint', args: [SERVER, '--stdio'], configuration: ourConfig },
  yamlls: { name: 'yaml-language-server', args: [YAMLLS, '--stdio'], configuration: yamllsConfig },
};

async function startServer(which, { timeoutMs = 600_000 } = {}) {
  const def = SERVERS[which];
  return LspServer.start({
    name: def.name,
    command: process.execPath,
    args: def.args,
    cwd: ROOT,
    timeoutMs,
    configuration: def.configuration,
    verbose: VERBOSE,
  });
}

/** initialize + initialized (+ configuration push for yaml-language-server). */
async function initServer(s, which, folder) {
  await s.initialize(folder);
  if (which === 'yamlls') {
    // yaml-language-server pulls its settings on didChangeConfiguration; VS Code sends one at start.
    let configured = false;
    const origin = s.configuration;
    s.configuration = (section, scope) => {
      if (section === 'yaml') configured = true;
      return origin(section, scope);
    };
    await s.notify('workspace/didChangeConfiguration', { settings: null });
    const t0 = performance.now();
    while (!configured && performance.now() - t0 < 10_000) await sleep(5);
    if (!configured) await s.notify('workspace/didChangeConfiguration', { settings: yamlSettings });
    // Diagnostics computed before the settings were applied are superseded: the keystroke
    // measure waits for the server to go quiet after the first diagnostics.
  }
}

/** Waits until the server is done with its initial work for an open document. */
async function settle(s) {
  if (s.progressBegun) await s.waitFor(() => [...s.progress.values()].every((e) => !e.begin || e.end), { timeoutMs: 120_000, what: 'progress end' });
  await s.waitQuiet(300, { timeoutMs: 120_000 });
}

// --- 2./3. keystroke latency ----------------------------------------------------------------------
/** A label value in the Deployment document nearest the middle of the file (metadata `tier:`). */
function keystrokeTarget(text) {
  const lines = text.split('\n');
  const mid = lines.length >> 1;
  for (let d = 0; d < lines.length; d++) {
    for (const i of [mid + d, mid - d]) {
      if (i < 0 || i >= lines.length) continue;
      if (/^ {4}tier: [a-z]+$/.test(lines[i])) return { line: i, character: lines[i].length, lineText: lines[i] };
    }
  }
  throw new Error('no `    tier:` label line in the single-file workspace');
}

/**
 * One in-process parseAllDocuments of the text: 5 warm-ups, then `runs` timed, wall and CPU time
 * (process.cpuUsage: this thread's process, which does nothing else meanwhile).
 */
function parseSamples(text, runs = 10, cpu = []) {
  const parse = () => parseAllDocuments(text, { merge: true, prettyErrors: false, uniqueKeys: true });
  for (let i = 0; i < 5; i++) parse();
  const warm = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    parse();
    warm.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  return warm;
}

async function keystrokes(which) {
  const { dir } = inputs.single;
  const file = join(dir, 'all.yaml');
  const uri = fileUri(file);
  const text = readFileSync(file, 'utf8');
  const target = keystrokeTarget(text);
  const res = { server: SERVERS[which].name, file: relative(ROOT, file), lines: text.split('\n').length - 1, edit: `typing at the end of line ${target.line + 1} \`${target.lineText.trim()}\``, edits: KEYSTROKES };
  const s = await startServer(which);
  try {
    await initServer(s, which, dir);
    const tOpen = performance.now();
    await s.open(uri, text, 1);
    const first = await s.waitForDiagnostics(uri, { after: tOpen, timeoutMs: 120_000 });
    res.openToFirstDiagnosticsMs = round(first.t - tOpen);
    await settle(s);
    const initial = s.lastDiagnostics(uri) ?? [];
    res.initialDiagnostics = initial.length;
    res.sampleDiagnostics = initial.slice(0, 5).map((d) => `${d.range.start.line + 1}: ${diagCode(d) || d.source || ''} ${d.message}`.slice(0, 160));
    res.sendsVersion = first.version != null;
    const lat = [];
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const cpu0 = procCpuMs(s.pid);
    for (let i = 0; i < KEYSTROKES; i++) {
      const version = i + 2;
      const pos = { line: target.line, character: target.character + i };
      const t0 = performance.now();
      await s.change(uri, version, [{ range: { start: pos, end: pos }, text: letters[i % 26] }]);
      const e = await s.waitForDiagnostics(uri, { after: t0, version, timeoutMs: 15_000 });
      lat.push(e.t - t0);
      if (e.version != null) res.sendsVersion = true;
      await sleep(TYPING_GAP_MS);
    }
    const cpu1 = procCpuMs(s.pid);
    res.latencyMs = summary(lat);
    if (cpu0 != null && cpu1 != null) res.serverCpuPerKeystrokeMs = round((cpu1 - cpu0) / KEYSTROKES);
    res.finalDiagnostics = s.lastDiagnostics(uri)?.length ?? 0;
    res.rssAfterKiB = s.memory()?.rssKiB ?? null;
  } catch (e) {
    res.error = e.message;
    log(`${SERVERS[which].name} keystrokes: ${e.message}`);
  } finally {
    await s.stop();
  }
  return res;
}

async function benchKeystrokes() {
  const text = readFileSync(join(inputs.single.dir, 'all.yaml'), 'utf8');
  // The reference parse is timed around each server session (the machine's load may drift).
  const t0 = performance.now();
  parseAllDocuments(text, { merge: true, prettyErrors: false, uniqueKeys: true });
  const coldMs = round(performance.now() - t0);
  const cpuSamples = [];
  const samples = parseSamples(text, 10, cpuSamples);
  const fileParse = { file: relative(ROOT, join(inputs.single.dir, 'all.yaml')), coldMs, warm: null, cpu: null };
  results.measures.fileParse = fileParse;
  let ref;
  const updateRef = () => {
    fileParse.warm = summary(samples);
    fileParse.cpu = summary(cpuSamples);
    ref = fileParse.warm.median;
  };
  updateRef();
  const sessions = [];
  if (wants('keystroke')) {
    if (haveServer) {
      log(`keystroke latency, ${SERVERS.ours.name}: ${KEYSTROKES} edits`);
      results.measures.keystrokeOurs = await keystrokes('ours');
      sessions.push(results.measures.keystrokeOurs);
      samples.push(...parseSamples(text, 10, cpuSamples));
    } else results.measures.keystrokeOurs = { error: 'server not built' };
  }
  if (wants('yamlls')) {
    log(`keystroke latency, yaml-language-server: ${KEYSTROKES} edits`);
    const k = await keystrokes('yamlls');
    k.note = 'yaml-language-server 1.25.0 validates 200 ms after the last change (validationDelayMs, not configurable)';
    results.measures.keystrokeYamlls = k;
    sessions.push(k);
    samples.push(...parseSamples(text, 10, cpuSamples));
  }
  updateRef();
  for (const k of sessions) {
    if (!k.latencyMs) continue;
    k.p50 = k.latencyMs.median;
    k.p95 = percentile(k.latencyMs.values, 95);
    k.p50Ratio = round(k.p50 / ref, 2);
    k.p95Ratio = round(k.p95 / ref, 2);
    if (k.serverCpuPerKeystrokeMs != null) k.cpuRatio = round(k.serverCpuPerKeystrokeMs / fileParse.cpu.median, 2);
  }
  const ours = results.measures.keystrokeOurs;
  if (ours?.latencyMs) {
    ours.goal = { p50: GOALS.keyP50, p95: GOALS.keyP95 };
    ours.met = ours.p50Ratio <= GOALS.keyP50 && ours.p95Ratio <= GOALS.keyP95;
  }
  const y = results.measures.keystrokeYamlls;
  if (y?.latencyMs) y.minusDebounce = { p50: round(y.p50 - 200), p95: round(y.p95 - 200) };
}

// --- 4. cross-file update + 5. memory -------------------------------------------------------------
/** Clean app files (no injected finding) with their Service selector line and pod template label line. */
function crossFileCandidates(dir, expected) {
  const dirty = new Set(expected.expected.map((e) => e.file));
  const cands = [];
  for (const ns of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    const policiesPath = join(dir, ns, 'policies.yaml');
    const policies = existsSync(policiesPath) ? readFileSync(policiesPath, 'utf8') : '';
    if (dirty.has(`${ns}/policies.yaml`)) continue;
    for (const f of readdirSync(join(dir, ns)).sort()) {
      if (f === 'namespace.yaml' || f === 'policies.yaml' || dirty.has(`${ns}/${f}`)) continue;
      const text = readFileSync(join(dir, ns, f), 'utf8');
      const lines = text.split('\n');
      const name = f.replace(/\.yaml$/, '');
      const svc = lines.findIndex((l) => l === 'kind: Service');
      const sel = lines.findIndex((l, i) => i > svc && l === `    app.kubernetes.io/name: ${name}` && lines[i - 1] === '  selector:');
      const pod = lines.findIndex((l, i) => i < svc && l === `        app.kubernetes.io/name: ${name}`);
      const hasPolicy = policies.includes(`  name: allow-${name}\n`);
      if (svc > 0 && sel > 0) cands.push({ ns, name, path: join(dir, ns, f), text, selectorLine: sel, podLabelLine: pod, policiesPath: hasPolicy ? policiesPath : null });
    }
  }
  return cands;
}

const spread = (xs, n) => Array.from({ length: Math.min(n, xs.length) }, (_, i) => xs[Math.floor(((i + 0.5) * xs.length) / n)]);

/** Starts our server on a workspace and waits for the scan. Returns { s, scan }. */
async function indexWorkspace(dir, timeoutMs) {
  const s = await startServer('ours', { timeoutMs: timeoutMs + 120_000 });
  await initServer(s, 'ours', dir);
  const tInit = performance.now();
  const idx = await s.waitForIndexing({ timeoutMs, progressGraceMs: 5_000, quietMs: 500 });
  await sleep(500);
  const mem = s.memory();
  return {
    s,
    scan: {
      detectedBy: idx.by === 'progress' ? 'work-done progress end' : 'diagnostics quiet for 1.5 s (no progress reported)',
      scanMs: round(idx.doneAt - tInit),
      spawnToScanDoneMs: round(idx.doneAt - s.spawnTime),
      filesWithDiagnostics: idx.uris,
      publishes: idx.publishes,
      rssMiB: mem ? round(mem.rssKiB / 1024) : null,
      peakRssMiB: mem ? round(mem.hwmKiB / 1024) : null,
    },
  };
}

const DANGLING = (d) => d.some((x) => diagCode(x) === 'service-selector-dangling');
const countCode = (d, code) => (d ?? []).filter((x) => diagCode(x) === code).length;

async function holdDocs(dir) {
  const r = await runTimed(process.execPath, [join(BENCH, 'hold-docs.mjs'), relative(ROOT, dir)], { cwd: ROOT, timeoutMs: 300_000 });
  if (r.code !== 0) throw new Error(`hold-docs failed: ${r.stderr}`);
  const j = JSON.parse(r.stdout);
  return { rssMiB: round(j.rssKiB / 1024), heapUsedMiB: round(j.heapUsedKiB / 1024), files: j.files, documents: j.documents };
}

async function benchCrossFileAndMemory2k() {
  const { dir, expected } = inputs[2000];
  const res = { apps: 2000 };
  results.measures.crossFile = res;
  log('cross-file update at 2,000 apps: indexing');
  let s;
  try {
    const r = await indexWorkspace(dir, 300_000);
    s = r.s;
    res.scan = r.scan;
    results.measures.memory ??= [];
    results.measures.memory.push({ apps: 2000, server: r.scan, holdDocs: await holdDocs(dir) });
    log(`  scan done in ${r.scan.scanMs} ms (${r.scan.detectedBy}), RSS ${r.scan.rssMiB} MiB`);
    if (!wants('crossfile')) return;
    const cands = crossFileCandidates(dir, expected);
    // 4a. one Service's selector in its own file -> service-selector-dangling
    const same = [];
    const firstPublish = [];
    res.services = [];
    for (const c of spread(cands, CROSS_RUNS)) {
      const uri = fileUri(c.path);
      const tOpen = performance.now();
      await s.open(uri, c.text, 1);
      await s.waitForDiagnostics(uri, { after: tOpen, timeoutMs: 30_000 });
      await s.waitQuiet(200);
      const lineLen = c.text.split('\n')[c.selectorLine].length;
      const pos = { line: c.selectorLine, character: lineLen };
      const t0 = performance.now();
      await s.change(uri, 2, [{ range: { start: pos, end: pos }, text: '-bench' }]);
      const fp = await s.waitForDiagnostics(uri, { after: t0, version: 2, timeoutMs: 15_000 });
      firstPublish.push(fp.t - t0);
      res.services.push(`${c.ns}/${c.name}`);
      try {
        const e = await s.waitForDiagnostics(uri, { after: t0, version: 2, predicate: DANGLING, timeoutMs: 10_000 });
        same.push(e.t - t0);
      } catch {
        const codes = [...new Set((s.lastDiagnostics(uri) ?? []).map(diagCode))].join(', ') || 'none';
        res.error = `no service-selector-dangling in the diagnostics of ${c.ns}/${c.name}.yaml within 10 s of the selector edit (its v2 diagnostics came ${fmtMs(fp.t - t0)} after the edit, codes: ${codes})`;
        log(`  ${res.error}`);
        await s.close(uri);
        break;
      }
      // revert, wait until the finding is gone, close
      const t1 = performance.now();
      await s.change(uri, 3, [{ range: { start: pos, end: { line: pos.line, character: lineLen + 6 } }, text: '' }]);
      await s.waitForDiagnostics(uri, { after: t1, version: 3, predicate: (d) => !DANGLING(d), timeoutMs: 15_000 });
      await s.close(uri);
      await s.waitQuiet(300);
    }
    res.serviceSelectorMs = summary(same);
    res.firstPublishMs = summary(firstPublish);
    res.goal = GOALS.crossMs;
    res.met = res.serviceSelectorMs ? res.serviceSelectorMs.median <= GOALS.crossMs : null;
    log(`  service selector -> dangling: median ${res.serviceSelectorMs?.median} ms`);

    // 4b. truly cross-file: a workload's pod label in its file -> policy-selector-dangling in policies.yaml
    const other = [];
    res.otherFile = { change: 'pod template label app.kubernetes.io/name of a workload', finding: 'policy-selector-dangling in the namespace policies.yaml', workloads: [] };
    for (const c of spread(cands.filter((x) => x.policiesPath && x.podLabelLine > 0), CROSS_RUNS)) {
      const uri = fileUri(c.path);
      const puri = fileUri(c.policiesPath);
      const base = countCode(s.lastDiagnostics(puri), 'policy-selector-dangling');
      const tOpen = performance.now();
      await s.open(uri, c.text, 1);
      await s.waitForDiagnostics(uri, { after: tOpen, timeoutMs: 30_000 });
      await s.waitQuiet(200);
      const lineLen = c.text.split('\n')[c.podLabelLine].length;
      const pos = { line: c.podLabelLine, character: lineLen };
      const t0 = performance.now();
      await s.change(uri, 2, [{ range: { start: pos, end: pos }, text: '-bench' }]);
      try {
        const e = await s.waitForDiagnostics(puri, { after: t0, predicate: (d) => countCode(d, 'policy-selector-dangling') > base, timeoutMs: 10_000 });
        other.push(e.t - t0);
        res.otherFile.workloads.push(`${c.ns}/${c.name}`);
      } catch (err) {
        res.otherFile.error = `no policy-selector-dangling published for ${relative(dir, c.policiesPath)} within 10 s of the change`;
        log(`  ${res.otherFile.error}`);
      }
      const t1 = performance.now();
      await s.change(uri, 3, [{ range: { start: pos, end: { line: pos.line, character: lineLen + 6 } }, text: '' }]);
      await s.waitForDiagnostics(uri, { after: t1, version: 3, timeoutMs: 15_000 }).catch(() => {});
      await s.close(uri);
      await s.waitQuiet(300).catch(() => {});
      if (res.otherFile.error) break;
    }
    res.otherFile.ms = summary(other);
  } catch (e) {
    res.error = e.message;
    log(`cross-file: ${e.message}`);
  } finally {
    await s?.stop();
  }
}

async function benchMemory10k() {
  const dir = inputs[10000]?.dir;
  if (!dir) return;
  const entry = { apps: 10000 };
  results.measures.memory ??= [];
  results.measures.memory.push(entry);
  log('memory at 10,000 apps: indexing');
  let s;
  try {
    const r = await indexWorkspace(dir, 480_000);
    s = r.s;
    entry.server = r.scan;
    entry.goal = GOALS.rssMiB;
    entry.met = r.scan.rssMiB != null ? r.scan.rssMiB <= GOALS.rssMiB : null;
    log(`  scan done in ${r.scan.scanMs} ms, RSS ${r.scan.rssMiB} MiB`);
  } catch (e) {
    entry.error = e.message;
    log(`memory 10k: ${e.message}`);
  } finally {
    await s?.stop();
  }
  entry.holdDocs = await holdDocs(dir);
}

// --- 6. start-up -------------------------------------------------------------------------------
async function startup(which, { withFolder = true } = {}) {
  const { dir, expected } = inputs[200];
  const dirty = expected.expected.find((e) => /\/[a-z]+-[a-z]+-\d+\.yaml$/.test(e.file));
  const file = join(dir, dirty ? dirty.file : 'ns-0/namespace.yaml');
  const uri = fileUri(file);
  const text = readFileSync(file, 'utf8');
  const times = [];
  const init = [];
  let error = null;
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const s = await startServer(which, { timeoutMs: 60_000 });
    try {
      const tSpawn = s.spawnTime;
      await initServer(s, which, withFolder ? dir : null);
      init.push(performance.now() - tSpawn);
      await s.open(uri, text, 1);
      const e = await s.waitForDiagnostics(uri, { timeoutMs: 30_000 });
      times.push(e.t - tSpawn);
    } catch (e) {
      error = e.message;
      log(`start-up ${SERVERS[which].name}: ${e.message}`);
      break;
    } finally {
      await s.stop();
    }
  }
  return { server: SERVERS[which].name, file: relative(ROOT, file), workspace: withFolder ? relative(ROOT, dir) : null, spawnToFirstDiagnosticsMs: summary(times), spawnToInitializedMs: summary(init), error };
}

async function benchStartup() {
  if (haveServer) {
    log('start-up, kube-label-lint');
    const r = await startup('ours');
    r.goal = GOALS.startupMs;
    r.met = r.spawnToFirstDiagnosticsMs ? r.spawnToFirstDiagnosticsMs.median <= GOALS.startupMs : null;
    results.measures.startupOurs = r;
    log('start-up, kube-label-lint, no workspace folder');
    results.measures.startupOursNoFolder = await startup('ours', { withFolder: false });
  } else results.measures.startupOurs = { error: 'server not built' };
  log('start-up, yaml-language-server');
  results.measures.startupYamlls = await startup('yamlls');
}

// --- 7. vsix -----------------------------------------------------------------------------------
function benchVsix() {
  const vsix = readdirSync(ROOT).filter((f) => f.endsWith('.vsix'));
  if (!vsix.length) {
    results.measures.vsix = { error: 'no .vsix at the repository root (package one with `npx vsce package`)' };
    return;
  }
  const newest = vsix.map((f) => ({ f, st: statSync(join(ROOT, f)) })).sort((a, b) => b.st.mtimeMs - a.st.mtimeMs)[0];
  const mib = newest.st.size / 2 ** 20;
  results.measures.vsix = { file: newest.f, bytes: newest.st.size, mib: round(mib, 2), goal: GOALS.vsixMiB, met: mib <= GOALS.vsixMiB };
}

// --- run ---------------------------------------------------------------------------------------
const tStart = performance.now();
const step = async (name, fn) => {
  const t = performance.now();
  try {
    await fn();
  } catch (e) {
    log(`${name} failed: ${e.stack ?? e}`);
    results.measures[`${name}Error`] = String(e.message ?? e);
  }
  log(`${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
};
if (wants('cli')) await step('cli', benchCli);
if (wants('keystroke') || wants('yamlls')) await step('keystroke', benchKeystrokes);
if (haveServer && (wants('crossfile') || wants('memory'))) await step('crossfile', benchCrossFileAndMemory2k);
if (haveServer && wants('memory')) await step('memory', benchMemory10k);
if (!haveServer && wants('memory')) {
  results.measures.memory = [];
  for (const apps of [2000, 10000]) if (inputs[apps]) results.measures.memory.push({ apps, error: 'server not built', holdDocs: await holdDocs(inputs[apps].dir) });
}
if (wants('startup')) await step('startup', benchStartup);
if (wants('vsix')) benchVsix();
results.totalSeconds = round((performance.now() - tStart) / 1000);
{
  // Live children are stopped by now, so the reaped children's times are complete.
  const end = cpuAccounting();
  results.otherProcessesCores =
    cpuAtStart && end ? round((end.systemBusyMs - cpuAtStart.systemBusyMs - (end.mineMs - cpuAtStart.mineMs)) / (end.wallMs - cpuAtStart.wallMs), 2) : null;
}

// --- report ------------------------------------------------------------------------------------
const fmtN = (n) => n.toLocaleString('en-US');
const status = (met, err) => (err ? 'n/a' : met === true ? 'met' : met === false ? '**not met**' : '—');
const notes = [];
/** `n/a [k]`, with the reason as note k under the table. */
const na = (reason) => {
  let k = notes.indexOf(reason);
  if (k < 0) k = notes.push(reason) - 1;
  return `n/a [${k + 1}]`;
};

function rows() {
  const R = [];
  const row = (measure, st, o = {}) =>
    R.push({ measure, n: st?.n ?? '', min: st?.min, median: st?.median, p95: st?.n >= 20 ? st.p95 : undefined, max: st?.max, unit: o.unit ?? 'ms', vs: o.vs ?? '', ratio: o.ratio ?? '', goal: o.goal ?? '', status: o.status ?? '—', note: o.note });
  for (const c of results.measures.cli ?? []) {
    const inp = results.inputs[`apps-${c.apps}`];
    const what = `${fmtN(c.apps)} apps (${fmtN(inp.files)} files, ${fmtN(inp.lines)} lines)`;
    row(`CLI \`--format json\`, ${what}`, c.cliMs, {
      vs: `parse floor ${fmtMs(c.parseFloorMs.median)}`,
      ratio: c.ratio != null ? `${c.ratio.toFixed(2)}×` : '',
      goal: c.goal != null ? `≤ ${c.goal.toFixed(1)}× floor` : '',
      status: c.error ? na(`CLI at ${fmtN(c.apps)} apps: ${c.error}`) : status(c.met),
    });
    row(`parse floor, ${fmtN(c.apps)} apps`, c.parseFloorMs, {});
    if (c.cliCpuMs && c.parseFloorCpuMs)
      row(`CLI CPU time (user + system), ${fmtN(c.apps)} apps`, c.cliCpuMs, {
        vs: `parse floor CPU ${fmtMs(c.parseFloorCpuMs.median)}`,
        ratio: `${c.cpuRatio.toFixed(2)}×`,
        goal: '(load-robust companion)',
      });
  }
  const fp = results.measures.fileParse;
  for (const [key, label] of [['keystrokeOurs', 'kube-label-lint'], ['keystrokeYamlls', 'yaml-language-server']]) {
    const k = results.measures[key];
    if (!k) continue;
    const lines = results.inputs['single-5k'].lines;
    if (k.error && !k.latencyMs) {
      row(`Keystroke → diagnostics, ${label} (${fmtN(lines)}-line file)`, null, { status: na(`${label} keystrokes: ${k.error}`) });
      continue;
    }
    row(`Keystroke → diagnostics, ${label} (${fmtN(lines)}-line file, ${k.latencyMs.n} edits)`, k.latencyMs, {
      vs: `one full parse ${fmtMs(fp.warm.median)}`,
      ratio: `p50 ${k.p50Ratio}×, p95 ${k.p95Ratio}×`,
      goal: key === 'keystrokeOurs' ? `p50 ≤ ${GOALS.keyP50}×, p95 ≤ ${GOALS.keyP95}×` : '(comparison)',
      status: key === 'keystrokeOurs' ? status(k.met) : k.minusDebounce ? `p50 ${fmtMs(k.minusDebounce.p50)} after its 200 ms debounce` : '—',
    });
    if (k.serverCpuPerKeystrokeMs != null) {
      const v = k.serverCpuPerKeystrokeMs;
      row(`Server CPU time per keystroke, ${label} (mean)`, { n: k.latencyMs.n, min: undefined, median: v, max: undefined }, {
        vs: `one full parse ${fmtMs(fp.cpu.median)} CPU`,
        ratio: `${k.cpuRatio}×`,
        goal: '(load-robust companion)',
      });
    }
  }
  const x = results.measures.crossFile;
  if (x && (x.serviceSelectorMs || x.error || x.firstPublishMs)) {
    row('Cross-file update, 2,000 apps: Service selector edited → `service-selector-dangling`', x.serviceSelectorMs, {
      goal: `≤ ${GOALS.crossMs} ms`,
      status: x.serviceSelectorMs ? status(x.met) : na(`cross-file: ${x.error}`),
    });
    if (x.firstPublishMs)
      row('Cross-file, 2,000 apps: Service selector edited → the file\'s next diagnostics (any)', x.firstPublishMs, { goal: '(extra)' });
    if (x.otherFile?.ms || x.otherFile?.error)
      row('Cross-file, 2,000 apps: pod label edited → `policy-selector-dangling` in policies.yaml', x.otherFile.ms, { goal: '(extra)', status: x.otherFile.error ? na(`cross-file, other file: ${x.otherFile.error}`) : '—' });
  }
  for (const m of results.measures.memory ?? []) {
    const one = (v) => (v == null ? null : { n: 1, min: v, median: v, max: v });
    row(`Server RSS after indexing ${fmtN(m.apps)} apps`, one(m.server?.rssMiB), {
      unit: 'MiB',
      vs: m.holdDocs ? `hold-docs ${m.holdDocs.rssMiB} MiB` : '',
      ratio: m.server?.rssMiB && m.holdDocs ? `${(m.server.rssMiB / m.holdDocs.rssMiB).toFixed(2)}×` : '',
      goal: m.apps === 10000 ? `≤ ${GOALS.rssMiB} MiB` : '',
      status: m.error ? na(`memory at ${fmtN(m.apps)} apps: ${m.error}`) : m.apps === 10000 ? status(m.met) : '—',
    });
    if (m.server?.scanMs != null) row(`Workspace scan (initialized → progress end), ${fmtN(m.apps)} apps`, one(m.server.scanMs), { goal: '(extra)' });
  }
  for (const [key, label] of [['startupOurs', 'kube-label-lint'], ['startupOursNoFolder', 'kube-label-lint'], ['startupYamlls', 'yaml-language-server']]) {
    const st = results.measures[key];
    if (!st) continue;
    row(`Start-up, ${label}: spawn → first diagnostics of an open file (${st.workspace === null ? 'no workspace folder' : '200-app workspace'})`, st.spawnToFirstDiagnosticsMs, {
      goal: key === 'startupOurs' ? `≤ ${GOALS.startupMs} ms` : key === 'startupOursNoFolder' ? '(extra)' : '(comparison)',
      status: st.error && !st.spawnToFirstDiagnosticsMs ? na(`start-up ${label}: ${st.error}`) : key === 'startupOurs' ? status(st.met) : '—',
    });
  }
  const v = results.measures.vsix;
  if (v) {
    const one = v.mib != null ? { n: 1, min: v.mib, median: v.mib, max: v.mib } : null;
    row(`.vsix size${v.file ? ` (${v.file})` : ''}`, one, { unit: 'MiB', goal: `≤ ${GOALS.vsixMiB} MiB`, status: v.error ? na(v.error) : status(v.met) });
  }
  return R;
}

const fmtVal = (x, unit) => (x == null ? '—' : unit === 'ms' ? fmtMs(x) : `${x} ${unit}`);
function table(R, md) {
  const head = ['Measure', 'n', 'min', 'median', 'p95', 'max', 'compared with', 'ratio', 'goal', 'status'];
  const body = R.map((r) => [r.measure, String(r.n), fmtVal(r.min, r.unit), fmtVal(r.median, r.unit), r.p95 == null ? '' : fmtVal(r.p95, r.unit), fmtVal(r.max, r.unit), r.vs, r.ratio, r.goal, r.status]);
  if (md) {
    const esc = (s) => s.replace(/\|/g, '\\|');
    return [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 || i >= 6 ? '---' : '--:')).join('|')}|`, ...body.map((b) => `| ${b.map(esc).join(' | ')} |`)].join('\n');
  }
  const plain = body.map((b) => b.map((c) => c.replace(/\*\*/g, '').replace(/`/g, '')));
  const hp = head;
  const w = hp.map((h, i) => Math.max(h.length, ...plain.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 || i >= 6 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [line(hp), w.map((x) => '-'.repeat(x)).join('  '), ...plain.map(line)].join('\n');
}

function infoNotes() {
  const out = notes.map((n, i) => `[${i + 1}] ${n}`);
  const cores = results.machine.cores;
  const others = results.otherProcessesCores;
  if (others != null && others > 0.25)
    out.unshift(`**Busy machine:** other processes kept ${others} of the ${cores} cores busy on average while this ran: absolute times are inflated, the ratios less so (the CPU-time rows least). Re-run on an idle machine for reference numbers.`);
  const M = results.measures;
  for (const c of M.cli ?? []) {
    if (c.findings?.total != null)
      out.push(`CLI at ${fmtN(c.apps)} apps reported ${fmtN(c.findings.total)} findings (${Object.entries(c.findings.byRule).map(([r, n]) => `${r} ${n}`).join(', ')}); the generator injected ${fmtN(c.expectedInjected)} violations.`);
  }
  if (M.fileParse) out.push(`One parseAllDocuments of the ${fmtN(results.inputs['single-5k'].lines)}-line file: ${fmtMs(M.fileParse.warm.median)} warm (median of ${M.fileParse.warm.n}, timed before and after each server session; min ${fmtMs(M.fileParse.warm.min)}; CPU time ${fmtMs(M.fileParse.cpu.median)}), ${fmtMs(M.fileParse.coldMs)} cold.`);
  for (const k of [M.keystrokeOurs, M.keystrokeYamlls]) {
    if (!k?.latencyMs) continue;
    out.push(`${k.server}: ${k.edit}; ${k.sendsVersion ? 'publishes carry the document version' : 'no version in publishes: first publish after the edit'}; diagnostics on the file ${k.initialDiagnostics} before, ${k.finalDiagnostics} after; open → first diagnostics ${fmtMs(k.openToFirstDiagnosticsMs)}.${k.note ? ` ${k.note}.` : ''}`);
  }
  const x = M.crossFile;
  if (x?.scan) out.push(`Scan of 2,000 apps done (${x.scan.detectedBy}) ${fmtMs(x.scan.scanMs)} after initialized; ${fmtN(x.scan.filesWithDiagnostics)} files got diagnostics; peak RSS ${x.scan.peakRssMiB} MiB.${x.services ? ` Services edited: ${x.services.join(', ')}; first publish after the edit: median ${fmtMs(x.firstPublishMs?.median)}.` : ''}`);
  for (const m of M.memory ?? []) if (m.apps === 10000 && m.server) out.push(`Scan of 10,000 apps done (${m.server.detectedBy}) ${fmtMs(m.server.scanMs)} after initialized; peak RSS ${m.server.peakRssMiB} MiB.`);
  return out;
}

const R = rows();
const N = infoNotes();
results.table = R;
results.notes = N;
console.log();
console.log(table(R, false));
console.log();
for (const n of N) console.log(`- ${n}`);
console.log();
if (results.todo.length) console.log(`TODO:\n${results.todo.map((t) => `- ${t}`).join('\n')}\n`);

const resultsPath = WRITE ? join(BENCH, 'results.json') : join(WORK, QUICK ? 'results-quick.json' : 'results-partial.json');
writeFileSync(resultsPath, JSON.stringify(results, null, 1) + '\n');
log(`wrote ${relative(ROOT, resultsPath)} (${results.totalSeconds} s in all)`);

if (WRITE) {
  const m = results.machine;
  const block = [
    '<!-- bench:results:start (generated by `npm run bench`; do not edit by hand) -->',
    `Run of ${m.date.slice(0, 10)} (${results.mode}, ${results.totalSeconds} s): ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, Node ${m.node}, ${m.platform}; other processes used ${results.otherProcessesCores ?? '?'} cores on average during the run.`,
    '',
    table(R, true),
    '',
    ...N.map((n) => `- ${n}`),
    '',
    ...(results.todo.length ? ['**TODO:**', '', ...results.todo.map((t) => `- ${t}`), ''] : []),
    'Raw numbers (every run) are in [`bench/results.json`](../bench/results.json).',
    '<!-- bench:results:end -->',
  ].join('\n');
  let doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '# Benchmarks\n\n';
  const re = /<!-- bench:results:start[\s\S]*?<!-- bench:results:end -->/;
  doc = re.test(doc) ? doc.replace(re, block) : `${doc.trimEnd()}\n\n## Results\n\n${block}\n`;
  writeFileSync(DOC, doc);
  log(`wrote ${relative(ROOT, DOC)}`);
}
process.exit(0);
