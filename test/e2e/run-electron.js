#!/usr/bin/env node
'use strict';
// The same extensionTestsPath suite through @vscode/test-electron (desktop VS Code), for machines
// that can download VS Code or that have one (--vscode <path> or $KLL_E2E_VSCODE_EXECUTABLE).
//
//   node test/e2e/run-electron.js --extension <extDir> --tests <tests index.js> --workspace <fixture dir>
//        [--env KEY=VALUE]... [--vscode <executable>] [--version stable|1.100.3]
//
// Linux without a display needs Xvfb: xvfb-run -a node test/e2e/run-electron.js ...
// Exit code: the suite's (0/1), 2 when VS Code cannot be downloaded or started.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { runTests, downloadAndUnzipVSCode } = require('@vscode/test-electron');

function parseArgs(argv) {
  const o = { env: {}, version: process.env.KLL_E2E_VSCODE_VERSION || 'stable', vscode: process.env.KLL_E2E_VSCODE_EXECUTABLE };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) throw new Error(`${a} needs a value`); return argv[++i]; };
    if (a === '--extension') o.extension = path.resolve(val());
    else if (a === '--tests') o.tests = path.resolve(val());
    else if (a === '--workspace') o.workspace = path.resolve(val());
    else if (a === '--vscode') o.vscode = path.resolve(val());
    else if (a === '--version') o.version = val();
    else if (a === '--env') { const kv = val(); const eq = kv.indexOf('='); if (eq <= 0) throw new Error(`bad --env ${kv}`); o.env[kv.slice(0, eq)] = kv.slice(eq + 1); }
    else throw new Error(`unknown argument: ${a}`);
  }
  if (!o.extension || !o.tests || !o.workspace) throw new Error('--extension, --tests and --workspace are required');
  return o;
}

async function main() {
  let o;
  try { o = parseArgs(process.argv.slice(2)); } catch (e) {
    console.error(`run-electron: ${e.message}`);
    return 2;
  }
  const t0 = Date.now();
  const cachePath = path.join(__dirname, '.vscode-test');

  let vscodeExecutablePath = o.vscode;
  if (!vscodeExecutablePath) {
    try {
      // Download (or reuse the cached copy) up front, with a short timeout, so an offline machine
      // fails in seconds with a clear message instead of inside runTests' retries.
      vscodeExecutablePath = await downloadAndUnzipVSCode({ version: o.version, cachePath, timeout: 15000 });
    } catch (e) {
      console.error(`run-electron: could not download VS Code (${o.version}) into ${cachePath}: ${e && e.message ? e.message : e}\n` +
        'run-electron: this machine cannot reach update.code.visualstudio.com. Use the code-server runner instead:\n' +
        '  node test/e2e/run-code-server.js --extension <extDir> --tests <tests index.js> --workspace <fixture dir>\n' +
        'or point --vscode / $KLL_E2E_VSCODE_EXECUTABLE at an installed VS Code.');
      return 2;
    }
  }

  // Fresh copy of the workspace, user-data and extensions dirs per run.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-e2e-electron-'));
  const workspaceCopy = path.join(root, 'ws', path.basename(o.workspace));
  fs.cpSync(o.workspace, workspaceCopy, { recursive: true });
  const resultsFile = path.join(root, 'results.json');
  let code;
  try {
    code = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: o.extension,
      extensionTestsPath: o.tests,
      launchArgs: [
        workspaceCopy,
        '--disable-extensions',
        '--user-data-dir', path.join(root, 'user-data'),
        '--extensions-dir', path.join(root, 'extensions'),
      ],
      extensionTestsEnv: {
        KLL_E2E: '1',
        KLL_E2E_HOST: 'electron',
        KLL_E2E_RUN_DIR: root,
        KLL_E2E_WORKSPACE: workspaceCopy,
        KLL_E2E_RESULTS: resultsFile,
        KLL_E2E_MOCHA: path.dirname(require.resolve('mocha/package.json')),
        ...o.env,
      },
    });
  } catch (e) {
    console.error(`run-electron: VS Code failed to run the suite: ${e && e.message ? e.message : e}`);
    code = typeof e === 'number' ? e : 1;
  }
  if (fs.existsSync(resultsFile)) {
    try {
      const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
      console.log(`e2e (electron): ${r.passed || 0} passed, ${r.failed || 0} failed`);
      if (code === 0 && (r.passed || 0) + (r.failed || 0) === 0) { console.error('run-electron: the suite ran no test'); code = 1; }
    } catch { /* ignore */ }
  }
  if (code === 0) fs.rmSync(root, { recursive: true, force: true });
  else console.error(`run-electron: run dir kept: ${root}`);
  console.error(`run-electron: ${code === 0 ? 'PASSED' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s (exit ${code})`);
  return code;
}

main().then((c) => process.exit(c), (e) => { console.error('run-electron: internal error:', e); process.exit(2); });
