// Bugs found by the robustness tests (fuzzing, fix safety over the corpus, hostile inputs), each
// with its minimal fixture in test/fixtures/regressions/. Fixed ones are plain tests; open ones
// (in code owned elsewhere) are `todo` tests, named after the file to fix: they report without
// failing the run until fixed, then the `todo` comes off.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lintTexts, parseManifestFile } from '../../engine/src/index';
import { applyFixes } from '../../engine/src/fix/apply';
import { ALL_RULES } from '../../engine/src/rules/index';
import { checkResults, FIXTURES, fixtureTaxonomy, newFindings, ROOT } from './harness';

const REGRESSIONS = path.join(FIXTURES, 'regressions');
const read = (name: string) => readFileSync(path.join(REGRESSIONS, name), 'utf8');
const has = (id: string) => ALL_RULES.some((r) => r.id === id);

describe('regressions', () => {
  it('deep nesting no longer kills the process (engine/src/parse/nesting.ts)', () => {
    // In a child process: before the fix, the second parse died with a fatal V8 error.
    const script = `
      const { parseManifestFile } = require(${JSON.stringify(path.join(ROOT, 'out/engine/src/parse/manifestFile.js'))});
      const text = require('node:fs').readFileSync(${JSON.stringify(path.join(REGRESSIONS, 'deep-nesting-crash.yaml'))}, 'utf8');
      let out = '';
      for (let i = 0; i < 5; i++) out = parseManifestFile('x.yaml', text).documents.map((d) => d.error && d.error.message).join();
      process.stdout.write(out);`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(child.status, 0, child.stderr.slice(0, 500));
    assert.equal(child.stdout, 'nesting deeper than 128 levels: the document is not checked');
  });

  it('a document range never ends past the text (engine/src/parse/manifestFile.ts)', () => {
    // `yaml` ends this document at offset 10 of a 9-character text.
    const text = read('range-past-end.yaml');
    const file = parseManifestFile('x.yaml', text);
    for (const d of file.documents) {
      assert.ok(d.range.end <= text.length, `document ends at ${d.range.end} of ${text.length}`);
      if (d.error) assert.ok(d.error.end <= text.length);
    }
    assert.deepEqual(checkResults([{ uri: 'x.yaml', text }], lintTexts([{ uri: 'x.yaml', text }], { taxonomy: fixtureTaxonomy('regressions/label-taxonomy.yaml') })).problems, []);
  });

  it('a safe rename in a pod template brings no new selector-template-mismatch (engine/src/labels/selectionChange.ts)', { skip: !has('label-deprecated') && 'label-deprecated not registered' }, () => {
    // Fixed by the owner of selectionChange.ts: a selector's requirements are compared one by one,
    // not only whether it matches.
    const text = read('deprecated-rename-own-selector.yaml');
    const taxonomy = fixtureTaxonomy('robustness/strict-taxonomy.yaml');
    const [before] = lintTexts([{ uri: 'x.yaml', text }], { taxonomy });
    for (const fix of before.findings.flatMap((f) => f.fixes).filter((x) => x.safe)) {
      const [after] = lintTexts([{ uri: 'x.yaml', text: applyFixes(text, [fix]).text }], { taxonomy });
      assert.deepEqual(newFindings(before.findings, after.findings).map((f) => f.message), [], `safe fix "${fix.title}"`);
    }
  });

  it(
    'a deeply nested taxonomy file does not kill the process (engine/src/taxonomy/load.ts)',
    () => {
      const script = `
        const { loadTaxonomy } = require(${JSON.stringify(path.join(ROOT, 'out/engine/src/taxonomy/load.js'))});
        const text = require('node:fs').readFileSync(${JSON.stringify(path.join(REGRESSIONS, 'taxonomy-deep-nesting.yaml'))}, 'utf8');
        let r;
        for (let i = 0; i < 5; i++) r = loadTaxonomy('/t/label-taxonomy.yaml', text, () => undefined);
        process.stdout.write(JSON.stringify(r.errors.map((e) => e.message)));`;
      const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(child.status, 0, `exit ${child.status}: ${child.stderr.split('\n').find((l) => /FATAL|Error/.test(l)) ?? child.stderr.slice(0, 300)}`);
      assert.match(child.stdout, /nesting/);
    },
  );

  it('a message does not quote a 5,000-character value in full (engine/src/rules/label-value-not-allowed.ts)', { skip: !has('label-value-not-allowed') && 'label-value-not-allowed not registered' }, () => {
    // Fixed by the rule's owner: long values are elided in the message.
    const text = read('long-value-message.yaml');
    const [r] = lintTexts([{ uri: 'x.yaml', text }], { taxonomy: fixtureTaxonomy('regressions/label-taxonomy.yaml') });
    const f = r.findings.find((x) => x.ruleId === 'label-value-not-allowed');
    assert.ok(f, 'no label-value-not-allowed finding');
    assert.ok(f.message.length < 300, `message of ${f.message.length} characters`);
  });
});
