// The taxonomy in the editor (SPEC §1, §4): found in the folder or by setting, reloaded on save
// and on disk changes, its errors shown in the file itself while the last valid one stays in
// force (also when the file is deleted and no other is found), the embedded default (and a
// visible error) at start-up when none is valid.
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileChangeType, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspTestClient, copyFixture, fileUri, messageOf, positionOf, registeredRules, removeDir } from './lspClient';

const rules = registeredRules();
const codes = (d: Diagnostic[] | undefined) => (d ?? []).map((x) => x.code);
const PLATFORM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p\n  labels:\n    team: platform\n';
const notAllowed = (d: Diagnostic[]) => codes(d).includes('label-value-not-allowed');

describe('server: taxonomy reload', { skip: !rules.has('label-value-not-allowed') && 'label-value-not-allowed not registered yet' }, () => {
  let dir: string;
  let c: LspTestClient;
  let taxonomyPath: string;
  let taxonomyText: string;
  const uri = (p: string) => fileUri(path.join(dir, p));
  beforeEach(async () => {
    dir = copyFixture('basic');
    fs.writeFileSync(path.join(dir, 'apps/platform.yaml'), PLATFORM);
    taxonomyPath = path.join(dir, 'label-taxonomy.yaml');
    taxonomyText = fs.readFileSync(taxonomyPath, 'utf8');
    c = await LspTestClient.start({ workspace: dir });
    await c.waitForScan();
    assert.ok(notAllowed(c.diagnostics(uri('apps/platform.yaml'))!), 'platform is not an allowed team yet');
  });
  afterEach(async () => {
    await c.stop();
    removeDir(dir);
  });

  it('an edited taxonomy applies on save; before that only its errors show', async () => {
    const tax = fileUri(taxonomyPath);
    c.open(tax, taxonomyText);
    const n = c.publishCount(uri('apps/platform.yaml'));
    const v = c.replace(tax, 'values: [payments, checkout, search]', 'values: [payments, checkout, search, platform]');
    assert.deepEqual(await c.waitForDiagnostics(tax, { version: v }), []);
    assert.equal(c.publishCount(uri('apps/platform.yaml')), n, 'unsaved taxonomy edits do not apply');
    fs.writeFileSync(taxonomyPath, c.text(tax));
    c.save(tax);
    const d = await c.waitForDiagnostics(uri('apps/platform.yaml'), { after: n });
    assert.ok(!notAllowed(d));
    c.close(tax);
  });

  it('a taxonomy changed on disk (file event) applies', async () => {
    fs.writeFileSync(taxonomyPath, taxonomyText.replace('values: [payments, checkout, search]', 'values: [platform]'));
    c.filesChanged([{ uri: fileUri(taxonomyPath), type: FileChangeType.Changed }]);
    await c.waitForDiagnostics(uri('apps/platform.yaml'), { predicate: (d) => !notAllowed(d) });
  });

  it('errors show in the taxonomy file as you type; the last valid taxonomy stays in force', async () => {
    const tax = fileUri(taxonomyPath);
    c.open(tax, taxonomyText);
    const v = c.replace(tax, 'unknownLabels: warn', 'unknownLabels: sometimes');
    const errors = await c.waitForDiagnostics(tax, { version: v, predicate: (d) => d.length > 0 });
    assert.equal(errors[0].code, 'label-taxonomy');
    assert.equal(errors[0].severity, 1);
    assert.equal(errors[0].source, 'kube-label-lint');
    assert.equal(errors[0].range.start.line, 2, `${messageOf(errors[0])} at ${JSON.stringify(errors[0].range)}`);
    // Saved broken: still the last valid taxonomy (platform still not allowed), and the status says so.
    fs.writeFileSync(taxonomyPath, c.text(tax));
    const statuses = c.statuses.length;
    c.save(tax);
    const status = await c.waitFor(() => c.statuses.slice(statuses).find((s) => s.folders[0]?.taxonomyError), 'a status with the taxonomy error');
    assert.equal(status.folders[0].taxonomy, 'label-taxonomy.yaml');
    assert.match(status.folders[0].taxonomyError!, /label-taxonomy\.yaml has 1 error; using the last valid version/);
    assert.ok(notAllowed(c.diagnostics(uri('apps/platform.yaml'))!));
    // Fixed: errors cleared.
    const v2 = c.replace(tax, 'unknownLabels: sometimes', 'unknownLabels: warn');
    assert.deepEqual(await c.waitForDiagnostics(tax, { version: v2 }), []);
    c.close(tax);
  });

  it('a deleted taxonomy stays in force while no other is found, and the status and the log say so', async () => {
    const platform = uri('apps/platform.yaml');
    const n = c.publishCount(platform);
    fs.rmSync(taxonomyPath);
    const statuses = c.statuses.length;
    c.filesChanged([{ uri: fileUri(taxonomyPath), type: FileChangeType.Deleted }]);
    // Settled after the event: a re-check of the folder, had there been one, is done.
    await c.settled();
    const status = await c.waitFor(() => c.statuses.slice(statuses).find((s) => s.folders[0]?.taxonomyError), 'a status with the deletion');
    assert.equal(status.folders[0].taxonomy, 'label-taxonomy.yaml');
    assert.match(status.folders[0].taxonomyError!, /^taxonomy file deleted: .*label-taxonomy\.yaml; using the last valid label-taxonomy\.yaml$/);
    assert.ok(c.logs.some((l) => /taxonomy file deleted: .*using the last valid label-taxonomy\.yaml/.test(l)), `log: ${c.logs.join('\n')}`);
    assert.equal(c.publishCount(platform), n, 'the manifests were re-checked');
    assert.ok(notAllowed(c.diagnostics(platform)!));
    // Back as it was (a branch switched back): no error, and still nothing re-published.
    fs.writeFileSync(taxonomyPath, taxonomyText);
    c.filesChanged([{ uri: fileUri(taxonomyPath), type: FileChangeType.Created }]);
    await c.settled();
    const back = c.latestStatus()!;
    assert.equal(back.folders[0].taxonomyError, undefined);
    assert.equal(back.folders[0].taxonomy, 'label-taxonomy.yaml');
    assert.equal(c.publishCount(platform), n);
  });

  it('a deleted taxonomy, then a new file with other content: the new one applies', async () => {
    fs.rmSync(taxonomyPath);
    c.filesChanged([{ uri: fileUri(taxonomyPath), type: FileChangeType.Deleted }]);
    await c.waitFor(() => c.latestStatus()?.folders[0]?.taxonomyError, 'the deletion in the status');
    fs.writeFileSync(taxonomyPath, taxonomyText.replace('values: [payments, checkout, search]', 'values: [platform]'));
    c.filesChanged([{ uri: fileUri(taxonomyPath), type: FileChangeType.Created }]);
    await c.waitForDiagnostics(uri('apps/platform.yaml'), { predicate: (d) => !notAllowed(d) });
    assert.equal(c.latestStatus()!.folders[0].taxonomyError, undefined);
  });

  it('a deleted taxonomy with another taxonomy file in the folder: that one applies', async () => {
    const platform = uri('apps/platform.yaml');
    c.open(platform, PLATFORM);
    await c.waitForDiagnostics(platform, { version: 1, predicate: notAllowed });
    const other = path.join(dir, '.label-taxonomy.yaml');
    fs.writeFileSync(other, 'version: 1\nlabels:\n  team:\n    values: [platform]\n');
    c.filesChanged([{ uri: fileUri(other), type: FileChangeType.Created }]);
    // label-taxonomy.yaml comes first: the hover still judges by it.
    const hover = await c.hover(platform, positionOf(PLATFORM, 'platform', 1));
    assert.match(JSON.stringify(hover), /`platform` is not allowed/);
    fs.rmSync(taxonomyPath);
    const statuses = c.statuses.length;
    c.filesChanged([{ uri: fileUri(taxonomyPath), type: FileChangeType.Deleted }]);
    await c.waitForDiagnostics(platform, { predicate: (d) => !notAllowed(d) });
    const status = await c.waitFor(() => c.statuses.slice(statuses).find((s) => s.folders[0]?.taxonomy === '.label-taxonomy.yaml'), 'the other file in the status');
    assert.equal(status.folders[0].taxonomyError, undefined);
    c.close(platform);
  });

  it('a broken taxonomy, then deleted: the last valid version stays, and the broken file’s errors go', async () => {
    const tax = fileUri(taxonomyPath);
    fs.writeFileSync(taxonomyPath, taxonomyText.replace('unknownLabels: warn', 'unknownLabels: sometimes').replace('[payments, checkout, search]', '[platform]'));
    c.filesChanged([{ uri: tax, type: FileChangeType.Changed }]);
    await c.waitForDiagnostics(tax, { predicate: (d) => d.length > 0 });
    await c.settled();
    assert.ok(notAllowed(c.diagnostics(uri('apps/platform.yaml'))!), 'the broken file (which allows platform) applied');
    const n = c.publishCount(tax);
    fs.rmSync(taxonomyPath);
    c.filesChanged([{ uri: tax, type: FileChangeType.Deleted }]);
    assert.deepEqual(await c.waitForDiagnostics(tax, { after: n }), []);
    const status = await c.waitFor(() => c.statuses.find((s) => /deleted/.test(s.folders[0]?.taxonomyError ?? '')), 'a status with the deletion');
    assert.equal(status.folders[0].taxonomy, 'label-taxonomy.yaml');
    await c.settled();
    assert.ok(notAllowed(c.diagnostics(uri('apps/platform.yaml'))!));
  });

  it('a deleted folder that held the taxonomy in force (one event for the folder): as if the file were deleted', async () => {
    fs.mkdirSync(path.join(dir, '.vscode'));
    fs.renameSync(taxonomyPath, path.join(dir, '.vscode/label-taxonomy.yaml'));
    c.filesChanged([
      { uri: fileUri(taxonomyPath), type: FileChangeType.Deleted },
      { uri: fileUri(path.join(dir, '.vscode/label-taxonomy.yaml')), type: FileChangeType.Created },
    ]);
    await c.settled();
    assert.equal(c.latestStatus()!.folders[0].taxonomyError, undefined);
    fs.rmSync(path.join(dir, '.vscode'), { recursive: true });
    c.filesChanged([{ uri: fileUri(path.join(dir, '.vscode')), type: FileChangeType.Deleted }]);
    await c.settled();
    assert.match(c.latestStatus()!.folders[0].taxonomyError ?? '', /^taxonomy file deleted: .*label-taxonomy\.yaml; using the last valid label-taxonomy\.yaml$/);
    assert.ok(notAllowed(c.diagnostics(uri('apps/platform.yaml'))!));
  });

  it('a deleted folder that held a file the taxonomy extends: the missing file is an error, the last valid taxonomy stays', async () => {
    fs.mkdirSync(path.join(dir, 'shared'));
    fs.writeFileSync(path.join(dir, 'shared/org.yaml'), 'version: 1\nlabels:\n  owner:\n    deprecated: true\n');
    fs.writeFileSync(taxonomyPath, `extends: [shared/org.yaml]\n${taxonomyText}`);
    c.filesChanged([{ uri: fileUri(taxonomyPath), type: FileChangeType.Changed }]);
    await c.settled();
    assert.equal(c.latestStatus()!.folders[0].taxonomyError, undefined);
    const tax = fileUri(taxonomyPath);
    const n = c.publishCount(tax);
    fs.rmSync(path.join(dir, 'shared'), { recursive: true });
    c.filesChanged([{ uri: fileUri(path.join(dir, 'shared')), type: FileChangeType.Deleted }]);
    const errors = await c.waitForDiagnostics(tax, { after: n, predicate: (d) => d.length > 0 });
    assert.match(messageOf(errors[0]), /org\.yaml/);
    await c.settled();
    assert.match(c.latestStatus()!.folders[0].taxonomyError ?? '', /label-taxonomy\.yaml has 1 error; using the last valid version/);
    assert.ok(notAllowed(c.diagnostics(uri('apps/platform.yaml'))!));
  });

  it('a file the taxonomy extends is a taxonomy file too: reloaded when it changes, never linted as a manifest', async () => {
    const org = path.join(dir, 'org-labels.yaml');
    fs.writeFileSync(org, 'version: 1\nlabels:\n  team:\n    values: [payments]\n');
    fs.writeFileSync(taxonomyPath, `extends: [org-labels.yaml]\n${taxonomyText.replace(/ {4}values: \[payments, checkout, search\]\n/, '')}`);
    c.filesChanged([{ uri: fileUri(taxonomyPath), type: FileChangeType.Changed }, { uri: fileUri(org), type: FileChangeType.Created }]);
    await c.waitForIdle();
    assert.ok(notAllowed(c.diagnostics(uri('apps/platform.yaml'))!));
    // Broken YAML in the extended file: a taxonomy error there, not yaml-syntax.
    fs.writeFileSync(org, 'version: 1\nlabels: {team: [\n');
    c.filesChanged([{ uri: fileUri(org), type: FileChangeType.Changed }]);
    const errs = await c.waitForDiagnostics(fileUri(org), { predicate: (d) => d.length > 0 });
    assert.deepEqual([...new Set(codes(errs))], ['label-taxonomy']);
    fs.writeFileSync(org, 'version: 1\nlabels:\n  team:\n    values: [platform]\n');
    c.filesChanged([{ uri: fileUri(org), type: FileChangeType.Changed }]);
    await c.waitForDiagnostics(uri('apps/platform.yaml'), { predicate: (d) => !notAllowed(d) });
    assert.deepEqual(c.diagnostics(fileUri(org)), []);
  });
});

