// What the code lenses need from the policy model (engine/src/policy): which workloads a policy
// selects, and which policies isolate a workload. Kept as a small interface so the lenses do not
// depend on how the model computes it.
import type { K8sObject, Taxonomy, WorkspaceIndex } from '../../engine/src/index';

export interface Isolation {
  /** Policies that isolate the workload's pods for ingress (empty: not isolated). */
  ingress: readonly K8sObject[];
  egress: readonly K8sObject[];
  /** `hostNetwork: true`: network policies do not apply to its pods. */
  hostNetwork?: boolean;
}

export interface PolicyView {
  /** For a policy: the workloads whose pods it selects; undefined for any other object. */
  selectedWorkloads(obj: K8sObject, index: WorkspaceIndex, taxonomy: Taxonomy): readonly K8sObject[] | undefined;
  /** For a workload: the policies that isolate its pods; undefined for any other object. */
  isolation(obj: K8sObject, index: WorkspaceIndex, taxonomy: Taxonomy): Isolation | undefined;
}
