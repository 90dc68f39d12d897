#!/usr/bin/env node
// The memory reference for the language server: a process that merely reads every **/*.yaml under
// FOLDER, parses it with `yaml`'s parseAllDocuments (the engine's options) and keeps every parsed
// Document alive, then reports its own resident set size (VmRSS from /proc/self/status).
//
//   node bench/hold-docs.mjs FOLDER          prints { files, documents, rssKiB, hwmKiB, heapUsedKiB } as JSON
//
// It does not force a garbage collection (neither does the server), so both numbers include
// whatever garbage V8 has not collected yet; it waits a moment first, as the benchmark does for
// the server.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { yamlFiles } from './files.mjs';

const root = process.argv[2];
if (!root) {
  console.error('usage: hold-docs.mjs FOLDER');
  process.exit(2);
}
const held = [];
let documents = 0;
const files = yamlFiles(root);
for (const f of files) {
  const docs = parseAllDocuments(readFileSync(f, 'utf8'), { merge: true, prettyErrors: false, uniqueKeys: true });
  documents += docs.length;
  held.push(docs);
}
await new Promise((r) => setTimeout(r, 500));
const status = readFileSync('/proc/self/status', 'utf8');
const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
process.stdout.write(
  JSON.stringify({
    files: files.length,
    documents,
    held: held.length,
    rssKiB: kb('VmRSS'),
    hwmKiB: kb('VmHWM'),
    heapUsedKiB: Math.round(process.memoryUsage().heapUsed / 1024),
  }) + '\n',
);