describe('server: taxonomy at start-up', () => {
  let dir: string;
  let c: LspTestClient;
  before(async () => {
    dir = copyFixture('broken-taxonomy');
    c = await LspTestClient.start({ workspace: dir });
    await c.waitForScan();
  });
  after(async () => {
    await c.stop();
    removeDir(dir);
  });

  it('none valid: the embedded default applies, the error shows in the file and in the status', async () => {
    const tax = fileUri(path.join(dir, 'label-taxonomy.yaml'));
    const d = await c.waitForDiagnostics(tax);
    assert.deepEqual(codes(d), ['label-taxonomy']);
    assert.match(messageOf(d[0]), /unknownLabels/);
    const s = c.latestStatus()!;
    assert.equal(s.folders[0].taxonomy, 'default');
    assert.match(s.folders[0].taxonomyError!, /using the embedded default taxonomy/);
    const warning = await c.waitFor(() => c.messages.find((m) => m.type === 2), 'a warning message');
    assert.match(warning.message, /^Kube Label Lint: label-taxonomy\.yaml has 1 error; using the embedded default taxonomy/);
    // Checked against the default: `team: payments` is fine (unknownLabels: allow).
    assert.deepEqual(c.diagnostics(fileUri(path.join(dir, 'app.yaml'))) ?? [], []);
  });

  it('none valid, then deleted: the default stays, without an error', async () => {
    const tax = fileUri(path.join(dir, 'label-taxonomy.yaml'));
    const n = c.publishCount(tax);
    fs.rmSync(path.join(dir, 'label-taxonomy.yaml'));
    c.filesChanged([{ uri: tax, type: FileChangeType.Deleted }]);
    assert.deepEqual(await c.waitForDiagnostics(tax, { after: n }), []);
    const s = await c.waitFor(() => c.statuses.find((x) => !x.folders[0]?.taxonomyError), 'a status without the error');
    assert.equal(s.folders[0].taxonomy, 'default');
  });
});

