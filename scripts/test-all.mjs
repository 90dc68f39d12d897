#!/usr/bin/env node
// The README's test command (after `npm run build`): the Node test suites (engine, CLI, language
// server over LSP, robustness, meta), then the end-to-end suite in a real VS Code (code-server +
// headless Chromium, against the packaged .vsix), then one closing line with all counts.
// E2E prerequisites are installed by test/e2e/install.sh (CI runs it; it is idempotent).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 30 });
  process.stdout.write(r.stdout ?? '');
  const m = [...(r.stdout ?? '').matchAll(/^\w+: (\d+) passed, (\d+) failed/gm)].pop();
  return { status: r.status ?? 1, passed: m ? Number(m[1]) : 0, failed: m ? Number(m[2]) : 0 };
}

const results = [run(process.execPath, ['scripts/run-tests.mjs'])];
if (!existsSync('test/e2e/node_modules/code-server')) {
  console.log('e2e prerequisites missing: running test/e2e/install.sh (apt chromium, npm code-server)');
  const install = spawnSync('bash', ['test/e2e/install.sh'], { stdio: 'inherit' });
  if (install.status !== 0) results.push({ status: 1, passed: 0, failed: 1 });
}
/** A node:test file run with the TAP reporter, counted from its summary lines. */
function nodeTest(file) {
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=tap', file], { encoding: 'utf8', maxBuffer: 1 << 30 });
  process.stdout.write(r.stdout ?? '');
  const count = (name) => Number((r.stdout.match(new RegExp(`^# ${name} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  console.log(`${file}: ${count('pass')} passed, ${count('fail')} failed`);
  return { status: r.status ?? 1, passed: count('pass'), failed: count('fail') };
}

if (existsSync('test/e2e/node_modules/code-server')) {
  // The packaged extension in a real VS Code: API suite and UI smoke.
  results.push(run(process.execPath, ['test/e2e/run.js']));
  // The connectivity webview rendered in headless Chromium (DOM assertions).
  results.push(nodeTest('test/e2e/connectivity-view.test.js'));
  // Proof that the harness fails a run when a test fails (a deliberately failing self-test).
  const proof = spawnSync('npm', ['--prefix', 'test/e2e', 'run', 'selftest:fail'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ok = proof.status === 0;
  console.log(`harness: ${ok ? 1 : 0} passed, ${ok ? 0 : 1} failed (a deliberately failing e2e test must fail the run)`);
  results.push({ status: proof.status ?? 1, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed + (r.status !== 0 && r.failed === 0 ? 1 : 0), 0);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.status === 0) ? 0 : 1);
