// Shared by the robustness tests and scripts/fuzz.mjs: the corpus, the taxonomy fixtures, and the
// invariants every lint result must keep whatever the input (offsets inside the text, fixes that
// apply cleanly). Checks return a list of problems instead of throwing, so a caller can count
// them, print a counterexample, or assert that the list is empty.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CORPUS_DIR } from '../sharedPaths';
import { lintTexts, parseManifestFile, type FileResult, type SourceText } from '../../engine/src/index';
import { applyFixes } from '../../engine/src/fix/apply';
import { RULE_IDS } from '../../engine/src/rules/rule';
import { ALL_RULES } from '../../engine/src/rules/index';
import { DEFAULT_TAXONOMY } from '../../engine/src/taxonomy/default';
import { loadTaxonomy } from '../../engine/src/taxonomy/load';
import type { Taxonomy } from '../../engine/src/taxonomy/types';
import type { Edit, Finding, Fix } from '../../engine/src/types';

/** The shared corpus of real manifests, read in place (never copied). `KLL_CORPUS` overrides. */
export { CORPUS_DIR };
/** Repository root: tests run from it (`node --test out/test/…`), scripts too. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');

export function corpusAvailable(): boolean {
  return existsSync(CORPUS_DIR) && statSync(CORPUS_DIR).isDirectory();
}

/** Every `.yaml`/`.yml` file of the corpus, as paths relative to it, sorted (deterministic). */
export function corpusFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(entry.name)) out.push(path.relative(CORPUS_DIR, full).split(path.sep).join('/'));
    }
  };
  walk(CORPUS_DIR);
  return out.sort();
}

export function readCorpusFile(rel: string): string {
  return readFileSync(path.join(CORPUS_DIR, rel), 'utf8');
}

/**
 * A fixed sample of `count` corpus files: evenly spaced over the sorted list, files over
 * `maxBytes` passed over for the next one (mutating a 800 KB file thousands of times would make
 * the fuzz test a benchmark).
 */
export function corpusSample(count: number, maxBytes = 48 * 1024): { rel: string; text: string }[] {
  const all = corpusFiles();
  const picked: { rel: string; text: string }[] = [];
  const taken = new Set<number>();
  for (let i = 0; i < count && i < all.length; i++) {
    let j = Math.floor((i * all.length) / count);
    while (j < all.length && (taken.has(j) || statSync(path.join(CORPUS_DIR, all[j])).size > maxBytes)) j++;
    if (j >= all.length) break;
    taken.add(j);
    picked.push({ rel: all[j], text: readCorpusFile(all[j]) });
  }
  return picked;
}

