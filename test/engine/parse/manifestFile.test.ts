import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseManifestFile } from '../../../engine/src/parse/manifestFile';
import { applyEdits } from '../../../engine/src/fix/apply';
import type { K8sObject, LabelInsertion } from '../../../engine/src/model/object';

const fixture = (name: string) => readFileSync(path.resolve('test/fixtures/model', name), 'utf8');
const parse = (name: string, ns?: string) => parseManifestFile(name, fixture(name), { defaultNamespace: ns });
const objects = (name: string, ns?: string) => parse(name, ns).documents.flatMap((d) => d.objects);
const labelsOf = (o: K8sObject | undefined) => Object.fromEntries((o?.labels.entries ?? []).map((e) => [e.key, e.value]));
const templateLabelsOf = (o: K8sObject) => Object.fromEntries((o.podTemplate?.labels.entries ?? []).map((e) => [e.key, e.value]));

describe('parseManifestFile: workloads and pod templates', () => {
  const objs = objects('workloads.yaml');
  const table: [kind: string, name: string, templateApp: string][] = [
    ['Pod', 'pod-a', 'a'],
    ['Deployment', 'deploy-b', 'b'],
    ['StatefulSet', 'sts-c', 'c'],
    ['DaemonSet', 'ds-d', 'd'],
    ['ReplicaSet', 'rs-e', 'e'],
    ['ReplicationController', 'rc-f', 'f'],
    ['Job', 'job-g', 'g'],
    ['CronJob', 'cron-h', 'h'],
  ];
  for (const [kind, name, app] of table) {
    it(`${kind}: name and pod template labels`, () => {
      const o = objs.find((x) => x.kind === kind);
      assert.ok(o, `no ${kind}`);
      assert.equal(o.name, name);
      assert.equal(templateLabelsOf(o).app, app);
    });
  }
  it('a Pod is its own template (one label block)', () => {
    const pod = objs.find((x) => x.kind === 'Pod')!;
    assert.equal(pod.podTemplate?.labels, pod.labels);
    assert.deepEqual(pod.podTemplate?.containers[0].ports, [{ name: 'http', containerPort: 80, protocol: 'TCP', range: pod.podTemplate?.containers[0].ports[0].range }]);
  });
  it('namespace: explicit, else the default, else "default"', () => {
    assert.equal(objs.find((x) => x.kind === 'Deployment')?.namespace, 'team-b');
    assert.equal(objs.find((x) => x.kind === 'Pod')?.namespace, 'default');
    assert.equal(objects('workloads.yaml', 'apps').find((x) => x.kind === 'Pod')?.namespace, 'apps');
    assert.equal(objs.find((x) => x.kind === 'Pod')?.namespaceExplicit, false);
  });
  it('flow-style template labels keep their ranges', () => {
    const text = fixture('workloads.yaml');
    const d = objs.find((x) => x.kind === 'Deployment')!;
    const tier = d.podTemplate!.labels.entries.find((e) => e.key === 'tier')!;
    assert.equal(text.slice(tier.keyRange.start, tier.keyRange.end), 'tier');
    assert.equal(text.slice(tier.valueRange.start, tier.valueRange.end), '"web"');
  });
  it('every object lies inside its document', () => {
    const file = parse('workloads.yaml');
    assert.equal(file.documents.length, 8);
    for (const d of file.documents) for (const o of d.objects) assert.ok(o.range.start >= d.range.start && o.range.end <= d.range.end);
  });
});

describe('parseManifestFile: List, BOM/CRLF, merge keys', () => {
  it('items of a List are objects of the one document', () => {
    const objs = objects('list.yaml');
    assert.deepEqual(objs.map((o) => o.name), ['one', 'two']);
    assert.ok(objs.every((o) => o.docIndex === 0));
    assert.deepEqual(labelsOf(objs[0]), { app: 'one' });
  });
  it('BOM and CRLF: offsets point at the right text', () => {
    const file = parse('crlf-bom.yaml');
    const o = file.documents[0].objects[0];
    const e = o.labels.entries[0];
    assert.equal(file.text.slice(e.keyRange.start, e.keyRange.end), 'app');
    assert.deepEqual(file.lines.oneBased(e.keyRange.start), { line: 6, column: 5 });
    assert.equal(o.labels.insertion.kind, 'block');
    assert.equal((o.labels.insertion as { eol: string }).eol, '\r\n');
  });
  it('merge keys (<<) contribute labels, marked inherited', () => {
    const o = objects('insertion.yaml').find((x) => x.name === 'merged')!;
    assert.deepEqual(labelsOf(o), { own: 'yes-really', app: 'shared' });
    assert.equal(o.labels.entries.find((e) => e.key === 'app')?.inherited, true);
    assert.equal(o.labels.entries.find((e) => e.key === 'own')?.inherited, false);
  });
});

