// Hover on a label key or value (labels, selectors, Calico selector strings): the taxonomy's
// entry for the key — description, where it is required, allowed values, pattern, deprecation.
import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import type { LabelSpec, Taxonomy } from '../../engine/src/index';
import { isKnownLabelKey, isValueAllowed, nearestStrings } from '../../engine/src/taxonomy/queries';
import { WORKLOAD_KINDS } from '../../engine/src/taxonomy/types';
import type { FileState } from './fileState';
import { labelSiteForHover } from './labelContext';
import { toRange } from './positions';

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

/** Markdown for a taxonomy entry (hover and completion documentation). */
export function describeLabel(tax: Taxonomy, key: string): string {
  const spec = tax.labels.get(key);
  if (!spec) {
    const known = isKnownLabelKey(tax, key);
    return `**${key}**\n\n${known ? 'Not listed in the label taxonomy; allowed by its `allowPrefixes` or set by Kubernetes/Calico.' : 'Not in the label taxonomy.'}`;
  }
  const parts = [`**${key}**${spec.deprecated ? ' *(deprecated)*' : ''}`];
  if (spec.description) parts.push(spec.description);
  const facts = specFacts(spec);
  if (facts.length) parts.push(facts.map((f) => `- ${f}`).join('\n'));
  if (tax.uri) parts.push(`*From ${code(tax.uri.replace(/^.*[\\/]/, ''))}*`);
  return parts.join('\n\n');
}

function specFacts(spec: LabelSpec): string[] {
  const facts: string[] = [];
  if (spec.required) {
    const kinds = sameKinds(spec.required.kinds, WORKLOAD_KINDS) ? 'workloads' : spec.required.kinds.join(', ');
    const where = spec.required.namespaces?.length ? ` in namespaces ${spec.required.namespaces.map(code).join(', ')}` : '';
    facts.push(`Required on ${kinds}${where}`);
  }
  if (spec.values) facts.push(`Allowed values: ${spec.values.map(code).join(', ')}`);
  if (spec.pattern) facts.push(`Pattern: ${code(spec.pattern.source)}`);
  if (spec.deprecated) facts.push(spec.replacedBy ? `Deprecated: use ${code(spec.replacedBy)} instead` : 'Deprecated');
  return facts;
}

function sameKinds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((k) => b.includes(k));
}

function describeValue(tax: Taxonomy, key: string, value: string): string {
  const spec = tax.labels.get(key);
  let verdict = '';
  if (spec && (spec.values || spec.pattern)) {
    if (isValueAllowed(spec, value)) verdict = `${code(value)} is allowed.`;
    else {
      const near = spec.values ? nearestStrings(value, spec.values) : [];
      verdict = `${code(value)} is not allowed${near.length ? ` (did you mean ${near.slice(0, 3).map(code).join(', ')}?)` : ''}.`;
    }
  }
  return verdict ? `${describeLabel(tax, key)}\n\n---\n\n${verdict}` : describeLabel(tax, key);
}

export function hover(file: FileState, offset: number, tax: Taxonomy): Hover | null {
  const lines = file.lines();
  const site = labelSiteForHover(file.text, lines, offset);
  if (!site) return null;
  const key = site.role === 'key' ? site.text : site.key;
  if (!key) return null;
  const value = site.role === 'value' ? describeValue(tax, key, site.text) : describeLabel(tax, key);
  return { contents: { kind: MarkupKind.Markdown, value }, range: toRange(lines, site.start, site.end) };
}
