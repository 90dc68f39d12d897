// `kube-label-lint generate` as users run it: stdout against golden files
// (test/fixtures/generate/golden/, rewritten with UPDATE_GOLDEN=1), warnings on stderr, exit codes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CORPUS_DIR } from '../sharedPaths';
import { parseAllDocuments } from 'yaml';
import { golden } from './golden';
import { makeWorkspace, runCli } from './helpers';

const SHOP = 'test/fixtures/generate/shop';
const DEMO = path.join(CORPUS_DIR, 'GoogleCloudPlatform__microservices-demo', 'kubernetes-manifests');

describe('generate', () => {
  const cases: [args: string[], goldenName: string][] = [
    [['--for', 'shop/frontend'], 'shop-frontend.kubernetes.yaml'],
    [['--for', 'shop/catalog', '--flavor', 'kubernetes'], 'shop-catalog.kubernetes.yaml'],
    [['--for', 'shop/catalog', '--flavor', 'calico'], 'shop-catalog.calico.yaml'],
    [['--for', 'shop/catalog', '--flavor', 'calico-staged'], 'shop-catalog.calico-staged.yaml'],
    [['--for', 'data/redis'], 'data-redis.kubernetes.yaml'],
    [['--for', 'legacy'], 'legacy.kubernetes.yaml'],
    [['--for', 'data', '--flavor', 'calico'], 'data.calico.yaml'],
    [['--for', 'legacy', '--flavor', 'calico-staged'], 'legacy.calico-staged.yaml'],
  ];
  for (const [args, name] of cases) {
    it(`${args.join(' ')} prints ${name}`, () => {
      const r = runCli(['generate', SHOP, ...args]);
      assert.equal(r.stderr, '');
      assert.equal(r.status, 0);
      for (const doc of parseAllDocuments(r.stdout)) assert.deepEqual(doc.errors, []);
      golden(name, r.stdout);
    });
  }

  it('prints the same bytes every time', () => {
    const a = runCli(['generate', SHOP, '--for', 'shop/frontend', '--flavor', 'calico']);
    const b = runCli(['generate', SHOP, '--for', 'shop/frontend', '--flavor', 'calico']);
    assert.equal(a.stdout, b.stdout);
  });

  it('microservices-demo: the frontend policy, the unknown Service as a warning on stderr', { skip: fs.existsSync(DEMO) ? false : 'corpus not available' }, () => {
    const r = runCli(['generate', '.', '--for', 'default/frontend'], { cwd: DEMO });
    assert.equal(r.status, 0);
    assert.equal(
      r.stderr,
      "warning: Deployment default/frontend: env SHOPPING_ASSISTANT_SERVICE_ADDR=shoppingassistantservice:80: 'shoppingassistantservice' names no Service of the workspace; no rule generated\n",
    );
    golden('demo-frontend.kubernetes.yaml', r.stdout);
  });

  it('--namespace sets the namespace of objects that name none', { skip: fs.existsSync(DEMO) ? false : 'corpus not available' }, () => {
    const r = runCli(['generate', '.', '--for', 'shop/cartservice', '--namespace', 'shop'], { cwd: DEMO });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^ {2}name: cartservice-allow\n {2}namespace: shop$/m);
  });

  it('exits 2 for an unknown workload, naming close ones', () => {
    const r = runCli(['generate', SHOP, '--for', 'shop/catalg']);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `kube-label-lint: no workload shop/catalg in ${SHOP}; close names: shop/catalog\n`);
    const other = runCli(['generate', SHOP, '--for', 'default/redis']);
    assert.equal(other.status, 2);
    assert.match(other.stderr, /close names: data\/redis\n$/);
  });

  it('exits 2 on usage errors', () => {
    for (const args of [[], ['--for', 'a/b/c'], ['--for', 'Shop/x'], ['--for', 'shop/frontend', '--flavor', 'cilium'], ['--for']]) {
      const r = runCli(['generate', SHOP, ...args]);
      assert.equal(r.status, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^kube-label-lint: /);
    }
  });

  it('exits 1 when a workload has no label to select it by', () => {
    const dir = makeWorkspace({ 'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: bare\nspec:\n  containers: [{ name: c, image: x }]\n' });
    const r = runCli(['generate', '.', '--for', 'default/bare'], { cwd: dir });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /warning: Pod default\/bare: its pods have no label to select them by; no policy generated\n/);
  });

  it('shows its help', () => {
    const r = runCli(['generate', '--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^Usage: kube-label-lint generate/);
  });
});
