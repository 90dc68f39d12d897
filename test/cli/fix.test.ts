// `--fix` (SPEC §3, §2 *Fixes*): every safe fix is applied in place, comments and formatting kept,
// BOM and CRLF kept, only changed files written, idempotent; then what is left is reported.
// The only safe fix of the catalog is label-deprecated's rename: those cases wait for that rule.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIGMAP, FIXTURES, copyFixture, duplicateKey, makeWorkspace, runCli, runJson, skipUnless } from './helpers';

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
const FIXTURE_TAXONOMY = `version: 1
unknownLabels: allow
labels:
  team:
    values: [payments, checkout]
  owner:
    deprecated: true
    replacedBy: team
`;

describe('--fix without safe fixes', () => {
  it('leaves every file byte for byte as it was (BOM and CRLF included) and reports the findings', () => {
    const bomCrlf = `\uFEFF${duplicateKey('x').replace(/\n/g, '\r\n')}`;
    const dir = makeWorkspace({ 'a.yaml': bomCrlf, 'b.yaml': CONFIGMAP });
    const past = new Date('2020-01-01T00:00:00Z');
    for (const f of ['a.yaml', 'b.yaml']) fs.utimesSync(path.join(dir, f), past, past);
    const r = runJson(['.', '--fix'], { cwd: dir });
    assert.equal(read(dir, 'a.yaml'), bomCrlf);
    assert.equal(read(dir, 'b.yaml'), CONFIGMAP);
    for (const f of ['a.yaml', 'b.yaml']) assert.equal(fs.statSync(path.join(dir, f)).mtimeMs, past.getTime(), `${f} was written`);
    assert.deepEqual(r.rows.map((x) => [x.file, x.ruleId, x.line]), [['a.yaml', 'yaml-syntax', 5]]);
    assert.equal(r.status, 1);
  });
});

describe('--fix: label-deprecated rename', { skip: skipUnless('label-deprecated') }, () => {
  const RENAMED = `# The deprecated key is renamed in place; the comment and the layout stay.
apiVersion: v1
kind: ConfigMap
metadata:
  name: rename-me
  labels:
    team: payments   # the team that gets paged
    tier: backend
data:
  k: v
`;
  const REMOVED = `apiVersion: v1
kind: ConfigMap
metadata:
  name: remove-me
  labels:
    team: payments
data:
  k: v
`;

  it('renames the key in place, keeping the value and the comment', () => {
    const dir = copyFixture('fix');
    const before = runJson(['.'], { cwd: dir });
    assert.ok(before.rows.some((x) => x.file === 'rename.yaml' && x.ruleId === 'label-deprecated' && x.fixable), JSON.stringify(before.rows));
    runCli(['.', '--fix'], { cwd: dir });
    assert.equal(read(dir, 'rename.yaml'), RENAMED);
  });

  it('removes the old key when the new key already holds the same value', () => {
    const dir = copyFixture('fix');
    runCli(['.', '--fix'], { cwd: dir });
    assert.equal(read(dir, 'remove.yaml'), REMOVED);
  });

  it('does not apply unsafe fixes, writes only changed files, and reports what is left', () => {
    const dir = copyFixture('fix');
    const unsafe = read(dir, 'unsafe.yaml');
    const past = new Date('2020-01-01T00:00:00Z');
    fs.utimesSync(path.join(dir, 'unsafe.yaml'), past, past);
    const r = runJson(['.', '--fix'], { cwd: dir });
    assert.equal(read(dir, 'unsafe.yaml'), unsafe);
    assert.equal(fs.statSync(path.join(dir, 'unsafe.yaml')).mtimeMs, past.getTime());
    const left = r.rows.filter((x) => x.ruleId === 'label-deprecated');
    assert.deepEqual([...new Set(left.map((x) => x.file))], ['unsafe.yaml'], JSON.stringify(r.rows));
    assert.ok(left.every((x) => !x.fixable));
    assert.ok(!r.rows.some((x) => x.fixable), 'a safe fix was left unapplied');
  });

  it('is idempotent: a second --fix changes nothing', () => {
    const dir = copyFixture('fix');
    runCli(['.', '--fix'], { cwd: dir });
    const snapshot = ['rename.yaml', 'remove.yaml', 'unsafe.yaml'].map((f) => read(dir, f));
    const second = runJson(['.', '--fix'], { cwd: dir });
    assert.deepEqual(['rename.yaml', 'remove.yaml', 'unsafe.yaml'].map((f) => read(dir, f)), snapshot);
    assert.deepEqual(second.rows, runJson(['.'], { cwd: dir }).rows);
  });

  it('keeps the BOM and CRLF line breaks', () => {
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    const dir = makeWorkspace({ 'label-taxonomy.yaml': FIXTURE_TAXONOMY, 'rename.yaml': `\uFEFF${crlf(read(path.join(FIXTURES, 'fix'), 'rename.yaml'))}` });
    runCli(['.', '--fix'], { cwd: dir });
    assert.equal(read(dir, 'rename.yaml'), `\uFEFF${crlf(RENAMED)}`);
  });

  it('fixes every occurrence in a multi-document file, over several passes if needed', () => {
    const doc = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  labels:\n    owner: checkout\n`;
    const dir = makeWorkspace({ 'label-taxonomy.yaml': FIXTURE_TAXONOMY, 'multi.yaml': `${doc('a')}---\n${doc('b')}---\n${doc('c')}` });
    const r = runJson(['.', '--fix'], { cwd: dir });
    assert.equal(read(dir, 'multi.yaml'), `${doc('a')}---\n${doc('b')}---\n${doc('c')}`.replace(/owner:/g, 'team:'));
    assert.deepEqual(r.rows, []);
    assert.equal(r.status, 0);
  });
});
