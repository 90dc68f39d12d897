'use strict';
// Completion of label values and keys from the taxonomy; hover on a label key.
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

const labelOf = (item) => (typeof item.label === 'string' ? item.label : item.label.label);

describe('completion and hover', () => {
  it('completes the values of "environment" after `environment: `', async () => {
    const { doc } = await h.openFile('shop/frontend.yaml');
    const pos = h.positionOf(doc, 'environment: ', { delta: 'environment: '.length });
    const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, pos);
    const labels = list.items.map(labelOf);
    for (const v of ['dev', 'staging', 'prod']) assert.ok(labels.includes(v), `${v} not among ${JSON.stringify(labels)}`);
    const prod = list.items.find((i) => labelOf(i) === 'prod');
    assert.strictEqual(prod.kind, vscode.CompletionItemKind.EnumMember);
  });

  it('completes label keys in a labels block, without the keys already there', async () => {
    const { doc } = await h.openFile('shop/frontend.yaml');
    const after = h.positionOf(doc, 'app.kubernetes.io/part-of: shop', { delta: 'app.kubernetes.io/part-of: shop'.length });
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, after, '\n    ');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const pos = new vscode.Position(after.line + 1, 4);
    const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, pos);
    const labels = list.items.map(labelOf);
    assert.ok(labels.includes('app.kubernetes.io/component'), JSON.stringify(labels));
    assert.ok(!labels.includes('team'), `team is already there: ${JSON.stringify(labels)}`);
  });

  it('shows the taxonomy entry of "team" on hover', async () => {
    const { doc } = await h.openFile('shop/frontend.yaml');
    const pos = h.positionOf(doc, '    team: storefront', { delta: 6 });
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, pos);
    const text = (hovers || []).flatMap((x) => x.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
    assert.match(text, /Owning team/, `hover: ${text}`);
    assert.match(text, /storefront/, `hover lists no allowed values: ${text}`);
  });
});
