'use strict';
// Start a real VS Code (npm `code-server`) in its own process group and open its workbench in
// Debian's Chromium through playwright-core. Used by run-code-server.js (API-level test suites) and
// smoke-ui.js (Playwright UI smoke). Plain CommonJS, no build step. See README.md and
// /work/shared/E2E.md for the route and its pitfalls.

const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');
const http = require('http');
const util = require('util');
const { spawn } = require('child_process');

const DEFAULT_CHROMIUM = '/usr/bin/chromium';

// Settings written to the fresh user-data-dir/User/settings.json of every run. Callers can merge
// their own on top (`settings` option).
const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'files.autoSave': 'off',
  'git.enabled': false,
};

function log(...args) {
  process.stderr.write(`[e2e ${new Date().toISOString().slice(11, 23)}] ${util.format(...args)}\n`);
}

/** A fresh directory tree for one run: XDG dirs, TMPDIR, user-data-dir, extensions-dir, workspace. */
function makeRunDir(prefix = 'kll-e2e-') {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const dirs = {
    root,
    xdgConfig: path.join(root, 'xdg', 'config'),
    xdgData: path.join(root, 'xdg', 'data'),
    xdgCache: path.join(root, 'xdg', 'cache'),
    xdgState: path.join(root, 'xdg', 'state'),
    tmp: path.join(root, 'tmp'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    workspaces: path.join(root, 'ws'),
    logs: path.join(root, 'logs'),
  };
  for (const [k, d] of Object.entries(dirs)) if (k !== 'root') fs.mkdirSync(d, { recursive: true });
  return dirs;
}

/** A free TCP port on 127.0.0.1 (listen on 0, read it, close). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpStatus(url, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** SIGTERM the process group, SIGKILL it after `graceMs` if anything is left. Never by name. */
async function killGroup(pgid, graceMs = 5000) {
  if (!pgid || !groupAlive(pgid)) return;
  try { process.kill(-pgid, 'SIGTERM'); } catch { /* gone */ }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!groupAlive(pgid)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  try { process.kill(-pgid, 'SIGKILL'); } catch { /* gone */ }
  const deadline2 = Date.now() + 2000;
  while (Date.now() < deadline2 && groupAlive(pgid)) await new Promise((r) => setTimeout(r, 50));
}

function copyDir(src, dst) {
  fs.cpSync(src, dst, { recursive: true, dereference: false, errorOnExist: false, force: true });
}

/** Write the workbench logs handed to codeAutomationExit ([{relativePath, contents}]) under dir. */
function saveWorkbenchLogs(logs, dir) {
  if (!Array.isArray(logs)) return 0;
  let n = 0;
  for (const entry of logs) {
    if (!entry || typeof entry.relativePath !== 'string') continue;
    const rel = entry.relativePath.replace(/^[/\\]+/, '').replace(/\.\.(\/|\\|$)/g, '_$1');
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, entry.contents == null ? '' : String(entry.contents));
    n++;
  }
  return n;
}

/**
 * Start code-server for one run.
 *
 * @param {object} o
 * @param {string} [o.extensionDir]  extension under development (folder with package.json); optional
 * @param {string} [o.workspace]     fixture folder; a COPY is opened (under run.dirs.workspaces)
 * @param {boolean} [o.copyWorkspace=true]  false: open `workspace` in place
 * @param {object} [o.env]           extra env for code-server, and so for the extension host
 * @param {object} [o.settings]      user settings merged over DEFAULT_SETTINGS
 * @param {boolean} [o.verbose]      echo code-server's output (always saved to <run>/logs/code-server.log)
 * @param {number} [o.startTimeoutMs=60000]
 * @returns {Promise<{port, host, dirs, workspaceDir, env, server, remote(p), url(opts), openPage(opts), stop(opts)}>}
 */
