// The policy model: Kubernetes NetworkPolicies and Calico (Global)(Staged)NetworkPolicies as plain
// data with offsets. One shape for both flavors, so the rules ask one set of questions:
//   - which pods a policy selects (`selector`, plus a GlobalNetworkPolicy's `namespaceSelector`),
//   - which directions it isolates (`types`, defaulted as Kubernetes resp. Calico do),
//   - what its rules allow: peers (`undefined` = every peer) and ports (`undefined` = every port).
// Calico rules are normalised: the *peer* is `source` for ingress and `destination` for egress;
// `destination.ports` are the ports in both directions.
import type { K8sObject } from '../model/object';
import type { Range } from '../parse/yamlAccess';
import type { CalicoParseResult, CalicoSelectorField } from '../selectors/calico';
import type { K8sLabelSelector } from '../selectors/labelSelector';

export type Direction = 'ingress' | 'egress';
export type PolicyFlavor = 'kubernetes' | 'calico';

/** One label value written in a selector, with where it sits in the file. */
export interface SelectorValueUse {
  value: string;
  range: Range;
  /** A fix may rewrite this text in place (no alias, merge key or inexact mapping). */
  editable: boolean;
}

/** One label key written in a selector, with the values compared against it. */
export interface SelectorKeyUse {
  key: string;
  range: Range;
  editable: boolean;
  /** Values compared for equality or set membership (not `contains`/`starts with`/`ends with`). */
  values: SelectorValueUse[];
  /** Flow-style map (`{app: x}`) around a Kubernetes matchLabels entry: edits quote for it. */
  flow: boolean;
  /** `calico`: the key sits inside a selector expression (edits are raw text, no YAML quoting). */
  inExpression: boolean;
}

/** A Kubernetes LabelSelector as written (podSelector, namespaceSelector, a Service's selector). */
export interface K8sSelectorRef {
  kind: 'k8s';
  /** Which field: `podSelector`, `from[0].namespaceSelector`, … (for messages). */
  field: string;
  selector: K8sLabelSelector;
  /** The selector's value node, without trailing comments and line breaks. */
  range: Range;
  /** `{}`: selects everything. */
  empty: boolean;
  keys: SelectorKeyUse[];
}

/** A Calico selector expression as written. */
export interface CalicoSelectorRef {
  kind: 'calico';
  field: string;
  /** Where `global()` is allowed (libcalico-go validation). */
  placement: CalicoSelectorField;
  text: string;
  /** The whole YAML scalar. */
  range: Range;
  /**
   * File offset of the selector text's first character when every character maps 1:1 (plain
   * or quoted scalar on one line without escapes); undefined for block, folded or escaped scalars,
   * where positions fall back to `range`.
   */
  textStart?: number;
  /** Parse result, with `global()` placement errors folded in as syntax errors. */
  result: CalicoParseResult;
  keys: SelectorKeyUse[];
}

export type SelectorRef = K8sSelectorRef | CalicoSelectorRef;

/** A port of a rule: a number (or range), a name, or none (every port of `protocol`). */
export interface PolicyPort {
  /** undefined: every protocol (Calico rule without `protocol`). */
  protocol?: string;
  port?: number;
  endPort?: number;
  name?: string;
  range: Range;
}

/** One peer of a rule: who may connect (ingress) or be connected to (egress). */
export interface PolicyPeer {
  range: Range;
  /** Kubernetes `podSelector` / Calico `selector`. */
  pods?: SelectorRef;
  /** Kubernetes `namespaceSelector` / Calico `namespaceSelector`. */
  namespaces?: SelectorRef;
  /** Calico `notSelector`. */
  notPods?: CalicoSelectorRef;
  /** Kubernetes `ipBlock.cidr` / Calico `nets`. */
  nets?: string[];
  /** Kubernetes `ipBlock.except` / Calico `notNets`. */
  notNets?: string[];
  /** Calico `serviceAccounts`. */
  serviceAccounts?: { names: string[]; selector?: CalicoSelectorRef };
  /** Calico `services`. */
  service?: { name: string; namespace?: string };
}

export interface PolicyRule {
  direction: Direction;
  /** The rule's item in the `ingress`/`egress` list, without trailing comments. */
  range: Range;
  /** Kubernetes rules allow; Calico: `Allow`, `Deny`, `Log`, `Pass` (as written, '' when absent). */
  action: string;
  /** undefined: every peer (no `from`/`to`, an empty list, a Calico rule without source/destination peer fields). */
  peers?: PolicyPeer[];
  /** undefined: every port of every protocol. */
  ports?: PolicyPort[];
  /** Calico `notProtocol`. */
  notProtocol?: string;
  /** Calico `notPorts` of the destination. */
  notPorts?: PolicyPort[];
  /** Other narrowing: `icmp`, `http`, source ports, a local-side selector. Such a rule is never allow-all. */
  narrowed: boolean;
}

export interface Policy {
  obj: K8sObject;
  flavor: PolicyFlavor;
  staged: boolean;
  /** GlobalNetworkPolicy (and its staged form): applies in every namespace. */
  global: boolean;
  /** undefined for global policies. */
  namespace?: string;
  /** The endpoint selector; undefined when absent (Kubernetes: `{}`; Calico: `all()`). */
  selector?: SelectorRef;
  /** GlobalNetworkPolicy `namespaceSelector`. */
  namespaceSelector?: CalicoSelectorRef;
  /** Calico `serviceAccountSelector`. */
  serviceAccountSelector?: CalicoSelectorRef;
  /** `{}`, `all()`, empty or absent: every pod of its scope. */
  selectsAll: boolean;
  types: { ingress: boolean; egress: boolean };
  /** Where each type is written (`policyTypes`/`types` item), when it is. */
  typeRanges: { ingress?: Range; egress?: Range };
  /** The `ingress:`/`egress:` keys, when present. */
  listKeyRanges: { ingress?: Range; egress?: Range };
  ingress: PolicyRule[];
  egress: PolicyRule[];
  order?: number;
  /** Calico `preDNAT`/`doNotTrack`: applies to host endpoints only. */
  hostOnly: boolean;
  /** A Calico selector of this policy does not parse: other rules leave the policy alone. */
  broken: boolean;
  /** Every selector of the policy, in source order. */
  selectors: SelectorRef[];
}

/** What a policy does to the pods it selects: isolates them, per direction (never when staged). */
export function isolates(policy: Policy, direction: Direction): boolean {
  return !policy.staged && !policy.hostOnly && !policy.broken && policy.types[direction];
}
