// Table-driven rule tests in ESLint's shape, over real YAML fixture files:
//   test/fixtures/rules/<rule id>/<case>.yaml (+ label-taxonomy.yaml, + <case>.fixed.yaml).
// The tester checks its own cases too: no duplicates, every invalid case has errors, and a
// rule that offers a safe fix must be given the expected `output`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Rule } from '../../../engine/src/rules/rule';
import { analyzeFile } from '../../../engine/src/analyze';
import { parseManifestFile, ManifestFile } from '../../../engine/src/parse/manifestFile';
import { WorkspaceIndex } from '../../../engine/src/workspace/index';
import { applyFixes } from '../../../engine/src/fix/apply';
import { loadTaxonomy } from '../../../engine/src/taxonomy/load';
import { DEFAULT_TAXONOMY } from '../../../engine/src/taxonomy/default';
import type { Taxonomy } from '../../../engine/src/taxonomy/types';
import type { Finding } from '../../../engine/src/types';

export const FIXTURES = path.resolve('test/fixtures');

export interface RuleCase {
  name: string;
  /** Fixture files relative to the rule's fixture folder; the first is the file under test. */
  files: string[];
  /** Taxonomy fixture; default: the folder's label-taxonomy.yaml if present; null: embedded default. */
  taxonomy?: string | null;
  defaultNamespace?: string;
}

export interface ExpectedError {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  messageId?: string;
  message?: string | RegExp;
  /** Which file of the case (default: the first). */
  file?: string;
}

export interface InvalidCase extends RuleCase {
  errors: ExpectedError[];
  /** Fixture holding the first file's text after every safe fix of this rule. */
  output?: string;
  /** Expected suggestions (fixes that are not safe): title → fixture with the text after it. */
  suggestions?: { title: string; output: string }[];
}

export interface RuleTable {
  valid: RuleCase[];
  invalid: InvalidCase[];
}

export function fixtureText(ruleId: string, file: string): string {
  return readFileSync(path.join(FIXTURES, 'rules', ruleId, file), 'utf8');
}

