'use strict';
const assert = require('assert');
const vscode = require('vscode');

// KLL_E2E_SELFTEST_FAIL=1 makes one assertion fail on purpose (proves the runner exits non-zero).
const EXPECTED_MESSAGE = process.env.KLL_E2E_SELFTEST_FAIL === '1' ? 'deliberately wrong message' : 'Found BAD token';

function fixture(name) {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Resolve with getDiagnostics(uri) once `pred` holds; event-driven, no fixed sleeps. */
function waitForDiagnostics(uri, pred, timeoutMs = 20000) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const diags = vscode.languages.getDiagnostics(uri);
      if (pred(diags)) {
        sub.dispose();
        clearTimeout(timer);
        resolve(diags);
        return true;
      }
      return false;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for diagnostics on ${uri.toString()}: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => d.message))}`));
    }, timeoutMs);
    check();
  });
}

const ours = (diags) => diags.filter((d) => d.source === 'kll-e2e-selftest');

describe('harness self-test', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('passes KLL_E2E_* env to the extension host', () => {
    const folder = vscode.workspace.workspaceFolders[0];
    assert.strictEqual(process.env.KLL_E2E, '1');
    if (process.env.KLL_E2E_WORKSPACE) {
      assert.strictEqual(folder.uri.fsPath, process.env.KLL_E2E_WORKSPACE);
    }
  });

  it('reports BAD in a YAML file with message and range', async () => {
    const uri = fixture('sample.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.languageId, 'yaml');
    const diags = ours(await waitForDiagnostics(uri, (d) => ours(d).length > 0));
    assert.strictEqual(diags.length, 1);
    assert.strictEqual(diags[0].message, EXPECTED_MESSAGE);
    assert.strictEqual(diags[0].severity, vscode.DiagnosticSeverity.Error);
    assert.deepStrictEqual(
      [diags[0].range.start.line, diags[0].range.start.character, diags[0].range.end.line, diags[0].range.end.character],
      [6, 10, 6, 13],
    );
  });

  it('offers the "Replace BAD" quick fix, and applying it clears the diagnostic', async () => {
    const uri = fixture('sample.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const [diag] = ours(await waitForDiagnostics(uri, (d) => ours(d).length > 0));
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, diag.range);
    const fix = (actions || []).find((a) => a.title === 'Replace BAD');
    assert.ok(fix, `quick fix offered; got ${JSON.stringify((actions || []).map((a) => a.title))}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await waitForDiagnostics(uri, (d) => ours(d).length === 0);
    assert.strictEqual(doc.lineAt(6).text, '    tier: GOOD');
  });

  it('reports nothing for a clean file, and search finds the fixtures', async () => {
    const uri = fixture('clean.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.languageId, 'yaml');
    assert.deepStrictEqual(ours(vscode.languages.getDiagnostics(uri)), []);
    const files = await vscode.workspace.findFiles('**/*.yaml'); // uses ripgrep under the hood
    assert.deepStrictEqual(files.map((f) => f.path.split('/').pop()).sort(), ['clean.yaml', 'other.yaml', 'sample.yaml']);
  });
});
