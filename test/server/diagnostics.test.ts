// The language server over LSP: workspace scan, diagnostics as you type, cross-file updates,
// settings. Spawns the bundled server (server/out/server.js) on a copy of a fixture workspace.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileChangeType, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspTestClient, copyFixture, fileUri, messageOf, registeredRules, removeDir } from './lspClient';

const rules = registeredRules();
const codes = (d: Diagnostic[] | undefined) => (d ?? []).map((x) => x.code);

describe('server: workspace scan', () => {
  let dir: string;
  let c: LspTestClient;
  const uri = (p: string) => fileUri(path.join(dir, p));
  before(async () => {
    dir = copyFixture('basic');
    c = await LspTestClient.start({ workspace: dir });
    await c.waitForScan();
  });
  after(async () => {
    await c.stop();
    removeDir(dir);
  });

  it('advertises incremental sync, completion, hover, code actions (quickfix + fixAll) and code lenses', () => {
    const caps = c.initializeResult!.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
    assert.ok(caps.completionProvider && caps.hoverProvider && caps.codeLensProvider);
    assert.deepEqual((caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ['quickfix', 'source.fixAll.kube-label-lint']);
    assert.equal(c.initializeResult!.serverInfo?.name, 'kube-label-lint');
  });

  it('reports the scan as work-done progress (create, begin, end)', () => {
    const reports = [...c.progress.values()].find((l) => l.some((v) => v.kind === 'begin'));
    assert.ok(reports, 'no progress token was created and begun');
    assert.equal(reports[0].kind, 'begin');
    assert.equal(reports[reports.length - 1].kind, 'end');
  });

  it('publishes diagnostics for closed files of the workspace', () => {
    const d = c.diagnostics(uri('syntax.yaml'));
    assert.ok(d, 'syntax.yaml got no diagnostics');
    assert.deepEqual(codes(d), ['yaml-syntax']);
    const [x] = d;
    assert.equal(x.source, 'kube-label-lint');
    assert.equal(x.severity, 1);
    assert.match(x.codeDescription!.href, /\/blob\/main\/docs\/rules\/yaml-syntax\.md$/);
    assert.deepEqual({ ruleId: (x.data as { ruleId: string }).ruleId }, { ruleId: 'yaml-syntax' });
    const last = c.publishes.get(uri('syntax.yaml'))!.at(-1)!;
    assert.equal(last.version, undefined, 'a closed file has no version');
  });

  it('leaves out .gitignore’d files, Helm chart templates and the taxonomy file', () => {
    assert.equal(c.publishCount(uri('ignored/bad.yaml')), 0);
    assert.equal(c.publishCount(uri('chart/templates/deploy.yaml')), 0);
    assert.deepEqual(c.diagnostics(uri('label-taxonomy.yaml')) ?? [], []);
  });

  it('sends a status: taxonomy in force, counts, scan finished', () => {
    const s = c.latestStatus()!;
    assert.equal(s.scanning, false);
    assert.equal(s.folders.length, 1);
    assert.equal(s.folders[0].taxonomy, 'label-taxonomy.yaml');
    assert.equal(s.folders[0].taxonomyError, undefined);
    assert.ok(s.folders[0].errors >= 1, 'syntax.yaml has an error');
  });

  it('registers file watchers for manifests and taxonomy files', async () => {
    const reg = await c.waitFor(() => c.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'), 'watcher registration');
    const globs = (reg.registerOptions as { watchers: { globPattern: unknown }[] }).watchers.map((w) => w.globPattern);
    assert.ok(globs.includes('**/*.{yaml,yml}'));
    assert.ok(globs.includes('**/label-taxonomy.json'));
  });
});

describe('server: diagnostics as you type', () => {
  let dir: string;
  let c: LspTestClient;
  const uri = (p: string) => fileUri(path.join(dir, p));
  before(async () => {
    dir = copyFixture('basic');
    c = await LspTestClient.start({ workspace: dir });
    await c.waitForScan();
  });
  after(async () => {
    await c.stop();
    removeDir(dir);
  });

  it('open, edit and close: each publish carries the version it was computed for', async () => {
    const u = uri('syntax.yaml');
    const text = fs.readFileSync(path.join(dir, 'syntax.yaml'), 'utf8');
    c.open(u, text);
    assert.deepEqual(codes(await c.waitForDiagnostics(u, { version: 1 })), ['yaml-syntax']);
    const v3 = c.replace(u, '{app.kubernetes.io/name: broken', '{app.kubernetes.io/name: broken}');
    const fixed = await c.waitForDiagnostics(u, { version: v3 });
    assert.deepEqual(codes(fixed), []);
    // Closing drops the buffer: the file on disk (still broken) is what counts again.
    const n = c.publishCount(u);
    c.close(u);
    const closed = await c.waitForDiagnostics(u, { after: n });
    assert.deepEqual(codes(closed), ['yaml-syntax']);
    assert.equal(c.publishes.get(u)!.at(-1)!.version, undefined);
  });

  it('a burst of edits ends with the diagnostics of the last version, versions never go back', async () => {
    const u = uri('apps/web.yaml');
    c.open(u, fs.readFileSync(path.join(dir, 'apps/web.yaml'), 'utf8'));
    await c.waitForDiagnostics(u, { version: 1 });
    const start = c.publishCount(u);
    const at = c.text(u).indexOf('image: example.com/web:1.0') + 'image: example.com/web:1.'.length;
    let v = 1;
    for (let i = 0; i < 30; i++) v = c.insert(u, at + i, String(i % 10));
    await c.waitForDiagnostics(u, { version: v });
    const versions = c.publishes.get(u)!.slice(start).map((p) => p.version!);
    assert.equal(versions.at(-1), v);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i] > versions[i - 1], `versions went back: ${versions}`);
    assert.ok(versions.length <= 30, `${versions.length} publishes for 30 edits`);
    c.close(u);
  });

  it('a document broken mid-edit gets yaml-syntax, and recovers; the other documents are still checked', async () => {
    const u = uri('apps/multi.yaml');
    const good = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    owner: search\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n';
    c.open(u, good);
    const first = await c.waitForDiagnostics(u, { version: 1 });
    const v = c.replace(u, '  name: b\n', '  name: [b\n');
    const broken = await c.waitForDiagnostics(u, { version: v });
    assert.ok(codes(broken).includes('yaml-syntax'));
    // The first document is still checked (label-deprecated when that rule exists).
    assert.deepEqual(codes(broken).filter((x) => x !== 'yaml-syntax'), codes(first));
    const v2 = c.replace(u, '  name: [b\n', '  name: b\n');
    const shape = (ds: Diagnostic[]) => ds.map((d) => [d.code, d.message, d.range]);
    assert.deepEqual(shape(await c.waitForDiagnostics(u, { version: v2 })), shape(first));
    c.close(u);
  });

  it('an untitled document is checked against the folder’s taxonomy', { skip: !rules.has('label-deprecated') && 'label-deprecated not registered yet' }, async () => {
    const u = 'untitled:Untitled-1';
    c.open(u, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n    owner: search\n');
    const d = await c.waitForDiagnostics(u, { version: 1 });
    assert.deepEqual(codes(d), ['label-deprecated']);
    const n = c.publishCount(u);
    c.close(u);
    assert.deepEqual(await c.waitForDiagnostics(u, { after: n }), []);
  });

  it('a file created on disk joins the workspace; deleted, its diagnostics go', async () => {
    const file = path.join(dir, 'apps/new.yaml');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [x\n');
    c.filesChanged([{ uri: fileUri(file), type: FileChangeType.Created }]);
    assert.deepEqual(codes(await c.waitForDiagnostics(fileUri(file))), ['yaml-syntax']);
    const n = c.publishCount(fileUri(file));
    fs.rmSync(file);
    c.filesChanged([{ uri: fileUri(file), type: FileChangeType.Deleted }]);
    assert.deepEqual(await c.waitForDiagnostics(fileUri(file), { after: n }), []);
  });

  it('a deleted folder takes its files with it', async () => {
    const sub = path.join(dir, 'gone');
    fs.mkdirSync(sub);
    const file = path.join(sub, 'x.yaml');
    fs.writeFileSync(file, 'kind: [\n');
    c.filesChanged([{ uri: fileUri(file), type: FileChangeType.Created }]);
    await c.waitForDiagnostics(fileUri(file), { predicate: (d) => d.length === 1 });
    const n = c.publishCount(fileUri(file));
    fs.rmSync(sub, { recursive: true });
    c.filesChanged([{ uri: fileUri(sub), type: FileChangeType.Deleted }]);
    assert.deepEqual(await c.waitForDiagnostics(fileUri(file), { after: n }), []);
  });
});

describe('server: workspace folders', () => {
  it('a folder added later is scanned; a removed one takes its diagnostics with it', async () => {
    const a = copyFixture('basic');
    const b = copyFixture('broken-taxonomy');
    const c = await LspTestClient.start({ workspace: a });
    try {
      await c.waitForScan();
      const tax = fileUri(path.join(b, 'label-taxonomy.yaml'));
      assert.equal(c.publishCount(tax), 0);
      await c.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: fileUri(b), name: 'b' }], removed: [] } });
      assert.deepEqual(codes(await c.waitForDiagnostics(tax)), ['label-taxonomy']);
      const status = await c.waitFor(() => c.statuses.find((s) => s.folders.length === 2), 'a status with two folders');
      assert.deepEqual(status.folders.map((f) => f.taxonomy).sort(), ['default', 'label-taxonomy.yaml']);
      const n = c.publishCount(tax);
      await c.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: fileUri(b), name: 'b' }] } });
      assert.deepEqual(await c.waitForDiagnostics(tax, { after: n }), []);
    } finally {
      await c.stop();
      removeDir(a);
      removeDir(b);
    }
  });
});

