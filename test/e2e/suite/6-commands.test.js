'use strict';
// Every command of the "Kube Label Lint" category (read from the loaded package.json at test
// time) runs and produces its result. The generation commands open a new untitled editor with
// the policy (or taxonomy draft) for the workload under the cursor.
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

const CATEGORY = 'Kube Label Lint';

/** Commands this suite expects package.json to contribute (SPEC §4). */
const EXPECTED = [
  'kubeLabelLint.restartServer',
  'kubeLabelLint.showOutput',
  'kubeLabelLint.showReferences',
  'kubeLabelLint.showDocumentation',
  'kubeLabelLint.generateKubernetesPolicy',
  'kubeLabelLint.generateCalicoPolicy',
  'kubeLabelLint.generateStagedCalicoPolicy',
  'kubeLabelLint.generateNamespaceDefaultDeny',
  'kubeLabelLint.draftTaxonomy',
  'kubeLabelLint.showConnectivity',
];

/** Runs `id` and resolves with the new editor's document it opened (untitled or not yet open). */
async function runForNewDocument(id, ...args) {
  const before = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
  const result = vscode.commands.executeCommand(id, ...args);
  let failed;
  result.then(undefined, (e) => { failed = e; });
  const editor = await h.waitFor(() => {
    if (failed) throw failed;
    const e = vscode.window.activeTextEditor;
    return e && !before.has(e.document.uri.toString()) ? e : undefined;
  }, {
    what: `${id} to open a new editor`,
    events: [vscode.window.onDidChangeActiveTextEditor, vscode.window.onDidChangeVisibleTextEditors],
    explain: () => `active: ${vscode.window.activeTextEditor ? vscode.window.activeTextEditor.document.uri.toString() : '(none)'}`,
  });
  await result;
  return editor.document;
}

/** Opens `rel` with the cursor on `needle` (inside the workload of interest). */
async function cursorAt(rel, needle, n = 0) {
  const { doc, editor } = await h.openFile(rel);
  const pos = h.positionOf(doc, needle, { n, delta: 2 });
  editor.selection = new vscode.Selection(pos, pos);
  return { doc, editor };
}

function assertIncludes(text, parts, what) {
  for (const p of parts) assert.ok(text.includes(p), `${what}: ${JSON.stringify(p)} not in\n${text}`);
}

/** What each command must do. A contributed command without an entry here fails the suite. */
const CHECKS = {
  async 'kubeLabelLint.restartServer'(id) {
    const { doc } = await h.openFile('shop/cart.yaml');
    await h.waitForFinding(doc.uri, 'label-value-not-allowed');
    await vscode.commands.executeCommand(id);
    // The restarted server publishes again, for the open file and for the closed ones.
    await h.waitForFinding(doc.uri, 'label-value-not-allowed');
    await h.waitForFinding(h.wsUri('shop/reports.yaml'), 'label-required');
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri,
      h.withCode(doc.uri, 'label-value-not-allowed')[0].range, vscode.CodeActionKind.QuickFix.value);
    assert.ok((actions || []).some((a) => a.title === 'Replace with "prod"'), 'no quick fix after the restart');
  },

  async 'kubeLabelLint.showOutput'(id) {
    const isOurs = (d) => d.uri.scheme === 'output' && /Kube Label Lint|kube-label-lint/i.test(decodeURIComponent(d.uri.toString()));
    assert.ok(!vscode.workspace.textDocuments.some(isOurs), 'the output channel is already shown');
    await vscode.commands.executeCommand(id);
    // The output channel's document is created when the channel is shown.
    await h.waitFor(() => vscode.workspace.textDocuments.some(isOurs), {
      what: 'the "Kube Label Lint" output channel to show',
      events: [vscode.workspace.onDidOpenTextDocument],
      explain: () => vscode.workspace.textDocuments.map((d) => d.uri.toString()).join(', '),
    });
  },

  async 'kubeLabelLint.showReferences'(id) {
    // As a code lens calls it: LSP uri, position and locations.
    const { doc } = await h.openFile('shop/policies.yaml');
    const target = h.wsUri('shop/frontend.yaml');
    const loc = { uri: target.toString(), range: { start: { line: 3, character: 8 }, end: { line: 3, character: 16 } } };
    await vscode.commands.executeCommand(id, doc.uri.toString(), { line: 40, character: 2 }, [loc]);
    assert.strictEqual(vscode.window.activeTextEditor && vscode.window.activeTextEditor.document.uri.toString(), doc.uri.toString());
    // Bad arguments are ignored, not thrown.
    await vscode.commands.executeCommand(id);
  },

  async 'kubeLabelLint.showDocumentation'(id) {
    await vscode.commands.executeCommand(id, 'label-required', h.ruleDocUrl('label-required'));
    await h.waitFor(() => h.allTabs().find((t) => /label-required/.test(t.label)), {
      what: 'a preview of docs/rules/label-required.md',
      events: [vscode.window.tabGroups.onDidChangeTabs],
      explain: () => h.allTabs().map((t) => t.label).join(', ') || '(no tabs)',
    });
  },

  async 'kubeLabelLint.generateKubernetesPolicy'(id) {
    await cursorAt('shop/cart.yaml', 'name: cart');
    const doc = await runForNewDocument(id);
    assert.strictEqual(doc.languageId, 'yaml');
    assertIncludes(doc.getText(), ['apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'namespace: shop', 'app.kubernetes.io/name: cart'], id);
  },

  async 'kubeLabelLint.generateCalicoPolicy'(id) {
    await cursorAt('shop/cart.yaml', 'name: cart');
    const doc = await runForNewDocument(id);
    assert.strictEqual(doc.languageId, 'yaml');
    assertIncludes(doc.getText(), ['apiVersion: projectcalico.org/v3', 'kind: NetworkPolicy', "app.kubernetes.io/name == 'cart'"], id);
  },

  async 'kubeLabelLint.generateStagedCalicoPolicy'(id) {
    await cursorAt('shop/cart.yaml', 'name: cart');
    const doc = await runForNewDocument(id);
    assert.strictEqual(doc.languageId, 'yaml');
    assertIncludes(doc.getText(), ['apiVersion: projectcalico.org/v3', 'kind: StagedNetworkPolicy', "app.kubernetes.io/name == 'cart'"], id);
  },

  async 'kubeLabelLint.generateNamespaceDefaultDeny'(id) {
    await cursorAt('payments/payment.yaml', 'name: payment');
    const doc = await runForNewDocument(id);
    assert.strictEqual(doc.languageId, 'yaml');
    const text = doc.getText();
    assertIncludes(text, ['kind: NetworkPolicy', 'namespace: payments', 'podSelector: {}', 'Egress', 'port: 53'], id);
    assert.ok(!/namespace: shop\b/.test(text), `${id} generated for the wrong namespace:\n${text}`);
  },

  async 'kubeLabelLint.draftTaxonomy'(id) {
    await h.openFile('shop/cart.yaml');
    const doc = await runForNewDocument(id);
    assert.strictEqual(doc.languageId, 'yaml');
    assertIncludes(doc.getText(), ['labels:', 'app.kubernetes.io/name', 'team'], id);
  },

  async 'kubeLabelLint.showConnectivity'(id) {
    await h.openFile('shop/frontend.yaml');
    const tabsBefore = new Set(h.allTabs().map((t) => t.label));
    const docsBefore = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    await vscode.commands.executeCommand(id);
    // A text editor (markdown/yaml/…) or a webview: either way a new tab naming the workloads.
    const tab = await h.waitFor(() => h.allTabs().find((t) => !tabsBefore.has(t.label)), {
      what: `${id} to open its view`,
      events: [vscode.window.tabGroups.onDidChangeTabs],
      explain: () => h.allTabs().map((t) => t.label).join(', '),
    });
    if (tab.input instanceof vscode.TabInputText) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === tab.input.uri.toString());
      assert.ok(doc && !docsBefore.has(doc.uri.toString()), `no new document behind tab ${tab.label}`);
      assertIncludes(doc.getText(), ['frontend', 'cart', 'payment'], id);
    }
  },
};

