import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dirname, displayUri, loadTaxonomy, resolvePath } from '../../../engine/src/taxonomy/load';
import { WORKLOAD_KINDS, type TaxonomyError } from '../../../engine/src/taxonomy/types';
import { LineIndex } from '../../../engine/src/text/lineIndex';

const FIXTURES = path.resolve('test/fixtures/taxonomy');

/** Reads fixtures with `/` paths, as the loader hands them over. */
function readFixture(uri: string): string | undefined {
  try {
    return fs.readFileSync(uri, 'utf8');
  } catch {
    return undefined;
  }
}

function load(relative: string) {
  const uri = path.join(FIXTURES, relative);
  return loadTaxonomy(uri, fs.readFileSync(uri, 'utf8'), readFixture);
}

/** `file start-end message`, with 1-based line:column positions, as the CLI prints them. */
function describeError(e: TaxonomyError): string {
  const index = new LineIndex(readFixture(e.uri) ?? '');
  const s = index.oneBased(e.start);
  const t = index.oneBased(e.end);
  return `${path.relative(FIXTURES, e.uri)} ${s.line}:${s.column}-${t.line}:${t.column} ${e.message}`;
}

describe('loadTaxonomy: valid files', () => {
  it('loads the SPEC example with every field', () => {
    const { taxonomy, errors } = load('valid.yaml');
    assert.deepEqual(errors, []);
    assert.ok(taxonomy);
    assert.equal(taxonomy.uri, path.join(FIXTURES, 'valid.yaml'));
    assert.equal(taxonomy.unknownLabels, 'warn');
    assert.deepEqual(taxonomy.allowPrefixes, ['kubernetes.io/', 'k8s.io/', 'helm.sh/', 'projectcalico.org/']);
    assert.deepEqual([...taxonomy.labels.keys()], ['app.kubernetes.io/name', 'team', 'environment', 'owner']);
    const name = taxonomy.labels.get('app.kubernetes.io/name')!;
    assert.equal(name.description, 'Name of the application.');
    assert.deepEqual(name.required, { kinds: WORKLOAD_KINDS });
    assert.equal(name.pattern?.source, '^[a-z][a-z0-9-]{0,40}$');
    assert.equal(name.pattern?.test('checkout'), true);
    assert.equal(name.pattern?.test('Checkout'), false);
    assert.deepEqual(taxonomy.labels.get('team')!.values, ['payments', 'checkout', 'search']);
    assert.deepEqual(taxonomy.labels.get('environment')!.required, { kinds: ['Deployment', 'StatefulSet', 'DaemonSet'], namespaces: ['prod-*'] });
    assert.deepEqual(taxonomy.labels.get('owner'), { key: 'owner', deprecated: true, replacedBy: 'team' });
    assert.deepEqual(taxonomy.policy, { requireDefaultDeny: true, requireDnsEgress: true, identityLabels: ['app.kubernetes.io/name'] });
    assert.deepEqual(taxonomy.rules, { 'policy-allow-all': 'error' });
  });

  it('loads JSON (tab-indented, with $schema) and applies the defaults it leaves out', () => {
    const { taxonomy, errors } = load('valid.json');
    assert.deepEqual(errors, []);
    assert.ok(taxonomy);
    assert.equal(taxonomy.unknownLabels, 'error');
    assert.deepEqual(taxonomy.labels.get('team')!.required, { kinds: WORKLOAD_KINDS, namespaces: ['prod-*', 'stage-?'] });
    assert.deepEqual(taxonomy.policy, { requireDefaultDeny: true, requireDnsEgress: false, identityLabels: ['app.kubernetes.io/name'] });
    assert.equal(taxonomy.labels.get('tier')!.pattern?.test('api'), true);
  });

  it('applies every default to a file with only a version', () => {
    const { taxonomy } = load('minimal.yaml');
    assert.ok(taxonomy);
    assert.equal(taxonomy.unknownLabels, 'warn');
    assert.deepEqual(taxonomy.allowPrefixes, ['kubernetes.io/', 'k8s.io/', 'helm.sh/', 'projectcalico.org/']);
    assert.equal(taxonomy.labels.size, 0);
    assert.deepEqual(taxonomy.policy, { requireDefaultDeny: true, requireDnsEgress: true, identityLabels: ['app.kubernetes.io/name'] });
    assert.deepEqual(taxonomy.rules, {});
  });

  it('searches patterns in the value (anchors are the author\'s)', () => {
    const { taxonomy } = loadTaxonomy('/t.yaml', "version: 1\nlabels:\n  a: {pattern: 'b+'}\n  c: {pattern: '^b+$'}\n", () => undefined);
    assert.equal(taxonomy!.labels.get('a')!.pattern!.test('abba'), true);
    assert.equal(taxonomy!.labels.get('c')!.pattern!.test('abba'), false);
    assert.equal(taxonomy!.labels.get('c')!.pattern!.test('bb'), true);
  });

  it('runs a ReDoS-prone pattern in linear time (RE2)', () => {
    const { taxonomy, errors } = load('redos-pattern.yaml');
    assert.deepEqual(errors, []);
    const pattern = taxonomy!.labels.get('build')!.pattern!;
    assert.equal(pattern.test('a'.repeat(50) + 'b'), false);
    assert.equal(pattern.test('a'.repeat(50)), true);
  });

  it('follows YAML merge keys', () => {
    const { taxonomy, errors } = load('merge-keys.yaml');
    assert.deepEqual(errors, []);
    assert.deepEqual(taxonomy!.labels.get('squad'), {
      key: 'squad',
      description: 'Same values as team.',
      required: { kinds: WORKLOAD_KINDS },
      values: ['a', 'b'],
    });
  });

  it('treats replacedBy as deprecated unless deprecated: false says otherwise', () => {
    const text = 'version: 1\nlabels:\n  a: {replacedBy: b}\n  c: {replacedBy: b, deprecated: false}\n  d: {required: false}\n';
    const { taxonomy } = loadTaxonomy('/t.yaml', text, () => undefined);
    assert.equal(taxonomy!.labels.get('a')!.deprecated, true);
    assert.equal(taxonomy!.labels.get('c')!.deprecated, undefined);
    assert.equal(taxonomy!.labels.get('d')!.required, undefined);
  });
});

