// After an edit re-parsed one document (`updateManifestFile`), checks that document again and,
// in the other documents, only the rules that read the workspace index or the file's documents there
// (`DocumentFindings.crossRules`); the other rules' findings are kept, moved by the edit's
// length delta. A rule that reads neither sees only its own object, the taxonomy and the text at
// its object's offsets, none of which the edit changed.
//
// The caller guarantees that the findings before the edit were computed with the same taxonomy,
// settings and workspace index apart from this file. A suppression comment in the edited
// document could silence the next document's first line, and a finding whose place, related
// location or fix points into the edited document moves with it: such documents are checked
// again whole. Anything unexpected: undefined, and the caller checks the whole file.
//
// When the edited document's objects look the same to the rules that read the index
// (`crossView`: e.g. a workload's label value typed), those rules do not run in the other
// documents either: the index they read is the same but for positions, and the findings that
// point into the edited document are checked again whole anyway.
import type { Finding, Fix, RelatedLocation } from './types';
import { DISABLE_NEXT_LINE, type ManifestFile } from './parse/manifestFile';
import type { Range } from './parse/yamlAccess';
import { analyzeDocuments, type AnalyzeOptions, type DocumentFindings } from './analyze';
import { ALL_RULES } from './rules/index';
import { crossView } from './workspace/crossView';

/** What the findings of the parse before the edit were computed from. */
export interface FindingsBeforeEdit {
  /** The parse before the edit (its documents and ranges). */
  file: ManifestFile;
  /** Its findings by document index (`analyzeDocuments`). */
  byDocument: readonly DocumentFindings[];
}

export function updateDocumentFindings(before: FindingsBeforeEdit, file: ManifestFile, reparsed: number, options: AnalyzeOptions): DocumentFindings[] | undefined {
  const prev = before.file;
  if (file.skipped || prev.skipped || before.byDocument.length !== file.documents.length || prev.documents.length !== file.documents.length) return undefined;
  const old: Range = prev.documents[reparsed].range;
  const now: Range = file.documents[reparsed].range;
  if (prev.text.slice(old.start, old.end).includes(DISABLE_NEXT_LINE) || file.text.slice(now.start, now.end).includes(DISABLE_NEXT_LINE)) return undefined;
  const delta = file.text.length - prev.text.length;
  const uri = file.uri;
  // Conservative: a range that only touches the edited document's bounds counts as inside.
  const inside = (r: Range) => r.end >= old.start && r.start <= old.end;
  const touches = (f: Finding) => inside(f) || f.related.some((r) => r.uri === uri && inside(r)) || f.fixes.some((x) => x.edits.some(inside));
  const whole = new Set<number>([reparsed]);
  before.byDocument.forEach((d, j) => {
    if (d.findings.some(touches)) whole.add(j);
  });
  const view = crossView(file.documents[reparsed], file.text);
  const indexSeesSame = view !== undefined && view === crossView(prev.documents[reparsed], prev.text);
  const rerun = (d: DocumentFindings) => d.crossRules.size > 0 && (!indexSeesSame || d.readsFile === true);
  const fresh = analyzeDocuments(file, options, (j) => (whole.has(j) ? 'all' : rerun(before.byDocument[j]) ? before.byDocument[j].crossRules : undefined));
  const move = (x: number) => (x > old.end ? x + delta : x);
  const order = ruleOrder(options);
  return before.byDocument.map((d, j) => {
    if (whole.has(j)) return fresh[j];
    const again = rerun(d);
    const kept = (again ? d.findings.filter((f) => !d.crossRules.has(f.ruleId)) : d.findings).map((f) => (delta === 0 ? f : moveFinding(f, uri, move)));
    if (!again) return { ...d, findings: kept };
    return { findings: inRuleOrder(kept, fresh[j].findings, order), crossRules: fresh[j].crossRules, ...(fresh[j].readsFile ? { readsFile: true } : {}) };
  });
}

/**
 * The file did not change, the workspace did (same taxonomy and settings): only the rules that
 * read the index or the file run again, and `notYetRun` (rules left out of `byDocument`); the
 * others' findings are kept.
 */
export function recheckCrossRules(
  file: ManifestFile,
  byDocument: readonly DocumentFindings[],
  options: AnalyzeOptions,
  notYetRun?: ReadonlySet<string>,
): DocumentFindings[] | undefined {
  if (byDocument.length !== file.documents.length) return undefined;
  const rerun = byDocument.map((d) => (notYetRun ? new Set([...notYetRun, ...d.crossRules]) : d.crossRules));
  const fresh = analyzeDocuments(file, options, (j) => (rerun[j].size > 0 ? rerun[j] : undefined));
  const order = ruleOrder(options);
  return byDocument.map((d, j) => {
    if (rerun[j].size === 0) return d;
    const kept = d.findings.filter((f) => !rerun[j].has(f.ruleId));
    return { findings: inRuleOrder(kept, fresh[j].findings, order), crossRules: fresh[j].crossRules, ...(fresh[j].readsFile ? { readsFile: true } : {}) };
  });
}

function ruleOrder(options: AnalyzeOptions): Map<string, number> {
  return new Map<string, number>((options.rules ?? ALL_RULES).map((r, i) => [r.id, i]));
}

/** Back in rule order (each list is in rule order; a rule's findings are in one of them). */
function inRuleOrder(kept: Finding[], fresh: Finding[], order: Map<string, number>): Finding[] {
  if (kept.length === 0) return fresh;
  if (fresh.length === 0) return kept;
  return [...kept, ...fresh].sort((a, b) => order.get(a.ruleId)! - order.get(b.ruleId)!);
}

function moveFinding(f: Finding, uri: string, move: (x: number) => number): Finding {
  const range = <T extends { start: number; end: number }>(r: T): T => ({ ...r, start: move(r.start), end: move(r.end) });
  const fixes: Fix[] = f.fixes.map((x) => ({ ...x, edits: x.edits.map(range) }));
  const related: RelatedLocation[] = f.related.map((r) => (r.uri === uri ? range(r) : r));
  return { ...f, start: move(f.start), end: move(f.end), fixes, related };
}
