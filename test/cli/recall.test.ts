// Recall and precision on a generated workspace: `../shared/tools/gen-workspace.mjs` writes 300
// apps with injected violations and EXPECTED.json ({ file, startLine, endLine, ruleId }: the YAML
// document that must carry a finding of that rule). For every rule registered so far: each
// expected finding is reported inside its document's lines, and no finding of those rules appears
// in any other document. Rules not registered yet are left out (and listed).
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as Sarif from 'sarif';
import { ALL_RULES, RULE_IDS } from '../../engine/src/index';
import { runCli, tempDir } from './helpers';

const GENERATOR = path.resolve('..', 'shared', 'tools', 'gen-workspace.mjs');

interface Expected {
  file: string;
  startLine: number;
  endLine: number;
  ruleId: string;
}

interface Reported {
  file: string;
  line: number;
  ruleId: string;
  message: string;
}

describe('recall on a generated workspace (300 apps, seed 7)', { skip: fs.existsSync(GENERATOR) ? false : `no generator at ${GENERATOR}` }, () => {
  const implemented = new Set<string>(ALL_RULES.map((r) => r.id));
  let expected: Expected[] = [];
  let reported: Reported[] = [];

  before(() => {
    const dir = tempDir();
    const gen = spawnSync(process.execPath, [GENERATOR, dir, '--apps', '300', '--seed', '7'], { encoding: 'utf8' });
    assert.equal(gen.status, 0, gen.stderr);
    expected = (JSON.parse(fs.readFileSync(path.join(dir, 'EXPECTED.json'), 'utf8')) as { expected: Expected[] }).expected;
    const r = runCli(['.', '--format', 'sarif'], { cwd: dir });
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    const log = JSON.parse(r.stdout) as Sarif.Log;
    reported = (log.runs[0].results ?? []).map((res) => ({
      file: decodeURIComponent(res.locations?.[0].physicalLocation?.artifactLocation?.uri ?? ''),
      line: res.locations?.[0].physicalLocation?.region?.startLine ?? 0,
      ruleId: res.ruleId ?? '',
      message: res.message.text ?? '',
    }));
  });

  it('lists which rules are checked', (t) => {
    const pending = RULE_IDS.filter((id) => !implemented.has(id));
    t.diagnostic(`checked: ${[...implemented].sort().join(', ')}`);
    if (pending.length) t.diagnostic(`not registered yet (not checked): ${pending.join(', ')}`);
    assert.ok(expected.length > 0);
  });

  it('reports every expected finding of the registered rules inside its document', () => {
    const misses = expected
      .filter((e) => implemented.has(e.ruleId))
      .filter((e) => !reported.some((r) => r.ruleId === e.ruleId && r.file === e.file && r.line >= e.startLine && r.line <= e.endLine));
    const byRule = new Map<string, number>();
    for (const m of misses) byRule.set(m.ruleId, (byRule.get(m.ruleId) ?? 0) + 1);
    if (misses.length) {
      const list = misses.map((m) => `  ${m.ruleId} missing in ${m.file}:${m.startLine}-${m.endLine}`);
      assert.fail(`missed ${misses.length} of ${expected.filter((e) => implemented.has(e.ruleId)).length} (${summary(byRule)}):\n${firstLines(list)}`);
    }
  });

  it('reports no finding of the registered rules outside the expected documents', () => {
    const covered = (r: Reported) => expected.some((e) => e.ruleId === r.ruleId && e.file === r.file && r.line >= e.startLine && r.line <= e.endLine);
    const extra = reported.filter((r) => implemented.has(r.ruleId) && !covered(r));
    const byRule = new Map<string, number>();
    for (const x of extra) byRule.set(x.ruleId, (byRule.get(x.ruleId) ?? 0) + 1);
    if (extra.length) {
      const list = extra.map((x) => `  ${x.ruleId} unexpected at ${x.file}:${x.line}: ${x.message}`);
      assert.fail(`${extra.length} unexpected findings (${summary(byRule)}):\n${firstLines(list)}`);
    }
  });
});

function summary(byRule: Map<string, number>): string {
  return [...byRule].map(([id, n]) => `${id}: ${n}`).join(', ');
}

/** The first 100 lines of a list, and how many more. */
function firstLines(list: string[]): string {
  return list.slice(0, 100).join('\n') + (list.length > 100 ? `\n  … and ${list.length - 100} more` : '');
}
