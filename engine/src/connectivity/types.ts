// The connectivity model's data: endpoints (nodes), allowed connections (edges), the verdict on
// one pair, and the model's interface. Semantics are described in model.ts.
import type { K8sObject } from '../model/object';
import type { Direction, PodInfo, Policy, PolicyRule } from '../policy/index';
import type { PortSet } from './portSet';

export const OUTSIDE_ID = 'outside';
export const KUBE_DNS_ID = 'kube-dns';

export type EndpointType = 'workload' | 'outside' | 'kube-dns';

export interface ConnectivityNode {
  /** `NS/NAME`, `outside` or `kube-dns`. */
  id: string;
  type: EndpointType;
  /** The workload's kind; `External` for outside, `DNS` for kube-dns. */
  kind: string;
  /** '' for outside. */
  namespace: string;
  name: string;
  /** The pod template's labels (what selectors see); kube-dns: `k8s-app: kube-dns`. */
  labels: ReadonlyMap<string, string>;
  /** Selected by an enforced policy that isolates it, per direction. */
  isolated: { ingress: boolean; egress: boolean };
  /** undefined for outside. */
  pod?: PodInfo;
  /** The workload's manifest object (undefined for the virtual endpoints). */
  obj?: K8sObject;
}

/** A policy rule that allows (part of) a connection. */
export interface RuleRef {
  policy: Policy;
  rule: PolicyRule;
  direction: Direction;
}

export interface Verdict {
  /** What may pass (empty: denied). */
  allowed: PortSet;
  /** The allowing rules of the egress side, then of the ingress side (empty where neither side is isolated). */
  decidedBy: RuleRef[];
  isolated: { egress: boolean; ingress: boolean };
}

export type StagedChange = 'newly-allowed' | 'newly-denied';

export interface ConnectivityEdge {
  from: ConnectivityNode;
  to: ConnectivityNode;
  /** Allowed now; for `newly-allowed` edges, what the staged policies would allow. */
  ports: PortSet;
  decidedBy: RuleRef[];
  staged?: StagedChange;
  /** An edge allowed now and with staged policies enforced, whose ports the staged policies change. */
  stagedPorts?: PortSet;
}

export type EvaluationMode = 'now' | 'staged';

export interface ConnectivityModel {
  /** Workloads sorted by namespace, name and kind; then kube-dns, then outside. */
  readonly nodes: readonly ConnectivityNode[];
  /** Allowed now, plus `newly-allowed` ones; in node order of `from`, then of `to`. */
  readonly edges: readonly ConnectivityEdge[];
  /** The workspace has staged policies (edges carry the diff). */
  readonly hasStaged: boolean;
  node(id: string): ConnectivityNode | undefined;
  /** Any ordered pair, now or with the staged policies enforced (for tests and "why not?"). */
  evaluate(from: ConnectivityNode, to: ConnectivityNode, mode?: EvaluationMode): Verdict;
}
