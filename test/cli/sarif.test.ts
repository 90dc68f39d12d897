// `--format sarif` (SPEC §3): the shape the contract names, and validation by Microsoft's SARIF
// Multitool (`@microsoft/sarif-multitool validate`, the validator the SPEC names) plus the JSON
// Schema it ships (ajv, which also checks the enums the Multitool lets through).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { ALL_RULES, HOMEPAGE, TOOL_VERSION } from '../../engine/src/index';
import { FIXTURES, duplicateKey, makeWorkspace, runCli, tempDir } from './helpers';

const FORMATS = path.join(FIXTURES, 'formats');

function sarifOf(args: string[], cwd?: string): { log: Sarif.Log; text: string; status: number | null } {
  const r = runCli([...args, '--format', 'sarif'], { cwd });
  return { log: JSON.parse(r.stdout) as Sarif.Log, text: r.stdout, status: r.status };
}

describe('--format sarif: shape', () => {
  const { log, status } = sarifOf(['.'], FORMATS);
  const run = log.runs[0];

  it('is SARIF 2.1.0 with one run', () => {
    assert.equal(log.version, '2.1.0');
    assert.equal(typeof log.$schema, 'string');
    assert.equal(log.runs.length, 1);
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.equal(status, 1);
  });

  it('names the tool, its version and homepage, and lists every registered rule with its helpUri', () => {
    const driver = run.tool.driver;
    assert.equal(driver.name, 'kube-label-lint');
    assert.equal(driver.version, TOOL_VERSION);
    assert.equal(driver.informationUri, HOMEPAGE);
    const rules = driver.rules ?? [];
    assert.deepEqual(rules.map((r) => r.id).sort(), ALL_RULES.map((r) => r.id).sort());
    for (const r of rules) {
      assert.equal(r.helpUri, `${HOMEPAGE}/blob/main/docs/rules/${r.id}.md`);
      assert.ok(r.shortDescription?.text);
      assert.ok(['error', 'warning', 'note'].includes(r.defaultConfiguration?.level ?? ''), `${r.id}: ${r.defaultConfiguration?.level}`);
    }
  });

  it('gives each result ruleId, ruleIndex, level, message.text and one physical location', () => {
    const results = run.results ?? [];
    assert.equal(results.length, 3);
    for (const res of results) {
      assert.ok(res.ruleId);
      assert.equal(run.tool.driver.rules?.[res.ruleIndex as number]?.id, res.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(res.level as string));
      assert.ok(res.message.text);
      assert.equal(res.locations?.length, 1);
      const loc = res.locations?.[0].physicalLocation;
      assert.ok(loc?.artifactLocation?.uri);
      const region = loc?.region;
      for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn'] as const) assert.ok(Number.isInteger(region?.[k]), k);
    }
    const u = results.find((r) => r.locations?.[0].physicalLocation?.artifactLocation?.uri === 'unicode.yaml');
    assert.deepEqual(u?.locations?.[0].physicalLocation?.region, { startLine: 5, startColumn: 17, endLine: 5, endColumn: 18 });
    assert.ok(results.some((r) => r.locations?.[0].physicalLocation?.artifactLocation?.uri === 'nested/multi.yaml'));
  });

  it('anchors the relative uris at %SRCROOT% = the current folder', () => {
    assert.equal(run.originalUriBaseIds?.['%SRCROOT%']?.uri, pathToFileURL(FORMATS).href + '/');
    for (const res of run.results ?? []) assert.equal(res.locations?.[0].physicalLocation?.artifactLocation?.uriBaseId, '%SRCROOT%');
  });

  it('maps severities to levels: error → error, warning → warning, info → note', () => {
    const levels = (sarifOf([path.join(FIXTURES, 'warnings'), path.join(FIXTURES, 'infos')]).log.runs[0].results ?? []).map((r) => r.level).sort();
    assert.deepEqual(levels, ['note', 'warning', 'warning']);
  });

  it('percent-encodes file names that are not URI-safe', () => {
    const dir = makeWorkspace({ 'with space/a#1.yaml': duplicateKey('x') });
    const uri = sarifOf(['.'], dir).log.runs[0].results?.[0].locations?.[0].physicalLocation?.artifactLocation?.uri;
    assert.equal(uri, 'with%20space/a%231.yaml');
  });

  it('has an empty results array (and exit 0) for a clean workspace', () => {
    const dir = makeWorkspace({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' });
    const { log: clean, status: code } = sarifOf(['.'], dir);
    assert.deepEqual(clean.runs[0].results, []);
    assert.equal(code, 0);
  });
});

/** The Multitool's native binary, when `@microsoft/sarif-multitool` is installed. */
function multitool(): { binary: string; schema: string } | undefined {
  try {
    // The package's main module resolves to its platform package's binary.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const binary = require('@microsoft/sarif-multitool') as string;
    const schema = path.join(path.dirname(binary), 'sarif-2.1.0.json');
    return fs.existsSync(binary) ? { binary, schema } : undefined;
  } catch {
    return undefined;
  }
}

describe('--format sarif: validation', () => {
  const tool = multitool();
  const skip = tool ? false : '@microsoft/sarif-multitool is not installed (devDependency)';
  const outputs: [string, () => string][] = [
    ['findings of every severity, several files', () => sarifOf([FORMATS, path.join(FIXTURES, 'warnings'), path.join(FIXTURES, 'infos')]).text],
    ['the bundled examples', () => sarifOf([path.resolve('examples')]).text],
    ['no findings', () => sarifOf(['.'], makeWorkspace({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' })).text],
  ];

  for (const [name, produce] of outputs) {
    it(`sarif-multitool validate reports no error: ${name}`, { skip }, (t) => {
      const dir = tempDir();
      const file = path.join(dir, 'out.sarif');
      fs.writeFileSync(file, produce());
      const r = spawnSync(tool!.binary, ['validate', file], { encoding: 'utf8', timeout: 120_000 });
      assert.equal(r.error, undefined);
      const out = `${r.stdout}\n${r.stderr}`;
      const errors = out.split('\n').filter((l) => /: error [A-Z]+\d+:/.test(l));
      const warnings = out.split('\n').filter((l) => /: warning [A-Z]+\d+:/.test(l));
      if (warnings.length) t.diagnostic(`multitool warnings:\n${warnings.join('\n')}`);
      assert.deepEqual(errors, [], out);
      assert.match(out, /Analysis completed successfully/);
    });

    it(`validates against the SARIF 2.1.0 JSON schema (ajv): ${name}`, { skip }, () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const Ajv2020 = require('ajv/dist/2020').default as typeof import('ajv').default;
      const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
      const validate = ajv.compile(JSON.parse(fs.readFileSync(tool!.schema, 'utf8')));
      const ok = validate(JSON.parse(produce()));
      assert.ok(ok, JSON.stringify(validate.errors, null, 2));
    });
  }
});
