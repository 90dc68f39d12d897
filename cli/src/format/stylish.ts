// The default output, shaped like ESLint's "stylish": findings grouped by file, one aligned line
// each (`line:col  severity  message  rule-id`), then a summary. Nothing at all when clean.
import { totals, type Problem } from '../report';

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatStylish(problems: readonly Problem[]): string {
  if (problems.length === 0) return '';
  const byFile = new Map<string, Problem[]>();
  for (const p of problems) {
    const list = byFile.get(p.file) ?? [];
    list.push(p);
    byFile.set(p.file, list);
  }
  let out = '';
  for (const [file, list] of byFile) {
    const rows = list.map((p) => [`${p.line}:${p.column}`, p.severity, p.message.replace(/\s*\r?\n\s*/g, ' '), p.ruleId]);
    const width = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c].length)));
    out += `\n${file}\n`;
    for (const r of rows) {
      out += `  ${r[0].padStart(width[0])}  ${r[1].padEnd(width[1])}  ${r[2].padEnd(width[2])}  ${r[3]}\n`;
    }
  }
  const t = totals(problems);
  out += `\n✖ ${plural(problems.length, 'problem')} (${plural(t.errors, 'error')}, ${plural(t.warnings, 'warning')}, ${plural(t.infos, 'info')})\n`;
  if (t.fixable > 0) out += `  ${plural(t.fixable, 'problem')} potentially fixable with --fix\n`;
  return `${out}\n`;
}
