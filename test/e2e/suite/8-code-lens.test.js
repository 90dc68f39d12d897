'use strict';
// Code lenses: on a policy, the workloads it selects; on a workload, the policies that isolate
// it (texts from server/src/codeLens.ts).
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

async function lensesOf(rel) {
  const { doc } = await h.openFile(rel);
  // The first request may come before the server has analysed the workspace: ask until lenses come.
  const lenses = await h.waitFor(async () => {
    const l = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri);
    return l && l.length ? l : undefined;
  }, { what: `code lenses in ${rel}`, pollMs: 1000, timeout: 30000 }).catch(() => []);
  return { doc, lenses };
}

/**
 * The lens titles on the `n`th object of the file: lenses from the line after the `---` before
 * its `apiVersion:` (its leading comments) to that line.
 */
function titlesAt(doc, lenses, n) {
  const api = h.positionOf(doc, 'apiVersion:', { n }).line;
  let first = api;
  while (first > 0 && !/^---/.test(doc.lineAt(first - 1).text)) first--;
  return lenses.filter((l) => l.range.start.line >= first && l.range.start.line <= api).map((l) => l.command && l.command.title);
}

describe('code lenses', () => {
  it('on a policy: "selects N workloads"', async function () {
    const { doc, lenses } = await lensesOf('shop/policies.yaml');
    if (!lenses.length) return h.pendingFeature(this, 'no code lenses in shop/policies.yaml (server/src/policyModel.ts: resolvePolicyView returns no PolicyView)');
    const all = JSON.stringify(lenses.map((l) => `${l.range.start.line + 1}: ${l.command && l.command.title}`));
    assert.deepStrictEqual(titlesAt(doc, lenses, 0), ['selects 5 workloads'], `default-deny (shop: cart, redis, catalog, frontend, reports); all: ${all}`);
    assert.deepStrictEqual(titlesAt(doc, lenses, 2), ['selects 1 workload'], `frontend-allow; all: ${all}`);
    assert.deepStrictEqual(titlesAt(doc, lenses, 3), ['selects 0 workloads'], `catalog-allow; all: ${all}`);
    const one = lenses.find((l) => l.command && l.command.title === 'selects 1 workload');
    assert.strictEqual(one.command.command, 'kubeLabelLint.showReferences');
    // Clicking it peeks the frontend Deployment.
    await vscode.commands.executeCommand(one.command.command, ...(one.command.arguments || []));
  });

  it('on a workload: "isolated by: …" or "not isolated"', async function () {
    const cart = await lensesOf('shop/cart.yaml');
    if (!cart.lenses.length) return h.pendingFeature(this, 'no code lenses in shop/cart.yaml (server/src/policyModel.ts: resolvePolicyView returns no PolicyView)');
    const [cartTitle] = titlesAt(cart.doc, cart.lenses, 0);
    assert.match(cartTitle || '', /^isolated by: .*default-deny/, `cart Deployment: ${cartTitle}`);

    const payments = await lensesOf('payments/payment.yaml');
    // The ledger Deployment (3rd object): no policy selects it.
    assert.deepStrictEqual(titlesAt(payments.doc, payments.lenses, 2), ['not isolated (ingress/egress)']);
    const [paymentTitle] = titlesAt(payments.doc, payments.lenses, 0);
    assert.match(paymentTitle || '', /^isolated by: .*payment-egress/, `payment Deployment: ${paymentTitle}`);
  });
});
