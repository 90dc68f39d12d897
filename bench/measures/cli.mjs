// Measure 1: the CLI on whole workspaces against the parse floor.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { round, runTimed, summary } from '../util.mjs';
import { yamlFiles } from '../files.mjs';
import { BENCH, ROOT, CLI, CPU_USAGE, SIZES, GOALS, QUICK, results, log, inputs, haveCli } from '../config.mjs';

const CORPUS = process.env.KLL_CORPUS ? resolve(process.env.KLL_CORPUS) : resolve(ROOT, '..', 'shared', 'corpus');

// --- 1. CLI vs parse floor ----------------------------------------------------------------------
export async function benchCli() {
  const out = [];
  for (const s of SIZES) {
    const { dir, expected } = inputs[s.apps];
    const timeoutMs = s.apps >= 10000 ? 300_000 : 120_000;
    log(`CLI vs parse floor at ${s.apps} apps, ${s.runs} runs each`);
    const m = await cliAgainstFloor(dir, s.runs, timeoutMs, `${s.apps} apps`);
    out.push({
      apps: s.apps,
      ...m,
      goal: s.apps >= 2000 ? GOALS.cliRatio : null,
      met: s.apps >= 2000 && m.ratio != null ? m.ratio <= GOALS.cliRatio : null,
      expectedInjected: expected.expected.length,
    });
    if (m.findings && !m.findings.error && m.findings.total === 0) {
      log(`WARNING: the CLI reported no findings at ${s.apps} apps although ${expected.expected.length} were injected (files ignored? .gitignore?)`);
    }
  }
  results.measures.cli = out;
  // Real manifests (../shared/corpus), as an extra: what the generated workspaces do not show.
  if (existsSync(CORPUS)) {
    const runs = QUICK ? 2 : 5;
    log(`CLI vs parse floor on the corpus of real manifests, ${runs} runs each`);
    const files = yamlFiles(CORPUS);
    const lines = files.reduce((n, f) => n + readFileSync(f, 'utf8').split('\n').length - 1, 0);
    results.measures.cliCorpus = { dir: relative(ROOT, CORPUS), yamlFiles: files.length, lines, ...(await cliAgainstFloor(CORPUS, runs, 120_000, 'the corpus')) };
  }
}

/** The CLI and the parse floor on one folder, alternately, `runs` times each. */
async function cliAgainstFloor(dir, runs, timeoutMs, what) {
  const rel = relative(ROOT, dir);
  const cli = [];
  const floor = [];
  const cliCpu = [];
  const floorCpu = [];
  let findings = null;
  let cliError = null;
  for (let i = 0; i < runs; i++) {
    const f = await runTimed(process.execPath, ['-r', CPU_USAGE, join(BENCH, 'parse-floor.mjs'), rel, '--json'], { cwd: ROOT, timeoutMs });
    if (f.code !== 0) throw new Error(`parse floor failed: ${f.stderr}`);
    floor.push(f.ms);
    if (f.cpuMs != null) floorCpu.push(f.cpuMs);
    if (!haveCli || cliError) continue;
    const r = await runTimed(process.execPath, ['-r', CPU_USAGE, CLI, rel, '--format', 'json'], { cwd: ROOT, timeoutMs });
    if (r.timedOut || (r.code !== 0 && r.code !== 1)) {
      cliError = r.timedOut ? `timed out after ${timeoutMs} ms` : `exit code ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`;
      log(`CLI failed on ${what}: ${cliError}`);
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
  return {
    parseFloorMs: fs,
    cliMs: cs,
    ratio: round(ratio, 2),
    parseFloorCpuMs: fc,
    cliCpuMs: cc,
    cpuRatio: cc && fc ? round(cc.median / fc.median, 2) : null,
    findings,
    error: cliError ?? (haveCli ? null : 'CLI not built'),
  };
}
