// What the server's diagnostics must be once it has settled: a fresh lint of the folder by the
// engine in-process (`lintTexts`, as the CLI runs it), with the editor's open buffers in place of
// the files on disk (and in addition to them, for an open file deleted on disk).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { LineIndex, lintTexts } from '../../engine/src/index';
import { expandPaths, readSourceFile } from '../../io/src/files';
import { loadTaxonomyFile } from '../../io/src/taxonomyDiscovery';
import type { LspTestClient } from './lspClient';

const SEVERITY = { error: 1, warning: 2, info: 3 } as const;

/** The parts of a diagnostic a fresh lint determines. */
export interface Comparable {
  code: unknown;
  severity: unknown;
  message: unknown;
  range: unknown;
  related: unknown;
}

export const comparable = (d: Diagnostic): Comparable => ({
  code: d.code,
  severity: d.severity,
  message: d.message,
  range: d.range,
  related: (d.relatedInformation ?? []).map((r) => ({ uri: r.location.uri, range: r.location.range, message: r.message })),
});

const sorted = (list: Comparable[]) => list.map((x) => JSON.stringify(x)).sort();

/** Fresh lint of `dir` (its label-taxonomy.yaml), with `buffers` (uri → text) over the disk. */
export function freshLint(dir: string, buffers: ReadonlyMap<string, string> = new Map()): Map<string, Comparable[]> {
  const taxonomy = loadTaxonomyFile(path.join(dir, 'label-taxonomy.yaml')).taxonomy;
  assert.ok(taxonomy, 'the taxonomy loads');
  const onDisk = expandPaths([dir]).files.map((file) => pathToFileURL(file).href);
  const sources = [...new Set([...onDisk, ...buffers.keys()])].map((uri) => {
    const disk = buffers.has(uri) ? undefined : readSourceFile(fileURLToPath(uri));
    return { uri, text: buffers.get(uri) ?? (disk?.ok ? disk.text : '') };
  });
  const lines = new Map(sources.map((s) => [s.uri, new LineIndex(s.text)]));
  const range = (uri: string, start: number, end: number) => ({ start: lines.get(uri)!.positionAt(start), end: lines.get(uri)!.positionAt(Math.max(start, end)) });
  const out = new Map<string, Comparable[]>();
  for (const { file, findings } of lintTexts(sources, { taxonomy })) {
    out.set(
      file.uri,
      findings.map((f) => ({
        code: f.ruleId,
        severity: SEVERITY[f.severity],
        message: f.message,
        range: range(file.uri, f.start, f.end),
        related: f.related.map((r) => ({ uri: r.uri, range: range(r.uri, r.start, r.end), message: r.message })),
      })),
    );
  }
  return out;
}

/**
 * Asserts that the server's last diagnostics of every file of the fresh lint equal it, and that
 * a file it published for but the lint does not know (deleted) has none left. Call after
 * `settled()`. Returns the rule ids found, for the caller's sanity checks.
 */
export function assertMatchesFreshLint(c: LspTestClient, dir: string, buffers: ReadonlyMap<string, string> = new Map()): Set<unknown> {
  const expected = freshLint(dir, buffers);
  for (const [uri, want] of expected) {
    const got = (c.diagnostics(uri) ?? []).map(comparable);
    assert.deepEqual(sorted(got), sorted(want), `${path.basename(uri)} differs from a fresh lint`);
  }
  for (const uri of c.publishes.keys()) {
    if (expected.has(uri) || !uri.startsWith('file:') || /label-taxonomy/.test(uri)) continue;
    assert.deepEqual(c.diagnostics(uri), [], `${path.basename(uri)} is gone but keeps diagnostics`);
  }
  return new Set([...expected.values()].flat().map((d) => d.code));
}
