// The policy lookups of an earlier index version carried over an update that the index readers
// do not see (objects moved by an edit earlier in their file, a workload's own label value typed:
// `WorkspaceIndex.derive`'s follow). The lookups as built still give the right answers; what they
// hand out (pods, policies, objects) is mapped to the current objects, each once per version, so
// that identities stay consistent between the lookups and the per-object caches (`policyOf`).
import type { K8sObject } from '../model/object';
import type { ObjectMapping } from '../workspace/index';
import { policyOf } from './parse';
import type { Policy } from './types';
import type { NamespaceInfo, OtherEndpoint, PodInfo, PolicyWorkspace } from './workspace';

/** A followed workspace's correspondence between what it hands out and what it was built with. */
export interface FollowedWorkspace {
  built: PolicyWorkspace;
  /** The current pod for a pod of the built workspace. */
  pod(built: PodInfo): PodInfo;
  /** The built pod for a current one (itself when it is none). */
  builtPod(pod: PodInfo): PodInfo;
  /** The current policy for a policy of the built workspace. */
  policy(built: Policy): Policy;
  /** The built policy for a current one. */
  builtPolicy(policy: Policy): Policy | undefined;
}

const followed = new WeakMap<PolicyWorkspace, FollowedWorkspace>();

export function followedOf(ws: PolicyWorkspace): FollowedWorkspace | undefined {
  return followed.get(ws);
}

function memo<K, V>(compute: (key: K) => V): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined && !cache.has(key)) cache.set(key, (value = compute(key)));
    return value as V;
  };
}

function once<V>(compute: () => V): () => V {
  let value: V | undefined;
  return () => (value ??= compute());
}

export function followWorkspace(built: PolicyWorkspace, mapping: ObjectMapping): PolicyWorkspace {
  const builtPods = new Map<PodInfo, PodInfo>();
  const pod = memo((b: PodInfo): PodInfo => {
    const obj = b.obj && mapping.current(b.obj);
    if (!obj || obj === b.obj) return b;
    const moved = movedPod(b, obj);
    builtPods.set(moved, b);
    return moved;
  });
  const builtPolicies = once(() => new Map(built.policies.map((p) => [p.obj, p])));
  const policy = (b: Policy): Policy => {
    const obj = mapping.current(b.obj);
    return obj === b.obj ? b : (policyOf(obj) ?? b);
  };
  const namespaceInfo = memo((b: NamespaceInfo): NamespaceInfo => (b.obj && mapping.current(b.obj) !== b.obj ? { ...b, obj: mapping.current(b.obj) } : b));
  const pods = once(() => built.pods.map(pod));
  const policies = once(() => built.policies.map(policy));
  const services = once(() => built.services.map((s) => mapping.current(s)));
  const otherEndpoints = once(() => built.otherEndpoints.map((e): OtherEndpoint => (mapping.current(e.obj) === e.obj ? e : { ...e, obj: mapping.current(e.obj) })));
  const podsIn = memo((ns: string | undefined) => (ns === undefined ? pods() : built.podsIn(ns).map(pod)));
  const podsWithCache = new Map<string, readonly PodInfo[]>();
  const namespaces = once(() => built.namespaces().map(namespaceInfo));
  const namespacesWithCache = new Map<string, readonly NamespaceInfo[]>();
  const ws: PolicyWorkspace = {
    get pods() {
      return pods();
    },
    get policies() {
      return policies();
    },
    get services() {
      return services();
    },
    get otherEndpoints() {
      return otherEndpoints();
    },
    podOf: (obj: K8sObject) => {
      const b = built.podOf(mapping.built(obj));
      return b?.obj && mapping.current(b.obj) === obj ? pod(b) : undefined;
    },
    service: (ns, name) => {
      const b = built.service(ns, name);
      return b && mapping.current(b);
    },
    podsIn,
    podsWith: (ns, key, value) => {
      const id = `${ns === undefined ? '*' : `=${ns}`}\u0000${key}\u0000${value}`;
      let found = podsWithCache.get(id);
      if (!found) podsWithCache.set(id, (found = built.podsWith(ns, key, value).map(pod)));
      return found;
    },
    namespace: (name) => namespaceInfo(built.namespace(name)),
    namespaces,
    namespacesWith: (key, value) => {
      const id = `${key}\u0000${value}`;
      let found = namespacesWithCache.get(id);
      if (!found) namespacesWithCache.set(id, (found = built.namespacesWith(key, value).map(namespaceInfo)));
      return found;
    },
    serviceAccountLabels: (ns, name) => built.serviceAccountLabels(ns, name),
  };
  followed.set(ws, {
    built,
    pod,
    builtPod: (p) => builtPods.get(p) ?? p,
    policy,
    builtPolicy: (p) => builtPolicies().get(mapping.built(p.obj)),
  });
  return ws;
}

/** The pod of `obj` as `b` was of the object it replaces (its containers read when asked). */
function movedPod(b: PodInfo, obj: K8sObject): PodInfo {
  return {
    obj,
    kind: b.kind,
    namespace: b.namespace,
    name: b.name,
    labels: b.labels,
    calicoLabels: b.calicoLabels,
    get containers() {
      return obj.podTemplate!.containers;
    },
    hostNetwork: b.hostNetwork,
    serviceAccount: b.serviceAccount,
  };
}
