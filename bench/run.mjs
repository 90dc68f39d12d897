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
import { join, relative } from 'node:path';
import { cpuAccounting, installCleanup, round, runTimed } from './util.mjs';
import { ROOT, WORK, GENERATOR, wants, SIZES, SINGLE, results, log, inputs, haveCli, haveServer } from './config.mjs';
import { benchCli } from './measures/cli.mjs';
import { benchKeystrokes } from './measures/keystroke.mjs';
import { holdDocs, benchCrossFileAndMemory2k, benchMemory10k } from './measures/crossfile.mjs';
import { benchStartup, benchVsix } from './measures/startup.mjs';
import { report } from './report.mjs';

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

for (const s of SIZES) inputs[s.apps] = await input(`apps-${s.apps}`, ['--apps', String(s.apps), '--seed', String(s.seed)]);
inputs.single = await input('single-5k', ['--apps', String(SINGLE.apps), '--seed', String(SINGLE.seed), '--single-file']);

if (!haveCli) results.todo.push('CLI not built (cli/out/main.js missing): run `npm run build`, then re-run the benchmark.');
if (!haveServer) results.todo.push('Language server not built (server/out/server.js missing): run `npm run build`, then re-run the benchmark.');

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
if (wants('vsix')) await step('vsix', benchVsix);
results.totalSeconds = round((performance.now() - tStart) / 1000);
{
  // Live children are stopped by now, so the reaped children's times are complete.
  const end = cpuAccounting();
  results.otherProcessesCores =
    cpuAtStart && end ? round((end.systemBusyMs - cpuAtStart.systemBusyMs - (end.mineMs - cpuAtStart.mineMs)) / (end.wallMs - cpuAtStart.wallMs), 2) : null;
}


report();
process.exit(0);
