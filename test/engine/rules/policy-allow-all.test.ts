import rule from '../../../engine/src/rules/policy-allow-all';
import { ruleTester } from './ruleTester';

ruleTester(rule, {
  valid: [
    {
      name: 'ports without `to` (not allow-all), namespaceSelector {} (in-cluster only), except, unenforced direction, Calico Deny / protocol / local selector / some nets, staged',
      files: ['valid.yaml'],
    },
  ],
  invalid: [
    {
      name: '- {}, an empty peer, 0.0.0.0/0 and ::/0 without except, `ports: []`, Calico Allow without peer or with 0.0.0.0/0',
      files: ['allow-all.yaml'],
      errors: [
        {
          line: 8,
          column: 7,
          endColumn: 9,
          messageId: 'ingress',
          message: 'This ingress rule allows traffic from every address on every port, which makes the isolation of the selected pods moot.',
        },
        { line: 18, column: 7, endLine: 19, endColumn: 13, messageId: 'ingress' },
        { line: 29, column: 7, endLine: 31, endColumn: 28, messageId: 'ingress' },
        {
          line: 33,
          column: 7,
          endLine: 34,
          endColumn: 34,
          messageId: 'egress',
          message: 'This egress rule allows traffic to every address on every port, which makes the egress isolation of the selected pods moot.',
        },
        { line: 35, column: 7, endColumn: 16, messageId: 'egress' },
        { line: 45, column: 7, endColumn: 20, messageId: 'ingress' },
        { line: 47, column: 7, endLine: 49, endColumn: 26, messageId: 'egress' },
      ],
    },
  ],
});
