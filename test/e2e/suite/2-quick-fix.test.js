'use strict';
// A quick fix from the code action provider, applied with workspace.applyEdit, gives the exact
// expected text.
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

describe('quick fix', () => {
  it('replaces the not-allowed environment "prd" with "prod" in cart.yaml', async function () {
    const { doc } = await h.openFile('shop/cart.yaml');
    const original = doc.getText();
    const d = await h.waitForFinding(doc.uri, 'label-value-not-allowed');
    assert.strictEqual(doc.getText(d.range), 'prd');
    assert.strictEqual(d.code.target.toString(true), h.ruleDocUrl('label-value-not-allowed'));

    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const titles = (actions || []).map((a) => a.title);
    const fix = (actions || []).find((a) => a.title === 'Replace with "prod"');
    assert.ok(fix, `no 'Replace with "prod"' among ${JSON.stringify(titles)}`);
    assert.ok(fix.edit, 'the fix has no edit');
    assert.ok(titles.includes('Disable label-value-not-allowed for this line'), JSON.stringify(titles));
    assert.ok(titles.includes('Show documentation for label-value-not-allowed'), JSON.stringify(titles));
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'applyEdit failed');

    const expected = original.replace('    environment: prd\n', '    environment: prod\n');
    assert.notStrictEqual(expected, original);
    assert.strictEqual(doc.getText(), expected);
    await h.waitForNoFinding(doc.uri, 'label-value-not-allowed');
    // selector-template-mismatch (the redis StatefulSet) is unrelated and stays.
    assert.strictEqual(h.withCode(doc.uri, 'selector-template-mismatch').length, 1, h.describeDiagnostics(doc.uri));
  });
});
