import { createRule, RuleReport } from './rule';
import { podsSelectedBy, policyWorkspace, serviceSpec } from '../policy/index';

const messages = {
  dangling: 'Service "{{name}}" selects no pod: no pod template in namespace "{{namespace}}" has the labels {{selector}}.',
};

/** A Service whose selector matches no pod template of its namespace. */
export default createRule({
  id: 'service-selector-dangling',
  defaultSeverity: 'warning',
  scope: 'workspace',
  description: 'Reports Services whose selector matches no pod template in their namespace, anywhere in the workspace.',
  messages,
  *check(obj, { index }): Generator<RuleReport<keyof typeof messages>> {
    if (obj.kind !== 'Service' || obj.apiVersion !== 'v1') return;
    const { externalName, selector: ref } = serviceSpec(obj);
    if (externalName) return;
    // No selector (endpoints managed by hand) or `{}`: nothing to match, never dangling.
    if (!ref || ref.empty) return;
    if (podsSelectedBy(policyWorkspace(index), ref, obj.namespace).length > 0) return;
    const selector = Object.entries(ref.selector.matchLabels)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    yield { messageId: 'dangling', data: { name: obj.name, namespace: obj.namespace, selector, keys: Object.keys(ref.selector.matchLabels).join(',') }, start: ref.range.start, end: ref.range.end };
  },
});
