// The edge graph's data (SPEC §5): who may connect to whom, on which port, through which
// Services, and the evidence for it. Built by edges.ts.
import type { K8sObject } from '../model/object';

export interface WorkloadRef {
  kind: string;
  namespace: string;
  name: string;
  uri: string;
}

/** Where an edge was read from. */
export interface Evidence {
  /** The object whose text holds the evidence (a workload, ConfigMap, Service, Ingress or route). */
  uri: string;
  kind: string;
  namespace: string;
  name: string;
  /** The container whose configuration holds (or reads) the value. */
  container?: string;
  /**
   * What was read, for people: `env PRODUCT_CATALOG_SERVICE_ADDR`, `args[1]`, `command[0]`,
   * `ConfigMap shop-config REDIS_URL`, `Service frontend-external type`, `Ingress shop backend`.
   */
  field: string;
  /** The value, on one line (long or multi-line values are cut to the reference). */
  value: string;
  /** Field and value for a comment: `env PRODUCT_CATALOG_SERVICE_ADDR=productcatalogservice:3550`. */
  description: string;
  /** The referencing text itself (`productcatalogservice:3550`). */
  reference: string;
  /** Offsets of the reference in `uri` (the whole scalar when the reference cannot be pinned). */
  start: number;
  end: number;
}

export interface ServiceRef {
  namespace: string;
  name: string;
  port: number;
  portName?: string;
}

export const OUTSIDE = 'outside';

/** A connection the manifests imply: `from` may open `to` on `port`/`protocol`. */
export interface Edge {
  from: WorkloadRef | typeof OUTSIDE;
  to: WorkloadRef;
  /** Destination (container) port. */
  port: number;
  protocol: string;
  /** The Services (and Service ports) that lead there. */
  services: ServiceRef[];
  evidence: Evidence[];
}

/** A reference that looks like an in-cluster address but leads nowhere (reported as a warning). */
export interface Unresolved {
  from: WorkloadRef;
  evidence: Evidence;
  reason: string;
}

export interface EdgeGraph {
  edges: readonly Edge[];
  /** Edges by `workloadKey` of the client (`from`); outside edges are only in `into`. */
  outOf: ReadonlyMap<string, readonly Edge[]>;
  /** Edges by `workloadKey` of the server (`to`). */
  into: ReadonlyMap<string, readonly Edge[]>;
  /** By `workloadKey` of the client. */
  unresolved: ReadonlyMap<string, readonly Unresolved[]>;
  /** Every workload (object with a pod template), by `workloadKey`. */
  workloads: ReadonlyMap<string, K8sObject>;
}

export function workloadKey(w: { kind: string; namespace: string; name: string }): string {
  return `${w.namespace}/${w.kind}/${w.name}`;
}

export function workloadRef(obj: K8sObject): WorkloadRef {
  return { kind: obj.kind, namespace: obj.namespace, name: obj.name, uri: obj.uri };
}
