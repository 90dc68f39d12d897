// The language server re-parses only the document an edit touches: edits in the middle document
// of a large multi-document file (typing, a new label line, a `---` typed and deleted, a deleted
// block) must end with the same diagnostics as a fresh server that opens the final text.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspTestClient, copyFixture, fileUri, positionAt, removeDir } from './lspClient';

/** What a user sees of the diagnostics, with the folder's path taken out of related locations. */
function shape(ds: Diagnostic[], dir: string): unknown {
  return JSON.parse(
    JSON.stringify(ds.map((d) => ({ code: d.code, severity: d.severity, message: d.message, range: d.range, related: d.relatedInformation ?? [] }))).split(fileUri(dir)).join('<dir>'),
  );
}

describe('server: incremental re-parse of a large multi-document file', () => {
  let dir: string;
  let c: LspTestClient;
  const fresh: string[] = [];
  let u: string;
  before(async () => {
    dir = copyFixture('incremental');
    u = fileUri(path.join(dir, 'all.yaml'));
    c = await LspTestClient.start({ workspace: dir });
    await c.waitForScan();
    c.open(u, fs.readFileSync(path.join(dir, 'all.yaml'), 'utf8'));
    await c.waitForDiagnostics(u, { version: 1 });
  });
  after(async () => {
    await c.stop();
    removeDir(dir);
    for (const d of fresh) removeDir(d);
  });

  /** The diagnostics a new server publishes for the text opened fresh. */
  async function freshDiagnostics(text: string): Promise<unknown> {
    const other = copyFixture('incremental');
    fresh.push(other);
    fs.writeFileSync(path.join(other, 'all.yaml'), text);
    const s = await LspTestClient.start({ workspace: other });
    try {
      await s.waitForScan();
      const uri = fileUri(path.join(other, 'all.yaml'));
      s.open(uri, text);
      return shape(await s.waitForDiagnostics(uri, { version: 1 }), other);
    } finally {
      await s.stop();
    }
  }

  it('edits in the middle document end with the diagnostics of a fresh open', async () => {
    const text = () => c.text(u);
    const middle = () => text().indexOf('\n---', text().length >> 1) + 1;
    // A label value typed character by character (a burst, then one by one).
    let at = text().indexOf('tier: ', middle()) + 'tier: '.length;
    let v = 0;
    for (const ch of 'xyz') v = c.insert(u, at++, ch);
    await c.waitForDiagnostics(u, { version: v });
    for (const ch of '-1') {
      v = c.insert(u, at++, ch);
      await c.waitForDiagnostics(u, { version: v });
    }
    // A new label line with a key the taxonomy does not know, then a deprecated-looking one.
    const lineEnd = text().indexOf('\n', at);
    v = c.insert(u, lineEnd, '\n    Bad Key: yes');
    await c.waitForDiagnostics(u, { version: v });
    // A document marker typed in the middle document (splits it), then deleted again.
    const split = text().indexOf('\nspec:', middle()) + 1;
    [...'---\n'].forEach((ch, i) => (v = c.insert(u, split + i, ch)));
    await c.waitForDiagnostics(u, { version: v });
    const marker = text().indexOf('---\nspec:', middle());
    v = c.edit(u, { range: rangeOf(text(), marker, marker + 4), text: '' });
    await c.waitForDiagnostics(u, { version: v });
    // The pod template label a Service and a NetworkPolicy of other documents select, renamed:
    // their findings change although their documents were not edited.
    const deployment = text().indexOf('kind: Deployment', middle());
    const template = text().indexOf('template:', deployment);
    const name = text().indexOf('app.kubernetes.io/name: ', template) + 'app.kubernetes.io/name: '.length;
    v = c.insert(u, text().indexOf('\n', name), '-renamed');
    const renamed = await c.waitForDiagnostics(u, { version: v });
    assert.ok(renamed.some((d) => d.code === 'service-selector-dangling'), 'the Service of the renamed pods dangles');
    // A multi-line block deleted inside the document after the middle one.
    const next = text().indexOf('\n---', middle() + 4) + 1;
    const blockStart = text().indexOf('\n', next + 4) + 1;
    const blockEnd = text().indexOf('\n', text().indexOf('\n', blockStart) + 1) + 1;
    v = c.edit(u, { range: rangeOf(text(), blockStart, blockEnd), text: '' });
    const final = await c.waitForDiagnostics(u, { version: v });
    assert.ok(final.length > 0, 'the file has findings to compare');
    assert.deepStrictEqual(shape(final, dir), await freshDiagnostics(text()));
  });
});

function rangeOf(text: string, start: number, end: number) {
  return { start: positionAt(text, start), end: positionAt(text, end) };
}