describe('label insertion points', () => {
  // Inserting `new: v` by hand at each point must give exactly this text.
  const render = (ins: LabelInsertion): { at: number; text: string } | undefined => {
    switch (ins.kind) {
      case 'block':
        return { at: ins.after, text: `${ins.eol}${ins.indent}new: ${ins.quote}v${ins.quote}` };
      case 'flow':
        return { at: ins.before, text: ins.empty ? 'new: v' : ', new: v' };
      case 'empty':
        return { at: ins.after, text: `${ins.eol}${ins.indent}new: v` };
      case 'create':
        return { at: ins.after, text: `${ins.eol}${ins.indent}labels:${ins.eol}${ins.indent}  new: v` };
      default:
        return undefined;
    }
  };
  const text = fixture('insertion.yaml');
  const objs = objects('insertion.yaml');
  const cases: [name: string, kind: LabelInsertion['kind'], expectedSnippet: string | undefined][] = [
    ['block', 'block', '    app: block # the app\n    team: "payments"\n    new: v\n---'],
    ['flow', 'flow', 'labels: {app: flow, new: v}'],
    ['empty-flow', 'flow', 'labels: {new: v}'],
    ['no-value', 'empty', '  labels:\n    new: v\ndata: {}'],
    ['create', 'create', '    annotations:\n      note: x\n    labels:\n      new: v\n---'],
    ['merged', 'block', '    <<: *base\n    own: yes-really\n    new: v\n'],
  ];
  for (const [name, kind, snippet] of cases) {
    it(`${name}: ${kind}`, () => {
      const o = objs.find((x) => x.name === name)!;
      assert.equal(o.labels.insertion.kind, kind);
      const edit = render(o.labels.insertion);
      if (!snippet) return assert.equal(edit, undefined);
      const out = applyEdits(text, [{ start: edit!.at, end: edit!.at, text: edit!.text }]);
      assert.ok(out.includes(snippet), `expected snippet in:\n${out}`);
      assert.equal(out.length, text.length + edit!.text.length, 'only the inserted text changed');
      const reparsed = parseManifestFile('x.yaml', out);
      assert.ok(reparsed.documents.every((d) => !d.error));
      const again = reparsed.documents.flatMap((d) => d.objects).find((x) => x.name === name)!;
      assert.equal(labelsOf(again).new, 'v');
    });
  }
});

describe('suppressions and the ignore annotation', () => {
  it('collects disable-next-line comments by line', () => {
    const file = parse('suppressions.yaml');
    assert.deepEqual([...(file.suppressions.get(8) ?? [])], ['label-syntax', 'label-deprecated']);
    assert.deepEqual([...(file.suppressions.get(10) ?? [])], ['*']);
  });
  it('reads the ignore annotation', () => {
    assert.deepEqual([...objects('suppressions.yaml')[0].ignoredRules], ['label-required', 'label-unknown']);
  });
});

describe('never throws', () => {
  const inputs: [string, string][] = [
    ['empty', ''],
    ['only comments', '# nothing\n'],
    ['scalar document', 'just text\n'],
    ['sequence document', '- a\n- b\n'],
    ['no kind', 'apiVersion: v1\nmetadata: {name: x}\n'],
    ['binary', '\u0000\u0001\u0002PNG\u0000'],
    ['tabs', 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n'],
    ['labels is a list', 'apiVersion: v1\nkind: Pod\nmetadata:\n  labels: [a, b]\n'],
    ['non-string keys', 'apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    1: one\n    ? [a]\n    : b\n'],
    ['helm template', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\n'],
  ];
  for (const [name, text] of inputs) {
    it(name, () => {
      const file = parseManifestFile('x.yaml', text);
      for (const d of file.documents) {
        if (d.error) assert.ok(d.error.start >= 0 && d.error.end <= text.length);
      }
    });
  }
  it('a Helm template is skipped with a reason', () => {
    assert.match(parseManifestFile('x.yaml', 'metadata:\n  name: {{ .Values.name }}\n  x: [\n').skipped ?? '', /template/);
  });
});
