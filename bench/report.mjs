// The closing table (stdout), bench/results.json, and the table in docs/benchmarks.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BENCH, ROOT, WORK, DOC, QUICK, WRITE, GOALS, results, log, fmtMs } from './config.mjs';

export function report() {
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
    const cc = results.measures.cliCorpus;
    if (cc) {
      row(`CLI \`--format json\`, corpus of real manifests (${fmtN(cc.yamlFiles)} *.yaml files, ${fmtN(cc.lines)} lines)`, cc.cliMs, {
        vs: `parse floor ${fmtMs(cc.parseFloorMs.median)}`,
        ratio: cc.ratio != null ? `${cc.ratio.toFixed(2)}×` : '',
        goal: '(extra)',
        status: cc.error ? na(`CLI on the corpus: ${cc.error}`) : '—',
      });
      if (cc.cliCpuMs && cc.parseFloorCpuMs)
        row('CLI CPU time (user + system), corpus', cc.cliCpuMs, { vs: `parse floor CPU ${fmtMs(cc.parseFloorCpuMs.median)}`, ratio: `${cc.cpuRatio.toFixed(2)}×`, goal: '(extra)' });
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
    for (const [key, label] of [['startupOursFirst', 'kube-label-lint, first start (no code cache yet)'], ['startupOurs', 'kube-label-lint'], ['startupOursNoFolder', 'kube-label-lint'], ['startupYamlls', 'yaml-language-server']]) {
      const st = results.measures[key];
      if (!st) continue;
      row(`Start-up, ${label}: spawn → first diagnostics of an open file (${st.workspace === null ? 'no workspace folder' : '200-app workspace'})`, st.spawnToFirstDiagnosticsMs, {
        goal: key === 'startupOurs' ? `≤ ${GOALS.startupMs} ms` : key === 'startupYamlls' ? '(comparison)' : '(extra)',
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
    if (M.cliCorpus?.findings?.total != null)
      out.push(`CLI on the corpus (\`${M.cliCorpus.dir}\`, real public manifests, default taxonomy) reported ${fmtN(M.cliCorpus.findings.total)} findings; the parse floor reads its *.yaml files only, the CLI its *.yml files too.`);
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
}
