import rule from '../../../engine/src/rules/policy-peer-dangling';
import { ruleTester } from './ruleTester';

ruleTester(rule, {
  valid: [
    {
      name: 'peers that match a workload or a NetworkSet; empty peers, namespace selectors and ipBlocks are not checked; a GNP peer spans namespaces',
      files: ['valid.yaml', 'workloads.yaml'],
    },
  ],
  invalid: [
    {
      name: 'same-namespace pod selectors without a match (Kubernetes, Calico, global, staged)',
      files: ['dangling.yaml', 'workloads.yaml'],
      errors: [
        {
          line: 12,
          column: 13,
          endColumn: 35,
          messageId: 'dangling',
          message: 'This ingress peer selects no pod: no pod template in namespace "shop" matches it.',
        },
        { line: 16, column: 13, endColumn: 38, message: /^This egress peer/ },
        { line: 28, column: 19, endColumn: 36, messageId: 'dangling' },
        {
          line: 39,
          column: 19,
          endColumn: 33,
          messageId: 'danglingGlobal',
          message: 'This egress peer selects no pod: no pod template in any namespace matches it.',
        },
        { line: 52, column: 19, endColumn: 33, messageId: 'dangling' },
      ],
    },
  ],
});
