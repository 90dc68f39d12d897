import rule from '../../../engine/src/rules/policy-selector-dangling';
import { ruleTester } from './ruleTester';

ruleTester(rule, {
  valid: [
    {
      name: 'selectors that match a workload: NotIn/!= match pods without the key, automatic Calico labels, GNP across namespaces, HostEndpoint, staged; empty selectors; unparsable selector left to calico-selector-syntax',
      files: ['valid.yaml', 'workloads.yaml'],
    },
  ],
  invalid: [
    {
      name: 'wrong namespace, Calico label in a Kubernetes selector, typo, GNP namespaceSelector, staged policies (Calico and Kubernetes-shaped)',
      files: ['dangling.yaml', 'workloads.yaml'],
      errors: [
        {
          line: 8,
          column: 5,
          endLine: 9,
          endColumn: 14,
          messageId: 'dangling',
          message: 'This NetworkPolicy selects no pod: no pod template in namespace "shop" matches its selector.',
        },
        { line: 18, column: 5, endLine: 19, endColumn: 40, messageId: 'dangling' },
        { line: 27, column: 13, endColumn: 25, messageId: 'dangling' },
        { line: 35, column: 13, endColumn: 33, messageId: 'danglingGlobal' },
        { line: 44, column: 13, endColumn: 26, message: /^This StagedNetworkPolicy selects no pod/ },
        { line: 54, column: 5, endColumn: 30, message: /^This StagedKubernetesNetworkPolicy selects no pod/ },
      ],
    },
  ],
});
