// Measures 6 and 7: server start-up to first diagnostics, and the size of the .vsix.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileUri } from '../lsp.mjs';
import { round, summary } from '../util.mjs';
import { ROOT, STARTUP_RUNS, GOALS, results, log, inputs, haveServer } from '../config.mjs';
import { SERVERS, startServer, initServer } from '../servers.mjs';

// --- 6. start-up -------------------------------------------------------------------------------
export async function startup(which, { withFolder = true } = {}) {
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

export async function benchStartup() {
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
export function benchVsix() {
  const vsix = readdirSync(ROOT).filter((f) => f.endsWith('.vsix'));
  if (!vsix.length) {
    results.measures.vsix = { error: 'no .vsix at the repository root (package one with `npx vsce package`)' };
    return;
  }
  const newest = vsix.map((f) => ({ f, st: statSync(join(ROOT, f)) })).sort((a, b) => b.st.mtimeMs - a.st.mtimeMs)[0];
  const mib = newest.st.size / 2 ** 20;
  results.measures.vsix = { file: newest.f, bytes: newest.st.size, mib: round(mib, 2), goal: GOALS.vsixMiB, met: mib <= GOALS.vsixMiB };
}
