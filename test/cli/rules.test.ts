// Every registered rule has a CLI case (as kube-linter's e2e tests do): the `incorrect` and
// `correct` examples of its doc page (docs/rules/<id>.md, with the page's `taxonomy` example as
// label-taxonomy.yaml) are linted by the real CLI with `--format json`. An incorrect example gives
// at least one finding of the rule, inside the file, with the exit code its severity implies; a
// correct one gives none.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES } from '../../engine/src/index';
import { makeWorkspace, runJson } from './helpers';

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

for (const rule of ALL_RULES) {
  const docPath = path.resolve('docs', 'rules', `${rule.id}.md`);
  const examples = fs.existsSync(docPath) ? examplesOf(fs.readFileSync(docPath, 'utf8')) : [];
  const skip = examples.length ? false : `no examples in docs/rules/${rule.id}.md yet`;

  describe(`CLI case: ${rule.id}`, { skip }, () => {
    const taxonomy = examples.find((e) => e.kind === 'taxonomy')?.text;
    const workspace = (text: string) => makeWorkspace({ 'example.yaml': text, ...(taxonomy ? { 'label-taxonomy.yaml': taxonomy } : {}) });

    for (const ex of examples.filter((e) => e.kind === 'incorrect')) {
      it(`incorrect example (docs line ${ex.line}) is reported`, () => {
        const r = runJson(['.'], { cwd: workspace(ex.text) });
        const mine = r.rows.filter((x) => x.ruleId === rule.id);
        assert.ok(mine.length > 0, `no ${rule.id} finding: ${JSON.stringify(r.rows)}\n${r.stderr}`);
        const lineCount = ex.text.split(/\r?\n/).length;
        for (const x of mine) {
          assert.equal(x.file, 'example.yaml');
          assert.ok(x.line >= 1 && x.endLine >= x.line && x.endLine <= lineCount, JSON.stringify(x));
        }
        assert.equal(r.status, r.rows.some((x) => x.severity === 'error') ? 1 : 0);
      });
    }

    for (const ex of examples.filter((e) => e.kind === 'correct')) {
      it(`correct example (docs line ${ex.line}) is not reported`, () => {
        const r = runJson(['.'], { cwd: workspace(ex.text) });
        assert.deepEqual(r.rows.filter((x) => x.ruleId === rule.id), []);
      });
    }
  });
}
