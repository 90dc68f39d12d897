// Calico selectors: parsing (calicoParser.ts), evaluation against label sets, and the
// queries the rules need (referenced keys and values, index hints, select-all, global()).
//
// Semantics follow libcalico-go (lib/selector/parser/ast.go): `==`, `in`, `contains`,
// `starts with`, `ends with` and `has()` are false when the label is absent; `!=` and
// `not in` are true when it is absent; `all()` and the empty selector match everything;
// `global()` matches every label set (what it means in a namespaceSelector, "endpoints that are
// not namespaced", is the caller's concern).

import { CalicoCompareOp, CalicoNode, CalicoSelector, CalicoSetOp, CalicoSyntaxError, CalicoValue } from './calicoAst';
import { LabelSet, labelValue } from './labels';

export * from './calicoAst';
export { parseCalicoSelector, MAX_SELECTOR_LENGTH } from './calicoParser';

function evaluateNode(node: CalicoNode, labels: LabelSet): boolean {
  switch (node.kind) {
    case 'all':
    case 'global':
      return true;
    case 'has':
      return labelValue(labels, node.key) !== undefined;
    case 'compare': {
      const value = labelValue(labels, node.key);
      const wanted = node.value.value;
      switch (node.op) {
        case '==':
          return value === wanted;
        case '!=':
          return value !== wanted; // also true when the label is absent
        case 'contains':
          return value !== undefined && value.includes(wanted);
        case 'starts with':
          return value !== undefined && value.startsWith(wanted);
        case 'ends with':
          return value !== undefined && value.endsWith(wanted);
      }
      return false;
    }
    case 'set': {
      const value = labelValue(labels, node.key);
      if (node.op === 'in') return value !== undefined && node.valueSet.has(value);
      return value === undefined || !node.valueSet.has(value);
    }
    case 'not':
      return !evaluateNode(node.operand, labels);
    case 'and':
      for (const operand of node.operands) if (!evaluateNode(operand, labels)) return false;
      return true;
    case 'or':
      for (const operand of node.operands) if (evaluateNode(operand, labels)) return true;
      return false;
  }
}

/** Whether the labels satisfy the selector. Allocation-free. */
export function evaluateCalico(ast: CalicoSelector | CalicoNode, labels: LabelSet): boolean {
  return evaluateNode('root' in ast ? ast.root : ast, labels);
}

/** One label key written in a selector, with the values compared against it. */
export interface CalicoKeyReference {
  key: string;
  /** Range of the key within the selector. */
  start: number;
  end: number;
  op: 'has' | CalicoCompareOp | CalicoSetOp;
  /** The compared values with their ranges (empty for has()). */
  values: CalicoValue[];
  /** True under an odd number of `!`: the selector wants the comparison to fail. */
  negated: boolean;
}

/** Every label key the selector refers to, in source order. */
export function calicoSelectorKeys(ast: CalicoSelector | CalicoNode): CalicoKeyReference[] {
  const refs: CalicoKeyReference[] = [];
  const visit = (node: CalicoNode, negated: boolean): void => {
    switch (node.kind) {
      case 'has':
        refs.push({ key: node.key, start: node.keyStart, end: node.keyEnd, op: 'has', values: [], negated });
        break;
      case 'compare':
        refs.push({ key: node.key, start: node.keyStart, end: node.keyEnd, op: node.op, values: [node.value], negated });
        break;
      case 'set':
        refs.push({ key: node.key, start: node.keyStart, end: node.keyEnd, op: node.op, values: node.values.slice(), negated });
        break;
      case 'not':
        visit(node.operand, !negated);
        break;
      case 'and':
      case 'or':
        for (const operand of node.operands) visit(operand, negated);
        break;
    }
  };
  visit('root' in ast ? ast.root : ast, false);
  return refs;
}

export interface CalicoLabelPair {
  key: string;
  value: string;
}

function pairOf(node: CalicoNode, negated: boolean): CalicoLabelPair | undefined {
  if (node.kind === 'compare' && node.op === (negated ? '!=' : '==')) return { key: node.key, value: node.value.value };
  if (node.kind === 'set' && node.op === (negated ? 'not in' : 'in') && node.valueSet.size === 1) {
    return { key: node.key, value: node.valueSet.values().next().value as string };
  }
  return undefined;
}

function hintOf(node: CalicoNode): CalicoLabelPair | undefined {
  switch (node.kind) {
    case 'compare':
    case 'set':
      return pairOf(node, false);
    case 'not':
      // `!(k != 'v')` holds only when k is present and equal to v.
      return pairOf(node.operand, true);
    case 'and':
      for (const operand of node.operands) {
        const hint = hintOf(operand);
        if (hint) return hint;
      }
      return undefined;
    default:
      return undefined;
  }
}

/**
 * One `key == value` requirement that every match satisfies (a top-level conjunct such as
 * `k == 'v'`, `k in {'v'}` or `!(k != 'v')`), for index lookups: find candidates by the pair,
 * then filter them with `evaluateCalico`. Undefined when there is none.
 */
export function calicoIndexHint(ast: CalicoSelector | CalicoNode): CalicoLabelPair | undefined {
  return hintOf('root' in ast ? ast.root : ast);
}

function selectsAll(node: CalicoNode): boolean {
  switch (node.kind) {
    case 'all':
      return true;
    case 'and':
      return node.operands.every(selectsAll);
    case 'or':
      return node.operands.some(selectsAll);
    default:
      return false;
  }
}

/**
 * True for the empty selector and `all()` (also when written as `(all())`, `!!all()`,
 * `all() || …` or `all() && all()`). Other tautologies such as `has(a) || !has(a)` are not
 * recognised. `global()` is not select-all.
 * Callers beware: for a `namespaceSelector`, Calico gives "" and `all()` different meanings
 * ("" = the policy's own namespace in a NetworkPolicy); tell them apart with the root's
 * `implicit` flag (true only for the empty selector).
 */
export function isCalicoSelectAll(ast: CalicoSelector | CalicoNode): boolean {
  return selectsAll('root' in ast ? ast.root : ast);
}

/** Where a selector field sits, for `globalSelectorProblem`. */
export type CalicoSelectorField = 'ruleNamespaceSelector' | 'other';

const LONE_GLOBAL = /^[ \t]*global\([ \t]*\)[ \t]*$/;

/**
 * Calico's API validation of `global()`, which is separate from the parser (libcalico-go
 * validator/v3 `validateEntityRule` and the CRDs' CEL rules):
 * - in a policy rule's (EntityRule's) `namespaceSelector` it may only be the whole selector;
 * - every other selector field must not contain the text `global(` at all.
 * Both checks are textual in Calico, so `a == 'global('` is rejected too; this follows them.
 */
export function globalSelectorProblem(text: string, field: CalicoSelectorField): CalicoSyntaxError | undefined {
  const at = text.indexOf('global(');
  if (at < 0) return undefined;
  const close = text.indexOf(')', at);
  const length = close < 0 ? text.length - at : close + 1 - at;
  if (field === 'other') {
    return {
      message: `global() at column ${at + 1} can only be used as a policy rule's namespaceSelector`,
      offset: at,
      length,
    };
  }
  if (LONE_GLOBAL.test(text)) return undefined;
  return { message: `global() at column ${at + 1} cannot be combined with other selectors`, offset: at, length };
}
