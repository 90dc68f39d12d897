// `kube-label-lint connectivity [paths…] [--focus NS] [--format table|json|dot|mermaid]
//  [--taxonomy FILE] [--namespace NS]` (SPEC §3): which workloads may connect under the
// workspace's policies, on which ports, decided by which rules; with staged policies, the edges
// they would newly allow or deny. Every file of the path arguments is one workspace (policies
// apply across them, whichever taxonomy each falls under). Exit codes: 0, or 2 on a usage or
// taxonomy error.
import {
  connectivityDot,
  connectivityJson,
  connectivityMermaid,
  connectivityModel,
  connectivityTable,
} from '../../../engine/src/connectivity/index';
import { parseArgs, parseNamespace, type OptionSpec } from '../args';
import type { CliIO } from '../io';
import type { Subcommand } from '../main';
import { loadWorkspace, skipNotes } from '../workspace';
import { indexFiles } from './indexFiles';

const FORMATS = ['table', 'json', 'dot', 'mermaid'] as const;
type Format = (typeof FORMATS)[number];

const OPTIONS: readonly OptionSpec[] = [
  { name: 'focus', type: 'string' },
  { name: 'format', type: 'string', short: 'f', choices: FORMATS },
  { name: 'taxonomy', type: 'string' },
  { name: 'namespace', type: 'string' },
  { name: 'help', type: 'boolean', short: 'h' },
];

const USAGE = `Usage: kube-label-lint connectivity [paths…] [--focus NS] [--format table|json|dot|mermaid]

Shows which workloads may connect to which under the workspace's Kubernetes and Calico
network policies: the ports, and the policy rules that allow each connection. Connections
that staged policies would newly allow or deny are marked. Endpoints: the workloads
(NAMESPACE/NAME), outside (addresses outside the cluster) and kube-dns.

Options:
  --focus NS            keep the connections that touch namespace NS
  --format FORMAT       ${FORMATS.join(' | ')} (default: table)
  --taxonomy FILE       taxonomy file (default: found from the paths, else the built-in default)
  --namespace NS        namespace of objects that name none (default: default)
  -h, --help            show this help
`;

export const connectivityCommand: Subcommand = {
  summary: 'show which workloads may connect under the policies (table, json, dot, mermaid)',
  run(argv: string[], io: CliIO): number {
    const { values, positionals } = parseArgs(argv, OPTIONS);
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    const format = ((values.format as string | undefined) ?? 'table') as Format;
    const focus = values.focus === undefined ? undefined : parseNamespace(values.focus as string, '--focus');
    const defaultNamespace = values.namespace === undefined ? undefined : parseNamespace(values.namespace as string, '--namespace');
    const ws = loadWorkspace(positionals, { taxonomy: values.taxonomy as string | undefined }, io);
    for (const note of skipNotes(ws, [])) io.stderr(`${note}\n`);

    const { index, lines, display } = indexFiles(ws.groups.flatMap((g) => g.files), defaultNamespace);
    const model = connectivityJson(connectivityModel(index), {
      file: (uri) => display.get(uri) ?? uri,
      position: (uri, offset) => lines.get(uri)?.positionAt(offset) ?? { line: 0, character: 0 },
      focus,
      // SPEC's JSON has no field for it; the table, DOT and Mermaid show port changes too.
      stagedPorts: format !== 'json',
    });
    if (format === 'json') io.stdout(`${JSON.stringify(model, null, 2)}\n`);
    else if (format === 'dot') io.stdout(connectivityDot(model));
    else if (format === 'mermaid') io.stdout(connectivityMermaid(model));
    else io.stdout(connectivityTable(model));
    return 0;
  },
};
