import { createRule, RuleReport } from './rule';
import type { K8sObject } from '../model/object';
import { AnyNode, mapGet, mapGetPair } from '../parse/yamlAccess';
import { CalicoSelectorRef, calicoSelectorRef, contentRange, isCalicoApiVersion, policyOf, trimRange } from '../policy/index';

const messages = {
  syntax: 'Calico selector syntax error in {{field}}: {{message}}.',
};

/** Selector fields of Calico resources other than policies. */
const OTHER_SELECTOR_FIELDS: Record<string, readonly string[]> = {
  IPPool: ['nodeSelector'],
  BGPPeer: ['nodeSelector', 'peerSelector'],
};

function otherSelectors(obj: K8sObject): CalicoSelectorRef[] {
  const fields = OTHER_SELECTOR_FIELDS[obj.kind];
  if (!fields || !isCalicoApiVersion(obj.apiVersion)) return [];
  const spec = mapGet(obj.node, 'spec', obj.doc);
  const refs: CalicoSelectorRef[] = [];
  for (const field of fields) {
    const pair = mapGetPair(spec, field, obj.doc);
    if (!pair) continue;
    const ref = calicoSelectorRef(pair.value as AnyNode, obj.doc, field, 'other', contentRange(pair.key) ?? obj.kindRange);
    if (ref) refs.push(ref);
  }
  return refs;
}

/** A Calico selector expression that does not parse. */
export default createRule({
  id: 'calico-selector-syntax',
  defaultSeverity: 'error',
  scope: 'object',
  description: 'Reports Calico selector expressions that do not parse (the message names the column of the error).',
  messages,
  *check(obj, { file }): Generator<RuleReport<keyof typeof messages>> {
    const policy = policyOf(obj);
    const refs = policy ? policy.selectors.filter((s): s is CalicoSelectorRef => s.kind === 'calico') : otherSelectors(obj);
    for (const ref of refs) {
      if (ref.result.ok) continue;
      const { error } = ref.result;
      let { start, end } = trimRange(file.text, ref.range);
      if (ref.textStart !== undefined && ref.text.length > 0) {
        // Point at the offending text; at the end of the selector, at its last character.
        const at = Math.min(error.offset, ref.text.length - 1);
        start = ref.textStart + at;
        end = ref.textStart + Math.min(ref.text.length, Math.max(error.offset + error.length, at + 1));
      }
      yield { messageId: 'syntax', data: { field: ref.field, message: error.message }, start, end };
    }
  },
});