describe('server: cross-file updates', () => {
  let dir: string;
  let c: LspTestClient;
  const uri = (p: string) => fileUri(path.join(dir, p));
  before(async () => {
    dir = copyFixture('basic');
    c = await LspTestClient.start({ workspace: dir });
    await c.waitForScan();
  });
  after(async () => {
    await c.stop();
    removeDir(dir);
  });

  it(
    'renaming the pods in one file makes the Service in another (closed) file dangling, and back',
    { skip: !rules.has('service-selector-dangling') && 'service-selector-dangling not registered yet' },
    async () => {
      const web = uri('apps/web.yaml');
      const svc = uri('apps/service.yaml');
      assert.ok(!codes(c.diagnostics(svc)).includes('service-selector-dangling'));
      const text = fs.readFileSync(path.join(dir, 'apps/web.yaml'), 'utf8');
      c.open(web, text);
      await c.waitForDiagnostics(web, { version: 1 });
      const v = c.setText(web, text.replaceAll('app.kubernetes.io/name: web', 'app.kubernetes.io/name: webx'));
      await c.waitForDiagnostics(web, { version: v });
      const dangling = await c.waitForDiagnostics(svc, { predicate: (d) => codes(d).includes('service-selector-dangling') });
      assert.equal(dangling.find((d) => d.code === 'service-selector-dangling')!.severity, 2);
      c.setText(web, text);
      await c.waitForDiagnostics(svc, { predicate: (d) => !codes(d).includes('service-selector-dangling') });
    },
  );

  it('a comment typed in one file does not re-publish the others', async () => {
    const web = uri('apps/web.yaml');
    const syntax = uri('syntax.yaml');
    c.open(web, fs.readFileSync(path.join(dir, 'apps/web.yaml'), 'utf8'));
    await c.waitForDiagnostics(web, { version: 1 });
    await c.waitForIdle(0);
    const n = c.publishCount(syntax);
    const statuses = c.statuses.length;
    const v = c.insert(web, 0, '# a comment\n');
    await c.waitForDiagnostics(web, { version: v });
    await c.waitForIdle(statuses);
    assert.equal(c.publishCount(syntax), n);
    c.close(web);
  });
});

