// Label inventory and the drafted taxonomy: counts and locations, the drafting rules, and a draft
// that validates against schemas/label-taxonomy.schema.json (ajv) and loads as a taxonomy.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { LineIndex } from '../../../engine/src/text/lineIndex';
import { loadTaxonomy } from '../../../engine/src/taxonomy/load';
import { buildInventory, draftDecisions, draftTaxonomy, type LabelInventory } from '../../../engine/src/generate/index';
import { DEMO, REPO, SHOP, demoAvailable, indexOf, readSources } from './helpers';

const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'schemas', 'label-taxonomy.schema.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
ajv.addVocabulary(['markdownDescription', 'patternErrorMessage']);
const validate = ajv.compile(schema);

function assertValidTaxonomy(text: string): void {
  const data = parse(text);
  assert.ok(validate(data), JSON.stringify(validate.errors, null, 2));
  const loaded = loadTaxonomy('/draft/label-taxonomy.yaml', text, () => undefined);
  assert.deepEqual(loaded.errors, []);
}

function inventoryOf(files: Record<string, string>): LabelInventory {
  const sources = Object.entries(files).map(([uri, text]) => ({ uri, text }));
  const lines = new Map(sources.map((s) => [s.uri, new LineIndex(s.text)]));
  return buildInventory(indexOf(sources), { lineAt: (uri, offset) => lines.get(uri)!.positionAt(offset).line + 1 });
}

