// Fix safety over every file of the corpus (read in place), with the embedded default taxonomy and
// with the strict fixture (which makes label fixes appear):
// - every fix alone: only the bytes of its edit ranges change; the result parses wherever the
//   original did and keeps its objects; no finding appears that was not there before (as a
//   ruleId+message multiset), except the narrow, documented EXCEPTIONS below; a safe fix settles
//   the finding it was offered for;
// - all safe fixes at once, as `--fix` does (applyFixes, then lint again until no safe fix is
//   left): the same properties, per file and per corpus source linted as one workspace (so a
//   "safe" rename must not break a selector in another file); one pass settles every safe fix
//   that applyFixes did not have to drop for overlapping another (idempotence).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lintTexts, type FileResult, type SourceText } from '../../engine/src/index';
import { applyFixes } from '../../engine/src/fix/apply';
import type { Taxonomy } from '../../engine/src/taxonomy/types';
import type { Finding, Fix } from '../../engine/src/types';
import { checkOnlyEditsChanged, corpusAvailable, corpusFiles, findingKey, newFindings, parsesCleanly, readCorpusFile, TAXONOMIES } from './harness';

/** As cli/src/fix.ts: passes of `--fix` before it gives up. */
const MAX_PASSES = 10;

/** The label key a fix of `origin` changes, and the key it renames it to (if it renames). */
function touched(origin: Finding): { key: string; newKey?: string } {
  const data = origin.data ?? {};
  const renames =
    origin.ruleId === 'label-deprecated' ? data.replacedBy : origin.ruleId === 'label-unknown' || origin.messageId === 'unknownKeyDidYouMean' ? data.suggestion : undefined;
  return { key: String(data.key ?? ''), newKey: renames === undefined ? undefined : String(renames) };
}

/** Rules whose fixes rename a label key or replace a value, in labels or in selectors. */
const RENAME_REPLACE_RULES = new Set(['label-deprecated', 'label-unknown', 'label-value-not-allowed', 'policy-unknown-label']);
/** Rules that say a selector does not select what it should. */
const SELECTION_RULES = new Set(['selector-template-mismatch', 'service-selector-dangling', 'policy-selector-dangling', 'policy-peer-dangling']);

/** The label keys a finding is about (`data.key`, or the `keys` of a dangling selector). */
function keysOf(f: Finding): string[] {
  const keys = f.data?.keys === undefined ? [] : String(f.data.keys).split(',');
  return f.data?.key === undefined ? keys : [String(f.data.key), ...keys];
}

/**
 * New findings a fix may bring, and why. Each is tied to the kind of fix and to the label it
 * touches (through the findings' `data`), never to a rule in general; all but `moved-with-key`
 * apply to suggestions only: a safe fix may bring no new finding at all.
 */
export const EXCEPTIONS: { name: string; why: string; applies: (fix: Fix, origin: Finding, added: Finding, before: readonly Finding[]) => boolean }[] = [
  {
    name: 'placeholder',
    why: 'label-required adds "K: TODO" when no value is known: the placeholder is meant to be replaced by hand, and K\'s `values`/`pattern` reject it until then',
    applies: (fix, origin, added) =>
      !fix.safe && origin.ruleId === 'label-required' && added.ruleId === 'label-value-not-allowed' && added.data?.key === origin.data?.key && added.data?.value === 'TODO',
  },
  {
    name: 'moved-with-key',
    why: 'a rename K → K2 moves the findings about the value with the key: the same finding, with "K2" for "K" in its message, was there before',
    applies: (_fix, origin, added, before) => {
      const { key, newKey } = touched(origin);
      if (!newKey || added.data?.key !== newKey) return false;
      const moved = added.message.split(`"${newKey}"`).join(`"${key}"`);
      return before.some((b) => b.ruleId === added.ruleId && b.message === moved);
    },
  },
  {
    name: 'rename-value-not-allowed',
    why: 'a rename K → K2 whose value K2 does not allow is exactly why it is a suggestion, not safe (SPEC §2 Fixes); the finding on K2 says so',
    applies: (fix, origin, added) => {
      const { newKey } = touched(origin);
      return !fix.safe && !!newKey && ['label-value-not-allowed', 'label-syntax', 'policy-unknown-label'].includes(added.ruleId) && added.data?.key === newKey;
    },
  },
  {
    name: 'selection-changed',
    why: 'renaming K, or replacing its value, in labels or in a selector changes what selectors select (the workload\'s own spec.selector, a Service): why the fix is a suggestion; the selection rule names K (or the new key)',
    applies: (fix, origin, added) => {
      if (fix.safe || !RENAME_REPLACE_RULES.has(origin.ruleId) || !SELECTION_RULES.has(added.ruleId)) return false;
      const { key, newKey } = touched(origin);
      const keys = keysOf(added);
      return keys.includes(key) || (newKey !== undefined && keys.includes(newKey));
    },
  },
  {
    name: 'copied-from-sibling',
    why: 'label-required copies K\'s value from the sibling label block (metadata ↔ pod template); a finding on that value is then reported for both blocks, with the same message',
    applies: (fix, origin, added, before) =>
      !fix.safe && origin.ruleId === 'label-required' && added.data?.key === origin.data?.key && before.some((b) => findingKey(b) === findingKey(added)),
  },
];

