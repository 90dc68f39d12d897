// `--format json` (SPEC §3): an array of
// `{ file, ruleId, severity, message, line, column, endLine, endColumn, fixable }`, nothing more.
import type { Problem } from '../report';

export interface JsonProblem {
  file: string;
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixable: boolean;
}

export function formatJson(problems: readonly Problem[]): string {
  const rows: JsonProblem[] = problems.map((p) => ({
    file: p.file,
    ruleId: p.ruleId,
    severity: p.severity,
    message: p.message,
    line: p.line,
    column: p.column,
    endLine: p.endLine,
    endColumn: p.endColumn,
    fixable: p.fixable,
  }));
  return `${JSON.stringify(rows, null, 2)}\n`;
}
