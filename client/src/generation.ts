// The generation commands (SPEC §4): a policy for the workload under the cursor (Kubernetes,
// Calico, staged Calico), a namespace's default-deny + DNS policies, and a taxonomy draft. The
// server generates; the client asks, lets the user pick when the cursor says nothing, and puts
// the result where `kubeLabelLint.generate.destination` says: a new untitled editor beside the
// manifest, or (asked each time) appended as new YAML documents to the current or another file.
import * as path from 'path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  DRAFT_TAXONOMY_REQUEST,
  GENERATE_NAMESPACE_REQUEST,
  GENERATE_POLICY_REQUEST,
  appendedDocumentsInsertion,
  type GenerateResponse,
} from '../../server/src/generationProtocol';

type Flavor = 'kubernetes' | 'calico' | 'calico-staged';

/**
 * Optional argument of the generation commands, for keybindings, tasks and tests. From a menu
 * VS Code passes the resource's Uri instead; that is ignored (the cursor decides).
 */
interface GenerationArgs {
  /** `namespace/name` of the workload (policy commands). */
  workload?: string;
  /** The namespace (namespace command). */
  namespace?: string;
  /** `newEditor`, `ask`, or the uri of a file to append to. */
  destination?: string;
}

const POLICY_COMMANDS: [id: string, flavor: Flavor][] = [
  ['kubeLabelLint.generateKubernetesPolicy', 'kubernetes'],
  ['kubeLabelLint.generateCalicoPolicy', 'calico'],
  ['kubeLabelLint.generateStagedCalicoPolicy', 'calico-staged'],
];

const TAXONOMY_FILE = 'label-taxonomy.yaml';

function argsOf(arg: unknown): GenerationArgs {
  if (!arg || typeof arg !== 'object' || arg instanceof vscode.Uri) return {};
  return arg as GenerationArgs;
}

export function registerGenerationCommands(context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined, output: vscode.OutputChannel): void {
  const cursor = (client: LanguageClient) => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return { uri: '' };
    return {
      uri: client.code2ProtocolConverter.asUri(editor.document.uri),
      position: client.code2ProtocolConverter.asPosition(editor.selection.active),
    };
  };

  /** Reports warnings and errors; the generated text, or undefined when there is none. */
  const textOf = (response: GenerateResponse): string | undefined => {
    for (const w of response.warnings) output.appendLine(`warning: ${w}`);
    if (response.warnings.length) void vscode.window.showInformationMessage(`Kube Label Lint: ${response.warnings.length} note(s) about the generated YAML; see the output.`);
    if (response.text === undefined) void vscode.window.showWarningMessage(`Kube Label Lint: ${response.error ?? 'nothing to generate'}`);
    return response.text;
  };

  const deliver = async (response: GenerateResponse, args: GenerationArgs): Promise<void> => {
    const text = textOf(response);
    if (text === undefined) return;
    const target = await destinationOf(args);
    if (target === undefined) return;
    if (target === 'newEditor') await openUntitled(text);
    else await appendToFile(target, text);
  };

  for (const [id, flavor] of POLICY_COMMANDS) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (arg?: unknown) => {
        const client = getClient();
        if (!client) return;
        const args = argsOf(arg);
        const at = cursor(client);
        const byName = (id: string) => {
          const [namespace, ...rest] = id.split('/');
          return client.sendRequest<GenerateResponse>(GENERATE_POLICY_REQUEST, { uri: at.uri, workload: { namespace, name: rest.join('/') }, flavor });
        };
        let response = args.workload ? await byName(args.workload) : await client.sendRequest<GenerateResponse>(GENERATE_POLICY_REQUEST, { ...at, flavor });
        if (response.text === undefined && response.workloads?.length) {
          const picked = await vscode.window.showQuickPick(response.workloads, { placeHolder: 'Generate a policy for which workload?' });
          if (!picked) return;
          response = await byName(picked);
        }
        await deliver(response, args);
      }),
    );
  }

  context.subscriptions.push(
    vscode.commands.registerCommand('kubeLabelLint.generateNamespaceDefaultDeny', async (arg?: unknown) => {
      const client = getClient();
      if (!client) return;
      const args = argsOf(arg);
      const at = cursor(client);
      const forNamespace = (namespace: string) => client.sendRequest<GenerateResponse>(GENERATE_NAMESPACE_REQUEST, { uri: at.uri, namespace, flavor: 'kubernetes' });
      let response = args.namespace ? await forNamespace(args.namespace) : await client.sendRequest<GenerateResponse>(GENERATE_NAMESPACE_REQUEST, { ...at, flavor: 'kubernetes' });
      if (response.text === undefined && response.namespaces?.length) {
        const picked = await vscode.window.showQuickPick(response.namespaces, { placeHolder: 'Default-deny and DNS policies for which namespace?' });
        if (!picked) return;
        response = await forNamespace(picked);
      }
      await deliver(response, args);
    }),
    vscode.commands.registerCommand('kubeLabelLint.draftTaxonomy', async () => {
      const client = getClient();
      if (!client) return;
      const text = textOf(await client.sendRequest<GenerateResponse>(DRAFT_TAXONOMY_REQUEST, { uri: cursor(client).uri || undefined }));
      if (text !== undefined) await openTaxonomyDraft(text);
    }),
  );
}