interface Violation {
  file: string;
  taxonomy: string;
  what: string;
}

function lintOne(uri: string, text: string, taxonomy: Taxonomy): FileResult {
  return lintTexts([{ uri, text }], { taxonomy })[0];
}

function objectCount(r: FileResult): number {
  return r.file.documents.reduce((n, d) => n + d.objects.length, 0);
}

function docErrors(r: FileResult): number {
  return r.file.documents.filter((d) => d.error).length;
}

type TestKind = 'alone' | 'fix' | 'workspace';

/**
 * Violations of open bugs, excused one by one until fixed (each has a `todo` test with a minimal
 * fixture in regressions.test.ts). An entry that no longer occurs fails its test: remove it then.
 */
const KNOWN: { test: TestKind; taxonomy: string; file: string; what: RegExp; bug: string }[] = [];

/** Fails with the violations, grouped: the kinds first (with counts), then the first few in full. */
function assertNone(all: readonly Violation[], test: TestKind, taxonomy: string): void {
  const known = KNOWN.filter((k) => k.test === test && k.taxonomy === taxonomy);
  const stale = known.filter((k) => !all.some((v) => v.file === k.file && k.what.test(v.what)));
  assert.deepEqual(stale.map((k) => `${k.file}: ${k.bug}`), [], 'known bugs that no longer occur: remove them from KNOWN');
  const violations = all.filter((v) => !known.some((k) => v.file === k.file && k.what.test(v.what)));
  if (violations.length === 0) return;
  const kinds = new Map<string, number>();
  for (const v of violations) {
    const kind = v.what.replace(/"[^"]*"/g, '"…"').replace(/@\d+/g, '').replace(/\d+/g, 'N');
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const lines = [...kinds].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n} × ${k}`);
  const first = violations.slice(0, 25).map((v) => `${v.file} [${v.taxonomy}]: ${v.what}`);
  assert.fail(`${violations.length} violations\n${lines.join('\n')}\n\nfirst ones:\n${first.join('\n')}`);
}

function describeFindings(fs: readonly Finding[]): string {
  return fs.map((f) => `${findingKey(f)} @${f.start}`).join(' | ');
}

/** Applies safe fixes and lints again until none is left (as `--fix`); the texts of every pass. */
function fixLoop(sources: readonly SourceText[], taxonomy: Taxonomy): { passes: SourceText[][]; results: FileResult[][]; converged: boolean; idempotenceProblems: string[] } {
  const passes: SourceText[][] = [sources.slice()];
  const results: FileResult[][] = [lintTexts(sources, { taxonomy })];
  const idempotenceProblems: string[] = [];
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const current = passes[passes.length - 1];
    const lint = results[results.length - 1];
    let changed = false;
    let dropped = false;
    const next = current.map((s, i) => {
      const safe = lint[i].findings.flatMap((f) => f.fixes).filter((x) => x.safe);
      if (safe.length === 0) return s;
      const { text, applied } = applyFixes(s.text, safe);
      if (applied.length < safe.length) dropped = true;
      if (text === s.text) return s;
      changed = true;
      return { uri: s.uri, text };
    });
    if (!changed) return { passes, results, converged: true, idempotenceProblems };
    passes.push(next);
    const relint = lintTexts(next, { taxonomy });
    results.push(relint);
    // Idempotence: once every safe fix was applied (none dropped for overlapping), no safe fix is left.
    if (!dropped) {
      const left = relint.flatMap((r) => r.findings.filter((f) => f.fixes.some((x) => x.safe)));
      if (left.length > 0) idempotenceProblems.push(`after pass ${pass + 1}, safe fixes are offered again: ${describeFindings(left)}`);
    }
  }
  return { passes, results, converged: false, idempotenceProblems };
}

describe('fix safety over the corpus', { skip: !corpusAvailable() && 'the corpus (../shared/corpus or KLL_CORPUS) is not available' }, () => {
  const files = corpusAvailable() ? corpusFiles() : [];
  const texts = new Map(files.map((rel) => [rel, readCorpusFile(rel)]));

  it('reads every file of the corpus', () => {
    assert.ok(files.length >= 850, `only ${files.length} corpus files`);
  });

  for (const tax of TAXONOMIES) {
    it(`${tax.name} taxonomy: every fix alone, on every file`, (t) => {
      const taxonomy = tax.get();
      const violations: Violation[] = [];
      const counts = { files: 0, fixes: 0, safe: 0, settled: 0, unsettledSuggestions: 0 };
      const excepted: Record<string, number> = {};
      for (const rel of files) {
        const text = texts.get(rel)!;
        const before = lintOne(rel, text, taxonomy);
        counts.files++;
        const parsed = parsesCleanly(text);
        const seen = new Set<string>();
        for (const origin of before.findings) {
          for (const fix of origin.fixes) {
            const id = JSON.stringify(fix.edits);
            if (seen.has(id)) continue;
            seen.add(id);
            counts.fixes++;
            if (fix.safe) counts.safe++;
            const v = (what: string) => violations.push({ file: rel, taxonomy: tax.name, what: `${origin.ruleId} fix "${fix.title}"${fix.safe ? ' (safe)' : ''}: ${what}` });
            let out: string;
            try {
              out = applyFixes(text, [fix]).text;
            } catch (e) {
              v(`applying threw ${(e as Error).message}`);
              continue;
            }
            const outside = checkOnlyEditsChanged(text, fix.edits, out);
            if (outside) v(outside);
            if (parsed && !parsesCleanly(out)) v('the result does not parse as YAML');
            const after = lintOne(rel, out, taxonomy);
            if (docErrors(after) > docErrors(before)) v(`YAML errors ${docErrors(before)} → ${docErrors(after)}`);
            if (objectCount(after) !== objectCount(before)) v(`objects ${objectCount(before)} → ${objectCount(after)}`);
            const added = newFindings(before.findings, after.findings).filter((a) => {
              const exception = EXCEPTIONS.find((x) => x.applies(fix, origin, a, before.findings));
              if (exception) excepted[exception.name] = (excepted[exception.name] ?? 0) + 1;
              return !exception;
            });
            if (added.length > 0) v(`new findings: ${describeFindings(added)}`);
            const settled = after.findings.filter((f) => findingKey(f) === findingKey(origin)).length < before.findings.filter((f) => findingKey(f) === findingKey(origin)).length;
            if (settled) counts.settled++;
            else if (fix.safe) v(`the finding it answers ("${origin.message}") is still there`);
            else counts.unsettledSuggestions++;
          }
        }
      }
      t.diagnostic(`${tax.name}: ${JSON.stringify(counts)}; new findings allowed by exception: ${JSON.stringify(excepted)}`);
      assertNone(violations, 'alone', tax.name);
    });

    it(`${tax.name} taxonomy: --fix on every file alone (all safe fixes, to a fixpoint)`, (t) => {
      const taxonomy = tax.get();
      const violations: Violation[] = [];
      const counts = { files: 0, changed: 0, multiPass: 0, safeFixes: 0 };
      for (const rel of files) {
        const text = texts.get(rel)!;
        counts.files++;
        const loop = fixLoop([{ uri: rel, text }], taxonomy);
        const v = (what: string) => violations.push({ file: rel, taxonomy: tax.name, what: `--fix: ${what}` });
        const before = loop.results[0][0];
        counts.safeFixes += before.findings.flatMap((f) => f.fixes).filter((x) => x.safe).length;
        if (!loop.converged) v(`still offers safe fixes after ${MAX_PASSES} passes`);
        for (const p of loop.idempotenceProblems) v(p);
        if (loop.passes.length === 1) continue;
        counts.changed++;
        if (loop.passes.length > 2) counts.multiPass++;
        // Pass 1 changes only the bytes of the fixes it applied.
        const safe = before.findings.flatMap((f) => f.fixes).filter((x) => x.safe);
        const { text: once, applied } = applyFixes(text, safe);
        const outside = checkOnlyEditsChanged(text, applied.flatMap((x) => x.edits), once);
        if (outside) v(outside);
        const final = loop.passes[loop.passes.length - 1][0].text;
        const after = loop.results[loop.results.length - 1][0];
        if (parsesCleanly(text) && !parsesCleanly(final)) v('the result does not parse as YAML');
        if (objectCount(after) !== objectCount(before)) v(`objects ${objectCount(before)} → ${objectCount(after)}`);
        const added = newFindings(before.findings, after.findings);
        if (added.length > 0) v(`new findings: ${describeFindings(added)}`);
      }
      t.diagnostic(`${tax.name}: ${JSON.stringify(counts)}`);
      assertNone(violations, 'fix', tax.name);
    });

    it(`${tax.name} taxonomy: --fix on each corpus source as one workspace`, (t) => {
      const taxonomy = tax.get();
      const violations: Violation[] = [];
      const groups = new Map<string, SourceText[]>();
      for (const rel of files) {
        const source = rel.split('/')[0];
        if (!groups.has(source)) groups.set(source, []);
        groups.get(source)!.push({ uri: rel, text: texts.get(rel)! });
      }
      const counts: Record<string, { files: number; changed: number; passes: number }> = {};
      for (const [source, sources] of groups) {
        const loop = fixLoop(sources, taxonomy);
        const v = (what: string) => violations.push({ file: source, taxonomy: tax.name, what: `workspace --fix: ${what}` });
        if (!loop.converged) v(`still offers safe fixes after ${MAX_PASSES} passes`);
        for (const p of loop.idempotenceProblems) v(p);
        const final = loop.passes[loop.passes.length - 1];
        const before = loop.results[0];
        const after = loop.results[loop.results.length - 1];
        counts[source] = { files: sources.length, changed: final.filter((s, i) => s.text !== sources[i].text).length, passes: loop.passes.length - 1 };
        sources.forEach((s, i) => {
          if (final[i].text === s.text) return;
          if (parsesCleanly(s.text) && !parsesCleanly(final[i].text)) v(`${s.uri}: the result does not parse as YAML`);
          if (objectCount(after[i]) !== objectCount(before[i])) v(`${s.uri}: objects ${objectCount(before[i])} → ${objectCount(after[i])}`);
        });
        // Anywhere in the workspace: a safe fix in one file must not bring a finding in another.
        const added = newFindings(
          before.flatMap((r) => r.findings.map((f) => ({ ...f, message: `${r.file.uri}: ${f.message}` }))),
          after.flatMap((r) => r.findings.map((f) => ({ ...f, message: `${r.file.uri}: ${f.message}` }))),
        );
        if (added.length > 0) v(`new findings: ${describeFindings(added)}`);
      }
      t.diagnostic(`${tax.name}: ${JSON.stringify(counts)}`);
      assertNone(violations, 'workspace', tax.name);
    });
  }
});
