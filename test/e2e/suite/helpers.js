'use strict';
// Shared helpers for the kube-label-lint end-to-end suite. They run inside the extension host
// (code-server or desktop VS Code through @vscode/test-electron). Every wait is a condition
// wait: an event (onDidChangeDiagnostics, onDidChangeActiveTextEditor, …) re-checks the
// condition, a light poll backs it up, and a deadline turns "never" into a clear failure.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

const EXTENSION_ID = 'kube-label-lint.kube-label-lint';
const SOURCE = 'kube-label-lint';
/** Generous: the machine that runs this may be loaded by builds. */
const WAIT_MS = Number(process.env.KLL_E2E_WAIT_MS) || 60000;

function extension() {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext;
}

/** The extension's package.json as loaded (the unpacked .vsix's in the e2e run). */
function manifest() {
  return extension().packageJSON;
}

function ruleDocUrl(ruleId) {
  return `${String(manifest().homepage).replace(/\/$/, '')}/blob/main/docs/rules/${ruleId}.md`;
}

function folder() {
  const f = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(f, 'no workspace folder is open');
  return f.uri;
}

/** A workspace file's uri from a path relative to the workspace folder ('shop/cart.yaml'). */
function wsUri(rel) {
  return vscode.Uri.joinPath(folder(), ...rel.split('/'));
}

const codeOf = (d) => (d.code && typeof d.code === 'object' ? d.code.value : d.code);
const ours = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
const withCode = (uri, code) => ours(uri).filter((d) => codeOf(d) === code);

