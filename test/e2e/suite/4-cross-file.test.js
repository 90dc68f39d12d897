'use strict';
// A cross-file finding follows changes ON DISK: payments/payment.yaml's `ledger` Service selects
// `ledger-api`, which no pod carries (service-selector-dangling), until another file adds one.
// A file deleted while open stays in the workspace until its editor closes.
const assert = require('assert');
const fs = require('fs');
const vscode = require('vscode');
const h = require('./helpers');

const NEW_FILE = 'payments/ledger-api.yaml';
const WORKLOAD = h.LEDGER_API_WORKLOAD;

describe('cross-file findings', () => {
  after(() => fs.rmSync(h.wsUri(NEW_FILE).fsPath, { force: true }));

  it('service-selector-dangling on payment.yaml disappears when a file on disk adds the workload, and comes back when it is deleted', async function () {
    const payment = h.wsUri('payments/payment.yaml');
    const dangling = (d) => /ledger-api/.test(d.message);
    try {
      await h.waitForFinding(payment, 'service-selector-dangling', dangling);
    } catch (e) {
      return h.pendingFeature(this, `service-selector-dangling (policy rules) reports nothing on payments/payment.yaml (${e.message})`);
    }
    const d = h.withCode(payment, 'service-selector-dangling').find(dangling);
    assert.strictEqual(d.code.target.toString(true), h.ruleDocUrl('service-selector-dangling'));
    // Somewhere in the ledger Service's selector (lines 86-87).
    assert.ok(d.range.start.line >= 85 && d.range.start.line <= 86, `range starts on line ${d.range.start.line + 1}`);

    // Written by plain fs: an outside change that only the file watcher reports.
    fs.writeFileSync(h.wsUri(NEW_FILE).fsPath, WORKLOAD);
    await h.waitForNoFinding(payment, 'service-selector-dangling', dangling);

    fs.rmSync(h.wsUri(NEW_FILE).fsPath);
    await h.waitForFinding(payment, 'service-selector-dangling', dangling);
    assert.ok(!vscode.workspace.textDocuments.some((x) => x.uri.toString() === payment.toString()), 'payment.yaml was opened');
  });

  it('a file deleted on disk while open keeps its workload until its editor closes; then the finding on payment.yaml comes back', async function () {
    const payment = h.wsUri('payments/payment.yaml');
    const dangling = (d) => /ledger-api/.test(d.message);
    try {
      await h.waitForFinding(payment, 'service-selector-dangling', dangling);
    } catch (e) {
      return h.pendingFeature(this, `service-selector-dangling reports nothing on payments/payment.yaml (${e.message})`);
    }
    fs.writeFileSync(h.wsUri(NEW_FILE).fsPath, WORKLOAD);
    await h.waitForNoFinding(payment, 'service-selector-dangling', dangling);
    const { doc } = await h.openFile(NEW_FILE);

    fs.rmSync(h.wsUri(NEW_FILE).fsPath);
    // The editor keeps the deleted file's text; an edit to it is still checked (owner is deprecated).
    await h.setText(doc, doc.getText().replace('    team: payments\n', '    team: payments\n    owner: payments\n'));
    await h.waitForFinding(doc.uri, 'label-deprecated');
    assert.ok(!h.withCode(payment, 'service-selector-dangling').some(dangling), 'the open file\'s workload left the workspace');

    // VS Code keeps the document open after its tab closes (no didClose for minutes); the
    // extension tells the server the deleted file's last tab closed.
    await h.closeAllEditors();
    await h.waitForFinding(payment, 'service-selector-dangling', dangling);
    await h.waitForDiagnostics(doc.uri, (l) => l.length === 0, 'no diagnostics for the deleted file');
    assert.ok(!fs.existsSync(h.wsUri(NEW_FILE).fsPath), 'closing the editor wrote the file again');
    if (doc.isClosed) return; // VS Code did close it: nothing to show again

    // Shown again (the same document): checked again, its workload back in the workspace.
    await vscode.window.showTextDocument(doc, { preview: false });
    await h.waitForDiagnostics(doc.uri, (l) => l.length > 0, 'diagnostics for the document shown again');
    await h.waitForNoFinding(payment, 'service-selector-dangling', dangling);
    await h.closeAllEditors();
    await h.waitForFinding(payment, 'service-selector-dangling', dangling);
  });
});
