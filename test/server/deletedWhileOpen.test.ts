// Files deleted on disk while the server runs (issue #9, "language server under faults"). While a
// document is open, the editor's buffer is the file: its diagnostics stay and its objects stay in
// the index, whatever happens on disk. Once it is closed (or when it was never open), a deleted
// file leaves the workspace: its diagnostics are cleared and the files that depended on it are
// checked again. VS Code may keep a document open (no didClose) long after its last editor tab
// closed; the client then sends kubeLabelLint/editorClosed for a deleted file, with the same effect.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileChangeType, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspTestClient, copyFixture, fileUri, positionOf, removeDir } from './lspClient';

const codes = (d: Diagnostic[] | undefined) => (d ?? []).map((x) => x.code);
const dangling = (d: Diagnostic[] | undefined) => codes(d).includes('service-selector-dangling');
const deprecated = (d: Diagnostic[] | undefined) => codes(d).includes('label-deprecated');

// The `basic` fixture: apps/web.yaml holds the Deployment whose pods apps/service.yaml's Service
// selects (`app.kubernetes.io/name: web`); without it the Service selects nothing.
describe('server: a file deleted on disk', () => {
  let dir: string;
  let c: LspTestClient;
  let webPath: string;
  let webText: string;
  const uri = (p: string) => fileUri(path.join(dir, p));
  beforeEach(async () => {
    dir = copyFixture('basic');
    webPath = path.join(dir, 'apps/web.yaml');
    webText = fs.readFileSync(webPath, 'utf8');
    c = await LspTestClient.start({ workspace: dir });
    await c.waitForScan();
    assert.ok(!dangling(c.diagnostics(uri('apps/service.yaml'))), 'the Service selects the web pods at the start');
  });
  afterEach(async () => {
    await c.stop();
    removeDir(dir);
  });

  /** Deletes a file or folder on disk and tells the server, as the editor's file watcher does. */
  function deleteOnDisk(p: string): void {
    fs.rmSync(p, { recursive: true });
    c.filesChanged([{ uri: fileUri(p), type: FileChangeType.Deleted }]);
  }

  /** Opens web.yaml with a deprecated label added in the buffer (a finding the disk copy lacks). */
  async function openWebWithFinding(): Promise<string> {
    const web = uri('apps/web.yaml');
    c.open(web, webText);
    await c.waitForDiagnostics(web, { version: 1 });
    const v = c.replace(web, '    team: payments\n', '    team: payments\n    owner: checkout\n');
    assert.ok(deprecated(await c.waitForDiagnostics(web, { version: v })), 'owner is deprecated');
    return web;
  }

  it('while open: the buffer keeps its diagnostics and its objects; edits to it still count across files', async () => {
    const web = await openWebWithFinding();
    const svc = uri('apps/service.yaml');
    const before = c.publishCount(web);
    deleteOnDisk(webPath);
    // An edit after the event: once its diagnostics arrive, the server has handled the deletion.
    const v = c.insert(web, 0, '# still being edited\n');
    const d = await c.waitForDiagnostics(web, { version: v });
    assert.ok(deprecated(d), `web.yaml: ${codes(d)}`);
    await c.settled();
    for (const p of c.publishes.get(web)!.slice(before)) assert.ok(deprecated(p.diagnostics), `web.yaml was published ${JSON.stringify(codes(p.diagnostics))} after the deletion`);
    assert.ok(!dangling(c.diagnostics(svc)), 'the Service lost the pods of an open document');
    // Requests keep working on the deleted file's buffer.
    assert.ok(await c.hover(web, positionOf(c.text(web), 'team:', 1)), 'no hover on the open, deleted file');
    // The buffer still drives cross-file findings: renaming its pods makes the Service dangling.
    c.setText(web, c.text(web).replaceAll('app.kubernetes.io/name: web', 'app.kubernetes.io/name: webx'));
    await c.waitForDiagnostics(svc, { predicate: dangling });
    c.setText(web, c.text(web).replaceAll('app.kubernetes.io/name: webx', 'app.kubernetes.io/name: web'));
    await c.waitForDiagnostics(svc, { predicate: (x) => !dangling(x) });
  });

  it('closed after the deletion: its diagnostics are cleared and the files that depended on it are checked again', async () => {
    const web = await openWebWithFinding();
    const svc = uri('apps/service.yaml');
    deleteOnDisk(webPath);
    const n = c.publishCount(web);
    c.close(web);
    assert.deepEqual(await c.waitForDiagnostics(web, { after: n }), []);
    const d = await c.waitForDiagnostics(svc, { predicate: dangling });
    assert.match(JSON.stringify(d), /web/);
    // It stays gone: a later change elsewhere does not bring it back.
    const legacy = uri('apps/legacy.yaml');
    c.open(legacy, fs.readFileSync(path.join(dir, 'apps/legacy.yaml'), 'utf8'));
    await c.waitForDiagnostics(legacy, { version: 1 });
    await c.settled();
    assert.deepEqual(c.diagnostics(web), []);
    assert.ok(dangling(c.diagnostics(svc)));
  });

  it('the last editor of a deleted file closed while VS Code keeps its document open: as if closed; shown again or edited, open again', async () => {
    const web = await openWebWithFinding();
    const svc = uri('apps/service.yaml');
    deleteOnDisk(webPath);
    const n = c.publishCount(web);
    // VS Code may send didClose minutes later or never; the client says the editor closed.
    await c.connection.sendNotification('kubeLabelLint/editorClosed', { uri: web });
    assert.deepEqual(await c.waitForDiagnostics(web, { after: n }), []);
    await c.waitForDiagnostics(svc, { predicate: dangling });
    // Shown in a tab again: the buffer is a file of the workspace again.
    const r = c.publishCount(web);
    await c.connection.sendNotification('kubeLabelLint/editorReopened', { uri: web });
    assert.ok(deprecated(await c.waitForDiagnostics(web, { after: r })));
    await c.waitForDiagnostics(svc, { predicate: (x) => !dangling(x) });
    // Closed again, then edited (without a tab event): open again too.
    await c.connection.sendNotification('kubeLabelLint/editorClosed', { uri: web });
    await c.waitForDiagnostics(svc, { predicate: dangling });
    const v = c.insert(web, 0, '# back\n');
    assert.ok(deprecated(await c.waitForDiagnostics(web, { version: v })));
    await c.waitForDiagnostics(svc, { predicate: (x) => !dangling(x) });
    // The real didClose at last.
    const m = c.publishCount(web);
    c.close(web);
    assert.deepEqual(await c.waitForDiagnostics(web, { after: m }), []);
    await c.waitForDiagnostics(svc, { predicate: dangling });
  });

  it('a didClose after the editor-closed notification changes nothing more', async () => {
    const web = await openWebWithFinding();
    deleteOnDisk(webPath);
    await c.connection.sendNotification('kubeLabelLint/editorClosed', { uri: web });
    await c.settled();
    const n = c.publishCount(web);
    c.close(web);
    await c.settled();
    assert.equal(c.publishCount(web), n);
    assert.deepEqual(c.diagnostics(web), []);
    assert.ok(dangling(c.diagnostics(uri('apps/service.yaml'))));
  });

  it('deleted while open, written again on disk, then closed: the disk copy is checked', async () => {
    const web = await openWebWithFinding();
    deleteOnDisk(webPath);
    fs.writeFileSync(webPath, webText.replace('    team: payments\n', '    team: platform\n'));
    c.filesChanged([{ uri: fileUri(webPath), type: FileChangeType.Created }]);
    const n = c.publishCount(web);
    c.close(web);
    const d = await c.waitForDiagnostics(web, { after: n });
    assert.ok(!deprecated(d), 'the buffer’s edit is gone with the buffer');
    assert.ok(codes(d).includes('label-value-not-allowed'), `web.yaml from disk: ${codes(d)}`);
    assert.ok(!dangling(c.diagnostics(uri('apps/service.yaml'))));
  });

  it('a closed file deleted: its diagnostics are cleared and its dependants checked again', async () => {
    const legacy = uri('apps/legacy.yaml');
    assert.ok(deprecated(c.diagnostics(legacy)), `legacy.yaml: ${codes(c.diagnostics(legacy))}`);
    const n = c.publishCount(legacy);
    deleteOnDisk(path.join(dir, 'apps/legacy.yaml'));
    assert.deepEqual(await c.waitForDiagnostics(legacy, { after: n }), []);
    deleteOnDisk(webPath);
    await c.waitForDiagnostics(uri('apps/service.yaml'), { predicate: dangling });
  });

  it('a deleted folder with an open file in it: the open file stays until it is closed', async () => {
    const web = await openWebWithFinding();
    const legacy = uri('apps/legacy.yaml');
    const svc = uri('apps/service.yaml');
    const n = c.publishCount(legacy);
    deleteOnDisk(path.join(dir, 'apps'));
    // The closed files of the folder go (the Service with them); the open one stays.
    assert.deepEqual(await c.waitForDiagnostics(legacy, { after: n }), []);
    await c.settled();
    assert.ok(deprecated(c.diagnostics(web)), `web.yaml: ${codes(c.diagnostics(web))}`);
    const m = c.publishCount(web);
    c.close(web);
    assert.deepEqual(await c.waitForDiagnostics(web, { after: m }), []);
    await c.settled();
    assert.deepEqual(c.diagnostics(svc) ?? [], []);
  });
});
