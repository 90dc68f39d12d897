// The generation commands (SPEC §4): a policy for the workload under the cursor (Kubernetes,
// Calico, staged Calico), a namespace's default-deny + DNS policies, and a taxonomy draft. The
// server generates; the client asks, lets the user pick when the cursor says nothing, and opens
// the result in a new untitled YAML editor beside the manifest.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  DRAFT_TAXONOMY_REQUEST,
  GENERATE_NAMESPACE_REQUEST,
  GENERATE_POLICY_REQUEST,
  LIST_WORKLOADS_REQUEST,
  type GenerateResponse,
} from '../../server/src/generationProtocol';

type Flavor = 'kubernetes' | 'calico' | 'calico-staged';

const POLICY_COMMANDS: [id: string, flavor: Flavor][] = [
  ['kubeLabelLint.generateKubernetesPolicy', 'kubernetes'],
  ['kubeLabelLint.generateCalicoPolicy', 'calico'],
  ['kubeLabelLint.generateStagedCalicoPolicy', 'calico-staged'],
];

export function registerGenerationCommands(context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined, output: vscode.OutputChannel): void {
  const cursor = (client: LanguageClient) => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return { uri: '' };
    return {
      uri: client.code2ProtocolConverter.asUri(editor.document.uri),
      position: client.code2ProtocolConverter.asPosition(editor.selection.active),
    };
  };

  const show = async (response: GenerateResponse): Promise<void> => {
    for (const w of response.warnings) output.appendLine(`warning: ${w}`);
    if (response.warnings.length) void vscode.window.showInformationMessage(`Kube Label Lint: ${response.warnings.length} note(s) about the generated YAML; see the output.`);
    if (response.text === undefined) {
      void vscode.window.showWarningMessage(`Kube Label Lint: ${response.error ?? 'nothing to generate'}`);
      return;
    }
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: response.text });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  };

  for (const [id, flavor] of POLICY_COMMANDS) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async () => {
        const client = getClient();
        if (!client) return;
        const at = cursor(client);
        let response = await client.sendRequest<GenerateResponse>(GENERATE_POLICY_REQUEST, { ...at, flavor });
        if (response.text === undefined && response.workloads?.length) {
          const picked = await vscode.window.showQuickPick(response.workloads, { placeHolder: 'Generate a policy for which workload?' });
          if (!picked) return;
          const [namespace, name] = picked.split('/');
          response = await client.sendRequest<GenerateResponse>(GENERATE_POLICY_REQUEST, { uri: at.uri, workload: { namespace, name }, flavor });
        }
        await show(response);
      }),
    );
  }

  context.subscriptions.push(
    vscode.commands.registerCommand('kubeLabelLint.generateNamespaceDefaultDeny', async () => {
      const client = getClient();
      if (!client) return;
      const at = cursor(client);
      let response = await client.sendRequest<GenerateResponse>(GENERATE_NAMESPACE_REQUEST, { ...at, flavor: 'kubernetes' });
      if (response.text === undefined && response.namespaces?.length) {
        const picked = await vscode.window.showQuickPick(response.namespaces, { placeHolder: 'Default-deny and DNS policies for which namespace?' });
        if (!picked) return;
        response = await client.sendRequest<GenerateResponse>(GENERATE_NAMESPACE_REQUEST, { uri: at.uri, namespace: picked, flavor: 'kubernetes' });
      }
      await show(response);
    }),
    vscode.commands.registerCommand('kubeLabelLint.draftTaxonomy', async () => {
      const client = getClient();
      if (!client) return;
      await show(await client.sendRequest<GenerateResponse>(DRAFT_TAXONOMY_REQUEST, { uri: cursor(client).uri || undefined }));
    }),
  );
  // The list request is exported for completeness (tests, future pickers).
  void LIST_WORKLOADS_REQUEST;
}
