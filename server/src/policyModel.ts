// The PolicyView of the code lenses, answered by the engine's policy model (engine/src/policy):
// the pods a policy selects (staged policies: what they would select) and the non-staged policies
// that isolate a workload's pods, per direction. Both come from the analysis derived once per
// index version, so a lens request is a few map reads.
import { isWorkloadKind, type K8sObject } from '../../engine/src/index';
import { analysedPolicy, isPolicyObject, policyAnalysis } from '../../engine/src/policy/index';
import type { PolicyView } from './policyView';

const objectsOf = (items: readonly { obj?: K8sObject }[]): K8sObject[] => items.flatMap((x) => (x.obj ? [x.obj] : []));

export const ENGINE_POLICY_VIEW: PolicyView = {
  selectedWorkloads(obj, index) {
    if (!isPolicyObject(obj)) return undefined;
    const hit = analysedPolicy(obj, index);
    return hit ? objectsOf(hit.analysis.selected(hit.policy)) : undefined;
  },
  isolation(obj, index) {
    if (!isWorkloadKind(obj.kind)) return undefined;
    const analysis = policyAnalysis(index);
    const pod = analysis.ws.podOf(obj);
    if (!pod) return undefined;
    return {
      ingress: objectsOf(analysis.isolatedBy(pod, 'ingress')),
      egress: objectsOf(analysis.isolatedBy(pod, 'egress')),
      hostNetwork: pod.hostNetwork,
    };
  },
};
