// The kube-label-lint language server (bundled to server/out/server.js). Wires the LSP
// connection to the Workspace (state), the Analyzer (edits → diagnostics) and the feature
// providers. Transport from the command line: --node-ipc (VS Code), --stdio, --socket=N.
import {
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
  WatchKind,
  createConnection,
  type CancellationToken,
  type ClientCapabilities,
  type Disposable,
  type FileSystemWatcher,
  type InitializeResult,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TOOL_NAME, TOOL_VERSION } from '../../engine/src/index';
import { CODE_ACTION_KINDS, codeActions } from './codeActions';
import { generatorCodeActions } from './generateRequests';
import { codeLenses } from './codeLens';
import { complete, TRIGGER_CHARACTERS } from './completion';
import type { FolderContext } from './folderContext';
import { hover } from './hover';
import { Logger } from './log';
import { ENGINE_POLICY_VIEW } from './policyModel';
import { toOffset } from './positions';
import { EDITOR_CLOSED_NOTIFICATION, EDITOR_REOPENED_NOTIFICATION, STATUS_NOTIFICATION, type EditorClosedParams, type FolderStatus, type StatusParams } from './protocol';
import { normalizeSettings, type Settings } from './settings';
import { Workspace } from './workspace';
import { registerConnectivityRequest } from './connectivityRequest';
import { registerGenerationRequests } from './generation';
import { collectGarbage, preferSmallHeap } from './memory';
import { codeCacheState, saveCodeCache } from './codeCache';
preferSmallHeap(true);

const connection = createConnection(ProposedFeatures.all);
const log = new Logger(connection);
let caps: ClientCapabilities = {};
let pushedSettings: unknown = {};
let scanning = true;
let scanProgress: WorkDoneProgressServerReporter | undefined;
let scanTotal = 0;
let lastStatus = '';
let passes = 0;
const documents = new Map<string, TextDocument>();
/** Open documents the client said no editor shows any more (EDITOR_CLOSED_NOTIFICATION). */
const hiddenDocuments = new Set<string>();
const policyView = ENGINE_POLICY_VIEW;

const hasConfiguration = () => !!caps.workspace?.configuration;

async function fetchSettings(ctx: FolderContext): Promise<Settings> {
  if (!hasConfiguration()) return normalizeSettings(pushedSettings);
  const raw: unknown = await connection.workspace.getConfiguration({ scopeUri: ctx.folderUri, section: 'kubeLabelLint' });
  return normalizeSettings(raw);
}

const workspace = new Workspace(connection, log, fetchSettings, {
  onIdle(touched) {
    passes++;
    sendStatus();
    if (touched.size && caps.workspace?.codeLens?.refreshSupport && policyView) {
      connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    }
  },
  onProgress(pending) {
    if (scanProgress && scanTotal > 0) {
      const done = Math.max(0, scanTotal - pending);
      scanProgress.report(Math.min(99, Math.round((done / scanTotal) * 100)), `checking ${Math.min(done, scanTotal)}/${scanTotal}`);
    }
  },
  onTaxonomy() {
    sendStatus();
  },
});

function sendStatus(): void {
  const folders: FolderStatus[] = [];
  for (const ctx of workspace.contexts()) {
    if (!ctx.folderPath && ctx.files.size === 0) continue;
    // Files outside every folder borrow the first folder's taxonomy unless a path is configured.
    const owner = !ctx.folderPath && !ctx.taxonomy.file ? (workspace.folderContexts()[0] ?? ctx) : ctx;
    const s: FolderStatus = { folderUri: ctx.folderUri, taxonomy: owner.taxonomy.displayName, errors: 0, warnings: 0, infos: 0, files: 0 };
    if (owner.taxonomy.inForceFrom) s.taxonomyUri = pathToFileURL(owner.taxonomy.inForceFrom).href;
    const problem = ctx.taxonomy.errorSummary;
    if (problem) s.taxonomyError = problem;
    for (const f of ctx.files.values()) {
      if (f.role !== 'manifest') continue;
      s.files++;
      if (!ctx.settings.enable) continue;
      for (const x of f.findings) {
        if (x.severity === 'error') s.errors++;
        else if (x.severity === 'warning') s.warnings++;
        else s.infos++;
      }
    }
    folders.push(s);
  }
  const params: StatusParams = { scanning, busy: workspace.analyzer.busy, passes, folders };
  const json = JSON.stringify(params);
  if (json === lastStatus) return;
  lastStatus = json;
  void connection.sendNotification(STATUS_NOTIFICATION, params);
}

