import { createRule, RuleReport } from './rule';
import { policyAnalysis } from '../policy/index';

const messages = {
  noDefaultDeny:
    'Namespace "{{namespace}}" has no default-deny policy: no policy selects all of its pods and isolates them for ingress.',
};

/** A Namespace manifest whose namespace has no default-deny policy. */
export default createRule({
  id: 'namespace-no-default-deny',
  defaultSeverity: 'warning',
  scope: 'workspace',
  description: 'Reports Namespace manifests whose namespace has no default-deny policy (one that selects every pod and isolates it for ingress).',
  messages,
  *check(obj, { index }): Generator<RuleReport<keyof typeof messages>> {
    if (obj.kind !== 'Namespace' || obj.apiVersion !== 'v1' || !obj.name) return;
    if (policyAnalysis(index).hasDefaultDeny(obj.name)) return;
    yield { messageId: 'noDefaultDeny', data: { namespace: obj.name }, start: obj.nameRange.start, end: obj.nameRange.end };
  },
});
