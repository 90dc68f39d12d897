import rule from '../../../engine/src/rules/egress-deny-blocks-dns';
import { ruleTester } from './ruleTester';

ruleTester(rule, {
  valid: [
    {
      name: 'DNS allowed: kube-dns peer, kube-system namespace selector, no `to`, all ports, 0.0.0.0/0, named ports, ranges, Calico per-protocol rules, GNP, services; ingress-only isolation; host network; no pods',
      files: ['valid.yaml'],
    },
    { name: 'named ports resolve against the declared kube-dns pods', files: ['declared-dns.yaml'] },
  ],
  invalid: [
    {
      name: 'no DNS allow, UDP only, wrong pods, same-namespace peer, staged allow, inferred Egress, Calico Deny; every policy that isolates egress is pointed at',
      files: ['blocked.yaml'],
      errors: [
        {
          line: 22,
          column: 26,
          endColumn: 32,
          messageId: 'blocksDns',
          message:
            'This NetworkPolicy isolates egress of 1 workload(s) (nothing/app) that no policy lets reach DNS (kube-dns in kube-system on UDP and TCP 53).',
        },
        { line: 45, column: 26, endColumn: 32, message: /\(udp-only\/app\)/ },
        { line: 54, column: 17, endColumn: 23, message: /\(udp-only\/app\)/ },
        { line: 83, column: 26, endColumn: 32, message: /\(wrong-pods\/app\)/ },
        { line: 92, column: 17, endColumn: 23, message: /\(wrong-pods\/app\)/ },
        { line: 124, column: 26, endColumn: 32, message: /\(same-ns\/app\)/ },
        { line: 133, column: 17, endColumn: 23, message: /\(same-ns\/app\)/ },
        { line: 163, column: 26, endColumn: 32, message: /\(staged\/app\)/ },
        { line: 198, column: 3, endColumn: 9, message: /\(inferred\/app\)/ },
        { line: 223, column: 20, endColumn: 26, message: /\(calico-deny\/app\)/ },
      ],
    },
  ],
});
