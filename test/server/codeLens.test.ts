// Code lenses over LSP: on a policy, the workloads it selects; on a workload, the policies that
// isolate it. Needs the engine's policy model (engine/src/policy).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeLens, Location } from 'vscode-languageserver-protocol/node';
import { LspTestClient, REPO_ROOT, copyFixture, fileUri, removeDir } from './lspClient';

const hasPolicyModel = fs.existsSync(path.join(REPO_ROOT, 'engine/src/policy'));

describe('server: code lenses', { skip: !hasPolicyModel && 'engine/src/policy not there yet' }, () => {
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

  async function lenses(file: string): Promise<{ line: number; title: string; targets: string[] }[]> {
    const u = uri(file);
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    c.open(u, text);
    const result: CodeLens[] = (await c.codeLenses(u)) ?? [];
    c.close(u);
    return result.map((l) => {
      const locations = (l.command?.arguments?.[2] ?? []) as Location[];
      const targets = locations.map((loc) => {
        const t = fs.readFileSync(new URL(loc.uri), 'utf8').split('\n')[loc.range.start.line];
        return t.slice(loc.range.start.character, loc.range.end.character);
      });
      return { line: l.range.start.line, title: l.command!.title, targets };
    });
  }

  it('a policy shows the workloads it selects, and peeks them', async () => {
    const got = await lenses('policies.yaml');
    assert.deepEqual(
      got.map((l) => [l.title, l.targets.sort()]),
      [
        ['selects 2 workloads', ['api', 'web']],
        ['selects 1 workload', ['web']],
        ['selects 1 workload', ['api']],
        ['selects 0 workloads', []],
      ],
    );
  });

  it('a workload shows the policies that isolate it, or that none does', async () => {
    const got = await lenses('workloads.yaml');
    assert.deepEqual(
      got.map((l) => l.title),
      ['isolated by: default-deny, allow-web', 'isolated by: default-deny, api-ingress', 'not isolated (ingress/egress)'],
    );
    assert.equal(got[0].line, 0);
  });

  it('lenses refresh when another file changes the picture', async () => {
    const before = c.codeLensRefreshes;
    const u = uri('policies.yaml');
    c.open(u, fs.readFileSync(path.join(dir, 'policies.yaml'), 'utf8'));
    const v = c.replace(u, 'podSelector: {}', 'podSelector: {matchLabels: {app.kubernetes.io/name: web}}');
    await c.waitForDiagnostics(u, { version: v });
    await c.waitFor(() => c.codeLensRefreshes > before || undefined, 'a code lens refresh');
    c.close(u);
  });
});
