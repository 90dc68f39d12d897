// The `kubeLabelLint/connectivity` request: the connectivity model of the workspace (SPEC §3's
// JSON, plus where each workload and deciding rule is written, for the webview to open them).
// Wired in server.ts with one call:
//   registerConnectivityRequest(connection, async () => { await workspace.analyzer.whenIdle(); return workspace.contexts(); }, workspace.lookup);
// Each folder context holds its own index; with one non-empty folder the model is that folder's
// (cached per index version by the engine), with several the folders' objects are merged into one
// index (rebuilt only when a folder's index version changes).
import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection, type Disposable } from 'vscode-languageserver/node';
import { WorkspaceIndex, type LineIndex } from '../../engine/src/index';
import { connectivityJson, connectivityModel, type ConnectivityJson } from '../../engine/src/connectivity/index';
import { isInside, relativePosix } from './uris';

export const CONNECTIVITY_REQUEST = 'kubeLabelLint/connectivity';

export interface ConnectivityParams {
  /** Keep the edges that touch this namespace. */
  focus?: string;
}

export interface ConnectivityResult extends ConnectivityJson {
  /** Folders the model covers (uris); empty before the first scan. */
  folders: string[];
  /** The workspace had no manifest with a workload yet. */
  empty: boolean;
}

/** What the server keeps per workspace folder (a FolderContext fits). */
export interface ConnectivityScope {
  readonly folderUri?: string;
  readonly folderPath?: string;
  readonly index: WorkspaceIndex;
}

export type ConnectivityLookup = (key: string) => { uri: string; lines: LineIndex } | undefined;

export function registerConnectivityRequest(
  connection: Connection,
  getIndex: () => Iterable<ConnectivityScope> | Promise<Iterable<ConnectivityScope>>,
  lookup: ConnectivityLookup,
): Disposable {
  let merged: { key: string; index: WorkspaceIndex } | undefined;

  const indexOf = (scopes: ConnectivityScope[]): WorkspaceIndex => {
    if (scopes.length === 1) return scopes[0].index;
    const key = scopes.map((s) => `${s.folderUri ?? ''}@${s.index.version}`).join('|');
    if (merged?.key === key) return merged.index;
    const index = new WorkspaceIndex();
    for (const s of scopes) for (const uri of s.index.fileUris()) index.setFile(uri, s.index.objectsOf(uri));
    merged = { key, index };
    return index;
  };

  return connection.onRequest(CONNECTIVITY_REQUEST, async (params: ConnectivityParams | undefined, token: CancellationToken) => {
    const all = [...(await getIndex())];
    if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    const scopes = all.filter((s) => [...s.index.fileUris()].length > 0);
    const folders = all.filter((s) => s.folderPath !== undefined);
    const display = (key: string): string => {
      const folder = folders.find((s) => isInside(s.folderPath as string, key));
      return folder ? relativePosix(folder.folderPath as string, key) : key;
    };
    const focus = typeof params?.focus === 'string' && params.focus ? params.focus : undefined;
    const json = connectivityJson(connectivityModel(indexOf(scopes.length ? scopes : [{ index: new WorkspaceIndex() }])), {
      file: display,
      position: (key, offset) => lookup(key)?.lines.positionAt(offset) ?? { line: 0, character: 0 },
      uri: (key) => lookup(key)?.uri ?? key,
      locations: true,
      stagedPorts: true,
      focus,
    });
    const result: ConnectivityResult = {
      ...json,
      folders: scopes.map((s) => s.folderUri).filter((u): u is string => !!u),
      empty: !json.nodes.some((n) => n.location),
    };
    return result;
  });
}
