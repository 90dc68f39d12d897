// Hand-written allow/deny tables (test/fixtures/connectivity/**/expected.txt) checked against the
// connectivity model. One line per fact:
//   corpus: <file under the recipes corpus>            a policy read in place
//   node <id>: ingress, egress | ingress | egress | -   isolation of an endpoint
//   <from> -> <to>: deny
//   <from> -> <to>: allow <ports> [by <policy>, … | by -]   [| staged: <the same, with staged policies enforced>]
// Ports as `formatPorts` writes them (`all`, `5000/TCP`, `53/TCP, 53/UDP`). A table lists every
// ordered pair the model considers, so a test fails on any pair nobody checked by hand.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CORPUS_DIR } from '../../sharedPaths';
import {
  connectivityModel,
  formatPorts,
  isEmpty,
  toPortList,
  type ConnectivityModel,
  type ConnectivityNode,
  type Verdict,
} from '../../../engine/src/connectivity/index';
import { parseManifestFile } from '../../../engine/src/parse/manifestFile';
import { WorkspaceIndex } from '../../../engine/src/workspace/index';

export const REPO = path.resolve('.');
export const FIXTURES = path.join(REPO, 'test', 'fixtures', 'connectivity');
export const RECIPES_CORPUS = path.join(CORPUS_DIR, 'ahmetb__kubernetes-network-policy-recipes', '_from-markdown');

export interface ExpectedVerdict {
  allow: boolean;
  ports?: string;
  /** undefined: not checked; [] for `by -`. */
  by?: string[];
}

export interface ExpectedPair {
  from: string;
  to: string;
  now: ExpectedVerdict;
  staged?: ExpectedVerdict;
  line: number;
}

export interface ExpectedTable {
  corpus: string[];
  nodes: Map<string, { ingress: boolean; egress: boolean }>;
  pairs: ExpectedPair[];
}

function parseVerdict(text: string, where: string): ExpectedVerdict {
  const t = text.trim();
  if (t === 'deny') return { allow: false };
  const m = /^allow (.+?)(?: by (.+))?$/.exec(t);
  if (!m) throw new Error(`${where}: cannot read verdict '${t}'`);
  const by = m[2] === undefined ? undefined : m[2].trim() === '-' ? [] : m[2].split(',').map((s) => s.trim());
  return { allow: true, ports: m[1].trim(), by };
}

export function readTable(file: string): ExpectedTable {
  const table: ExpectedTable = { corpus: [], nodes: new Map(), pairs: [] };
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.trim();
      const where = `${path.relative(REPO, file)}:${i + 1}`;
      if (!line || line.startsWith('#')) return;
      let m = /^corpus: (.+)$/.exec(line);
      if (m) return void table.corpus.push(m[1].trim());
      m = /^node (\S+): (.+)$/.exec(line);
      if (m) {
        const parts = m[2].split(',').map((s) => s.trim());
        return void table.nodes.set(m[1], { ingress: parts.includes('ingress'), egress: parts.includes('egress') });
      }
      m = /^(\S+) -> (\S+): (.+?)(?: \| staged: (.+))?$/.exec(line);
      if (!m) throw new Error(`${where}: cannot read '${line}'`);
      table.pairs.push({ from: m[1], to: m[2], now: parseVerdict(m[3], where), staged: m[4] ? parseVerdict(m[4], where) : undefined, line: i + 1 });
    });
  return table;
}

/** An index over the fixture folder's YAML files (and the corpus files the table names, in place). */
export function fixtureIndex(dir: string, corpus: readonly string[] = []): WorkspaceIndex {
  const index = new WorkspaceIndex();
  const files = [
    ...fs
      .readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => path.join(dir, f)),
    ...corpus.map((c) => path.join(RECIPES_CORPUS, c)),
  ];
  for (const f of files) {
    const parsed = parseManifestFile(f, fs.readFileSync(f, 'utf8'));
    index.setFile(f, parsed.documents.flatMap((d) => d.objects));
  }
  return index;
}

export function policyIds(v: Verdict): string[] {
  const ids = v.decidedBy.map((r) => (r.policy.global ? r.policy.obj.name : `${r.policy.namespace}/${r.policy.obj.name}`));
  return [...new Set(ids)].sort();
}

/** Every ordered pair the model considers: workloads and outside to workloads, kube-dns and outside. */
export function consideredPairs(model: ConnectivityModel): [ConnectivityNode, ConnectivityNode][] {
  const out: [ConnectivityNode, ConnectivityNode][] = [];
  for (const from of model.nodes) {
    if (from.type === 'kube-dns') continue;
    for (const to of model.nodes) {
      if (from === to || (from.type === 'outside' && to.type !== 'workload')) continue;
      out.push([from, to]);
    }
  }
  return out;
}

function checkVerdict(actual: Verdict, expected: ExpectedVerdict, label: string): void {
  assert.equal(!isEmpty(actual.allowed), expected.allow, `${label}: ${expected.allow ? 'allow' : 'deny'} expected, got ports ${formatPorts(toPortList(actual.allowed))}`);
  if (!expected.allow) return;
  assert.equal(formatPorts(toPortList(actual.allowed)), expected.ports, `${label}: ports`);
  if (expected.by) assert.deepEqual(policyIds(actual), [...expected.by].sort(), `${label}: decided by`);
}

/** Checks the model of `dir` against its expected.txt; returns the model and the table. */
export function checkTable(dir: string): { model: ConnectivityModel; table: ExpectedTable } {
  const table = readTable(path.join(dir, 'expected.txt'));
  const model = connectivityModel(fixtureIndex(dir, table.corpus));

  const workloads = model.nodes.filter((n) => n.type === 'workload').map((n) => n.id);
  assert.deepEqual(workloads, [...table.nodes.keys()].filter((id) => id !== 'kube-dns' && id !== 'outside').sort(), 'workload nodes');
  for (const [id, iso] of table.nodes) {
    const node = model.node(id);
    assert.ok(node, `node ${id}`);
    assert.deepEqual(node.isolated, iso, `isolation of ${id}`);
  }

  const listed = new Set(table.pairs.map((p) => `${p.from} -> ${p.to}`));
  assert.equal(listed.size, table.pairs.length, 'a pair is listed twice');
  const considered = consideredPairs(model).map(([a, b]) => `${a.id} -> ${b.id}`);
  assert.deepEqual([...listed].sort(), considered.sort(), 'the table lists exactly the pairs the model considers');

  const expectedEdges: string[] = [];
  for (const p of table.pairs) {
    const from = model.node(p.from)!;
    const to = model.node(p.to)!;
    const label = `${p.from} -> ${p.to} (expected.txt:${p.line})`;
    checkVerdict(model.evaluate(from, to, 'now'), p.now, label);
    if (p.staged) checkVerdict(model.evaluate(from, to, 'staged'), p.staged, `${label} staged`);
    const stagedAllow = p.staged ? p.staged.allow : p.now.allow;
    if (p.now.allow) expectedEdges.push(`${p.from} -> ${p.to}${stagedAllow ? '' : ' [newly-denied]'}`);
    else if (stagedAllow) expectedEdges.push(`${p.from} -> ${p.to} [newly-allowed]`);
  }
  const edges = model.edges.map((e) => `${e.from.id} -> ${e.to.id}${e.staged ? ` [${e.staged}]` : ''}`);
  assert.deepEqual(edges.sort(), expectedEdges.sort(), 'edges');
  assert.equal(model.hasStaged, table.pairs.some((p) => p.staged !== undefined), 'hasStaged');
  return { model, table };
}
