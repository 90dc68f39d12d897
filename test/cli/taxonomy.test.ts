// Which taxonomy applies (SPEC §1): --taxonomy, else the first taxonomy file found in each path
// argument's folder and then its parents, else the embedded default; an invalid taxonomy → exit 2
// with `file:line:col: message` on stderr. The fixtures' taxonomies set `rules.yaml-syntax` to
// `warning` or `info`, so the severity of a yaml-syntax finding tells which taxonomy was used.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, duplicateKey, makeWorkspace, runCli, runJson } from './helpers';

const DISCOVERY = path.join(FIXTURES, 'discovery');
const severities = (r: { rows: { severity: string }[] }) => r.rows.map((x) => x.severity);

describe('taxonomy discovery', () => {
  it('finds label-taxonomy.yaml in a parent folder of the path argument', () => {
    const r = runJson([path.join(DISCOVERY, 'apps', 'team-a')]);
    assert.deepEqual(severities(r), ['warning']);
  });

  it('starts from the folder of a file argument', () => {
    assert.deepEqual(severities(runJson([path.join(DISCOVERY, 'apps', 'team-a', 'dup.yaml')])), ['warning']);
  });

  it('starts from the path argument, not from the current folder', () => {
    const dir = makeWorkspace({ 'label-taxonomy.yaml': 'version: 1\nrules:\n  yaml-syntax: info\n' });
    assert.deepEqual(severities(runJson([path.join(DISCOVERY, 'apps')], { cwd: dir })), ['warning']);
  });

  it('--taxonomy wins over discovery', () => {
    const r = runJson([path.join(DISCOVERY, 'apps'), '--taxonomy', path.join(DISCOVERY, 'other-taxonomy.yaml')]);
    assert.deepEqual(severities(r), ['info']);
  });

  it('--taxonomy is relative to the current folder', () => {
    const r = runJson(['apps', '--taxonomy', 'other-taxonomy.yaml'], { cwd: DISCOVERY });
    assert.deepEqual(severities(r), ['info']);
  });

  it('never lints the --taxonomy file as a manifest, whatever its name', () => {
    const r = runJson(['.', '--taxonomy', 'other-taxonomy.yaml'], { cwd: DISCOVERY });
    assert.deepEqual(r.rows.map((x) => x.file), ['apps/team-a/dup.yaml']);
    assert.doesNotMatch(r.stderr, /other-taxonomy/);
  });

  it('uses the embedded default when no taxonomy file exists', () => {
    const dir = makeWorkspace({ 'a.yaml': duplicateKey('a') });
    assert.deepEqual(severities(runJson(['.'], { cwd: dir })), ['error']);
  });

  it('finds the other names too: label-taxonomy.json, .label-taxonomy.yaml, .vscode/label-taxonomy.yaml', () => {
    const cases: Record<string, string> = {
      'label-taxonomy.json': '{"version": 1, "rules": {"yaml-syntax": "info"}}',
      '.label-taxonomy.yaml': 'version: 1\nrules:\n  yaml-syntax: info\n',
      '.vscode/label-taxonomy.yaml': 'version: 1\nrules:\n  yaml-syntax: info\n',
    };
    for (const [name, text] of Object.entries(cases)) {
      const dir = makeWorkspace({ [name]: text, 'apps/a.yaml': duplicateKey('a') });
      assert.deepEqual(severities(runJson(['apps'], { cwd: dir })), ['info'], name);
    }
  });

  it('gives each path argument the taxonomy found from its own folder', () => {
    const r = runJson([path.join(FIXTURES, 'warnings'), path.join(FIXTURES, 'infos')]);
    assert.deepEqual(
      r.rows.map((x) => [x.file, x.severity]),
      [
        ['test/fixtures/cli/infos/c.yaml', 'info'],
        ['test/fixtures/cli/warnings/a.yaml', 'warning'],
        ['test/fixtures/cli/warnings/b.yaml', 'warning'],
      ],
    );
  });
});

describe('taxonomy errors → exit 2, file:line:col: message on stderr', () => {
  it('a schema error in a discovered taxonomy', () => {
    const r = runCli([path.join(FIXTURES, 'taxonomy-error')]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    // `unknownLabels: sometimes`: the value on line 2, column 16.
    assert.match(r.stderr, /^test\/fixtures\/cli\/taxonomy-error\/label-taxonomy\.yaml:2:16: .*unknownLabels/m);
  });

  it('an error in a --taxonomy file, with the path relative to the current folder', () => {
    const r = runCli(['.', '--taxonomy', '../taxonomy-error/label-taxonomy.yaml'], { cwd: path.join(FIXTURES, 'formats') });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^\.\.\/taxonomy-error\/label-taxonomy\.yaml:2:16: /m);
  });

  it('a YAML syntax error in the taxonomy', () => {
    const dir = makeWorkspace({ 'label-taxonomy.yaml': 'version: 1\nlabels:\n  team: [a\n', 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n' });
    const r = runCli(['.'], { cwd: dir });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^label-taxonomy\.yaml:\d+:\d+: /m);
  });

  it('a --taxonomy file that does not exist', () => {
    const r = runCli(['.', '--taxonomy', 'nope.yaml'], { cwd: path.join(FIXTURES, 'formats') });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^nope\.yaml:1:1: .*not found/m);
  });

  it('an error in a file that the taxonomy extends names that file', () => {
    const dir = makeWorkspace({
      'label-taxonomy.yaml': 'version: 1\nextends: [base.yaml]\n',
      'base.yaml': 'version: 1\nunknownLabels: maybe\n',
      'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
    });
    const r = runCli(['.'], { cwd: dir });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^base\.yaml:2:16: /m);
  });
});
