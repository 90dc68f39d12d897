// AST of a Calico selector expression. Every offset is a UTF-16 index into the selector
// string itself (not the file): `start` inclusive, `end` exclusive. A node's range covers its
// whole source text, including parentheses written around it and a leading `!`.

export type CalicoCompareOp = '==' | '!=' | 'contains' | 'starts with' | 'ends with';
export type CalicoSetOp = 'in' | 'not in';

/** A quoted value: `value` is the text between the quotes, `start`/`end` its range (quotes excluded). */
export interface CalicoValue {
  value: string;
  start: number;
  end: number;
}

interface NodeBase {
  start: number;
  end: number;
}

/** `all()`, or the empty selector (then `implicit` is true and the range is empty). */
export interface CalicoAllNode extends NodeBase {
  kind: 'all';
  implicit: boolean;
}

/** `global()`: in a rule's namespaceSelector, "non-namespaced endpoints"; as a label match it is true. */
export interface CalicoGlobalNode extends NodeBase {
  kind: 'global';
}

export interface CalicoHasNode extends NodeBase {
  kind: 'has';
  key: string;
  keyStart: number;
  keyEnd: number;
}

export interface CalicoCompareNode extends NodeBase {
  kind: 'compare';
  op: CalicoCompareOp;
  key: string;
  keyStart: number;
  keyEnd: number;
  value: CalicoValue;
}

export interface CalicoSetNode extends NodeBase {
  kind: 'set';
  op: CalicoSetOp;
  key: string;
  keyStart: number;
  keyEnd: number;
  /** As written, duplicates included. */
  values: CalicoValue[];
  /** The distinct values, for evaluation. */
  valueSet: ReadonlySet<string>;
}

export interface CalicoNotNode extends NodeBase {
  kind: 'not';
  operand: CalicoNode;
}

export interface CalicoAndNode extends NodeBase {
  kind: 'and';
  operands: CalicoNode[];
}

export interface CalicoOrNode extends NodeBase {
  kind: 'or';
  operands: CalicoNode[];
}

export type CalicoNode =
  | CalicoAllNode
  | CalicoGlobalNode
  | CalicoHasNode
  | CalicoCompareNode
  | CalicoSetNode
  | CalicoNotNode
  | CalicoAndNode
  | CalicoOrNode;

/** A parsed selector: the text it came from and its root expression. */
export interface CalicoSelector {
  text: string;
  root: CalicoNode;
}

export interface CalicoSyntaxError {
  /** Names the 1-based column within the selector, e.g. `unexpected "&" at column 12 (expected "&&")`. */
  message: string;
  /** Offset within the selector string (UTF-16). */
  offset: number;
  /** Length of the offending text; 0 at the end of the selector. */
  length: number;
}

export type CalicoParseResult = { ok: true; ast: CalicoSelector } | { ok: false; error: CalicoSyntaxError };

export interface CalicoParseOptions {
  /**
   * Accept `global()` (default true, as libcalico-go's parser does). Calico's API validation
   * allows it only as the whole of a policy rule's `namespaceSelector`; pass false for every
   * other field to make it a parse error here, or keep true and report placement with
   * `globalSelectorProblem`.
   */
  allowGlobal?: boolean;
}
