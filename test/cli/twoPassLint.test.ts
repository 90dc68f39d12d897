// The CLI's lint (`lintTexts`: each file checked alone and its YAML trees dropped, then the rules
// that read the workspace over the compact objects) must report exactly what the plain one-pass
// lint reports (every file parsed and kept, one full index, every rule on every file): same
// findings, in the same order, with the same fixes and related locations. Compared on the
// fixtures, the corpus and a generated workspace, one taxonomy group at a time.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFile, lintTexts, parseManifestFile, WorkspaceIndex, type SourceText } from '../../engine/src/index';
import type { Taxonomy } from '../../engine/src/taxonomy/types';
import { bufferIO } from '../../cli/src/io';
import { listWorkspace, readWorkspace } from '../../cli/src/workspace';
import { CORPUS_DIR, GEN_WORKSPACE } from '../sharedPaths';
import { REPO, tempDir } from './helpers';

function onePass(sources: readonly SourceText[], taxonomy: Taxonomy) {
  const index = new WorkspaceIndex();
  const files = sources.map((s) => parseManifestFile(s.uri, s.text));
  for (const f of files) index.setFile(f.uri, f.documents.flatMap((d) => d.objects));
  return files.map((file) => ({ uri: file.uri, findings: analyzeFile(file, { taxonomy, index }) }));
}

/** Lints every taxonomy group under `paths` both ways; returns the number of findings. */
function assertSameAsOnePass(paths: string[], cwd: string): number {
  const ws = readWorkspace(listWorkspace(paths, {}, bufferIO(cwd)));
  let findings = 0;
  for (const group of ws.groups) {
    const sources = group.files.map((f) => ({ uri: f.uri, text: f.text }));
    const expected = onePass(sources, group.taxonomy);
    const actual = lintTexts(sources, { taxonomy: group.taxonomy }).map((r) => ({ uri: r.file.uri, findings: r.findings }));
    assert.deepEqual(actual, expected);
    findings += expected.reduce((n, f) => n + f.findings.length, 0);
  }
  return findings;
}

describe('CLI lint in two passes: the same findings as one pass', () => {
  it('test/fixtures', () => {
    assert.ok(assertSameAsOnePass(['test/fixtures'], REPO) > 100);
  });

  it('the corpus of real manifests', { skip: fs.existsSync(CORPUS_DIR) ? false : `no corpus at ${CORPUS_DIR}` }, () => {
    assert.ok(assertSameAsOnePass([CORPUS_DIR], REPO) > 100);
  });

  it('a generated workspace (150 apps, seed 8)', { skip: fs.existsSync(GEN_WORKSPACE) ? false : 'gen-workspace not available' }, () => {
    const dir = tempDir();
    const gen = spawnSync(process.execPath, [GEN_WORKSPACE, dir, '--apps', '150', '--seed', '8'], { encoding: 'utf8' });
    assert.equal(gen.status, 0, gen.stderr);
    const injected = (JSON.parse(fs.readFileSync(path.join(dir, 'EXPECTED.json'), 'utf8')) as { expected: unknown[] }).expected.length;
    const findings = assertSameAsOnePass(['.'], dir);
    assert.ok(injected > 0 && findings >= injected, `${findings} findings, ${injected} injected`);
  });
});
