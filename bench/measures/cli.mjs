// Measure 1: the CLI on whole workspaces against the parse floor.
import { join, relative } from 'node:path';
import { round, runTimed, summary } from '../util.mjs';
import { BENCH, ROOT, CLI, CPU_USAGE, SIZES, GOALS, results, log, inputs, haveCli } from '../config.mjs';

// --- 1. CLI vs parse floor ----------------------------------------------------------------------
export async function benchCli() {
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
