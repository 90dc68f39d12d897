#!/usr/bin/env node
// The parse floor: the least work any linter of these files has to do, as its own process.
// Reads every **/*.yaml under FOLDER and runs `yaml`'s parseAllDocuments on each (with the
// engine's options: merge keys, unique keys), single-threaded. The benchmark times the whole
// process (Node start-up included) and compares the CLI's wall time with it.
//
//   node bench/parse-floor.mjs FOLDER [--json]
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { yamlFiles } from './files.mjs';

const args = process.argv.slice(2);
const root = args.find((a) => !a.startsWith('--'));
if (!root) {
  console.error('usage: parse-floor.mjs FOLDER [--json]');
  process.exit(2);
}
const t0 = performance.now();
let documents = 0;
let chars = 0;
const files = yamlFiles(root);
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  chars += text.length;
  documents += parseAllDocuments(text, { merge: true, prettyErrors: false, uniqueKeys: true }).length;
}
const ms = performance.now() - t0;
const result = { files: files.length, documents, chars, inProcessMs: Math.round(ms * 10) / 10 };
if (args.includes('--json')) process.stdout.write(JSON.stringify(result) + '\n');
else console.error(`parse floor: ${files.length} files, ${documents} documents, ${chars} chars, ${ms.toFixed(0)} ms in process`);
