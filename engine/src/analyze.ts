// Runs the rules over a file: severity resolution, suppressions and message formatting live
// here, so rules know nothing of settings, comments or annotations.
import type { Finding, Severity } from './types';
import type { ManifestFile } from './parse/manifestFile';
import type { Taxonomy } from './taxonomy/types';
import { resolveSeverity } from './taxonomy/queries';
import type { WorkspaceIndex } from './workspace/index';
import { formatMessage, Rule, RuleContext, RuleReport } from './rules/rule';
import { ALL_RULES } from './rules/index';

export interface AnalyzeOptions {
  taxonomy: Taxonomy;
  index: WorkspaceIndex;
  /** Editor settings `kubeLabelLint.rules.<id>`: win over the taxonomy. */
  severityOverrides?: Readonly<Record<string, Severity>>;
  /** Only these rules (tests); default: every rule. */
  rules?: readonly Rule[];
}

export function analyzeFile(file: ManifestFile, options: AnalyzeOptions): Finding[] {
  return mergeDocumentFindings(analyzeDocuments(file, options));
}

/** One document's findings, in the order the rules reported them. */
export interface DocumentFindings {
  findings: Finding[];
  /**
   * Rules whose checks of this document read the workspace index or the file's documents
   * (beyond the object's own data and text): their findings can change when another document
   * or file changes.
   */
  crossRules: Set<string>;
  /** Some rule's check of this document read the file's other documents (not only the index). */
  readsFile?: boolean;
}

/**
 * The findings of each document (by document index). `plan` says what to check per document:
 * every rule (default), only some rule ids, or nothing (undefined: an empty result).
 */
export function analyzeDocuments(
  file: ManifestFile,
  options: AnalyzeOptions,
  plan: (index: number) => 'all' | ReadonlySet<string> | undefined = () => 'all',
): DocumentFindings[] {
  const byDocument: DocumentFindings[] = file.documents.map(() => ({ findings: [], crossRules: new Set() }));
  if (file.skipped) return byDocument;
  // Reads of the index or of the file's other documents are noticed, so that a change elsewhere
  // knows what to re-run. The text (read at the object's own offsets), uri and lines are not.
  let reads = false;
  let readsFile = false;
  const fileView: ManifestFile = {
    uri: file.uri,
    text: file.text,
    lines: file.lines,
    get documents() {
      reads = readsFile = true;
      return file.documents;
    },
    get skipped() {
      reads = readsFile = true;
      return file.skipped;
    },
    get suppressions() {
      reads = readsFile = true;
      return file.suppressions;
    },
  };
  const ctx: RuleContext = {
    file: fileView,
    taxonomy: options.taxonomy,
    get index() {
      reads = true;
      return options.index;
    },
  };
  const plans = file.documents.map((d) => plan(d.index));
  for (const rule of options.rules ?? ALL_RULES) {
    const severity = resolveSeverity(rule.id, rule.defaultSeverity, options.taxonomy, options.severityOverrides);
    if (severity === 'off') continue;
    for (const doc of file.documents) {
      const docPlan = plans[doc.index];
      if (!docPlan || (docPlan !== 'all' && !docPlan.has(rule.id))) continue;
      const { findings, crossRules } = byDocument[doc.index];
      const emit = (report: RuleReport, ignored: ReadonlySet<string> | undefined) => {
        if (ignored && (ignored.has(rule.id) || ignored.has('*'))) return;
        const line = file.lines.positionAt(report.start).line;
        const suppressed = file.suppressions.get(line);
        if (suppressed && (suppressed.has(rule.id) || suppressed.has('*'))) return;
        findings.push({
          ruleId: rule.id,
          messageId: report.messageId,
          data: report.data,
          severity,
          message: formatMessage(rule.messages[report.messageId] ?? report.messageId, report.data),
          uri: file.uri,
          start: report.start,
          end: report.end,
          fixes: report.fixes ?? [],
          related: report.related ?? [],
        });
      };
      reads = readsFile = false;
      if (rule.checkDocument) for (const r of rule.checkDocument(doc, ctx)) emit(r, undefined);
      if (rule.check && !doc.error) {
        for (const obj of doc.objects) {
          const ignored = obj.ignoredRules.size ? obj.ignoredRules : undefined;
          for (const r of rule.check(obj, ctx)) emit(r, ignored);
        }
      }
      if (reads) crossRules.add(rule.id);
      if (readsFile) byDocument[doc.index].readsFile = true;
    }
  }
  return byDocument;
}

/**
 * One file's findings from its documents' (in document order): a rule's report repeated at the
 * same place with the same message counts once, then sorted by place (stable: ties keep the
 * order the rules reported them in, as when the whole file is checked in one pass).
 */
export function mergeDocumentFindings(byDocument: readonly DocumentFindings[]): Finding[] {
  const all: Finding[] = [];
  for (const { findings } of byDocument) for (const f of findings) all.push(f);
  all.sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
  // Repeats sort next to each other (same place and rule): the first of each is kept. No key
  // strings: this runs on every keystroke.
  const out: Finding[] = [];
  for (const f of all) {
    let repeated = false;
    for (let j = out.length - 1; j >= 0; j--) {
      const g = out[j];
      if (g.start !== f.start || g.end !== f.end || g.ruleId !== f.ruleId) break;
      if (g.message === f.message) {
        repeated = true;
        break;
      }
    }
    if (!repeated) out.push(f);
  }
  return out;
}
