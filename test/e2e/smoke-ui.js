#!/usr/bin/env node
'use strict';
// Playwright UI smoke test in a real VS Code workbench (code-server + Chromium), as a person would:
// open a file from the Explorer, see the squiggle, find the message in the Problems panel, put the
// cursor on it, press Ctrl+. and find the quick fix; optionally apply it. Screenshots (1400x900)
// go to test/e2e/screenshots/ (or --out).
//
//   node test/e2e/smoke-ui.js --extension <extDir> --workspace <fixture dir> --steps <steps.json>
//   node test/e2e/smoke-ui.js --extension <extDir> --workspace <fixture dir> \
//        --file sample.yaml --message "Found BAD token" --fix "Replace BAD" [--line 7 --column 11] \
//        [--severity error|warning|info|any] [--apply] [--name prefix] [--out dir] [--timeout 30 (per step)] [--verbose]
//
// steps.json: one scenario object or an array of them, same keys as the flags:
//   { "name": "bad-token", "file": "sample.yaml", "message": "Found BAD token", "fixTitle": "Replace BAD",
//     "cursor": { "line": 7, "column": 11 }, "severity": "error", "applyFix": true }
// file: path relative to the workspace ("k8s/app.yaml" expands the k8s folder in the Explorer).
// cursor: 1-based; without it the cursor is moved by double-clicking the entry in the Problems panel.
// fixTitle: optional; without it the quick-fix steps are skipped.
//
// A scenario with "command" runs a command from the palette instead (F1, type, Enter) and checks
// the editor it opens:
//   { "name": "generate", "file": "shop/cart.yaml", "cursor": { "line": 4, "column": 9 },
//     "command": "Kube Label Lint: Generate", "pick": "Kubernetes", "expectText": ["kind: NetworkPolicy"],
//     "expectTab": "Untitled" }
// file and cursor are optional there; pick (default: command) is the palette row to run;
// expectText: strings the new active editor must show; expectTab: text of its tab (default: any new tab).
// Exit code: 0 all scenarios passed, 1 a step failed (a failure-*.png is taken), 2 harness error.

const fs = require('fs');
const path = require('path');
const { startCodeServer, log } = require('./codeServer');

function parseArgs(argv) {
  const o = { timeout: 30, out: path.join(__dirname, 'screenshots'), verbose: false, env: {} };
  const cli = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) throw new Error(`${a} needs a value`); return argv[++i]; };
    switch (a) {
      case '--extension': o.extension = path.resolve(val()); break;
      case '--workspace': o.workspace = path.resolve(val()); break;
      case '--steps': o.steps = path.resolve(val()); break;
      case '--out': o.out = path.resolve(val()); break;
      case '--timeout': o.timeout = Number(val()); break;
      case '--verbose': o.verbose = true; break;
      case '--env': { const kv = val(); const eq = kv.indexOf('='); if (eq <= 0) throw new Error(`bad --env ${kv}`); o.env[kv.slice(0, eq)] = kv.slice(eq + 1); break; }
      case '--name': cli.name = val(); break;
      case '--file': cli.file = val(); break;
      case '--message': cli.message = val(); break;
      case '--fix': cli.fixTitle = val(); break;
      case '--line': cli.cursor = { ...(cli.cursor || {}), line: Number(val()) }; break;
      case '--column': cli.cursor = { ...(cli.cursor || {}), column: Number(val()) }; break;
      case '--severity': cli.severity = val(); break;
      case '--apply': cli.applyFix = true; break;
      default: throw new Error(`unknown argument: ${a}`);
    }
  }
  if (!o.extension || !o.workspace) throw new Error('--extension and --workspace are required');
  let scenarios = [];
  if (o.steps) {
    const j = JSON.parse(fs.readFileSync(o.steps, 'utf8'));
    scenarios = Array.isArray(j) ? j : [j];
  }
  if (Object.keys(cli).length) {
    if (scenarios.length) scenarios = scenarios.map((s) => ({ ...s, ...cli })); // flags override the file
    else scenarios = [cli];
  }
  if (!scenarios.length) throw new Error('give --steps <file.json> or --file/--message');
  scenarios.forEach((s, i) => {
    if (s.command) {
      if (s.expectText !== undefined && !Array.isArray(s.expectText)) s.expectText = [String(s.expectText)];
    } else if (!s.file || !s.message) throw new Error(`scenario ${i}: "file" and "message" (or "command") are required`);
    if (s.cursor && !(s.cursor.line >= 1 && (s.cursor.column || 1) >= 1)) throw new Error(`scenario ${i}: cursor needs line (1-based) and column`);
    s.name = s.name || (s.file ? path.basename(s.file) : s.command).replace(/\W+/g, '-');
    s.severity = s.severity || 'error';
  });
  o.scenarios = scenarios;
  return o;
}

