// A branch switch under the server (issue #9, "language server under faults"): files deleted,
// rewritten and added at once, the taxonomy among them, while one of the deleted files is open,
// and file events that arrive late (a deletion reported after the file was written again). When
// the server has settled, every file's diagnostics equal a fresh lint of what is on disk plus
// the open buffers. The two branches are real fixture folders: `rapid-edits` and
// `rapid-edits-feature` (web renamed to storefront, platform allowed, services.yaml deleted,
// cache.yaml added).
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileChangeType, type FileEvent } from 'vscode-languageserver-protocol/node';
import { assertMatchesFreshLint } from './freshLint';
import { LspTestClient, REPO_ROOT, copyFixture, fileUri, removeDir } from './lspClient';

const BRANCHES = {
  main: path.join(REPO_ROOT, 'test/fixtures/server/rapid-edits'),
  feature: path.join(REPO_ROOT, 'test/fixtures/server/rapid-edits-feature'),
};

describe('server: a branch switch', () => {
  let dir: string;
  let c: LspTestClient;
  beforeEach(async () => {
    dir = copyFixture('rapid-edits');
    c = await LspTestClient.start({ workspace: dir });
    await c.waitForScan();
  });
  afterEach(async () => {
    await c.stop();
    removeDir(dir);
  });

  /** Makes the folder's files those of `branch` on disk; returns the events a file watcher reports. */
  function checkout(branch: string): FileEvent[] {
    const want = new Set(fs.readdirSync(branch));
    const events: FileEvent[] = [];
    for (const name of fs.readdirSync(dir)) {
      if (want.has(name)) continue;
      fs.rmSync(path.join(dir, name));
      events.push({ uri: fileUri(path.join(dir, name)), type: FileChangeType.Deleted });
    }
    for (const name of want) {
      const target = path.join(dir, name);
      const existed = fs.existsSync(target);
      fs.copyFileSync(path.join(branch, name), target);
      events.push({ uri: fileUri(target), type: existed ? FileChangeType.Changed : FileChangeType.Created });
    }
    return events;
  }

  it('files deleted, rewritten and added in one batch of events, and back; a deleted file that is open stays until closed', async () => {
    const services = fileUri(path.join(dir, 'services.yaml'));
    const buffer = fs.readFileSync(path.join(dir, 'services.yaml'), 'utf8');
    c.open(services, buffer);
    await c.waitForDiagnostics(services, { version: 1 });

    c.filesChanged(checkout(BRANCHES.feature));
    await c.settled();
    const found = assertMatchesFreshLint(c, dir, new Map([[services, buffer]]));
    // The open services.yaml still selects the web pods, which this branch renamed.
    assert.ok(found.has('service-selector-dangling'), `found: ${[...found]}`);
    assert.equal(c.latestStatus()!.folders[0].taxonomyError, undefined);

    c.filesChanged(checkout(BRANCHES.main));
    await c.settled();
    assertMatchesFreshLint(c, dir, new Map([[services, buffer]]));

    // Again, with the events in other batches and orders: the manifests first, the taxonomy
    // later, creations before deletions.
    const events = checkout(BRANCHES.feature).reverse();
    const taxonomy = events.filter((e) => e.uri.endsWith('label-taxonomy.yaml'));
    c.filesChanged(events.filter((e) => !taxonomy.includes(e)));
    c.filesChanged(taxonomy);
    await c.settled();
    assertMatchesFreshLint(c, dir, new Map([[services, buffer]]));

    c.close(services);
    await c.settled();
    assertMatchesFreshLint(c, dir);
    assert.deepEqual(c.diagnostics(services), []);
  });

  it('a deletion reported after the file was written again (a late event) keeps the file', async () => {
    const policies = fileUri(path.join(dir, 'policies.yaml'));
    assert.ok((c.diagnostics(policies) ?? []).length > 0, 'policies.yaml has findings to keep');
    c.filesChanged([{ uri: policies, type: FileChangeType.Deleted }]);
    await c.settled();
    assertMatchesFreshLint(c, dir);
    // The same for the whole folder (a folder deletion is one event).
    c.filesChanged([{ uri: fileUri(dir), type: FileChangeType.Deleted }]);
    await c.settled();
    assertMatchesFreshLint(c, dir);
    assert.equal(c.latestStatus()!.folders[0].taxonomyError, undefined);
  });

  it('a file rewritten with new content before its late deletion event: the new content is checked', async () => {
    c.filesChanged(checkout(BRANCHES.feature).filter((e) => e.type !== FileChangeType.Changed || !e.uri.endsWith('workloads.yaml')));
    await c.settled();
    // workloads.yaml changed on disk, but only a deletion is reported for it.
    c.filesChanged([{ uri: fileUri(path.join(dir, 'workloads.yaml')), type: FileChangeType.Deleted }]);
    await c.settled();
    assertMatchesFreshLint(c, dir);
  });
});
