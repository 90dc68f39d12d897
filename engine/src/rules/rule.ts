// What a rule is: its id, default severity, docs link, messages and check, in one value.
import type { Fix, RelatedLocation, Severity } from '../types';
import type { K8sObject } from '../model/object';
import type { ManifestDocument, ManifestFile } from '../parse/manifestFile';
import type { Taxonomy } from '../taxonomy/types';
import type { WorkspaceIndex } from '../workspace/index';
import { ruleDocsUrl } from '../meta';

export const RULE_IDS = [
  'label-required',
  'label-value-not-allowed',
  'label-syntax',
  'label-deprecated',
  'label-unknown',
  'selector-template-mismatch',
  'service-selector-dangling',
  'policy-selector-dangling',
  'policy-peer-dangling',
  'pod-not-isolated',
  'namespace-no-default-deny',
  'egress-deny-blocks-dns',
  'policy-allow-all',
  'policy-unknown-label',
  'policy-named-port-unknown',
  'calico-selector-syntax',
  'calico-policy-invalid',
  'yaml-syntax',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export interface RuleContext {
  /** A check reads the text only at its own object's offsets (an edit elsewhere keeps its findings). */
  file: ManifestFile;
  taxonomy: Taxonomy;
  /** Every object of the workspace (this file included), for cross-object rules. */
  index: WorkspaceIndex;
}

/** What a check reports: a location, a message id with its data, and the fixes. */
export interface RuleReport<M extends string = string> {
  messageId: M;
  data?: Record<string, string | number>;
  start: number;
  end: number;
  fixes?: Fix[];
  related?: RelatedLocation[];
}

export interface Rule<M extends string = string> {
  id: RuleId;
  /** `per-taxonomy`: the taxonomy decides (label-unknown follows `unknownLabels`). */
  defaultSeverity: Severity | 'per-taxonomy';
  /** `workspace` rules read other objects through the index. */
  scope: 'document' | 'object' | 'workspace';
  description: string;
  docsUrl: string;
  messages: Record<M, string>;
  /** Object rules and workspace rules. */
  check?(obj: K8sObject, ctx: RuleContext): Iterable<RuleReport<M>>;
  /** Document rules (yaml-syntax) see every document, including those without objects. */
  checkDocument?(doc: ManifestDocument, ctx: RuleContext): Iterable<RuleReport<M>>;
}

export type RuleSpec<M extends string> = Omit<Rule<M>, 'docsUrl'>;

/** Derives the docs URL from the id so it is never typed by hand. */
export function createRule<M extends string>(spec: RuleSpec<M>): Rule<M> {
  return { ...spec, docsUrl: ruleDocsUrl(spec.id) };
}

/** Fills `{{name}}` placeholders of a message with the report's data. */
export function formatMessage(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => (data && name in data ? String(data[name]) : `{{${name}}}`));
}
