'use strict';
// The taxonomy file reloads on save. A broken one shows its error in the taxonomy file, and the
// last valid taxonomy still applies to the manifests.
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

const TAXONOMY = 'label-taxonomy.yaml';
const CART = 'shop/cart.yaml';
const summary = (uri) => h.ours(uri).map((d) => `${h.codeOf(d)}@${d.range.start.line}:${d.range.start.character} ${d.message}`).sort();

describe('taxonomy', () => {
  let original;
  before(async () => { original = await h.readFile(TAXONOMY); });
  after(async () => {
    await h.closeAllEditors();
    await h.restoreFile(TAXONOMY, original);
    await h.waitForDiagnostics(h.wsUri(TAXONOMY), (l) => l.length === 0, 'no taxonomy error');
  });

  it('reloads on save: allowing "prd" clears the finding in cart.yaml, reverting brings it back', async () => {
    const cart = h.wsUri(CART);
    await h.waitForFinding(cart, 'label-value-not-allowed');
    const { doc } = await h.openFile(TAXONOMY);
    await h.setText(doc, original.replace('values: [dev, staging, prod]', 'values: [dev, staging, prod, prd]'));
    assert.ok(await doc.save(), 'save failed');
    await h.waitForNoFinding(cart, 'label-value-not-allowed');
    await h.setText(doc, original);
    assert.ok(await doc.save(), 'save failed');
    await h.waitForFinding(cart, 'label-value-not-allowed');
  });

  it('shows a broken taxonomy\'s error in the taxonomy file and keeps the old taxonomy in force', async () => {
    const cart = h.wsUri(CART);
    await h.waitForFinding(cart, 'label-value-not-allowed');
    const before = summary(cart);

    const { doc } = await h.openFile(TAXONOMY);
    // Invalid (`sometimes` is no unknownLabels mode); if it applied anyway, "prd" would be allowed.
    const broken = original
      .replace('unknownLabels: warn', 'unknownLabels: sometimes')
      .replace('values: [dev, staging, prod]', 'values: [dev, staging, prod, prd]');
    await h.setText(doc, broken);
    assert.ok(await doc.save(), 'save failed');
    const [err] = await h.waitForDiagnostics(doc.uri, (l) => l.length > 0, 'the taxonomy error');
    assert.strictEqual(err.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(h.codeOf(err), 'label-taxonomy');
    const at = h.positionOf(doc, 'sometimes');
    assert.strictEqual(err.range.start.line, at.line, `error at line ${err.range.start.line + 1}: ${err.message}`);

    // The manifests keep their findings under the last valid taxonomy, closed or opened.
    assert.deepStrictEqual(summary(cart), before);
    const { doc: cartDoc } = await h.openFile(CART);
    await h.waitForFinding(cartDoc.uri, 'label-value-not-allowed');
    // Hover on the value: judged by the old taxonomy's values.
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', cartDoc.uri, h.positionOf(cartDoc, 'environment: prd', { delta: 'environment: p'.length }));
    const text = (hovers || []).flatMap((x) => x.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
    assert.match(text, /Deployment stage/, `hover: ${text}`);
    assert.match(text, /`prd` is not allowed/, `hover: ${text}`);

    // Revert: the error goes.
    await h.setText(doc, original);
    assert.ok(await doc.save(), 'save failed');
    await h.waitForDiagnostics(doc.uri, (l) => l.length === 0, 'no taxonomy error');
    await h.waitForFinding(cart, 'label-value-not-allowed');
  });
});
