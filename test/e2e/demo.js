#!/usr/bin/env node
'use strict';
// `npm run demo`: serves examples/ in code-server (a real VS Code in the browser) with the built
// extension installed, prints the local URL and runs until Ctrl+C. No tests, no browser.
//
//   node test/e2e/demo.js [--dev] [--no-package] [--port N] [--in-place] [--screenshot <file.png|.jpg>]
//
// Default: packages the built extension (scripts/package-vsix.mjs; `npm run build` first) and
// installs the .vsix into the run's extensions dir, as a user would.
// --dev          load the extension from the repository instead (extensionDevelopmentPath: what
//                `npm run build` or `node esbuild.mjs --watch` wrote; "Developer: Reload Window"
//                picks up a rebuild). The URL then carries that payload.
// --no-package   install the existing kube-label-lint.vsix
// --port N       listen on 127.0.0.1:N (default: a free port)
// --in-place     open examples/ itself; default: a throwaway copy, so edits leave the repo alone
// --screenshot F open the workbench in headless Chromium, show cart.yaml with its squiggle, the
//                quick-fix menu and the Problems panel, save a 1400x900 screenshot to F, and exit
//                (used for docs/images/editor.png)
//
// Everything lives in a fresh temp dir (deleted on exit); code-server runs in its own process
// group, which is killed on exit, Ctrl+C or SIGTERM.

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { startCodeServer, makeRunDir, log } = require('./codeServer');

const root = path.resolve(__dirname, '..', '..');
const examples = path.join(root, 'examples');
const vsix = path.join(root, 'kube-label-lint.vsix');

function parseArgs(argv) {
  const o = { dev: false, package: true, port: 0, inPlace: false, screenshot: '' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) throw new Error(`${a} needs a value`); return argv[++i]; };
    if (a === '--dev') o.dev = true;
    else if (a === '--no-package') o.package = false;
    else if (a === '--port') o.port = Number(val());
    else if (a === '--in-place') o.inPlace = true;
    else if (a === '--screenshot') o.screenshot = path.resolve(val());
    else if (a === '-h' || a === '--help') {
      console.log('usage: node test/e2e/demo.js [--dev] [--no-package] [--port N] [--in-place] [--screenshot <file>]');
      process.exit(0);
    } else throw new Error(`unknown argument: ${a}`);
  }
  if (o.port && !(Number.isInteger(o.port) && o.port > 0 && o.port < 65536)) throw new Error('--port must be a TCP port');
  return o;
}

/** code-server --install-extension <vsix> into the run's dirs (XDG dirs too: it writes config). */
function installVsix(dirs) {
  const entry = require.resolve('code-server/out/node/entry.js');
  const env = { ...process.env, XDG_CONFIG_HOME: dirs.xdgConfig, XDG_DATA_HOME: dirs.xdgData, XDG_CACHE_HOME: dirs.xdgCache, XDG_STATE_HOME: dirs.xdgState, TMPDIR: dirs.tmp };
  delete env.VSCODE_IPC_HOOK_CLI;
  const r = spawnSync(process.execPath, [entry, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--force', '--install-extension', vsix],
    { cwd: dirs.root, env, encoding: 'utf8', timeout: 120000 });
  if (r.status !== 0) throw new Error(`installing ${vsix} failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  log(`installed ${path.relative(root, vsix)}: ${(r.stdout || '').trim().split('\n').pop()}`);
}

/** The README screenshot: cart.yaml, its squiggle, the quick-fix menu and the Problems panel. */
async function screenshot(run, url, file) {
  const { openFromExplorer, goTo } = require('./smoke-ui');
  const timeout = 60000;
  const { page } = await run.openPage({ url, onLog: () => {} });
  await page.locator('.monaco-workbench').waitFor({ timeout });
  await openFromExplorer(page, 'shop/cart.yaml', timeout);
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  await editor.locator('.squiggly-error').first().waitFor({ timeout });
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel').getByText('has the value "prd"').first().waitFor({ timeout });
  await goTo(page, editor, { line: 10, column: 18 }, timeout);
  await page.keyboard.press('Control+.');
  await page.locator('.action-widget').getByText('Replace with "prod"').first().waitFor({ timeout });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const jpeg = /\.jpe?g$/i.test(file);
  await page.screenshot({ path: file, type: jpeg ? 'jpeg' : 'png', ...(jpeg ? { quality: 80 } : {}) });
  log(`screenshot ${path.relative(process.cwd(), file)} (${Math.round(fs.statSync(file).size / 1024)} KB)`);
}

async function main() {
  let o;
  try { o = parseArgs(process.argv.slice(2)); } catch (e) {
    console.error(`demo: ${e.message}`);
    return 2;
  }
  if (!o.dev) {
    if (o.package) {
      const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'package-vsix.mjs'), '--no-unpack'], { cwd: root, stdio: 'inherit' });
      if (r.status !== 0) { console.error('demo: packaging failed (run `npm run build` first)'); return 2; }
    } else if (!fs.existsSync(vsix)) {
      console.error(`demo: ${vsix} does not exist; run without --no-package`);
      return 2;
    }
  } else if (!fs.existsSync(path.join(root, 'client', 'out', 'extension.js'))) {
    console.error('demo: client/out/extension.js does not exist; run `npm run build` first');
    return 2;
  }

  const dirs = makeRunDir('kll-demo-');
  let run;
  const cleanup = async () => {
    if (run) await run.stop();
    fs.rmSync(dirs.root, { recursive: true, force: true });
  };
  try {
    if (!o.dev) installVsix(dirs);
    run = await startCodeServer({
      dirs,
      port: o.port || undefined,
      extensionDir: o.dev ? root : undefined,
      workspace: examples,
      copyWorkspace: !o.inPlace,
    });
  } catch (e) {
    console.error(`demo: ${e.message}`);
    await cleanup();
    return 2;
  }
  const url = run.url();

  if (o.screenshot) {
    let code = 0;
    try {
      await screenshot(run, url, o.screenshot);
    } catch (e) {
      console.error(`demo: screenshot failed: ${e.message.split('\n')[0]}`);
      code = 1;
    }
    await cleanup();
    return code;
  }

  console.log(`\nKube Label Lint demo: examples/${o.inPlace ? '' : ' (a copy)'} in code-server ${o.dev ? '(extension from the repository)' : '(the packaged extension installed)'}`);
  console.log(`\n  ${url}\n`);
  console.log('Open it in a browser on this machine (bound to 127.0.0.1, no password). Ctrl+C stops it.');
  await new Promise((resolve) => {
    let stopping = false;
    const stop = (sig) => { stopping = true; log(`${sig}: stopping code-server`); resolve(); };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    run.server.once('exit', (code, signal) => { if (!stopping) log(`code-server exited by itself (${code ?? signal})`); resolve(); });
  });
  await cleanup();
  return 0;
}

main().then((c) => process.exit(c), (e) => { console.error('demo: internal error:', e); process.exit(2); });
