// The `kubeLabelLint/connectivity` request: the handler on a stand-in connection (folder-relative
// files, editor locations, --focus, several folders merged), and over LSP against the built
// server once server.ts registers it (skipped until then).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver/node';
import { LineIndex, parseManifestFile, WorkspaceIndex } from '../../engine/src/index';
import { CONNECTIVITY_REQUEST, registerConnectivityRequest, type ConnectivityResult, type ConnectivityScope } from '../../server/src/connectivityRequest';
import { LspTestClient, fileUri, removeDir } from './lspClient';

const REPO = path.resolve(__dirname, '../../..');
const EXAMPLES = path.join(REPO, 'examples');

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : /\.ya?ml$/.test(d.name) && !/taxonomy/.test(d.name) ? [path.join(dir, d.name)] : []));
}

/** A folder as the server keeps it (keys are paths), plus the lookup the server offers. */
function folder(dir: string, lines: Map<string, LineIndex>): ConnectivityScope {
  const index = new WorkspaceIndex();
  for (const f of walk(dir)) {
    const parsed = parseManifestFile(f, fs.readFileSync(f, 'utf8'));
    index.setFile(f, parsed.documents.flatMap((d) => d.objects));
    lines.set(f, parsed.lines);
  }
  return { folderUri: pathToFileURL(dir).href, folderPath: dir, index };
}

type Handler = (params: unknown, token: { isCancellationRequested: boolean }) => Promise<ConnectivityResult>;

function register(scopes: ConnectivityScope[], lines: Map<string, LineIndex>): Handler {
  let handler: Handler | undefined;
  const connection = {
    onRequest(method: string, h: Handler) {
      assert.equal(method, CONNECTIVITY_REQUEST);
      handler = h;
      return { dispose() {} };
    },
  } as unknown as Connection;
  registerConnectivityRequest(connection, () => scopes, (key) => {
    const l = lines.get(key);
    return l ? { uri: pathToFileURL(key).href, lines: l } : undefined;
  });
  assert.ok(handler);
  return handler;
}

const token = { isCancellationRequested: false };

describe('server: connectivity request', () => {
  it('answers with the model, files relative to the folder, and editor locations', async () => {
    const lines = new Map<string, LineIndex>();
    const handler = register([folder(EXAMPLES, lines)], lines);
    const result = await handler({}, token);
    assert.equal(result.empty, false);
    assert.deepEqual(result.folders, [pathToFileURL(EXAMPLES).href]);
    const frontend = result.nodes.find((n) => n.id === 'shop/frontend')!;
    assert.equal(frontend.location?.uri, pathToFileURL(path.join(EXAMPLES, 'shop', 'frontend.yaml')).href);
    assert.equal(frontend.location?.range.start.line, 3); // `  name: frontend`
    const dns = result.edges.find((e) => e.from === 'shop/cart' && e.to === 'kube-dns')!;
    assert.deepEqual(
      dns.decidedBy.map((d) => [d.policy, d.file, d.line, d.direction, d.kind, d.location?.range.start.line]),
      [['shop/allow-dns', 'shop/policies.yaml', 20, 'egress', 'NetworkPolicy', 19]],
    );
    const focused = await handler({ focus: 'payments' }, token);
    assert.ok(focused.edges.length > 0 && focused.edges.length < result.edges.length);
  });

  it('merges several folders into one model, and answers an empty workspace', async () => {
    const lines = new Map<string, LineIndex>();
    const handler = register([folder(path.join(EXAMPLES, 'shop'), lines), folder(path.join(EXAMPLES, 'payments'), lines), { index: new WorkspaceIndex() }], lines);
    const result = await handler(undefined, token);
    assert.ok(result.nodes.some((n) => n.id === 'shop/cart') && result.nodes.some((n) => n.id === 'payments/ledger'));
    assert.ok(result.edges.some((e) => e.from === 'payments/payment' && e.to === 'payments/ledger'));
    assert.equal(result.edges.find((e) => e.to === 'shop/frontend' && e.from === 'outside')?.decidedBy[0].file, 'policies.yaml');

    const none = await register([{ index: new WorkspaceIndex() }], new Map())({}, token);
    assert.equal(none.empty, true);
    assert.deepEqual(
      none.nodes.map((n) => n.id),
      ['kube-dns', 'outside'],
    );
  });

  it('over LSP: the built server answers kubeLabelLint/connectivity', async (t) => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kll-connectivity-')));
    fs.cpSync(EXAMPLES, dir, { recursive: true });
    const c = await LspTestClient.start({ workspace: dir });
    try {
      await c.waitForScan();
      let result: ConnectivityResult;
      try {
        result = await c.connection.sendRequest<ConnectivityResult>(CONNECTIVITY_REQUEST, {});
      } catch (e) {
        if ((e as { code?: number }).code === -32601) return t.skip('server.ts does not register the request yet');
        throw e;
      }
      const edge = result.edges.find((e) => e.from === 'payments/payment' && e.to === 'payments/ledger');
      assert.deepEqual(edge?.ports, [{ port: 9000, protocol: 'TCP' }]);
      assert.equal(edge?.decidedBy[0].location?.uri, fileUri(path.join(dir, 'payments', 'calico-policies.yaml')));
    } finally {
      await c.stop();
      removeDir(dir);
    }
  });
});
