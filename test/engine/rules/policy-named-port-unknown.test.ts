import rule from '../../../engine/src/rules/policy-named-port-unknown';
import { ruleTester } from './ruleTester';

ruleTester(rule, {
  valid: [
    {
      name: 'ingress ports of the selected pods, egress ports of the destination pods, ipBlock destinations and policies selecting no pod are skipped, Calico',
      files: ['valid.yaml', 'workloads.yaml'],
    },
  ],
  invalid: [
    {
      name: 'a typo, a protocol mismatch, an egress port the destination lacks, a Calico destination port',
      files: ['unknown.yaml', 'workloads.yaml'],
      errors: [
        {
          line: 12,
          column: 17,
          endColumn: 21,
          messageId: 'unknown',
          message: 'No pod selected by this policy declares a container port named "htpp".',
        },
        {
          line: 13,
          column: 17,
          endColumn: 24,
          messageId: 'protocol',
          message: 'The pods selected by this policy declare port "metrics" only as TCP, not UDP.',
        },
        { line: 20, column: 17, endColumn: 27, message: 'No pod this rule sends to declares a container port named "postgresql".' },
        { line: 33, column: 23, endColumn: 27, messageId: 'unknown' },
      ],
    },
  ],
});
