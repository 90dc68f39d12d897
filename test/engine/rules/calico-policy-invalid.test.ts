import rule from '../../../engine/src/rules/calico-policy-invalid';
import { ruleTester } from './ruleTester';

ruleTester(rule, {
  valid: [
    {
      name: 'actions, types, fractional order, protocol names and numbers (also quoted), port numbers/ranges/names, IPv4/IPv6 nets, every stagedAction; selector syntax and Kubernetes policies are not this rule’s',
      files: ['valid.yaml'],
    },
  ],
  invalid: [
    {
      name: 'order, types, stagedAction on a non-staged kind, action, protocol, ports, ports without a port protocol, nets; staged fields; a rule inside types',
      files: ['invalid.yaml'],
      errors: [
        {
          line: 7,
          column: 10,
          endColumn: 12,
          messageId: 'invalid',
          message: 'Invalid order in this NetworkPolicy: -1 is negative (order must be ≥ 0).',
        },
        { line: 8, column: 20, endColumn: 26, message: 'Invalid types[1] in this NetworkPolicy: "Ingres" is not Ingress or Egress.' },
        { line: 8, column: 28, endColumn: 35, message: /"Ingress" is listed more than once\.$/ },
        { line: 9, column: 3, endColumn: 15, message: /only staged policies have a stagedAction; NetworkPolicy does not\.$/ },
        { line: 11, column: 15, endColumn: 20, message: 'Invalid ingress[0].action in this NetworkPolicy: "allow" is not one of Allow, Deny, Log, Pass.' },
        { line: 12, column: 17, endColumn: 20, message: /ingress\[0\]\.protocol .* "TPC" is not one of TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or a number 1–255\.$/ },
        { line: 13, column: 7, endLine: 15, endColumn: 45, message: /ingress\[1\]\.action .* missing: a rule needs an action/ },
        { line: 15, column: 17, endColumn: 18, message: /ports\[0\] .* port 0 is out of range \(1–65535\)\.$/ },
        { line: 15, column: 20, endColumn: 25, message: /port 70000 is out of range/ },
        { line: 15, column: 27, endColumn: 34, message: /"90:80" has its minimum above its maximum/ },
        { line: 15, column: 36, endColumn: 44, message: /"Bad_Name" is neither a port number/ },
        { line: 17, column: 17, endColumn: 18, message: /protocol number 0 is out of range \(1–255\)/ },
        { line: 21, column: 9, endColumn: 14, message: /ingress\[3\]\.destination\.ports .* must set protocol to TCP, UDP or SCTP\.$/ },
        { line: 25, column: 9, endColumn: 14, message: /egress\[0\]\.destination\.ports .* must set protocol to TCP, UDP or SCTP\.$/ },
        { line: 26, column: 16, endColumn: 28, message: /"10\.0\.0\.300\/8" is not an IP address or CIDR/ },
        { line: 26, column: 30, endColumn: 60, message: /"10\.20\.30\.40\/32  Cluster IP A" is not an IP address or CIDR/ },
        { line: 34, column: 17, endColumn: 22, message: 'Invalid stagedAction in this StagedNetworkPolicy: "Apply" is not one of Set, Delete, Learn, Ignore.' },
        { line: 35, column: 10, endColumn: 14, message: 'Invalid order in this StagedNetworkPolicy: "high" is not a number.' },
        { line: 44, column: 7, endColumn: 20, message: 'Invalid types[1] in this GlobalNetworkPolicy: this item is not Ingress or Egress.' },
      ],
    },
  ],
});
