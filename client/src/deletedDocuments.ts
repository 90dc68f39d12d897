// VS Code may keep a document open long after its last editor tab closed: onDidCloseTextDocument
// has no timing guarantee, and the language client sends didClose only then. For a file deleted
// on disk, the server would keep its diagnostics and its objects all that time. So when the last
// tab of a file that no longer exists closes (or a restarted server got such a document in
// didOpen), the server is told: it treats the document as closed, until the document shows in a
// tab again.
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { EDITOR_CLOSED_NOTIFICATION, EDITOR_REOPENED_NOTIFICATION, type EditorClosedParams } from '../../server/src/protocol';

const tabUri = (tab: vscode.Tab) => (tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined);

function shownInATab(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => tabUri(t)?.toString() === key));
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export function registerDeletedDocumentTracking(context: vscode.ExtensionContext, client: LanguageClient): void {
  /** Documents the running server was told are closed (vscode.Uri strings). */
  const hidden = new Set<string>();
  const notify = (method: string, uri: vscode.Uri) => {
    const params: EditorClosedParams = { uri: client.code2ProtocolConverter.asUri(uri) };
    client.sendNotification(method, params).catch(() => undefined);
  };
  /** Tells the server about open documents of deleted files that no tab shows. */
  const sweep = async (candidates: readonly vscode.Uri[]) => {
    for (const uri of candidates) {
      if (uri.scheme !== 'file' || hidden.has(uri.toString()) || shownInATab(uri)) continue;
      if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) continue; // closed already
      if (await exists(uri)) continue;
      if (!client.isRunning() || shownInATab(uri) || hidden.has(uri.toString())) continue;
      hidden.add(uri.toString());
      notify(EDITOR_CLOSED_NOTIFICATION, uri);
    }
  };
  context.subscriptions.push(
    vscode.window.tabGroups.onDidChangeTabs((e) => {
      for (const uri of e.opened.map(tabUri)) {
        if (uri && hidden.delete(uri.toString()) && client.isRunning()) notify(EDITOR_REOPENED_NOTIFICATION, uri);
      }
      void sweep(e.closed.map(tabUri).filter((u): u is vscode.Uri => !!u));
    }),
    vscode.workspace.onDidCloseTextDocument((d) => hidden.delete(d.uri.toString())),
    client.onDidChangeState((e) => {
      hidden.clear();
      if (e.newState === State.Running) void sweep(vscode.workspace.textDocuments.map((d) => d.uri));
    }),
  );
}