/** `newEditor`, a file to append to, or undefined when the user cancelled the choice. */
async function destinationOf(args: GenerationArgs): Promise<'newEditor' | vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  const setting = vscode.workspace.getConfiguration('kubeLabelLint', active?.uri).get<string>('generate.destination', 'newEditor');
  const choice = args.destination ?? setting;
  if (choice === 'newEditor') return 'newEditor';
  if (choice !== 'ask') return vscode.Uri.parse(choice);

  type Item = vscode.QuickPickItem & { pick: 'newEditor' | 'other' | vscode.Uri };
  const items: Item[] = [{ label: '$(new-file) New untitled editor', pick: 'newEditor' }];
  if (active && active.languageId === 'yaml' && !active.isUntitled) {
    items.push({ label: `$(insert) Append to ${path.basename(active.uri.path)}`, description: vscode.workspace.asRelativePath(active.uri), pick: active.uri });
  }
  items.push({ label: '$(files) Append to another YAML file…', pick: 'other' });
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Where should the generated YAML go?' });
  if (!picked) return undefined;
  const pick = picked.pick;
  if (pick !== 'other') return pick;

  const files = await vscode.workspace.findFiles('**/*.{yaml,yml}', '**/{node_modules,.git}/**', 5000);
  const fileItems = files
    .map((uri) => ({ label: path.basename(uri.path), description: vscode.workspace.asRelativePath(uri), uri }))
    .sort((a, b) => a.description.localeCompare(b.description));
  const file = await vscode.window.showQuickPick(fileItems, { placeHolder: 'Append the generated YAML to which file?', matchOnDescription: true });
  return file?.uri;
}

async function openUntitled(text: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
}

/** Appends `text` as new documents at the end of `uri` (one insertion, not saved) and shows it. */
async function appendToFile(uri: vscode.Uri, text: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const existing = doc.getText();
  const end = doc.positionAt(existing.length);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, end, appendedDocumentsInsertion(existing, text));
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showWarningMessage(`Kube Label Lint: could not append to ${vscode.workspace.asRelativePath(uri)}.`);
    return;
  }
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const last = doc.lineAt(doc.lineCount - 1).range.end;
  editor.revealRange(new vscode.Range(end, last), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  editor.selection = new vscode.Selection(end, end);
}

/**
 * The taxonomy draft opens untitled; where the folder has no taxonomy file yet, it is named
 * `<folder>/label-taxonomy.yaml`, so that Save writes it where discovery finds it.
 */
async function openTaxonomyDraft(text: string): Promise<void> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
  if (folder && folder.uri.scheme === 'file') {
    const target = vscode.Uri.joinPath(folder.uri, TAXONOMY_FILE);
    const exists = await vscode.workspace.fs.stat(target).then(() => true, () => false);
    const alreadyOpen = vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'untitled' && d.uri.path === target.path);
    if (!exists && !alreadyOpen) {
      const doc = await vscode.workspace.openTextDocument(target.with({ scheme: 'untitled' }));
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(0, 0), text);
      await vscode.workspace.applyEdit(edit);
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
      return;
    }
  }
  const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
}
