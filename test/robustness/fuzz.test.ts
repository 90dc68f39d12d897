// Property-based fuzzing of the engine (fast-check, fixed seed): real manifests of the corpus under
// mutation (truncation, deleted and inserted characters, indentation shifts, tabs, CRLF and CR,
// BOM, random unicode with lone and paired surrogates, deep nesting, long lines, many documents,
// anchors, aliases and alias bombs, `{{ }}` fragments, label keys and values of every shape),
// generated manifests (workloads, Services, Kubernetes and Calico policies, Lists) and random text.
// For every input, with the embedded default taxonomy and with the strict fixture: lintTexts never
// throws nor hangs, and the invariants of harness.ts hold (ranges inside the text, fixes whose
// edits are inside the text and apart, every fix applies alone, all safe fixes apply together and
// the result lints again under the same invariants). scripts/fuzz.mjs runs the same property on
// 100,000+ inputs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lintTexts } from '../../engine/src/index';
import { corpusAvailable, corpusSample, TAXONOMIES } from './harness';
import { applyOps, checkSources, describeInput, emptyStats, FUZZ_SEED, fuzzProperty, inputArb, inputClasses, inputSources, labelLines, opArb, type Sample } from './fuzzCore';

const RUNS = 2500;
const SAMPLE_SIZE = 40;

describe('fuzz: the engine under random and mutated input', { skip: !corpusAvailable() && 'the corpus (../shared/corpus or KLL_CORPUS) is not available' }, () => {
  let samples: Sample[] = [];

  it(`samples ${SAMPLE_SIZE} corpus files deterministically`, () => {
    samples = corpusSample(SAMPLE_SIZE);
    assert.equal(samples.length, SAMPLE_SIZE);
    assert.equal(new Set(samples.map((s) => s.rel)).size, SAMPLE_SIZE);
    // The sample has labels to mutate.
    assert.ok(samples.filter((s) => labelLines(s.text).length > 0).length >= 10);
  });

  it('mutations are deterministic and keep within their input', () => {
    const ops = fc.sample(fc.array(opArb, { minLength: 1, maxLength: 6 }), { seed: FUZZ_SEED, numRuns: 200 });
    for (const o of ops) assert.equal(applyOps(samples[0].text, o), applyOps(samples[0].text, o));
  });

  it(`${RUNS} inputs × 2 taxonomies: no throw, no hang, every invariant holds`, (t) => {
    const stats = emptyStats();
    const details = fc.check(fuzzProperty(samples, stats), { seed: FUZZ_SEED, numRuns: RUNS });
    t.diagnostic(
      `inputs ${stats.inputs} (${JSON.stringify(stats.byKind)}), lints ${stats.lints}, findings ${stats.findings}, fixes ${stats.fixes}, ` +
        `relints after --fix ${stats.fixedRelints}, skipped files ${stats.skippedFiles}, document errors ${stats.documentErrors}, max ${Math.round(stats.maxMs)} ms`,
    );
    t.diagnostic(`findings by rule: ${JSON.stringify(stats.byRule)}`);
    // The same seed generates the same inputs: count them per class (kind, mutation).
    const classes: Record<string, number> = {};
    for (const input of fc.sample(inputArb(samples), { seed: FUZZ_SEED, numRuns: RUNS })) for (const c of inputClasses(input)) classes[c] = (classes[c] ?? 0) + 1;
    t.diagnostic(`inputs per class: ${JSON.stringify(classes)}`);
    if (details.failed) {
      const input = details.counterexample![0];
      assert.fail(`seed ${details.seed}, path ${details.counterexamplePath}\n${(details.errorInstance as Error)?.message}\ncounterexample: ${describeInput(input, samples)}`);
    }
    // The inputs reached the rules: findings of label rules appear (when those rules are registered).
    assert.ok(stats.findings > 0);
  });

  it('results do not depend on the order of the files, nor on the run (100 workspaces)', () => {
    const canonical = (rs: ReturnType<typeof lintTexts>) =>
      Object.fromEntries(rs.map((r) => [r.file.uri, JSON.stringify(r.findings.map((f) => [f.ruleId, f.start, f.end, f.message, f.severity, f.fixes]))]));
    const workspaces = fc
      .sample(inputArb(samples), { seed: FUZZ_SEED + 1, numRuns: 400 })
      .map((input) => inputSources(input, samples))
      .filter((sources) => sources.length >= 2)
      .slice(0, 100);
    assert.ok(workspaces.length >= 50, `${workspaces.length} workspaces`);
    for (const sources of workspaces) {
      for (const tax of TAXONOMIES) {
        const forward = canonical(lintTexts(sources, { taxonomy: tax.get() }));
        assert.deepEqual(canonical(lintTexts(sources, { taxonomy: tax.get() })), forward, 'a second run differs');
        assert.deepEqual(canonical(lintTexts([...sources].reverse(), { taxonomy: tax.get() })), forward, `reversed order differs: ${sources.map((s) => s.uri).join(', ')}`);
      }
    }
  });

  it('every sample unmodified, as one workspace: invariants hold', () => {
    const stats = emptyStats();
    const problems = checkSources(samples.map((s) => ({ uri: `file:///corpus/${s.rel}`, text: s.text })), stats, 'workspace');
    assert.deepEqual(problems, []);
  });

  it('the input generator covers each kind of input', () => {
    const kinds = new Set(fc.sample(inputArb(samples), { seed: FUZZ_SEED, numRuns: 300 }).map((i) => i.kind));
    assert.deepEqual([...kinds].sort(), ['generated', 'mutated', 'random']);
  });
});
