import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TAXONOMY } from '../../../engine/src/taxonomy/default';
import { loadTaxonomy } from '../../../engine/src/taxonomy/load';
import { editDistance, isKnownLabelKey, isValueAllowed, nearestStrings, requiredLabelsFor, resolveSeverity } from '../../../engine/src/taxonomy/queries';
import type { Taxonomy } from '../../../engine/src/taxonomy/types';
import type { Severity } from '../../../engine/src/types';

function taxonomy(yaml: string): Taxonomy {
  const { taxonomy, errors } = loadTaxonomy('/t/label-taxonomy.yaml', yaml, () => undefined);
  assert.deepEqual(errors, []);
  return taxonomy!;
}

const TAX = taxonomy(`version: 1
allowPrefixes: [kubernetes.io/, example.com/]
labels:
  team: {required: true, values: [payments, search]}
  environment:
    required: {kinds: [Deployment, Namespace], namespaces: ['prod-*', 'stage-?']}
  tier: {required: {namespaces: [batch]}}
  cost-center: {pattern: '^cc-[0-9]+$', values: [cc-1, cc-x]}
  owner: {replacedBy: team}
`);

describe('isKnownLabelKey', () => {
  const cases: [key: string, known: boolean, why: string][] = [
    ['team', true, 'listed'],
    ['owner', true, 'listed (deprecated is still known)'],
    ['squad', false, 'not listed, no prefix'],
    ['kubernetes.io/x', true, 'prefix equal to an allowPrefixes entry'],
    ['app.kubernetes.io/version', true, 'subdomain of an allowPrefixes entry'],
    ['a.b.kubernetes.io/x', true, 'deeper subdomain'],
    ['notkubernetes.io/x', false, 'same suffix, not a subdomain'],
    ['kubernetes.io.evil.com/x', false, 'allowed domain as a prefix of another domain'],
    ['example.com/team', true, 'organisation prefix'],
    ['k8s.io/x', false, 'default prefix replaced by the file'],
    ['helm.sh/chart', false, 'default prefix replaced by the file'],
    ['kubernetes.io/metadata.name', true, 'automatic'],
    ['k8s-app', true, 'automatic'],
    ['projectcalico.org/name', true, 'automatic (Calico), though not in allowPrefixes'],
    ['projectcalico.org/namespace', true, 'automatic (Calico)'],
    ['sub.projectcalico.org/x', false, 'only projectcalico.org itself is automatic'],
  ];
  for (const [key, known, why] of cases) {
    it(`${key} → ${known} (${why})`, () => assert.equal(isKnownLabelKey(TAX, key), known));
  }

  it('knows the default prefixes in the embedded default taxonomy', () => {
    assert.equal(isKnownLabelKey(DEFAULT_TAXONOMY, 'helm.sh/chart'), true);
    assert.equal(isKnownLabelKey(DEFAULT_TAXONOMY, 'app.kubernetes.io/instance'), true);
    assert.equal(isKnownLabelKey(DEFAULT_TAXONOMY, 'team'), false);
  });
});

describe('requiredLabelsFor', () => {
  const cases: [kind: string, namespace: string | undefined, expected: string[]][] = [
    ['Deployment', 'default', ['team']],
    ['Deployment', 'prod-eu', ['team', 'environment']],
    ['Deployment', 'stage-1', ['team', 'environment']],
    ['Deployment', 'stage-12', ['team']],
    ['Deployment', 'preprod-eu', ['team']],
    ['StatefulSet', 'prod-eu', ['team']],
    ['Namespace', 'prod-eu', ['environment']],
    ['Namespace', undefined, []],
    ['CronJob', 'batch', ['team', 'tier']],
    ['Job', 'batch-2', ['team']],
    ['Service', 'default', []],
    ['ConfigMap', 'prod-eu', []],
  ];
  for (const [kind, namespace, expected] of cases) {
    it(`${kind} in ${namespace ?? '(cluster)'} → [${expected.join(', ')}]`, () => {
      assert.deepEqual(requiredLabelsFor(TAX, kind, namespace).map((s) => s.key), expected);
    });
  }

  it('requires app.kubernetes.io/name on every workload kind in the default taxonomy', () => {
    for (const kind of ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob']) {
      assert.deepEqual(requiredLabelsFor(DEFAULT_TAXONOMY, kind, 'default').map((s) => s.key), ['app.kubernetes.io/name'], kind);
    }
    assert.deepEqual(requiredLabelsFor(DEFAULT_TAXONOMY, 'Service', 'default'), []);
  });
});

describe('isValueAllowed', () => {
  const cases: [key: string, value: string, allowed: boolean][] = [
    ['team', 'payments', true],
    ['team', 'Payments', false],
    ['team', '', false],
    ['cost-center', 'cc-1', true],
    ['cost-center', 'cc-x', false], // in values, not matching the pattern: both apply
    ['cost-center', 'cc-2', false], // matching the pattern, not in values
    ['owner', 'anything', true],
  ];
  for (const [key, value, allowed] of cases) {
    it(`${key}=${JSON.stringify(value)} → ${allowed}`, () => assert.equal(isValueAllowed(TAX.labels.get(key)!, value), allowed));
  }
});

