// Kubernetes LabelSelector (metav1.LabelSelector) evaluation, with the apimachinery semantics:
// `matchLabels` and every `matchExpressions` requirement are ANDed; `NotIn` and `DoesNotExist`
// match objects that lack the key; the empty selector `{}` selects everything.
//
// An *absent* selector is not an empty one: depending on the API field it means "nothing"
// (e.g. a NetworkPolicy peer's `namespaceSelector` left out = the policy's own namespace,
// a Service without `selector` = no pods) or "everything". Callers decide what absence means
// and only pass selectors that are present; `toK8sLabelSelector` returns undefined for absence.

import { LabelSet, labelValue } from './labels';

export type K8sSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export const K8S_SELECTOR_OPERATORS: readonly K8sSelectorOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

export interface K8sLabelSelectorRequirement {
  key: string;
  /** Kept as written; anything but the four operators (case-sensitive) makes the selector invalid. */
  operator: string;
  values: string[];
}

export interface K8sLabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: K8sLabelSelectorRequirement[];
}

/** A structural problem that makes the API server reject the selector. */
export interface LabelSelectorProblem {
  message: string;
  /** Where in the selector: e.g. `['matchExpressions', 0, 'operator']`. */
  path: (string | number)[];
}

/** One key that a selector refers to, with how it is used. */
export interface SelectorKeyUse {
  key: string;
  /** `matchLabels` for a matchLabels entry, else the requirement's operator. */
  operator: 'matchLabels' | string;
  values: string[];
  path: (string | number)[];
}

export interface LabelPair {
  key: string;
  value: string;
}

const hasOwn = Object.prototype.hasOwnProperty;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// YAML scalars that are not strings (`version: 1`, `enabled: true`) are rejected by the API
// server; for matching we read them as the text they would have been (other rules report them).
// A null value decodes to "" in Go's JSON decoding of map[string]string.
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

/**
 * Converts a selector as parsed from YAML into a K8sLabelSelector.
 * Returns undefined when the selector is absent (undefined or null) or is not a mapping.
 * Malformed entries are kept in a form that cannot match (unknown operator), never dropped,
 * because dropping a requirement would widen the selector.
 */
export function toK8sLabelSelector(raw: unknown): K8sLabelSelector | undefined {
  if (!isPlainObject(raw)) return undefined;
  const matchLabels: Record<string, string> = {};
  const matchExpressions: K8sLabelSelectorRequirement[] = [];
  if (isPlainObject(raw.matchLabels)) {
    for (const [key, value] of Object.entries(raw.matchLabels)) {
      const text = scalarText(value);
      if (text !== undefined) matchLabels[key] = text;
      else matchExpressions.push({ key, operator: '<invalid matchLabels value>', values: [] });
    }
  }
  if (Array.isArray(raw.matchExpressions)) {
    for (const entry of raw.matchExpressions) {
      if (!isPlainObject(entry)) {
        matchExpressions.push({ key: '', operator: '<invalid requirement>', values: [] });
        continue;
      }
      const key = typeof entry.key === 'string' ? entry.key : '';
      const operator = typeof entry.operator === 'string' ? entry.operator : '';
      const values: string[] = [];
      if (Array.isArray(entry.values)) {
        for (const v of entry.values) {
          const text = scalarText(v);
          if (text !== undefined) values.push(text);
        }
      }
      matchExpressions.push({ key, operator, values });
    }
  }
  return { matchLabels, matchExpressions };
}

/** True for `{}` (no matchLabels, no matchExpressions): selects every object. */
export function isEmptySelector(sel: K8sLabelSelector): boolean {
  for (const key in sel.matchLabels) if (hasOwn.call(sel.matchLabels, key)) return false;
  return sel.matchExpressions.length === 0;
}

/**
 * Problems that make the API server reject the selector (apimachinery
 * ValidateLabelSelectorRequirement): unknown operator, In/NotIn without values,
 * Exists/DoesNotExist with values. Key and value syntax is the label-syntax rule's concern.
 */