const deployment = (name: string, labels: Record<string, string>, templateLabels = labels) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
${Object.entries(labels).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`).join('\n')}
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
${Object.entries(templateLabels).map(([k, v]) => `        ${k}: ${JSON.stringify(v)}`).join('\n')}
    spec:
      containers: [{ name: c, image: x }]
`;

describe('label inventory', () => {
  const inv = inventoryOf({
    'a.yaml': deployment('a', { app: 'a', team: 'pay', tier: 'web' }),
    'b.yaml': deployment('b', { app: 'b', team: 'pay' }, { app: 'b', team: 'pay', tier: 'web' }),
    'c.yaml': `apiVersion: v1\nkind: Service\nmetadata:\n  name: c\n  labels:\n    team: search\nspec:\n  selector: { app: a }\n`,
    'p.yaml': `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    app: p\n    team: pay\nspec:\n  containers: [{ name: c, image: x }]\n`,
  });

  it('counts every key and value, on metadata and pod templates (a Pod once)', () => {
    assert.equal(inv.objects, 4);
    assert.equal(inv.workloads, 3);
    assert.deepEqual(
      inv.keys.map((k) => [k.key, k.count, k.objects, k.workloads, k.values.map((v) => `${v.value}x${v.count}`).join(' ')]),
      [
        ['app', 5, 3, 3, 'ax2 bx2 px1'],
        ['team', 6, 4, 3, 'payx5 searchx1'],
        ['tier', 3, 2, 1, 'webx3'],
      ],
    );
  });

  it('says where: file, line, object, metadata or template', () => {
    const tier = inv.keys.find((k) => k.key === 'tier')!;
    assert.deepEqual(
      tier.values[0].uses.map((u) => `${u.uri}:${u.line} ${u.kind}/${u.name} ${u.in}`),
      ['a.yaml:8 Deployment/a metadata', 'a.yaml:18 Deployment/a template', 'b.yaml:17 Deployment/b template'],
    );
  });

  it('drafts: required on >= 90 % of workloads (both places), values for low-cardinality keys', () => {
    assert.deepEqual(draftDecisions(inv), [
      { key: 'app', listed: true, required: true, values: undefined },
      { key: 'team', listed: true, required: true, values: ['pay', 'search'] },
      // on 2 objects, 1 value: low cardinality
      { key: 'tier', listed: true, required: false, values: ['web'] },
    ]);
  });

  it('drafts a taxonomy that validates against the schema, with counts in comments', () => {
    const text = draftTaxonomy(inv);
    assertValidTaxonomy(text);
    assert.deepEqual(parse(text), {
      version: 1,
      unknownLabels: 'warn',
      allowPrefixes: ['kubernetes.io/', 'k8s.io/', 'helm.sh/', 'projectcalico.org/'],
      labels: { app: { required: true }, team: { required: true, values: ['pay', 'search'] }, tier: { values: ['web'] } },
      policy: { identityLabels: ['app'] },
    });
    assert.match(text, /^ {2}# 6 uses on 4 objects, 3\/3 workloads; 2 values: pay x5, search x1\n {2}team:$/m);
  });

  it('leaves out keys that are not label keys, and values that are not label values', () => {
    const odd = inventoryOf({
      'x.yaml': deployment('x', { 'bad key': 'v', env: 'prod', 'n1': 'not ok!' }),
      'y.yaml': deployment('y', { env: 'prod', 'n1': 'ok' }),
      'z.yaml': deployment('z', { env: 'dev', 'n1': 'ok', flag: 'true', n: '1' }),
      'w.yaml': deployment('w', { env: 'prod', 'n1': 'ok' }),
    });
    const text = draftTaxonomy(odd);
    assertValidTaxonomy(text);
    const data = parse(text);
    assert.equal(data.labels['bad key'], undefined);
    assert.match(text, /# Not listed: "bad key" \(not a valid label key, 2 uses\)/);
    assert.deepEqual(data.labels.env, { required: true, values: ['dev', 'prod'] });
    assert.deepEqual(data.labels.n1, { required: true, values: ['ok'] });
    assert.match(text, /^  flag: \{\}$/m);
  });

  it('quotes values that YAML would read as numbers or booleans', () => {
    const inv2 = inventoryOf({
      'x.yaml': deployment('x', { tier: '1', debug: 'true' }),
      'y.yaml': deployment('y', { tier: '1', debug: 'true' }),
    });
    const text = draftTaxonomy(inv2);
    assertValidTaxonomy(text);
    assert.deepEqual(parse(text).labels.tier.values, ['1']);
    assert.deepEqual(parse(text).labels.debug.values, ['true']);
  });

  it('drafts a valid taxonomy for the shop fixture, its identity labels kept free of values', () => {
    const inv3 = buildInventory(indexOf(readSources(SHOP)));
    const text = draftTaxonomy(inv3, { identityLabels: ['app.kubernetes.io/name'] });
    assertValidTaxonomy(text);
    const data = parse(text);
    assert.deepEqual(data.labels['app.kubernetes.io/name'], { required: true });
    assert.deepEqual(data.labels.team, { required: true, values: ['data', 'platform', 'storefront'] });
    assert.equal(data.policy, undefined);
  });
});

describe('label inventory of microservices-demo', { skip: demoAvailable() ? false : 'corpus not available' }, () => {
  const inv = buildInventory(indexOf(readSources(DEMO)));

  it('counts the one key in use: app, on 12 workloads', () => {
    assert.equal(inv.workloads, 12);
    assert.deepEqual(inv.keys.map((k) => k.key), ['app']);
    const app = inv.keys[0];
    assert.equal(app.values.length, 12);
    // frontend: Deployment metadata + template, Service frontend, Service frontend-external.
    assert.deepEqual(app.values[0], { ...app.values[0], value: 'frontend', count: 4 });
    assert.equal(app.workloads, 12);
  });

  it('drafts app as required and as the identity label, without a value list', () => {
    const text = draftTaxonomy(inv);
    assertValidTaxonomy(text);
    assert.deepEqual(parse(text).labels, { app: { required: true } });
    assert.deepEqual(parse(text).policy, { identityLabels: ['app'] });
  });

  it('is deterministic', () => {
    const again = buildInventory(indexOf([...readSources(DEMO)].reverse()));
    assert.equal(draftTaxonomy(again), draftTaxonomy(inv));
    assert.deepEqual(again, inv);
  });
});
