// Completion and hover over LSP: label keys and values from the taxonomy in labels,
// matchLabels, Service selectors, matchExpressions and Calico selectors.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CompletionItem, MarkupContent, TextEdit } from 'vscode-languageserver-protocol/node';
import { LspTestClient, applyTextEdits, copyFixture, fileUri, positionAt, positionOf, removeDir } from './lspClient';

const labelsOf = (items: CompletionItem[]) => items.map((i) => i.label).sort();
const ALL_KEYS = ['app.kubernetes.io/name', 'environment', 'owner', 'team'];

describe('server: completion', () => {
  let dir: string;
  let c: LspTestClient;
  let n = 0;
  before(async () => {
    dir = copyFixture('basic');
    c = await LspTestClient.start({ workspace: dir });
    await c.waitForScan();
  });
  after(async () => {
    await c.stop();
    removeDir(dir);
  });

  /** Opens `text` (with `|` marking the cursor) and returns the completion items there. */
  async function completeAt(text: string): Promise<{ items: CompletionItem[]; apply: (item: CompletionItem) => string }> {
    const at = text.indexOf('|');
    const clean = text.slice(0, at) + text.slice(at + 1);
    const u = fileUri(path.join(dir, `apps/completion-${n++}.yaml`));
    c.open(u, clean);
    const result = await c.completion(u, positionAt(clean, at));
    c.close(u);
    const items = result ? (Array.isArray(result) ? result : result.items) : [];
    return { items, apply: (item) => applyTextEdits(clean, [item.textEdit as TextEdit]) };
  }

  it('label keys in metadata.labels, minus the keys already there, with their documentation', async () => {
    const { items, apply } = await completeAt('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n    team: search\n    |\n');
    assert.deepEqual(labelsOf(items), ['app.kubernetes.io/name', 'environment', 'owner']);
    const name = items.find((i) => i.label === 'app.kubernetes.io/name')!;
    assert.match((name.documentation as MarkupContent).value, /Name of the application/);
    assert.match((name.documentation as MarkupContent).value, /Pattern: `\^\[a-z\]/);
    assert.equal(apply(name).split('\n')[6], '    app.kubernetes.io/name: ');
    const owner = items.find((i) => i.label === 'owner')!;
    assert.deepEqual(owner.tags, [1], 'deprecated keys are tagged');
    assert.ok(owner.sortText! > name.sortText!, 'deprecated keys sort last');
  });

  it('a partly typed key is replaced whole; a key followed by ":" gets no second colon', async () => {
    const { items, apply } = await completeAt('kind: Pod\nmetadata:\n  labels:\n    te|am: x\n');
    const team = items.find((i) => i.label === 'team')!;
    assert.equal(apply(team).split('\n')[3], '    team: x');
  });

  it('values after `key: ` (YAML-quoted where needed) in pod template labels', async () => {
    const { items, apply } = await completeAt(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    metadata:\n      labels:\n        team: |\n',
    );
    assert.deepEqual(items.map((i) => i.label), ['payments', 'checkout', 'search']);
    assert.equal(apply(items[1]).split('\n')[8], '        team: checkout');
  });

  it('values replace a value already typed, quotes included', async () => {
    const { items, apply } = await completeAt('kind: Pod\nmetadata:\n  labels:\n    team: "pay|"\n');
    const payments = items.find((i) => i.label === 'payments')!;
    assert.equal(apply(payments).split('\n')[3], '    team: payments');
  });

  it('keys and values in matchLabels of a NetworkPolicy peer', async () => {
    const base =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n  podSelector: {}\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              ';
    assert.deepEqual(labelsOf((await completeAt(`${base}|\n`)).items), ALL_KEYS);
    assert.deepEqual(labelsOf((await completeAt(`${base}environment: |\n`)).items), ['dev', 'prod', 'staging']);
  });

  it('keys and values in a Service selector map', async () => {
    const { items } = await completeAt('apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector:\n    team: sea|\n');
    assert.deepEqual(labelsOf(items), ['checkout', 'payments', 'search']);
  });

  it('matchExpressions: `key:` completes label keys, `values:` items and flow lists complete that key’s values', async () => {
    const base = 'kind: Deployment\nspec:\n  selector:\n    matchExpressions:\n';
    assert.deepEqual(labelsOf((await completeAt(`${base}      - key: |\n`)).items), ALL_KEYS);
    const block = await completeAt(`${base}      - key: team\n        operator: In\n        values:\n          - |\n`);
    assert.deepEqual(labelsOf(block.items), ['checkout', 'payments', 'search']);
    const below = await completeAt(`${base}      - operator: In\n        values:\n          - |\n        key: environment\n`);
    assert.deepEqual(labelsOf(below.items), ['dev', 'prod', 'staging']);
    const flow = await completeAt(`${base}      - {key: environment, operator: In, values: [dev, |]}\n`);
    assert.deepEqual(labelsOf(flow.items), ['dev', 'prod', 'staging']);
  });

  it('flow label maps on one line', async () => {
    const keys = await completeAt('kind: Pod\nmetadata:\n  labels: {team: search, |}\n');
    assert.deepEqual(labelsOf(keys.items), ['app.kubernetes.io/name', 'environment', 'owner']);
    const values = await completeAt('kind: Pod\nmetadata:\n  labels: {team: |}\n');
    assert.deepEqual(labelsOf(values.items), ['checkout', 'payments', 'search']);
  });

  it('Calico selectors: keys at the start, after operators and in has(); values after == and inside in {…}', async () => {
    const base = 'apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n  selector: ';
    const start = await completeAt(`${base}|\n`);
    assert.deepEqual(labelsOf(start.items), ALL_KEYS);
    assert.equal(start.apply(start.items.find((i) => i.label === 'team')!).split('\n')[5], '  selector: team');
    assert.deepEqual(labelsOf((await completeAt(`${base}team == 'payments' && |\n`)).items), ALL_KEYS);
    assert.deepEqual(labelsOf((await completeAt(`${base}!has(|)\n`)).items), ALL_KEYS);
    assert.deepEqual(labelsOf((await completeAt(`${base}(env|\n`)).items), ALL_KEYS);
    const eq = await completeAt(`${base}team == |\n`);
    assert.deepEqual(labelsOf(eq.items), ['checkout', 'payments', 'search']);
    assert.equal(eq.apply(eq.items.find((i) => i.label === 'search')!).split('\n')[5], "  selector: team == 'search'");
    const inSet = await completeAt(`${base}environment in {'dev', 'st|'}\n`);
    assert.deepEqual(labelsOf(inSet.items), ['dev', 'prod', 'staging']);
    assert.equal(inSet.apply(inSet.items.find((i) => i.label === 'staging')!).split('\n')[5], "  selector: environment in {'dev', 'staging'}");
    const notIn = await completeAt(`${base}environment not in {|}\n`);
    assert.deepEqual(labelsOf(notIn.items), ['dev', 'prod', 'staging']);
    // A double-quoted YAML scalar: the selector's strings use single quotes.
    const quoted = await completeAt(`${base}"team != |"\n`);
    assert.equal(quoted.apply(quoted.items.find((i) => i.label === 'search')!).split('\n')[5], `  selector: "team != 'search'"`);
    // Rule selectors too.
    const rule = await completeAt(`${base}all()\n  ingress:\n    - action: Allow\n      source:\n        selector: team == '|'\n`);
    assert.deepEqual(labelsOf(rule.items), ['checkout', 'payments', 'search']);
  });

  it('nothing outside label places', async () => {
    assert.deepEqual((await completeAt('kind: Pod\nmetadata:\n  name: |\n')).items, []);
    assert.deepEqual((await completeAt('kind: Pod\nspec:\n  containers:\n    - name: |\n')).items, []);
    assert.deepEqual((await completeAt('kind: NetworkPolicy\nspec:\n  selector: team == |\n')).items, [], 'not a Calico object');
    assert.deepEqual((await completeAt('kind: Pod\nmetadata:\n  labels:\n    # |\n')).items, []);
  });
});

describe('server: hover', () => {
  let dir: string;
  let c: LspTestClient;
  before(async () => {
    dir = copyFixture('basic');
    c = await LspTestClient.start({ workspace: dir });
    await c.waitForScan();
  });
  after(async () => {
    await c.stop();
    removeDir(dir);
  });

  async function hoverAt(file: string, text: string, search: string, delta = 1): Promise<string | undefined> {
    const u = fileUri(path.join(dir, file));
    c.open(u, text);
    const h = await c.hover(u, positionOf(text, search, delta));
    c.close(u);
    return h ? (h.contents as MarkupContent).value : undefined;
  }

  it('a label key shows its taxonomy entry', async () => {
    const text = fs.readFileSync(path.join(dir, 'apps/web.yaml'), 'utf8');
    const h = await hoverAt('apps/web.yaml', text, 'team: payments');
    assert.equal(h, '**team**\n\nOwning team; alerts are routed here.\n\n- Required on workloads\n- Allowed values: `payments`, `checkout`, `search`\n\n*From `label-taxonomy.yaml`*');
  });

  it('a deprecated key names its replacement; a narrowed `required` names kinds and namespaces', async () => {
    const text = 'kind: Pod\nmetadata:\n  labels:\n    owner: x\n    environment: prd\n';
    const owner = await hoverAt('apps/h1.yaml', text, 'owner');
    assert.match(owner!, /^\*\*owner\*\* \*\(deprecated\)\*/);
    assert.match(owner!, /Deprecated: use `team` instead/);
    const env = await hoverAt('apps/h2.yaml', text, 'environment', 0);
    assert.match(env!, /Required on Deployment in namespaces `prod-\*`/);
  });

  it('a value says whether the taxonomy allows it, with the nearest allowed values', async () => {
    const text = 'kind: Pod\nmetadata:\n  labels:\n    environment: prd\n    team: search\n';
    assert.match((await hoverAt('apps/h3.yaml', text, 'prd'))!, /`prd` is not allowed \(did you mean `prod`\?\)\.$/);
    assert.match((await hoverAt('apps/h4.yaml', text, 'search', 2))!, /`search` is allowed\.$/);
  });

  it('keys and values inside Calico selectors', async () => {
    const text = fs.readFileSync(path.join(dir, 'apps/calico.yaml'), 'utf8');
    assert.match((await hoverAt('apps/calico.yaml', text, "team == 'payments'", 1))!, /^\*\*team\*\*/);
    assert.match((await hoverAt('apps/calico.yaml', text, "payments'", 2))!, /`payments` is allowed\.$/);
    assert.match((await hoverAt('apps/calico.yaml', text, "app.kubernetes.io/name == 'web'", 4))!, /Name of the application/);
  });

  it('keys the taxonomy does not list, and places that are not labels', async () => {
    const text = 'kind: Pod\nmetadata:\n  name: x\n  labels:\n    tier: web\n    app.kubernetes.io/version: "1"\n';
    assert.match((await hoverAt('apps/h5.yaml', text, 'tier'))!, /Not in the label taxonomy/);
    assert.match((await hoverAt('apps/h6.yaml', text, 'app.kubernetes.io/version'))!, /allowed by its `allowPrefixes`/);
    assert.equal(await hoverAt('apps/h7.yaml', text, 'name: x'), undefined);
  });
});
