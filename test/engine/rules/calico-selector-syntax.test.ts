import rule from '../../../engine/src/rules/calico-selector-syntax';
import { ruleTester } from './ruleTester';

ruleTester(rule, {
  valid: [
    {
      name: 'every operator, empty selectors, lone global() in a rule namespaceSelector, quotes of both kinds, crd.projectcalico.org/v1, IPPool; non-Calico objects ignored',
      files: ['valid.yaml'],
    },
  ],
  invalid: [
    {
      name: 'dangling &&, "=" for "==", global() combined or outside namespaceSelector, a newline (block scalar), unclosed has(, BGPPeer unquoted value',
      files: ['invalid.yaml'],
      errors: [
        {
          line: 7,
          column: 27,
          endColumn: 28,
          messageId: 'syntax',
          message: 'Calico selector syntax error in selector: unexpected end of selector at column 16 (expected a label, has(), all() or "(").',
        },
        {
          line: 11,
          column: 24,
          endColumn: 25,
          message: 'Calico selector syntax error in ingress[0].source.selector: unexpected "=" at column 5 (expected "==").',
        },
        { line: 14, column: 28, endColumn: 36, message: /namespaceSelector: global\(\) at column 1 cannot be combined with other selectors\.$/ },
        { line: 18, column: 19, endColumn: 27, message: /can only be used as a policy rule's namespaceSelector\.$/ },
        { line: 26, column: 13, endLine: 27, endColumn: 17, message: /unexpected newline at column 13/ },
        { line: 34, column: 19, endColumn: 20, message: /expected "\)" at column 8/ },
        { line: 41, column: 36, endColumn: 40, message: /peerSelector: expected a quoted string at column 20/ },
      ],
    },
  ],
});
