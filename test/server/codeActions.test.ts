// Code actions over LSP: quick fixes with their exact edits, disable-next-line comments, the
// documentation command, fix-all, and stale diagnostics.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Command, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol/node';
import { LspTestClient, applyTextEdits, copyFixture, fileUri, registeredRules, removeDir } from './lspClient';

const rules = registeredRules();
const needs = (...ids: string[]) => {
  const missing = ids.filter((id) => !rules.has(id));
  return missing.length ? `${missing.join(', ')} not registered yet` : false;
};

const isAction = (a: CodeAction | Command): a is CodeAction => 'kind' in a || 'edit' in a || 'diagnostics' in a;

function editsOf(action: CodeAction): { version: number | null; edits: TextEdit[] } {
  const change = action.edit!.documentChanges![0] as TextDocumentEdit;
  return { version: change.textDocument.version, edits: change.edits as TextEdit[] };
}

const DEPRECATED = `apiVersion: v1
kind: ConfigMap
metadata:
  name: a
  labels:
    app.kubernetes.io/name: a
    owner: checkout
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: b
  labels: {app.kubernetes.io/name: b, owner: search}
`;

describe('server: code actions', () => {
  let dir: string;
  let c: LspTestClient;
  const uri = (p: string) => fileUri(path.join(dir, p));
  before(async () => {
    dir = copyFixture('basic');
    c = await LspTestClient.start({ workspace: dir });
    await c.waitForScan();
  });
  after(async () => {
    await c.stop();
    removeDir(dir);
  });

  async function actionsFor(u: string, d: Diagnostic, only?: string[]): Promise<CodeAction[]> {
    const result = (await c.codeActions(u, d.range, { diagnostics: [d], only })) ?? [];
    return result.filter(isAction);
  }

  it('a safe fix is a preferred quick fix whose edit is versioned and exact', { skip: needs('label-deprecated') }, async () => {
    const u = uri('apps/deprecated.yaml');
    c.open(u, DEPRECATED);
    const diags = (await c.waitForDiagnostics(u, { version: 1 })).filter((d) => d.code === 'label-deprecated');
    assert.equal(diags.length, 2);
    const actions = await actionsFor(u, diags[0]);
    const rename = actions.find((a) => a.title === 'Rename "owner" to "team"');
    assert.ok(rename, `no rename among ${actions.map((a) => a.title)}`);
    assert.equal(rename.kind, 'quickfix');
    assert.equal(rename.isPreferred, true);
    assert.deepEqual(rename.diagnostics, [diags[0]]);
    const { version, edits } = editsOf(rename);
    assert.equal(version, 1);
    assert.deepEqual(edits, [{ range: { start: { line: 6, character: 4 }, end: { line: 6, character: 9 } }, newText: 'team' }]);
    assert.equal(applyTextEdits(DEPRECATED, edits).split('\n')[6], '    team: checkout');
    c.close(u);
  });

  it('"Fix all <rule> problems" and source.fixAll apply every safe fix as one versioned edit', { skip: needs('label-deprecated') }, async () => {
    const u = uri('apps/deprecated2.yaml');
    c.open(u, DEPRECATED);
    const diags = (await c.waitForDiagnostics(u, { version: 1 })).filter((d) => d.code === 'label-deprecated');
    const actions = await actionsFor(u, diags[0]);
    const all = actions.find((a) => a.title === 'Fix all label-deprecated problems');
    assert.ok(all);
    const fixAll = (await c.codeActions(u, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, { only: ['source.fixAll.kube-label-lint'] }))!.filter(isAction);
    assert.equal(fixAll.length, 1);
    assert.equal(fixAll[0].kind, 'source.fixAll.kube-label-lint');
    assert.equal(fixAll[0].title, 'Fix all kube-label-lint problems');
    const { version, edits } = editsOf(fixAll[0]);
    assert.equal(version, 1);
    const fixed = applyTextEdits(DEPRECATED, edits);
    assert.equal(fixed, DEPRECATED.replace('    owner: checkout', '    team: checkout').replace('owner: search}', 'team: search}'));
    // The client asking for `source.fixAll` (a prefix) gets it too; quick fixes are not included.
    const viaPrefix = (await c.codeActions(u, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, { only: ['source.fixAll'] }))!.filter(isAction);
    assert.deepEqual(viaPrefix.map((a) => a.kind), ['source.fixAll.kube-label-lint']);
    // Applied, nothing is left to fix.
    const v = c.setText(u, fixed);
    await c.waitForDiagnostics(u, { version: v });
    const none = await c.codeActions(u, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, { only: ['source.fixAll.kube-label-lint'] });
    assert.deepEqual(none, []);
    c.close(u);
  });

  it('"Disable <rule> for this line" inserts the comment above, in the line’s indentation', async () => {
    const u = uri('apps/disable.yaml');
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n    a: [b\n';
    c.open(u, text);
    const [d] = await c.waitForDiagnostics(u, { version: 1 });
    assert.equal(d.code, 'yaml-syntax');
    const actions = await actionsFor(u, d);
    const disable = actions.find((a) => a.title === 'Disable yaml-syntax for this line');
    assert.ok(disable, `no disable action among ${actions.map((a) => a.title)}`);
    const { edits } = editsOf(disable);
    const line = d.range.start.line;
    const indent = /^\s*/.exec(text.split('\n')[line])![0];
    assert.deepEqual(edits, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}# kube-label-lint-disable-next-line yaml-syntax\n` }]);
    c.close(u);
  });

  it('a second rule on a line already disabled joins the comment’s list; the findings go', { skip: needs('label-syntax', 'label-unknown') }, async () => {
    const u = uri('apps/disable2.yaml');
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n    -bad-: x\n';
    c.open(u, text);
    const diags = await c.waitForDiagnostics(u, { version: 1 });
    const syntax = diags.find((d) => d.code === 'label-syntax')!;
    const unknown = diags.find((d) => d.code === 'label-unknown')!;
    assert.ok(syntax && unknown, `got ${diags.map((d) => d.code)}`);
    const first = (await actionsFor(u, syntax)).find((a) => a.title === 'Disable label-syntax for this line')!;
    const v = c.edit(u, ...editsOf(first).edits.map((e) => ({ range: e.range, text: e.newText })));
    assert.equal(c.text(u).split('\n')[5], '    # kube-label-lint-disable-next-line label-syntax');
    const left = await c.waitForDiagnostics(u, { version: v });
    const unknown2 = left.find((d) => d.code === 'label-unknown')!;
    assert.ok(unknown2 && !left.some((d) => d.code === 'label-syntax'));
    const second = (await actionsFor(u, unknown2)).find((a) => a.title === 'Disable label-unknown for this line')!;
    const v2 = c.edit(u, ...editsOf(second).edits.map((e) => ({ range: e.range, text: e.newText })));
    assert.equal(c.text(u).split('\n')[5], '    # kube-label-lint-disable-next-line label-syntax,label-unknown');
    const none = await c.waitForDiagnostics(u, { version: v2 });
    assert.deepEqual(none.filter((d) => d.code === 'label-syntax' || d.code === 'label-unknown'), []);
    c.close(u);
  });

  it('"Show documentation for <rule>" runs the client command with the rule id and its docs URL', async () => {
    const u = uri('syntax.yaml');
    const [d] = c.diagnostics(u)!;
    c.open(u, fs.readFileSync(path.join(dir, 'syntax.yaml'), 'utf8'));
    const [fresh] = await c.waitForDiagnostics(u, { version: 1 });
    assert.equal(fresh.message, d.message);
    const docs = (await actionsFor(u, fresh)).find((a) => a.title === 'Show documentation for yaml-syntax')!;
    assert.equal(docs.command!.command, 'kubeLabelLint.showDocumentation');
    assert.equal(docs.command!.arguments![0], 'yaml-syntax');
    assert.match(docs.command!.arguments![1], /docs\/rules\/yaml-syntax\.md$/);
    c.close(u);
  });

  it('a diagnostic from an older version gets no fix (its finding moved)', { skip: needs('label-deprecated') }, async () => {
    const u = uri('apps/stale.yaml');
    c.open(u, DEPRECATED);
    const [old] = (await c.waitForDiagnostics(u, { version: 1 })).filter((d) => d.code === 'label-deprecated');
    const v = c.insert(u, 0, '# moved down\n');
    await c.waitForDiagnostics(u, { version: v });
    const actions = await actionsFor(u, old);
    assert.deepEqual(actions.filter((a) => a.edit), []);
    c.close(u);
  });

  it('without documentChanges support, edits come as `changes`', { skip: needs('label-deprecated') }, async () => {
    const plain = await LspTestClient.start({ workspace: dir, capabilities: { workspace: { workspaceEdit: { documentChanges: false } } } });
    try {
      await plain.waitForScan();
      const u = uri('apps/plain.yaml');
      plain.open(u, DEPRECATED);
      const [d] = (await plain.waitForDiagnostics(u, { version: 1 })).filter((x) => x.code === 'label-deprecated');
      const actions = ((await plain.codeActions(u, d.range, { diagnostics: [d] })) ?? []).filter(isAction);
      const rename = actions.find((a) => a.isPreferred)!;
      assert.deepEqual(Object.keys(rename.edit!.changes!), [u]);
      assert.equal(rename.edit!.documentChanges, undefined);
    } finally {
      await plain.stop();
    }
  });
});