/** Runs structural changes (scans, folder and settings changes) one after the other. */
let serial: Promise<unknown> = Promise.resolve();
function enqueue(task: () => Promise<void>): Promise<void> {
  const next = serial.then(task).catch((e) => log.error('workspace update failed', e));
  serial = next;
  return next;
}

/** Wraps a request handler: a failure is logged and answered with an empty result, never a crash. */
function guarded<P, R>(name: string, empty: R, fn: (params: P, token: CancellationToken) => R): (params: P, token: CancellationToken) => R | ResponseError<void> {
  return (params, token) => {
    if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    try {
      const result = fn(params, token);
      if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      return result;
    } catch (e) {
      log.error(`${name} failed`, e);
      return empty;
    }
  };
}

connection.onInitialize((params): InitializeResult => {
  log.info(`${TOOL_NAME} ${TOOL_VERSION} on Node ${process.version}; code cache: ${codeCacheState()}`);
  caps = params.capabilities;
  pushedSettings = (params.initializationOptions as { settings?: unknown } | undefined)?.settings ?? {};
  const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: path.basename(params.rootUri) }] : []);
  for (const f of folders) workspace.addFolder(f.uri);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      completionProvider: { triggerCharacters: TRIGGER_CHARACTERS, resolveProvider: false },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS, resolveProvider: false },
      codeLensProvider: { resolveProvider: false },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: TOOL_NAME, version: TOOL_VERSION },
  };
});

connection.onInitialized(() => {
  if (hasConfiguration() && caps.workspace?.didChangeConfiguration?.dynamicRegistration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'kubeLabelLint' });
  }
  void registerWatchers();
  if (caps.workspace?.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      void enqueue(async () => {
        for (const f of e.removed) workspace.removeFolder(f.uri);
        for (const f of e.added) await workspace.scan(workspace.addFolder(f.uri));
        await registerWatchers();
      });
    });
  }
  void enqueue(initialScan);
});

async function initialScan(): Promise<void> {
  const started = Date.now();
  try {
    scanProgress = await connection.window.createWorkDoneProgress();
  } catch {
    scanProgress = undefined;
  }
  scanProgress?.begin('Kube Label Lint', 0, 'scanning manifests', false);
  sendStatus();
  for (const ctx of workspace.contexts()) await workspace.scan(ctx);
  scanTotal = workspace.analyzer.pending;
  await workspace.analyzer.whenIdle();
  scanning = false;
  scanProgress?.done();
  scanProgress = undefined;
  // The lookups built for the scan's checks are rebuilt by the next edit anyway (a new index version).
  for (const ctx of workspace.contexts()) ctx.index.dropDerived();
  // Most of the server's code is compiled by now, and the V8 flags are still as at start.
  void saveCodeCache().then((file) => file && log.info(`saved the code cache for the next start: ${file}`));
  collectGarbage();
  preferSmallHeap(false);
  let files = 0;
  for (const ctx of workspace.contexts()) for (const f of ctx.files.values()) if (f.role === 'manifest') files++;
  log.info(`checked ${files} manifest file(s) in ${Date.now() - started} ms`);
  sendStatus();
  // A taxonomy that does not load at start-up deserves more than a squiggle in a closed file.
  for (const ctx of workspace.folderContexts()) {
    const problem = ctx.taxonomy.errorSummary;
    if (problem) void connection.window.showWarningMessage(`Kube Label Lint: ${problem}. See the Problems panel.`);
  }
  await registerWatchers();
}

let watcherRegistration: Promise<Disposable> | undefined;
let watchedExtras = '';
/** Manifests, taxonomy files (also a configured path and the files a taxonomy extends), deleted folders. */
async function registerWatchers(): Promise<void> {
  if (!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration) return;
  const relative = !!caps.workspace.didChangeWatchedFiles.relativePatternSupport;
  const extras = new Set<string>();
  for (const ctx of workspace.contexts()) {
    for (const s of [...ctx.taxonomy.sources, ...(ctx.taxonomy.file ? [ctx.taxonomy.file] : [])]) {
      if (!/\.ya?ml$/i.test(s) || !ctx.contains(s)) extras.add(s);
    }
  }
  const key = [...extras].sort().join('\n');
  if (watcherRegistration && key === watchedExtras) return;
  watchedExtras = key;
  const watchers: FileSystemWatcher[] = [
    { globPattern: '**/*.{yaml,yml}' },
    { globPattern: '**/label-taxonomy.json' },
    { globPattern: '**/*', kind: WatchKind.Delete },
  ];
  if (relative) {
    for (const file of extras) watchers.push({ globPattern: { baseUri: pathToFileURL(path.dirname(file)).href, pattern: path.basename(file) } });
  }
  const previous = watcherRegistration;
  watcherRegistration = connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
  try {
    (await previous)?.dispose();
  } catch {
    /* the old registration is gone with the client */
  }
}

