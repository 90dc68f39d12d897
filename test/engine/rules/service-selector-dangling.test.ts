import rule from '../../../engine/src/rules/service-selector-dangling';
import { ruleTester } from './ruleTester';

ruleTester(rule, {
  valid: [
    {
      name: 'selectors that match a template of their namespace (Deployment, CronJob, Pod); no selector, {}, ExternalName',
      files: ['valid.yaml'],
    },
    { name: 'the workload is in another file of the workspace', files: ['service-only.yaml', 'api-deployment.yaml'] },
  ],
  invalid: [
    {
      name: 'the only matching workload is in another namespace',
      files: ['service-only.yaml', 'api-other-namespace.yaml'],
      errors: [
        {
          line: 8,
          column: 5,
          endColumn: 32,
          messageId: 'dangling',
          message: 'Service "api" selects no pod: no pod template in namespace "shop" has the labels app.kubernetes.io/name=api.',
        },
      ],
    },
    {
      name: 'a typo, a pair the template lacks, and a Calico automatic label (Kubernetes selectors do not see it)',
      files: ['dangling.yaml'],
      errors: [
        { line: 24, column: 5, endColumn: 13, message: /"web-typo" .* app=wbe\.$/ },
        { line: 32, column: 5, endLine: 33, endColumn: 18, message: /app=web, tier=backend/ },
        { line: 41, column: 13, endColumn: 51, messageId: 'dangling' },
      ],
    },
  ],
});
