import { isAlias, isMap, isScalar, Scalar, YAMLMap } from 'yaml';
import { createRule, RuleReport } from './rule';
import type { Fix } from '../types';
import { podTemplatePath } from '../model/object';
import { canAddLabel, canEditValue, findEntry, labelsOf } from '../labels/blocks';
import { deref, mapGet, mapGetPair, mapPairs, mapPath, rangeOf, scalarText, seqItems } from '../parse/yamlAccess';
import { labelSelectorProblems, matchesLabelSelector, toK8sLabelSelector } from '../selectors/labelSelector';
import { addLabelEdit, removePairEdit, replaceValueEdit } from '../fix/labelEdits';
import { shorten, shownKey, shownValue } from '../labels/display';

const messages = {
  valueDiffers:
    'The selector requires "{{key}}: {{value}}" but the pod template has "{{key}}: {{templateValue}}": this {{kind}} does not select its own pods.',
  keyMissing: 'The selector requires "{{key}}: {{value}}" but the pod template has no "{{key}}" label: this {{kind}} does not select its own pods.',
  expressionFails: 'The selector requirement "{{requirement}}" does not match the pod template labels: this {{kind}} does not select its own pods.',
  invalidRequirement:
    'The selector requirement "{{requirement}}" is invalid ({{problem}}) and matches no pod: this {{kind}} does not select its own pods.',
};

/** A workload whose `spec.selector` does not select the pods of its own template. */
export default createRule({
  id: 'selector-template-mismatch',
  defaultSeverity: 'error',
  scope: 'object',
  description: "Reports workloads whose spec.selector does not select the labels of their own pod template.",
  messages,
  *check(obj, { file }): Generator<RuleReport<keyof typeof messages>> {
    const path = podTemplatePath(obj.kind);
    const template = obj.podTemplate;
    if (!path || !template) return;
    const { doc } = obj;
    const parent = mapPath(obj.node, path.slice(0, -1), doc);
    // A Job's selector is generated unless `manualSelector: true` says the one written is meant.
    if (obj.kind === 'Job' || obj.kind === 'CronJob') {
      const manual = mapGet(parent, 'manualSelector', doc);
      if (!(isScalar(manual) && manual.value === true)) return;
    }
    const selector = deref(mapGetPair(parent, 'selector', doc)?.value, doc);
    if (!isMap(selector)) return;
    const templateBlock = template.labels;
    const templateLabels = labelsOf(templateBlock);
    const kind = obj.kind;

    // ReplicationController: a plain map (absent or empty: defaulted to the template's labels).
    const matchLabels = obj.kind === 'ReplicationController' ? selector : deref(mapGet(selector, 'matchLabels', doc), doc);
    const matchExpressions = obj.kind === 'ReplicationController' ? [] : seqItems(mapGet(selector, 'matchExpressions', doc), doc);
    const labelPairs = isMap(matchLabels) ? mapPairs(matchLabels, doc) : [];
    const requirementCount = labelPairs.length + matchExpressions.length;
    const flow = isMap(matchLabels) && (matchLabels as YAMLMap).flow === true;
    // An anchored or aliased selector map is shared with other places: fixes leave it alone.
    const selectorShared = !isMap(matchLabels) || matchLabels.anchor !== undefined || selector.anchor !== undefined || mapGetPair(parent, 'selector', doc)?.value !== selector;

    for (const { pair, inherited } of labelPairs) {
      const keyNode = pair.key as Scalar | null;
      const valueNode = deref(pair.value, doc);
      const key = scalarText(keyNode);
      const keyRange = rangeOf(keyNode);
      if (key === undefined || !keyRange) continue;
      const value = scalarText(valueNode) ?? '';
      const valueRange = rangeOf(valueNode);
      const templateValue = templateLabels.get(key);
      if (templateValue === value) continue;
      const loc = { start: keyRange.start, end: Math.max(keyRange.end, valueRange?.end ?? 0) };
      const fixes: Fix[] = [];
      const selectorEditable =
        !selectorShared && !inherited && !isAlias(pair.value) && valueRange !== undefined && valueRange.start >= keyRange.end && !/[&!*]/.test(file.text.slice(keyRange.end, valueRange.start));
      if (templateValue !== undefined) {
        if (selectorEditable && valueRange) {
          const edit = replaceValueEdit(file.text, valueRange, templateValue, flow);
          if (edit) fixes.push({ title: `Change the selector to "${shownKey(key)}: ${shownValue(templateValue)}"`, safe: false, edits: [edit] });
        }
        const entry = findEntry(templateBlock, key);
        const templateFlow = templateBlock.mapRange !== undefined && file.text[templateBlock.mapRange.start] === '{';
        if (entry && canEditValue(file.text, templateBlock, entry)) {
          const edit = replaceValueEdit(file.text, entry.valueRange, value, templateFlow);
          if (edit) fixes.push({ title: `Change the pod template label to "${shownKey(key)}: ${shownValue(value)}"`, safe: false, edits: [edit] });
        }
        yield { messageId: 'valueDiffers', data: { key: shownKey(key), value: shownValue(value), templateValue: shownValue(templateValue), kind }, ...loc, fixes };
      } else {
        const add = canAddLabel(file.text, templateBlock) ? addLabelEdit(templateBlock.insertion, key, value) : undefined;
        if (add) fixes.push({ title: `Add "${shownKey(key)}: ${shownValue(value)}" to the pod template labels`, safe: false, edits: [add] });
        // Removing the only requirement would leave an empty selector, which the API rejects.
        if (selectorEditable && requirementCount > 1 && valueRange) {
          const edit = removePairEdit(file.text, keyRange, valueRange.end, flow);
          if (edit) fixes.push({ title: `Remove "${shownKey(key)}" from the selector`, safe: false, edits: [edit] });
        }
        yield { messageId: 'keyMissing', data: { key: shownKey(key), value: shownValue(value), kind }, ...loc, fixes };
      }
    }

    for (const item of matchExpressions) {
      const sel = toK8sLabelSelector({ matchExpressions: [item?.toJS(doc)] });
      const range = rangeOf(item);
      if (!sel || !range) continue;
      // A block map's range runs to the next line: end at its last character.
      while (range.end > range.start && /\s/.test(file.text[range.end - 1])) range.end--;
      const req = sel.matchExpressions[0];
      const requirement = shorten(describeRequirement(req.key, req.operator, req.values), 200);
      const problem = labelSelectorProblems(sel)[0];
      if (problem) {
        yield { messageId: 'invalidRequirement', data: { requirement, problem: problem.message, kind }, start: range.start, end: range.end };
      } else if (!matchesLabelSelector(sel, templateLabels)) {
        yield { messageId: 'expressionFails', data: { requirement, kind }, start: range.start, end: range.end };
      }
    }
  },
});

function describeRequirement(key: string, operator: string, values: string[]): string {
  if (operator === 'In' || operator === 'NotIn' || values.length > 0) return `${key} ${operator} (${values.join(', ')})`;
  return `${key} ${operator}`.trim();
}
