#!/usr/bin/env node
'use strict';
// The whole end-to-end run of kube-label-lint, against the PACKAGED extension:
//
//   1. package: `node scripts/package-vsix.mjs` builds kube-label-lint.vsix and unpacks it into
//      .tmp/vsix/extension (with --build, `npm run build` first);
//   2. api: the extension-host suite (test/e2e/suite) in code-server over a copy of examples/
//      (with --electron: @vscode/test-electron instead, for machines that can download VS Code);
//   3. smoke: the Playwright UI smoke (test/e2e/suite/smoke-steps.json), screenshots in
//      test/e2e/screenshots/.
//
//   node test/e2e/run.js [--build] [--no-package] [--no-api] [--no-smoke] [--electron]
//        [--allow-pending] [--grep <regexp>] [--timeout <s, API suite, default 900>] [--verbose]
//
// --no-package reuses the unpacked .tmp/vsix/extension. --allow-pending marks the tests of
// features that are not there yet as pending instead of failed. --grep runs only the matching API
// tests. Closing line: `e2e: N passed, N failed`. Exit 0 when nothing failed, 1 otherwise,
// 2 when packaging failed, 130 when interrupted.

const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');

const here = __dirname;
const root = path.resolve(here, '..', '..');
const extensionDir = path.join(root, '.tmp', 'vsix', 'extension');
const workspace = path.join(root, 'examples');
const suite = path.join(here, 'suite', 'index.js');
const smokeSteps = path.join(here, 'suite', 'smoke-steps.json');

function parseArgs(argv) {
  const o = { build: false, package: true, api: true, smoke: true, electron: false, allowPending: false, grep: '', timeout: 900, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) throw new Error(`${a} needs a value`); return argv[++i]; };
    switch (a) {
      case '--build': o.build = true; break;
      case '--no-package': o.package = false; break;
      case '--no-api': o.api = false; break;
      case '--no-smoke': o.smoke = false; break;
      case '--electron': o.electron = true; break;
      case '--allow-pending': o.allowPending = true; break;
      case '--grep': o.grep = val(); break;
      case '--timeout': o.timeout = Number(val()); break;
      case '--verbose': o.verbose = true; break;
      case '-h': case '--help':
        console.log('usage: node test/e2e/run.js [--build] [--no-package] [--no-api] [--no-smoke] [--electron] [--allow-pending] [--grep <regexp>] [--timeout <s>] [--verbose]');
        process.exit(0); break;
      default: throw new Error(`unknown argument: ${a}`);
    }
  }
  if (!(o.timeout > 0)) throw new Error('--timeout must be a positive number of seconds');
  return o;
}

