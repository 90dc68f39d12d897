// The default command: `kube-label-lint [paths…] [--taxonomy FILE] [--namespace NS]
// [--format stylish|json|sarif] [--fix] [--max-warnings N]` (SPEC §3).
import { parseArgs, parseLimit, parseNamespace, type OptionSpec } from './args';
import type { CliIO } from './io';
import { computeFixes, writeFixes } from './fix';
import { exitCodeFor, toProblems, totals } from './report';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatStylish, plural } from './format/stylish';
import { lintWorkspace, listWorkspace, readWorkspace, skipNotes, type LintedFile, type SkipNote } from './workspace';
import { lintThreadCount, lintThreaded } from './parallel/threadedLint';

export const FORMATS = ['stylish', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export const LINT_OPTIONS: readonly OptionSpec[] = [
  { name: 'taxonomy', type: 'string' },
  { name: 'namespace', type: 'string' },
  { name: 'format', type: 'string', short: 'f', choices: FORMATS },
  { name: 'fix', type: 'boolean' },
  { name: 'max-warnings', type: 'string' },
  { name: 'help', type: 'boolean', short: 'h' },
  { name: 'version', type: 'boolean', short: 'v' },
];

export interface LintArgs {
  paths: string[];
  taxonomy?: string;
  namespace?: string;
  format: Format;
  fix: boolean;
  maxWarnings?: number;
  help: boolean;
  version: boolean;
}

/** Parses the lint command's arguments; throws `UsageError` on anything unexpected. */
export function parseLintArgs(argv: readonly string[]): LintArgs {
  const { values, positionals } = parseArgs(argv, LINT_OPTIONS);
  return {
    paths: positionals,
    taxonomy: values.taxonomy as string | undefined,
    namespace: values.namespace === undefined ? undefined : parseNamespace(values.namespace as string, '--namespace'),
    format: (values.format as Format | undefined) ?? 'stylish',
    fix: values.fix === true,
    maxWarnings: values['max-warnings'] === undefined ? undefined : parseLimit(values['max-warnings'] as string, '--max-warnings'),
    help: values.help === true,
    version: values.version === true,
  };
}

/** Lints (and with `--fix`, fixes) the workspace; returns the exit code. */
export async function runLint(args: LintArgs, io: CliIO): Promise<number> {
  const listing = listWorkspace(args.paths, { taxonomy: args.taxonomy }, io);
  const threads = args.fix ? 1 : lintThreadCount(listing.groups.reduce((n, g) => n + g.files.length, 0));
  let linted: LintedFile[];
  let skipped: SkipNote[];
  let writeFailed = false;
  if (threads > 1) {
    ({ linted, skipped } = await lintThreaded(listing, { defaultNamespace: args.namespace, threads }));
  } else if (args.fix) {
    const ws = readWorkspace(listing);
    skipped = ws.skipped;
    const fix = computeFixes(ws, args.namespace);
    const { written, failed } = writeFixes(fix);
    linted = fix.linted;
    if (written.length && args.format === 'stylish') {
      io.stderr(`fixed ${plural(written.length, 'file')}: ${written.map((f) => f.display).join(', ')}\n`);
    }
    for (const f of failed) io.stderr(`kube-label-lint: cannot write ${f.file.display}: ${f.message}\n`);
    writeFailed = failed.length > 0;
  } else {
    const ws = readWorkspace(listing);
    skipped = ws.skipped;
    linted = lintWorkspace(ws, { defaultNamespace: args.namespace });
  }
  for (const note of skipNotes({ skipped }, linted)) io.stderr(`${note}\n`);

  const problems = toProblems(linted);
  if (args.format === 'json') io.stdout(formatJson(problems));
  else if (args.format === 'sarif') io.stdout(formatSarif(problems, linted, io.cwd));
  else io.stdout(formatStylish(problems));

  const t = totals(problems);
  const code = exitCodeFor(t, args.maxWarnings);
  if (t.errors === 0 && code === 1) {
    io.stderr(`kube-label-lint found too many warnings (maximum: ${args.maxWarnings}).\n`);
  }
  // A fix that could not be written leaves the tree other than reported: not a clean run.
  return writeFailed ? 2 : code;
}
