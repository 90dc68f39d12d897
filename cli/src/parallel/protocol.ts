// Messages between the threaded lint (`threadedLint.ts`, main thread) and its workers
// (`lintWorker.ts`). Everything here survives a structured clone: no YAML nodes, no classes, no functions.
import type { MessagePort } from 'node:worker_threads';
import type { DetachedObject, Finding, LabelSpec, Taxonomy } from '../../../engine/src/index';
import { compilePattern } from '../../../engine/src/taxonomy/load';

/** Round 1, main → worker: read, parse and extract these files of a group (and keep them). */
export interface ParseRequest {
  type: 'parse';
  group: number;
  defaultNamespace?: string;
  files: { index: number; path: string; uri: string }[];
}

/** Main → worker, once after start: a port to every other worker (`peers[i]` = worker i, null for itself). */
export interface PeersMessage {
  type: 'peers';
  peers: (MessagePort | null)[];
}

/** Round 1, worker → main: which files were read (the objects stay in the worker until round 2). */
export interface ParseReply {
  type: 'parsed';
  group: number;
  files: ({ index: number; ok: true; bom: boolean } | { index: number; ok: false; reason: string })[];
}

/**
 * Round 2, main → worker: every readable file of the group in lint order. The worker sends its
 * files' objects, detached from the YAML, straight to the other workers (`PeerObjects`), and
 * lints its own files once every other worker's objects have arrived.
 */
export interface AnalyzeRequest {
  type: 'analyze';
  group: number;
  taxonomy: TaxonomyData;
  files: { index: number; uri: string }[];
}

/** A Taxonomy as plain data: patterns as their sources (the worker compiles them; no second load and validation). */
export type TaxonomyData = Omit<Taxonomy, 'labels'> & { labels: [string, Omit<LabelSpec, 'pattern'> & { pattern?: string }][] };

export function taxonomyData(taxonomy: Taxonomy): TaxonomyData {
  return { ...taxonomy, labels: [...taxonomy.labels].map(([key, spec]) => [key, { ...spec, pattern: spec.pattern?.source }]) };
}

export function taxonomyFromData(data: TaxonomyData): Taxonomy {
  const labels = new Map<string, LabelSpec>();
  for (const [key, { pattern, ...spec }] of data.labels) labels.set(key, pattern === undefined ? spec : { ...spec, pattern: compilePattern(pattern) });
  return { ...data, labels };
}

/** Round 2, worker → worker: the sender's objects of a group, by file index. */
export interface PeerObjects {
  group: number;
  files: [index: number, objects: DetachedObject[]][];
}

/** Round 2, worker → main: the worker's own files, linted against the whole group. */
export interface AnalyzeReply {
  type: 'analyzed';
  group: number;
  files: { index: number; text: string; skipped?: string; findings: Finding[] }[];
}

export interface FailureReply {
  type: 'failed';
  message: string;
}

export type WorkerRequest = PeersMessage | ParseRequest | AnalyzeRequest;
export type WorkerReply = ParseReply | AnalyzeReply | FailureReply;
