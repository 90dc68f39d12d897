// Objects after an edit are moved lazily (`engine/src/parse/movedObject.ts`): their ranges,
// label blocks and pod template shifted when read, their YAML trees when first read, and the
// per-object caches that hold offsets (`model/objectCache.ts`) moved when read, by the sum of
// the edits since they were filled. Here several edits happen before anything is read, and
// everything read afterwards must equal a fresh parse of the final text.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isCollection, isNode, isPair } from 'yaml';
import { parseManifestFile, type ManifestFile } from '../../../engine/src/parse/manifestFile';
import { updateManifestFile } from '../../../engine/src/parse/incremental';
import { dataOf } from '../../../engine/src/parse/movedObject';
import { compactObjects } from '../../../engine/src/workspace/compact';
import type { K8sObject } from '../../../engine/src/model/object';
import { policyOf } from '../../../engine/src/policy/parse';
import { serviceSpec } from '../../../engine/src/policy/selection';
import { REPO_ROOT } from '../../sharedPaths';

const URI = 'file:///work/all.yaml';
const OPTIONS = { defaultNamespace: 'team-a' };

const TEXT = readFileSync(path.join(REPO_ROOT, 'test/fixtures/incremental/moved-objects.yaml'), 'utf8');

const objects = (file: ManifestFile): K8sObject[] => file.documents.flatMap((d) => d.objects);

/** Plain JSON of a value (Maps and Sets as arrays), without the object a policy points to. */
const plain = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value ?? null, (key, v) => (key === 'obj' ? undefined : v instanceof Map ? [...v] : v instanceof Set ? [...v] : v)));

function nodeRanges(obj: K8sObject): unknown[] {
  const out: unknown[] = [];
  const walk = (n: unknown): void => {
    if (!isNode(n)) return;
    out.push(n.range);
    if (isCollection(n)) for (const it of n.items) isPair(it) ? (walk(it.key), walk(it.value)) : walk(it);
  };
  walk(obj.node);
  return out;
}

/** The final text after `edits` (offset, inserted, deleted count) applied in turn, each parsed incrementally. */
function editInFirstDocument(text: string, edits: [at: number, insert: string, remove: number][], afterEdit?: (file: ManifestFile, i: number) => void): ManifestFile {
  let current = parseManifestFile(URI, text, OPTIONS);
  // Caches with offsets filled before the edits: the moves carry them along unread.
  for (const o of objects(current)) {
    policyOf(o);
    if (o.kind === 'Service') serviceSpec(o);
  }
  edits.forEach(([at, insert, remove], i) => {
    const next = current.text.slice(0, at) + insert + current.text.slice(at + remove);
    const result = updateManifestFile(URI, next, current, OPTIONS);
    assert.equal(result.reparsed, 0, 'the edit re-parses the first document only');
    current = result.file;
    afterEdit?.(current, i);
  });
  return current;
}

const AT = TEXT.indexOf('mode: fast') + 'mode: '.length;
const EDITS: [number, string, number][] = [
  [AT, 'very', 0],
  [AT, 'x', 0],
  [AT + 1, '', 3],
  [AT, 'abcdefgh', 0],
];

describe('objects moved by edits earlier in the file', () => {
  it('moved four times before anything is read: caches, data and trees equal a fresh parse', () => {
    const file = editInFirstDocument(TEXT, EDITS);
    const fresh = parseManifestFile(URI, file.text, OPTIONS);
    const moved = objects(file);
    const expected = objects(fresh);
    assert.equal(moved.length, expected.length);
    moved.forEach((obj, k) => {
      // Caches first: moved without the tree.
      const policy = policyOf(obj);
      assert.deepStrictEqual(plain(policy), plain(policyOf(expected[k])), `policy of object ${k}`);
      if (policy) assert.equal(policy.obj, obj);
      if (obj.kind === 'Service') assert.deepStrictEqual(plain(serviceSpec(obj)), plain(serviceSpec(expected[k])), `Service ${k}`);
      assert.deepStrictEqual(plain(dataOf(obj)), plain(dataOf(expected[k])), `data of object ${k}`);
      assert.deepStrictEqual(nodeRanges(obj), nodeRanges(expected[k]), `tree of object ${k}`);
    });
    assert.deepStrictEqual(plain(file.documents.map((d) => d.range)), plain(fresh.documents.map((d) => d.range)));
  });

  it('a policy read between edits (its rules not) and moved again equals a fresh one, its peers among its selectors', () => {
    const file = editInFirstDocument(TEXT, EDITS, (current, i) => {
      if (i === 1) for (const o of objects(current)) policyOf(o)?.selectors;
    });
    const fresh = parseManifestFile(URI, file.text, OPTIONS);
    const policy = policyOf(objects(file).find((o) => o.kind === 'NetworkPolicy')!)!;
    const expected = policyOf(objects(fresh).find((o) => o.kind === 'NetworkPolicy')!)!;
    assert.deepStrictEqual(plain(policy), plain(expected));
    const peerRefs = (p: typeof policy) => p.ingress.flatMap((r) => r.peers ?? []).map((peer) => p.selectors.includes(peer.pods!));
    assert.deepStrictEqual(peerRefs(policy), peerRefs(expected));
    assert.ok(peerRefs(expected).every(Boolean));
  });

  it('keeps the sharing of a plain object: a Pod template labels are its labels, a missing name is the kind', () => {
    const file = editInFirstDocument(TEXT, EDITS);
    const pod = objects(file).find((o) => o.kind === 'Pod')!;
    assert.equal(pod.podTemplate!.labels, pod.labels);
    const nameless = objects(file).find((o) => o.kind === 'Deployment')!;
    assert.equal(nameless.nameRange, nameless.kindRange);
    assert.notEqual(nameless.podTemplate!.labels, nameless.labels);
    for (const d of file.documents) for (const o of d.objects) assert.equal(o.docRange, d.range);
  });

  it('reads as a plain object: JSON, and the compact objects of a closed file', () => {
    const file = editInFirstDocument(TEXT, EDITS);
    const fresh = parseManifestFile(URI, file.text, OPTIONS);
    const json = (f: ManifestFile) => plain(f.documents.map((d) => d.objects.map((o) => ({ ...dataOf(o), node: nodeRanges(o) }))));
    assert.deepStrictEqual(JSON.parse(JSON.stringify(plain(objects(file)))), JSON.parse(JSON.stringify(plain(objects(fresh)))));
    compactObjects(file, () => parseManifestFile(URI, file.text, OPTIONS), () => undefined);
    compactObjects(fresh, () => parseManifestFile(URI, fresh.text, OPTIONS), () => undefined);
    assert.deepStrictEqual(json(file), json(fresh));
  });
});