export function labelSelectorProblems(sel: K8sLabelSelector): LabelSelectorProblem[] {
  const problems: LabelSelectorProblem[] = [];
  sel.matchExpressions.forEach((req, i) => {
    switch (req.operator) {
      case 'In':
      case 'NotIn':
        if (req.values.length === 0) {
          problems.push({ message: `operator ${req.operator} needs at least one value`, path: ['matchExpressions', i, 'values'] });
        }
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (req.values.length > 0) {
          problems.push({ message: `operator ${req.operator} takes no values`, path: ['matchExpressions', i, 'values'] });
        }
        break;
      default:
        problems.push({
          message: `unknown operator "${req.operator}" (expected one of ${K8S_SELECTOR_OPERATORS.join(', ')})`,
          path: ['matchExpressions', i, 'operator'],
        });
    }
  });
  return problems;
}

function requirementMatches(req: K8sLabelSelectorRequirement, labels: LabelSet): boolean {
  const value = labelValue(labels, req.key);
  switch (req.operator) {
    case 'In':
      return value !== undefined && req.values.length > 0 && req.values.includes(value);
    case 'NotIn':
      return req.values.length > 0 && (value === undefined || !req.values.includes(value));
    case 'Exists':
      return req.values.length === 0 && value !== undefined;
    case 'DoesNotExist':
      return req.values.length === 0 && value === undefined;
    default:
      // An invalid selector is rejected by the API server; it selects nothing.
      return false;
  }
}

/**
 * Whether `labels` satisfy the selector. A selector with problems (see
 * `labelSelectorProblems`) matches nothing, as the API server would not accept it.
 */
export function matchesLabelSelector(sel: K8sLabelSelector, labels: LabelSet): boolean {
  for (const key in sel.matchLabels) {
    if (!hasOwn.call(sel.matchLabels, key)) continue;
    if (labelValue(labels, key) !== sel.matchLabels[key]) return false;
  }
  for (const req of sel.matchExpressions) {
    if (!requirementMatches(req, labels)) return false;
  }
  return true;
}

/** Every key the selector refers to, in source order (matchLabels first). */
export function selectorKeys(sel: K8sLabelSelector): SelectorKeyUse[] {
  const uses: SelectorKeyUse[] = [];
  for (const key of Object.keys(sel.matchLabels)) {
    uses.push({ key, operator: 'matchLabels', values: [sel.matchLabels[key]], path: ['matchLabels', key] });
  }
  sel.matchExpressions.forEach((req, i) => {
    uses.push({ key: req.key, operator: req.operator, values: req.values.slice(), path: ['matchExpressions', i] });
  });
  return uses;
}

/**
 * The `key=value` pairs an object must carry to match: every matchLabels entry and every
 * `In` requirement with exactly one value.
 */
export function requiredLabelPairs(sel: K8sLabelSelector): LabelPair[] {
  const pairs: LabelPair[] = [];
  for (const key of Object.keys(sel.matchLabels)) pairs.push({ key, value: sel.matchLabels[key] });
  for (const req of sel.matchExpressions) {
    if (req.operator === 'In' && req.values.length === 1) pairs.push({ key: req.key, value: req.values[0] });
  }
  return pairs;
}

/**
 * One `key=value` pair that every match carries, for index lookups (look up candidates by
 * the pair, then filter them with `matchesLabelSelector`). Undefined when there is none,
 * e.g. for `{}` or a selector made only of Exists/NotIn/multi-value In requirements.
 */
export function indexHint(sel: K8sLabelSelector): LabelPair | undefined {
  for (const key in sel.matchLabels) {
    if (hasOwn.call(sel.matchLabels, key)) return { key, value: sel.matchLabels[key] };
  }
  for (const req of sel.matchExpressions) {
    if (req.operator === 'In' && req.values.length === 1) return { key: req.key, value: req.values[0] };
  }
  return undefined;
}
