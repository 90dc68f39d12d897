// The VS Code extension (bundled to client/out/extension.js). As in lsp-sample (STYLE §1), it
// holds no lint logic: it starts the language server (server/out/server.js, over IPC), forwards
// YAML documents and the `kubeLabelLint` settings, shows the status bar item and registers the
// client-side commands. A crashed server is restarted by the LanguageClient's default error
// handler (up to 4 times in 3 minutes); "Restart Server" restarts it by hand.
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { CODE_CACHE_DIR_ARG, STATUS_NOTIFICATION, type StatusParams } from '../../server/src/protocol';
import { SHOW_OUTPUT_COMMAND, registerCommands } from './commands';
import { StatusBar } from './statusBar';
import { registerConnectivityView } from './connectivityView';
import { registerGenerationCommands } from './generation';
import { registerDeletedDocumentTracking } from './deletedDocuments';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Kube Label Lint', { log: true });
  const serverModule = vscode.Uri.joinPath(context.extensionUri, 'server', 'out', 'server.js').fsPath;
  // The server keeps a V8 code cache here: every start after the first compiles less.
  const codeCacheDir = vscode.Uri.joinPath(context.globalStorageUri, 'code-cache').fsPath;
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, args: [`${CODE_CACHE_DIR_ARG}${codeCacheDir}`] },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      // JSON taxonomies: their errors show as you type.
      { scheme: 'file', language: 'json', pattern: '**/label-taxonomy.json' },
    ],
    synchronize: { configurationSection: 'kubeLabelLint' },
    outputChannel: output,
    connectionOptions: { maxRestartCount: 4 },
  };
  client = new LanguageClient('kubeLabelLint', 'Kube Label Lint', serverOptions, clientOptions);

  const status = new StatusBar(SHOW_OUTPUT_COMMAND);
  context.subscriptions.push(status, output);
  context.subscriptions.push(
    client.onDidChangeState((e) => status.setState(e.newState === State.Running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped')),
  );
  context.subscriptions.push(client.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => status.update(p)));
  registerCommands(context, () => client, output);
  registerConnectivityView(context, () => client);
  registerGenerationCommands(context, () => client, output);
  registerDeletedDocumentTracking(context, client);

  try {
    await client.start();
  } catch (e) {
    output.appendLine(`The kube-label-lint server did not start: ${e instanceof Error ? e.message : String(e)}`);
    status.setState('stopped');
  }
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
