import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import schema from '../../../schemas/label-taxonomy.schema.json';
import { DEFAULT_TAXONOMY } from '../../../engine/src/taxonomy/default';
import { WORKLOAD_KINDS } from '../../../engine/src/taxonomy/types';

// The 18 rule ids of SPEC §2, in catalog order.
const RULE_IDS = [
  'label-required',
  'label-value-not-allowed',
  'label-syntax',
  'label-deprecated',
  'label-unknown',
  'selector-template-mismatch',
  'service-selector-dangling',
  'policy-selector-dangling',
  'policy-peer-dangling',
  'pod-not-isolated',
  'namespace-no-default-deny',
  'egress-deny-blocks-dns',
  'policy-allow-all',
  'policy-unknown-label',
  'policy-named-port-unknown',
  'calico-selector-syntax',
  'calico-policy-invalid',
  'yaml-syntax',
];

type SchemaNode = { [key: string]: unknown };

/** Every sub-schema that describes a value the user writes: properties, map values, list items. */
function* valueSchemas(node: SchemaNode, where: string): Generator<[string, SchemaNode]> {
  yield [where, node];
  for (const [name, sub] of Object.entries((node.properties ?? {}) as Record<string, SchemaNode>)) yield* valueSchemas(sub, `${where}.${name}`);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') yield* valueSchemas(node.additionalProperties as SchemaNode, `${where}.*`);
  if (node.items && typeof node.items === 'object') yield* valueSchemas(node.items as SchemaNode, `${where}[]`);
}

describe('label-taxonomy.schema.json', () => {
  it('the validator generated from it at build time is up to date (scripts/gen-schema-validator.mjs)', () => {
    const r = spawnSync(process.execPath, ['scripts/gen-schema-validator.mjs', '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
  it('lists exactly the 18 rule ids of the catalog', () => {
    assert.deepEqual(schema.properties.rules.propertyNames.enum, RULE_IDS);
  });

  it('describes every property, map value and list item (the editor shows them)', () => {
    const missing = [...valueSchemas(schema as SchemaNode, '$')].filter(([, s]) => typeof s.description !== 'string').map(([w]) => w);
    assert.deepEqual(missing, []);
  });

  it('closes every object (additionalProperties: false) except the maps keyed by label and rule', () => {
    const open = [...valueSchemas(schema as SchemaNode, '$')]
      .filter(([, s]) => (s.type === 'object' || (Array.isArray(s.type) && s.type.includes('object'))) && s.additionalProperties !== false)
      .map(([w]) => w);
    assert.deepEqual(open, ['$.labels', '$.rules']);
  });
});

describe('DEFAULT_TAXONOMY', () => {
  it('is the embedded default of SPEC §1', () => {
    assert.equal(DEFAULT_TAXONOMY.uri, undefined);
    assert.equal(DEFAULT_TAXONOMY.unknownLabels, 'allow');
    assert.deepEqual(DEFAULT_TAXONOMY.allowPrefixes, ['kubernetes.io/', 'k8s.io/', 'helm.sh/', 'projectcalico.org/']);
    assert.deepEqual(DEFAULT_TAXONOMY.policy, { requireDefaultDeny: true, requireDnsEgress: true, identityLabels: ['app.kubernetes.io/name'] });
    assert.deepEqual(DEFAULT_TAXONOMY.rules, {});
    assert.deepEqual(
      [...DEFAULT_TAXONOMY.labels.keys()],
      ['name', 'instance', 'version', 'component', 'part-of', 'managed-by'].map((n) => `app.kubernetes.io/${n}`),
    );
    for (const spec of DEFAULT_TAXONOMY.labels.values()) {
      assert.ok(spec.description, `${spec.key} has a description`);
      assert.deepEqual(spec.required, spec.key === 'app.kubernetes.io/name' ? { kinds: WORKLOAD_KINDS } : undefined, spec.key);
    }
  });
});