function describeDiagnostics(uri) {
  const list = ours(uri);
  if (!list.length) return '(none)';
  return list.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${codeOf(d)} ${JSON.stringify(d.message)}`).join('; ');
}

/**
 * Waits until check() returns a truthy value and resolves with it. check() runs now, on every
 * event of `events` (vscode.Event functions) and every `pollMs` as a fallback. Rejects after
 * `timeout` with `what` and, if given, `explain()` (the state at that moment).
 */
function waitFor(check, { what = 'condition', timeout = WAIT_MS, events = [], pollMs = 250, explain } = {}) {
  return new Promise((resolve, reject) => {
    const subs = [];
    let done = false;
    let timer;
    let poll;
    const finish = (err, value) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(poll);
      for (const s of subs) s.dispose();
      if (err) reject(err);
      else resolve(value);
    };
    const test = async () => {
      if (done) return;
      try {
        const v = await check();
        if (v) finish(null, v);
      } catch (e) {
        finish(e);
      }
    };
    for (const ev of events) subs.push(ev(() => void test()));
    timer = setTimeout(() => {
      let state = '';
      try { state = explain ? `; now: ${explain()}` : ''; } catch (e) { state = `; (explain failed: ${e.message})`; }
      finish(new Error(`timed out after ${timeout} ms waiting for ${what}${state}`));
    }, timeout);
    poll = setInterval(() => void test(), pollMs);
    void test();
  });
}

/** Waits until predicate(our diagnostics of uri) holds; resolves with those diagnostics. */
function waitForDiagnostics(uri, predicate, what, timeout = WAIT_MS) {
  return waitFor(() => {
    const list = ours(uri);
    return predicate(list) ? list : undefined;
  }, {
    what: `${what} in ${vscode.workspace.asRelativePath(uri)}`,
    timeout,
    events: [vscode.languages.onDidChangeDiagnostics],
    explain: () => describeDiagnostics(uri),
  });
}

/** Waits for one diagnostic with this rule id (and matching `filter`); resolves with it. */
async function waitForFinding(uri, code, filter = () => true, timeout = WAIT_MS) {
  const list = await waitForDiagnostics(uri, (l) => l.some((d) => codeOf(d) === code && filter(d)), `a ${code} diagnostic`, timeout);
  return list.find((d) => codeOf(d) === code && filter(d));
}

function waitForNoFinding(uri, code, filter = () => true, timeout = WAIT_MS) {
  return waitForDiagnostics(uri, (l) => !l.some((d) => codeOf(d) === code && filter(d)), `no ${code} diagnostic`, timeout);
}

/** Opens a workspace file in an editor (and so in the language server). */
async function openFile(rel, opts = {}) {
  const doc = await vscode.workspace.openTextDocument(wsUri(rel));
  const editor = await vscode.window.showTextDocument(doc, { preview: false, ...opts });
  return { doc, editor };
}

/** Replaces the whole text of an open document (unsaved). */
async function setText(doc, text) {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(edit), `could not edit ${doc.uri.toString()}`);
}

/** Position of the `n`th (0-based) occurrence of `needle` in the document, plus `delta` characters. */
function positionOf(doc, needle, { n = 0, delta = 0 } = {}) {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `${JSON.stringify(needle)} (occurrence ${n}) not found in ${vscode.workspace.asRelativePath(doc.uri)}`);
  }
  return doc.positionAt(at + delta);
}

function allTabs() {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs);
}

/**
 * Leaves the workbench clean: every dirty editor reverted (untitled ones discarded), every tab
 * closed. Files a test wrote or changed on disk are that test's to restore.
 */
async function closeAllEditors() {
  for (let guard = 0; guard < 50; guard++) {
    const dirty = allTabs().find((t) => t.isDirty && t.input instanceof vscode.TabInputText);
    if (!dirty) break;
    const doc = await vscode.workspace.openTextDocument(dirty.input.uri);
    await vscode.window.showTextDocument(doc, { preview: false, viewColumn: dirty.group.viewColumn });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  const tabs = allTabs();
  if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
  await waitFor(() => allTabs().length === 0, { what: 'all editors to close', timeout: 15000, events: [vscode.window.tabGroups.onDidChangeTabs] });
}

/**
 * Restores a workspace file's text on disk (and in its open document, if any) and saves.
 * Used by tests that save files.
 */
async function restoreFile(rel, text) {
  const uri = wsUri(rel);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open && !open.isClosed) {
    if (open.getText() !== text) await setText(open, text);
    if (open.isDirty) await open.save();
  }
  const onDisk = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  if (onDisk !== text) await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
}

async function readFile(rel) {
  return Buffer.from(await vscode.workspace.fs.readFile(wsUri(rel))).toString('utf8');
}

/**
 * A feature another piece of work still has to deliver. By default that is a failure with the
 * reason; with KLL_E2E_ALLOW_PENDING=1 the test is marked pending instead (mocha `skip`).
 */
function pendingFeature(ctx, reason) {
  if (process.env.KLL_E2E_ALLOW_PENDING === '1') {
    console.log(`      (pending: ${reason})`);
    ctx.skip();
  }
  throw new Error(`missing feature: ${reason}`);
}

/** Activates the extension and waits until the first workspace scan has published findings. */
async function ready() {
  const ext = extension();
  if (!ext.isActive) await ext.activate();
  // A closed file with known findings: the scan of the whole workspace reached it.
  await waitForDiagnostics(wsUri('shop/reports.yaml'), (l) => l.length > 0, 'the workspace scan to publish findings', Math.max(WAIT_MS, 90000));
}

/** A Deployment whose pods payments/payment.yaml's `ledger` Service selects (it has no pods otherwise). */
const LEDGER_API_WORKLOAD = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ledger-api
  namespace: payments
  labels:
    app.kubernetes.io/name: ledger-api
    team: payments
    environment: prod
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: ledger-api
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ledger-api
        app.kubernetes.io/component: api
        team: payments
        environment: prod
    spec:
      containers:
        - name: api
          image: example.com/payments/ledger-api:1.0.0
          ports:
            - name: http
              containerPort: 9000
`;

function realpath(p) {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/** Pids of our language server among the extension host's descendants (it forks the server). Linux only (/proc). */
function serverPids() {
  const serverJs = realpath(path.join(extension().extensionUri.fsPath, 'server', 'out', 'server.js'));
  const children = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(name));
  }
  const found = [];
  const queue = [...(children.get(process.pid) || [])];
  while (queue.length) {
    const pid = queue.shift();
    queue.push(...(children.get(pid) || []));
    let args = [];
    try {
      args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    // A killed child that is not reaped yet has an empty command line.
    if (args.some((a) => a.endsWith('server.js') && realpath(a) === serverJs)) found.push(pid);
  }
  return found;
}

module.exports = {
  serverPids,
  LEDGER_API_WORKLOAD,
  EXTENSION_ID,
  SOURCE,
  WAIT_MS,
  extension,
  manifest,
  ruleDocUrl,
  folder,
  wsUri,
  codeOf,
  ours,
  withCode,
  describeDiagnostics,
  waitFor,
  waitForDiagnostics,
  waitForFinding,
  waitForNoFinding,
  openFile,
  setText,
  positionOf,
  allTabs,
  closeAllEditors,
  restoreFile,
  readFile,
  pendingFeature,
  ready,
};
