import { createRule, RuleReport } from './rule';
import { analysedPolicy, selectorMatches, selectsEverything, trimRange } from '../policy/index';

const messages = {
  dangling: 'This {{kind}} selects no pod: no pod template in namespace "{{namespace}}" matches its selector.',
  danglingGlobal: 'This {{kind}} selects no endpoint: no pod template (in any namespace it applies to) or HostEndpoint of the workspace matches its selector.',
};

/** A policy whose selector matches no workload of the workspace. */
export default createRule({
  id: 'policy-selector-dangling',
  defaultSeverity: 'warning',
  scope: 'workspace',
  description: 'Reports NetworkPolicies and Calico policies whose selector matches no workload of the workspace.',
  messages,
  *check(obj, { file, index }): Generator<RuleReport<keyof typeof messages>> {
    const found = analysedPolicy(obj, index);
    if (!found) return;
    const { policy, analysis } = found;
    // Unparsable selectors are calico-selector-syntax's alone; empty selectors are never dangling.
    if (policy.broken || selectsEverything(policy.selector) || !policy.selector) return;
    const range = trimRange(file.text, policy.selector.range);
    // The label keys involved, so that callers (fix-safety checks, code actions) can tie the finding to a label.
    const keys = policy.selector.keys.map((k) => k.key).join(',');
    if (policy.global || policy.hostOnly) {
      if (!policy.hostOnly && analysis.selected(policy).length > 0) return;
      const selector = policy.selector;
      const hostMatch = analysis.ws.otherEndpoints.some((e) => e.obj.kind === 'HostEndpoint' && selectorMatches(selector, e.labels));
      if (hostMatch) return;
      yield { messageId: 'danglingGlobal', data: { kind: obj.kind, keys }, start: range.start, end: range.end };
      return;
    }
    if (analysis.selected(policy).length > 0) return;
    yield { messageId: 'dangling', data: { kind: obj.kind, namespace: obj.namespace, keys }, start: range.start, end: range.end };
  },
});
