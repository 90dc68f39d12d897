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
  if (file.skipped) return [];
  const ctx: RuleContext = { file, taxonomy: options.taxonomy, index: options.index };
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const rule of options.rules ?? ALL_RULES) {
    const severity = resolveSeverity(rule.id, rule.defaultSeverity, options.taxonomy, options.severityOverrides);
    if (severity === 'off') continue;
    const emit = (report: RuleReport, ignored: ReadonlySet<string> | undefined) => {
      if (ignored && (ignored.has(rule.id) || ignored.has('*'))) return;
      const line = file.lines.positionAt(report.start).line;
      const suppressed = file.suppressions.get(line);
      if (suppressed && (suppressed.has(rule.id) || suppressed.has('*'))) return;
      const message = formatMessage(rule.messages[report.messageId] ?? report.messageId, report.data);
      const key = `${report.start}:${report.end}:${message}`;
      if (seen.has(`${rule.id}:${key}`)) return;
      seen.add(`${rule.id}:${key}`);
      findings.push({
        ruleId: rule.id,
        messageId: report.messageId,
        data: report.data,
        severity,
        message,
        uri: file.uri,
        start: report.start,
        end: report.end,
        fixes: report.fixes ?? [],
        related: report.related ?? [],
      });
    };
    for (const doc of file.documents) {
      if (rule.checkDocument) for (const r of rule.checkDocument(doc, ctx)) emit(r, undefined);
      if (!rule.check || doc.error) continue;
      for (const obj of doc.objects) {
        const ignored = obj.ignoredRules.size ? obj.ignoredRules : undefined;
        for (const r of rule.check(obj, ctx)) emit(r, ignored);
      }
    }
  }
  return findings.sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
}

