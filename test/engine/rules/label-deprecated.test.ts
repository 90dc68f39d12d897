import rule from '../../../engine/src/rules/label-deprecated';
import { ruleTester } from './ruleTester';

const OWNER = 'Label "owner" is deprecated; use "team".';
/** workload.yaml: owner on the Deployment (line 8) and on its pod template (line 17). */
const WORKLOAD_ERRORS = [
  { line: 8, column: 5, endColumn: 10, messageId: 'replaced', message: OWNER },
  { line: 17, column: 9, endColumn: 14, messageId: 'replaced', message: OWNER },
];

ruleTester(rule, {
  valid: [
    { name: 'only current keys', files: ['valid.yaml'] },
    { name: 'embedded default taxonomy deprecates nothing', files: ['workload.yaml'], taxonomy: null },
  ],
  invalid: [
    {
      name: 'no selector looks at owner or team: both renames are safe, the comment stays',
      files: ['workload.yaml'],
      errors: WORKLOAD_ERRORS,
      output: 'workload.fixed.yaml',
    },
    {
      name: 'a Service in the same namespace selects owner: the pod template rename is a suggestion',
      files: ['workload.yaml', 'svc-selects-owner.yaml'],
      errors: WORKLOAD_ERRORS,
      output: 'workload.metadata-only.yaml',
      suggestions: [{ title: 'Rename "owner" to "team" in the pod template', output: 'workload.template-renamed.yaml' }],
    },
    {
      name: 'a Service in another namespace does not see these pods',
      files: ['workload.yaml', 'svc-other-namespace.yaml'],
      errors: WORKLOAD_ERRORS,
      output: 'workload.fixed.yaml',
    },
    {
      name: 'a NetworkPolicy peer with a namespace selector sees pods of every namespace',
      files: ['workload.yaml', 'netpol-selects-owner.yaml'],
      errors: WORKLOAD_ERRORS,
      output: 'workload.metadata-only.yaml',
    },
    {
      name: 'a Calico GlobalNetworkPolicy selects the new key: not safe either',
      files: ['workload.yaml', 'calico-selects-team.yaml'],
      errors: WORKLOAD_ERRORS,
      output: 'workload.metadata-only.yaml',
    },
    {
      name: 'a Calico rule selector with a has(owner) requirement: the requirement changes, so a suggestion',
      files: ['workload.yaml', 'calico-uses-owner.yaml'],
      errors: WORKLOAD_ERRORS,
      output: 'workload.metadata-only.yaml',
    },
    {
      name: 'a Calico rule selector of another namespace (no namespaceSelector) does not see these pods',
      files: ['workload.yaml', 'calico-other-namespace.yaml'],
      errors: WORKLOAD_ERRORS,
      output: 'workload.fixed.yaml',
    },
    {
      name: 'own selector already fails on another key: the rename would still break its owner requirement',
      files: ['broken-selector.yaml'],
      errors: [{ line: 14, column: 9, endColumn: 14, messageId: 'replaced', message: OWNER }],
    },
    {
      name: 'pod affinity of another workload selects owner=payments in the namespace',
      files: ['workload.yaml', 'affinity-uses-owner.yaml'],
      errors: WORKLOAD_ERRORS,
      output: 'workload.metadata-only.yaml',
    },
    {
      name: 'a selector the engine does not model (ServiceMonitor) names the key: every rename is a suggestion',
      files: ['workload.yaml', 'servicemonitor-uses-owner.yaml'],
      errors: WORKLOAD_ERRORS,
      suggestions: [{ title: 'Rename "owner" to "team" in the pod template', output: 'workload.template-renamed.yaml' }],
    },
    {
      name: 'a Namespace label that no namespace selector uses (an empty one selects it before and after): safe',
      files: ['namespace.yaml', 'netpol-selects-owner.yaml'],
      errors: [{ line: 6, column: 5, endColumn: 10, messageId: 'replaced', message: OWNER }],
      output: 'namespace.fixed.yaml',
    },
    {
      name: 'a Namespace label that a NetworkPolicy namespaceSelector uses: suggestion',
      files: ['namespace.yaml', 'netpol-namespace-selector.yaml'],
      errors: [{ line: 6, column: 5, endColumn: 10, messageId: 'replaced', message: OWNER }],
      suggestions: [{ title: 'Rename "owner" to "team"', output: 'namespace.fixed.yaml' }],
    },
    {
      name: 'replacement already present: same value removes the line (block) or the entry (flow); a different value only by suggestion',
      files: ['existing-key.yaml'],
      errors: [
        { line: 8, column: 5, endColumn: 10, messageId: 'replaced' },
        { line: 17, column: 5, endColumn: 10, messageId: 'replaced' },
        { line: 25, column: 26, endColumn: 31, messageId: 'replaced' },
        { line: 31, column: 26, endColumn: 31, messageId: 'replaced' },
      ],
      output: 'existing-key.fixed.yaml',
      suggestions: [{ title: 'Remove "owner" (keeps "team: payments")', output: 'existing-key.remove-different.yaml' }],
    },
    {
      name: 'value not allowed for the replacement (values, pattern): rename only as a suggestion',
      files: ['value-not-allowed.yaml'],
      errors: [
        { line: 7, column: 5, endColumn: 10, messageId: 'replaced', message: OWNER },
        { line: 8, column: 5, endColumn: 8, messageId: 'replaced', message: 'Label "app" is deprecated; use "app.kubernetes.io/name".' },
      ],
      suggestions: [{ title: 'Rename "owner" to "team"', output: 'value-not-allowed.owner-renamed.yaml' }],
    },
    {
      name: 'deprecated without replacement (Pods); disable-next-line; ignore annotation',
      files: ['no-replacement.yaml'],
      errors: [{ line: 7, column: 5, endColumn: 9, messageId: 'deprecated', message: 'Label "tier" is deprecated.' }],
    },
    {
      name: 'CRLF, quoted key: removal takes the CRLF line, rename keeps the line break',
      files: ['crlf.yaml'],
      errors: [
        { line: 6, column: 5, endColumn: 12, messageId: 'replaced' },
        { line: 8, column: 5, endColumn: 8, messageId: 'replaced' },
      ],
      output: 'crlf.fixed.yaml',
    },
    {
      name: 'anchored and merged label maps are shared: no fix',
      files: ['merged.yaml'],
      errors: [
        { line: 7, column: 5, endColumn: 10, messageId: 'replaced' },
        { line: 14, column: 10, endColumn: 15, messageId: 'replaced' },
      ],
    },
    {
      name: 'real world: microservices-demo adservice, app → app.kubernetes.io/name (selected by its Service and Deployment)',
      files: ['corpus-adservice.yaml'],
      errors: [
        { line: 20, column: 5, endColumn: 8, messageId: 'replaced' },
        { line: 28, column: 9, endColumn: 12, messageId: 'replaced' },
        { line: 75, column: 5, endColumn: 8, messageId: 'replaced' },
      ],
      output: 'corpus-adservice.fixed.yaml',
      suggestions: [{ title: 'Rename "app" to "app.kubernetes.io/name" in the pod template', output: 'corpus-adservice.template-renamed.yaml' }],
    },
  ],
});
