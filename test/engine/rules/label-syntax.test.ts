import rule from '../../../engine/src/rules/label-syntax';
import { ruleTester } from './ruleTester';

const NAME_RULE = 'must start and end with a letter or digit and contain only letters, digits, "-", "_" and ".".';

ruleTester(rule, {
  valid: [
    { name: 'quoted non-strings, empty value, prefixed keys, flow labels', files: ['valid.yaml'] },
  ],
  invalid: [
    {
      name: 'keys: prefix not a DNS subdomain, empty/invalid/too long names, two slashes',
      files: ['keys.yaml'],
      errors: [
        {
          line: 6,
          column: 5,
          endColumn: 21,
          messageId: 'prefixInvalid',
          message:
            'Label key "Example.com/team": the prefix "Example.com" is not a DNS subdomain (lowercase letters, digits, "-" and ".", each part starting and ending with a letter or digit).',
        },
        { line: 7, column: 5, endColumn: 17, messageId: 'nameEmpty', message: 'Label key "example.com/" has an empty name after its prefix.' },
        { line: 8, column: 5, endColumn: 10, messageId: 'nameInvalid', message: `Label key "-team": the name "-team" ${NAME_RULE}` },
        { line: 9, column: 5, endColumn: 10, messageId: 'nameInvalid', message: `Label key "team_": the name "team_" ${NAME_RULE}` },
        {
          line: 10,
          column: 5,
          endColumn: 71,
          messageId: 'nameTooLong',
          message:
            'Label key "this-label-name-is-much-longer-than-sixty-three-characters-allowed": the name "this-label-name-is-much-longer-than-sixty-three-characters-allowed" is 66 characters long; at most 63 are allowed.',
        },
        { line: 11, column: 5, endColumn: 10, messageId: 'nameInvalid', message: `Label key "a/b/c": the name "b/c" ${NAME_RULE}` },
        { line: 12, column: 5, endColumn: 22, messageId: 'prefixInvalid' },
        // The pod template is checked too; a quoted key is located with its quotes.
        { line: 21, column: 9, endColumn: 20, messageId: 'nameInvalid', message: `Label key "team name": the name "team name" ${NAME_RULE}` },
      ],
    },
    {
      name: 'values: characters outside the set, too long, leading dash',
      files: ['values.yaml'],
      errors: [
        {
          line: 7,
          column: 12,
          endColumn: 35,
          messageId: 'valueInvalid',
          message:
            'Label "owner": the value "search-team@example.com" must be empty, or start and end with a letter or digit and contain only letters, digits, "-", "_" and ".".',
        },
        { line: 8, column: 18, endColumn: 34, messageId: 'valueInvalid' },
        { line: 9, column: 14, endColumn: 28, messageId: 'valueInvalid' },
        { line: 10, column: 14, endColumn: 78, messageId: 'valueTooLong', message: 'Label "release": the value is 64 characters long; at most 63 are allowed.' },
        { line: 11, column: 12, endColumn: 19, messageId: 'valueInvalid' },
      ],
    },
    {
      name: 'values and keys that YAML does not read as strings (YAML 1.2 and kubectl YAML 1.1)',
      files: ['non-strings.yaml'],
      errors: [
        {
          line: 7,
          column: 13,
          endColumn: 17,
          messageId: 'valueNotString',
          message: 'Label "canary": the value true is read as a boolean, and Kubernetes rejects label values that are not strings; quote it: "true".',
        },
        {
          line: 8,
          column: 14,
          endColumn: 17,
          messageId: 'valueNotString',
          message: 'Label "version": the value 1.0 is read as a number, and Kubernetes rejects label values that are not strings; quote it: "1.0".',
        },
        { line: 9, column: 20, endColumn: 21, messageId: 'valueNotString' },
        {
          line: 10,
          column: 14,
          endColumn: 17,
          messageId: 'valueNotString',
          message:
            'Label "sidecar": the value yes is read as a boolean by kubectl (YAML 1.1), and Kubernetes rejects label values that are not strings; quote it: "yes".',
        },
        {
          line: 11,
          column: 5,
          endColumn: 9,
          messageId: 'valueNull',
          message:
            'Label "team" has no value (null): the API server stores it as an empty value, and older kubectl versions drop every label of the object; write "" if an empty value is meant.',
        },
        { line: 12, column: 11, endColumn: 12, messageId: 'valueNull' },
        {
          line: 13,
          column: 5,
          endColumn: 8,
          messageId: 'keyNotString',
          message: 'Label key 1.5 is read as a number, not a string: quote it ("1.5") so it stays the key you wrote.',
        },
        { line: 14, column: 5, endColumn: 7, messageId: 'keyNotString', message: /^Label key on is read as a boolean by kubectl \(YAML 1\.1\)/ },
        { line: 23, column: 9, endColumn: 15, messageId: 'valueNotScalar', message: 'Label "config": the value is a map; Kubernetes label values are strings.' },
      ],
    },
    {
      name: 'CRLF Pod: its labels are reported once',
      files: ['pod-crlf.yaml'],
      errors: [
        { line: 7, column: 5, endColumn: 17, messageId: 'nameInvalid' },
        { line: 8, column: 14, endColumn: 17, messageId: 'valueNotString' },
      ],
    },
    {
      name: 'List items (Pod, flow-map ConfigMap) and a CronJob pod template',
      files: ['list-and-templates.yaml'],
      errors: [
        { line: 10, column: 14, endColumn: 21, messageId: 'valueInvalid' },
        { line: 19, column: 31, endColumn: 40, messageId: 'nameInvalid' },
        { line: 33, column: 22, endColumn: 27, messageId: 'valueNotString' },
      ],
    },
    {
      name: 'disable-next-line comment and ignore annotation',
      files: ['suppressed.yaml'],
      errors: [{ line: 9, column: 14, endColumn: 29, messageId: 'valueInvalid' }],
    },
    {
      name: 'real world: kube-linter required-label-owner fixture (e-mail addresses as values)',
      files: ['corpus-kube-linter-owner.yaml'],
      errors: [
        { line: 7, column: 12, endColumn: 35, messageId: 'valueInvalid' },
        { line: 14, column: 12, endColumn: 35, messageId: 'valueInvalid' },
        { line: 21, column: 10, endColumn: 33, messageId: 'valueInvalid' },
        { line: 28, column: 10, endColumn: 33, messageId: 'valueInvalid' },
      ],
    },
  ],
});
