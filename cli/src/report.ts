// Findings as the CLI reports them (SPEC §3): 1-based lines, 1-based UTF-16 columns, end column
// exclusive, paths relative to the current folder with `/`. Every output format starts from here.
import type { Finding, Severity } from '../../engine/src/index';
import type { LintedFile } from './workspace';

export type ReportedSeverity = Exclude<Severity, 'off'>;

export interface Problem {
  /** Path relative to the current folder, with `/`. */
  file: string;
  ruleId: string;
  severity: ReportedSeverity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** A safe fix exists (`--fix` would apply one). */
  fixable: boolean;
  /** The engine's finding, for formats that show more (SARIF related locations). */
  finding: Finding;
}

export interface Totals {
  errors: number;
  warnings: number;
  infos: number;
  fixable: number;
}

/** Every finding of every file, in file order then position order. */
export function toProblems(files: readonly LintedFile[]): Problem[] {
  const out: Problem[] = [];
  for (const { file, result } of files) {
    // A file without findings needs no line index (the threaded lint builds them on demand).
    if (result.findings.length === 0) continue;
    const lines = result.file.lines;
    const problems = result.findings.map((f): Problem => {
      const start = lines.oneBased(f.start);
      const end = lines.oneBased(Math.max(f.end, f.start));
      return {
        file: file.display,
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        fixable: f.fixes.some((x) => x.safe),
        finding: f,
      };
    });
    problems.sort((a, b) => a.line - b.line || a.column - b.column || a.endLine - b.endLine || a.endColumn - b.endColumn || cmp(a.ruleId, b.ruleId) || cmp(a.message, b.message));
    out.push(...problems);
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function totals(problems: readonly Problem[]): Totals {
  const t: Totals = { errors: 0, warnings: 0, infos: 0, fixable: 0 };
  for (const p of problems) {
    if (p.severity === 'error') t.errors++;
    else if (p.severity === 'warning') t.warnings++;
    else t.infos++;
    if (p.fixable) t.fixable++;
  }
  return t;
}

/**
 * SPEC §3: 0 when there is no error and the warnings are at most `maxWarnings` (undefined = no
 * limit; infos never count), 1 otherwise.
 */
export function exitCodeFor(t: Totals, maxWarnings: number | undefined): 0 | 1 {
  if (t.errors > 0) return 1;
  if (maxWarnings !== undefined && t.warnings > maxWarnings) return 1;
  return 0;
}
