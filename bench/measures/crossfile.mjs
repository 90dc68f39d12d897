// Measures 4 and 5: cross-file update latency at 2,000 apps, and server memory after indexing
// 2,000 and 10,000 apps next to a process that merely holds the parsed documents.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { diagCode, fileUri } from '../lsp.mjs';
import { round, runTimed, sleep, summary } from '../util.mjs';
import { BENCH, ROOT, wants, CROSS_RUNS, GOALS, results, log, fmtMs, inputs } from '../config.mjs';
import { startServer, initServer } from '../servers.mjs';

// --- 4. cross-file update + 5. memory -------------------------------------------------------------
/** Clean app files (no injected finding) with their Service selector line and pod template label line. */
export function crossFileCandidates(dir, expected) {
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

export const spread = (xs, n) => Array.from({ length: Math.min(n, xs.length) }, (_, i) => xs[Math.floor(((i + 0.5) * xs.length) / n)]);

/** Starts our server on a workspace and waits for the scan. Returns { s, scan }. */
export async function indexWorkspace(dir, timeoutMs) {
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

export const DANGLING = (d) => d.some((x) => diagCode(x) === 'service-selector-dangling');
export const countCode = (d, code) => (d ?? []).filter((x) => diagCode(x) === code).length;

export async function holdDocs(dir) {
  const r = await runTimed(process.execPath, [join(BENCH, 'hold-docs.mjs'), relative(ROOT, dir)], { cwd: ROOT, timeoutMs: 300_000 });
  if (r.code !== 0) throw new Error(`hold-docs failed: ${r.stderr}`);
  const j = JSON.parse(r.stdout);
  return { rssMiB: round(j.rssKiB / 1024), heapUsedMiB: round(j.heapUsedKiB / 1024), files: j.files, documents: j.documents };
}

const TYPED = '-bench';

/**
 * Opens the candidate's file, waits until the server is quiet, then types TYPED at the end of
 * `line` (version 2). `t0` is when the edit was sent; `revert()` deletes it again (version 3) and
 * resolves with when that was sent.
 */
async function openAndType(s, c, line) {
  const uri = fileUri(c.path);
  const tOpen = performance.now();
  await s.open(uri, c.text, 1);
  await s.waitForDiagnostics(uri, { after: tOpen, timeoutMs: 30_000 });
  await s.waitQuiet(200);
  const end = { line, character: c.text.split('\n')[line].length };
  const t0 = performance.now();
  await s.change(uri, 2, [{ range: { start: end, end }, text: TYPED }]);
  const revert = async () => {
    const t1 = performance.now();
    await s.change(uri, 3, [{ range: { start: end, end: { line, character: end.character + TYPED.length } }, text: '' }]);
    return t1;
  };
  return { uri, t0, revert };
}

export async function benchCrossFileAndMemory2k() {
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
      const { uri, t0, revert } = await openAndType(s, c, c.selectorLine);
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
      const t1 = await revert();
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
      const puri = fileUri(c.policiesPath);
      const base = countCode(s.lastDiagnostics(puri), 'policy-selector-dangling');
      const { uri, t0, revert } = await openAndType(s, c, c.podLabelLine);
      try {
        const e = await s.waitForDiagnostics(puri, { after: t0, predicate: (d) => countCode(d, 'policy-selector-dangling') > base, timeoutMs: 10_000 });
        other.push(e.t - t0);
        res.otherFile.workloads.push(`${c.ns}/${c.name}`);
      } catch (err) {
        res.otherFile.error = `no policy-selector-dangling published for ${relative(dir, c.policiesPath)} within 10 s of the change`;
        log(`  ${res.otherFile.error}`);
      }
      const t1 = await revert();
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

export async function benchMemory10k() {
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
