import { createRule, RuleReport } from './rule';
import { analysedPolicy, podsOfPeer, PodInfo } from '../policy/index';

const messages = {
  unknown: 'No pod {{where}} declares a container port named "{{name}}".',
  protocol: 'The pods {{where}} declare port "{{name}}" only as {{declared}}, not {{protocol}}.',
};

/** A named port that no selected pod declares. */
export default createRule({
  id: 'policy-named-port-unknown',
  defaultSeverity: 'warning',
  scope: 'workspace',
  description: 'Reports named ports in policy rules that no pod the rule applies to declares (with that protocol).',
  messages,
  *check(obj, { index }): Generator<RuleReport<keyof typeof messages>> {
    const found = analysedPolicy(obj, index);
    if (!found || found.policy.staged || found.policy.broken) return;
    const { policy, analysis } = found;
    const selected = analysis.selected(policy);
    // A policy that selects no pod is policy-selector-dangling's concern.
    if (selected.length === 0) return;
    for (const rule of [...policy.ingress, ...policy.egress]) {
      const named = (rule.ports ?? []).filter((p) => p.name !== undefined);
      if (named.length === 0) continue;
      // Ingress: the ports are the selected pods'. Egress: the destination pods'.
      let pods: readonly PodInfo[] = selected;
      let where = 'selected by this policy';
      if (rule.direction === 'egress') {
        if (!rule.peers) continue;
        const resolved = rule.peers.map((peer) => podsOfPeer(analysis.ws, policy, peer));
        if (resolved.some((r) => r === undefined)) continue;
        pods = [...new Set(resolved.flatMap((r) => r ?? []))];
        where = 'this rule sends to';
        if (pods.length === 0) continue;
      }
      for (const port of named) {
        const name = port.name as string;
        const declared = new Set<string>();
        let matched = false;
        for (const pod of pods) {
          for (const c of pod.containers) {
            for (const p of c.ports) {
              if (p.name !== name) continue;
              declared.add(p.protocol);
              if (port.protocol === undefined || p.protocol === port.protocol) matched = true;
            }
          }
          if (matched) break;
        }
        if (matched) continue;
        if (declared.size > 0) {
          yield {
            messageId: 'protocol',
            data: { name, where, declared: [...declared].sort().join('/'), protocol: port.protocol ?? '' },
            start: port.range.start,
            end: port.range.end,
          };
        } else {
          yield { messageId: 'unknown', data: { name, where }, start: port.range.start, end: port.range.end };
        }
      }
    }
  },
});
