// What the rules that read the workspace index see of one document's objects, as text to compare
// before and after an edit (`updateDocumentFindings`): when it is equal, those rules give the
// other documents the same findings, and they need not run there again.
//
// The index is read only through the policy lookups (`policy/workspace.ts`, `policy/analysis.ts`)
// and the selector catalog (`labels/selectionChange.ts`). They read everything of an object but
// the `metadata.labels` of a workload with a pod template (Deployment, StatefulSet, …): its pods'
// labels are the template's, and the catalog skips every `labels` map. So the view is the
// document's text with those label maps cut out: typing a workload's label value leaves it equal.
// Conservative everywhere else: a comment or a space elsewhere in the document changes it.
import { hasAlias } from '../parse/yamlAccess';
import type { ManifestDocument } from '../parse/manifestFile';
import type { K8sObject } from '../model/object';

/**
 * Per document: a document belongs to the text it was parsed from, or to a later one with the
 * same text over its range (the documents before an edit are shared with the new parse).
 */
const views = new WeakMap<ManifestDocument, string | undefined>();

/** The document's text as the index readers see it; undefined for a document with an error. */
export function crossView(doc: ManifestDocument, text: string): string | undefined {
  if (views.has(doc)) return views.get(doc);
  const view = computeView(doc, text);
  views.set(doc, view);
  return view;
}

function computeView(doc: ManifestDocument, text: string): string | undefined {
  if (doc.error) return undefined;
  const docText = text.slice(doc.range.start, doc.range.end);
  const cuts = doc.objects
    .filter(labelsUnreadByIndex)
    .map((o) => o.labels.mapRange!)
    .sort((a, b) => a.start - b.start);
  // An alias could repeat a label map's content (or an anchor in it) outside the cut.
  if (cuts.length === 0 || (docText.includes('*') && anyAlias(doc))) return docText;
  let view = '';
  let at = doc.range.start;
  for (const cut of cuts) {
    if (cut.start < at || cut.end > doc.range.end) return docText;
    view += text.slice(at, cut.start) + '\u0000';
    at = cut.end;
  }
  return view + text.slice(at, doc.range.end);
}

/** `metadata.labels` that no index reader looks at: a workload's whose pods carry the template's labels. */
export function labelsUnreadByIndex(o: K8sObject): boolean {
  return o.podTemplate !== undefined && o.podTemplate.labels !== o.labels && o.labels.where === 'metadata' && o.labels.mapRange !== undefined && o.kind !== 'Pod';
}

function anyAlias(doc: ManifestDocument): boolean {
  return [...new Set(doc.objects.map((o) => o.doc))].some(hasAlias);
}