describe('server: settings', () => {
  let dir: string;
  let c: LspTestClient;
  let settings: Record<string, unknown> = {};
  const uri = (p: string) => fileUri(path.join(dir, p));
  before(async () => {
    dir = copyFixture('basic');
    c = await LspTestClient.start({ workspace: dir, settings: () => settings });
    await c.waitForScan();
  });
  after(async () => {
    await c.stop();
    removeDir(dir);
  });

  it('kubeLabelLint.rules turns a rule off (and back on)', async () => {
    const u = uri('syntax.yaml');
    assert.deepEqual(codes(c.diagnostics(u)), ['yaml-syntax']);
    settings = { rules: { 'yaml-syntax': 'off' } };
    c.setSettings(settings);
    assert.deepEqual(await c.waitForDiagnostics(u, { predicate: (d) => d.length === 0 }), []);
    settings = { rules: { 'yaml-syntax': 'warning' } };
    c.setSettings(settings);
    const d = await c.waitForDiagnostics(u, { predicate: (x) => x.length === 1 });
    assert.equal(d[0].severity, 2);
  });

  it('kubeLabelLint.exclude leaves files out; enable: false silences everything', async () => {
    const u = uri('syntax.yaml');
    settings = { exclude: ['syntax.yaml'] };
    c.setSettings(settings);
    await c.waitForDiagnostics(u, { predicate: (d) => d.length === 0 });
    settings = {};
    c.setSettings(settings);
    await c.waitForDiagnostics(u, { predicate: (d) => d.length === 1 });
    settings = { enable: false };
    c.setSettings(settings);
    await c.waitForDiagnostics(u, { predicate: (d) => d.length === 0 });
    const idle = await c.waitForIdle();
    assert.equal(idle.folders[0].errors, 0);
    settings = {};
    c.setSettings(settings);
    await c.waitForDiagnostics(u, { predicate: (d) => d.length === 1 });
  });

  it('kubeLabelLint.defaultNamespace re-reads every file', { skip: !rules.has('label-required') && 'label-required not registered yet' }, async () => {
    // environment is required on Deployments in prod-* namespaces only.
    const u = uri('apps/prod.yaml');
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: p\n  labels:\n    app.kubernetes.io/name: p\n    team: search\n';
    c.open(u, text);
    const d1 = await c.waitForDiagnostics(u, { version: 1 });
    assert.ok(!d1.some((d) => d.code === 'label-required' && messageOf(d).includes('environment')));
    settings = { defaultNamespace: 'prod-eu' };
    c.setSettings(settings);
    await c.waitForDiagnostics(u, { predicate: (ds) => ds.some((d) => d.code === 'label-required' && messageOf(d).includes('environment')) });
    settings = {};
    c.setSettings(settings);
    await c.waitForDiagnostics(u, { predicate: (ds) => !ds.some((d) => d.code === 'label-required' && messageOf(d).includes('environment')) });
    c.close(u);
  });
});

