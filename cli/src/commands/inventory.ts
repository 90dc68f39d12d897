// `kube-label-lint inventory [paths…] [--format table|json|taxonomy] [--taxonomy FILE] [--namespace NS]`
// (SPEC §3): every label key and value in use, on objects and pod templates, with counts and
// where; `--format taxonomy` drafts a label-taxonomy.yaml from them. Every file of the path
// arguments counts, whichever taxonomy applies to it. Exit codes: 0, or 2 on a usage or taxonomy error.
import { buildInventory, draftTaxonomy, type LabelInventory } from '../../../engine/src/generate/index';
import { parseArgs, parseNamespace, type OptionSpec } from '../args';
import type { CliIO } from '../io';
import type { Subcommand } from '../main';
import { loadWorkspace, skipNotes } from '../workspace';
import { indexFiles } from './indexFiles';

const FORMATS = ['table', 'json', 'taxonomy'] as const;
type Format = (typeof FORMATS)[number];

const OPTIONS: readonly OptionSpec[] = [
  { name: 'format', type: 'string', short: 'f', choices: FORMATS },
  { name: 'taxonomy', type: 'string' },
  { name: 'namespace', type: 'string' },
  { name: 'help', type: 'boolean', short: 'h' },
];

const USAGE = `Usage: kube-label-lint inventory [paths…] [--format table|json|taxonomy]

Lists every label key and value in use (objects' metadata and pod templates), with counts
and where; --format taxonomy drafts a label-taxonomy.yaml from them.

Options:
  --format FORMAT       ${FORMATS.join(' | ')} (default: table)
  --taxonomy FILE       taxonomy file (its identityLabels are kept out of drafted value sets)
  --namespace NS        namespace of objects that name none (default: default)
  -h, --help            show this help
`;

/** Locations shown per value in the table (the JSON lists them all). */
const TABLE_LOCATIONS = 3;

export const inventoryCommand: Subcommand = {
  summary: 'list the label keys and values in use; --format taxonomy drafts a taxonomy',
  run(argv: string[], io: CliIO): number {
    const { values, positionals } = parseArgs(argv, OPTIONS);
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    const format = ((values.format as string | undefined) ?? 'table') as Format;
    const defaultNamespace = values.namespace === undefined ? undefined : parseNamespace(values.namespace as string, '--namespace');
    const ws = loadWorkspace(positionals, { taxonomy: values.taxonomy as string | undefined }, io);
    for (const note of skipNotes(ws, [])) io.stderr(`${note}\n`);

    const { index, lines, display } = indexFiles(ws.groups.flatMap((g) => g.files), defaultNamespace);
    const inventory = buildInventory(index, { lineAt: (uri, offset) => (lines.get(uri)?.positionAt(offset).line ?? 0) + 1 });
    const identityLabels = [...new Set(ws.groups.flatMap((g) => g.taxonomy.policy.identityLabels))];
    if (format === 'taxonomy') io.stdout(draftTaxonomy(inventory, { identityLabels }));
    else if (format === 'json') io.stdout(`${JSON.stringify(toJson(inventory, display), null, 2)}\n`);
    else io.stdout(toTable(inventory, display));
    return 0;
  },
};

function toJson(inv: LabelInventory, display: ReadonlyMap<string, string>): unknown {
  return {
    objects: inv.objects,
    workloads: inv.workloads,
    keys: inv.keys.map((k) => ({
      key: k.key,
      count: k.count,
      objects: k.objects,
      workloads: k.workloads,
      values: k.values.map((v) => ({
        value: v.value,
        count: v.count,
        where: v.uses.map((u) => ({
          file: display.get(u.uri) ?? u.uri,
          line: u.line,
          kind: u.kind,
          namespace: u.namespace,
          name: u.name,
          in: u.in,
        })),
      })),
    })),
  };
}

function toTable(inv: LabelInventory, display: ReadonlyMap<string, string>): string {
  if (inv.keys.length === 0) return `no labels in use (${inv.objects} object${inv.objects === 1 ? '' : 's'})\n`;
  const width = Math.min(40, Math.max(...inv.keys.flatMap((k) => k.values.map((v) => v.value.length + 2)), 5));
  const countWidth = Math.max(...inv.keys.flatMap((k) => k.values.map((v) => String(v.count).length)), 1);
  const out: string[] = [];
  for (const k of inv.keys) {
    out.push(
      `${k.key}  ${k.count} use${k.count === 1 ? '' : 's'} on ${k.objects} object${k.objects === 1 ? '' : 's'}` +
        `${inv.workloads ? `, ${k.workloads}/${inv.workloads} workloads` : ''}, ${k.values.length} value${k.values.length === 1 ? '' : 's'}`,
    );
    for (const v of k.values) {
      const shown = v.value === '' ? '""' : v.value;
      const where = v.uses.slice(0, TABLE_LOCATIONS).map((u) => `${display.get(u.uri) ?? u.uri}:${u.line}`);
      const more = v.uses.length > TABLE_LOCATIONS ? `, +${v.uses.length - TABLE_LOCATIONS} more` : '';
      out.push(`  ${shown.padEnd(width)} ${String(v.count).padStart(countWidth)}  ${where.join(', ')}${more}`);
    }
  }
  out.push('');
  out.push(`${inv.keys.length} label key${inv.keys.length === 1 ? '' : 's'} on ${inv.objects} object${inv.objects === 1 ? '' : 's'} (${inv.workloads} workload${inv.workloads === 1 ? '' : 's'})`);
  return `${out.join('\n')}\n`;
}
