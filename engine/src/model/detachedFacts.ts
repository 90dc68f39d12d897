// What a detached object (a K8sObject without its YAML nodes, e.g. sent from a CLI worker thread)
// carries instead of `node`/`doc`: the few things other objects' rules read from the YAML of an
// object. Types only (no imports of the readers, so no import cycles): `model/detach.ts` builds
// them, and attaching puts them into the readers' per-object caches.
import type { Policy } from '../policy/types';
import type { K8sLabelSelector } from '../selectors/labelSelector';

/** A selector written in an object, as plain data (`labels/selectionChange.ts` evaluates it). */
export interface SelectorUse {
  target: 'pod' | 'namespace' | 'serviceaccount';
  /** The namespace whose objects it can select; undefined = every namespace. */
  namespace?: string;
  /** A Kubernetes LabelSelector (`matchLabels`, `matchExpressions`) … */
  k8s?: K8sLabelSelector;
  /** … or a Calico selector expression. */
  calico?: string;
}

/** The selectors an object writes: modeled ones, and the keys/texts of other selector-like fields. */
export interface SelectorUses {
  selectors: SelectorUse[];
  otherKeys: string[];
  otherTexts: string[];
}

export interface DetachedFacts {
  /** Workloads and Pods: from the pod spec. */
  pod?: { hostNetwork: boolean; serviceAccount: string };
  /** Policies: the policy model (its `obj` is the detached object). */
  policy?: Policy;
  /** Services: `spec.selector` as key → value. */
  serviceSelector?: Record<string, string>;
  selectorUses: SelectorUses;
}
