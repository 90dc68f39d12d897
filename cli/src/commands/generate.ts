// `kube-label-lint generate [paths…] --for NAMESPACE/NAME | --for NAMESPACE
//  [--flavor kubernetes|calico|calico-staged] [--taxonomy FILE] [--namespace NS]` (SPEC §3, §5).
// Prints the allow policy of one workload, or a namespace's default-deny and DNS allow policies,
// on stdout; what the generator could not do goes to stderr as `warning:` lines.
// Exit codes: 0 printed; 1 nothing could be generated (e.g. a workload without labels);
// 2 usage error, unknown workload (with close names), invalid taxonomy.
import { WorkspaceIndex, type Taxonomy } from '../../../engine/src/index';
import {
  findWorkload,
  generateForNamespace,
  generateForWorkload,
  POLICY_FLAVORS,
  suggestWorkloads,
  type GenerateResult,
  type PolicyFlavor,
} from '../../../engine/src/generate/index';
import { DEFAULT_TAXONOMY } from '../../../engine/src/taxonomy/default';
import { parseArgs, parseNamespace, UsageError, type OptionSpec } from '../args';
import type { CliIO } from '../io';
import type { Subcommand } from '../main';
import { loadWorkspace, skipNotes, type Workspace } from '../workspace';
import { indexFiles } from './indexFiles';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'for', type: 'string' },
  { name: 'flavor', type: 'string', choices: POLICY_FLAVORS },
  { name: 'taxonomy', type: 'string' },
  { name: 'namespace', type: 'string' },
  { name: 'help', type: 'boolean', short: 'h' },
];

const USAGE = `Usage: kube-label-lint generate [paths…] --for NAMESPACE/NAME [--flavor FLAVOR]
       kube-label-lint generate [paths…] --for NAMESPACE [--flavor FLAVOR]

Prints the network policy a workload needs, from the connections its manifests name
(env values, args, command, ConfigMaps → Services → workloads), or with --for NAMESPACE
the namespace's default-deny and DNS allow policies.

Options:
  --for TARGET          NAMESPACE/NAME of a workload, or a NAMESPACE
  --flavor FLAVOR       ${POLICY_FLAVORS.join(' | ')} (default: kubernetes)
  --taxonomy FILE       taxonomy file (default: found from the paths, else the built-in default)
  --namespace NS        namespace of objects that name none (default: default)
  -h, --help            show this help
`;

interface Group {
  taxonomy: Taxonomy;
  index: WorkspaceIndex;
}

/** One index per taxonomy group (the workspace the lint command would check together). */
function indexGroups(ws: Workspace, defaultNamespace: string | undefined): Group[] {
  return ws.groups.map((g) => ({ taxonomy: g.taxonomy, index: indexFiles(g.files, defaultNamespace).index }));
}

function printNotes(ws: Workspace, io: CliIO): void {
  for (const note of skipNotes(ws, [])) io.stderr(`${note}\n`);
}

function print(result: GenerateResult, io: CliIO): number {
  for (const w of result.warnings) io.stderr(`warning: ${w}\n`);
  if (!result.policies.length) {
    io.stderr('kube-label-lint: no policy generated\n');
    return 1;
  }
  io.stdout(result.text);
  return 0;
}

export const generateCommand: Subcommand = {
  summary: 'print the network policy for a workload (--for NS/NAME) or a namespace (--for NS)',
  run(argv: string[], io: CliIO): number {
    const { values, positionals } = parseArgs(argv, OPTIONS);
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    const target = values.for as string | undefined;
    if (target === undefined) throw new UsageError("generate needs '--for NAMESPACE/NAME' (a workload) or '--for NAMESPACE'");
    const parts = target.split('/');
    if (parts.length > 2 || parts.some((p) => p === '')) throw new UsageError(`invalid value '${target}' for '--for' (expected NAMESPACE/NAME or NAMESPACE)`);
    const namespace = parseNamespace(parts[0], '--for');
    const flavor = ((values.flavor as string | undefined) ?? 'kubernetes') as PolicyFlavor;
    const defaultNamespace = values.namespace === undefined ? undefined : parseNamespace(values.namespace as string, '--namespace');

    const ws = loadWorkspace(positionals, { taxonomy: values.taxonomy as string | undefined }, io);
    printNotes(ws, io);
    const groups = indexGroups(ws, defaultNamespace);

    if (parts.length === 1) {
      // Namespace policies: the taxonomy of the group that holds the namespace (else the first).
      const group =
        groups.find((g) => [...g.index.objects()].some((o) => o.namespace === namespace || (o.kind === 'Namespace' && o.name === namespace))) ??
        groups[0];
      const taxonomy = group?.taxonomy ?? DEFAULT_TAXONOMY;
      return print(generateForNamespace(group?.index ?? new WorkspaceIndex(), taxonomy, namespace, flavor), io);
    }

    const id = { namespace, name: parts[1] };
    const group = groups.find((g) => findWorkload(g.index, id));
    if (!group) {
      const suggestions = [...new Set(groups.flatMap((g) => suggestWorkloads(g.index, id)))].slice(0, 5);
      io.stderr(
        `kube-label-lint: no workload ${target} in ${positionals.length ? positionals.join(' ') : '.'}` +
          (suggestions.length ? `; close names: ${suggestions.join(', ')}` : '; no workload has a close name') +
          '\n',
      );
      return 2;
    }
    return print(generateForWorkload(group.index, group.taxonomy, id, flavor), io);
  },
};
