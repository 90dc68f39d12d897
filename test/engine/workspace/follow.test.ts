// The policy lookups follow an edit the index readers do not see (`WorkspaceIndex.derive`'s
// follow, `policy/follow.ts`) instead of being built again: one index kept over many edits, the
// objects put in with `sameViewOf`, must give every finding a fresh index gives, and the same
// answers from the lookups themselves (pods, policies and objects the current ones).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseManifestFile, type ManifestFile } from '../../../engine/src/parse/manifestFile';
import { sameViewOf, updateManifestFile } from '../../../engine/src/parse/incremental';
import { WorkspaceIndex } from '../../../engine/src/workspace/index';
import { analyzeFile } from '../../../engine/src/analyze';
import { loadTaxonomy } from '../../../engine/src/taxonomy/load';
import { policyAnalysis } from '../../../engine/src/policy/analysis';
import { policyWorkspace } from '../../../engine/src/policy/workspace';
import { followedOf } from '../../../engine/src/policy/follow';
import { policyOf } from '../../../engine/src/policy/parse';
import type { K8sObject } from '../../../engine/src/model/object';
import { seededPicks } from '../../seededRandom';

const DIR = path.resolve('test/fixtures/incremental');
const read = (name: string) => readFileSync(path.join(DIR, name), 'utf8');
const taxonomy = loadTaxonomy(path.join(DIR, 'label-taxonomy.yaml'), read('label-taxonomy.yaml'), () => undefined).taxonomy!;
const URI = 'file:///work/all.yaml';
const OTHER = 'file:///work/other.yaml';
const OPTIONS = { defaultNamespace: 'team-a' };

const objectsOf = (file: ManifestFile): K8sObject[] => file.documents.flatMap((d) => d.objects);

/** Where typing is not seen by the index readers: a workload's own `metadata.labels` values. */
function unseenPlaces(file: ManifestFile): number[] {
  return objectsOf(file)
    .filter((o) => o.podTemplate && o.podTemplate.labels !== o.labels && o.labels.mapRange)
    .flatMap((o) => o.labels.entries.map((e) => e.valueRange.end));
}

/** What the lookups answer about every object, by names and offsets (no identities). */
function answers(index: WorkspaceIndex, objects: readonly K8sObject[]): unknown {
  const analysis = policyAnalysis(index);
  const ws = policyWorkspace(index);
  const where = (o: K8sObject | undefined) => o && `${o.kind}/${o.name}@${o.nameRange.start}`;
  return objects.map((obj) => {
    const pod = ws.podOf(obj);
    const policy = policyOf(obj);
    return {
      obj: where(obj),
      pod: pod && { obj: where(pod.obj), same: pod.obj === obj, containers: pod.containers.map((c) => c.range), dns: analysis.reachesDns(pod) },
      isolatedBy: pod && (['ingress', 'egress'] as const).map((d) => analysis.isolatedBy(pod, d).map((p) => [where(p.obj), p.obj === objects.find((o) => o === p.obj), p === policyOf(p.obj)])),
      selected: policy && analysis.selected(policy).map((p) => [where(p.obj), p === ws.podOf(p.obj!)]),
      service: obj.kind === 'Service' ? ws.service(obj.namespace, obj.name) === obj : undefined,
      policies: ws.policies.map((p) => where(p.obj)),
      pods: ws.pods.map((p) => p === ws.podOf(p.obj!)),
      namespaces: ws.namespaces().map((n) => [n.name, where(n.obj)]),
      defaultDeny: analysis.hasDefaultDeny(obj.namespace),
    };
  });
}

