// K8sObjects without their YAML nodes, as plain data that survives a structured clone (a CLI
// worker thread parses and extracts; other threads index the objects next to their own and run
// the rules on their own files). Rules read another file's objects only through the policy
// lookups and the selection-change catalog: identity, ranges, label keys and values, containers,
// plus what those would read from the YAML (`DetachedFacts`). Label ranges, insertion points and
// annotations are read on an object's own file only, so they stay behind (smaller messages).
import type { K8sObject, LabelBlock } from './object';
import type { DetachedFacts } from './detachedFacts';
import { policyOf, seedPolicy } from '../policy/parse';
import { seedServiceSelector, serviceSelector } from '../policy/selection';
import { podSpecFacts, seedPodSpecFacts } from '../policy/workspace';
import { seedSelectorUses, selectorsOf } from '../labels/selectionChange';
import { dataOf } from '../parse/movedObject';

export type DetachedObjectData = Omit<K8sObject, 'node' | 'doc'>;

export interface DetachedObject {
  object: DetachedObjectData;
  facts: DetachedFacts;
}

/** The objects' data and facts. Clone them in one message: a policy's `obj` is its `object`. */
export function detachObjects(objects: readonly K8sObject[]): DetachedObject[] {
  return objects.map((obj) => {
    const rest = dataOf(obj);
    const labels = slimBlock(obj.labels);
    const object: DetachedObjectData = { ...rest, labels, annotations: new Map(), ignoredRules: new Set() };
    if (obj.podTemplate) {
      const templateLabels = obj.podTemplate.labels === obj.labels ? labels : slimBlock(obj.podTemplate.labels);
      object.podTemplate = { ...obj.podTemplate, labels: templateLabels };
    }
    const policy = policyOf(obj);
    const facts: DetachedFacts = { selectorUses: selectorsOf(obj) };
    const pod = podSpecFacts(obj);
    if (pod) facts.pod = pod;
    if (policy) facts.policy = { ...policy, obj: object as K8sObject };
    if (obj.kind === 'Service') facts.serviceSelector = serviceSelector(obj);
    return { object, facts };
  });
}

/** Only the labels' keys and values (what `labelMap` reads). */
function slimBlock(block: LabelBlock): LabelBlock {
  const entries = block.entries.map((e) => ({ key: e.key, value: e.value }) as LabelBlock['entries'][number]);
  return { where: block.where, entries, anchorRange: block.anchorRange, insertion: { kind: 'none' } };
}

/**
 * Detached objects, usable in a WorkspaceIndex next to parsed ones (`node` and `doc` are absent):
 * their facts go into the per-object caches that the readers consult before the tree, as a
 * compact object's do when it is compacted (`workspace/compact.ts`).
 */
export function attachObjects(detached: readonly DetachedObject[]): K8sObject[] {
  return detached.map(({ object, facts }) => {
    const obj = object as K8sObject;
    seedPolicy(obj, facts.policy);
    seedPodSpecFacts(obj, facts.pod);
    if (obj.kind === 'Service') seedServiceSelector(obj, facts.serviceSelector);
    seedSelectorUses(obj, facts.selectorUses);
    return obj;
  });
}
