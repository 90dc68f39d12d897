import { createRule } from './rule';
import type { Fix } from '../types';
import type { K8sObject, LabelBlock } from '../model/object';
import type { LabelSpec } from '../taxonomy/types';
import { canAddLabel, findEntry, siblingBlock } from '../labels/blocks';
import { isValidLabelValue } from '../labels/syntax';
import { requiredLabelsFor } from '../taxonomy/queries';
import { addLabelEdit } from '../fix/labelEdits';
import { shownValue } from '../labels/display';

/** The value a "add the label" fix writes when nothing better is known: to be replaced by hand. */
export const PLACEHOLDER_VALUE = 'TODO';
/** A closed set of at most this many values gets one "add" suggestion per value. */
const MAX_VALUE_CHOICES = 5;

/**
 * Kinds that live outside namespaces. A `required.namespaces` filter never matches them (the
 * queries contract), except a Namespace, which is matched by its own name.
 */
const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'GlobalNetworkPolicy',
  'GlobalNetworkSet',
  'HostEndpoint',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'Node',
  'PersistentVolume',
  'PriorityClass',
  'RuntimeClass',
  'StagedGlobalNetworkPolicy',
  'StorageClass',
  'Tier',
  'ValidatingWebhookConfiguration',
]);

/** Labels the taxonomy requires, on `metadata.labels` and on workloads' pod templates. */
export default createRule({
  id: 'label-required',
  defaultSeverity: 'error',
  scope: 'object',
  description: 'Reports required labels (per the taxonomy) that are missing from an object or from its pod template.',
  messages: {
    missing: 'Required label "{{key}}" is missing.',
    missingInTemplate: 'Required label "{{key}}" is missing from the pod template.',
  },
  *check(obj, { file, taxonomy }) {
    const namespace = obj.kind === 'Namespace' ? obj.name : CLUSTER_SCOPED_KINDS.has(obj.kind) ? undefined : obj.namespace;
    const required = requiredLabelsFor(taxonomy, obj.kind, namespace);
    if (required.length === 0) return;
    const template = obj.podTemplate?.labels;
    const blocks: LabelBlock[] = [obj.labels];
    // A Pod's template is its own metadata: one block. Other workloads: the template too.
    if (template && template !== obj.labels) blocks.push(template);
    for (const block of blocks) {
      for (const spec of required) {
        if (findEntry(block, spec.key)) continue;
        yield {
          messageId: block.where === 'template' ? 'missingInTemplate' : 'missing',
          data: { key: spec.key },
          start: block.anchorRange.start,
          end: block.anchorRange.end,
          fixes: canAddLabel(file.text, block) ? addFixes(obj, block, spec) : [],
        };
      }
    }
  },
});

/**
 * Suggestions that add the label: the sibling block's value when it has one (template ↔
 * metadata), else one per allowed value of a small closed set, else the placeholder.
 */
function addFixes(obj: K8sObject, block: LabelBlock, spec: LabelSpec): Fix[] {
  const where = block.where === 'template' ? ' to the pod template' : '';
  const sibling = siblingBlock(obj, block);
  const known = sibling ? findEntry(sibling, spec.key) : undefined;
  let values: string[];
  if (known && known.valueKind === 'string') values = [known.value];
  else if (spec.values && spec.values.length > 0 && spec.values.length <= MAX_VALUE_CHOICES) values = spec.values.filter(isValidLabelValue);
  else values = [];
  if (values.length === 0) values = [PLACEHOLDER_VALUE];
  const fixes: Fix[] = [];
  for (const value of values) {
    const edit = addLabelEdit(block.insertion, spec.key, value);
    if (edit) fixes.push({ title: `Add label ${spec.key}: ${shownValue(value)}${where}`, safe: false, edits: [edit] });
  }
  return fixes;
}