const SQUIGGLE = {
  error: '.squiggly-error',
  warning: '.squiggly-warning',
  info: '.squiggly-info',
  hint: '.squiggly-hint',
  any: '.squiggly-error, .squiggly-warning, .squiggly-info, .squiggly-hint',
};

async function openFromExplorer(page, file, timeout) {
  const explorer = page.locator('.explorer-folders-view');
  await explorer.waitFor({ timeout });
  const parts = file.split('/').filter(Boolean);
  for (let i = 0; i < parts.length; i++) {
    const item = explorer.getByRole('treeitem', { name: parts[i], exact: true }).first();
    await item.waitFor({ timeout });
    if (i < parts.length - 1) {
      if ((await item.getAttribute('aria-expanded')) !== 'true') await item.click();
    } else {
      await item.click();
    }
  }
  // The editor tab for the file is active.
  await page.locator('.tabs-container .tab.active', { hasText: parts[parts.length - 1] }).first().waitFor({ timeout });
}

/** Go to Line (Ctrl+G, `:line:col`) in the active editor. */
async function goTo(page, editor, cursor, timeout) {
  await editor.locator('.view-lines').first().click();
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout });
  await input.fill(`:${cursor.line}:${cursor.column || 1}`); // ':' = Go to Line mode
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout });
}

/** Moves the focus in a list widget with the arrow keys until the focused row contains `text`. */
async function focusRow(page, widget, text) {
  const rows = widget.locator('.monaco-list-row');
  const n = await rows.count();
  for (let i = 0; i <= n; i++) {
    const focused = widget.locator('.monaco-list-row.focused');
    if ((await focused.count()) && (await focused.first().innerText()).includes(text)) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`no row with "${text}" could be focused`);
}

async function runCommandScenario(page, s, idx, o, shot, step) {
  const timeout = o.timeout * 1000;
  const prefix = `${String(idx + 1).padStart(2, '0')}-${s.name}`;
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  if (s.file) await step(`open ${s.file} from the Explorer`, () => openFromExplorer(page, s.file, timeout));
  if (s.cursor) await step(`cursor to ${s.cursor.line}:${s.cursor.column || 1}`, () => goTo(page, editor, s.cursor, timeout));
  const tabsBefore = await page.locator('.tabs-container .tab').allInnerTexts();
  const pick = s.pick || s.command;
  const palette = page.locator('.quick-input-widget');
  await step(`F1, "${s.command}", the palette shows "${pick}"`, async () => {
    await page.keyboard.press('F1');
    const input = palette.locator('input');
    await input.waitFor({ timeout });
    await input.fill(`>${s.command}`);
    await palette.locator('.monaco-list-row', { hasText: pick }).first().waitFor({ timeout });
  });
  await shot(`${prefix}-1-palette`);
  await step(`run "${pick}"`, async () => {
    await focusRow(page, palette, pick);
    await page.keyboard.press('Enter');
    await palette.waitFor({ state: 'hidden', timeout });
  });
  await step(`a new editor${s.expectTab ? ` "${s.expectTab}"` : ''} shows ${JSON.stringify(s.expectText || [])}`, async () => {
    const active = page.locator('.editor-group-container.active .tabs-container .tab.active').first();
    const deadline = Date.now() + timeout;
    for (;;) {
      const label = (await active.count()) ? await active.innerText().catch(() => '') : '';
      const isNew = label && (s.expectTab ? label.includes(s.expectTab) : !tabsBefore.includes(label));
      if (isNew) break;
      if (Date.now() > deadline) throw new Error(`no new active editor tab (active: "${label}", before: ${JSON.stringify(tabsBefore)})`);
      await page.waitForTimeout(200);
    }
    for (const t of s.expectText || []) {
      await page.waitForFunction(([text]) => {
        const lines = document.querySelector('.editor-group-container.active .monaco-editor .view-lines');
        return !!lines && lines.innerText.replace(/\u00a0/g, ' ').includes(text);
      }, [t], { timeout });
    }
  });
  await shot(`${prefix}-2-result`);
}