describe('resolveSeverity', () => {
  const base = taxonomy('version: 1\n');
  const withRules = taxonomy('version: 1\nunknownLabels: error\nrules: {label-unknown: info, policy-allow-all: off}\n');
  const allow = taxonomy('version: 1\nunknownLabels: allow\n');
  const info = taxonomy('version: 1\nunknownLabels: info\n');
  const lax = taxonomy('version: 1\npolicy: {requireDefaultDeny: false, requireDnsEgress: false}\n');
  const laxButOn = taxonomy('version: 1\npolicy: {requireDefaultDeny: false}\nrules: {pod-not-isolated: error}\n');

  type Case = [why: string, ruleId: string, catalog: Severity | 'per-taxonomy', tax: Taxonomy, overrides: Record<string, Severity> | undefined, expected: Severity];
  const cases: Case[] = [
    ['catalog default', 'policy-allow-all', 'warning', base, undefined, 'warning'],
    ['taxonomy rules over the catalog', 'policy-allow-all', 'warning', withRules, undefined, 'off'],
    ['editor setting over taxonomy rules', 'policy-allow-all', 'warning', withRules, { 'policy-allow-all': 'error' }, 'error'],
    ['setting for another rule does not apply', 'policy-allow-all', 'warning', withRules, { 'label-syntax': 'error' }, 'off'],
    ['a setting that is not a severity is ignored', 'policy-allow-all', 'warning', base, { 'policy-allow-all': 'loud' as Severity }, 'warning'],
    ['unknownLabels omitted in a file = warn', 'label-unknown', 'per-taxonomy', base, undefined, 'warning'],
    ['unknownLabels: allow = off', 'label-unknown', 'per-taxonomy', allow, undefined, 'off'],
    ['unknownLabels: info', 'label-unknown', 'per-taxonomy', info, undefined, 'info'],
    ['rules.label-unknown over unknownLabels', 'label-unknown', 'per-taxonomy', withRules, undefined, 'info'],
    ['setting over unknownLabels', 'label-unknown', 'per-taxonomy', allow, { 'label-unknown': 'error' }, 'error'],
    ['embedded default: allow', 'label-unknown', 'per-taxonomy', DEFAULT_TAXONOMY, undefined, 'off'],
    ['requireDefaultDeny: false turns off namespace-no-default-deny', 'namespace-no-default-deny', 'warning', lax, undefined, 'off'],
    ['requireDefaultDeny: false turns off pod-not-isolated', 'pod-not-isolated', 'warning', lax, undefined, 'off'],
    ['requireDnsEgress: false turns off egress-deny-blocks-dns', 'egress-deny-blocks-dns', 'warning', lax, undefined, 'off'],
    ['policy flags leave other rules alone', 'policy-selector-dangling', 'warning', lax, undefined, 'warning'],
    ['policy flags true: catalog default', 'pod-not-isolated', 'warning', base, undefined, 'warning'],
    ['taxonomy rules over a policy flag', 'pod-not-isolated', 'warning', laxButOn, undefined, 'error'],
    ['setting over a policy flag', 'egress-deny-blocks-dns', 'warning', lax, { 'egress-deny-blocks-dns': 'info' }, 'info'],
    ['per-taxonomy with nothing derived falls back to warning', 'some-rule', 'per-taxonomy', base, undefined, 'warning'],
  ];
  for (const [why, ruleId, catalog, tax, overrides, expected] of cases) {
    it(why, () => assert.equal(resolveSeverity(ruleId, catalog, tax, overrides), expected));
  }
});

describe('nearestStrings', () => {
  const VALUES = ['payments', 'checkout', 'search', 'dev', 'staging', 'prod'];
  const cases: [target: string, candidates: string[], maxDistance: number | undefined, expected: string[]][] = [
    ['paymnets', VALUES, undefined, ['payments']], // a transposition is one edit
    ['payment', VALUES, undefined, ['payments']],
    ['Prod', VALUES, undefined, ['prod']], // case only: distance 0
    ['prd', VALUES, undefined, ['prod']],
    ['stagign', VALUES, undefined, ['staging']],
    ['production', VALUES, undefined, []], // too far from prod
    ['x', VALUES, undefined, []], // nothing shares anything with it
    ['prod', VALUES, undefined, []], // itself is never suggested
    ['ab', ['ac', 'ad', 'AB', 'xy'], undefined, ['AB', 'ac', 'ad']], // by distance, then alphabetically
    ['cat', ['bat', 'Cat', 'CAT', 'rat'], undefined, ['Cat', 'CAT', 'bat', 'rat']], // case-closer first among equals
    ['tema', ['tame', 'team'], undefined, ['team', 'tame']], // a transposition (1) before two substitutions (2)
    ['abcdefghijkl', ['abcdefghixyz', 'abcdefghijkx'], undefined, ['abcdefghijkx', 'abcdefghixyz']], // ⌊12/3⌋ = 4 edits allowed
    ['paymnets', VALUES, 0, []],
    ['pymnts', VALUES, 3, ['payments']],
    ['team', ['team', 'team', 'teams', 'teams'], undefined, ['teams']], // duplicates once
  ];
  for (const [target, candidates, maxDistance, expected] of cases) {
    it(`${target} in [${candidates.join(', ')}]${maxDistance === undefined ? '' : ` ≤${maxDistance}`} → [${expected.join(', ')}]`, () => {
      assert.deepEqual(nearestStrings(target, candidates, maxDistance), expected);
    });
  }

  const distances: [a: string, b: string, d: number][] = [
    ['', '', 0],
    ['', 'abc', 3],
    ['team', 'team', 0],
    ['team', 'tema', 1],
    ['team', 'teams', 1],
    ['kitten', 'sitting', 3],
    ['ca', 'abc', 3], // optimal string alignment, not unrestricted Damerau
  ];
  for (const [a, b, d] of distances) it(`editDistance(${a}, ${b}) = ${d}`, () => assert.equal(editDistance(a, b), d));
});
