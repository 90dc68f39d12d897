import rule from '../../../engine/src/rules/yaml-syntax';
import { ruleTester } from './ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'two well-formed documents', files: ['valid-multi.yaml'] },
    { name: 'BOM and CRLF line breaks', files: ['bom-crlf.yaml'] },
  ],
  invalid: [
    {
      name: 'unclosed flow map; the next document is still read',
      files: ['unclosed-flow.yaml'],
      errors: [{ line: 5, column: 25, endColumn: 26, messageId: 'syntax', message: /YAML syntax error: .*flow/i }],
    },
    {
      name: 'duplicate key (kubectl rejects it too)',
      files: ['duplicate-key.yaml'],
      errors: [{ line: 5, column: 3, message: /must be unique/ }],
    },
    {
      name: 'alias bomb stops at the expansion limit',
      files: ['alias-bomb.yaml'],
      errors: [{ line: 7, column: 10, message: 'YAML syntax error: alias expansion limit exceeded (more than 100 expansions): the document is not checked' }],
    },
  ],
});
