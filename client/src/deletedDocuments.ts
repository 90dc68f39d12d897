// VS Code may keep a document open long after its last editor tab closed: onDidCloseTextDocument
// has no timing guarantee, and the language client sends didClose only then. For a file deleted
// on disk, the server would keep its diagnostics and its objects all that time. So when the last
// tab of a file that no longer exists closes, the server is told (it treats the document as
// closed until an edit shows it again).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EDITOR_CLOSED_NOTIFICATION, type EditorClosedParams } from '../../server/src/protocol';

function shownInATab(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key));
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export function registerDeletedDocumentTracking(context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined): void {
  context.subscriptions.push(
    vscode.window.tabGroups.onDidChangeTabs(async (e) => {
      for (const tab of e.closed) {
        const uri = tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined;
        if (!uri || uri.scheme !== 'file' || shownInATab(uri)) continue;
        if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) continue; // closed already
        if (await exists(uri)) continue;
        const client = getClient();
        if (!client?.isRunning()) continue;
        const params: EditorClosedParams = { uri: client.code2ProtocolConverter.asUri(uri) };
        client.sendNotification(EDITOR_CLOSED_NOTIFICATION, params).catch(() => undefined);
      }
    }),
  );
}
