// The generator over the real protocol, on a copy of examples/: the workload list, the evidence
// comments of a generated policy, and the generator quick fixes (pod-not-isolated,
// namespace-no-default-deny, egress-deny-blocks-dns) that append the generated policies as new
// YAML documents at the end of the file, never part of fix-all. And the YAML snippets
// (snippets/yaml.json): each one, with its placeholders at their defaults, lints clean.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Command, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol/node';
import { startOnExamples, type ExamplesSession } from './examplesSession';
import { LspTestClient, REPO_ROOT, applyTextEdits, messageOf, positionAt, positionOf } from './lspClient';
import { GENERATE_POLICY_REQUEST, LIST_WORKLOADS_REQUEST, type GenerateResponse } from '../../server/src/generationProtocol';
import { lintTexts } from '../../engine/src/index';
import { loadTaxonomyFile } from '../../io/src/taxonomyDiscovery';

const isAction = (a: CodeAction | Command): a is CodeAction => 'kind' in a || 'edit' in a || 'diagnostics' in a;

function onlyEdit(action: CodeAction): { uri: string; version: number | null; edit: TextEdit } {
  const changes = action.edit!.documentChanges as TextDocumentEdit[];
  assert.equal(changes.length, 1);
  assert.equal(changes[0].edits.length, 1);
  return { uri: changes[0].textDocument.uri, version: changes[0].textDocument.version, edit: changes[0].edits[0] as TextEdit };
}