/** Loads a taxonomy fixture (test/fixtures/…); throws on a taxonomy error: fixtures are valid. */
export function fixtureTaxonomy(rel: string): Taxonomy {
  const file = path.join(FIXTURES, rel);
  const result = loadTaxonomy(file, readFileSync(file, 'utf8'), (uri) => (existsSync(uri) ? readFileSync(uri, 'utf8') : undefined));
  if (!result.taxonomy) throw new Error(`taxonomy fixture ${rel}: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.taxonomy;
}

let strict: Taxonomy | undefined;
/** The strict taxonomy fixture: patterns, closed value sets, required and deprecated labels. */
export function strictTaxonomy(): Taxonomy {
  return (strict ??= fixtureTaxonomy('robustness/strict-taxonomy.yaml'));
}

export const TAXONOMIES: readonly { name: string; get: () => Taxonomy }[] = [
  { name: 'default', get: () => DEFAULT_TAXONOMY },
  { name: 'strict', get: strictTaxonomy },
];

export function registeredRuleIds(): string[] {
  return ALL_RULES.map((r) => r.id);
}

// ---------------------------------------------------------------------------------------------
// Invariants

const SEVERITIES = new Set(['error', 'warning', 'info']);
const KNOWN_RULES: ReadonlySet<string> = new Set(RULE_IDS);

function isOffset(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n);
}

function inText(start: unknown, end: unknown, length: number): boolean {
  return isOffset(start) && isOffset(end) && 0 <= start && start <= end && end <= length;
}

/** Strict overlap; an insertion strictly inside a replaced range overlaps it too. */
export function editsOverlap(a: Edit, b: Edit): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Checks that `out` is `text` with exactly `edits` applied: every byte outside the edit ranges is
 * where it was (shifted by the edits before it), every edit's text is where its range was.
 */
export function checkOnlyEditsChanged(text: string, edits: readonly Edit[], out: string): string | undefined {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let shift = 0;
  let cursor = 0;
  for (const e of sorted) {
    const keep = text.slice(cursor, e.start);
    if (out.slice(cursor + shift, e.start + shift) !== keep) return `text before the edit at ${e.start} changed`;
    if (out.slice(e.start + shift, e.start + shift + e.text.length) !== e.text) return `edit at ${e.start} not applied as given`;
    shift += e.text.length - (e.end - e.start);
    cursor = e.end;
  }
  if (out.slice(cursor + shift) !== text.slice(cursor)) return `text after the last edit (${cursor}) changed`;
  if (out.length !== text.length + shift) return 'length of the result is off';
  return undefined;
}

export interface Checked {
  problems: string[];
  findings: number;
  fixes: number;
}

/** The invariants of one lint run over `sources` (results in the same order). */
export function checkResults(sources: readonly SourceText[], results: readonly FileResult[]): Checked {
  const problems: string[] = [];
  let findings = 0;
  let fixes = 0;
  const textOf = new Map(sources.map((s) => [s.uri, s.text]));
  if (results.length !== sources.length) problems.push(`${results.length} results for ${sources.length} sources`);
  results.forEach((result, i) => {
    const source = sources[i];
    const text = source.text;
    const where = (f: Finding) => `${source.uri}: ${f.ruleId} [${f.start},${f.end}) "${String(f.message).slice(0, 120)}"`;
    if (result.file.uri !== source.uri) problems.push(`result ${i} is for ${result.file.uri}, not ${source.uri}`);
    for (const doc of result.file.documents) {
      if (!inText(doc.range.start, doc.range.end, text.length)) problems.push(`${source.uri}: document ${doc.index} range [${doc.range.start},${doc.range.end}) outside the text (${text.length})`);
      if (doc.error && !inText(doc.error.start, doc.error.end, text.length)) problems.push(`${source.uri}: document ${doc.index} error range [${doc.error.start},${doc.error.end}) outside the text`);
    }
    if (result.file.skipped !== undefined && result.findings.length > 0) problems.push(`${source.uri}: skipped ("${result.file.skipped}") but has ${result.findings.length} findings`);
    for (const f of result.findings) {
      findings++;
      if (!KNOWN_RULES.has(f.ruleId)) problems.push(`${where(f)}: unknown rule id`);
      if (!SEVERITIES.has(f.severity)) problems.push(`${where(f)}: severity ${String(f.severity)}`);
      if (typeof f.message !== 'string' || f.message.trim() === '') problems.push(`${where(f)}: empty message`);
      else if (/\{\{\s*\w+\s*\}\}|undefined|NaN|\[object Object\]/.test(f.message) && !/\{\{|undefined|NaN|\[object/.test(text)) {
        problems.push(`${where(f)}: message has an unfilled placeholder or a JavaScript artefact`);
      }
      if (f.uri !== source.uri) problems.push(`${where(f)}: finding uri ${f.uri}`);
      if (!inText(f.start, f.end, text.length)) problems.push(`${where(f)}: range outside the text (length ${text.length})`);
      for (const r of f.related ?? []) {
        const other = textOf.get(r.uri);
        if (other === undefined) problems.push(`${where(f)}: related location in unknown file ${r.uri}`);
        else if (!inText(r.start, r.end, other.length)) problems.push(`${where(f)}: related range [${r.start},${r.end}) outside ${r.uri}`);
      }
      for (const fix of f.fixes ?? []) {
        fixes++;
        problems.push(...checkFix(text, fix).map((p) => `${where(f)}: fix "${fix.title}": ${p}`));
      }
    }
    const safe = result.findings.flatMap((f) => f.fixes ?? []).filter((x) => x.safe);
    if (safe.length > 0) {
      try {
        const { text: out, applied } = applyFixes(text, safe);
        const problem = checkOnlyEditsChanged(text, applied.flatMap((x) => x.edits), out);
        if (problem) problems.push(`${source.uri}: all safe fixes at once: ${problem}`);
      } catch (e) {
        problems.push(`${source.uri}: applying all safe fixes threw ${(e as Error).stack ?? e}`);
      }
    }
  });
  return { problems, findings, fixes };
}

/** A fix's own invariants: a title, edits inside the text and apart, applying it alone works. */
export function checkFix(text: string, fix: Fix): string[] {
  const problems: string[] = [];
  if (typeof fix.title !== 'string' || fix.title.trim() === '') problems.push('no title');
  if (typeof fix.safe !== 'boolean') problems.push('`safe` is not a boolean');
  if (!Array.isArray(fix.edits) || fix.edits.length === 0) {
    problems.push('no edits');
    return problems;
  }
  for (const e of fix.edits) {
    if (!inText(e.start, e.end, text.length)) problems.push(`edit [${e.start},${e.end}) outside the text (length ${text.length})`);
    if (typeof e.text !== 'string') problems.push(`edit at ${e.start} has no text`);
  }
  for (let i = 0; i < fix.edits.length; i++) {
    for (let j = i + 1; j < fix.edits.length; j++) {
      const a = fix.edits[i];
      const b = fix.edits[j];
      if (editsOverlap(a, b)) problems.push(`edits [${a.start},${a.end}) and [${b.start},${b.end}) overlap`);
    }
  }
  if (problems.length > 0) return problems;
  try {
    const { text: out, applied } = applyFixes(text, [fix]);
    if (applied.length !== 1) problems.push('applyFixes dropped the fix on its own');
    const problem = checkOnlyEditsChanged(text, fix.edits, out);
    if (problem) problems.push(problem);
  } catch (e) {
    problems.push(`applying it threw ${(e as Error).stack ?? e}`);
  }
  return problems;
}

/** Lints, timing the call; throws only what `lintTexts` throws (the tests assert it does not). */
export function timedLint(sources: readonly SourceText[], taxonomy: Taxonomy): { results: FileResult[]; ms: number } {
  const t0 = performance.now();
  const results = lintTexts(sources, { taxonomy });
  return { results, ms: performance.now() - t0 };
}

// ---------------------------------------------------------------------------------------------
// YAML and finding comparisons for the fix-safety test

/** Whether every document of `text` parses without error, as the engine reads YAML. */
export function parsesCleanly(text: string): boolean {
  const file = parseManifestFile('file:///check.yaml', text);
  return file.skipped === undefined && file.documents.every((d) => !d.error);
}

export function findingKey(f: Pick<Finding, 'ruleId' | 'message'>): string {
  return `${f.ruleId}: ${f.message}`;
}

/** Keys in `after` beyond their count in `before` (multiset difference). */
export function newFindings(before: readonly Finding[], after: readonly Finding[]): Finding[] {
  const count = new Map<string, number>();
  for (const f of before) count.set(findingKey(f), (count.get(findingKey(f)) ?? 0) + 1);
  const added: Finding[] = [];
  for (const f of after) {
    const k = findingKey(f);
    const n = count.get(k) ?? 0;
    if (n > 0) count.set(k, n - 1);
    else added.push(f);
  }
  return added;
}
