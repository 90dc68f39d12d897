// Custom requests behind the editor's generation commands (SPEC §4/§5): a policy for the workload
// under the cursor, a namespace's default-deny + DNS policies, the list of workloads (for a quick
// pick), and a taxonomy draft from the labels in use. The engine does the work; this module only
// finds the folder, its index and taxonomy, and converts the cursor position to an offset.
import type { Connection, Position } from 'vscode-languageserver/node';
import {
  buildInventory,
  draftTaxonomy,
  findWorkload,
  findWorkloadAt,
  generateForNamespace,
  generateForWorkload,
  listWorkloads,
  POLICY_FLAVORS,
  UnknownWorkloadError,
  type PolicyFlavor,
} from '../../engine/src/generate/index';
import type { Workspace } from './workspace';
import type { FolderContext } from './folderContext';
import {
  DRAFT_TAXONOMY_REQUEST,
  GENERATE_NAMESPACE_REQUEST,
  GENERATE_POLICY_REQUEST,
  LIST_WORKLOADS_REQUEST,
  type GenerateNamespaceParams,
  type GeneratePolicyParams,
  type GenerateResponse,
} from './generationProtocol';

export function registerGenerationRequests(connection: Connection, workspace: Workspace): void {
  /** The folder of `uri` (or the first folder), its analysis brought up to date. */
  const folderOf = async (uri: string | undefined): Promise<{ ctx: FolderContext; key?: string; offsetAt?: (p: Position) => number } | undefined> => {
    await workspace.analyzer.whenIdle();
    const hit = uri ? workspace.fileOf(uri) : undefined;
    if (hit) {
      const [ctx, file] = hit;
      const lines = file.parsed?.lines;
      return { ctx, key: file.key, offsetAt: lines ? (p) => lines.offsetAt(p) : undefined };
    }
    const ctx = workspace.folderContexts()[0] ?? workspace.contexts()[0];
    return ctx ? { ctx } : undefined;
  };
  const workloadIds = (ctx: FolderContext) => listWorkloads(ctx.index).map((w) => `${w.namespace}/${w.name}`).sort();
  const flavorOf = (f: unknown): PolicyFlavor => (POLICY_FLAVORS as readonly string[]).includes(f as string) ? (f as PolicyFlavor) : 'kubernetes';

  connection.onRequest(GENERATE_POLICY_REQUEST, async (params: GeneratePolicyParams): Promise<GenerateResponse> => {
    const where = await folderOf(params.uri);
    if (!where) return { warnings: [], error: 'no workspace folder is open' };
    const { ctx } = where;
    let target = params.workload;
    if (!target && where.key && where.offsetAt && params.position) {
      const w = findWorkloadAt(ctx.index, where.key, where.offsetAt(params.position));
      if (w) target = { namespace: w.namespace, name: w.name };
    }
    if (!target || !findWorkload(ctx.index, target)) {
      return { warnings: [], error: 'the cursor is on no workload', workloads: workloadIds(ctx) };
    }
    try {
      const result = generateForWorkload(ctx.index, ctx.taxonomyInForce, target, flavorOf(params.flavor));
      return { text: result.text, warnings: result.warnings };
    } catch (e) {
      if (e instanceof UnknownWorkloadError) return { warnings: [], error: e.message, workloads: workloadIds(ctx) };
      return { warnings: [], error: (e as Error).message };
    }
  });

  connection.onRequest(GENERATE_NAMESPACE_REQUEST, async (params: GenerateNamespaceParams): Promise<GenerateResponse> => {
    const where = await folderOf(params.uri);
    if (!where) return { warnings: [], error: 'no workspace folder is open' };
    const { ctx } = where;
    let namespace = params.namespace;
    if (!namespace && where.key && where.offsetAt && params.position) {
      const offset = where.offsetAt(params.position);
      const obj = ctx.index.objectsOf(where.key).find((o) => offset >= o.docRange.start && offset <= o.docRange.end);
      if (obj) namespace = obj.kind === 'Namespace' ? obj.name : obj.namespace;
    }
    if (!namespace) {
      const namespaces = [...new Set([...ctx.index.objects()].filter((o) => o.podTemplate).map((o) => o.namespace))].sort();
      return { warnings: [], error: 'the cursor is on no namespaced object', namespaces };
    }
    const result = generateForNamespace(ctx.index, ctx.taxonomyInForce, namespace, flavorOf(params.flavor));
    return { text: result.text, warnings: result.warnings };
  });

  connection.onRequest(LIST_WORKLOADS_REQUEST, async (params: { uri?: string }): Promise<string[]> => {
    const where = await folderOf(params?.uri);
    return where ? workloadIds(where.ctx) : [];
  });

  connection.onRequest(DRAFT_TAXONOMY_REQUEST, async (params: { uri?: string }): Promise<GenerateResponse> => {
    const where = await folderOf(params?.uri);
    if (!where) return { warnings: [], error: 'no workspace folder is open' };
    const inventory = buildInventory(where.ctx.index, {
      lineAt: (key, offset) => (workspace.lookup(key)?.lines.positionAt(offset).line ?? 0) + 1,
    });
    return { text: draftTaxonomy(inventory, { identityLabels: where.ctx.taxonomyInForce.policy.identityLabels }), warnings: [] };
  });
}
