import { createRule, RuleReport } from './rule';
import type { Fix } from '../types';
import type { Taxonomy } from '../taxonomy/types';
import { canEditKey, findEntry, labelBlocksOf } from '../labels/blocks';
import { isKnownLabelKey, nearestStrings } from '../taxonomy/queries';
import { isFlowMapAt, renameKeyEdit } from '../fix/labelEdits';
import { shownKey } from '../labels/display';

/** At most this many did-you-mean renames per finding. */
const MAX_SUGGESTIONS = 3;

const messages = {
  unknown: 'Label "{{key}}" is not in the label taxonomy.',
  didYouMean: 'Label "{{key}}" is not in the label taxonomy; did you mean "{{suggestion}}"?',
};

/** Label keys the taxonomy does not know (severity from `unknownLabels`). */
export default createRule({
  id: 'label-unknown',
  defaultSeverity: 'per-taxonomy',
  scope: 'object',
  description: 'Reports label keys that are neither listed in the taxonomy, nor under an allowed prefix, nor set by Kubernetes or Calico.',
  messages,
  *check(obj, { file, taxonomy }): Generator<RuleReport<keyof typeof messages>> {
    const known = knownKeys(taxonomy);
    for (const block of labelBlocksOf(obj)) {
      const flow = block.mapRange !== undefined && isFlowMapAt(file.text, block.mapRange.start);
      for (const e of block.entries) {
        // A key that is not a string is label-syntax's; it is not "unknown" in any useful sense.
        if (!e.keyIsString || isKnownLabelKey(taxonomy, e.key)) continue;
        const candidates = nearestStrings(e.key, known).filter((k) => !findEntry(block, k));
        const fixes: Fix[] = [];
        if (canEditKey(file.text, block, e)) {
          for (const candidate of candidates.slice(0, MAX_SUGGESTIONS)) {
            const edit = renameKeyEdit(file.text, e.keyRange, candidate, flow);
            if (edit) fixes.push({ title: `Rename to "${candidate}"`, safe: false, edits: [edit] });
          }
        }
        yield candidates.length > 0
          ? { messageId: 'didYouMean', data: { key: shownKey(e.key), suggestion: candidates[0] }, start: e.keyRange.start, end: e.keyRange.end, fixes }
          : { messageId: 'unknown', data: { key: shownKey(e.key) }, start: e.keyRange.start, end: e.keyRange.end };
      }
    }
  },
});

/** Did-you-mean targets: the taxonomy's keys, deprecated ones left out (they would be reported next). */
function knownKeys(taxonomy: Taxonomy): string[] {
  const out: string[] = [];
  for (const spec of taxonomy.labels.values()) if (!spec.deprecated) out.push(spec.key);
  return out;
}