describe('server: kubeLabelLint.taxonomyPath', () => {
  let dir: string;
  let c: LspTestClient;
  before(async () => {
    dir = copyFixture('basic');
    fs.mkdirSync(path.join(dir, 'config'));
    fs.writeFileSync(path.join(dir, 'config/labels.yaml'), 'version: 1\nunknownLabels: error\nlabels:\n  team: {}\n');
    c = await LspTestClient.start({ workspace: dir, settings: { taxonomyPath: 'config/labels.yaml' } });
    await c.waitForScan();
  });
  after(async () => {
    await c.stop();
    removeDir(dir);
  });

  it('wins over the files in the folder, and is not linted as a manifest', () => {
    const s = c.latestStatus()!;
    assert.equal(s.folders[0].taxonomy, 'labels.yaml');
    assert.equal(c.publishCount(fileUri(path.join(dir, 'config/labels.yaml'))), 0);
  });

  it('the folder’s label-taxonomy.yaml is still not a manifest', { skip: !rules.has('label-unknown') && 'label-unknown not registered yet' }, async () => {
    // config/labels.yaml lists only `team` (unknownLabels: error): legacy.yaml's `owner` is unknown.
    const web = c.diagnostics(fileUri(path.join(dir, 'apps/legacy.yaml'))) ?? [];
    assert.ok(codes(web).includes('label-unknown'), `legacy.yaml: ${codes(web)}`);
    assert.equal(c.publishCount(fileUri(path.join(dir, 'label-taxonomy.yaml'))), 0);
  });

  it('a path that does not exist is reported, and the last valid taxonomy stays', async () => {
    const statuses = c.statuses.length;
    c.setSettings({ taxonomyPath: 'config/missing.yaml' });
    const s = await c.waitFor(() => c.statuses.slice(statuses).find((x) => x.folders[0]?.taxonomyError), 'status with the missing taxonomy');
    assert.match(s.folders[0].taxonomyError!, /config\/missing\.yaml.*not found.*using the last valid labels\.yaml/);
    assert.equal(s.folders[0].taxonomy, 'labels.yaml');
  });
});