describe('server: generator requests and quick fixes', () => {
  let session: ExamplesSession;
  let c: LspTestClient;
  const uri = (p: string) => session.uri(p);
  const read = (p: string) => session.read(p);
  before(async () => {
    session = await startOnExamples('generate');
    c = session.c;
  });
  after(() => session.stop());

  /** Opens `rel` with its disk text; the diagnostics of `ruleId` once published for it. */
  async function openWith(rel: string, ruleId: string): Promise<{ u: string; text: string; diags: Diagnostic[] }> {
    const u = uri(rel);
    const text = read(rel);
    c.open(u, text);
    const all = await c.waitForDiagnostics(u, { version: 1, predicate: (ds) => ds.some((d) => d.code === ruleId) });
    return { u, text, diags: all.filter((d) => d.code === ruleId) };
  }

  async function actionsFor(u: string, d: Diagnostic, only?: string[]): Promise<CodeAction[]> {
    return ((await c.codeActions(u, d.range, { diagnostics: [d], only })) ?? []).filter(isAction);
  }

  it('listWorkloads: every workload of the workspace as namespace/name', async () => {
    const list: string[] = await c.connection.sendRequest(LIST_WORKLOADS_REQUEST, { uri: uri('shop/cart.yaml') });
    for (const w of ['shop/frontend', 'shop/catalog', 'shop/cart', 'payments/payment', 'payments/ledger']) assert.ok(list.includes(w), `${w} not in ${JSON.stringify(list)}`);
    assert.deepEqual(list, [...list].sort());
  });

  it('generatePolicy by name: kind, selector, evidence comment and DNS rule', async () => {
    const r: GenerateResponse = await c.connection.sendRequest(GENERATE_POLICY_REQUEST, { uri: uri('shop/catalog.yaml'), workload: { namespace: 'shop', name: 'catalog' }, flavor: 'kubernetes' });
    const text = r.text ?? '';
    for (const part of [
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy',
      'podSelector:\n    matchLabels:\n      app.kubernetes.io/name: catalog',
      'policyTypes: [Ingress, Egress]',
      '# frontend: env CATALOG_ADDR=catalog:3550',
      'k8s-app: kube-dns',
      'port: 53',
    ]) assert.ok(text.includes(part), `${JSON.stringify(part)} not in:\n${text}`);
  });

  it('pod-not-isolated (ledger): a suggestion that appends a NetworkPolicy document at the end of the file', async () => {
    const { u, text, diags } = await openWith('payments/payment.yaml', 'pod-not-isolated');
    const d = diags.find((x) => positionOf(text, 'name: ledger', 6).line === x.range.start.line);
    assert.ok(d, JSON.stringify(diags));
    const actions = await actionsFor(u, d);
    const gen = actions.find((a) => /NetworkPolicy for Deployment payments\/ledger/.test(a.title));
    assert.ok(gen, actions.map((a) => a.title).join('\n'));
    assert.equal(gen.kind, 'quickfix');
    assert.notEqual(gen.isPreferred, true);
    const { uri: target, version, edit } = onlyEdit(gen);
    assert.equal(target, u);
    assert.equal(version, 1);
    const end = positionAt(text, text.length);
    assert.deepEqual(edit.range, { start: end, end });
    assert.ok(text.endsWith('\n'));
    assert.ok(edit.newText.startsWith('---\n'), edit.newText);
    for (const part of ['kind: NetworkPolicy', 'name: ledger-allow', 'namespace: payments', 'app.kubernetes.io/name: ledger', 'policyTypes: [Ingress, Egress]', 'k8s-app: kube-dns']) {
      assert.ok(edit.newText.includes(part), `${part} not in:\n${edit.newText}`);
    }
    const after = applyTextEdits(text, [edit]);
    assert.equal(after.slice(0, text.length), text);

    // Applied, the ledger is isolated and the file has no new finding.
    const before = new Set((c.diagnostics(u) ?? []).map((x) => `${x.code}: ${messageOf(x)}`));
    const v = c.setText(u, after);
    const now = await c.waitForDiagnostics(u, { version: v });
    assert.ok(!now.some((x) => x.code === 'pod-not-isolated' && /"ledger"/.test(messageOf(x))), JSON.stringify(now));
    assert.deepEqual(now.map((x) => `${x.code}: ${messageOf(x)}`).filter((m) => !before.has(m)), []);
    c.setText(u, text);
    await c.waitForDiagnostics(u, { version: v + 1 });
  });

  it('never part of fix-all (source.fixAll)', async () => {
    const { u, diags } = await openWith('payments/payment.yaml', 'pod-not-isolated');
    const fixAll = await actionsFor(u, diags[0], ['source.fixAll']);
    assert.ok(!JSON.stringify(fixAll).includes('ledger-allow'), JSON.stringify(fixAll));
  });

  it('a generated policy in an untitled editor is checked against the workspace: no finding, and it isolates its workload while open', async () => {
    const { u } = await openWith('payments/payment.yaml', 'pod-not-isolated');
    const ledgerIsolated = (ds: Diagnostic[]) => !ds.some((x) => x.code === 'pod-not-isolated' && /"ledger"/.test(messageOf(x)));
    assert.ok(!ledgerIsolated(c.diagnostics(u) ?? []));
    const r: GenerateResponse = await c.connection.sendRequest(GENERATE_POLICY_REQUEST, { uri: u, workload: { namespace: 'payments', name: 'ledger' }, flavor: 'kubernetes' });
    assert.ok(r.text, r.error);
    const untitled = 'untitled:Untitled-1';
    const published = c.publishCount(u);
    c.open(untitled, r.text);
    // Alone (no workspace), this policy would select no pod (policy-selector-dangling).
    assert.deepEqual(await c.waitForDiagnostics(untitled, { version: 1 }), []);
    await c.waitForDiagnostics(u, { after: published, predicate: ledgerIsolated });
    const again = c.publishCount(u);
    c.close(untitled);
    await c.waitForDiagnostics(u, { after: again, predicate: (ds) => !ledgerIsolated(ds) });
  });

  it('namespace-no-default-deny (payments): appends default-deny and allow-dns', async () => {
    const { u, text, diags } = await openWith('namespaces.yaml', 'namespace-no-default-deny');
    const actions = await actionsFor(u, diags[0]);
    const gen = actions.find((a) => /namespace payments/.test(a.title));
    assert.ok(gen, actions.map((a) => a.title).join('\n'));
    const { edit } = onlyEdit(gen);
    const end = positionAt(text, text.length);
    assert.deepEqual(edit.range, { start: end, end });
    for (const part of ['name: default-deny', 'name: allow-dns', 'namespace: payments', 'podSelector: {}', 'port: 53']) assert.ok(edit.newText.includes(part), `${part} not in:\n${edit.newText}`);
    assert.ok(!edit.newText.includes('namespace: shop'), edit.newText);
  });

  it('egress-deny-blocks-dns: appends the namespace allow-dns policy (Calico file: same policy kind as the flavor used)', async () => {
    const { u, text, diags } = await openWith('payments/calico-policies.yaml', 'egress-deny-blocks-dns');
    const actions = await actionsFor(u, diags[0]);
    const gen = actions.find((a) => /allow-dns policy for namespace payments/.test(a.title));
    assert.ok(gen, actions.map((a) => a.title).join('\n'));
    const { edit } = onlyEdit(gen);
    const end = positionAt(text, text.length);
    assert.deepEqual(edit.range, { start: end, end });
    assert.ok(edit.newText.includes('name: allow-dns') && !edit.newText.includes('name: default-deny'), edit.newText);
    // Applied, the DNS finding is gone.
    const v = c.setText(u, applyTextEdits(text, [edit]));
    const now = await c.waitForDiagnostics(u, { version: v });
    assert.ok(!now.some((x) => x.code === 'egress-deny-blocks-dns'), JSON.stringify(now));
    c.setText(u, text);
    await c.waitForDiagnostics(u, { version: v + 1 });
  });
});

