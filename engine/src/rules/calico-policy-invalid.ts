import { createRule, RuleReport } from './rule';
import { calicoPolicyProblems } from '../policy/index';

const messages = {
  invalid: 'Invalid {{field}} in this {{kind}}: {{problem}}.',
};

/** A Calico policy field that Calico's API validation rejects (selector syntax aside). */
export default createRule({
  id: 'calico-policy-invalid',
  defaultSeverity: 'error',
  scope: 'object',
  description:
    'Reports Calico policy fields that the Calico API rejects: rule action, types, order, protocol, ports, nets and the staged fields (selector syntax is calico-selector-syntax\'s).',
  messages,
  *check(obj): Generator<RuleReport<keyof typeof messages>> {
    for (const p of calicoPolicyProblems(obj)) {
      yield { messageId: 'invalid', data: { field: p.field, kind: obj.kind, problem: p.problem }, start: p.range.start, end: p.range.end };
    }
  },
});
