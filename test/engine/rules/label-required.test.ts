import rule from '../../../engine/src/rules/label-required';
import { ruleTester } from './ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'required labels present; Service not a required kind; environment only in prod-*', files: ['valid.yaml'] },
    { name: 'the embedded default requires only app.kubernetes.io/name', files: ['valid.yaml'], taxonomy: null },
  ],
  invalid: [
    {
      name: 'pod template lacks a label the metadata has: the fix copies its value',
      files: ['sibling.yaml'],
      errors: [
        { line: 15, column: 7, endColumn: 13, messageId: 'missingInTemplate', message: 'Required label "team" is missing from the pod template.' },
      ],
      suggestions: [{ title: 'Add label team: payments to the pod template', output: 'sibling.add-team.yaml' }],
    },
    {
      name: 'object and template both lack labels: two findings each; placeholder or one choice per allowed value',
      files: ['both-missing.yaml'],
      errors: [
        { line: 6, column: 3, endColumn: 9, messageId: 'missing', message: 'Required label "app.kubernetes.io/name" is missing.' },
        { line: 6, column: 3, endColumn: 9, messageId: 'missing', message: 'Required label "environment" is missing.' },
        { line: 14, column: 7, endColumn: 13, messageId: 'missingInTemplate', message: 'Required label "app.kubernetes.io/name" is missing from the pod template.' },
        { line: 14, column: 7, endColumn: 13, messageId: 'missingInTemplate', message: 'Required label "environment" is missing from the pod template.' },
      ],
      suggestions: [
        // The map's values are double-quoted: so is the added one.
        { title: 'Add label app.kubernetes.io/name: TODO', output: 'both-missing.name-placeholder.yaml' },
        { title: 'Add label environment: staging to the pod template', output: 'both-missing.template-staging.yaml' },
      ],
    },
    {
      name: 'insertion points: no labels key (Pod), empty labels (Job template), flow map (CronJob template)',
      files: ['insertion-points.yaml'],
      errors: [
        { line: 4, column: 1, endColumn: 9, messageId: 'missing', message: 'Required label "app.kubernetes.io/name" is missing.' },
        { line: 4, column: 1, endColumn: 9, messageId: 'missing', message: 'Required label "team" is missing.' },
        { line: 24, column: 7, endColumn: 13, messageId: 'missingInTemplate', message: 'Required label "app.kubernetes.io/name" is missing from the pod template.' },
        { line: 24, column: 7, endColumn: 13, messageId: 'missingInTemplate', message: 'Required label "team" is missing from the pod template.' },
        { line: 44, column: 11, endColumn: 17, messageId: 'missingInTemplate', message: 'Required label "app.kubernetes.io/name" is missing from the pod template.' },
      ],
      suggestions: [
        { title: 'Add label team: search', output: 'insertion-points.create.yaml' },
        { title: 'Add label team: checkout to the pod template', output: 'insertion-points.empty.yaml' },
        { title: 'Add label app.kubernetes.io/name: report to the pod template', output: 'insertion-points.flow.yaml' },
      ],
    },
    {
      name: 'CRLF and single-quoted values: the added line keeps both, before the comment line',
      files: ['crlf-quoted.yaml'],
      errors: [
        { line: 6, column: 3, endColumn: 9, messageId: 'missing' },
        { line: 16, column: 7, endColumn: 13, messageId: 'missingInTemplate' },
      ],
      suggestions: [{ title: 'Add label team: search', output: 'crlf-quoted.team-search.yaml' }],
    },
    {
      name: 'List of Pods (one block each), disable-next-line, ignore annotation',
      files: ['list-pod-suppressed.yaml'],
      errors: [{ line: 21, column: 7, endColumn: 13, messageId: 'missing', message: 'Required label "team" is missing.' }],
    },
    {
      name: 'real world: microservices-demo adservice under the embedded default taxonomy',
      files: ['corpus-adservice.yaml'],
      taxonomy: null,
      errors: [
        { line: 19, column: 3, endColumn: 9, messageId: 'missing' },
        { line: 27, column: 7, endColumn: 13, messageId: 'missingInTemplate' },
      ],
      suggestions: [{ title: 'Add label app.kubernetes.io/name: TODO to the pod template', output: 'corpus-adservice.template-placeholder.yaml' }],
    },
  ],
});
