import rule from '../../../engine/src/rules/namespace-no-default-deny';
import { ruleTester } from './ruleTester';

ruleTester(rule, {
  valid: [
    {
      name: 'podSelector {} (Ingress explicit or implied), Calico all(), GNP by namespaceSelector, by automatic label, or matching every pod',
      files: ['valid.yaml'],
    },
    { name: 'the default-deny is in another file', files: ['namespace.yaml', 'payments-policies.yaml'] },
  ],
  invalid: [
    {
      name: "another namespace's podSelector {} does not count",
      files: ['namespace.yaml', 'other-namespace-policy.yaml'],
      errors: [
        {
          line: 4,
          column: 9,
          endColumn: 17,
          messageId: 'noDefaultDeny',
          message: 'Namespace "payments" has no default-deny policy: no policy selects all of its pods and isolates them for ingress.',
        },
      ],
    },
    {
      name: 'no policy, egress only, not every pod, staged, GNP namespaceSelector excludes it, GNP misses a pod',
      files: ['missing.yaml'],
      errors: [
        { line: 4, column: 9, endColumn: 16, message: /"nothing"/ },
        { line: 9, column: 9, endColumn: 20, message: /"egress-only"/ },
        { line: 23, column: 9, endColumn: 16, message: /"partial"/ },
        { line: 37, column: 9, endColumn: 15, message: /"staged"/ },
        { line: 52, column: 9, endColumn: 21, message: /"not-selected"/ },
        { line: 68, column: 9, endColumn: 18, message: /"some-pods"/ },
      ],
    },
  ],
});
