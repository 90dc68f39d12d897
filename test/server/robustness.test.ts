// Nothing a document contains may crash or stall the server: alias bombs, deep nesting,
// binary-looking text, huge lines, edits to documents it never saw; requests can be cancelled.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LSPErrorCodes } from 'vscode-languageserver-protocol/node';
import { LspTestClient, copyFixture, fileUri, messageOf, positionOf, removeDir } from './lspClient';

const ALIAS_BOMB = `apiVersion: v1
kind: ConfigMap
metadata:
  name: lol
data:
  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
  h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
  i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: after-the-bomb
  labels: {owner: search}
`;

describe('server: robustness', () => {
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

  /** The server still answers requests about another file. */
  async function responsive(): Promise<void> {
    const web = uri('apps/web.yaml');
    const text = fs.readFileSync(path.join(dir, 'apps/web.yaml'), 'utf8');
    c.open(web, text);
    const h = await c.hover(web, positionOf(text, 'team:', 1));
    assert.ok(h, 'no hover answer');
    c.close(web);
  }

  it('an alias bomb gets yaml-syntax (alias expansion limit), the rest of the file is checked, and the server stays responsive', async () => {
    const u = uri('apps/bomb.yaml');
    c.open(u, ALIAS_BOMB);
    const d = await c.waitForDiagnostics(u, { version: 1 });
    const bomb = d.find((x) => x.code === 'yaml-syntax');
    assert.ok(bomb, `got ${d.map((x) => x.code)}`);
    assert.match(messageOf(bomb), /alias expansion limit/);
    // Typing in the bomb keeps working.
    const v = c.insert(u, ALIAS_BOMB.indexOf('data:'), '# edited\n');
    await c.waitForDiagnostics(u, { version: v });
    await responsive();
    // Hover and completion inside the bomb answer too.
    assert.equal(await c.hover(u, positionOf(c.text(u), '*a')), null);
    assert.ok(await c.completion(u, positionOf(c.text(u), 'lol')));
    c.close(u);
  });

  it('deep nesting, binary-looking text, a huge line and an empty file: diagnostics or none, never a crash', async () => {
    const cases: [string, string][] = [
      ['deep.yaml', `${'['.repeat(20000)}${']'.repeat(20000)}\n`],
      ['deepmap.yaml', `${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')}\n`],
      ['binary.yaml', '\u0000\u0001\u0002\uFFFD\uD800 kind: \u0007\n'],
      ['huge.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n    a: ${'x'.repeat(500_000)}\n`],
      ['empty.yaml', ''],
      ['tabs.yaml', 'kind: Pod\nmetadata:\n\tlabels:\n\t\tteam: x\n'],
      ['weird-keys.yaml', 'kind: Pod\nmetadata:\n  labels:\n    ? [a, b]\n    : c\n    1: 2\n    null: ~\n    {x: y}: z\n'],
    ];
    for (const [name, text] of cases) {
      const u = uri(`apps/${name}`);
      c.open(u, text);
      await c.waitForDiagnostics(u, { version: 1 });
      c.close(u);
    }
    await responsive();
    assert.ok(!c.exited);
  });

  it('edits and closes for documents the server never saw are ignored', async () => {
    await c.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri('apps/never-opened.yaml'), version: 7 },
      contentChanges: [{ text: 'kind: Pod' }],
    });
    await c.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri('apps/never-opened.yaml') } });
    await responsive();
  });

  it('a cancelled request answers RequestCancelled (or its result), and the next request is served', async () => {
    const u = uri('apps/web.yaml');
    const text = fs.readFileSync(path.join(dir, 'apps/web.yaml'), 'utf8');
    c.open(u, text);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => c.requestAndCancel('textDocument/hover', { textDocument: { uri: u }, position: positionOf(text, 'team:', 1) })),
    );
    for (const o of outcomes) {
      if (o.error) assert.equal(o.error.code, LSPErrorCodes.RequestCancelled);
      else assert.ok(o.result);
    }
    assert.ok(outcomes.some((o) => o.error), 'no request was cancelled');
    c.close(u);
    await responsive();
  });

  it('requests for a file that is not open answer empty', async () => {
    assert.equal(await c.hover(uri('apps/nope.yaml'), { line: 0, character: 0 }), null);
    assert.deepEqual(await c.codeLenses(uri('apps/nope.yaml')), []);
    assert.deepEqual(await c.codeActions(uri('apps/nope.yaml'), { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }), []);
  });
});
