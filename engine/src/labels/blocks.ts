// The label blocks of an object that label rules check: `metadata.labels`, and the pod template's
// labels of a workload. A Pod's template labels are its metadata labels (one block, checked once).
import type { K8sObject, LabelBlock, LabelEntry } from '../model/object';

export function labelBlocksOf(obj: K8sObject): LabelBlock[] {
  const template = obj.podTemplate?.labels;
  return template && template !== obj.labels ? [obj.labels, template] : [obj.labels];
}

/** The other block of a workload (metadata ↔ pod template); undefined for a Pod or a non-workload. */
export function siblingBlock(obj: K8sObject, block: LabelBlock): LabelBlock | undefined {
  const template = obj.podTemplate?.labels;
  if (!template || template === obj.labels) return undefined;
  return block === template ? obj.labels : template;
}

export function findEntry(block: LabelBlock, key: string): LabelEntry | undefined {
  return block.entries.find((e) => e.keyIsString && e.key === key);
}

/** The block's labels as a map of key → value (values as written for non-strings). */
export function labelsOf(block: LabelBlock): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of block.entries) out.set(e.key, e.value);
  return out;
}

/** Whether the block's labels are those of pods (a Pod's, or a workload's pod template). */
export function isPodLabels(obj: K8sObject, block: LabelBlock): boolean {
  return block.where === 'template' || obj.kind === 'Pod';
}

/**
 * Whether the label map carries an anchor (`labels: &common`): other objects may alias it, so an
 * edit in place would change their labels too.
 */
export function isAnchoredMap(text: string, block: LabelBlock): boolean {
  if (!block.mapRange) return false;
  return /&/.test(text.slice(block.anchorRange.end, block.mapRange.start));
}

/** Whether a fix may rewrite this entry's key in place (it is defined here, for this object only). */
export function canEditKey(text: string, block: LabelBlock, e: LabelEntry): boolean {
  return !e.inherited && !isAnchoredMap(text, block);
}

/** Whether a fix may rewrite this entry's value in place: as for the key, and the value is not anchored or tagged. */
export function canEditValue(text: string, block: LabelBlock, e: LabelEntry): boolean {
  if (!canEditKey(text, block, e) || e.valueRange.start < e.keyRange.end) return false;
  return !/[&!*]/.test(text.slice(e.keyRange.end, e.valueRange.start));
}

/** Whether a fix may add a label line to this block. */
export function canAddLabel(text: string, block: LabelBlock): boolean {
  return block.insertion.kind !== 'none' && !isAnchoredMap(text, block);
}
