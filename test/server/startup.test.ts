// Start-up (issue "language server", SPEC §4): a file opened while the workspace scan runs gets
// its own findings at once, checked alone, and its cross-file findings once the scan is done. In
// a generated 1,500-app workspace the scan takes seconds, so the first publish for the opened
// file comes before it ends: it must hold exactly the findings of the rules that read only the
// file (none that another file could change), and the last one everything a fresh lint finds.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspTestClient, fileUri, removeDir } from './lspClient';
import { comparable, freshLint, type Comparable } from './freshLint';
import { GEN_WORKSPACE } from '../sharedPaths';

/** Rules whose findings depend on the file alone. */
const OWN_FILE_RULES = new Set(['yaml-syntax', 'label-required', 'label-value-not-allowed', 'label-syntax', 'label-deprecated', 'label-unknown']);

const key = (d: Comparable) => JSON.stringify(d);

describe('server: start-up with a large workspace', { skip: !fs.existsSync(GEN_WORKSPACE) && `${GEN_WORKSPACE} not available` }, () => {
  let dir: string;
  let c: LspTestClient | undefined;
  let target: string;
  let expected: Comparable[];

  before(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kll-startup-')));
    const gen = spawnSync(process.execPath, [GEN_WORKSPACE, dir, '--apps', '1500', '--seed', '21'], { encoding: 'utf8' });
    assert.equal(gen.status, 0, gen.stderr);
    // A file with findings of both kinds in a fresh lint of the whole workspace.
    const fresh = freshLint(dir);
    const pick = [...fresh].find(([, ds]) => ds.some((d) => OWN_FILE_RULES.has(String(d.code))) && ds.some((d) => !OWN_FILE_RULES.has(String(d.code))));
    assert.ok(pick, 'no file with own-file and cross-file findings in the generated workspace');
    [target, expected] = pick;
  });
  after(async () => {
    await c?.stop();
    removeDir(dir);
  });

  it('an open file gets its own findings before the scan ends, and the cross-file ones after it', async () => {
    c = await LspTestClient.start({ workspace: dir, timeoutMs: 120_000 });
    c.open(target, fs.readFileSync(new URL(target), 'utf8'));
    const first = (await c.waitForDiagnostics(target, { version: 1 })).map(comparable);
    const own = expected.filter((d) => OWN_FILE_RULES.has(String(d.code)));
    assert.deepEqual(first.map(key).sort(), own.map(key).sort(), 'the first diagnostics are not the file’s own findings');

    await c.waitForScan();
    await c.settled();
    const last = (c.diagnostics(target) ?? []).map(comparable);
    assert.deepEqual(last.map(key).sort(), expected.map(key).sort(), 'the diagnostics after the scan differ from a fresh lint');
    assert.ok(c.publishCount(target) >= 2, 'the cross-file findings came in the first publish');
  });

  it('the target is a file of the workspace', () => {
    assert.ok(target.startsWith(fileUri(dir)), target);
  });
});
