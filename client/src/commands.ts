// Client-side commands (category "Kube Label Lint" in package.json): restart the server, show its
// output, peek references (code lenses), open a rule's documentation (code actions).
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SHOW_DOCUMENTATION_COMMAND, SHOW_REFERENCES_COMMAND } from '../../server/src/protocol';

export const RESTART_COMMAND = 'kubeLabelLint.restartServer';
export const SHOW_OUTPUT_COMMAND = 'kubeLabelLint.showOutput';

interface LspPosition {
  line: number;
  character: number;
}
interface LspLocation {
  uri: string;
  range: { start: LspPosition; end: LspPosition };
}

export function registerCommands(context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined, output: vscode.OutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(RESTART_COMMAND, async () => {
      const client = getClient();
      if (!client) return;
      output.appendLine('Restarting the kube-label-lint server…');
      await client.restart();
    }),
    vscode.commands.registerCommand(SHOW_OUTPUT_COMMAND, () => output.show(true)),
    // Arguments as the server sends them in code lenses: LSP uri, position and locations.
    vscode.commands.registerCommand(SHOW_REFERENCES_COMMAND, async (uri: string, position: LspPosition, locations: LspLocation[]) => {
      const client = getClient();
      if (!client || !uri || !position) return;
      const c = client.protocol2CodeConverter;
      const locs = (locations ?? []).map((l) => new vscode.Location(c.asUri(l.uri), c.asRange(l.range)));
      await vscode.commands.executeCommand('editor.action.showReferences', c.asUri(uri), c.asPosition(position), locs);
    }),
    // The copy of the rule's page shipped in the extension (docs/rules/<id>.md), else the web page.
    vscode.commands.registerCommand(SHOW_DOCUMENTATION_COMMAND, async (ruleId: string, url?: string) => {
      if (typeof ruleId !== 'string' || !/^[a-z0-9-]+$/.test(ruleId)) return;
      const local = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${ruleId}.md`);
      if (local.scheme === 'file' && fs.existsSync(local.fsPath)) {
        await vscode.commands.executeCommand('markdown.showPreview', local);
        return;
      }
      if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
    }),
  );
}
