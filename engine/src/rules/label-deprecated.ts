import { createRule, RuleReport, RuleContext } from './rule';
import type { Fix } from '../types';
import type { K8sObject, LabelBlock, LabelEntry } from '../model/object';
import { canEditKey, findEntry, labelBlocksOf, labelsOf } from '../labels/blocks';
import { isValidLabelKey, isValidLabelValue } from '../labels/syntax';
import { labelChangeAltersSelection } from '../labels/selectionChange';
import { isValueAllowed } from '../taxonomy/queries';
import { shownKey, shownValue } from '../labels/display';
import { isFlowMapAt, removePairEdit, renameKeyEdit } from '../fix/labelEdits';

const messages = {
  replaced: 'Label "{{key}}" is deprecated; use "{{replacedBy}}".',
  deprecated: 'Label "{{key}}" is deprecated.',
};

/** Deprecated label keys; the fix renames them to `replacedBy`, safely where nothing can tell. */
export default createRule({
  id: 'label-deprecated',
  defaultSeverity: 'warning',
  scope: 'object',
  description: 'Reports label keys that the taxonomy marks deprecated, with a fix that renames them to their replacement.',
  messages,
  *check(obj, ctx): Generator<RuleReport<keyof typeof messages>> {
    for (const block of labelBlocksOf(obj)) {
      for (const e of block.entries) {
        if (!e.keyIsString) continue;
        const spec = ctx.taxonomy.labels.get(e.key);
        if (!spec?.deprecated) continue;
        const loc = { start: e.keyRange.start, end: e.keyRange.end };
        if (!spec.replacedBy) {
          yield { messageId: 'deprecated', data: { key: shownKey(e.key) }, ...loc };
          continue;
        }
        yield { messageId: 'replaced', data: { key: shownKey(e.key), replacedBy: shownKey(spec.replacedBy) }, ...loc, fixes: renameFixes(obj, block, e, spec.replacedBy, ctx) };
      }
    }
  },
});

function renameFixes(obj: K8sObject, block: LabelBlock, e: LabelEntry, to: string, ctx: RuleContext): Fix[] {
  const text = ctx.file.text;
  // Merged (`<<`), aliased or anchored labels are shared: editing them in place changes other objects.
  if (!canEditKey(text, block, e) || !isValidLabelKey(to)) return [];
  const flow = block.mapRange !== undefined && isFlowMapAt(text, block.mapRange.start);
  const before = labelsOf(block);
  const existing = findEntry(block, to);
  if (existing) {
    // The new key is already there: the old one can only go. Safe when it holds the same value
    // and no selector of the workspace looks at the old key.
    const edit = removePairEdit(text, e.keyRange, e.valueRange.end, flow);
    if (!edit) return [];
    const after = new Map(before);
    after.delete(e.key);
    const sameValue = existing.value === e.value && existing.valueKind === e.valueKind;
    const safe = sameValue && !labelChangeAltersSelection(ctx.index, obj, block, before, after);
    const title = sameValue
      ? `Remove "${shownKey(e.key)}" ("${to}" already has the same value)`
      : `Remove "${shownKey(e.key)}" (keeps "${to}: ${shownValue(existing.value)}")`;
    return [{ title, safe, edits: [edit] }];
  }
  const edit = renameKeyEdit(text, e.keyRange, to, flow);
  if (!edit) return [];
  const after = new Map<string, string>();
  for (const [k, v] of before) after.set(k === e.key ? to : k, v);
  const newSpec = ctx.taxonomy.labels.get(to);
  const valueFits = e.valueKind === 'string' && isValidLabelValue(e.value) && (!newSpec || isValueAllowed(newSpec, e.value));
  const safe = valueFits && !labelChangeAltersSelection(ctx.index, obj, block, before, after);
  const where = block.where === 'template' ? ' in the pod template' : '';
  return [{ title: `Rename "${shownKey(e.key)}" to "${to}"${where}`, safe, edits: [edit] }];
}
