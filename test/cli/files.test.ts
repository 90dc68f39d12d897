// Which files are linted (SPEC §2 *Files*, §3): folders → **/*.{yaml,yml} minus .gitignore,
// never node_modules or .git; taxonomy files are not manifests; Helm templates, binary files and
// YAML that is not Kubernetes are skipped with a note on stderr, never a finding.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { rebasePattern } from '../../io/src/files';
import { CONFIGMAP, FIXTURES, duplicateKey, makeWorkspace, runCli, runJson } from './helpers';

/** Files with a finding: every file here holds a yaml-syntax error, so "linted" = "reported". */
const reported = (cwd: string, args: string[] = ['.']) => [...new Set(runJson(args, { cwd }).rows.map((r) => r.file))];
const BAD = duplicateKey('x');

describe('folders', () => {
  it('lint *.yaml and *.yml at any depth, nothing else', () => {
    const dir = makeWorkspace({ 'a.yaml': BAD, 'b.yml': BAD, 'deep/er/c.YAML': BAD, 'notes.txt': BAD, 'd.json': '{"a": 1, "a": 2}', 'yaml': BAD });
    assert.deepEqual(reported(dir), ['a.yaml', 'b.yml', 'deep/er/c.YAML']);
  });

  it('default to the current folder', () => {
    const dir = makeWorkspace({ 'a.yaml': BAD });
    assert.deepEqual([...new Set(runJson([], { cwd: dir }).rows.map((r) => r.file))], ['a.yaml']);
  });

  it('never enter node_modules or .git', () => {
    const dir = makeWorkspace({ 'a.yaml': BAD, 'node_modules/pkg/x.yaml': BAD, 'sub/node_modules/y.yaml': BAD, '.git/z.yaml': BAD });
    assert.deepEqual(reported(dir), ['a.yaml']);
  });

  it('lint a file named explicitly whatever its extension', () => {
    const dir = makeWorkspace({ 'manifest.txt': BAD, 'a.yaml': BAD });
    assert.deepEqual(reported(dir, ['manifest.txt']), ['manifest.txt']);
  });

  it('lint a file once when two arguments reach it', () => {
    const dir = makeWorkspace({ 'sub/a.yaml': BAD });
    const rows = runJson(['.', 'sub', 'sub/a.yaml'], { cwd: dir }).rows;
    assert.equal(rows.length, 1);
  });
});

describe('.gitignore', () => {
  const files = {
    '.gitignore': 'generated/\n*.local.yaml\n!keep.local.yaml\n/top-only.yaml\n',
    'a.yaml': BAD,
    'generated/out.yaml': BAD,
    'x.local.yaml': BAD,
    'keep.local.yaml': BAD,
    'top-only.yaml': BAD,
    'sub/top-only.yaml': BAD, // `/top-only.yaml` is anchored to the root
    'sub/y.local.yaml': BAD, // `*.local.yaml` matches at any depth
    'sub/.gitignore': 'secret.yaml\n!x.local.yaml\n',
    'sub/secret.yaml': BAD,
    'sub/x.local.yaml': BAD, // re-included by the deeper file
    'other/secret.yaml': BAD, // sub's rules stay in sub
  };

  it('is respected, every file from the root down, deeper files winning', () => {
    const dir = makeWorkspace(files);
    assert.deepEqual(reported(dir), ['a.yaml', 'keep.local.yaml', 'other/secret.yaml', 'sub/top-only.yaml', 'sub/x.local.yaml']);
  });

  it('of the parent folders applies when linting a sub-folder', () => {
    const dir = makeWorkspace(files);
    assert.deepEqual(reported(path.join(dir, 'sub')), ['top-only.yaml', 'x.local.yaml']);
  });

  it('stops at the git root (a .gitignore above the repository does not apply)', () => {
    const dir = makeWorkspace({ '.gitignore': 'repo/\n*.yaml\n', 'repo/.git/HEAD': '', 'repo/a.yaml': BAD });
    assert.deepEqual(reported(path.join(dir, 'repo')), ['a.yaml']);
  });

  it('does not stop a folder named explicitly from being linted', () => {
    const dir = makeWorkspace({ '.gitignore': 'rendered/\n', 'rendered/.gitignore': 'skip.yaml\n', 'rendered/a.yaml': BAD, 'rendered/skip.yaml': BAD });
    assert.deepEqual(reported(dir, ['rendered']), ['rendered/a.yaml']);
    assert.deepEqual(reported(dir, ['.']), []);
  });

  it('does not stop a file named explicitly from being linted', () => {
    const dir = makeWorkspace(files);
    assert.deepEqual(reported(dir, ['x.local.yaml']), ['x.local.yaml']);
  });

  it('rebases a nested .gitignore pattern onto the root (unit)', () => {
    assert.equal(rebasePattern('secret.yaml', 'sub'), 'sub/**/secret.yaml');
    assert.equal(rebasePattern('/only-here.yaml', 'sub'), 'sub/only-here.yaml');
    assert.equal(rebasePattern('gen/*.yaml', 'a/b'), 'a/b/gen/*.yaml');
    assert.equal(rebasePattern('build/', 'sub'), 'sub/**/build/');
    assert.equal(rebasePattern('!keep.yaml', 'sub'), '!sub/**/keep.yaml');
    assert.equal(rebasePattern('# comment', 'sub'), undefined);
    assert.equal(rebasePattern('   ', 'sub'), undefined);
    assert.equal(rebasePattern('x.yaml', ''), 'x.yaml');
  });
});

