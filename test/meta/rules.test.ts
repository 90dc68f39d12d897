// Meta-tests: the rule catalog, its docs and its tests stay complete and consistent.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ALL_RULES } from '../../engine/src/rules/index';
import { RULE_IDS } from '../../engine/src/rules/rule';
import { lintTexts } from '../../engine/src/index';
import { loadTaxonomy } from '../../engine/src/taxonomy/load';
import { DEFAULT_TAXONOMY } from '../../engine/src/taxonomy/default';
import type { Taxonomy } from '../../engine/src/taxonomy/types';

const SECTIONS = ['## Rule Details', '## Examples', '## Quick fix', '## Options', '## When Not To Use It'];

interface DocExample {
  kind: 'incorrect' | 'correct' | 'taxonomy';
  text: string;
  line: number;
}

function examplesOf(markdown: string): DocExample[] {
  const out: DocExample[] = [];
  const re = /^```yaml (incorrect|correct|taxonomy)[^\n]*\n([\s\S]*?)^```/gm;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) {
    out.push({ kind: m[1] as DocExample['kind'], text: m[2], line: markdown.slice(0, m.index).split('\n').length });
  }
  return out;
}

describe('rule catalog', () => {
  it('every SPEC §2 rule id is registered exactly once', () => {
    const ids = ALL_RULES.map((r) => r.id).sort();
    assert.deepEqual(ids, [...RULE_IDS].sort());
  });
  it('the generated rule index is up to date', () => {
    const r = spawnSync(process.execPath, ['scripts/gen-rule-index.mjs', '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
  it('docs/rules/index.md is up to date', () => {
    const r = spawnSync(process.execPath, ['scripts/gen-docs-index.mjs', '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
  it('the engine imports neither vscode, LSP nor fs', () => {
    const r = spawnSync(process.execPath, ['scripts/check-imports.mjs'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
});

for (const rule of ALL_RULES) {
  describe(`rule ${rule.id}`, () => {
    const docPath = path.resolve('docs/rules', `${rule.id}.md`);
    it('has a docs URL derived from its id', () => {
      assert.ok(rule.docsUrl.endsWith(`/blob/main/docs/rules/${rule.id}.md`));
    });
    it('has a table-driven test file', () => {
      assert.ok(existsSync(path.resolve('test/engine/rules', `${rule.id}.test.ts`)), `test/engine/rules/${rule.id}.test.ts`);
    });
    it('has a doc page with the required sections in order', () => {
      assert.ok(existsSync(docPath), `missing docs/rules/${rule.id}.md`);
      const md = readFileSync(docPath, 'utf8');
      assert.equal(md.split('\n')[0], `# ${rule.id}`);
      const firstParagraph = md.split('\n\n')[1]?.replace(/\s+/g, ' ').trim();
      assert.equal(firstParagraph, rule.description, 'the first paragraph is the rule description');
      let at = -1;
      for (const s of SECTIONS) {
        const i = md.indexOf(`\n${s}\n`);
        assert.ok(i > at, `section "${s}" missing or out of order`);
        at = i;
      }
    });
    it('doc examples: incorrect ones trigger the rule, correct ones do not', () => {
      if (!existsSync(docPath)) return assert.fail('no doc page');
      const md = readFileSync(docPath, 'utf8');
      const examples = examplesOf(md);
      assert.ok(examples.some((e) => e.kind === 'incorrect'), 'at least one incorrect example');
      assert.ok(examples.some((e) => e.kind === 'correct'), 'at least one correct example');
      const taxonomyText = examples.find((e) => e.kind === 'taxonomy')?.text;
      let taxonomy: Taxonomy = DEFAULT_TAXONOMY;
      if (taxonomyText) {
        const loaded = loadTaxonomy('label-taxonomy.yaml', taxonomyText, () => undefined);
        assert.ok(loaded.taxonomy, `taxonomy example: ${loaded.errors.map((e) => e.message).join('; ')}`);
        taxonomy = loaded.taxonomy;
      }
      for (const ex of examples.filter((e) => e.kind !== 'taxonomy')) {
        const [result] = lintTexts([{ uri: 'example.yaml', text: ex.text }], { taxonomy });
        const mine = result.findings.filter((f) => f.ruleId === rule.id);
        if (ex.kind === 'incorrect') assert.ok(mine.length > 0, `incorrect example at line ${ex.line} gives no ${rule.id} finding`);
        else assert.deepEqual(mine.map((f) => f.message), [], `correct example at line ${ex.line}`);
      }
    });
  });
}
