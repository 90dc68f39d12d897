// Workspace lookups for policy analysis, derived once per index version (`index.derive`): pods
// (pod templates of workload kinds, and Pods) by namespace and by `key=value`, namespaces (declared,
// plus the implicit ones every selector still sees), Services, Calico's non-pod endpoints, and the
// policies. Selector lookups go through one `key=value` pair (the selectors' index hints) and then
// filter, so no rule scans every pod per object.
import type { Container, K8sObject } from '../model/object';
import { isWorkloadKind, labelMap, podTemplatePath } from '../model/object';
import { deref, isScalar, mapGet, mapPath, scalarText } from '../parse/yamlAccess';
import type { WorkspaceIndex } from '../workspace/index';
import { isCalicoApiVersion, policyOf } from './parse';
import type { Policy } from './types';
import { positionFreeCache } from '../model/objectCache';
import { followWorkspace } from './follow';

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
export const CALICO_NAME_LABEL = 'projectcalico.org/name';
export const CALICO_NAMESPACE_LABEL = 'projectcalico.org/namespace';
export const CALICO_ORCHESTRATOR_LABEL = 'projectcalico.org/orchestrator';
export const CALICO_SERVICE_ACCOUNT_LABEL = 'projectcalico.org/serviceaccount';

export interface PodInfo {
  /** The workload (or Pod); undefined for the virtual DNS target. */
  obj?: K8sObject;
  kind: string;
  namespace: string;
  name: string;
  /** The pod template's labels: what Kubernetes selectors see. */
  labels: ReadonlyMap<string, string>;
  /** Plus Calico's automatic labels (namespace, orchestrator, service account): what Calico selectors see. */
  calicoLabels: ReadonlyMap<string, string>;
  containers: readonly Container[];
  /** `hostNetwork: true`: network policies do not apply to it. */
  hostNetwork: boolean;
  serviceAccount: string;
}

export interface NamespaceInfo {
  name: string;
  /** The Namespace manifest, when the workspace declares it. */
  obj?: K8sObject;
  /** Its labels plus the automatic `kubernetes.io/metadata.name` and `projectcalico.org/name`. */
  labels: ReadonlyMap<string, string>;
}

/** A Calico endpoint that is not a pod: NetworkSet, GlobalNetworkSet, HostEndpoint. */
export interface OtherEndpoint {
  obj: K8sObject;
  /** undefined for GlobalNetworkSet and HostEndpoint. */
  namespace?: string;
  labels: ReadonlyMap<string, string>;
}

export interface PolicyWorkspace {
  readonly pods: readonly PodInfo[];
  readonly policies: readonly Policy[];
  readonly services: readonly K8sObject[];
  readonly otherEndpoints: readonly OtherEndpoint[];
  podOf(obj: K8sObject): PodInfo | undefined;
  /** The Service `namespace/name`, when declared. */
  service(namespace: string, name: string): K8sObject | undefined;
  /** Pods of a namespace (undefined: every namespace). */
  podsIn(namespace: string | undefined): readonly PodInfo[];
  /** Pods whose Calico labels (a superset of their labels) hold `key=value`, in a namespace or all. */
  podsWith(namespace: string | undefined, key: string, value: string): readonly PodInfo[];
  /** Declared or implicit: every namespace name exists for selectors. */
  namespace(name: string): NamespaceInfo;
  /** Namespaces declared or holding an object, plus kube-system (the DNS target's). */
  namespaces(): readonly NamespaceInfo[];
  namespacesWith(key: string, value: string): readonly NamespaceInfo[];
  serviceAccountLabels(namespace: string, name: string): ReadonlyMap<string, string>;
}

const EMPTY: readonly never[] = [];
const pairKey = (ns: string | undefined, key: string, value: string) => `${ns ?? ''}\u0000${key}\u0000${value}`;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Calico's automatic pod labels added to the template's own. */
export function calicoPodLabels(labels: ReadonlyMap<string, string>, namespace: string, serviceAccount: string): Map<string, string> {
  const out = new Map(labels);
  out.set(CALICO_NAMESPACE_LABEL, namespace);
  out.set(CALICO_ORCHESTRATOR_LABEL, 'k8s');
  out.set(CALICO_SERVICE_ACCOUNT_LABEL, serviceAccount);
  return out;
}

/** What the pod spec says beyond the model (read once per object: a closed file's tree is dropped after). */
const podSpecFactsCache = positionFreeCache<{ hostNetwork: boolean; serviceAccount: string }>();

/** A detached object's pod spec facts, read where it had its tree (`model/detach.ts`). */
export function seedPodSpecFacts(obj: K8sObject, facts: { hostNetwork: boolean; serviceAccount: string } | undefined): void {
  if (facts) podSpecFactsCache.set(obj, facts);
}

export function podSpecFacts(obj: K8sObject): { hostNetwork: boolean; serviceAccount: string } | undefined {
  if (!isWorkloadKind(obj.kind) || !obj.podTemplate) return undefined;
  let facts = podSpecFactsCache.get(obj);
  if (!facts) {
    const spec = obj.kind === 'Pod' ? mapGet(obj.node, 'spec', obj.doc) : mapPath(obj.node, [...(podTemplatePath(obj.kind) ?? []), 'spec'], obj.doc);
    const hostNetwork = deref(mapGet(spec, 'hostNetwork', obj.doc), obj.doc);
    const serviceAccount =
      scalarText(mapGet(spec, 'serviceAccountName', obj.doc)) ?? scalarText(mapGet(spec, 'serviceAccount', obj.doc)) ?? 'default';
    facts = { hostNetwork: isScalar(hostNetwork) && hostNetwork.value === true, serviceAccount };
    podSpecFactsCache.set(obj, facts);
  }
  return facts;
}

