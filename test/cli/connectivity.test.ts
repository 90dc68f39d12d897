// `kube-label-lint connectivity` as users run it: stdout against golden files
// (test/fixtures/connectivity/golden/, rewritten with UPDATE_GOLDEN=1 — review the diff), the
// SPEC §3 JSON contract, --focus, usage errors. Inputs: examples/ and the staged-policy fixture.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, runCli } from './helpers';

const GOLDEN = path.join(REPO, 'test', 'fixtures', 'connectivity', 'golden');
const STAGED = 'test/fixtures/connectivity/calico/staged';

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.mkdirSync(GOLDEN, { recursive: true });
    fs.writeFileSync(file, actual);
  }
  if (!fs.existsSync(file)) assert.fail(`golden file ${name} is missing (run with UPDATE_GOLDEN=1 to write it)`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `differs from golden ${name}`);
}

interface Json {
  nodes: { id: string; kind: string; namespace: string; name: string; labels: Record<string, string>; isolated: { ingress: boolean; egress: boolean } }[];
  edges: { from: string; to: string; ports: 'all' | { port: number | 'all'; protocol: string }[]; decidedBy: { policy: string; file: string; line: number }[]; staged?: string }[];
}

function json(args: string[]): Json {
  const r = runCli(['connectivity', ...args, '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Json;
}

/** The SPEC §3 shape, exactly: no key more, no key less. */
function checkContract(model: Json): void {
  const ids = new Set(model.nodes.map((n) => n.id));
  for (const n of model.nodes) {
    assert.deepEqual(Object.keys(n), ['id', 'kind', 'namespace', 'name', 'labels', 'isolated']);
    assert.deepEqual(Object.keys(n.isolated), ['ingress', 'egress']);
    assert.ok(n.id === 'outside' || n.id === 'kube-dns' || n.id === `${n.namespace}/${n.name}`, n.id);
  }
  for (const e of model.edges) {
    assert.deepEqual(Object.keys(e), e.staged ? ['from', 'to', 'ports', 'decidedBy', 'staged'] : ['from', 'to', 'ports', 'decidedBy']);
    assert.ok(ids.has(e.from) && ids.has(e.to), `${e.from} -> ${e.to}`);
    assert.ok(e.ports === 'all' || (Array.isArray(e.ports) && e.ports.length > 0));
    if (e.staged) assert.ok(e.staged === 'newly-allowed' || e.staged === 'newly-denied');
    for (const d of e.decidedBy) {
      assert.deepEqual(Object.keys(d), ['policy', 'file', 'line']);
      assert.ok(fs.existsSync(path.join(REPO, d.file)), d.file);
      assert.ok(Number.isInteger(d.line) && d.line >= 1);
    }
  }
}

describe('connectivity', () => {
  const cases: [args: string[], goldenName: string][] = [
    [['examples'], 'examples.table.txt'],
    [['examples', '--format', 'json'], 'examples.json'],
    [['examples', '--format', 'dot'], 'examples.dot'],
    [['examples', '--format', 'mermaid'], 'examples.mmd'],
    [['examples', '--focus', 'payments', '--format', 'json'], 'examples.focus-payments.json'],
    [[STAGED], 'staged.table.txt'],
    [[STAGED, '--format', 'json'], 'staged.json'],
    [[STAGED, '--format', 'mermaid'], 'staged.mmd'],
  ];
  for (const [args, name] of cases) {
    it(`${args.join(' ')} prints ${name}`, () => {
      const r = runCli(['connectivity', ...args]);
      assert.equal(r.status, 0, r.stderr);
      golden(name, r.stdout);
    });
  }

  it('examples: the JSON keeps the SPEC shape and says who may talk to whom', () => {
    const model = json(['examples']);
    checkContract(model);
    const edge = (from: string, to: string) => model.edges.find((e) => e.from === from && e.to === to);
    // shop's default-deny isolates both ways; DNS is allowed by allow-dns.
    assert.deepEqual(model.nodes.find((n) => n.id === 'shop/cart')?.isolated, { ingress: true, egress: true });
    assert.deepEqual(edge('shop/cart', 'kube-dns'), {
      from: 'shop/cart',
      to: 'kube-dns',
      ports: [
        { port: 53, protocol: 'TCP' },
        { port: 53, protocol: 'UDP' },
      ],
      decidedBy: [{ policy: 'shop/allow-dns', file: 'examples/shop/policies.yaml', line: 20 }],
    });
    // The public frontend: every source, decided by frontend-allow.
    assert.equal(edge('outside', 'shop/frontend')?.ports, 'all');
    assert.deepEqual(edge('outside', 'shop/frontend')?.decidedBy.map((d) => d.policy), ['shop/frontend-allow']);
    // payment may call the ledger (Calico egress rule); the ledger is isolated by nothing.
    assert.deepEqual(edge('payments/payment', 'payments/ledger')?.ports, [{ port: 9000, protocol: 'TCP' }]);
    assert.deepEqual(edge('outside', 'payments/ledger')?.decidedBy, []);
    // payment's egress reaches only the ledger: no DNS (egress-deny-blocks-dns); frontend's egress
    // is shop's default-deny: payment's ingress rule for it is never used.
    assert.equal(edge('payments/payment', 'kube-dns'), undefined);
    assert.equal(edge('shop/frontend', 'payments/payment'), undefined);
    assert.equal(edge('shop/frontend', 'shop/cart'), undefined);
  });

  it('--focus keeps the edges that touch the namespace', () => {
    const all = json(['examples']);
    const focused = json(['examples', '--focus', 'payments']);
    checkContract(focused);
    const touches = (e: Json['edges'][number]) =>
      [e.from, e.to].some((id) => all.nodes.find((n) => n.id === id)?.namespace === 'payments');
    assert.deepEqual(focused.edges, all.edges.filter(touches));
    assert.ok(focused.edges.length > 0);
  });

  it('staged policies: newly-allowed and newly-denied edges', () => {
    const model = json([STAGED]);
    checkContract(model);
    const marks = model.edges.filter((e) => e.staged).map((e) => `${e.from} -> ${e.to}: ${e.staged}`);
    assert.deepEqual(marks.sort(), [
      'outside -> shop/frontend: newly-denied',
      'outside -> shop/legacy: newly-denied',
      'shop/cart -> shop/frontend: newly-denied',
      'shop/cart -> shop/legacy: newly-denied',
      'shop/frontend -> shop/legacy: newly-denied',
      'shop/legacy -> shop/cart: newly-allowed',
      'shop/legacy -> shop/frontend: newly-denied',
    ]);
    const added = model.edges.find((e) => e.staged === 'newly-allowed')!;
    assert.deepEqual(added.ports, [{ port: 7070, protocol: 'TCP' }]);
    assert.deepEqual(added.decidedBy, [{ policy: 'shop/cart-allow', file: `${STAGED}/manifests.yaml`, line: 68 }]);
  });

  it('prints the same bytes every time', () => {
    assert.equal(runCli(['connectivity', 'examples', '--format', 'json']).stdout, runCli(['connectivity', 'examples', '--format', 'json']).stdout);
  });

  it('exits 2 on usage errors', () => {
    for (const args of [['--format', 'svg'], ['--focus', 'Not_A_Namespace'], ['--focus'], ['--bogus'], ['no-such-folder']]) {
      const r = runCli(['connectivity', 'examples', ...args]);
      assert.equal(r.status, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^kube-label-lint: /);
    }
  });

  it('shows its help, and is listed in the main help', () => {
    const r = runCli(['connectivity', '--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^Usage: kube-label-lint connectivity/);
    assert.match(runCli(['--help']).stdout, /kube-label-lint connectivity/);
  });
});
