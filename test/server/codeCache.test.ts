// The server's V8 code cache (server/src/codeCache.ts, docs/benchmarks.md "Start-up"): with
// `--code-cache-dir`, a first start saves a cache once its scan is done and the next start
// compiles from it; a broken cache costs only the normal compile and is replaced; without the
// argument nothing is read or written. The findings are the same whichever way the code was compiled.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspTestClient, REPO_ROOT, fileUri, removeDir } from './lspClient';

const EXAMPLES = path.join(REPO_ROOT, 'examples');
const OPENED = path.join(EXAMPLES, 'shop', 'cart.yaml');

describe('server: V8 code cache', () => {
  let cacheDir: string;
  const clients: LspTestClient[] = [];

  before(() => {
    cacheDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kll-code-cache-')));
  });
  after(async () => {
    for (const c of clients) await c.stop();
    removeDir(cacheDir);
  });

  async function start(args: string[] = [`--code-cache-dir=${cacheDir}`]): Promise<LspTestClient> {
    const c = await LspTestClient.start({ workspace: EXAMPLES, serverArgs: args });
    clients.push(c);
    return c;
  }

  /** What the server logged about its code at start ('off', 'none yet', 'rejected', 'used'). */
  const stateOf = (c: LspTestClient) => c.logs.map((l) => /code cache: (.+)$/.exec(l)?.[1]).find((s) => s !== undefined);

  /** The opened file's findings once the scan is done, and the cache files then. */
  async function findingsAndCache(c: LspTestClient, expectSave: boolean): Promise<{ findings: string[]; files: string[] }> {
    c.open(fileUri(OPENED), fs.readFileSync(OPENED, 'utf8'));
    await c.waitForScan();
    await c.settled();
    if (expectSave) await c.waitFor(() => c.logs.some((l) => l.startsWith('saved the code cache')), 'the code cache saved');
    const findings = (c.diagnostics(fileUri(OPENED)) ?? []).map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}`);
    await c.stop();
    return { findings, files: fs.readdirSync(cacheDir) };
  }

  it('a first start saves a cache after its scan, and the next start compiles from it with the same findings', async () => {
    const first = await start();
    assert.equal(stateOf(first), 'none yet');
    const one = await findingsAndCache(first, true);
    assert.ok(one.findings.length > 0, 'the opened example has findings');
    assert.equal(one.files.length, 1);
    assert.match(one.files[0], /^server-\d+-\d+-v8-[\w.-]+-\w+\.cache$/);
    assert.ok(fs.statSync(path.join(cacheDir, one.files[0])).size > 100_000, 'the cache holds the compiled code');

    const second = await start();
    assert.equal(stateOf(second), 'used');
    const two = await findingsAndCache(second, false);
    assert.deepEqual(two.findings, one.findings);
    assert.deepEqual(two.files, one.files, 'a start that used the cache writes none');
  });

  it('a broken cache is rejected, the server works as usual, and saves a good one for the next start', async () => {
    const [name] = fs.readdirSync(cacheDir);
    const file = path.join(cacheDir, name);
    const healthy = fs.readFileSync(file);
    const broken = Buffer.from(healthy);
    broken.fill(0x5a, 0, 64); // the header V8 checks: version, flags, source length, checksum
    fs.writeFileSync(file, broken);

    const c = await start();
    assert.equal(stateOf(c), 'rejected');
    const after = await findingsAndCache(c, true);
    assert.ok(after.findings.length > 0);
    assert.notDeepEqual(fs.readFileSync(file).subarray(0, 64), broken.subarray(0, 64), 'the broken cache was replaced');

    const next = await start();
    assert.equal(stateOf(next), 'used');
    await next.stop();
  });

  it('a cache of another build of the server is never read: its file name carries the bundle’s size and time', async () => {
    const stale = path.join(cacheDir, 'server-1-1-v8-0-x64.cache');
    fs.writeFileSync(stale, 'not a cache');
    const c = await start();
    assert.equal(stateOf(c), 'used');
    await c.stop();
    // Caches of other builds go when the next one is saved (covered above); this one is left.
    assert.ok(fs.existsSync(stale));
  });

  it('without --code-cache-dir nothing is read or written', async () => {
    const before = fs.readdirSync(cacheDir).sort();
    const c = await start([]);
    assert.equal(stateOf(c), 'off');
    const { findings } = await findingsAndCache(c, false);
    assert.ok(findings.length > 0);
    assert.ok(!c.logs.some((l) => l.startsWith('saved the code cache')));
    assert.deepEqual(fs.readdirSync(cacheDir).sort(), before);
  });
});
