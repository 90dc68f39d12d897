#!/usr/bin/env node
// Long fuzz run of the engine: the property of test/robustness/fuzz.test.ts (lintTexts never
// throws nor hangs; ranges, fixes and the --fix result keep their invariants; default and strict
// taxonomies) over many more inputs. Needs the compiled tests (npm run build, or tsc -p .).
//
//   node scripts/fuzz.mjs [--runs 100000] [--seed 7040108] [--sample 40] [--path <replay path>]
//
// Prints progress, the counts at the end, and on failure the seed, the replay path and the
// counterexample (files as JSON strings); exits 1 then, 0 when every input passed.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const compiled = path.join(root, 'out/test/robustness/fuzzCore.js');
if (!existsSync(compiled)) {
  console.error('out/test/robustness/fuzzCore.js is missing: build first (npx tsc -p tsconfig.json)');
  process.exit(2);
}
const fc = require('fast-check');
const core = require(compiled);
const harness = require(path.join(root, 'out/test/robustness/harness.js'));
const { FUZZ_SEED } = core;

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = process.argv[i + 1];
  if (v === undefined) {
    console.error(`--${name} needs a value`);
    process.exit(2);
  }
  return v;
}

const runs = Number(arg('runs', '100000'));
const seed = Number(arg('seed', String(FUZZ_SEED)));
const sampleSize = Number(arg('sample', '40'));
const replayPath = arg('path', undefined);
if (!Number.isInteger(runs) || runs <= 0 || !Number.isInteger(seed) || !Number.isInteger(sampleSize) || sampleSize <= 0) {
  console.error('usage: node scripts/fuzz.mjs [--runs N] [--seed S] [--sample N] [--path P]');
  process.exit(2);
}
if (!harness.corpusAvailable()) {
  console.error(`corpus not found at ${harness.CORPUS_DIR} (set KLL_CORPUS)`);
  process.exit(2);
}

const samples = harness.corpusSample(sampleSize);
const stats = core.emptyStats();
const started = Date.now();
let lastReport = started;
/** Inputs per class (a mutated input counts once for each kind of mutation it went through). */
const classes = {};
/** The slowest inputs (all taxonomies and checks of one input), to look at after the run. */
const slowest = [];
const property = fc.property(core.inputArb(samples), (input) => {
  const sources = core.inputSources(input, samples);
  for (const c of core.inputClasses(input)) classes[c] = (classes[c] ?? 0) + 1;
  const t0 = performance.now();
  const problems = core.checkSources(sources, stats, input.kind);
  const ms = performance.now() - t0;
  if (slowest.length < 3 || ms > slowest[slowest.length - 1].ms) {
    const ops = input.kind === 'mutated' ? input.ops.map((o) => o.k).join(',') : input.kind;
    slowest.push({ ms, chars: sources.reduce((n, s) => n + s.text.length, 0), files: sources.length, ops });
    slowest.sort((a, b) => b.ms - a.ms);
    slowest.length = Math.min(slowest.length, 3);
  }
  const now = Date.now();
  if (now - lastReport > 30_000) {
    lastReport = now;
    console.error(`… ${stats.inputs} inputs, ${stats.findings} findings, ${Math.round((now - started) / 1000)} s`);
  }
  if (problems.length > 0) throw new Error(problems.slice(0, 10).join('\n'));
});

console.log(`fuzz: ${runs} runs, seed ${seed}, ${samples.length} corpus samples, rules: ${harness.registeredRuleIds().join(', ')}`);
const details = fc.check(property, { seed, numRuns: runs, ...(replayPath ? { path: replayPath } : {}) });
const seconds = ((Date.now() - started) / 1000).toFixed(1);

console.log(`inputs checked: ${stats.inputs} (${JSON.stringify(stats.byKind)}; shrinking included) in ${seconds} s`);
console.log(`lint runs: ${stats.lints} (2 taxonomies per input), characters linted per taxonomy: ${stats.totalChars}`);
console.log(`findings: ${stats.findings}, fixes checked: ${stats.fixes}, re-lints after --fix: ${stats.fixedRelints}`);
console.log(`skipped files (Helm-like): ${stats.skippedFiles}, document errors: ${stats.documentErrors}, slowest lint: ${Math.round(stats.maxMs)} ms`);
console.log(`findings by rule: ${JSON.stringify(stats.byRule)}`);
console.log(`inputs per class: ${JSON.stringify(Object.fromEntries(Object.entries(classes).sort((a, b) => b[1] - a[1])))}`);
console.log(`slowest inputs (every check of the input): ${slowest.map((x) => `${Math.round(x.ms)} ms for ${x.chars} chars in ${x.files} file(s) [${x.ops}]`).join('; ')}`);
if (details.failed) {
  console.log(`FAILED after ${details.numRuns} runs (seed ${details.seed}, path ${details.counterexamplePath}, shrunk ${details.numShrinks} times)`);
  console.log(details.errorInstance?.message ?? details.error);
  console.log('counterexample:');
  console.log(core.describeInput(details.counterexample[0], samples));
  console.log(`replay: node scripts/fuzz.mjs --seed ${details.seed} --path ${details.counterexamplePath} --sample ${sampleSize}`);
  process.exit(1);
}
console.log(`OK: ${details.numRuns} runs passed`);
