import { createRule, RuleReport } from './rule';
import { analysedPolicy, podsSelectedBy, selectorMatches, selectsEverything, trimRange } from '../policy/index';

const messages = {
  dangling: 'This {{direction}} peer selects no pod: no pod template in namespace "{{namespace}}" matches it.',
  danglingGlobal: 'This {{direction}} peer selects no pod: no pod template in any namespace matches it.',
};

/** An ingress/egress peer selector (same namespace) that matches no workload. */
export default createRule({
  id: 'policy-peer-dangling',
  defaultSeverity: 'info',
  scope: 'workspace',
  description: 'Reports ingress and egress peers whose pod selector (without a namespace selector) matches no workload of the workspace.',
  messages,
  *check(obj, { file, index }): Generator<RuleReport<keyof typeof messages>> {
    const found = analysedPolicy(obj, index);
    if (!found || found.policy.broken) return;
    const { policy, analysis } = found;
    const { ws } = analysis;
    const namespace = policy.global ? undefined : policy.namespace;
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const peer of rule.peers ?? []) {
        const selector = peer.pods;
        // Peers with a namespace selector reach beyond the workspace; empty selectors never dangle.
        if (!selector || peer.namespaces || selectsEverything(selector)) continue;
        if (podsSelectedBy(ws, selector, namespace).length > 0) continue;
        // Calico selectors also pick NetworkSets (and, from a global policy, GlobalNetworkSets and HostEndpoints).
        if (selector.kind === 'calico') {
          const other = ws.otherEndpoints.some(
            (e) => (policy.global || e.namespace === namespace) && selectorMatches(selector, e.labels),
          );
          if (other) continue;
        }
        const data = { direction: rule.direction, namespace: namespace ?? '', keys: selector.keys.map((k) => k.key).join(',') };
        yield { messageId: namespace === undefined ? 'danglingGlobal' : 'dangling', data, ...trimRange(file.text, selector.range) };
      }
    }
  },
});