describe('server: related information', { skip: !rules.has('egress-deny-blocks-dns') && 'egress-deny-blocks-dns not registered yet' }, () => {
  let dir: string;
  let c: LspTestClient;
  const uri = (p: string) => fileUri(path.join(dir, p));
  before(async () => {
    dir = copyFixture('policies');
    c = await LspTestClient.start({ workspace: dir });
    await c.waitForScan();
  });
  after(async () => {
    await c.stop();
    removeDir(dir);
  });

  const dnsFinding = () => c.diagnostics(uri('policies.yaml'))?.find((d) => d.code === 'egress-deny-blocks-dns');

  it('points into other files, and follows them when lines move there', async () => {
    const d = dnsFinding();
    assert.ok(d, `policies.yaml: ${codes(c.diagnostics(uri('policies.yaml')))}`);
    const text = fs.readFileSync(path.join(dir, 'workloads.yaml'), 'utf8');
    const lines = (t: string) => d.relatedInformation!.map((r) => [r.location.uri, r.location.range.start.line, t.split('\n')[r.location.range.start.line].trim()]);
    assert.deepEqual(lines(text), [
      [uri('workloads.yaml'), 3, 'name: web'],
      [uri('workloads.yaml'), 23, 'name: api'],
    ]);
    // A comment above them: the objects did not change, but the related positions did.
    const w = uri('workloads.yaml');
    c.open(w, text);
    await c.waitForDiagnostics(w, { version: 1 });
    const n = c.publishCount(uri('policies.yaml'));
    c.insert(w, 0, '# two\n# lines\n');
    await c.waitForDiagnostics(uri('policies.yaml'), { after: n });
    assert.deepEqual(
      dnsFinding()!.relatedInformation!.map((r) => r.location.range.start.line),
      [5, 25],
    );
    c.close(w);
  });
});