describe('taxonomy files', () => {
  it('are never linted as manifests (nor the files they extend)', () => {
    const dir = makeWorkspace({
      'label-taxonomy.yaml': 'version: 1\nextends: [org/base-taxonomy.yaml]\nunknownLabels: allow\n',
      'org/base-taxonomy.yaml': 'version: 1\n',
      'team/.label-taxonomy.yaml': 'version: 1\n',
      'team/.vscode/label-taxonomy.yaml': 'version: 1\n',
      'a.yaml': CONFIGMAP,
    });
    const r = runJson(['.'], { cwd: dir });
    assert.deepEqual(r.rows, []);
    assert.equal(r.stderr, '', 'no note for a taxonomy file met in a folder');
    assert.equal(r.status, 0);
  });

  it('named explicitly, are skipped with a note', () => {
    const dir = makeWorkspace({ 'label-taxonomy.yaml': 'version: 1\n' });
    const r = runCli(['label-taxonomy.yaml'], { cwd: dir });
    assert.match(r.stderr, /^note: label-taxonomy\.yaml: skipped: taxonomy file/m);
    assert.equal(r.status, 0);
  });
});

describe('skipped files: a note on stderr, never a finding', () => {
  const helm = path.join(FIXTURES, 'helm');

  it('Helm chart templates (a Chart.yaml above the templates/ folder), even when they parse', () => {
    const r = runJson(['.'], { cwd: helm });
    assert.deepEqual(r.rows, []);
    assert.equal(r.status, 0);
    const notes = r.stderr.trim().split('\n');
    assert.ok(notes.includes('note: mychart/templates/deployment.yaml: skipped: Helm chart template (chart: mychart)'), r.stderr);
    assert.ok(notes.includes('note: mychart/templates/service.yaml: skipped: Helm chart template (chart: mychart)'), r.stderr);
  });

  it('a file that does not parse and contains {{', () => {
    const r = runCli(['.'], { cwd: helm });
    assert.match(r.stderr, /^note: templated\.yaml: skipped: .*template/m);
  });

  it('YAML that is not a Kubernetes object', () => {
    const r = runCli(['.'], { cwd: helm });
    assert.match(r.stderr, /^note: mychart\/values\.yaml: skipped: not a Kubernetes manifest/m);
    assert.doesNotMatch(r.stderr, /configmap\.yaml/);
  });

  it('a templates/ folder without a Chart.yaml above is linted as usual', () => {
    const dir = makeWorkspace({ 'templates/a.yaml': BAD });
    assert.deepEqual(reported(dir), ['templates/a.yaml']);
  });

  it('binary files', () => {
    const dir = makeWorkspace({ 'blob.yaml': Buffer.from([0x61, 0x3a, 0x00, 0x01, 0x02]), 'latin1.yaml': Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]), 'a.yaml': BAD });
    const r = runJson(['.'], { cwd: dir });
    assert.deepEqual([...new Set(r.rows.map((x) => x.file))], ['a.yaml']);
    assert.match(r.stderr, /^note: blob\.yaml: skipped: binary file$/m);
    assert.match(r.stderr, /^note: latin1\.yaml: skipped: not UTF-8 text$/m);
  });

  it('notes come in path order, and the formats json and sarif keep stdout clean', () => {
    const r = runCli(['.', '--format', 'sarif'], { cwd: helm });
    JSON.parse(r.stdout);
    const paths = r.stderr
      .trim()
      .split('\n')
      .map((l) => l.split(': ')[1]);
    assert.deepEqual(paths, ['mychart/Chart.yaml', 'mychart/templates/deployment.yaml', 'mychart/templates/service.yaml', 'mychart/values.yaml', 'templated.yaml']);
  });
});