async function startCodeServer(o = {}) {
  const t0 = Date.now();
  const dirs = o.dirs || makeRunDir();
  const extensionDir = o.extensionDir ? path.resolve(o.extensionDir) : undefined;
  if (extensionDir && !fs.existsSync(path.join(extensionDir, 'package.json'))) {
    throw new Error(`extension dir has no package.json: ${extensionDir}`);
  }

  let workspaceDir;
  if (o.workspace) {
    const src = path.resolve(o.workspace);
    if (!fs.statSync(src).isDirectory()) throw new Error(`workspace is not a directory: ${src}`);
    if (o.copyWorkspace === false) {
      workspaceDir = src;
    } else {
      workspaceDir = path.join(dirs.workspaces, path.basename(src));
      copyDir(src, workspaceDir);
    }
  }

  const settingsFile = path.join(dirs.userData, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, JSON.stringify({ ...DEFAULT_SETTINGS, ...(o.settings || {}) }, null, 2));

  const port = o.port || (await freePort());
  const host = '127.0.0.1';

  const env = { ...process.env };
  // An inherited IPC hook makes code-server hand the folder to the VS Code that owns it.
  for (const k of Object.keys(env)) {
    if (k === 'VSCODE_IPC_HOOK_CLI' || k === 'VSCODE_IPC_HOOK' || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  }
  // code-server reads these; --auth none makes them moot, but keep the run hermetic.
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  Object.assign(env, {
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    XDG_STATE_HOME: dirs.xdgState,
    TMPDIR: dirs.tmp,
    KLL_E2E: '1',
    KLL_E2E_RUN_DIR: dirs.root,
    KLL_E2E_HOST: 'code-server',
    ...(workspaceDir ? { KLL_E2E_WORKSPACE: workspaceDir } : {}),
    ...(o.env || {}),
  });

  const entry = require.resolve('code-server/out/node/entry.js');
  const args = [
    entry,
    '--bind-addr', `${host}:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
  ];
  const serverLogFile = path.join(dirs.logs, 'code-server.log');
  const serverLog = fs.openSync(serverLogFile, 'a');
  const server = spawn(process.execPath, args, {
    cwd: dirs.root,
    env,
    detached: true, // own process group: extension host + anything it forks die with it
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pgid = server.pid;
  // Last resort if the caller exits without stop(): never leave the process group behind.
  const onProcessExit = () => { if (groupAlive(pgid)) { try { process.kill(-pgid, 'SIGKILL'); } catch { /* gone */ } } };
  process.on('exit', onProcessExit);
  let exited = null;
  server.on('exit', (code, signal) => { exited = { code, signal }; });
  const onOut = (chunk) => {
    fs.writeSync(serverLog, chunk);
    if (o.verbose) process.stderr.write(chunk);
  };
  server.stdout.on('data', onOut);
  server.stderr.on('data', onOut);

  const browsers = [];
  let stopped = false;
  const run = {
    port,
    host,
    dirs,
    extensionDir,
    workspaceDir,
    env,
    server,
    pgid,
    serverLogFile,
    get browser() { return browsers[browsers.length - 1] || null; },
    _attachBrowser(b) { browsers.push(b); },
    /** vscode-remote URI for an absolute server-side path. Authority must equal the page's host:port. */
    remote: (p) => `vscode-remote://${host}:${port}${path.resolve(p).split(path.sep).map(encodeURIComponent).join('/')}`,
    /**
     * Workbench URL. Without extensionTestsPath the extension stays loaded in an
     * "[Extension Development Host]" window (UI smoke); with it the suite runs and calls
     * codeAutomationExit.
     */
    url({ extensionTestsPath, folder = workspaceDir, extraPayload = [] } = {}) {
      const payload = [];
      if (extensionDir) payload.push(['extensionDevelopmentPath', run.remote(extensionDir)]);
      if (extensionTestsPath) payload.push(['extensionTestsPath', run.remote(path.resolve(extensionTestsPath))]);
      payload.push(['skipWelcome', 'true'], ...extraPayload);
      let u = `http://${host}:${port}/?`;
      if (folder) u += `folder=${encodeURIComponent(folder)}&`;
      return `${u}payload=${encodeURIComponent(JSON.stringify(payload))}`;
    },
    /** Launch Chromium and open a page with the automation hooks. See openPage below. */
    openPage: (opts = {}) => openPage(run, opts),
    /** Close the browser, SIGTERM the process group, SIGKILL it after graceMs. Idempotent. */
    async stop({ graceMs = 5000 } = {}) {
      if (stopped) return;
      stopped = true;
      for (const b of browsers.splice(0)) {
        await Promise.race([b.close().catch(() => {}), new Promise((r) => setTimeout(r, 10000))]);
      }
      await killGroup(pgid, graceMs);
      process.removeListener('exit', onProcessExit);
      try { fs.closeSync(serverLog); } catch { /* closed */ }
    },
  };

  // Poll /healthz.
  const deadline = Date.now() + (o.startTimeoutMs || 60000);
  for (;;) {
    if (exited) {
      await run.stop();
      throw new Error(`code-server exited during start (${JSON.stringify(exited)}); see ${serverLogFile}`);
    }
    if ((await httpStatus(`http://${host}:${port}/healthz`)) === 200) break;
    if (Date.now() > deadline) {
      await run.stop();
      throw new Error(`code-server did not answer /healthz within ${o.startTimeoutMs || 60000} ms; see ${serverLogFile}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  run.startMs = Date.now() - t0;
  return run;
}

/**
 * Launch Chromium (playwright-core, Debian's binary) and open `url` with the automation hooks
 * exposed first.
 *
 * @param run  result of startCodeServer
 * @param {object} opts
 * @param {string} [opts.url]  default run.url() (no tests: UI smoke)
 * @param {(level:number, text:string)=>void} [opts.onLog]  codeAutomationLog, already util.format'ed
 * @param {(code:number, logs:Array)=>void} [opts.onExit]   codeAutomationExit
 * @param {{width:number,height:number}} [opts.viewport] default 1400x900
 * @param {boolean} [opts.headless=true]
 * @returns {Promise<{browser, context, page}>}
 */
async function openPage(run, opts = {}) {
  const { chromium } = require('playwright-core');
  const executablePath = process.env.KLL_E2E_CHROMIUM || DEFAULT_CHROMIUM;
  if (!fs.existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}; run test/e2e/install.sh (or set KLL_E2E_CHROMIUM)`);
  }
  const browserEnv = { ...process.env };
  delete browserEnv.VSCODE_IPC_HOOK_CLI;
  Object.assign(browserEnv, {
    // Crashpad and dconf write outside Playwright's temp profile otherwise.
    XDG_CONFIG_HOME: run.dirs.xdgConfig,
    XDG_CACHE_HOME: run.dirs.xdgCache,
    XDG_DATA_HOME: run.dirs.xdgData,
    TMPDIR: run.dirs.tmp,
  });
  const browser = await chromium.launch({
    executablePath,
    headless: opts.headless !== false,
    env: browserEnv,
    args: ['--disable-dev-shm-usage', '--disable-gpu'],
    // Playwright's own handlers would kill Chromium and process.exit() on a signal, skipping
    // run.stop() and leaving code-server behind. The caller handles signals instead.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  if (run._attachBrowser) run._attachBrowser(browser); // run.stop() closes it
  try {
    const context = await browser.newContext({ viewport: opts.viewport || { width: 1400, height: 900 } });
    const page = await context.newPage();
    const consoleLog = path.join(run.dirs.logs, 'browser-console.log');
    page.on('console', (m) => {
      try { fs.appendFileSync(consoleLog, `[${m.type()}] ${m.text()}\n`); } catch { /* ignore */ }
    });
    page.on('pageerror', (e) => {
      try { fs.appendFileSync(consoleLog, `[pageerror] ${e && e.stack ? e.stack : e}\n`); } catch { /* ignore */ }
    });
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      const text = Array.isArray(args) ? util.format(...args) : util.format(args);
      if (opts.onLog) opts.onLog(level, text);
      else process.stdout.write(text + '\n');
    });
    await page.exposeFunction('codeAutomationExit', (code, logs) => {
      if (opts.onExit) opts.onExit(code, logs);
    });
    await page.goto(opts.url || run.url(), { waitUntil: 'domcontentloaded', timeout: 60000 });
    return { browser, context, page };
  } catch (e) {
    await browser.close().catch(() => {});
    throw e;
  }
}

module.exports = {
  DEFAULT_SETTINGS,
  startCodeServer,
  openPage,
  makeRunDir,
  freePort,
  killGroup,
  saveWorkbenchLogs,
  log,
};
