// kube-linter's own fixtures for the checks that overlap ours, compared fixture by fixture (read in
// place from ../shared/corpus/kube-linter-fixtures, never copied): the objects kube-linter reports
// (expectations.json `inferredFiringObjects`, derived from its bats tests) must be exactly the ones
// our rule reports, except for the deliberate differences listed below (each documented in the
// rule's doc page), and objects named `dont-fire*` must never be reported.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeFile } from '../../../engine/src/analyze';
import { parseManifestFile } from '../../../engine/src/parse/manifestFile';
import { WorkspaceIndex } from '../../../engine/src/workspace/index';
import { DEFAULT_TAXONOMY } from '../../../engine/src/taxonomy/default';
import type { Rule } from '../../../engine/src/rules/rule';
import serviceSelectorDangling from '../../../engine/src/rules/service-selector-dangling';
import policySelectorDangling from '../../../engine/src/rules/policy-selector-dangling';
import policyPeerDangling from '../../../engine/src/rules/policy-peer-dangling';
import podNotIsolated from '../../../engine/src/rules/pod-not-isolated';
import selectorTemplateMismatch from '../../../engine/src/rules/selector-template-mismatch';

const ROOT = path.resolve('..', 'shared', 'corpus', 'kube-linter-fixtures');

interface Expectations {
  tests: { test: string; fixture: string; checks?: { name: string }[]; inferredFiringObjects?: string[]; objectsNamedDontFire?: string[]; expectedReportCount: number }[];
}

interface Overlap {
  check: string;
  rule: Rule;
  /** `Kind/name` → why we differ from kube-linter on that object. */
  notReported?: Record<string, string>;
}

const DEPLOYMENT_CONFIG =
  'DeploymentConfig (OpenShift, apps.openshift.io) is not one of the workload kinds SPEC §2 defines pods by, so its pods are not modelled';

const OVERLAPS: Overlap[] = [
  { check: 'dangling-service', rule: serviceSelectorDangling },
  { check: 'dangling-networkpolicy', rule: policySelectorDangling },
  { check: 'dangling-networkpolicypeer-podselector', rule: policyPeerDangling },
  { check: 'non-isolated-pod', rule: podNotIsolated, notReported: { 'DeploymentConfig/app2': `${DEPLOYMENT_CONFIG} (docs/rules/pod-not-isolated.md)` } },
  { check: 'mismatching-selector', rule: selectorTemplateMismatch, notReported: { 'DeploymentConfig/app2': `${DEPLOYMENT_CONFIG} (selector-template-mismatch checks apps/v1 workloads)` } },
];

describe('kube-linter fixtures of the overlapping checks', { skip: existsSync(ROOT) ? false : `no kube-linter fixtures at ${ROOT}` }, () => {
  const expectations = existsSync(ROOT) ? (JSON.parse(readFileSync(path.join(ROOT, 'expectations.json'), 'utf8')) as Expectations) : { tests: [] };
  for (const overlap of OVERLAPS) {
    const test = expectations.tests.find((t) => t.checks?.length === 1 && t.checks[0].name === overlap.check);
    it(`${overlap.check} ↔ ${overlap.rule.id}`, (t) => {
      assert.ok(test, `no bats test for ${overlap.check} in expectations.json`);
      const uri = test.fixture;
      const file = parseManifestFile(uri, readFileSync(path.join(ROOT, uri), 'utf8'));
      const index = new WorkspaceIndex();
      const objects = file.documents.flatMap((d) => d.objects);
      index.setFile(uri, objects);
      const findings = analyzeFile(file, { taxonomy: DEFAULT_TAXONOMY, index, rules: [overlap.rule] });
      const reported = new Set(
        findings.map((f) => {
          const obj = objects.find((o) => o.docRange.start <= f.start && f.end <= o.docRange.end);
          return obj ? `${obj.kind}/${obj.name}` : `?@${f.start}`;
        }),
      );
      const theirs = new Set(test.inferredFiringObjects ?? []);
      assert.equal(theirs.size, test.expectedReportCount, 'kube-linter reports one finding per firing object');
      const expected = [...theirs].filter((o) => !(overlap.notReported && o in overlap.notReported)).sort();
      for (const [o, why] of Object.entries(overlap.notReported ?? {})) {
        assert.ok(theirs.has(o), `documented difference ${o} is not a kube-linter finding any more`);
        t.diagnostic(`deliberately not reported: ${o}: ${why}`);
      }
      assert.deepEqual([...reported].sort(), expected);
      for (const o of test.objectsNamedDontFire ?? []) assert.ok(!reported.has(o), `${o} must not be reported`);
    });
  }
});
