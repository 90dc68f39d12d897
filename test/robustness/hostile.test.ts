// Hostile inputs, each a real file (test/fixtures/hostile/; the two big ones are written to a
// temporary folder by this test): nothing throws, nothing hangs, and each gets its clear message
// at its position. Expectations on a rule's finding are skipped while that rule is not registered.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lintTexts, parseManifestFile, type FileResult } from '../../engine/src/index';
import { applyFixes } from '../../engine/src/fix/apply';
import { MAX_NESTING_DEPTH } from '../../engine/src/parse/nesting';
import { ALL_RULES } from '../../engine/src/rules/index';
import { DEFAULT_TAXONOMY } from '../../engine/src/taxonomy/default';
import { compilePattern, loadTaxonomy } from '../../engine/src/taxonomy/load';
import type { Taxonomy } from '../../engine/src/taxonomy/types';
import type { Finding } from '../../engine/src/types';
import { checkResults, FIXTURES, strictTaxonomy } from './harness';

const HOSTILE = path.join(FIXTURES, 'hostile');
/** Generous: a hang guard, not a speed test. */
const HANG_GUARD_MS = 10_000;

const missing = (...ids: string[]) => {
  const absent = ids.filter((id) => !ALL_RULES.some((r) => r.id === id));
  return absent.length ? `rule ${absent.join(', ')} not registered yet` : false;
};

function read(name: string): string {
  return readFileSync(path.join(HOSTILE, name), 'utf8');
}

interface Linted {
  text: string;
  result: FileResult;
  ms: number;
}

/** Lints one text (never throwing is asserted by the caller getting here), checks the invariants. */
function lintText(uri: string, text: string, taxonomy: Taxonomy = DEFAULT_TAXONOMY): Linted {
  const t0 = performance.now();
  const [result] = lintTexts([{ uri, text }], { taxonomy });
  const ms = performance.now() - t0;
  assert.ok(ms < HANG_GUARD_MS, `${uri}: ${Math.round(ms)} ms`);
  assert.deepEqual(checkResults([{ uri, text }], [result]).problems, []);
  return { text, result, ms };
}

function lint(name: string, taxonomy: Taxonomy = DEFAULT_TAXONOMY): Linted {
  return lintText(`file:///hostile/${name}`, read(name), taxonomy);
}

/** `line:column` (1-based, UTF-16 columns) of a finding's start. */
function at(l: Linted, f: Finding): string {
  const p = l.result.file.lines.oneBased(f.start);
  return `${p.line}:${p.column}`;
}

/** The findings of `ruleId` as `line:column message`. */
function summary(l: Linted, ruleId?: string): string[] {
  return l.result.findings.filter((f) => !ruleId || f.ruleId === ruleId).map((f) => `${at(l, f)} ${f.ruleId}: ${f.message}`);
}

function loadFixtureTaxonomy(name: string) {
  const file = path.join(HOSTILE, name);
  return loadTaxonomy(file, readFileSync(file, 'utf8'), () => undefined);
}

const redosTaxonomy = (): Taxonomy => {
  const r = loadFixtureTaxonomy('redos-taxonomy.yaml');
  assert.deepEqual(r.errors, []);
  return r.taxonomy!;
};