function podInfo(obj: K8sObject): PodInfo | undefined {
  const facts = podSpecFacts(obj);
  if (!facts || !obj.podTemplate) return undefined;
  const { serviceAccount } = facts;
  const labels = labelMap(obj.podTemplate.labels);
  const template = obj.podTemplate;
  return {
    obj,
    kind: obj.kind,
    namespace: obj.namespace,
    name: obj.name,
    labels,
    calicoLabels: calicoPodLabels(labels, obj.namespace, serviceAccount),
    // Read when asked: a moved object's containers are shifted then (few are read per keystroke).
    get containers() {
      return template.containers;
    },
    hostNetwork: facts.hostNetwork,
    serviceAccount,
  };
}

function namespaceLabels(name: string, declared?: K8sObject): Map<string, string> {
  const labels = declared ? labelMap(declared.labels) : new Map<string, string>();
  labels.set(NAMESPACE_NAME_LABEL, name);
  labels.set(CALICO_NAME_LABEL, name);
  return labels;
}

function build(index: WorkspaceIndex): PolicyWorkspace {
  const pods: PodInfo[] = [];
  const byObject = new Map<K8sObject, PodInfo>();
  const byNamespace = new Map<string, PodInfo[]>();
  const byPair = new Map<string, PodInfo[]>();
  const policies: Policy[] = [];
  const services: K8sObject[] = [];
  const servicesByName = new Map<string, K8sObject>();
  const otherEndpoints: OtherEndpoint[] = [];
  const declared = new Map<string, K8sObject>();
  const serviceAccounts = new Map<string, K8sObject>();
  const namespaceNames = new Set<string>(['kube-system']);
  for (const obj of index.objects()) {
    const pod = podInfo(obj);
    if (pod) {
      pods.push(pod);
      byObject.set(obj, pod);
      push(byNamespace, pod.namespace, pod);
      for (const [k, v] of pod.calicoLabels) {
        push(byPair, pairKey(pod.namespace, k, v), pod);
        push(byPair, pairKey(undefined, k, v), pod);
      }
      namespaceNames.add(pod.namespace);
      continue;
    }
    const policy = policyOf(obj);
    if (policy) {
      policies.push(policy);
      if (policy.namespace) namespaceNames.add(policy.namespace);
      continue;
    }
    if (obj.kind === 'Namespace' && obj.apiVersion === 'v1') {
      if (obj.name && !declared.has(obj.name)) declared.set(obj.name, obj);
      namespaceNames.add(obj.name);
    } else if (obj.kind === 'Service' && obj.apiVersion === 'v1') {
      services.push(obj);
      if (!servicesByName.has(`${obj.namespace}/${obj.name}`)) servicesByName.set(`${obj.namespace}/${obj.name}`, obj);
    } else if (obj.kind === 'ServiceAccount' && obj.apiVersion === 'v1') {
      serviceAccounts.set(`${obj.namespace}/${obj.name}`, obj);
    } else if (isCalicoApiVersion(obj.apiVersion) && (obj.kind === 'NetworkSet' || obj.kind === 'GlobalNetworkSet' || obj.kind === 'HostEndpoint')) {
      const namespaced = obj.kind === 'NetworkSet';
      const labels = labelMap(obj.labels);
      if (namespaced) labels.set(CALICO_NAMESPACE_LABEL, obj.namespace);
      otherEndpoints.push({ obj, namespace: namespaced ? obj.namespace : undefined, labels });
    }
  }
  const namespaceCache = new Map<string, NamespaceInfo>();
  const namespace = (name: string): NamespaceInfo => {
    let info = namespaceCache.get(name);
    if (!info) {
      const obj = declared.get(name);
      info = { name, obj, labels: namespaceLabels(name, obj) };
      namespaceCache.set(name, info);
    }
    return info;
  };
  const allNamespaces = [...namespaceNames].sort().map(namespace);
  const namespacesByPair = new Map<string, NamespaceInfo[]>();
  for (const ns of allNamespaces) for (const [k, v] of ns.labels) push(namespacesByPair, pairKey(undefined, k, v), ns);
  return {
    pods,
    policies,
    services,
    otherEndpoints,
    podOf: (obj) => byObject.get(obj),
    service: (ns, name) => servicesByName.get(`${ns}/${name}`),
    podsIn: (ns) => (ns === undefined ? pods : (byNamespace.get(ns) ?? EMPTY)),
    podsWith: (ns, key, value) => byPair.get(pairKey(ns, key, value)) ?? EMPTY,
    namespace,
    namespaces: () => allNamespaces,
    namespacesWith: (key, value) => {
      const found = namespacesByPair.get(pairKey(undefined, key, value));
      if (found) return found;
      // An undeclared namespace named by its automatic label still exists.
      return (key === NAMESPACE_NAME_LABEL || key === CALICO_NAME_LABEL) && value ? [namespace(value)] : EMPTY;
    },
    serviceAccountLabels: (ns, name) => {
      const sa = serviceAccounts.get(`${ns}/${name}`);
      return sa ? labelMap(sa.labels) : new Map();
    },
  };
}

/** The policy lookups of this index version (followed over updates the index readers do not see). */
export function policyWorkspace(index: WorkspaceIndex): PolicyWorkspace {
  return index.derive('policy:workspace', build, followWorkspace);
}
