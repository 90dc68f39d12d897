import { createRule, RuleReport } from './rule';
import type { Fix } from '../types';
import { canEditValue, labelBlocksOf } from '../labels/blocks';
import { isValidLabelValue } from '../labels/syntax';
import { nearestStrings } from '../taxonomy/queries';
import { isFlowMapAt, replaceValueEdit } from '../fix/labelEdits';
import { shorten, shownKey, shownValue } from '../labels/display';

/** At most this many did-you-mean replacements per finding. */
const MAX_SUGGESTIONS = 3;
/** A closed set this small is listed in full in the message. */
const MAX_LISTED_VALUES = 10;

const messages = {
  notInValues: 'Label "{{key}}" has the value "{{value}}", which is not one of the allowed values: {{allowed}}.',
  patternMismatch: 'Label "{{key}}" has the value "{{value}}", which does not match the pattern {{pattern}}.',
};

/** A label value outside the taxonomy's `values`, or not matching its `pattern`. */
export default createRule({
  id: 'label-value-not-allowed',
  defaultSeverity: 'error',
  scope: 'object',
  description: "Reports label values that are not in the taxonomy's allowed values or do not match its pattern.",
  messages,
  *check(obj, { file, taxonomy }): Generator<RuleReport<keyof typeof messages>> {
    for (const block of labelBlocksOf(obj)) {
      const flow = block.mapRange !== undefined && isFlowMapAt(file.text, block.mapRange.start);
      for (const e of block.entries) {
        // A map or list as the value is label-syntax's finding; there is no value to compare.
        if (!e.keyIsString || e.valueKind === 'other') continue;
        const spec = taxonomy.labels.get(e.key);
        if (!spec) continue;
        const inValues = !spec.values || spec.values.includes(e.value);
        const matchesPattern = !spec.pattern || spec.pattern.test(e.value);
        if (inValues && matchesPattern) continue;
        const allowed = (v: string) => (!spec.values || spec.values.includes(v)) && (!spec.pattern || spec.pattern.test(v)) && isValidLabelValue(v);
        // Did-you-mean: near misses from the closed set; for a pattern alone, the value in lower case.
        const candidates = spec.values
          ? nearestStrings(e.value, spec.values).filter(allowed)
          : [e.value.toLowerCase(), e.value.trim().toLowerCase()].filter((v, i, all) => v !== e.value && all.indexOf(v) === i && allowed(v));
        const fixes: Fix[] = [];
        if (canEditValue(file.text, block, e)) {
          for (const candidate of candidates.slice(0, MAX_SUGGESTIONS)) {
            const edit = replaceValueEdit(file.text, e.valueRange, candidate, flow);
            if (edit) fixes.push({ title: `Replace with "${candidate}"`, safe: false, edits: [edit] });
          }
        }
        const loc = e.valueRange.end > e.valueRange.start ? e.valueRange : e.keyRange;
        if (!inValues) {
          const values = spec.values ?? [];
          const listed = values.length <= MAX_LISTED_VALUES ? values : [...values.slice(0, MAX_LISTED_VALUES), `… (${values.length} in all)`];
          yield {
            messageId: 'notInValues',
            data: { key: shownKey(e.key), value: shownValue(e.value), allowed: listed.map((v) => shownValue(v)).join(', ') },
            start: loc.start,
            end: loc.end,
            fixes,
          };
        } else {
          yield {
            messageId: 'patternMismatch',
            data: { key: shownKey(e.key), value: shownValue(e.value), pattern: shorten(spec.pattern?.source ?? '', 200) },
            start: loc.start,
            end: loc.end,
            fixes,
          };
        }
      }
    }
  },
});