describe('commands of the "Kube Label Lint" category', () => {
  const contributed = () => ((h.manifest().contributes || {}).commands || []).filter((c) => c.category === CATEGORY);

  it('are all contributed: the expected ones, each with an e2e check', function () {
    const ids = contributed().map((c) => c.command);
    const unchecked = ids.filter((id) => !CHECKS[id]);
    assert.deepStrictEqual(unchecked, [], `contributed commands without an e2e check in 6-commands.test.js: ${unchecked.join(', ')}`);
    const missing = EXPECTED.filter((id) => !ids.includes(id));
    if (missing.length) return h.pendingFeature(this, `package.json contributes no ${missing.join(', ')} (has: ${ids.join(', ')})`);
  });

  it('are registered by the extension', async function () {
    const registered = new Set(await vscode.commands.getCommands(true));
    const ids = contributed().map((c) => c.command);
    const unregistered = ids.filter((id) => !registered.has(id));
    assert.deepStrictEqual(unregistered, [], 'contributed but not registered');
  });

  for (const id of EXPECTED) {
    it(`${id} runs and produces its result`, async function () {
      const c = contributed().find((x) => x.command === id);
      if (!c) return h.pendingFeature(this, `package.json contributes no command ${id}`);
      await CHECKS[id](id);
    });
  }
});

describe('where the generation commands put their result', () => {
  it('appended to a chosen file: one insertion at its end, every byte before it unchanged, not saved', async () => {
    const rel = 'shop/cart.yaml';
    const original = await h.readFile(rel);
    const uri = h.wsUri(rel);
    await vscode.commands.executeCommand('kubeLabelLint.generateKubernetesPolicy', { workload: 'shop/cart', destination: uri.toString() });
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    assert.ok(doc, `${rel} was not opened`);
    const text = doc.getText();
    assert.ok(text.length > original.length && text.startsWith(original), `${rel} changed before its end:\n${text}`);
    const added = text.slice(original.length);
    assert.ok(added.startsWith(original.endsWith('\n') ? '---\n' : '\n---\n'), `no document marker before the policy:\n${added}`);
    assertIncludes(added, ['kind: NetworkPolicy', 'namespace: shop', 'app.kubernetes.io/name: cart'], 'appended policy');
    assert.ok(doc.isDirty, 'appending must leave saving to the user');
    assert.strictEqual(await h.readFile(rel), original, 'the file on disk changed');
  });

  it('a menu invocation (a resource Uri as argument) still uses the cursor and opens a new editor', async () => {
    const { doc: cart } = await cursorAt('shop/cart.yaml', 'name: cart');
    const doc = await runForNewDocument('kubeLabelLint.generateKubernetesPolicy', cart.uri);
    assert.ok(doc.isUntitled, doc.uri.toString());
    assertIncludes(doc.getText(), ['app.kubernetes.io/name: cart'], 'policy from the editor menu');
  });
});