// ---------------------------------------------------------------------------------------------
// Snippets

/** A snippet body with each placeholder at its default (first choice), `$0` removed. */
export function expandSnippet(body: string | string[]): string {
  const text = Array.isArray(body) ? body.join('\n') : body;
  return `${text
    .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\n+$/, '')}\n`;
}

describe('snippets/yaml.json', () => {
  const snippets = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'snippets/yaml.json'), 'utf8')) as Record<string, { prefix: string; body: string[]; description: string }>;
  const { taxonomy } = loadTaxonomyFile(path.join(REPO_ROOT, 'examples/label-taxonomy.yaml'));
  // Workloads that the snippets' default selectors name, in the snippets' default namespace.
  const workload = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {app.kubernetes.io/name: ${name}, team: platform, environment: dev}
spec:
  selector:
    matchLabels: {app.kubernetes.io/name: ${name}}
  template:
    metadata:
      labels: {app.kubernetes.io/name: ${name}, team: platform, environment: dev}
    spec:
      containers:
        - name: main
          image: example.com/${name}:1.0.0
          ports: [{name: http, containerPort: 8080}]
`;
  const base = [{ uri: 'workloads.yaml', text: `${workload('my-app')}---\n${workload('my-client')}` }];
  const findings = (sources: { uri: string; text: string }[]) =>
    lintTexts(sources, { taxonomy: taxonomy! }).flatMap((x) => x.findings.map((f) => `${x.file.uri}: ${f.ruleId}: ${f.message}`));
  const baseline = new Set(findings(base));

  it('has the six snippets, each with its prefix as name and a description', () => {
    assert.deepEqual(Object.keys(snippets).sort(), ['cnp-allow', 'cnp-deny-all', 'gnp-default-deny', 'knp-allow-dns', 'knp-allow-from', 'knp-deny-all']);
    for (const [name, s] of Object.entries(snippets)) {
      assert.equal(s.prefix, name);
      assert.ok(s.description.length > 20, name);
      assert.ok(s.body.join('\n').includes('${1:'), `${name} has no first tab stop`);
    }
  });

  for (const name of Object.keys(snippets)) {
    it(`${name}: with its defaults, lints clean next to the workloads it names`, () => {
      const text = expandSnippet(snippets[name].body);
      assert.doesNotMatch(text, /\$\{|\$\d/, text);
      const added = findings([...base, { uri: 'snippet.yaml', text }]).filter((f) => !baseline.has(f));
      assert.deepEqual(added, [], text);
    });
  }
});
