'use strict';
// A manifest with a missing required label: the diagnostic's rule id, range, severity and rule
// doc link; it clears after the fix.
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

describe('diagnostics', () => {
  it('reports the missing "team" label of the CronJob pod template with code, range and doc link, and clears after the fix', async function () {
    const { doc } = await h.openFile('shop/reports.yaml');
    const original = doc.getText();
    const d = await h.waitForFinding(doc.uri, 'label-required', (x) => /"team"/.test(x.message));

    assert.strictEqual(d.message, 'Required label "team" is missing from the pod template.');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(d.source, 'kube-label-lint');
    // With a codeDescription the client surfaces the code as { value, target }.
    assert.ok(d.code && typeof d.code === 'object', `code is not { value, target }: ${JSON.stringify(d.code)}`);
    assert.strictEqual(d.code.value, 'label-required');
    assert.strictEqual(d.code.target.toString(true), h.ruleDocUrl('label-required'));
    // The range covers the template's `labels` key: line 19, columns 11-17 (1-based).
    const labelsAt = h.positionOf(doc, 'labels:', { n: 1 });
    assert.deepStrictEqual(
      [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
      [labelsAt.line, labelsAt.character, labelsAt.line, labelsAt.character + 'labels'.length],
    );
    assert.strictEqual(labelsAt.line, 18);

    // The fix: add the label the CronJob itself carries.
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const titles = (actions || []).map((a) => a.title);
    const fix = (actions || []).find((a) => a.title === 'Add label team: storefront to the pod template');
    assert.ok(fix, `no "Add label team: storefront to the pod template" fix among ${JSON.stringify(titles)}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'applyEdit failed');
    const text = doc.getText();
    const template = text.slice(text.indexOf('          labels:\n'), text.indexOf('        spec:'));
    assert.match(template, /^ {12}team: storefront$/m, `pod template labels after the fix:\n${template}`);
    assert.strictEqual(text.replace(/^ {12}team: storefront\n/m, ''), original, 'the fix changed more than one line');
    await h.waitForNoFinding(doc.uri, 'label-required');
    // The other findings of the file stay.
    assert.ok(h.withCode(doc.uri, 'label-unknown').length === 1, h.describeDiagnostics(doc.uri));
  });
});
