import rule from '../../../engine/src/rules/policy-unknown-label';
import { ruleTester } from './ruleTester';

ruleTester(rule, {
  valid: [
    {
      name: 'known, automatic and allowed-prefix keys; allowed values; contains is not a value; staged and unparsable selectors are not checked',
      files: ['valid.yaml'],
    },
  ],
  invalid: [
    {
      name: 'Kubernetes policy: unknown key, values outside `values` (matchLabels, matchExpressions), namespace selector key',
      files: ['k8s.yaml'],
      errors: [
        {
          line: 9,
          column: 7,
          endColumn: 11,
          messageId: 'unknownKeyDidYouMean',
          message: 'The selector uses label "tema", which is not in the label taxonomy; did you mean "team"?',
        },
        {
          line: 13,
          column: 33,
          endColumn: 40,
          messageId: 'valueNotAllowedDidYouMean',
          message: 'The selector compares "team" with "paymnts", which the taxonomy does not allow for it; did you mean "payments"?',
        },
        { line: 18, column: 32, endColumn: 38, messageId: 'valueNotAllowedDidYouMean', message: /did you mean "staging"\?$/ },
        { line: 21, column: 15, endColumn: 21, messageId: 'unknownKey', message: 'The selector uses label "colour", which is not in the label taxonomy.' },
      ],
      suggestions: [
        { title: 'Replace "tema" with "team"', output: 'k8s.tema-team.yaml' },
        { title: 'Replace "paymnts" with "payments"', output: 'k8s.paymnts-payments.yaml' },
        { title: 'Replace "stagin" with "staging"', output: 'k8s.stagin-staging.yaml' },
      ],
    },
    {
      name: 'Calico selectors (key and value replaced inside the expression), a folded selector (whole scalar, no fix), a pattern, a Service',
      files: ['calico.yaml'],
      errors: [
        { line: 6, column: 14, endColumn: 18, messageId: 'unknownKeyDidYouMean' },
        { line: 6, column: 61, endColumn: 64, messageId: 'valueNotAllowedDidYouMean', message: /"prd".*did you mean "prod"\?$/ },
        { line: 7, column: 22, endLine: 8, endColumn: 21, messageId: 'unknownKey' },
        {
          line: 12,
          column: 46,
          endColumn: 49,
          messageId: 'valueNotAllowed',
          message: 'The selector compares "app.kubernetes.io/name" with "Web", which the taxonomy does not allow for it (pattern ^[a-z][a-z0-9-]{0,40}$).',
        },
        { line: 21, column: 11, endColumn: 16, messageId: 'valueNotAllowedDidYouMean' },
      ],
      suggestions: [
        { title: 'Replace "tema" with "team"', output: 'calico.tema-team.yaml' },
        { title: 'Replace "prd" with "prod"', output: 'calico.prd-prod.yaml' },
        { title: 'Replace "serch" with "search"', output: 'calico.serch-search.yaml' },
      ],
    },
    {
      name: 'unknownLabels: allow turns off the key check, not the value check',
      files: ['allow.yaml'],
      taxonomy: 'allow-taxonomy.yaml',
      errors: [{ line: 9, column: 13, endColumn: 20, messageId: 'valueNotAllowedDidYouMean' }],
    },
  ],
});
