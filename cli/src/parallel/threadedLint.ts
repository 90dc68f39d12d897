// The lint on several threads (docs/benchmarks.md, "Threaded CLI"). Workers read, parse and
// extract the files (round 1, handed out in small batches so that the workers stay evenly busy)
// and keep them; then each worker sends its files' objects, detached from their YAML, to every
// other worker over a channel of their own, indexes the whole group in lint order and runs every
// rule over its own files (round 2). The index, the rules and the
// order are those of `lintWorkspace`, so the findings are the same, byte for byte.
import * as os from 'node:os';
import * as path from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { LineIndex, type ManifestFile } from '../../../engine/src/index';
import { comparePaths } from '../../../io/src/files';
import type { LintedFile, SkipNote, WorkspaceListing } from '../workspace';
import { taxonomyData, type AnalyzeReply, type AnalyzeRequest, type ParseReply, type ParseRequest, type PeersMessage, type WorkerReply } from './protocol';

/** Below this many files, starting workers costs more than it saves: the lint stays on one thread. */
export const THREADED_MIN_FILES = 200;
/**
 * Fewer cores than this: one thread. Each worker is a V8 isolate of its own that compiles the
 * parser and the rules again and collects its own heap on helper threads (measured on 2 cores:
 * 2 workers take 3.6–4.0 s of CPU for 2,000 apps where one thread takes 2.3–2.8 s, most of it
 * GC and JIT helpers, and finish later: 2.2 s against 1.8 s). A single-threaded run already
 * keeps a second core busy with those helpers.
 */
export const THREADED_MIN_CORES = 4;
/** Files per round-1 batch: small enough to balance the workers, large enough to keep messages few. */
const BATCH_FILES = 24;
/** `KUBE_LABEL_LINT_THREADS=N`: N workers whatever the size and cores (1: single-threaded). For tests and measurements. */
export const THREADS_ENV = 'KUBE_LABEL_LINT_THREADS';

/** How many worker threads to lint `files` files with; 1 means none (the single-threaded lint). */
export function lintThreadCount(files: number, env: NodeJS.ProcessEnv = process.env, cores = os.availableParallelism()): number {
  const forced = Number.parseInt(env[THREADS_ENV] ?? '', 10);
  if (Number.isInteger(forced) && forced >= 1) return Math.min(forced, 64);
  if (files < THREADED_MIN_FILES || cores < THREADED_MIN_CORES) return 1;
  return Math.max(1, Math.min(cores, Math.floor(files / 100)));
}

export interface ThreadedLintResult {
  linted: LintedFile[];
  /** The listing's skip notes plus the files that could not be read. */
  skipped: SkipNote[];
}

/** Lints every group of the listing on `threads` worker threads. */
export async function lintThreaded(listing: WorkspaceListing, options: { defaultNamespace?: string; threads: number }): Promise<ThreadedLintResult> {
  const workers = Array.from({ length: options.threads }, () => new LintWorker());
  connectPeers(workers);
  try {
    const linted: LintedFile[] = [];
    const skipped = [...listing.skipped];
    for (const [g, group] of listing.groups.entries()) {
      const parsed = await parseRound(workers, g, group, options.defaultNamespace);
      const taxonomy = taxonomyData(group.taxonomy);
      const replies = await Promise.all(
        workers.map((w) => {
          const files: AnalyzeRequest['files'] = [];
          for (const [index, p] of parsed) if (p.ok) files.push({ index, uri: group.files[index].uri });
          return w.request<AnalyzeReply>({ type: 'analyze', group: g, taxonomy, files });
        }),
      );
      for (const [index, p] of parsed) if (!p.ok) skipped.push({ path: group.files[index].path, display: group.files[index].display, reason: p.reason });
      for (const reply of replies) {
        for (const f of reply.files) {
          const listed = group.files[f.index];
          const p = parsed.get(f.index) as { bom: boolean };
          const file = { ...listed, text: f.text, bom: p.bom };
          linted.push({ file, result: { file: linesOnDemand(listed.uri, f.text, f.skipped), findings: f.findings }, skipped: f.skipped });
        }
      }
    }
    linted.sort((a, b) => comparePaths(a.file.path, b.file.path));
    skipped.sort((a, b) => comparePaths(a.path, b.path));
    return { linted, skipped };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

type Parsed = { ok: true; bom: boolean } | { ok: false; reason: string };

/** Gives every two workers a channel of their own: the objects of round 2 never pass through the main thread. */
function connectPeers(workers: LintWorker[]): void {
  const peers: (MessagePort | null)[][] = workers.map(() => workers.map(() => null));
  for (let i = 0; i < workers.length; i++) {
    for (let j = i + 1; j < workers.length; j++) {
      const { port1, port2 } = new MessageChannel();
      peers[i][j] = port1;
      peers[j][i] = port2;
    }
  }
  workers.forEach((w, i) => w.send({ type: 'peers', peers: peers[i] }, peers[i].filter((p): p is MessagePort => p !== null)));
}

/** Round 1: batches handed to whichever worker is free. Returns every file's outcome, in lint order. */
async function parseRound(workers: LintWorker[], g: number, group: WorkspaceListing['groups'][number], defaultNamespace: string | undefined): Promise<Map<number, Parsed>> {
  const outcomes: (Parsed | undefined)[] = new Array(group.files.length);
  let next = 0;
  const feed = async (wi: number): Promise<void> => {
    while (next < group.files.length) {
      const from = next;
      next = Math.min(next + BATCH_FILES, group.files.length);
      const files = group.files.slice(from, next).map((f, i) => ({ index: from + i, path: f.path, uri: f.uri }));
      const request: ParseRequest = { type: 'parse', group: g, defaultNamespace, files };
      const reply = await workers[wi].request<ParseReply>(request);
      for (const f of reply.files) outcomes[f.index] = f.ok ? { ok: true, bom: f.bom } : { ok: false, reason: f.reason };
    }
  };
  await Promise.all(workers.map((_, wi) => feed(wi)));
  return new Map(outcomes.map((o, i) => [i, o as Parsed]));
}

/** What the CLI's reports read of a linted file; the line index is built only for files that need it. */
function linesOnDemand(uri: string, text: string, skipped: string | undefined): ManifestFile {
  let lines: LineIndex | undefined;
  return {
    uri,
    text,
    get lines() {
      return (lines ??= new LineIndex(text));
    },
    documents: [],
    suppressions: new Map(),
    skipped,
  };
}

/** One worker thread, answering one request at a time. */
class LintWorker {
  private readonly worker = new Worker(path.join(__dirname, 'lintWorker.js'));
  private pending?: { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void };

  constructor() {
    this.worker.on('message', (reply: WorkerReply) => this.settle((p) => (reply.type === 'failed' ? p.reject(new Error(`lint worker: ${reply.message}`)) : p.resolve(reply))));
    this.worker.on('error', (error) => this.settle((p) => p.reject(error)));
    this.worker.on('exit', (code) => this.settle((p) => p.reject(new Error(`lint worker exited (code ${code})`))));
  }

  send(message: PeersMessage, transfer: MessagePort[]): void {
    this.worker.postMessage(message, transfer);
  }

  request<R extends WorkerReply>(message: ParseRequest | AnalyzeRequest): Promise<R> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve: resolve as (reply: WorkerReply) => void, reject };
      this.worker.postMessage(message);
    });
  }

  terminate(): Promise<number> {
    this.pending = undefined;
    return this.worker.terminate();
  }

  private settle(action: (pending: NonNullable<LintWorker['pending']>) => void): void {
    const p = this.pending;
    this.pending = undefined;
    if (p) action(p);
  }
}
