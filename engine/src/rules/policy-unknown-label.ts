import { createRule, RuleReport } from './rule';
import type { Edit, Fix } from '../types';
import type { Taxonomy } from '../taxonomy/types';
import { isKnownLabelKey, isValueAllowed, nearestStrings } from '../taxonomy/queries';
import { renameKeyEdit, replaceValueEdit } from '../fix/labelEdits';
import { policyOf, serviceSpec, trimRange, SelectorKeyUse, SelectorRef } from '../policy/index';

/** At most this many did-you-mean replacements per finding. */
const MAX_SUGGESTIONS = 3;

const messages = {
  unknownKey: 'The selector uses label "{{key}}", which is not in the label taxonomy.',
  unknownKeyDidYouMean: 'The selector uses label "{{key}}", which is not in the label taxonomy; did you mean "{{suggestion}}"?',
  valueNotAllowed: 'The selector compares "{{key}}" with "{{value}}", which the taxonomy does not allow for it ({{allowed}}).',
  valueNotAllowedDidYouMean:
    'The selector compares "{{key}}" with "{{value}}", which the taxonomy does not allow for it; did you mean "{{suggestion}}"?',
};

type MessageId = keyof typeof messages;

/** Label keys outside the taxonomy, and values it forbids, in policy and Service selectors. */
export default createRule({
  id: 'policy-unknown-label',
  defaultSeverity: 'warning',
  scope: 'object',
  description:
    'Reports label keys that the taxonomy does not know, and values that its values/pattern forbid, in the selectors of Kubernetes and Calico policies and of Services.',
  messages,
  *check(obj, { file, taxonomy }): Generator<RuleReport<MessageId>> {
    const selectors: SelectorRef[] = [];
    const policy = policyOf(obj);
    if (policy) {
      // Staged policies are checked for syntax and dangling selectors only.
      if (policy.staged) return;
      selectors.push(...policy.selectors);
    } else if (obj.kind === 'Service' && obj.apiVersion === 'v1') {
      const ref = serviceSpec(obj).selector; // a map selector only
      if (ref) selectors.push(ref);
    }
    const knownKeys = [...taxonomy.labels.values()].filter((s) => !s.deprecated).map((s) => s.key);
    for (const ref of selectors) {
      if (ref.kind === 'calico' && !ref.result.ok) continue; // calico-selector-syntax's alone
      for (const use of ref.keys) yield* checkKey(use, taxonomy, knownKeys, file.text);
    }
  },
});

function edit(text: string, use: { range: { start: number; end: number } }, replacement: string, key: boolean, flow: boolean, raw: boolean): Edit | undefined {
  if (raw) return { start: use.range.start, end: use.range.end, text: replacement };
  return key ? renameKeyEdit(text, use.range, replacement, flow) : replaceValueEdit(text, use.range, replacement, flow);
}

function* checkKey(use: SelectorKeyUse, taxonomy: Taxonomy, knownKeys: string[], text: string): Generator<RuleReport<MessageId>> {
  const spec = taxonomy.labels.get(use.key);
  if (!spec) {
    if (taxonomy.unknownLabels === 'allow' || isKnownLabelKey(taxonomy, use.key)) return;
    const candidates = nearestStrings(use.key, knownKeys).slice(0, MAX_SUGGESTIONS);
    const fixes: Fix[] = [];
    if (use.editable) {
      for (const c of candidates) {
        const e = edit(text, use, c, true, use.flow, use.inExpression);
        if (e) fixes.push({ title: `Replace "${use.key}" with "${c}"`, safe: false, edits: [e] });
      }
    }
    const at = trimRange(text, use.range);
    yield candidates.length > 0
      ? { messageId: 'unknownKeyDidYouMean', data: { key: use.key, suggestion: candidates[0] }, ...at, fixes }
      : { messageId: 'unknownKey', data: { key: use.key }, ...at };
    return;
  }
  if (!spec.values && !spec.pattern) return;
  for (const v of use.values) {
    if (isValueAllowed(spec, v.value)) continue;
    const candidates = spec.values ? nearestStrings(v.value, spec.values).slice(0, MAX_SUGGESTIONS) : [];
    const fixes: Fix[] = [];
    if (v.editable) {
      for (const c of candidates) {
        const e = edit(text, v, c, false, true, use.inExpression);
        if (e) fixes.push({ title: `Replace "${v.value}" with "${c}"`, safe: false, edits: [e] });
      }
    }
    const at = trimRange(text, v.range);
    const allowed = spec.values ? `allowed: ${spec.values.join(', ')}` : `pattern ${spec.pattern?.source ?? ''}`;
    yield candidates.length > 0
      ? { messageId: 'valueNotAllowedDidYouMean', data: { key: use.key, value: v.value, suggestion: candidates[0] }, ...at, fixes }
      : { messageId: 'valueNotAllowed', data: { key: use.key, value: v.value, allowed }, ...at };
  }
}
