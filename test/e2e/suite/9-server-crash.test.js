'use strict';
// The language server killed (SIGKILL, as a crash or the OOM killer would): the language client
// restarts it (its default error handler: up to 4 restarts in 3 minutes), and the findings come
// back, for the open document and the closed files, and edits are checked again. Runs last: it
// kills the server the other tests use. Linux only (the process is found through /proc).
const assert = require('assert');
const fs = require('fs');
const vscode = require('vscode');
const h = require('./helpers');

/** Kills the running server and resolves with the new one's pid once the client started it. */
async function killServer() {
  const [pid] = await h.waitFor(() => {
    const pids = h.serverPids();
    return pids.length === 1 ? pids : undefined;
  }, { what: 'one kube-label-lint server process under the extension host', explain: () => JSON.stringify(h.serverPids()) });
  process.kill(pid, 'SIGKILL');
  const [restarted] = await h.waitFor(() => {
    const pids = h.serverPids().filter((p) => p !== pid);
    return pids.length ? pids : undefined;
  }, { what: 'a new server process', explain: () => JSON.stringify(h.serverPids()) });
  return { pid, restarted };
}

describe('server crash', () => {
  const NEW_FILE = 'payments/ledger-api.yaml';
  after(() => fs.rmSync(h.wsUri(NEW_FILE).fsPath, { force: true }));

  it('a killed server is restarted by the client: findings come back and edits are checked again', async function () {
    if (process.platform !== 'linux') return this.skip();
    const { doc } = await h.openFile('shop/cart.yaml');
    await h.waitForFinding(doc.uri, 'label-value-not-allowed');
    const { pid, restarted } = await killServer();
    assert.notStrictEqual(restarted, pid);

    // The client dropped the old server's diagnostics before it started the new one: these come
    // from the new server, for the open document and for a closed file.
    await h.waitForFinding(doc.uri, 'label-value-not-allowed', (d) => /"prd"/.test(d.message));
    await h.waitForFinding(h.wsUri('shop/reports.yaml'), 'label-required');
    // An edit after the restart gets its own finding: the new server follows the document.
    await h.setText(doc, doc.getText().replace('        environment: prod\n', '        environment: qa\n'));
    await h.waitForFinding(doc.uri, 'label-value-not-allowed', (d) => /"qa"/.test(d.message));
    assert.deepStrictEqual(h.serverPids(), [restarted], 'one server runs after the restart');
  });

  it('a document of a deleted file that no tab shows does not come back with the restarted server', async function () {
    if (process.platform !== 'linux') return this.skip();
    const payment = h.wsUri('payments/payment.yaml');
    const dangling = (d) => /ledger-api/.test(d.message);
    await h.waitForFinding(payment, 'service-selector-dangling', dangling);
    fs.writeFileSync(h.wsUri(NEW_FILE).fsPath, h.LEDGER_API_WORKLOAD);
    await h.waitForNoFinding(payment, 'service-selector-dangling', dangling);
    const { doc } = await h.openFile(NEW_FILE);
    fs.rmSync(h.wsUri(NEW_FILE).fsPath);
    await h.closeAllEditors();
    await h.waitForFinding(payment, 'service-selector-dangling', dangling);
    if (doc.isClosed) return this.skip(); // VS Code closed it: the case does not arise

    // The new server gets didOpen for every open document, this one too; the extension tells
    // it again that no tab shows it, so its workload stays out of the workspace.
    await killServer();
    await h.waitForFinding(h.wsUri('shop/reports.yaml'), 'label-required');
    await h.waitForFinding(payment, 'service-selector-dangling', dangling);
    await h.waitForDiagnostics(doc.uri, (l) => l.length === 0, 'no diagnostics for the deleted file');
  });
});
