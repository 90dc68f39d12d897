// Measures 2 and 3: keystroke latency of our server and of yaml-language-server in the
// 5,000-line file, next to one full parse of it.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { diagCode, fileUri } from '../lsp.mjs';
import { percentile, procCpuMs, round, sleep, summary } from '../util.mjs';
import { ROOT, wants, KEYSTROKES, TYPING_GAP_MS, GOALS, results, log, inputs, haveServer } from '../config.mjs';
import { SERVERS, startServer, initServer, settle } from '../servers.mjs';

// --- 2./3. keystroke latency ----------------------------------------------------------------------
/** A label value in the Deployment document nearest the middle of the file (metadata `tier:`). */
export function keystrokeTarget(text) {
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
export function parseSamples(text, runs = 10, cpu = []) {
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

export async function keystrokes(which) {
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

export async function benchKeystrokes() {
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
