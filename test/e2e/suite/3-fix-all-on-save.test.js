'use strict';
// `source.fixAll.kube-label-lint` in editor.codeActionsOnSave (workspace settings) fixes the
// file on save: catalog.yaml's deprecated `owner` label goes, since `team` holds the same value.
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

const FILE = 'shop/catalog.yaml';
const KIND = 'source.fixAll.kube-label-lint';

describe('fix all on save', () => {
  let original;
  let previous;

  before(async () => {
    original = await h.readFile(FILE);
    // Written into the workspace copy's .vscode/settings.json.
    const editor = vscode.workspace.getConfiguration('editor');
    previous = editor.inspect('codeActionsOnSave').workspaceValue;
    await editor.update('codeActionsOnSave', { [KIND]: 'explicit' }, vscode.ConfigurationTarget.Workspace);
    assert.deepStrictEqual(vscode.workspace.getConfiguration('editor').get('codeActionsOnSave'), { [KIND]: 'explicit' });
  });

  after(async () => {
    await h.closeAllEditors();
    await vscode.workspace.getConfiguration('editor').update('codeActionsOnSave', previous, vscode.ConfigurationTarget.Workspace);
    await h.restoreFile(FILE, original);
    await h.waitForFinding(h.wsUri(FILE), 'label-deprecated');
  });

  it('offers "Fix all kube-label-lint problems" as a source.fixAll action', async () => {
    const { doc } = await h.openFile(FILE);
    await h.waitForFinding(doc.uri, 'label-deprecated');
    const all = new vscode.Range(0, 0, doc.lineCount, 0);
    // Right after the file opens, VS Code now and then cancels the request on its side and drops
    // the server's answer (the result is [] or "Canceled"; the server's log shows it answered one
    // action): ask again until an answer gets through.
    let titles = [];
    const fixAll = await h.waitFor(async () => {
      let actions;
      try {
        actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, all, KIND);
      } catch (e) {
        if (/Canceled/.test(String(e && e.message))) return undefined;
        throw e;
      }
      titles = (actions || []).map((a) => `${a.title} [${a.kind && a.kind.value}]`);
      return (actions || []).find((a) => a.title === 'Fix all kube-label-lint problems' && a.kind && a.kind.value === KIND);
    }, { what: 'the source.fixAll action', explain: () => JSON.stringify(titles) });
    assert.ok(fixAll, JSON.stringify(titles));
  });

  it('removes the deprecated "owner" label of catalog.yaml on save', async () => {
    const { doc } = await h.openFile(FILE);
    const d = await h.waitForFinding(doc.uri, 'label-deprecated');
    assert.strictEqual(doc.getText(d.range), 'owner');
    assert.ok(d.tags && d.tags.includes(vscode.DiagnosticTag.Deprecated), 'not tagged Deprecated');
    const expected = original.replace('    owner: storefront\n', '');
    assert.notStrictEqual(expected, original);

    // An explicit save (Ctrl+S) runs the save participants even on an unmodified file.
    await vscode.commands.executeCommand('workbench.action.files.save');
    await h.waitFor(() => doc.getText() === expected && !doc.isDirty, {
      what: 'the fix-all edit and the save',
      events: [vscode.workspace.onDidChangeTextDocument, vscode.workspace.onDidSaveTextDocument],
      explain: () => `dirty=${doc.isDirty}; text:\n${doc.getText()}`,
    });
    assert.strictEqual(await h.readFile(FILE), expected, 'the file on disk is not the fixed text');
    await h.waitForNoFinding(doc.uri, 'label-deprecated');
  });
});
