'use strict';
// The extension under test is the packaged one, it is active and its server checks the whole
// workspace, closed files included.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const h = require('./helpers');

describe('extension', () => {
  it('is the packaged extension (the unpacked .vsix), and it is active', function () {
    const ext = h.extension();
    assert.ok(ext.isActive, 'not active');
    const dir = ext.extensionUri.fsPath;
    const expected = process.env.KLL_E2E_EXPECT_EXTENSION;
    if (expected) assert.strictEqual(path.resolve(dir), path.resolve(expected), 'loaded from another folder than the unpacked .vsix');
    if (expected || process.env.KLL_E2E_PACKAGED === '1') {
      // A .vsix holds the bundles, never the sources.
      for (const src of ['client/src', 'server/src', 'engine', 'node_modules', 'tsconfig.json']) {
        assert.ok(!fs.existsSync(path.join(dir, src)), `${src} is in the packaged extension`);
      }
    }
    for (const f of [h.manifest().main, 'server/out/server.js']) {
      assert.ok(fs.existsSync(path.resolve(dir, f)), `${f} is missing from ${dir}`);
    }
  });

  it('starts the server with a code cache in the extension’s global storage, saved after the scan', async function () {
    if (process.platform !== 'linux') return this.skip(); // the server's arguments are read from /proc
    const [pid] = await h.waitFor(() => {
      const pids = h.serverPids();
      return pids.length === 1 ? pids : undefined;
    }, { what: 'one kube-label-lint server process', explain: () => JSON.stringify(h.serverPids()) });
    const arg = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').find((a) => a.startsWith('--code-cache-dir='));
    assert.ok(arg, 'the client starts the server without --code-cache-dir');
    const dir = arg.slice('--code-cache-dir='.length);
    assert.match(dir, /globalStorage[\\/]kube-label-lint\.kube-label-lint[\\/]code-cache$/);
    await h.waitFor(() => fs.existsSync(dir) && fs.readdirSync(dir).some((f) => /^server-.*\.cache$/.test(f)), {
      what: `a code cache in ${dir}`,
      explain: () => (fs.existsSync(dir) ? fs.readdirSync(dir).join(', ') || 'empty' : 'no folder'),
    });
  });

  it('publishes findings for files that are not open', function () {
    const uri = h.wsUri('shop/catalog.yaml');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'catalog.yaml is open');
    return h.waitForFinding(uri, 'label-deprecated');
  });
});
