// The CLI entry point: a small dispatcher. `kube-label-lint <subcommand> …` runs a subcommand of
// SUBCOMMANDS; anything else is the lint command (`kube-label-lint [paths…] [options]`).
// To add a subcommand: write `cli/src/<name>.ts` exporting a `Subcommand`, and add one line below.
// Exit codes (SPEC §3): 0 clean, 1 findings over the limits, 2 usage or taxonomy error.
import { TOOL_NAME, TOOL_VERSION } from '../../engine/src/index';
import { UsageError } from './args';
import { processIO, type CliIO } from './io';
import { FORMATS, parseLintArgs, runLint } from './lint';
import { TaxonomyFailure } from './workspace';
import { generateCommand } from './commands/generate';
import { inventoryCommand } from './commands/inventory';
import { connectivityCommand } from './commands/connectivity';

export interface Subcommand {
  /** One line for `--help`. */
  summary: string;
  /** Runs with the arguments after the subcommand's name; returns the exit code. May throw
   *  `UsageError` (exit 2, message on stderr) and `TaxonomyFailure` (exit 2, already printed). */
  run(argv: string[], io: CliIO): number | Promise<number>;
}

/** Subcommands by name. A folder named like one is still linted as `./name`. */
export const SUBCOMMANDS: Record<string, Subcommand> = {
  generate: generateCommand,
  inventory: inventoryCommand,
  connectivity: connectivityCommand,
};

export function usage(): string {
  const subs = Object.entries(SUBCOMMANDS)
    .map(([name, s]) => `  ${TOOL_NAME} ${name.padEnd(13)} ${s.summary}\n`)
    .join('');
  return `Usage: ${TOOL_NAME} [paths…] [options]
${subs ? `${subs}` : ''}
Checks Kubernetes YAML against the label taxonomy and network-policy practices.
Paths are files or folders (default: .); folders are searched for *.yaml and *.yml,
respecting .gitignore.

Options:
  --taxonomy FILE       taxonomy file (default: label-taxonomy.yaml, label-taxonomy.json,
                        .label-taxonomy.yaml or .vscode/label-taxonomy.yaml in each path's
                        folder or a parent folder; else the built-in default)
  --namespace NS        namespace of objects that name none (default: default)
  --format FORMAT       ${FORMATS.join(' | ')} (default: stylish)
  --fix                 apply the safe fixes in place, then report what is left
  --max-warnings N      exit 1 when there are more than N warnings (default: no limit)
  -h, --help            show this help
  -v, --version         show the version

Exit codes: 0 no error and warnings within --max-warnings, 1 otherwise, 2 usage or
taxonomy error. Docs: docs/cli.md
`;
}

export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first !== undefined && Object.prototype.hasOwnProperty.call(SUBCOMMANDS, first)) {
      return await SUBCOMMANDS[first].run(rest, io);
    }
    const args = parseLintArgs(argv);
    if (args.help) {
      io.stdout(usage());
      return 0;
    }
    if (args.version) {
      io.stdout(`${TOOL_VERSION}\n`);
      return 0;
    }
    return await runLint(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`${TOOL_NAME}: ${e.message.split('\n').join(`\n${TOOL_NAME}: `)}\nTry '${TOOL_NAME} --help'.\n`);
      return 2;
    }
    if (e instanceof TaxonomyFailure) return 2;
    io.stderr(`${TOOL_NAME}: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 2;
  }
}
