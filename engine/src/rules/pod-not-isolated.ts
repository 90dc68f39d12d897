import { createRule, RuleReport } from './rule';
import { policyAnalysis } from '../policy/index';

const messages = {
  notIsolated:
    '{{kind}} "{{name}}" is not isolated for ingress: no NetworkPolicy or Calico policy selects its pods with Ingress in its types, so any pod can connect to them.',
};

/** A workload whose pods no policy isolates for ingress. */
export default createRule({
  id: 'pod-not-isolated',
  defaultSeverity: 'warning',
  scope: 'workspace',
  description: 'Reports workloads whose pods no NetworkPolicy or Calico policy isolates for ingress.',
  messages,
  *check(obj, { index }): Generator<RuleReport<keyof typeof messages>> {
    if (!obj.podTemplate) return;
    const analysis = policyAnalysis(index);
    const pod = analysis.ws.podOf(obj);
    // Policies do not apply to host-network pods: nothing could isolate them.
    if (!pod || pod.hostNetwork) return;
    if (analysis.isolatedBy(pod, 'ingress').length > 0) return;
    yield {
      messageId: 'notIsolated',
      data: { kind: obj.kind, name: obj.name, namespace: obj.namespace },
      start: obj.nameRange.start,
      end: obj.nameRange.end,
    };
  },
});
