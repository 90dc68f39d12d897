// After a one-document edit, the rules that read the index run again in the other documents
// unless the edited objects look the same to them (`crossView`): typing a workload's own label
// value skips them; a pod template label, a Namespace label or a label map an alias repeats
// does not, and the findings always equal a fresh analysis.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile, type ManifestFile } from '../../../engine/src/parse/manifestFile';
import { updateManifestFile } from '../../../engine/src/parse/incremental';
import { WorkspaceIndex } from '../../../engine/src/workspace/index';
import { analyzeDocuments, analyzeFile, mergeDocumentFindings } from '../../../engine/src/analyze';
import { updateDocumentFindings } from '../../../engine/src/analyzeEdit';
import { crossView } from '../../../engine/src/workspace/crossView';
import { ALL_RULES } from '../../../engine/src/rules/index';
import type { Rule } from '../../../engine/src/rules/rule';
import { DEFAULT_TAXONOMY } from '../../../engine/src/taxonomy/default';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../sharedPaths';

const URI = 'file:///w/all.yaml';

const TEXT = readFileSync(path.join(REPO_ROOT, 'test/fixtures/incremental/cross-view.yaml'), 'utf8');

function optionsFor(file: ManifestFile, rules: readonly Rule[] = ALL_RULES) {
  const index = new WorkspaceIndex();
  index.setFile(file.uri, file.documents.flatMap((d) => d.objects));
  return { taxonomy: DEFAULT_TAXONOMY, index, rules };
}

/** The rules, noting the documents each rule's check ran in. */
function spiedRules(ran: Set<string>): Rule[] {
  return ALL_RULES.map((rule) =>
    rule.check
      ? {
          ...rule,
          check(obj, ctx) {
            ran.add(`${rule.id}@${obj.docIndex}`);
            return rule.check!(obj, ctx);
          },
        }
      : rule,
  );
}

/** Replaces `find` (the first after `from`) with `replace`, re-parses one document and updates the findings. */
function edit(text: string, find: string, replace: string, from = 0) {
  const before = parseManifestFile(URI, text);
  const byDocument = analyzeDocuments(before, optionsFor(before));
  const at = text.indexOf(find, from);
  assert.ok(at >= 0, find);
  const next = text.slice(0, at) + replace + text.slice(at + find.length);
  const result = updateManifestFile(URI, next, before);
  assert.notEqual(result.reparsed, undefined, 'a one-document re-parse');
  const ran = new Set<string>();
  const updated = updateDocumentFindings({ file: before, byDocument }, result.file, result.reparsed!, optionsFor(result.file, spiedRules(ran)));
  assert.ok(updated);
  const fresh = parseManifestFile(URI, next);
  const expected = analyzeFile(fresh, optionsFor(fresh));
  assert.deepStrictEqual(mergeDocumentFindings(updated), expected);
  const others = [...ran].filter((r) => !r.endsWith(`@${result.reparsed}`));
  return { others, findings: expected, before: analyzeFile(parseManifestFile(URI, text), optionsFor(parseManifestFile(URI, text))) };
}

describe('cross rules after a one-document edit', () => {
  it("typing a workload's metadata label value: they do not run in the other documents", () => {
    const { others } = edit(TEXT, 'tier: data', 'tier: datax');
    assert.deepStrictEqual(others, []);
  });

  it('a pod template label: they run again, and the policy now selects nothing', () => {
    const templateLabel = TEXT.indexOf('template:');
    const { others, findings, before } = edit(TEXT, 'app: web', 'app: webx', templateLabel);
    assert.ok(others.includes('policy-selector-dangling@0'), others.join());
    const dangling = (fs: typeof findings) => fs.filter((f) => f.ruleId === 'policy-selector-dangling').length;
    assert.equal(dangling(before), 0);
    assert.equal(dangling(findings), 1);
  });

  it("a Namespace's label: they run again, and the global policy no longer isolates the namespace's pods", () => {
    const { others, findings, before } = edit(TEXT, 'team: checkout', 'team: checkoutx', TEXT.indexOf('kind: Namespace'));
    assert.ok(others.includes('pod-not-isolated@4'), others.join());
    const cart = TEXT.indexOf('name: cart');
    const notIsolated = (fs: typeof findings) => fs.filter((f) => f.ruleId === 'pod-not-isolated' && f.start > cart).length;
    assert.equal(notIsolated(before), 0);
    assert.equal(notIsolated(findings), 1);
  });

  it('a label map that an alias repeats: they run again', () => {
    const aliased = TEXT.replace('  labels:\n    app: web\n    tier: data', '  labels: &own\n    app: web\n    tier: data').replace(
      '      labels:\n        app: web\n    spec:',
      '      labels: *own\n    spec:',
    );
    assert.notEqual(aliased, TEXT);
    const { others, findings } = edit(aliased, 'app: web', 'app: webx', aliased.indexOf('kind: Deployment'));
    assert.ok(others.includes('policy-selector-dangling@0'), others.join());
    assert.equal(findings.filter((f) => f.ruleId === 'policy-selector-dangling').length, 1);
  });

  it('crossView: equal across a workload label value, not across a template label or a comment', () => {
    const view = (text: string) => crossView(parseManifestFile(URI, text).documents[1], text);
    const base = view(TEXT);
    assert.equal(view(TEXT.replace('tier: data', 'tier: other\n    extra: x')), base);
    assert.notEqual(view(TEXT.replace('        app: web', '        app: webx')), base);
    assert.notEqual(view(TEXT.replace('  replicas', '  replicas').replace('spec:\n  selector', 'spec: # c\n  selector')), base);
  });
});
