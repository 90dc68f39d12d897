import rule from '../../../engine/src/rules/label-unknown';
import { ruleTester } from './ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'listed, allowed-prefix (with subdomains), deprecated and automatic keys', files: ['valid.yaml'] },
    { name: 'unknownLabels: allow turns the rule off', files: ['typos.yaml'], taxonomy: 'allow-taxonomy.yaml' },
    { name: 'the embedded default allows unknown labels', files: ['typos.yaml'], taxonomy: null },
  ],
  invalid: [
    {
      name: 'typos get a did-you-mean rename; no candidate that would duplicate a key',
      files: ['typos.yaml'],
      errors: [
        {
          line: 8,
          column: 5,
          endColumn: 9,
          messageId: 'didYouMean',
          message: 'Label "tema" is not in the label taxonomy; did you mean "team"?',
        },
        { line: 9, column: 5, endColumn: 15, messageId: 'didYouMean', message: 'Label "enviroment" is not in the label taxonomy; did you mean "environment"?' },
        { line: 10, column: 5, endColumn: 16, messageId: 'unknown', message: 'Label "cost-center" is not in the label taxonomy.' },
        // "app" is nearest, but the template already has it.
        { line: 19, column: 9, endColumn: 11, messageId: 'unknown', message: 'Label "ap" is not in the label taxonomy.' },
      ],
      suggestions: [
        { title: 'Rename to "team"', output: 'typos.team.yaml' },
        { title: 'Rename to "environment"', output: 'typos.environment.yaml' },
      ],
    },
    {
      name: 'Pod with flow-map labels and CRLF: quoted key stays quoted; a prefix not allowed',
      files: ['pod-flow-crlf.yaml'],
      errors: [
        { line: 5, column: 25, endColumn: 31, messageId: 'didYouMean' },
        { line: 5, column: 43, endColumn: 56, messageId: 'unknown', message: 'Label "example.org/x" is not in the label taxonomy.' },
      ],
      suggestions: [{ title: 'Rename to "team"', output: 'pod-flow-crlf.team.yaml' }],
    },
    {
      name: 'List items; disable-next-line; ignore annotation',
      files: ['suppressed.yaml'],
      errors: [{ line: 11, column: 9, endColumn: 16, messageId: 'unknown' }],
    },
    {
      name: 'real world: guestbook frontend (kubernetes/examples), tier not in the taxonomy',
      files: ['corpus-guestbook-frontend.yaml'],
      errors: [
        { line: 7, column: 5, endColumn: 9, messageId: 'unknown', message: 'Label "tier" is not in the label taxonomy.' },
        { line: 34, column: 9, endColumn: 13, messageId: 'unknown' },
      ],
    },
  ],
});