async function runScenario(page, s, idx, o, shot) {
  const timeout = o.timeout * 1000;
  const step = async (label, fn) => {
    const t = Date.now();
    try {
      await fn();
    } catch (e) {
      e.message = `[${s.name}] step "${label}" failed: ${e.message}`;
      throw e;
    }
    log(`  ${s.name}: ${label} (${Date.now() - t} ms)`);
  };
  if (s.command) return runCommandScenario(page, s, idx, o, shot, step);

  await step(`open ${s.file} from the Explorer`, () => openFromExplorer(page, s.file, timeout));
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  await step(`${s.severity} squiggle appears`, () => editor.locator(SQUIGGLE[s.severity] || SQUIGGLE.any).first().waitFor({ timeout }));
  await shot(`${String(idx + 1).padStart(2, '0')}-${s.name}-1-squiggle`);

  const markers = page.locator('.markers-panel');
  await step('Problems panel shows the message', async () => {
    if (!(await markers.isVisible())) await page.keyboard.press('Control+Shift+M');
    await markers.getByText(s.message, { exact: false }).first().waitFor({ timeout });
  });
  await shot(`${String(idx + 1).padStart(2, '0')}-${s.name}-2-problems`);

  if (!s.fixTitle) return;

  await step('cursor onto the diagnostic', async () => {
    if (s.cursor) {
      await goTo(page, editor, s.cursor, timeout);
    } else {
      // Double-click selects the diagnostic's range in the editor; focus stays in the panel, so
      // Ctrl+1 (focus first editor group) moves it back without touching the selection.
      await markers.getByText(s.message, { exact: false }).first().dblclick();
      await page.keyboard.press('Control+1');
      await page.locator('.editor-group-container.active .monaco-editor.focused').first().waitFor({ timeout });
    }
    await editor.locator('textarea.inputarea, .native-edit-context').first().waitFor({ state: 'attached', timeout });
  });
  await step(`Ctrl+. shows "${s.fixTitle}"`, async () => {
    await page.keyboard.press('Control+.');
    await page.locator('.action-widget').getByText(s.fixTitle, { exact: false }).first().waitFor({ timeout });
  });
  await shot(`${String(idx + 1).padStart(2, '0')}-${s.name}-3-quickfix`);

  if (!s.applyFix) {
    await page.keyboard.press('Escape');
    return;
  }
  await step(`apply "${s.fixTitle}" and the problem disappears`, async () => {
    // Keyboard, as a person would: move the focus down to the fix, then Enter. (A mouse click on
    // the row's text times out: Playwright finds it not stable/receiving events in the widget.)
    const widget = page.locator('.action-widget');
    await focusRow(page, widget, s.fixTitle);
    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout });
    await markers.getByText(s.message, { exact: false }).first().waitFor({ state: 'detached', timeout });
  });
  await shot(`${String(idx + 1).padStart(2, '0')}-${s.name}-4-fixed`);
  // Leave no dirty buffer behind for the next scenario.
  await page.keyboard.press('Control+S');
}

async function main() {
  let o;
  try { o = parseArgs(process.argv.slice(2)); } catch (e) {
    console.error(`smoke-ui: ${e.message}`);
    return 2;
  }
  const t0 = Date.now();
  fs.mkdirSync(o.out, { recursive: true });
  let run;
  try {
    run = await startCodeServer({ extensionDir: o.extension, workspace: o.workspace, verbose: o.verbose, env: o.env });
  } catch (e) {
    console.error(`smoke-ui: ${e.message}`);
    return 2;
  }
  let interrupted = false;
  const onSignal = async () => { interrupted = true; await run.stop(); process.exit(130); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  log(`code-server up on ${run.host}:${run.port} in ${run.startMs} ms (run dir ${run.dirs.root})`);

  let code = 0;
  let page;
  const shots = [];
  const shot = async (name) => {
    const file = path.join(o.out, `${name}.png`);
    await page.screenshot({ path: file });
    shots.push(file);
  };
  try {
    const wbLog = path.join(run.dirs.logs, 'workbench-console.log');
    ({ page } = await run.openPage({
      url: run.url(), // no extensionTestsPath: the extension stays loaded for interactive use
      onLog: (_l, text) => (o.verbose ? process.stdout.write(text + '\n') : fs.appendFileSync(wbLog, text + '\n')),
    }));
    await page.locator('.monaco-workbench').waitFor({ timeout: Math.max(60, o.timeout) * 1000 });
    log(`workbench up after ${Date.now() - t0} ms`);
    for (let i = 0; i < o.scenarios.length; i++) await runScenario(page, o.scenarios[i], i, o, shot);
  } catch (e) {
    if (interrupted) return 130;
    code = 1;
    console.error(`smoke-ui: ${e.message.split('\n')[0]}`);
    if (page) {
      const f = path.join(o.out, 'failure.png');
      await page.screenshot({ path: f }).catch(() => {});
      console.error(`smoke-ui: failure screenshot ${f}`);
    }
    console.error(`smoke-ui: logs kept in ${run.dirs.logs}`);
  }
  await run.stop();
  if (code === 0) fs.rmSync(run.dirs.root, { recursive: true, force: true });
  for (const f of shots) { const r = path.relative(process.cwd(), f); console.log(`screenshot: ${r.startsWith('..') ? f : r}`); }
  log(`${code === 0 ? 'PASSED' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s (exit ${code})`);
  return code;
}

module.exports = { openFromExplorer, goTo, focusRow, SQUIGGLE };

if (require.main === module) {
  main().then((c) => process.exit(c), (e) => { console.error('smoke-ui: internal error:', e); process.exit(2); });
}
