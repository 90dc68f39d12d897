// Output formats (SPEC §3): the JSON shape, stylish, positions (1-based, UTF-16 columns, end
// exclusive) and paths (relative to the current folder, with `/`).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { CONFIGMAP, FIXTURES, duplicateKey, makeWorkspace, runCli, runJson } from './helpers';

const FORMATS = path.join(FIXTURES, 'formats');
const JSON_KEYS = ['file', 'ruleId', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'fixable'];

describe('--format json', () => {
  const run = runJson(['.'], { cwd: FORMATS });

  it('is an array of exactly { file, ruleId, severity, message, line, column, endLine, endColumn, fixable }', () => {
    assert.ok(Array.isArray(run.rows));
    assert.ok(run.rows.length > 0);
    for (const row of run.rows) {
      assert.deepEqual(Object.keys(row), JSON_KEYS);
      assert.equal(typeof row.file, 'string');
      assert.equal(typeof row.message, 'string');
      assert.ok(['error', 'warning', 'info'].includes(row.severity));
      for (const k of ['line', 'column', 'endLine', 'endColumn'] as const) assert.ok(Number.isInteger(row[k]) && row[k] >= 1, `${k} ${row[k]}`);
      assert.equal(typeof row.fixable, 'boolean');
    }
  });

  it('reports the yaml-syntax findings with paths relative to the current folder', () => {
    const syntax = run.rows.filter((r) => r.ruleId === 'yaml-syntax');
    assert.deepEqual(
      syntax.map((r) => [r.file, r.line]),
      [
        ['broken.yaml', 6],
        ['nested/multi.yaml', 10],
        ['unicode.yaml', 5],
      ],
    );
    assert.ok(syntax.every((r) => r.severity === 'error' && r.fixable === false));
    assert.equal(run.status, 1);
  });

  it('gives the position of the error inside a multi-document file (the other documents still count)', () => {
    const multi = run.rows.find((r) => r.file === 'nested/multi.yaml' && r.ruleId === 'yaml-syntax');
    assert.deepEqual(multi && [multi.line, multi.column, multi.endLine, multi.endColumn], [10, 3, 10, 4]);
    assert.match(multi?.message ?? '', /unique/);
  });

  it('counts columns in UTF-16 code units (an emoji is two), end column exclusive', () => {
    // `data: {"😀": a, "😀": b}`: the second key's quote is code unit 17 (code point 15).
    const u = run.rows.find((r) => r.file === 'unicode.yaml');
    assert.deepEqual(u && [u.line, u.column, u.endLine, u.endColumn], [5, 17, 5, 18]);
  });

  it('writes paths relative to the current folder, with /, whatever the path argument', () => {
    const fromRepo = runJson([path.join(FORMATS, 'nested')]);
    assert.deepEqual([...new Set(fromRepo.rows.map((r) => r.file))], ['test/fixtures/cli/formats/nested/multi.yaml']);
    const fromBelow = runJson(['..'], { cwd: path.join(FORMATS, 'nested') });
    assert.ok(fromBelow.rows.some((r) => r.file === '../broken.yaml'));
    assert.ok(fromBelow.rows.some((r) => r.file === 'multi.yaml'));
  });

  it('prints [] for a clean workspace, with exit code 0', () => {
    const dir = makeWorkspace({ 'cm.yaml': CONFIGMAP });
    const r = runJson(['.'], { cwd: dir });
    assert.deepEqual(r.rows, []);
    assert.equal(r.status, 0);
    assert.equal(r.stderr, '');
  });

  it('does not count a BOM: columns on the first line are those of the text without it', () => {
    const text = '{a: 1, a: 2}\n';
    const dir = makeWorkspace({ 'plain.yaml': text, 'bom.yaml': `\uFEFF${text}` });
    const rows = runJson(['.'], { cwd: dir }).rows.map((r) => [r.file, r.line, r.column, r.endLine, r.endColumn]);
    assert.deepEqual(rows, [
      ['bom.yaml', 1, 8, 1, 9],
      ['plain.yaml', 1, 8, 1, 9],
    ]);
  });

  it('counts lines the same with CRLF line breaks', () => {
    const dir = makeWorkspace({ 'lf.yaml': duplicateKey('x'), 'crlf.yaml': duplicateKey('x').replace(/\n/g, '\r\n') });
    const rows = runJson(['.'], { cwd: dir }).rows.map((r) => [r.file, r.line, r.column, r.endLine, r.endColumn]);
    assert.deepEqual(rows, [
      ['crlf.yaml', 5, 3, 5, 4],
      ['lf.yaml', 5, 3, 5, 4],
    ]);
  });

  it('lists files in a deterministic, sorted order', () => {
    const files: Record<string, string> = {};
    for (const name of ['b.yaml', 'a.yaml', 'c/a.yaml', 'a/z.yml', 'B.yaml']) files[name] = duplicateKey('x');
    const dir = makeWorkspace(files);
    const first = runJson(['.'], { cwd: dir }).rows.map((r) => r.file);
    assert.deepEqual(first, ['B.yaml', 'a/z.yml', 'a.yaml', 'b.yaml', 'c/a.yaml']);
    assert.deepEqual(runJson(['c', '.', 'a'], { cwd: dir }).rows.map((r) => r.file), first);
  });
});

describe('--format stylish (default)', () => {
  it('groups findings by file with line:col, severity, message and rule id, then a summary', () => {
    const r = runCli(['.'], { cwd: FORMATS });
    assert.equal(r.status, 1);
    const lines = r.stdout.split('\n');
    assert.ok(lines.includes('nested/multi.yaml'), r.stdout);
    assert.ok(lines.some((l) => /^ {2}10:3 {2}error {2}YAML syntax error: Map keys must be unique +yaml-syntax$/.test(l)), r.stdout);
    assert.ok(lines.includes('✖ 3 problems (3 errors, 0 warnings, 0 infos)'), r.stdout);
    assert.ok(!r.stdout.includes('potentially fixable'));
  });

  it('aligns the columns of a file', () => {
    const text = `${duplicateKey('x')}---\n${'{a: 1, a: 2}'}\n`;
    const dir = makeWorkspace({ 'two.yaml': text });
    const rows = runCli(['.'], { cwd: dir }).stdout.split('\n').filter((l) => l.startsWith('  '));
    assert.equal(rows.length, 2, rows.join('\n'));
    assert.equal(rows[0].indexOf('error'), rows[1].indexOf('error'));
    assert.equal(rows[0].indexOf('yaml-syntax'), rows[1].indexOf('yaml-syntax'));
  });

  it('prints nothing for a clean workspace', () => {
    const dir = makeWorkspace({ 'cm.yaml': CONFIGMAP });
    const r = runCli([], { cwd: dir });
    assert.equal(r.stdout, '');
    assert.equal(r.status, 0);
  });

  it('says "1 problem", and counts infos and warnings', () => {
    const r = runCli([path.join(FIXTURES, 'infos'), path.join(FIXTURES, 'warnings')]);
    assert.ok(r.stdout.includes('✖ 3 problems (0 errors, 2 warnings, 1 info)'), r.stdout);
    const one = runCli([path.join(FIXTURES, 'infos')]);
    assert.ok(one.stdout.includes('✖ 1 problem (0 errors, 0 warnings, 1 info)'), one.stdout);
  });
});
