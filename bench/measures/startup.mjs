// Measures 6 and 7: server start-up to first diagnostics, and the size of the .vsix.
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileUri } from '../lsp.mjs';
import { round, runTimed, sleep, summary } from '../util.mjs';
import { ROOT, WORK, STARTUP_RUNS, GOALS, results, log, inputs, haveServer, CODE_CACHE_DIR } from '../config.mjs';
import { SERVERS, startServer, initServer, settle } from '../servers.mjs';

// --- 6. start-up -------------------------------------------------------------------------------
export async function startup(which, { withFolder = true, runs = STARTUP_RUNS, untilScanEnd = false } = {}) {
  const { dir, expected } = inputs[200];
  const dirty = expected.expected.find((e) => /\/[a-z]+-[a-z]+-\d+\.yaml$/.test(e.file));
  const file = join(dir, dirty ? dirty.file : 'ns-0/namespace.yaml');
  const uri = fileUri(file);
  const text = readFileSync(file, 'utf8');
  const times = [];
  const init = [];
  let error = null;
  for (let i = 0; i < runs; i++) {
    const s = await startServer(which, { timeoutMs: 60_000 });
    try {
      const tSpawn = s.spawnTime;
      await initServer(s, which, withFolder ? dir : null);
      init.push(performance.now() - tSpawn);
      await s.open(uri, text, 1);
      const e = await s.waitForDiagnostics(uri, { timeoutMs: 30_000 });
      times.push(e.t - tSpawn);
      if (untilScanEnd) await settle(s);
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

/**
 * Our server's first start, as after installing or updating the extension: no code cache. It
 * runs until its scan is done, when the server saves the cache the later starts use.
 */
async function firstStartWithoutCodeCache() {
  rmSync(CODE_CACHE_DIR, { recursive: true, force: true });
  const r = await startup('ours', { runs: 1, untilScanEnd: true });
  // The server writes the cache asynchronously after its scan (it has stopped by now; allow for a slow disk).
  const t0 = performance.now();
  const caches = () => (existsSync(CODE_CACHE_DIR) ? readdirSync(CODE_CACHE_DIR).filter((f) => f.endsWith('.cache')) : []);
  while (caches().length === 0 && performance.now() - t0 < 5_000) await sleep(50);
  const [cache] = caches();
  r.codeCache = cache ? { file: relative(ROOT, join(CODE_CACHE_DIR, cache)), bytes: statSync(join(CODE_CACHE_DIR, cache)).size } : null;
  if (!cache) log('start-up: the server saved no code cache; the later starts compile everything');
  return r;
}

export async function benchStartup() {
  if (haveServer) {
    log('start-up, kube-label-lint, first start (no code cache)');
    results.measures.startupOursFirst = await firstStartWithoutCodeCache();
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
/** Packages the extension now (a .vsix left from an older build would lie) and reports its size. */
export async function benchVsix() {
  const out = join(WORK, 'kube-label-lint.vsix');
  const r = await runTimed(process.execPath, [join(ROOT, 'scripts', 'package-vsix.mjs'), '--out', out, '--no-unpack'], { cwd: ROOT, timeoutMs: 300_000 });
  if (r.code !== 0) {
    results.measures.vsix = { error: `packaging failed: ${r.stderr.trim().split('\n').pop()}` };
    return;
  }
  const bytes = statSync(out).size;
  const mib = bytes / 2 ** 20;
  results.measures.vsix = { file: relative(ROOT, out), bytes, mib: round(mib, 2), goal: GOALS.vsixMiB, met: mib <= GOALS.vsixMiB };
}
