// The threaded lint (cli/src/parallel) must report exactly what the single-threaded lint reports:
// same findings, order, messages, ranges, related locations and skip notes. Compared in process
// on the real fixtures, the examples and a generated workspace (with 2 and 3 workers: every
// worker then holds other workers' objects), and through the built CLI. Also: detached objects
// survive a structured clone and answer the cross-object questions as the parsed ones do.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { attachObjects, detachObjects, parseManifestFile } from '../../engine/src/index';
import { policyOf, serviceSelector } from '../../engine/src/policy/index';
import { bufferIO } from '../../cli/src/io';
import { toProblems } from '../../cli/src/report';
import { formatJson } from '../../cli/src/format/json';
import { formatSarif } from '../../cli/src/format/sarif';
import { formatStylish } from '../../cli/src/format/stylish';
import { lintWorkspace, listWorkspace, readWorkspace, skipNotes, type LintedFile, type SkipNote } from '../../cli/src/workspace';
import { lintThreadCount, lintThreaded, THREADED_MIN_CORES, THREADED_MIN_FILES, THREADS_ENV } from '../../cli/src/parallel/threadedLint';
import { REPO, runCli, tempDir } from './helpers';

const GENERATOR = path.resolve('..', 'shared', 'tools', 'gen-workspace.mjs');

/** Every output the CLI can produce from a lint, as text. */
function outputs(linted: LintedFile[], skipped: SkipNote[], cwd: string): Record<string, string> {
  const problems = toProblems(linted);
  return {
    json: formatJson(problems),
    sarif: formatSarif(problems, linted, cwd),
    stylish: formatStylish(problems),
    notes: skipNotes({ skipped }, linted).join('\n'),
  };
}

async function assertSameAsSingleThreaded(paths: string[], cwd: string, threads: number): Promise<number> {
  const listing = listWorkspace(paths, {}, bufferIO(cwd));
  const ws = readWorkspace(listing);
  const single = outputs(lintWorkspace(ws), ws.skipped, cwd);
  const threaded = await lintThreaded(listing, { threads });
  const parallel = outputs(threaded.linted, threaded.skipped, cwd);
  for (const format of Object.keys(single)) assert.equal(parallel[format], single[format], `${format} output differs with ${threads} threads`);
  return JSON.parse(single.json).length;
}

describe('threaded lint: same output as the single-threaded lint', () => {
  for (const threads of [2, 3]) {
    it(`test/fixtures, ${threads} workers`, async () => {
      const findings = await assertSameAsSingleThreaded(['test/fixtures'], REPO, threads);
      assert.ok(findings > 100, `only ${findings} findings: the fixtures were not linted`);
    });
  }

  it('several taxonomies (one group each, taxonomies with patterns), 2 workers', async () => {
    const paths = ['test/fixtures/rules/label-value-not-allowed', 'test/fixtures/rules/label-deprecated', 'test/fixtures/server/basic'];
    assert.equal(listWorkspace(paths, {}, bufferIO(REPO)).groups.length, 3);
    const findings = await assertSameAsSingleThreaded(paths, REPO, 2);
    assert.ok(findings > 10, `${findings} findings`);
  });

  it('examples/, 2 workers', async () => {
    const findings = await assertSameAsSingleThreaded(['examples'], REPO, 2);
    assert.ok(findings > 0);
  });

  describe('generated workspace (200 apps, seed 1)', { skip: fs.existsSync(GENERATOR) ? false : `no generator at ${GENERATOR}` }, () => {
    let dir = '';
    before(() => {
      dir = tempDir();
      const gen = spawnSync(process.execPath, [GENERATOR, dir, '--apps', '200', '--seed', '1'], { encoding: 'utf8' });
      assert.equal(gen.status, 0, gen.stderr);
    });

    for (const threads of [2, 3]) {
      it(`in process, ${threads} workers`, async () => {
        const findings = await assertSameAsSingleThreaded(['.'], dir, threads);
        const expected = (JSON.parse(fs.readFileSync(path.join(dir, 'EXPECTED.json'), 'utf8')) as { expected: unknown[] }).expected;
        assert.ok(findings >= expected.length, `${findings} findings, ${expected.length} injected`);
      });
    }

    it('the built CLI: same stdout, stderr and exit code with 1 and 2 threads', () => {
      for (const format of ['json', 'sarif']) {
        const single = runCli(['.', '--format', format], { cwd: dir, env: { [THREADS_ENV]: '1' } });
        const threaded = runCli(['.', '--format', format], { cwd: dir, env: { [THREADS_ENV]: '2' } });
        assert.ok(single.status === 1, `exit ${single.status}: ${single.stderr}`);
        assert.equal(threaded.status, single.status);
        assert.equal(threaded.stdout, single.stdout);
        assert.equal(threaded.stderr, single.stderr);
      }
    });
  });
});

describe('lintThreadCount', () => {
  it('stays single-threaded below the file threshold', () => {
    assert.equal(lintThreadCount(THREADED_MIN_FILES - 1, {}, 8), 1);
    assert.equal(lintThreadCount(3, {}, 8), 1);
  });

  it('stays single-threaded on fewer cores than THREADED_MIN_CORES', () => {
    assert.equal(lintThreadCount(10_000, {}, THREADED_MIN_CORES - 1), 1);
  });

  it('uses one worker per core from both thresholds on, at most one per 100 files', () => {
    assert.equal(lintThreadCount(10_000, {}, 8), 8);
    assert.equal(lintThreadCount(THREADED_MIN_FILES, {}, 8), 2);
  });

  it(`follows ${THREADS_ENV}`, () => {
    assert.equal(lintThreadCount(3, { [THREADS_ENV]: '2' }), 2);
    assert.equal(lintThreadCount(10_000, { [THREADS_ENV]: '1' }), 1);
    assert.equal(lintThreadCount(3, { [THREADS_ENV]: 'many' }), 1);
  });
});

describe('detached objects', () => {
  it('survive a structured clone and keep what other objects read', () => {
    const file = parseManifestFile('file:///policies.yaml', POLICIES);
    const objects = file.documents.flatMap((d) => d.objects);
    const attached = attachObjects(structuredClone(detachObjects(objects)));
    assert.equal(attached.length, objects.length);
    const [policy, service] = attached;
    assert.equal((policy as { node?: unknown }).node, undefined, 'no YAML travels');
    assert.equal(policyOf(policy)?.obj, policy, "the policy model's object is the detached object");
    assert.deepEqual(policyOf(policy)?.ingress.map((r) => r.peers?.length), policyOf(objects[0])?.ingress.map((r) => r.peers?.length));
    assert.deepEqual(serviceSelector(service), { app: 'web' });
  });
});

const POLICIES = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: api
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
`;
