// Exit codes (SPEC §3): 0 clean (warnings within --max-warnings, infos never count), 1 otherwise,
// 2 on a usage error (message on stderr); and the options that change what is reported.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { TOOL_VERSION } from '../../engine/src/index';
import { CONFIGMAP, FIXTURES, makeWorkspace, runCli, runJson, skipUnless } from './helpers';

const WARNINGS = path.join(FIXTURES, 'warnings'); // two yaml-syntax findings, as warnings
const INFOS = path.join(FIXTURES, 'infos'); // one yaml-syntax finding, as info

describe('exit codes', () => {
  it('0 for a clean workspace', () => {
    const dir = makeWorkspace({ 'cm.yaml': CONFIGMAP });
    assert.equal(runCli(['.'], { cwd: dir }).status, 0);
  });

  it('1 when there is an error finding', () => {
    assert.equal(runCli([path.join(FIXTURES, 'formats')]).status, 1);
  });

  it('0 with warnings and no --max-warnings (no limit by default)', () => {
    const r = runJson([WARNINGS]);
    assert.deepEqual(r.rows.map((x) => x.severity), ['warning', 'warning']);
    assert.equal(r.status, 0);
  });

  const limits: [string, number][] = [
    ['2', 0],
    ['1', 1],
    ['0', 1],
    ['-1', 0], // -1: no limit, as ESLint
  ];
  for (const [limit, code] of limits) {
    it(`--max-warnings ${limit} with 2 warnings → ${code}`, () => {
      const r = runCli([WARNINGS, '--max-warnings', limit]);
      assert.equal(r.status, code, r.stderr);
      if (code === 1) assert.match(r.stderr, /too many warnings \(maximum: \d+\)/);
    });
  }

  it('--max-warnings=N works too', () => {
    assert.equal(runCli([WARNINGS, '--max-warnings=1']).status, 1);
  });

  it('infos never count: --max-warnings 0 with an info finding → 0', () => {
    const r = runJson([INFOS, '--max-warnings', '0']);
    assert.deepEqual(r.rows.map((x) => x.severity), ['info']);
    assert.equal(r.status, 0);
  });

  it('errors give 1 whatever --max-warnings says', () => {
    assert.equal(runCli([path.join(FIXTURES, 'formats'), '--max-warnings', '100']).status, 1);
  });
});

describe('usage errors → 2 with a message on stderr', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown option', ['--frobnicate'], /unknown option '--frobnicate'/],
    ['an unknown short option', ['-x'], /unknown option '-x'/],
    ['an unknown format', ['--format', 'xml'], /invalid value 'xml' for '--format'/],
    ['a missing option value', ['--format'], /'--format' needs a value/],
    ['a negative --max-warnings', ['--max-warnings', '-5'], /invalid value '-5' for '--max-warnings'/],
    ['a non-numeric --max-warnings', ['--max-warnings', 'many'], /invalid value 'many' for '--max-warnings'/],
    ['an invalid --namespace', ['--namespace', 'Not_A_Namespace'], /invalid value 'Not_A_Namespace' for '--namespace'/],
    ['a value for a flag', ['--fix=yes'], /'--fix' takes no value/],
    ['a path that does not exist', ['no/such/folder'], /no such file or folder: no\/such\/folder/],
  ];
  for (const [name, args, message] of cases) {
    it(name, () => {
      const dir = makeWorkspace({ 'cm.yaml': CONFIGMAP });
      const r = runCli(args, { cwd: dir });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    });
  }

  it('names every missing path, and lints nothing', () => {
    const r = runCli([path.join(FIXTURES, 'formats'), 'missing-1', 'missing-2']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /missing-1/);
    assert.match(r.stderr, /missing-2/);
    assert.equal(r.stdout, '');
  });
});

describe('--help and --version', () => {
  it('--help prints the usage and exits 0', () => {
    const r = runCli(['--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^Usage: kube-label-lint \[paths…\]/);
    for (const flag of ['--taxonomy', '--namespace', '--format', '--fix', '--max-warnings']) assert.ok(r.stdout.includes(flag), flag);
  });

  it('-h is --help', () => assert.equal(runCli(['-h']).stdout, runCli(['--help']).stdout));

  it('--version prints the package version', () => {
    const r = runCli(['--version']);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, `${TOOL_VERSION}\n`);
  });
});

describe('--namespace', () => {
  const dir = path.join(FIXTURES, 'namespace');
  // `team` is required on ConfigMaps in prod-* namespaces; the ConfigMap names no namespace.
  it('objects without a namespace are in "default" by default', { skip: skipUnless('label-required') }, () => {
    const r = runJson([dir]);
    assert.deepEqual(r.rows.filter((x) => x.ruleId === 'label-required'), []);
  });

  it('--namespace NS puts them in NS', { skip: skipUnless('label-required') }, () => {
    const r = runJson([dir, '--namespace', 'prod-eu']);
    const required = r.rows.filter((x) => x.ruleId === 'label-required');
    assert.equal(required.length, 1, JSON.stringify(r.rows));
    assert.equal(required[0].file, 'test/fixtures/cli/namespace/configmap.yaml');
    assert.match(required[0].message, /team/);
    assert.equal(r.status, 1);
  });

  it('accepts a valid namespace name', () => {
    const r = runCli([path.join(FIXTURES, 'formats', 'configmap.yaml'), '--namespace', 'prod-eu']);
    assert.equal(r.status, 0, r.stderr);
  });
});
