// Code actions (SPEC §4, STYLE §5 after vscode-eslint): each fix of a finding as a quick fix
// (safe ones preferred), "Fix all <rule> problems", "Disable <rule> for this line", "Show
// documentation for <rule>", and the `source.fixAll.kube-label-lint` action with every safe fix.
// Findings are found again by `Diagnostic.data` (revision + index), checked against rule, range
// and message, never by the message alone.
import {
  CodeActionKind,
  TextDocumentEdit,
  TextEdit,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { DISABLE_NEXT_LINE, nonOverlappingFixes, ruleDocsUrl, type Edit, type Finding, type Fix } from '../../engine/src/index';
import { SOURCE } from './diagnostics';
import type { FileState } from './fileState';
import { rangesEqual, rangesIntersect, toRange } from './positions';
import { FIX_ALL_KIND, SHOW_DOCUMENTATION_COMMAND, type DiagnosticData } from './protocol';

export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, FIX_ALL_KIND];

export interface EditCapabilities {
  documentChanges: boolean;
}

/** True when an action of `kind` is wanted by a request that asks for `only`. */
function wanted(kind: string, only: readonly string[] | undefined): boolean {
  if (!only) return kind === CodeActionKind.QuickFix;
  return only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

export function codeActions(file: FileState, params: CodeActionParams, caps: EditCapabilities): CodeAction[] {
  if (!file.parsed || file.role !== 'manifest') return [];
  const only = params.context.only;
  const out: CodeAction[] = [];
  if (wanted(CodeActionKind.QuickFix, only)) {
    const diagnostics = params.context.diagnostics.filter((d) => d.source === SOURCE && typeof d.code === 'string');
    const disabled = new Set<string>();
    const documented = new Set<string>();
    const fixedAll = new Set<string>();
    for (const d of diagnostics) {
      const finding = findingOf(file, d);
      if (!finding) continue;
      for (const fix of finding.fixes) out.push(fixAction(file, fix, d, caps));
      if (!fixedAll.has(finding.ruleId)) {
        fixedAll.add(finding.ruleId);
        const all = fixAllOfRule(file, finding.ruleId, caps);
        if (all) out.push(all);
      }
      const line = file.parsed.lines.positionAt(finding.start).line;
      if (!disabled.has(`${finding.ruleId}:${line}`)) {
        disabled.add(`${finding.ruleId}:${line}`);
        out.push(disableAction(file, finding, d, caps));
      }
      if (!documented.has(finding.ruleId)) {
        documented.add(finding.ruleId);
        const title = `Show documentation for ${finding.ruleId}`;
        out.push({ title, kind: CodeActionKind.QuickFix, command: { title, command: SHOW_DOCUMENTATION_COMMAND, arguments: [finding.ruleId, ruleDocsUrl(finding.ruleId)] } });
      }
    }
  }
  if (only && wanted(FIX_ALL_KIND, only)) {
    const all = fixAllAction(file, caps);
    if (all) out.push(all);
  }
  return out;
}

/** The finding behind a diagnostic: by data (revision + index), verified, else by rule + range + message. */
export function findingOf(file: FileState, d: Diagnostic): Finding | undefined {
  const lines = file.parsed!.lines;
  const same = (f: Finding | undefined): f is Finding =>
    !!f && f.ruleId === d.code && f.message === d.message && rangesEqual(toRange(lines, f.start, f.end), d.range);
  const data = d.data as DiagnosticData | undefined;
  if (data && data.revision === file.analyzedRevision && same(file.findings[data.index])) return file.findings[data.index];
  return file.findings.find(same);
}

function workspaceEdit(file: FileState, edits: readonly Edit[], caps: EditCapabilities): WorkspaceEdit {
  const lines = file.parsed!.lines;
  const textEdits = [...edits].sort((a, b) => a.start - b.start || a.end - b.end).map((e) => TextEdit.replace(toRange(lines, e.start, e.end), e.text));
  if (caps.documentChanges) return { documentChanges: [TextDocumentEdit.create({ uri: file.uri, version: file.docVersion ?? null }, textEdits)] };
  return { changes: { [file.uri]: textEdits } };
}

function fixAction(file: FileState, fix: Fix, d: Diagnostic, caps: EditCapabilities): CodeAction {
  const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: workspaceEdit(file, fix.edits, caps) };
  if (fix.safe) action.isPreferred = true;
  return action;
}

function safeFixes(findings: readonly Finding[]): Fix[] {
  return findings.flatMap((f) => f.fixes.filter((x) => x.safe).slice(0, 1));
}

function fixAllOfRule(file: FileState, ruleId: string, caps: EditCapabilities): CodeAction | undefined {
  const fixes = nonOverlappingFixes(safeFixes(file.findings.filter((f) => f.ruleId === ruleId)));
  if (fixes.length < 2) return undefined;
  return { title: `Fix all ${ruleId} problems`, kind: CodeActionKind.QuickFix, edit: workspaceEdit(file, fixes.flatMap((f) => f.edits), caps) };
}

/** `source.fixAll.kube-label-lint`: every safe fix that does not overlap an earlier one, as one edit. */
export function fixAllAction(file: FileState, caps: EditCapabilities): CodeAction | undefined {
  if (!file.parsed || file.analyzedRevision !== file.revision) return undefined;
  const fixes = nonOverlappingFixes(safeFixes(file.findings));
  if (fixes.length === 0) return undefined;
  return { title: 'Fix all kube-label-lint problems', kind: FIX_ALL_KIND, diagnostics: [], edit: workspaceEdit(file, fixes.flatMap((f) => f.edits), { documentChanges: caps.documentChanges }) };
}

/**
 * `# kube-label-lint-disable-next-line <id>` above the finding's line, in that line's
 * indentation; when the line above already disables other rules, the id joins its list.
 */
function disableAction(file: FileState, finding: Finding, d: Diagnostic, caps: EditCapabilities): CodeAction {
  const lines = file.parsed!.lines;
  const text = file.text;
  const line = lines.positionAt(finding.start).line;
  const lineStart = lines.lineStart(line);
  const indent = /^[ \t]*/.exec(text.slice(lineStart, lines.lineEnd(line)))![0];
  const eol = text.includes('\r\n') ? '\r\n' : text.includes('\r') && !text.includes('\n') ? '\r' : '\n';
  let edit: Edit = { start: lineStart, end: lineStart, text: `${indent}# ${DISABLE_NEXT_LINE} ${finding.ruleId}${eol}` };
  if (line > 0) {
    const prevStart = lines.lineStart(line - 1);
    const prev = text.slice(prevStart, lines.lineEnd(line - 1));
    const m = new RegExp(`^(\\s*#\\s*${DISABLE_NEXT_LINE}\\s+)([^\\s]+(?:\\s*,\\s*[^\\s,]+)*)`).exec(prev);
    if (m) {
      const ids = m[2].split(/\s*,\s*/);
      if (!ids.includes(finding.ruleId)) {
        const at = prevStart + m[1].length + m[2].length;
        edit = { start: at, end: at, text: `,${finding.ruleId}` };
      }
    }
  }
  return { title: `Disable ${finding.ruleId} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: workspaceEdit(file, [edit], caps) };
}

export { rangesIntersect };
