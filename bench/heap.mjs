#!/usr/bin/env node
// Where does the memory go? The language server indexes a workspace, then writes a V8 heap
// snapshot (what is alive, unlike RSS, which moves with GC timing and machine load); this
// prints the live heap by constructor or type, and what holds the strings of each kind.
//
//   node bench/heap.mjs [APPS] [SERVER_JS]    index bench/work/apps-APPS (default 2000) and summarise
//   node bench/heap.mjs FILE.heapsnapshot     summarise an existing snapshot
//
// Two builds compare well at 2,000 apps: the snapshot of the same workspace is the same from run
// to run, so a difference of 0.1 MiB is real (the memory goal is RSS at 10,000 apps: about five
// times the heap difference). The snapshot is kept in bench/work/prof/ for Chrome DevTools.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LspServer } from './lsp.mjs';
import { installCleanup, sleep } from './util.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, '..');
const PROF = join(BENCH, 'work', 'prof');
const MiB = (bytes) => (bytes / 2 ** 20).toFixed(2).padStart(7);

/** Starts the server with a snapshot-on-signal, indexes `folder`, and returns the snapshot's path. */
async function snapshotAfterScan(folder, serverJs) {
  const dir = join(PROF, `heap-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const s = await LspServer.start({
    name: 'kube-label-lint',
    command: process.execPath,
    args: ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${dir}`, serverJs, '--stdio'],
    cwd: ROOT,
    timeoutMs: 600_000,
    configuration: (section) => (section === 'kubeLabelLint' ? {} : null),
  });
  try {
    await s.initialize(folder);
    const idx = await s.waitForIndexing({ timeoutMs: 480_000 });
    console.log(`indexed ${folder} (${idx.by}) ${(idx.doneAt - s.spawnTime).toFixed(0)} ms after spawn`);
    await sleep(500);
    process.kill(s.pid, 'SIGUSR2');
    // The server writes the snapshot itself; it is complete when it parses.
    for (let waited = 0; waited < 300_000; waited += 500) {
      await sleep(500);
      const file = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot'));
      if (!file) continue;
      const text = readFileSync(join(dir, file), 'utf8');
      try {
        JSON.parse(text);
        return join(dir, file);
      } catch {
        // still being written
      }
    }
    throw new Error('the server wrote no heap snapshot');
  } finally {
    await s.stop(10_000);
  }
}

function summarise(file) {
  const snap = JSON.parse(readFileSync(file, 'utf8'));
  const meta = snap.snapshot.meta;
  const N = meta.node_fields.length;
  const E = meta.edge_fields.length;
  const [TYPE, NAME, SIZE, EDGES] = ['type', 'name', 'self_size', 'edge_count'].map((f) => meta.node_fields.indexOf(f));
  const [ETYPE, ENAME, ETO] = ['type', 'name_or_index', 'to_node'].map((f) => meta.edge_fields.indexOf(f));
  const types = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const STRINGS = new Set(['string', 'concatenated string', 'sliced string']);
  const byKind = new Map();
  const stringHolders = new Map();
  let total = 0;
  for (let i = 0, e = 0; i < snap.nodes.length; i += N) {
    const type = types[snap.nodes[i + TYPE]];
    const kind = type === 'object' || type === 'closure' ? snap.strings[snap.nodes[i + NAME]] : `(${type})`;
    const size = snap.nodes[i + SIZE];
    total += size;
    const k = byKind.get(kind) ?? { size: 0, count: 0 };
    k.size += size;
    k.count++;
    byKind.set(kind, k);
    for (let j = 0; j < snap.nodes[i + EDGES]; j++, e += E) {
      const to = snap.edges[e + ETO];
      const toType = types[snap.nodes[to + TYPE]];
      // A string's own parts (a slice's parent, a rope's halves) are not holders worth naming.
      if (!STRINGS.has(toType) || STRINGS.has(type) || type === 'synthetic') continue;
      const edgeType = edgeTypes[snap.edges[e + ETYPE]];
      const edge = edgeType === 'property' ? `.${snap.strings[snap.edges[e + ENAME]]}` : `[${edgeType}]`;
      const key = `${toType} held by ${kind}${edge}`;
      const h = stringHolders.get(key) ?? { size: 0, count: 0, seen: new Set() };
      if (h.seen.has(to)) continue;
      h.seen.add(to);
      h.size += snap.nodes[to + SIZE];
      h.count++;
      stringHolders.set(key, h);
    }
  }
  const top = (m, n) => [...m].sort((a, b) => b[1].size - a[1].size).slice(0, n);
  console.log(`\n${file}: ${MiB(total).trim()} MiB live heap\n\nBy constructor or type (MiB, count):`);
  for (const [k, v] of top(byKind, 25)) console.log(`  ${MiB(v.size)} ${String(v.count).padStart(9)}  ${k}`);
  console.log('\nStrings by holder (MiB and count of distinct strings; a string with several holders counts for each):');
  for (const [k, v] of top(stringHolders, 15)) console.log(`  ${MiB(v.size)} ${String(v.count).padStart(9)}  ${k}`);
}

const [arg = '2000', server = join(ROOT, 'server', 'out', 'server.js')] = process.argv.slice(2);
installCleanup();
if (arg.endsWith('.heapsnapshot')) summarise(arg);
else {
  const folder = join(BENCH, 'work', `apps-${arg}`);
  if (!existsSync(folder)) throw new Error(`${folder} missing: run npm run bench (or bench:quick) first`);
  const snapshot = await snapshotAfterScan(folder, resolve(server));
  summarise(snapshot);
  // Only the newest few are worth keeping (each is tens of MiB).
  const old = readdirSync(PROF).filter((d) => d.startsWith('heap-')).sort().slice(0, -3);
  for (const d of old) rmSync(join(PROF, d), { recursive: true, force: true });
}
process.exit(0);
