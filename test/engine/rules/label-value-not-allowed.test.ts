import rule from '../../../engine/src/rules/label-value-not-allowed';
import { ruleTester } from './ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'allowed values, matching patterns, labels outside the taxonomy', files: ['valid.yaml'] },
    { name: 'embedded default taxonomy has no values or patterns', files: ['near-miss.yaml'], taxonomy: null },
  ],
  invalid: [
    {
      name: 'near misses in metadata and pod template: did-you-mean suggestions keep quotes and comments',
      files: ['near-miss.yaml'],
      errors: [
        {
          line: 9,
          column: 11,
          endColumn: 18,
          messageId: 'notInValues',
          message: 'Label "team" has the value "paymnts", which is not one of the allowed values: payments, checkout, search.',
        },
        { line: 10, column: 18, endColumn: 26, messageId: 'notInValues' },
        { line: 19, column: 15, endColumn: 23, messageId: 'notInValues' },
        { line: 20, column: 15, endColumn: 17, messageId: 'notInValues', message: 'Label "tier" has the value "wb", which is not one of the allowed values: web, api, db.' },
      ],
      suggestions: [
        { title: 'Replace with "payments"', output: 'near-miss.team.yaml' },
        { title: 'Replace with "staging"', output: 'near-miss.environment.yaml' },
        // Two candidates at the same distance: one suggestion each.
        { title: 'Replace with "db"', output: 'near-miss.tier-db.yaml' },
        { title: 'Replace with "web"', output: 'near-miss.tier-web.yaml' },
      ],
    },
    {
      name: 'pattern mismatch: lower-case suggestion when it matches; none otherwise',
      files: ['pattern.yaml'],
      errors: [
        {
          line: 6,
          column: 29,
          endColumn: 37,
          messageId: 'patternMismatch',
          message: 'Label "app.kubernetes.io/name" has the value "Frontend", which does not match the pattern ^[a-z][a-z0-9-]{0,40}$.',
        },
        { line: 7, column: 14, endColumn: 19, messageId: 'patternMismatch', message: 'Label "version" has the value "1.0", which does not match the pattern ^v[0-9]+$.' },
      ],
      suggestions: [{ title: 'Replace with "frontend"', output: 'pattern.fixed-name.yaml' }],
    },
    {
      name: 'Pod with flow-map labels and CRLF line breaks: reported once, fix keeps double quotes',
      files: ['pod-flow-crlf.yaml'],
      errors: [
        { line: 5, column: 50, endColumn: 58, messageId: 'notInValues' },
        { line: 5, column: 73, endColumn: 75, messageId: 'notInValues' },
      ],
      suggestions: [{ title: 'Replace with "search"', output: 'pod-flow-crlf.search.yaml' }],
    },
    {
      name: 'CronJob template value with bad syntax too; List item; disable-next-line',
      files: ['both-rules.yaml'],
      errors: [
        { line: 13, column: 19, endColumn: 32, messageId: 'notInValues' },
        { line: 30, column: 15, endColumn: 23, messageId: 'notInValues' },
      ],
    },
    {
      name: 'anchored value and its alias: each reported where written, no fix',
      files: ['anchors.yaml'],
      errors: [
        { line: 8, column: 17, endColumn: 23, messageId: 'notInValues' },
        { line: 17, column: 15, endColumn: 20, messageId: 'notInValues' },
      ],
    },
    {
      name: 'real world: guestbook frontend (kubernetes/examples) against a closed tier list',
      files: ['corpus-guestbook-frontend.yaml'],
      errors: [
        { line: 7, column: 11, endColumn: 19, messageId: 'notInValues' },
        { line: 34, column: 15, endColumn: 23, messageId: 'notInValues' },
      ],
    },
  ],
});