function run(name: string, seed: number, edits: number): number {
  const pick = seededPicks(seed);
  let current = parseManifestFile(URI, read(name), OPTIONS);
  const index = new WorkspaceIndex();
  const other = parseManifestFile(OTHER, read('bookinfo.yaml'), OPTIONS);
  index.setFile(OTHER, objectsOf(other));
  index.setFile(URI, objectsOf(current));
  let followed = 0;
  for (let i = 0; i < edits; i++) {
    const text = current.text;
    const places = unseenPlaces(current);
    let next: string;
    const roll = pick(10);
    if (roll < 7 && places.length > 0) {
      const at = places[pick(places.length)];
      next = pick(4) === 0 ? text.slice(0, at - 1) + text.slice(at) : text.slice(0, at) + 'xyz'[pick(3)] + text.slice(at);
    } else {
      // Anywhere: most of these change what the index readers see (and the lookups are built again).
      const at = pick(text.length);
      next = text.slice(0, at) + 'a:-#\n '[pick(6)] + text.slice(at);
    }
    const result = updateManifestFile(URI, next, current, OPTIONS);
    current = result.file;
    // Now and then the other file is put in again (its objects unchanged, a new version).
    if (pick(10) === 0) index.setFile(OTHER, objectsOf(other));
    index.setFile(URI, objectsOf(current), sameViewOf(current));
    const fresh = parseManifestFile(URI, next, OPTIONS);
    const freshIndex = new WorkspaceIndex();
    freshIndex.setFile(OTHER, objectsOf(parseManifestFile(OTHER, read('bookinfo.yaml'), OPTIONS)));
    freshIndex.setFile(URI, objectsOf(fresh));
    const context = `${name}, seed ${seed}, edit ${i}`;
    // Every other edit, nothing is asked between two edits: the lookups follow two updates at once.
    if (i % 2 === 1) continue;
    assert.deepStrictEqual(analyzeFile(current, { taxonomy, index }), analyzeFile(fresh, { taxonomy, index: freshIndex }), context);
    if (followedOf(policyWorkspace(index))) followed++;
    assert.deepStrictEqual(answers(index, objectsOf(current)), answers(freshIndex, objectsOf(fresh)), context);
  }
  return followed;
}

describe('policy lookups followed over edits the index readers do not see', () => {
  for (const [name, edits, seed] of [
    ['generated-12-apps.yaml', 80, 7],
    ['generated-12-apps.yaml', 60, 1234],
    ['bookinfo.yaml', 60, 99],
  ] as const) {
    it(`${name}: ${edits} edits (seed ${seed}), one index, findings and answers equal a fresh index`, () => {
      const followed = run(name, seed, edits);
      assert.ok(followed > edits / 10, `only ${followed} of the checks used followed lookups`);
    });
  }

  it('an edit the index readers see builds the lookups again', () => {
    const text = read('generated-12-apps.yaml');
    const first = parseManifestFile(URI, text, OPTIONS);
    const index = new WorkspaceIndex();
    index.setFile(URI, objectsOf(first));
    const built = policyWorkspace(index);
    const at = unseenPlaces(first)[0];
    const typed = updateManifestFile(URI, text.slice(0, at) + 'x' + text.slice(at), first, OPTIONS).file;
    index.setFile(URI, objectsOf(typed), sameViewOf(typed));
    assert.equal(followedOf(policyWorkspace(index))?.built, built);
    // A pod template label: the pods' labels change.
    const template = objectsOf(typed).find((o) => o.podTemplate && o.podTemplate.labels !== o.labels)!.podTemplate!.labels.entries[0].valueRange.end;
    const seen = updateManifestFile(URI, typed.text.slice(0, template) + 'x' + typed.text.slice(template), typed, OPTIONS).file;
    assert.equal(sameViewOf(seen), undefined);
    index.setFile(URI, objectsOf(seen), sameViewOf(seen));
    assert.equal(followedOf(policyWorkspace(index)), undefined);
  });

  it('objects mapped to others than the index holds (a parse skipped) build the lookups again', () => {
    const text = read('generated-12-apps.yaml');
    const first = parseManifestFile(URI, text, OPTIONS);
    const index = new WorkspaceIndex();
    index.setFile(URI, objectsOf(first));
    policyWorkspace(index);
    const at = unseenPlaces(first)[0];
    const second = updateManifestFile(URI, text.slice(0, at) + 'x' + text.slice(at), first, OPTIONS).file;
    const third = updateManifestFile(URI, second.text.slice(0, at) + 'y' + second.text.slice(at), second, OPTIONS).file;
    assert.ok(sameViewOf(third), 'the third parse maps its objects to the second');
    index.setFile(URI, objectsOf(third), sameViewOf(third));
    assert.equal(followedOf(policyWorkspace(index)), undefined);
  });
});