connection.onDidChangeConfiguration((change) => {
  if (!hasConfiguration()) pushedSettings = (change.settings as { kubeLabelLint?: unknown } | undefined)?.kubeLabelLint ?? {};
  void enqueue(async () => {
    await workspace.configurationChanged();
    await registerWatchers();
  });
});

connection.onDidChangeWatchedFiles((params) => {
  try {
    workspace.filesChanged(params.changes);
  } catch (e) {
    log.error('handling file changes failed', e);
  }
  void registerWatchers();
});

// Documents: incremental sync, applied here; the workspace gets the text and the changes.
connection.onDidOpenTextDocument(({ textDocument: d }) => {
  const doc = TextDocument.create(d.uri, d.languageId, d.version, d.text);
  documents.set(d.uri, doc);
  safely('didOpen', () => workspace.didOpen(d.uri, d.languageId, d.version, doc.getText()));
});

connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
  const doc = documents.get(textDocument.uri);
  if (!doc) return;
  TextDocument.update(doc, contentChanges, textDocument.version);
  if (hiddenDocuments.delete(textDocument.uri)) {
    // Edited again after its editor closed: open again.
    safely('didChange', () => workspace.didOpen(textDocument.uri, doc.languageId, doc.version, doc.getText()));
    return;
  }
  safely('didChange', () => workspace.didChange(textDocument.uri, textDocument.version, doc.getText(), contentChanges));
});

connection.onDidCloseTextDocument(({ textDocument }) => {
  documents.delete(textDocument.uri);
  if (hiddenDocuments.delete(textDocument.uri)) return;
  safely('didClose', () => workspace.didClose(textDocument.uri));
});

connection.onNotification(EDITOR_CLOSED_NOTIFICATION, ({ uri }: EditorClosedParams) => {
  if (!documents.has(uri) || hiddenDocuments.has(uri)) return;
  hiddenDocuments.add(uri);
  safely('editorClosed', () => workspace.didClose(uri));
});

connection.onNotification(EDITOR_REOPENED_NOTIFICATION, ({ uri }: EditorClosedParams) => {
  const doc = documents.get(uri);
  if (!doc || !hiddenDocuments.delete(uri)) return;
  safely('editorReopened', () => workspace.didOpen(uri, doc.languageId, doc.version, doc.getText()));
});

connection.onDidSaveTextDocument(({ textDocument }) => {
  safely('didSave', () => workspace.didSave(textDocument.uri));
  void registerWatchers();
});

function safely(name: string, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    log.error(`${name} failed`, e);
  }
}

// Features

connection.onCodeAction(
  guarded('codeAction', [], (params) => {
    const hit = workspace.fileOf(params.textDocument.uri);
    if (!hit) return [];
    const [ctx, file] = hit;
    if (!workspace.analyzer.ensureAnalyzed(ctx, file)) return [];
    const editCaps = { documentChanges: !!caps.workspace?.workspaceEdit?.documentChanges };
    return [...codeActions(file, params, editCaps), ...generatorCodeActions(ctx, file, params, editCaps)];
  }),
);

connection.onCompletion(
  guarded('completion', null, (params) => {
    const hit = workspace.fileOf(params.textDocument.uri);
    if (!hit || hit[1].role !== 'manifest') return null;
    const [ctx, file] = hit;
    const offset = toOffset(file.lines(), params.position);
    return complete(file, offset, ctx.taxonomyInForce);
  }),
);

connection.onHover(
  guarded('hover', null, (params) => {
    const hit = workspace.fileOf(params.textDocument.uri);
    if (!hit || hit[1].role !== 'manifest') return null;
    const [ctx, file] = hit;
    const offset = toOffset(file.lines(), params.position);
    return hover(file, offset, ctx.taxonomyInForce);
  }),
);

connection.onCodeLens(
  guarded('codeLens', [], (params) => {
    const hit = workspace.fileOf(params.textDocument.uri);
    if (!hit) return [];
    const [ctx, file] = hit;
    workspace.analyzer.ensureAnalyzed(ctx, file);
    return codeLenses(ctx, file, policyView, workspace.lookup);
  }),
);

process.on('uncaughtException', (e) => log.error('uncaught exception', e));
process.on('unhandledRejection', (e) => log.error('unhandled rejection', e));

registerConnectivityRequest(connection, async () => {
  await workspace.analyzer.whenIdle();
  return workspace.contexts();
}, workspace.lookup);
registerGenerationRequests(connection, workspace);

connection.listen();
