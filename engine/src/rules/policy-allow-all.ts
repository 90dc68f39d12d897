import { createRule, RuleReport } from './rule';
import { isAllowAllRule, policyOf } from '../policy/index';

const messages = {
  ingress: 'This ingress rule allows traffic from every address on every port, which makes the isolation of the selected pods moot.',
  egress: 'This egress rule allows traffic to every address on every port, which makes the egress isolation of the selected pods moot.',
};

/** A rule that allows every peer on every port. */
export default createRule({
  id: 'policy-allow-all',
  defaultSeverity: 'warning',
  scope: 'object',
  description: 'Reports policy rules that allow every address on every port (no peers, an empty peer, or 0.0.0.0/0 without except, with no port restriction).',
  messages,
  *check(obj): Generator<RuleReport<keyof typeof messages>> {
    const policy = policyOf(obj);
    // Staged policies are checked for syntax and dangling selectors only.
    if (!policy || policy.staged || policy.broken) return;
    for (const direction of ['ingress', 'egress'] as const) {
      // Rules of a direction the policy does not enforce allow nothing.
      if (!policy.types[direction]) continue;
      for (const rule of policy[direction]) {
        if (isAllowAllRule(rule)) yield { messageId: direction, start: rule.range.start, end: rule.range.end };
      }
    }
  },
});