describe('loadTaxonomy: errors, with positions', () => {
  const cases: [file: string, expected: string[]][] = [
    ['unknown-labels-enum.yaml', ['errors/unknown-labels-enum.yaml 2:16-2:23 unknownLabels must be one of allow, info, warn, error (did you mean "warn"?)']],
    ['unknown-property.yaml', ['errors/unknown-property.yaml 4:5-4:11 unknown property "valeus" in labels.team (did you mean "values"?)']],
    ['unknown-top-level.yaml', ['errors/unknown-top-level.yaml 2:1-2:6 unknown top-level property "label" (did you mean "labels"?)']],
    ['required-type.yaml', ['errors/required-type.yaml 4:15-4:18 labels.team.required must be a boolean or a mapping (found string "yes")']],
    [
      'required-object.yaml',
      [
        'errors/required-object.yaml 5:14-5:24 labels.team.required.kinds must be a list (found string "deployment")',
        'errors/required-object.yaml 6:7-6:16 unknown property "namespace" in labels.team.required (did you mean "namespaces"?)',
      ],
    ],
    ['prefix-without-slash.yaml', ['errors/prefix-without-slash.yaml 2:31-2:42 allowPrefixes[1] "example.com" must be a DNS subdomain followed by "/", such as example.com/']],
    [
      'unknown-rule.yaml',
      [
        'errors/unknown-rule.yaml 3:3-3:18 unknown rule id "policy-alow-all" (did you mean "policy-allow-all"?)',
        'errors/unknown-rule.yaml 4:18-4:22 rules.label-unknown must be one of error, warning, info, off (did you mean "warning"?)',
      ],
    ],
    ['bad-version.yaml', ['errors/bad-version.yaml 1:10-1:11 version must be 1']],
    ['missing-version.yaml', ['errors/missing-version.yaml 1:1-1:7 missing required property "version"']],
    ['yaml-syntax.yaml', ['errors/yaml-syntax.yaml 5:3-5:6 Flow sequence in block collection must be sufficiently indented and end with a ]']],
    ['duplicate-key.yaml', ['errors/duplicate-key.yaml 3:1-3:7 duplicate key "labels"']],
    ['not-object.yaml', ['errors/not-object.yaml 1:1-2:13 the taxonomy must be a mapping (version, labels, …), found a list']],
    ['scalar.yaml', ['errors/scalar.yaml 1:1-1:14 the taxonomy must be a mapping (version, labels, …), found a scalar']],
    ['empty.yaml', ['errors/empty.yaml 1:1-1:1 the taxonomy file is empty: expected a mapping that starts with "version: 1"']],
    ['two-documents.yaml', ['errors/two-documents.yaml 2:1-2:4 a taxonomy file holds one YAML document; remove the second one']],
    [
      'invalid-re2.yaml',
      ['errors/invalid-re2.yaml 4:14-4:21 labels.team.pattern is not a valid RE2 regular expression: error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
    ],
    ['backreference.yaml', ['errors/backreference.yaml 4:14-4:21 labels.team.pattern is not a valid RE2 regular expression: error parsing regexp: invalid escape sequence: `\\1`']],
    [
      'bad-label-key.yaml',
      [
        'errors/bad-label-key.yaml 3:3-3:10 key "Bad Key" in labels is not a valid Kubernetes label key (an optional DNS-subdomain prefix and "/", then a name of at most 63 characters [A-Za-z0-9-_.] beginning and ending with a letter or digit)',
      ],
    ],
    [
      'bad-values.yaml',
      ['errors/bad-values.yaml 4:20-4:21 labels.team.values lists "a" twice', 'errors/bad-values.yaml 4:23-4:24 labels.team.values[3] must be a string (found number 1)'],
    ],
    ['replaced-by-itself.yaml', ['errors/replaced-by-itself.yaml 4:17-4:22 labels.owner.replacedBy names the label itself']],
    ['empty-entry.yaml', ['errors/empty-entry.yaml 3:3-3:7 labels.team must be a mapping (found an empty value)']],
    ['alias-bomb.yaml', ['errors/alias-bomb.yaml 3:8-3:10 YAML alias expansion limit exceeded (more than 100 alias expansions)']],
    // labels.team is the labels mapping itself: reported, not followed for ever.
    ['self-alias.yaml', ['errors/self-alias.yaml 3:3-3:7 unknown property "team" in labels.team']],
    ['alias-before-anchor.yaml', ['errors/alias-before-anchor.yaml 2:11-2:17 Unresolved alias (the anchor must be set before the alias): later']],
  ];
  for (const [file, expected] of cases) {
    it(file, () => {
      const { taxonomy, errors } = load(`errors/${file}`);
      assert.equal(taxonomy, undefined, 'no taxonomy when there are errors');
      assert.deepEqual(errors.map(describeError), expected);
    });
  }

  it('names label keys with dots and slashes in brackets', () => {
    const text = "version: 1\nlabels:\n  app.kubernetes.io/name:\n    values: [1]\n";
    const { errors } = loadTaxonomy('/t.yaml', text, () => undefined);
    assert.deepEqual(
      errors.map((e) => [e.message, text.slice(e.start, e.end)]),
      [['labels["app.kubernetes.io/name"].values[0] must be a string (found number 1)', '1']],
    );
  });

  it('keeps offsets of a text that starts with a byte-order mark', () => {
    const text = '\uFEFFversion: 3\n';
    const { errors } = loadTaxonomy('/t.yaml', text, () => undefined);
    assert.deepEqual(errors.map((e) => [e.message, text.slice(e.start, e.end)]), [['version must be 1', '3']]);
  });
});

describe('loadTaxonomy: extends', () => {
  it('layers org, overrides, then the extending file', () => {
    const { taxonomy, errors, sources } = load('extends/team/label-taxonomy.yaml');
    assert.deepEqual(errors.map(describeError), []);
    assert.ok(taxonomy);
    assert.deepEqual(
      sources.map((s) => path.relative(FIXTURES, s)),
      ['extends/team/label-taxonomy.yaml', 'extends/org.yaml', 'extends/team/overrides.yaml'],
    );
    assert.equal(taxonomy.unknownLabels, 'error', 'scalars inherited when not set');
    assert.deepEqual(taxonomy.allowPrefixes, ['search.example.com/'], 'lists replaced, not appended');
    assert.deepEqual([...taxonomy.labels.keys()], ['team', 'cost-center', 'squad']);
    assert.deepEqual(taxonomy.labels.get('team'), {
      key: 'team',
      description: 'Owning team.', // from org
      values: ['search'], // overrides replaced org's list
      required: { kinds: WORKLOAD_KINDS, namespaces: ['search-*'] }, // the team file replaced `required`
    });
    assert.equal(taxonomy.labels.get('cost-center')!.pattern!.source, '^cc-[0-9]+$');
    assert.deepEqual(taxonomy.policy, { requireDefaultDeny: true, requireDnsEgress: false, identityLabels: ['app.kubernetes.io/name', 'team'] });
    assert.deepEqual(taxonomy.rules, { 'policy-allow-all': 'info', 'label-deprecated': 'warning' });
  });

  const cases: [file: string, expected: string[]][] = [
    [
      'extends/cycle/a.yaml',
      [
        'extends/cycle/a.yaml 2:11-2:17 extended taxonomy "b.yaml" is invalid: b.yaml:2:11: extends cycle: a.yaml → b.yaml → a.yaml',
        'extends/cycle/b.yaml 2:11-2:19 extends cycle: a.yaml → b.yaml → a.yaml',
      ],
    ],
    ['extends/cycle/self.yaml', ['extends/cycle/self.yaml 2:11-2:20 extends cycle: self.yaml → self.yaml']],
    ['extends/missing/label-taxonomy.yaml', ['extends/missing/label-taxonomy.yaml 4:5-4:14 cannot read extended taxonomy "nope.yaml" (label-taxonomy.yaml → nope.yaml)']],
    [
      'extends/broken/label-taxonomy.yaml',
      [
        'extends/broken/label-taxonomy.yaml 2:11-2:20 extended taxonomy "base.yaml" is invalid: base.yaml:2:16: unknownLabels must be one of allow, info, warn, error',
        'extends/broken/base.yaml 2:16-2:21 unknownLabels must be one of allow, info, warn, error',
      ],
    ],
  ];
  for (const [file, expected] of cases) {
    it(file, () => {
      const { taxonomy, errors } = load(file);
      assert.equal(taxonomy, undefined);
      assert.deepEqual(errors.map(describeError), expected);
    });
  }

  it('names a missing file in a longer chain relative to the root file', () => {
    const files: Record<string, string> = {
      '/repo/team/label-taxonomy.yaml': 'version: 1\nextends: [../org/base.yaml]\n',
      '/repo/org/base.yaml': 'version: 1\nextends: [common/gone.yaml]\n',
    };
    const root = '/repo/team/label-taxonomy.yaml';
    const { errors } = loadTaxonomy(root, files[root], (u) => files[u]);
    assert.deepEqual(
      errors.map((e) => [e.uri, e.message]),
      [
        [root, 'extended taxonomy "../org/base.yaml" is invalid: ../org/base.yaml:2:11: cannot read extended taxonomy "common/gone.yaml" (label-taxonomy.yaml → ../org/base.yaml → ../org/common/gone.yaml)'],
        ['/repo/org/base.yaml', 'cannot read extended taxonomy "common/gone.yaml" (label-taxonomy.yaml → ../org/base.yaml → ../org/common/gone.yaml)'],
      ],
    );
  });

  it('reads a base shared by two bases once (a diamond is not a cycle)', () => {
    const files: Record<string, string> = {
      '/t/root.yaml': 'version: 1\nextends: [a.yaml, b.yaml]\n',
      '/t/a.yaml': 'version: 1\nextends: [base.yaml]\nrules: {label-syntax: info}\n',
      '/t/b.yaml': 'version: 1\nextends: [base.yaml]\n',
      '/t/base.yaml': 'version: 1\nrules: {label-syntax: off, yaml-syntax: warning}\n',
    };
    const reads: string[] = [];
    const { taxonomy, errors } = loadTaxonomy('/t/root.yaml', files['/t/root.yaml'], (u) => (reads.push(u), files[u]));
    assert.deepEqual(errors, []);
    assert.deepEqual(reads, ['/t/a.yaml', '/t/base.yaml', '/t/b.yaml']);
    // Order: base, a, b, root (base applies once, where first reached): a's `info` survives.
    assert.deepEqual(taxonomy!.rules, { 'label-syntax': 'info', 'yaml-syntax': 'warning' });
  });

  it('sees a cycle through a root path written with backslashes', () => {
    const files: Record<string, string> = { 'C:/t/b.yaml': 'version: 1\nextends: [a.yaml]\n' };
    const { errors } = loadTaxonomy('C:\\t\\a.yaml', 'version: 1\nextends: [b.yaml]\n', (u) => files[u]);
    assert.deepEqual(
      errors.map((e) => [e.uri, e.message]),
      [
        ['C:\\t\\a.yaml', 'extended taxonomy "b.yaml" is invalid: b.yaml:2:11: extends cycle: a.yaml → b.yaml → a.yaml'],
        ['C:/t/b.yaml', 'extends cycle: a.yaml → b.yaml → a.yaml'],
      ],
    );
  });

  it('works on URIs', () => {
    const files: Record<string, string> = { 'file:///w/org/base.yaml': 'version: 1\nunknownLabels: info\n' };
    const { taxonomy, errors } = loadTaxonomy('file:///w/team/t.yaml', 'version: 1\nextends: [../org/base.yaml]\n', (u) => files[u]);
    assert.deepEqual(errors, []);
    assert.equal(taxonomy!.unknownLabels, 'info');
  });
});

describe('path helpers', () => {
  const resolveCases: [from: string, ref: string, expected: string][] = [
    ['/a/b/t.yaml', 'org.yaml', '/a/b/org.yaml'],
    ['/a/b/t.yaml', './x/../org.yaml', '/a/b/org.yaml'],
    ['/a/b/t.yaml', '../../../org.yaml', '/org.yaml'],
    ['/a/b/t.yaml', '/etc/org.yaml', '/etc/org.yaml'],
    ['t.yaml', 'org.yaml', 'org.yaml'],
    ['dir/t.yaml', '../../org.yaml', '../org.yaml'],
    ['C:\\repo\\t.yaml', 'org\\base.yaml', 'C:/repo/org/base.yaml'],
    ['file:///w/team/t.yaml', '../org.yaml', 'file:///w/org.yaml'],
    ['file:///w/t.yaml', 'https://example.com/t.yaml', 'https://example.com/t.yaml'],
  ];
  for (const [from, ref, expected] of resolveCases) {
    it(`resolvePath(${from}, ${ref})`, () => assert.equal(resolvePath(from, ref), expected));
  }

  const dirnameCases: [string, string][] = [
    ['/a/b.yaml', '/a'],
    ['/b.yaml', '/'],
    ['b.yaml', '.'],
    ['file:///w/b.yaml', 'file:///w'],
  ];
  for (const [uri, expected] of dirnameCases) it(`dirname(${uri})`, () => assert.equal(dirname(uri), expected));

  const displayCases: [fromDir: string, to: string, expected: string][] = [
    ['/repo/team', '/repo/team/a.yaml', 'a.yaml'],
    ['/repo/team', '/repo/org/a.yaml', '../org/a.yaml'],
    ['/repo/team', '/repo/team/sub/a.yaml', 'sub/a.yaml'],
    ['file:///repo', 'untitled:x', 'untitled:x'],
  ];
  for (const [fromDir, to, expected] of displayCases) it(`displayUri(${fromDir}, ${to})`, () => assert.equal(displayUri(fromDir, to), expected));
});