// Harmless workbench noise (E2E.md "Pitfalls"); --verbose shows it.
const NOISE = [
  /ENOTFOUND open-vsx\.org/,
  /^\s+at .*https?:\/\/127\.0\.0\.1:\d+\/stable-/,
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket \(/,
  /^\[Service Worker\]/,
  /^Updating additional builtin extensions cache/,
  /^ChatSessionStore:/,
  /File not found: .*vsda/,
];

let interrupted = false;
let current = null;

/** Runs node `args`, echoing its output (minus noise); resolves { code, out }. */
function runNode(args, { verbose }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    current = child;
    let out = '';
    const pipe = (stream, dest) => {
      let rest = '';
      stream.on('data', (chunk) => {
        const text = rest + chunk.toString('utf8');
        const lines = text.split('\n');
        rest = lines.pop();
        for (const line of lines) {
          out += line + '\n';
          if (verbose || !NOISE.some((re) => re.test(line))) dest.write(line + '\n');
        }
      });
      stream.on('end', () => { if (rest) { out += rest; dest.write(rest + '\n'); } });
    };
    pipe(child.stdout, process.stdout);
    pipe(child.stderr, process.stderr);
    child.on('close', (code, signal) => {
      current = null;
      resolve({ code: code === null ? (signal === 'SIGINT' ? 130 : 143) : code, out });
    });
  });
}

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  let o;
  try { o = parseArgs(process.argv.slice(2)); } catch (e) {
    console.error(`run: ${e.message}`);
    return 2;
  }
  // Ctrl+C reaches the children too (same process group); each cleans up its own code-server.
  const onSignal = () => { interrupted = true; };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', () => { interrupted = true; if (current) current.kill('SIGTERM'); });

  const t0 = Date.now();
  const stages = [];
  let passed = 0;
  let failed = 0;

  if (o.package) {
    const t = Date.now();
    console.log(`\n== package: scripts/package-vsix.mjs${o.build ? ' --build' : ''}`);
    const r = await runNode([path.join(root, 'scripts', 'package-vsix.mjs'), ...(o.build ? ['--build'] : [])], o);
    stages.push(`package ${secs(Date.now() - t)}`);
    if (interrupted) return 130;
    if (r.code !== 0) {
      console.error(`run: packaging failed (exit ${r.code})`);
      console.log('e2e: 0 passed, 1 failed');
      return 2;
    }
  }
  if (!fs.existsSync(path.join(extensionDir, 'package.json'))) {
    console.error(`run: no unpacked extension in ${extensionDir}: run without --no-package`);
    return 2;
  }

  if (o.api) {
    const t = Date.now();
    const runner = o.electron ? 'run-electron.js' : 'run-code-server.js';
    console.log(`\n== api: ${runner}, suite test/e2e/suite over a copy of examples/`);
    const env = [`KLL_E2E_EXPECT_EXTENSION=${extensionDir}`];
    if (o.allowPending) env.push('KLL_E2E_ALLOW_PENDING=1');
    if (o.grep) env.push(`KLL_E2E_GREP=${o.grep}`);
    const args = [path.join(here, runner), '--extension', extensionDir, '--tests', suite, '--workspace', workspace,
      ...env.flatMap((e) => ['--env', e])];
    if (!o.electron) args.push('--timeout', String(o.timeout));
    const r = await runNode(args, o);
    if (interrupted) return 130;
    const m = /^e2e \((?:code-server|electron)\): (\d+) passed, (\d+) failed/m.exec(r.out);
    let p = m ? Number(m[1]) : 0;
    let f = m ? Number(m[2]) : 0;
    if (r.code !== 0 && f === 0) f = 1; // harness error, timeout or a suite that did not load
    passed += p;
    failed += f;
    const pending = /^\s+(\d+) pending/m.exec(r.out);
    stages.push(`api ${p} passed, ${f} failed${pending ? `, ${pending[1]} pending` : ''} in ${secs(Date.now() - t)} (exit ${r.code})`);
  }

  if (o.smoke) {
    const t = Date.now();
    console.log('\n== smoke: smoke-ui.js, test/e2e/suite/smoke-steps.json');
    const scenarios = JSON.parse(fs.readFileSync(smokeSteps, 'utf8'));
    const r = await runNode([path.join(here, 'smoke-ui.js'), '--extension', extensionDir, '--workspace', workspace,
      '--steps', smokeSteps, '--timeout', '60'], o);
    if (interrupted) return 130;
    let p = 0;
    let f = 0;
    if (r.code === 0) p = scenarios.length;
    else {
      // Scenarios run in order and stop at the first failure: the ones before it passed.
      const m = /smoke-ui: \[([^\]]+)\] step/.exec(r.out);
      const at = m ? scenarios.findIndex((s) => s.name === m[1]) : -1;
      p = at > 0 ? at : 0;
      f = scenarios.length - p; // the failed one and those that did not run
    }
    passed += p;
    failed += f;
    stages.push(`smoke ${p} passed, ${f} failed in ${secs(Date.now() - t)} (exit ${r.code})`);
  }

  console.log(`\n${stages.map((s) => `  ${s}`).join('\n')}\n  total ${secs(Date.now() - t0)}`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then((c) => process.exit(c), (e) => { console.error('run: internal error:', e); process.exit(2); });
