// `--format sarif` (SPEC §3): SARIF 2.1.0, one run, every rule in `tool.driver.rules`, UTF-16
// columns, one physical location per result with a path relative to the current folder (also
// anchored at `%SRCROOT%` = the current folder, for code-scanning uploads).
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { ALL_RULES, HOMEPAGE, RULE_IDS, TOOL_NAME, TOOL_VERSION, type Rule } from '../../../engine/src/index';
import type { Problem, ReportedSeverity } from '../report';
import type { LintedFile } from '../workspace';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';

const LEVEL: Record<ReportedSeverity, Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note' };

/** The registered rules in catalog order (SPEC §2), as `tool.driver.rules` lists them. */
export function driverRules(): Rule[] {
  const order = (id: string) => (RULE_IDS as readonly string[]).indexOf(id);
  return [...ALL_RULES].sort((a, b) => order(a.id) - order(b.id));
}

function defaultLevel(rule: Rule): Sarif.ReportingConfiguration.level {
  switch (rule.defaultSeverity) {
    case 'error':
      return 'error';
    case 'info':
      return 'note';
    case 'off':
      return 'none';
    default:
      // `warning`, and `per-taxonomy` (label-unknown: `warn` when a taxonomy file omits `unknownLabels`).
      return 'warning';
  }
}

/** A relative path as a URI reference: each segment percent-encoded, `/` between them. */
export function pathToUriReference(relative: string): string {
  return relative
    .split('/')
    .map((s) => (s === '.' || s === '..' ? s : encodeURIComponent(s)))
    .join('/');
}

export function formatSarif(problems: readonly Problem[], files: readonly LintedFile[], cwd: string): string {
  const rules = driverRules();
  const ruleIndex = new Map(rules.map((r, i) => [r.id as string, i]));
  const byUri = new Map(files.map((f) => [f.file.uri, f]));

  const physical = (display: string, region: Sarif.Region): Sarif.PhysicalLocation => ({
    artifactLocation: { uri: pathToUriReference(display), uriBaseId: SRCROOT },
    region,
  });

  const results: Sarif.Result[] = problems.map((p) => {
    const index = ruleIndex.get(p.ruleId);
    const result: Sarif.Result = {
      ruleId: p.ruleId,
      ...(index === undefined ? {} : { ruleIndex: index }),
      level: LEVEL[p.severity],
      message: { text: p.message },
      locations: [
        {
          physicalLocation: physical(p.file, { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn }),
        },
      ],
    };
    const related: Sarif.Location[] = [];
    for (const r of p.finding.related) {
      const target = byUri.get(r.uri);
      if (!target) continue;
      const lines = target.result.file.lines;
      const start = lines.oneBased(r.start);
      const end = lines.oneBased(Math.max(r.start, r.end));
      related.push({
        id: related.length + 1,
        physicalLocation: physical(target.file.display, { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column }),
        message: { text: r.message },
      });
    }
    if (related.length) result.relatedLocations = related;
    return result;
  });

  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: TOOL_VERSION,
            semanticVersion: TOOL_VERSION,
            informationUri: HOMEPAGE,
            rules: rules.map(
              (r): Sarif.ReportingDescriptor => ({
                id: r.id,
                shortDescription: { text: r.description },
                helpUri: r.docsUrl,
                defaultConfiguration: { level: defaultLevel(r) },
              }),
            ),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(cwd) } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}