describe('hostile inputs', () => {
  describe('alias bomb (billion laughs)', () => {
    it('the document is reported at its first alias and not expanded; the next one is checked', () => {
      const l = lint('alias-bomb.yaml');
      assert.deepEqual(summary(l, 'yaml-syntax'), ['9:10 yaml-syntax: YAML syntax error: alias expansion limit exceeded (more than 100 expansions): the document is not checked']);
      assert.equal(l.result.file.documents.length, 2);
      assert.deepEqual(l.result.file.documents[0].objects, []);
      assert.equal(l.result.file.documents[1].objects[0]?.name, 'after-the-bomb');
      assert.ok(l.ms < 2000, `${Math.round(l.ms)} ms`);
    });
    it('the document after the bomb gets its findings', { skip: missing('label-required') }, () => {
      const l = lint('alias-bomb.yaml');
      assert.deepEqual(summary(l, 'label-required'), ['20:1 label-required: Required label "app.kubernetes.io/name" is missing.']);
    });
  });

  describe('a 50,000-line multi-document bundle (written to a temporary folder)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kll-hostile-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const APPS = 1250;
    // Every tenth app lacks app.kubernetes.io/name on its Deployment (metadata and template).
    const bundle = Array.from({ length: APPS }, (_, i) => bundleApp(i, i % 10 === 0)).join('---\n');
    const file = path.join(dir, 'bundle.yaml');
    writeFileSync(file, bundle);

    it('is as big as promised', () => {
      assert.ok(bundle.split('\n').length >= 50_000, `${bundle.split('\n').length} lines`);
    });
    it('parses every document, in one piece', () => {
      const l = lintText(`file://${file}`, readFileSync(file, 'utf8'));
      assert.equal(l.result.file.documents.length, APPS * 2);
      assert.ok(l.result.file.documents.every((d) => !d.error && d.objects.length === 1));
      assert.deepEqual(summary(l, 'yaml-syntax'), []);
    });
    it('reports each app that lacks the required label, twice (object and pod template), in place', { skip: missing('label-required') }, () => {
      const l = lintText(`file://${file}`, readFileSync(file, 'utf8'));
      const required = l.result.findings.filter((f) => f.ruleId === 'label-required');
      assert.equal(required.length, (APPS / 10) * 2);
      for (const f of required) {
        const doc = l.result.file.documents.find((d) => d.range.start <= f.start && f.end <= d.range.end)!;
        assert.match(doc.objects[0].name, /^app-\d*0$/);
      }
    });
  });

  describe('a 1 MB single line (written to a temporary folder)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kll-hostile-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const blob = 'x'.repeat(1024 * 1024);
    const head = '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "big", "labels": {"app.kubernetes.io/name": "big", "tier": "front end"}}, ';
    const file = path.join(dir, 'one-line.yaml');
    writeFileSync(file, `${head}"data": {"blob": "${blob}"}}\n`);

    it('is linted: one object, no YAML error', () => {
      const l = lintText(`file://${file}`, readFileSync(file, 'utf8'));
      assert.ok(l.text.length > 1024 * 1024);
      assert.equal(l.result.file.lines.lineCount, 2);
      assert.equal(l.result.file.documents[0].objects[0]?.name, 'big');
      assert.deepEqual(summary(l, 'yaml-syntax'), []);
    });
    it('a bad label value on it is found at its column', { skip: missing('label-syntax') }, () => {
      const l = lintText(`file://${file}`, readFileSync(file, 'utf8'));
      const [f] = l.result.findings.filter((x) => x.ruleId === 'label-syntax');
      assert.equal(at(l, f), `1:${head.indexOf('"front end"') + 1}`);
      assert.equal(l.text.slice(f.start, f.end), '"front end"');
    });
  });

  describe('a binary file named .yaml', () => {
    it('is reported as binary at its first NUL byte, and nothing else', () => {
      const l = lint('binary.yaml');
      const nul = l.text.indexOf('\0');
      assert.deepEqual(summary(l), [`${l.result.file.lines.oneBased(nul).line}:${l.result.file.lines.oneBased(nul).column} yaml-syntax: YAML syntax error: binary content (a NUL byte): this is not a YAML text file, and it is not checked`]);
      assert.equal(l.result.file.documents.length, 1);
    });
  });

  describe('Go templates', () => {
    it('a Helm template ({{ .Values.x }}, not YAML) is skipped with a note and no finding', () => {
      const l = lint('helm-template.yaml');
      assert.equal(l.result.file.skipped, 'looks like a Helm/Go template ({{ … }}) and is not valid YAML');
      assert.deepEqual(l.result.findings, []);
    });
    it('templates inside quoted values of valid YAML: the file is linted normally', () => {
      const l = lint('go-template-values.yaml');
      assert.equal(l.result.file.skipped, undefined);
      assert.equal(l.result.file.documents[0].objects[0]?.kind, 'Deployment');
    });
    it('… and a templated label value is reported as such', { skip: missing('label-syntax') }, () => {
      const l = lint('go-template-values.yaml');
      assert.deepEqual(summary(l, 'label-syntax'), [
        '9:11 label-syntax: Label "team": the value "{{ .Values.team }}" must be empty, or start and end with a letter or digit and contain only letters, digits, "-", "_" and ".".',
      ]);
    });
  });

  describe('line endings and byte-order marks', () => {
    it('BOM + CRLF: findings at their columns, fixes written with CRLF, the BOM kept', { skip: missing('label-value-not-allowed', 'label-required') }, () => {
      const l = lint('bom-crlf.yaml', strictTaxonomy());
      assert.ok(l.text.startsWith('\ufeff'));
      const values = l.result.findings.filter((f) => f.ruleId === 'label-value-not-allowed');
      // metadata and pod template (a selector's values are not label values of the object).
      assert.deepEqual(values.map((f) => at(l, f)), ['6:29', '15:33']);
      for (const f of values) assert.equal(l.text.slice(f.start, f.end), 'Web_App');
      const fixes = l.result.findings.flatMap((f) => f.fixes);
      assert.ok(fixes.length > 0);
      for (const fix of fixes) {
        for (const e of fix.edits) assert.ok(!/(^|[^\r])\n/.test(e.text), `bare LF in "${fix.title}": ${JSON.stringify(e.text)}`);
        const out = applyFixes(l.text, [fix]).text;
        assert.ok(out.startsWith('\ufeff'), fix.title);
        assert.ok(!/(^|[^\r])\n/.test(out), `"${fix.title}" left a bare LF`);
        assert.ok(parseManifestFile('x.yaml', out).documents.every((d) => !d.error), `"${fix.title}" broke the YAML`);
      }
    });
    it('CR-only line breaks (kubectl reads them as line breaks): parsed, positions by line, fixes written with CR', () => {
      const l = lint('cr-line-endings.yaml', strictTaxonomy());
      assert.equal(l.result.file.documents[0].error, undefined);
      assert.equal(l.result.file.documents[0].objects[0]?.kind, 'Deployment');
      if (!missing('label-value-not-allowed')) {
        assert.deepEqual(l.result.findings.filter((f) => f.ruleId === 'label-value-not-allowed').map((f) => at(l, f)), ['6:29', '14:33']);
      }
      for (const fix of l.result.findings.flatMap((f) => f.fixes)) {
        for (const e of fix.edits) assert.ok(!e.text.includes('\n'), `LF in "${fix.title}"`);
        assert.ok(parseManifestFile('x.yaml', applyFixes(l.text, [fix]).text).documents.every((d) => !d.error), fix.title);
      }
    });
  });

  describe('YAML that Kubernetes rejects', () => {
    it('tabs for indentation', () => {
      assert.deepEqual(summary(lint('tabs-indentation.yaml')), ['4:1 yaml-syntax: YAML syntax error: Tabs are not allowed as indentation']);
    });
    it('duplicate keys (at the second one)', () => {
      assert.deepEqual(summary(lint('duplicate-keys.yaml')), ['8:5 yaml-syntax: YAML syntax error: Map keys must be unique']);
    });
    it('a control character (kubectl: "control characters are not allowed")', () => {
      assert.deepEqual(summary(lint('control-character.yaml')), ['7:12 yaml-syntax: YAML syntax error: control character U+000C is not allowed in YAML (kubectl rejects the file)']);
    });
    it(`nesting deeper than ${MAX_NESTING_DEPTH} levels: reported where it goes over, not parsed; the next document is checked`, () => {
      const l = lint('deep-nesting.yaml');
      // `data:` is a level, then the 128th `[` (column 7 + 127) goes over.
      assert.deepEqual(summary(l, 'yaml-syntax'), [`3:134 yaml-syntax: YAML syntax error: nesting deeper than ${MAX_NESTING_DEPTH} levels: the document is not checked`]);
      assert.equal(l.result.file.documents[1].objects[0]?.name, 'after-the-nesting');
      if (!missing('label-syntax')) assert.deepEqual(summary(l, 'label-syntax').map((s) => s.split(' ')[0]), ['11:11']);
    });
    it('deep nesting in every shape, parsed again and again (the crash needed a second parse)', () => {
      const shapes = [
        '['.repeat(5000) + ']'.repeat(5000),
        'a: ' + '{a: '.repeat(5000) + '}'.repeat(5000),
        '- '.repeat(5000) + 'x\n',
        Array.from({ length: 1500 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' v\n',
        Array.from({ length: 1000 }, (_, i) => `${' '.repeat(2 * i)}- k:`).join('\n') + ' v\n',
        '[k: '.repeat(3000),
        '[*a- ' + 'k: -- '.repeat(3000),
      ];
      for (const text of shapes) {
        for (let i = 0; i < 3; i++) {
          const l = lintText('file:///deep.yaml', text);
          assert.equal(summary(l, 'yaml-syntax').length, 1, text.slice(0, 20));
          assert.match(summary(l, 'yaml-syntax')[0], /nesting deeper than 128 levels/);
        }
      }
    });
  });

  describe('merge keys and anchors', () => {
    it('labels merged with `<<` are checked; no fix edits a map that others share', { skip: missing('label-deprecated', 'label-value-not-allowed') }, () => {
      const l = lint('merge-keys.yaml', strictTaxonomy());
      const deprecated = l.result.findings.filter((f) => f.ruleId === 'label-deprecated');
      assert.deepEqual(deprecated.map((f) => `${at(l, f)} ${f.message}`), ['8:5 Label "owner" is deprecated; use "team".']);
      // `owner` sits in the anchored map that the pod template merges: renaming it in place would
      // change the template too, so no fix is offered.
      assert.deepEqual(deprecated[0].fixes, []);
      const value = l.result.findings.find((f) => f.ruleId === 'label-value-not-allowed')!;
      assert.equal(at(l, value), '17:15');
      assert.deepEqual(value.fixes.map((x) => x.title), ['Replace with "frontend"']);
      assert.deepEqual(lint('merge-keys.yaml').result.findings.filter((f) => f.ruleId.startsWith('label-')), []);
    });
  });

  describe('labels that are not strings', () => {
    it('values true, 1.0, null, ~, 1, on and an empty value', { skip: missing('label-syntax') }, () => {
      const l = lint('non-string-values.yaml');
      assert.deepEqual(summary(l, 'label-syntax'), [
        '7:14 label-syntax: Label "enabled": the value true is read as a boolean, and Kubernetes rejects label values that are not strings; quote it: "true".',
        '8:14 label-syntax: Label "version": the value 1.0 is read as a number, and Kubernetes rejects label values that are not strings; quote it: "1.0".',
        '9:12 label-syntax: Label "empty" has no value (null): the API server stores it as an empty value, and older kubectl versions drop every label of the object; write "" if an empty value is meant.',
        '10:12 label-syntax: Label "tilde" has no value (null): the API server stores it as an empty value, and older kubectl versions drop every label of the object; write "" if an empty value is meant.',
        '11:12 label-syntax: Label "count": the value 1 is read as a number, and Kubernetes rejects label values that are not strings; quote it: "1".',
        '12:12 label-syntax: Label "onoff": the value on is read as a boolean by kubectl (YAML 1.1), and Kubernetes rejects label values that are not strings; quote it: "on".',
        '14:5 label-syntax: Label "blank" has no value (null): the API server stores it as an empty value, and older kubectl versions drop every label of the object; write "" if an empty value is meant.',
      ]);
    });
    it('keys 1, true, null, [a, b], {a: 1} and 1.5', { skip: missing('label-syntax') }, () => {
      const l = lint('non-string-keys.yaml');
      assert.deepEqual(summary(l, 'label-syntax'), [
        '7:5 label-syntax: Label key 1 is read as a number, not a string: quote it ("1") so it stays the key you wrote.',
        '8:5 label-syntax: Label key true is read as a boolean, not a string: quote it ("true") so it stays the key you wrote.',
        '9:5 label-syntax: Label key null is read as a null, not a string: quote it ("null") so it stays the key you wrote.',
        '10:7 label-syntax: Label key [a, b] is read as a collection, not a string: quote it ("[a, b]") so it stays the key you wrote.',
        '12:7 label-syntax: Label key {a: 1} is read as a collection, not a string: quote it ("{a: 1}") so it stays the key you wrote.',
        '14:5 label-syntax: Label key 1.5 is read as a number, not a string: quote it ("1.5") so it stays the key you wrote.',
      ]);
    });
  });

  describe('unusual but valid files', () => {
    for (const name of ['empty.yaml', 'comments-only.yaml', 'separators-only.yaml', 'not-kubernetes.yaml']) {
      it(`${name}: no object, no finding`, () => {
        const l = lint(name, strictTaxonomy());
        assert.deepEqual(l.result.findings, []);
        assert.ok(l.result.file.documents.every((d) => !d.error && d.objects.length === 0));
      });
    }
    it('JSON on one line: found at its column', { skip: missing('label-syntax') }, () => {
      assert.deepEqual(summary(lint('json-in-yaml.yaml'), 'label-syntax').map((s) => s.split(' ')[0]), ['1:119']);
    });
    it('unicode keys and values: columns in UTF-16 code units', { skip: missing('label-syntax') }, () => {
      const l = lint('unicode.yaml');
      assert.deepEqual(
        l.result.findings.filter((f) => f.ruleId === 'label-syntax').map((f) => `${at(l, f)} ${l.text.slice(f.start, f.end)}`),
        ['7:5 "emoji😀"', '8:16 "e\\u0301"', '9:11 "😀"'],
      );
    });
    it('kind: List: each item is an object of its own', { skip: missing('label-syntax', 'label-required') }, () => {
      const l = lint('list-kind.yaml');
      assert.deepEqual(l.result.file.documents[0].objects.map((o) => o.name), ['first', 'second']);
      assert.deepEqual(l.result.findings.filter((f) => f.ruleId.startsWith('label-')).map((f) => `${at(l, f)} ${f.ruleId}`), ['10:15 label-syntax', '13:5 label-required']);
    });
    it('texts no file holds: lone surrogates, 10,000 empty documents', () => {
      lintText('file:///s.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: \ud800\n  labels:\n    \udc00: "\ud800x"\n    k: \udfff\ud800\n');
      const many = lintText('file:///m.yaml', '---\n'.repeat(10_000));
      assert.equal(many.result.file.documents.length, 10_000);
    });
    it('a key over YAML\'s 1024-character limit for implicit keys: a YAML error', () => {
      const l = lintText('file:///k.yaml', `apiVersion: v1\nkind: Pod\nmetadata:\n  name: k\n  labels:\n    ${'k'.repeat(100_000)}: v\n`);
      assert.deepEqual(summary(l), ['6:5 yaml-syntax: YAML syntax error: The : indicator must be at most 1024 chars after the start of an implicit block mapping key']);
    });
    it('a 100,000-character label value: its length is reported, not the value', { skip: missing('label-syntax') }, () => {
      const l = lintText('file:///v.yaml', `apiVersion: v1\nkind: Pod\nmetadata:\n  name: v\n  labels:\n    tier: ${'v'.repeat(100_000)}\n`);
      assert.deepEqual(summary(l, 'label-syntax'), ['6:11 label-syntax: Label "tier": the value is 100000 characters long; at most 63 are allowed.']);
    });
  });

  describe('hostile taxonomies', () => {
    it('a ReDoS pattern (^(a+)+$) against long values: linear (RE2)', () => {
      const pattern = compilePattern('^(a+)+$');
      const t0 = performance.now();
      assert.equal(pattern.test('a'.repeat(100_000) + '!'), false);
      assert.equal(pattern.test('a'.repeat(100_000)), true);
      assert.ok(performance.now() - t0 < 2000, `${Math.round(performance.now() - t0)} ms`);
    });
    it('… applied to manifests: both values rejected, quickly', { skip: missing('label-value-not-allowed') }, () => {
      const l = lint('redos.yaml', redosTaxonomy());
      assert.ok(l.ms < 2000, `${Math.round(l.ms)} ms`);
      const values = l.result.findings.filter((f) => f.ruleId === 'label-value-not-allowed');
      assert.deepEqual(values.map((f) => at(l, f)), ['6:12', '13:12']);
      assert.match(values[0].message, /does not match the pattern \^\(a\+\)\+\$/);
    });
    it('a taxonomy that is a list, or a scalar: an error at 1:1 naming what was found', () => {
      for (const [name, found] of [['taxonomy-not-object.yaml', 'a list'], ['taxonomy-scalar.yaml', 'a scalar']]) {
        const r = loadFixtureTaxonomy(name);
        assert.equal(r.taxonomy, undefined);
        assert.deepEqual(r.errors.map((e) => [e.message, e.start]), [[`the taxonomy must be a mapping (version, labels, …), found ${found}`, 0]]);
      }
    });
    it('a taxonomy whose labels refer to themselves through an alias: errors, no hang', () => {
      const r = loadFixtureTaxonomy('taxonomy-self-alias.yaml');
      assert.equal(r.taxonomy, undefined);
      assert.deepEqual(r.errors.map((e) => e.message), ['unknown property "team" in labels.nested', 'unknown property "nested" in labels.nested']);
    });
    it('a taxonomy that extends itself: a cycle error naming the chain', () => {
      const self = 'version: 1\nextends: [./label-taxonomy.yaml]\n';
      const r = loadTaxonomy('/x/label-taxonomy.yaml', self, (u) => (u === '/x/label-taxonomy.yaml' ? self : undefined));
      assert.deepEqual(r.errors.map((e) => e.message), ['extends cycle: label-taxonomy.yaml → label-taxonomy.yaml']);
    });
  });
});

