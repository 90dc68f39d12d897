#!/usr/bin/env node
'use strict';
// Run an extensionTestsPath suite (index.js exporting run()) inside a real VS Code:
// npm code-server + Debian Chromium via playwright-core. No VS Code download needed.
//
//   node test/e2e/run-code-server.js --extension <extDir> --tests <tests index.js> --workspace <fixture dir>
//        [--timeout 300] [--env KEY=VALUE]... [--settings file.json] [--keep] [--no-keep-failed] [--verbose]
//
// The run dir (a fresh mkdtemp under $TMPDIR) is deleted after a pass and kept after a failure
// (--keep: always kept; --no-keep-failed: deleted after a failure too).
//
// Exit code: the suite's (0 passed, 1 failed or failed to load), 2 harness error, 3 timeout,
// 130/143 interrupted.

const fs = require('fs');
const path = require('path');
const { startCodeServer, makeRunDir, saveWorkbenchLogs, log } = require('./codeServer');

const USAGE = `usage: node run-code-server.js --extension <extDir> --tests <tests index.js> --workspace <fixture dir>
       [--timeout <seconds, default 300>] [--env KEY=VALUE]... [--settings <settings.json>]
       [--keep] [--no-keep-failed] [--verbose]`;

function parseArgs(argv) {
  const o = { timeout: 300, env: {}, keep: false, keepFailed: true, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case '--extension': o.extension = val(); break;
      case '--tests': o.tests = val(); break;
      case '--workspace': o.workspace = val(); break;
      case '--timeout': o.timeout = Number(val()); break;
      case '--settings': o.settings = val(); break;
      case '--env': {
        const kv = val();
        const eq = kv.indexOf('=');
        if (eq <= 0) throw new Error(`--env expects KEY=VALUE, got ${kv}`);
        o.env[kv.slice(0, eq)] = kv.slice(eq + 1);
        break;
      }
      case '--keep': o.keep = true; break;
      case '--no-keep-failed': o.keepFailed = false; break;
      case '--verbose': o.verbose = true; break;
      case '-h': case '--help': console.log(USAGE); process.exit(0); break;
      default: throw new Error(`unknown argument: ${a}`);
    }
  }
  if (!o.extension || !o.tests || !o.workspace) throw new Error('--extension, --tests and --workspace are required');
  if (!(o.timeout > 0)) throw new Error('--timeout must be a positive number of seconds');
  o.extension = path.resolve(o.extension);
  o.tests = path.resolve(o.tests);
  o.workspace = path.resolve(o.workspace);
  if (fs.existsSync(o.tests) && fs.statSync(o.tests).isDirectory()) o.tests = path.join(o.tests, 'index.js');
  if (!fs.existsSync(path.join(o.extension, 'package.json'))) throw new Error(`no package.json in --extension ${o.extension}`);
  const main = JSON.parse(fs.readFileSync(path.join(o.extension, 'package.json'), 'utf8')).main;
  if (main && !fs.existsSync(path.resolve(o.extension, main)) && !fs.existsSync(path.resolve(o.extension, main + '.js'))) {
    throw new Error(`extension "main" ${main} does not exist under ${o.extension} (build it first)`);
  }
  if (!fs.existsSync(o.tests)) throw new Error(`--tests ${o.tests} does not exist (build it first)`);
  if (!fs.existsSync(o.workspace) || !fs.statSync(o.workspace).isDirectory()) throw new Error(`--workspace ${o.workspace} is not a directory`);
  if (o.settings) o.settings = JSON.parse(fs.readFileSync(path.resolve(o.settings), 'utf8'));
  return o;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`run-code-server: ${e.message}\n${USAGE}`);
    return 2;
  }
  const t0 = Date.now();
  let run = null;
  let outcome = null; // { code, logs, reason }
  let settle;
  const done = new Promise((r) => { settle = r; });
  const finish = (o) => { if (!outcome) { outcome = o; settle(); } };

  const onSignal = (sig) => finish({ code: sig === 'SIGINT' ? 130 : 143, reason: `interrupted by ${sig}` });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const dirs = makeRunDir();
  // Results file: a suite may write {"passed":N,"failed":N} there (see README).
  const resultsFile = path.join(dirs.root, 'results.json');
  try {
    run = await startCodeServer({
      dirs,
      extensionDir: opts.extension,
      workspace: opts.workspace,
      settings: opts.settings,
      verbose: opts.verbose,
      env: {
        KLL_E2E_RESULTS: resultsFile,
        KLL_E2E_MOCHA: path.dirname(require.resolve('mocha/package.json')),
        ...opts.env,
      },
    });
  } catch (e) {
    console.error(`run-code-server: ${e.message}; run dir kept: ${dirs.root}`);
    return 2;
  }
  log(`code-server up on ${run.host}:${run.port} in ${run.startMs} ms (run dir ${run.dirs.root})`);

  const timer = setTimeout(() => finish({ code: 3, reason: `timed out after ${opts.timeout} s (no codeAutomationExit)` }), opts.timeout * 1000);
  if (!outcome) try {
    const { page, browser } = await run.openPage({
      url: run.url({ extensionTestsPath: opts.tests }),
      onLog: (_level, text) => process.stdout.write(text + '\n'),
      onExit: (code, logs) => finish({ code: typeof code === 'number' ? code : 1, logs, reason: 'codeAutomationExit' }),
    });
    page.on('crash', () => finish({ code: 2, reason: 'the workbench page crashed' }));
    browser.on('disconnected', () => finish({ code: 2, reason: 'Chromium disconnected' }));
    log(`workbench opened after ${Date.now() - t0} ms; waiting for the suite (timeout ${opts.timeout} s)`);
  } catch (e) {
    finish({ code: 2, reason: `could not open the workbench: ${e.message}` });
  }
  await done;
  clearTimeout(timer);

  let code = outcome.code;
  // Cross-check with the suite's own counts when it wrote them.
  let summary = null;
  if (fs.existsSync(resultsFile)) {
    try { summary = JSON.parse(fs.readFileSync(resultsFile, 'utf8')); } catch { /* ignore */ }
  }
  if (summary && outcome.reason === 'codeAutomationExit') {
    const passed = Number(summary.passed) || 0;
    const failed = Number(summary.failed) || 0;
    if (code === 0 && failed > 0) code = 1;
    if (code === 0 && passed + failed === 0) {
      console.error('run-code-server: the suite ran no test');
      code = 1;
    }
  }

  if (code !== 0) {
    let n = 0;
    if (outcome.logs) n = saveWorkbenchLogs(outcome.logs, path.join(run.dirs.logs, 'workbench'));
    if (!opts.keepFailed && !opts.keep) log(`FAILED (${outcome.reason}, exit ${code}); logs discarded (--no-keep-failed)`);
    else log(`FAILED (${outcome.reason}, exit ${code}). Logs: ${run.dirs.logs}` +
      (n ? ` (${n} workbench log files under workbench/)` : '') +
      `; server-side logs: ${path.join(run.dirs.userData, 'logs')}`);
  }
  await run.stop();
  if (!opts.keep && (code === 0 || !opts.keepFailed)) {
    fs.rmSync(run.dirs.root, { recursive: true, force: true });
  } else {
    log(`run dir kept: ${run.dirs.root}`);
  }
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (summary) {
    console.log(`e2e (code-server): ${Number(summary.passed) || 0} passed, ${Number(summary.failed) || 0} failed`);
  }
  log(`${code === 0 ? 'PASSED' : 'FAILED'} in ${secs} s (exit ${code})`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error('run-code-server: internal error:', e && e.stack ? e.stack : e);
    process.exit(2);
  },
);
