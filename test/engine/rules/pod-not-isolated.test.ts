import rule from '../../../engine/src/rules/pod-not-isolated';
import { ruleTester } from './ruleTester';

ruleTester(rule, {
  valid: [
    {
      name: 'isolated by a NetworkPolicy (default policyTypes), a Calico policy (inferred types), a GNP via namespaceSelector; host-network pods are skipped',
      files: ['isolated.yaml'],
    },
    { name: "the namespace's default-deny is in another file", files: ['checkout.yaml', 'shop-default-deny.yaml'] },
  ],
  invalid: [
    {
      name: 'no policy in the workspace',
      files: ['checkout.yaml'],
      errors: [
        {
          line: 4,
          column: 9,
          endColumn: 17,
          messageId: 'notIsolated',
          message:
            'Deployment "checkout" is not isolated for ingress: no NetworkPolicy or Calico policy selects its pods with Ingress in its types, so any pod can connect to them.',
        },
      ],
    },
    {
      name: 'egress-only (explicit and inferred by Calico), staged, another namespace, unparsable selector',
      files: ['not-isolated.yaml'],
      errors: [
        { line: 4, column: 9, endColumn: 15, message: /^Deployment "lonely"/ },
        { line: 18, column: 9, endColumn: 20, message: /^StatefulSet "egress-only"/ },
        { line: 43, column: 9, endColumn: 22, message: /^Job "calico-egress"/ },
        { line: 66, column: 9, endColumn: 15, message: /^Deployment "staged"/ },
        { line: 90, column: 9, endColumn: 24, message: /^Pod "other-namespace"/ },
        { line: 107, column: 9, endColumn: 24, message: /^Deployment "broken-selector"/ },
      ],
    },
  ],
});
