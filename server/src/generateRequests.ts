// Generator quick fixes (SPEC §2/§5): for `pod-not-isolated`, `namespace-no-default-deny` and
// `egress-deny-blocks-dns`, a suggestion that appends the policy the generator writes as a new
// YAML document at the end of the file. They are code actions only, never `Finding.fixes`: so
// neither `--fix`, "Fix all <rule> problems" nor `source.fixAll` ever applies them. The existing
// bytes are untouched; the one edit inserts at the end of the file.
import {
  CodeActionKind,
  TextDocumentEdit,
  TextEdit,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { generateForNamespace, generateForWorkload, type GenerateResult } from '../../engine/src/generate/index';
import type { Finding } from '../../engine/src/index';
import { findingOf, type EditCapabilities } from './codeActions';
import { appendedDocumentsInsertion } from './generationProtocol';
import { SOURCE } from './diagnostics';
import type { FileState } from './fileState';
import type { FolderContext } from './folderContext';

/** The rules whose findings the generator answers. */
export const GENERATOR_RULES: ReadonlySet<string> = new Set(['pod-not-isolated', 'namespace-no-default-deny', 'egress-deny-blocks-dns']);

/** Quick fixes that append generated policies, for the generator rules' diagnostics in `params`. */
export function generatorCodeActions(ctx: FolderContext, file: FileState, params: CodeActionParams, caps: EditCapabilities): CodeAction[] {
  if (!file.parsed || file.role !== 'manifest') return [];
  const only = params.context.only;
  if (only && !only.some((k) => k === CodeActionKind.Empty || k === CodeActionKind.QuickFix)) return [];
  const out: CodeAction[] = [];
  const seen = new Set<string>();
  for (const d of params.context.diagnostics) {
    if (d.source !== SOURCE || typeof d.code !== 'string' || !GENERATOR_RULES.has(d.code)) continue;
    const finding = findingOf(file, d);
    if (!finding) continue;
    const action = actionFor(ctx, file, finding, d, caps);
    if (action && !seen.has(action.title)) {
      seen.add(action.title);
      out.push(action);
    }
  }
  return out;
}

function actionFor(ctx: FolderContext, file: FileState, finding: Finding, d: Diagnostic, caps: EditCapabilities): CodeAction | undefined {
  const data = finding.data ?? {};
  const namespace = typeof data.namespace === 'string' ? data.namespace : '';
  let result: GenerateResult;
  let title: string;
  let only: ((name: string) => boolean) | undefined;
  try {
    if (finding.ruleId === 'pod-not-isolated') {
      if (typeof data.name !== 'string' || !namespace) return undefined;
      result = generateForWorkload(ctx.index, ctx.taxonomyInForce, { namespace, name: data.name, kind: typeof data.kind === 'string' ? data.kind : undefined }, 'kubernetes');
      title = `Append a generated NetworkPolicy for ${data.kind ?? 'workload'} ${namespace}/${data.name}`;
    } else if (finding.ruleId === 'namespace-no-default-deny') {
      if (!namespace) return undefined;
      result = generateForNamespace(ctx.index, ctx.taxonomyInForce, namespace, 'kubernetes');
      title = `Append generated default-deny and allow-dns policies for namespace ${namespace}`;
    } else {
      if (!namespace) return undefined;
      // In the flavor of the policy that blocks DNS: a Calico file gets a Calico policy.
      const policy = ctx.index.objectsOf(file.key).find((o) => finding.start >= o.docRange.start && finding.start <= o.docRange.end);
      const flavor = policy?.apiVersion.startsWith('projectcalico.org/') ? 'calico' : 'kubernetes';
      result = generateForNamespace(ctx.index, ctx.taxonomyInForce, namespace, flavor);
      only = (name) => name === 'allow-dns';
      title = `Append a generated allow-dns policy for namespace ${namespace}`;
    }
  } catch {
    return undefined; // e.g. UnknownWorkloadError: the index changed under the diagnostic
  }
  // Documents of the result, minus those the workspace already has (same kind, namespace, name).
  const docs = result.text.split(/^---\n/m);
  const kept = result.policies
    .map((p, i) => ({ p, text: docs[i] }))
    .filter(({ p, text }) => text !== undefined && (!only || only(p.name)) && !exists(ctx, p.apiVersion, p.kind, p.namespace, p.name));
  if (kept.length === 0 || docs.length !== result.policies.length) return undefined;
  if (kept.length < result.policies.length && finding.ruleId === 'namespace-no-default-deny') {
    title = `Append a generated default-deny policy for namespace ${namespace}`;
  }
  const edit = appendDocuments(file, kept.map((k) => k.text).join('---\n'), caps);
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit };
}

function exists(ctx: FolderContext, apiVersion: string, kind: string, namespace: string, name: string): boolean {
  const group = (v: string) => v.split('/')[0];
  return ctx.index.byKind(kind).some((o) => group(o.apiVersion) === group(apiVersion) && o.namespace === namespace && o.name === name);
}

/** One insertion at the end of the file: `---` and the documents, in the file's line ending. */
export function appendDocuments(file: FileState, text: string, caps: EditCapabilities): WorkspaceEdit {
  const end = file.lines().positionAt(file.text.length);
  const edits = [TextEdit.insert(end, appendedDocumentsInsertion(file.text, text))];
  if (caps.documentChanges) return { documentChanges: [TextDocumentEdit.create({ uri: file.uri, version: file.docVersion ?? null }, edits)] };
  return { changes: { [file.uri]: edits } };
}
