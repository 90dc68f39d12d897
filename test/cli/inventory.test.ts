// `kube-label-lint inventory` as users run it: table, JSON and drafted taxonomy against golden
// files (test/fixtures/generate/golden/, rewritten with UPDATE_GOLDEN=1), exit codes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadTaxonomy } from '../../engine/src/taxonomy/load';
import { golden } from './golden';
import { makeWorkspace, runCli } from './helpers';

const SHOP = 'test/fixtures/generate/shop';

describe('inventory', () => {
  it('prints a table of keys, values, counts and locations', () => {
    const r = runCli(['inventory', SHOP]);
    assert.equal(r.status, 0);
    assert.equal(r.stderr, '');
    golden('shop.inventory.txt', r.stdout);
  });

  it('--format json lists every use with file and line', () => {
    const r = runCli(['inventory', SHOP, '--format', 'json']);
    assert.equal(r.status, 0);
    const data = JSON.parse(r.stdout);
    assert.equal(data.workloads, 7);
    const team = data.keys.find((k: { key: string }) => k.key === 'team');
    // storefront: Namespace shop, its 2 policies, frontend/catalog/cart metadata and template.
    assert.deepEqual(team.values.map((v: { value: string; count: number }) => `${v.value}:${v.count}`), ['data:9', 'storefront:9', 'platform:3']);
    const where = team.values[1].where as { file: string; line: number; kind: string; name: string; in: string }[];
    assert.deepEqual(where[0], { file: `${SHOP}/cart.yaml`, line: 8, kind: 'Deployment', namespace: 'shop', name: 'cart', in: 'metadata' });
    for (const w of where) assert.equal(fs.readFileSync(w.file, 'utf8').split('\n')[w.line - 1].trim(), 'team: storefront', `${w.file}:${w.line}`);
    assert.deepEqual(where.map((w) => `${w.kind}/${w.name} ${w.in}`).sort(), [
      'Deployment/cart metadata', 'Deployment/cart template', 'Deployment/catalog metadata', 'Deployment/catalog template',
      'Deployment/frontend metadata', 'Deployment/frontend template', 'Namespace/shop metadata', 'NetworkPolicy/allow-dns metadata', 'NetworkPolicy/default-deny metadata',
    ]);
    golden('shop.inventory.json', r.stdout);
  });

  it('--format taxonomy drafts a taxonomy that loads', () => {
    const r = runCli(['inventory', SHOP, '--format', 'taxonomy']);
    assert.equal(r.status, 0);
    const loaded = loadTaxonomy('/draft/label-taxonomy.yaml', r.stdout, () => undefined);
    assert.deepEqual(loaded.errors, []);
    golden('shop.taxonomy.yaml', r.stdout);
  });

  it('the drafted taxonomy, used as the workspace taxonomy, finds no unknown or missing label', () => {
    const dir = makeWorkspace({});
    fs.cpSync(SHOP, dir, { recursive: true });
    fs.rmSync(path.join(dir, 'label-taxonomy.yaml'));
    const draft = runCli(['inventory', '.', '--format', 'taxonomy'], { cwd: dir });
    fs.writeFileSync(path.join(dir, 'label-taxonomy.yaml'), draft.stdout);
    const lint = runCli(['.', '--format', 'json'], { cwd: dir });
    const rows = JSON.parse(lint.stdout) as { ruleId: string }[];
    assert.deepEqual(rows.filter((row) => row.ruleId.startsWith('label-')), []);
  });

  it('says so when no label is in use', () => {
    const dir = makeWorkspace({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' });
    const r = runCli(['inventory', '.'], { cwd: dir });
    assert.equal(r.status, 0);
    assert.equal(r.stdout, 'no labels in use (1 object)\n');
  });

  it('exits 2 on a bad format', () => {
    const r = runCli(['inventory', SHOP, '--format', 'csv']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /invalid value 'csv' for '--format'/);
  });
});
