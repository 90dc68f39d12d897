// A lint worker thread (see `threadedLint.ts`). Round 1: reads, parses and extracts the files it
// is given and keeps them. Round 2: sends its objects, detached from the YAML, to the other
// workers; indexes its own objects (with their YAML) and theirs (detached) in lint order; runs
// every rule over its own files. Same index, same rules as the single-threaded lint: same findings.
import { parentPort, threadId, type MessagePort } from 'node:worker_threads';
import { analyzeFile, attachObjects, detachObjects, parseManifestFile, WorkspaceIndex, type DetachedObject, type ManifestFile } from '../../../engine/src/index';
import { readSourceFile } from '../../../io/src/files';
import { skipReason } from '../workspace';
import { taxonomyFromData, type AnalyzeReply, type AnalyzeRequest, type ParseReply, type ParseRequest, type PeerObjects, type WorkerReply, type WorkerRequest } from './protocol';

interface GroupState {
  /** This worker's files by index. */
  own: Map<number, ManifestFile>;
  /** The other workers' objects by file index, as they arrive. */
  others: Map<number, DetachedObject[]>;
  peersHeard: number;
  request?: AnalyzeRequest;
}

const groups = new Map<number, GroupState>();
let peers: (MessagePort | null)[] = [];

function groupState(group: number): GroupState {
  let state = groups.get(group);
  if (!state) {
    state = { own: new Map(), others: new Map(), peersHeard: 0 };
    groups.set(group, state);
  }
  return state;
}

function parse(request: ParseRequest): ParseReply {
  const state = groupState(request.group);
  const files: ParseReply['files'] = [];
  for (const f of request.files) {
    const read = readSourceFile(f.path);
    if (!read.ok) {
      files.push({ index: f.index, ok: false, reason: read.reason });
      continue;
    }
    state.own.set(f.index, parseManifestFile(f.uri, read.text, { defaultNamespace: request.defaultNamespace }));
    files.push({ index: f.index, ok: true, bom: read.bom });
  }
  return { type: 'parsed', group: request.group, files };
}

function shareObjects(request: AnalyzeRequest): void {
  const state = groupState(request.group);
  state.request = request;
  if (!peers.some((p) => p)) return;
  const message: PeerObjects = { group: request.group, files: [] };
  timed('detach', () => {
    for (const [index, file] of state.own) message.files.push([index, detachObjects(file.documents.flatMap((d) => d.objects))]);
  });
  timed('send', () => {
    for (const port of peers) port?.postMessage(message);
  });
}

function receiveObjects(message: PeerObjects): void {
  const state = groupState(message.group);
  for (const [index, objects] of message.files) state.others.set(index, objects);
  state.peersHeard++;
}

/** Lints the group's own files once the request and every other worker's objects are in. */
function analyzeWhenReady(group: number): AnalyzeReply | undefined {
  const state = groups.get(group);
  if (!state?.request || state.peersHeard < peers.filter((p) => p).length) return undefined;
  groups.delete(group);
  const taxonomy = taxonomyFromData(state.request.taxonomy);
  const index = new WorkspaceIndex();
  for (const f of state.request.files) {
    const own = state.own.get(f.index);
    index.setFile(f.uri, own ? own.documents.flatMap((d) => d.objects) : attachObjects(state.others.get(f.index) ?? []));
  }
  const files: AnalyzeReply['files'] = [];
  timed('analyze', () => {
    for (const [i, file] of state.own) {
      const result = { file, findings: analyzeFile(file, { taxonomy, index }) };
      const skipped = skipReason(result);
      files.push({ index: i, text: file.text, skipped, findings: skipped ? [] : result.findings });
    }
  });
  return { type: 'analyzed', group, files };
}

/** `KUBE_LABEL_LINT_TRACE=1`: each worker's time per phase on stderr (for measurements). */
const TRACE = process.env.KUBE_LABEL_LINT_TRACE === '1';
const startedAt = performance.now();
function timed<T>(phase: string, work: () => T): T {
  if (!TRACE) return work();
  const t = performance.now();
  try {
    return work();
  } finally {
    const now = performance.now();
    process.stderr.write(`lint worker ${threadId}: ${phase} ${(now - t).toFixed(0)} ms (at ${(now - startedAt).toFixed(0)} ms)\n`);
  }
}

function guarded(work: () => WorkerReply | undefined): void {
  let reply: WorkerReply | undefined;
  try {
    reply = work();
  } catch (e) {
    reply = { type: 'failed', message: (e as Error)?.stack ?? String(e) };
  }
  if (reply) parentPort?.postMessage(reply);
}

parentPort?.on('message', (request: WorkerRequest) =>
  guarded(() => {
    if (request.type === 'peers') {
      peers = request.peers;
      for (const port of peers) {
        port?.on('message', (m: PeerObjects) => guarded(() => (timed('receive', () => receiveObjects(m)), analyzeWhenReady(m.group))));
      }
      return undefined;
    }
    if (request.type === 'parse') return timed('parse batch', () => parse(request));
    shareObjects(request);
    return analyzeWhenReady(request.group);
  }),
);