function taxonomyFor(ruleId: string, c: RuleCase): Taxonomy {
  const dir = path.join(FIXTURES, 'rules', ruleId);
  const rel = c.taxonomy === undefined ? (existsSync(path.join(dir, 'label-taxonomy.yaml')) ? 'label-taxonomy.yaml' : null) : c.taxonomy;
  if (rel === null) return DEFAULT_TAXONOMY;
  const file = path.join(dir, rel);
  const result = loadTaxonomy(file, readFileSync(file, 'utf8'), (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined));
  assert.ok(result.taxonomy, `taxonomy fixture ${rel} has errors: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.taxonomy;
}

export interface CaseRun {
  files: ManifestFile[];
  findings: Map<string, Finding[]>;
  taxonomy: Taxonomy;
}

/** Lints a case's files with the one rule, the whole case as the workspace. */
export function runCase(rule: Rule, c: RuleCase, overrideText?: string): CaseRun {
  const taxonomy = taxonomyFor(rule.id, c);
  const index = new WorkspaceIndex();
  const files = c.files.map((f, i) =>
    parseManifestFile(f, i === 0 && overrideText !== undefined ? overrideText : fixtureText(rule.id, f), { defaultNamespace: c.defaultNamespace }),
  );
  for (const f of files) index.setFile(f.uri, f.documents.flatMap((d) => d.objects));
  const findings = new Map<string, Finding[]>();
  for (const f of files) findings.set(f.uri, analyzeFile(f, { taxonomy, index, rules: [rule] }));
  return { files, findings, taxonomy };
}

function describeFinding(file: ManifestFile, f: Finding): string {
  const s = file.lines.oneBased(f.start);
  const e = file.lines.oneBased(f.end);
  return `${file.uri}:${s.line}:${s.column}-${e.line}:${e.column} [${f.messageId}] ${f.message}`;
}

export function ruleTester(rule: Rule, table: RuleTable): void {
  const names = new Set<string>();
  for (const c of [...table.valid, ...table.invalid]) {
    assert.ok(!names.has(c.name), `duplicate case name "${c.name}" for ${rule.id}`);
    names.add(c.name);
  }
  describe(rule.id, () => {
    for (const c of table.valid) {
      it(`valid: ${c.name}`, () => {
        const run = runCase(rule, c);
        for (const f of run.files) {
          const found = run.findings.get(f.uri) ?? [];
          assert.deepEqual(found.map((x) => describeFinding(f, x)), [], `expected no ${rule.id} finding in ${f.uri}`);
        }
      });
    }
    for (const c of table.invalid) {
      it(`invalid: ${c.name}`, () => {
        assert.ok(c.errors.length > 0, 'invalid cases must have at least one error');
        const run = runCase(rule, c);
        const actual: string[] = [];
        for (const f of run.files) for (const x of run.findings.get(f.uri) ?? []) actual.push(describeFinding(f, x));
        assert.equal(actual.length, c.errors.length, `expected ${c.errors.length} finding(s), got:\n${actual.join('\n')}`);
        const all = run.files.flatMap((f) => (run.findings.get(f.uri) ?? []).map((x) => ({ file: f, finding: x })));
        c.errors.forEach((want, i) => {
          const target = want.file ?? c.files[0];
          const { file, finding } = all.filter((a) => a.file.uri === target)[c.errors.filter((e, j) => j < i && (e.file ?? c.files[0]) === target).length] ?? {};
          assert.ok(file && finding, `no finding #${i + 1} in ${target}; got:\n${actual.join('\n')}`);
          const s = file.lines.oneBased(finding.start);
          const e = file.lines.oneBased(finding.end);
          const where = describeFinding(file, finding);
          assert.equal(s.line, want.line, `line of ${where}`);
          assert.equal(s.column, want.column, `column of ${where}`);
          if (want.endLine !== undefined) assert.equal(e.line, want.endLine, `endLine of ${where}`);
          if (want.endColumn !== undefined) assert.equal(e.column, want.endColumn, `endColumn of ${where}`);
          if (want.messageId !== undefined) assert.equal(finding.messageId, want.messageId, where);
          if (typeof want.message === 'string') assert.equal(finding.message, want.message);
          else if (want.message) assert.match(finding.message, want.message);
        });
        const first = run.files[0];
        const mine = run.findings.get(first.uri) ?? [];
        const safe = mine.flatMap((f) => f.fixes.filter((x) => x.safe));
        if (safe.length > 0) assert.ok(c.output, `${rule.id} offers a safe fix here: the case needs an 'output'`);
        if (c.output) {
          let text = first.text;
          for (let pass = 0; pass < 10; pass++) {
            const found = runCase(rule, c, text).findings.get(first.uri) ?? [];
            const fixes = found.flatMap((f) => f.fixes.filter((x) => x.safe));
            if (fixes.length === 0) break;
            text = applyFixes(text, fixes).text;
          }
          assert.equal(text, fixtureText(rule.id, c.output), 'text after the safe fixes');
          const reparsed = parseManifestFile(first.uri, text);
          assert.deepEqual(reparsed.documents.filter((d) => d.error).map((d) => d.error?.message), [], 'fixed text parses');
          const after = runCase(rule, c, text).findings.get(first.uri) ?? [];
          assert.ok(after.filter((f) => f.fixes.some((x) => x.safe)).length === 0, 'no safe fix left after fixing');
        }
        for (const sug of c.suggestions ?? []) {
          const fix = mine.flatMap((f) => f.fixes).find((x) => x.title === sug.title);
          assert.ok(fix, `no fix titled "${sug.title}"; have: ${mine.flatMap((f) => f.fixes.map((x) => x.title)).join(' | ')}`);
          const text = applyFixes(first.text, [fix]).text;
          assert.equal(text, fixtureText(rule.id, sug.output), `text after "${sug.title}"`);
          const reparsed = parseManifestFile(first.uri, text);
          assert.deepEqual(reparsed.documents.filter((d) => d.error).map((d) => d.error?.message), [], 'text after the suggestion parses');
        }
      });
    }
  });
}
