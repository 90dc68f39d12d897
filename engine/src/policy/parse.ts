// Which objects are policies, and their Policy model (built once per object: objects are
// immutable values, replaced when their file changes, so a WeakMap keyed by object is a safe cache).
import type { K8sObject } from '../model/object';
import { parseCalicoPolicy } from './parseCalico';
import { parseKubernetesPolicy } from './parseKubernetes';
import type { Policy } from './types';
import { movableCache } from '../model/objectCache';
import { movePolicy } from './move';

/** Calico's API groups: the projectcalico.org/v3 API, and the CRDs it stores to. */
export function isCalicoApiVersion(apiVersion: string): boolean {
  return apiVersion === 'projectcalico.org/v3' || apiVersion === 'crd.projectcalico.org/v1';
}

export const CALICO_POLICY_KINDS: readonly string[] = [
  'NetworkPolicy',
  'GlobalNetworkPolicy',
  'StagedNetworkPolicy',
  'StagedGlobalNetworkPolicy',
  'StagedKubernetesNetworkPolicy',
];

/** A Calico policy kind (any of the five) in one of Calico's API groups. */
export function isCalicoPolicy(obj: Pick<K8sObject, 'apiVersion' | 'kind'>): boolean {
  return isCalicoApiVersion(obj.apiVersion) && CALICO_POLICY_KINDS.includes(obj.kind);
}

export function isKubernetesNetworkPolicy(obj: Pick<K8sObject, 'apiVersion' | 'kind'>): boolean {
  return obj.kind === 'NetworkPolicy' && obj.apiVersion.startsWith('networking.k8s.io/');
}

export function isPolicyObject(obj: Pick<K8sObject, 'apiVersion' | 'kind'>): boolean {
  return isKubernetesNetworkPolicy(obj) || isCalicoPolicy(obj);
}

/** Moved with the object (an edit earlier in the file) rather than parsed again. */
const cache = movableCache<Policy | null>((policy, to, delta) => policy && movePolicy(policy, to, delta));

/** A detached object's policy model, computed where it had its tree (`model/detach.ts`). */
export function seedPolicy(obj: K8sObject, policy: Policy | undefined): void {
  cache.set(obj, policy ?? null);
}

/** The object's Policy model, or undefined when it is not a policy. */
export function policyOf(obj: K8sObject): Policy | undefined {
  const cached = cache.get(obj);
  if (cached !== undefined) return cached ?? undefined;
  const policy = build(obj);
  cache.set(obj, policy ?? null);
  return policy;
}

function build(obj: K8sObject): Policy | undefined {
  if (isKubernetesNetworkPolicy(obj)) return parseKubernetesPolicy(obj, false);
  if (!isCalicoPolicy(obj)) return undefined;
  switch (obj.kind) {
    case 'StagedKubernetesNetworkPolicy':
      return parseKubernetesPolicy(obj, true);
    case 'NetworkPolicy':
      return parseCalicoPolicy(obj, false, false);
    case 'StagedNetworkPolicy':
      return parseCalicoPolicy(obj, false, true);
    case 'GlobalNetworkPolicy':
      return parseCalicoPolicy(obj, true, false);
    case 'StagedGlobalNetworkPolicy':
      return parseCalicoPolicy(obj, true, true);
    default:
      return undefined;
  }
}