/** One app of the 50,000-line bundle: a Deployment and its Service (20 lines each). */
function bundleApp(i: number, withoutName: boolean): string {
  const name = `app-${i}`;
  const nameLabel = withoutName ? '' : `    app.kubernetes.io/name: ${name}\n`;
  const templateNameLabel = withoutName ? '' : `        app.kubernetes.io/name: ${name}\n`;
  return (
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: bundle\n  labels:\n${nameLabel}    app.kubernetes.io/part-of: bundle\n` +
    `spec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app.kubernetes.io/part-of: bundle\n      app.kubernetes.io/instance: ${name}\n` +
    `  template:\n    metadata:\n      labels:\n${templateNameLabel}        app.kubernetes.io/part-of: bundle\n        app.kubernetes.io/instance: ${name}\n` +
    `    spec:\n      containers:\n        - name: main\n          image: registry.example.com/${name}:1.0.${i}\n          ports:\n            - name: http\n              containerPort: 8080\n` +
    `          env:\n            - name: UPSTREAM\n              value: http://app-${(i + 1) % 1250}.bundle.svc:8080\n` +
    `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: bundle\n  labels:\n    app.kubernetes.io/part-of: bundle\n` +
    `spec:\n  selector:\n    app.kubernetes.io/instance: ${name}\n  ports:\n    - name: http\n      port: 80\n      targetPort: http\n`
  );
}
