import rule from '../../../engine/src/rules/selector-template-mismatch';
import { ruleTester } from './ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'matchLabels + matchExpressions satisfied; Job without manualSelector; RC map selector; Pod', files: ['valid.yaml'] },
    { name: 'real world: guestbook frontend Deployment and Service (kubernetes/examples)', files: ['corpus-guestbook-frontend.yaml'] },
    { name: 'real world: guestbook legacy ReplicationController without selector (defaults to the template)', files: ['corpus-guestbook-redis-rc.yaml'] },
  ],
  invalid: [
    {
      name: 'matchLabels value differs from the template: align the selector, or the template (comment kept)',
      files: ['deployment.yaml'],
      errors: [
        {
          line: 10,
          column: 7,
          endColumn: 20,
          messageId: 'valueDiffers',
          message: 'The selector requires "app: frontend" but the pod template has "app: web": this Deployment does not select its own pods.',
        },
      ],
      suggestions: [
        { title: 'Change the selector to "app: web"', output: 'deployment.selector-web.yaml' },
        { title: 'Change the pod template label to "app: frontend"', output: 'deployment.template-frontend.yaml' },
      ],
    },
    {
      name: 'matchLabels key missing from the template (flow maps; the only requirement cannot be removed)',
      files: ['missing-key.yaml'],
      errors: [
        {
          line: 7,
          column: 36,
          endColumn: 47,
          messageId: 'keyMissing',
          message: 'The selector requires "version: v2" but the pod template has no "version" label: this DaemonSet does not select its own pods.',
        },
        { line: 24, column: 7, endColumn: 17, messageId: 'keyMissing' },
      ],
      suggestions: [
        { title: 'Add "version: v2" to the pod template labels', output: 'missing-key.add-version.yaml' },
        { title: 'Remove "version" from the selector', output: 'missing-key.remove-version.yaml' },
        { title: 'Add "app: cache" to the pod template labels', output: 'missing-key.add-app.yaml' },
      ],
    },
    {
      name: 'matchExpressions that fail, and an invalid operator',
      files: ['expressions.yaml'],
      errors: [
        {
          line: 10,
          column: 9,
          endLine: 12,
          endColumn: 25,
          messageId: 'expressionFails',
          message: 'The selector requirement "track In (stable)" does not match the pod template labels: this Deployment does not select its own pods.',
        },
        { line: 13, column: 9, endLine: 14, endColumn: 31, messageId: 'expressionFails', message: /"canary DoesNotExist"/ },
        {
          line: 15,
          column: 9,
          messageId: 'invalidRequirement',
          message:
            'The selector requirement "tier in (backend)" is invalid (unknown operator "in" (expected one of In, NotIn, Exists, DoesNotExist)) and matches no pod: this Deployment does not select its own pods.',
        },
      ],
    },
    {
      name: 'ReplicationController plain-map selector, CRLF',
      files: ['rc-crlf.yaml'],
      errors: [{ line: 8, column: 5, endColumn: 18, messageId: 'valueDiffers', message: /this ReplicationController does not select its own pods/ }],
      suggestions: [{ title: 'Change the selector to "role: replica"', output: 'rc-crlf.selector-replica.yaml' }],
    },
    {
      name: 'Job with manualSelector; CronJob finding suppressed by comment; Deployment by annotation',
      files: ['jobs.yaml'],
      errors: [{ line: 9, column: 7, endColumn: 25, messageId: 'valueDiffers', message: /this Job does not select its own pods/ }],
    },
    {
      name: 'real world: kube-linter mixed-sorting fixture (selector names a label the template lacks)',
      files: ['corpus-kube-linter-mixed-sorting.yaml'],
      errors: [{ line: 11, column: 7, endColumn: 18, messageId: 'keyMissing' }],
      suggestions: [
        { title: 'Add "version: v1" to the pod template labels', output: 'corpus-kube-linter-mixed-sorting.add-version.yaml' },
        { title: 'Remove "version" from the selector', output: 'corpus-kube-linter-mixed-sorting.remove-version.yaml' },
      ],
    },
    {
      name: 'real world: kube-linter mismatching-selector fixture (template without labels; DeploymentConfig is not checked)',
      files: ['corpus-kube-linter-mismatching-selector.yaml'],
      errors: [{ line: 40, column: 7, endColumn: 35, messageId: 'keyMissing' }],
    },
  ],
});
