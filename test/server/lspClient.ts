// A small LSP client for protocol-level tests and benchmarks: spawns the real bundled server
// (server/out/server.js --stdio) and speaks LSP over vscode-languageserver-protocol, as an editor
// would. It records every notification, answers the server's requests (configuration,
// registrations, progress, refresh), keeps each open document's text and version so tests can
// send incremental edits, and lets tests wait for a state — never for a fixed time.
//
//   const c = await LspTestClient.start({ workspace: dir, settings: { rules: { … } } });
//   await c.waitForScan();
//   const v = c.open(uri, text);
//   const diags = await c.waitForDiagnostics(uri, { version: v });
//   await c.stop();
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { applyChange, positionAt } from './lspText';
import { REPO_ROOT } from '../sharedPaths';
import {
  CancellationTokenSource,
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShowMessageRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  UnregistrationRequest,
  WorkDoneProgressCreateRequest,
  createProtocolConnection,
  type ClientCapabilities,
  type CodeAction,
  type CodeActionContext,
  type CodeLens,
  type Command,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type FileEvent,
  type Hover,
  type InitializeResult,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type Registration,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

export { REPO_ROOT };
export const SERVER_PATH = path.join(REPO_ROOT, 'server/out/server.js');

export const fileUri = (p: string) => pathToFileURL(p).href;

/** A diagnostic's message as text (LSP 3.18 allows markup). */
export const messageOf = (d: { message: string | { value: string } }) => (typeof d.message === 'string' ? d.message : d.message.value);

export interface StartOptions {
  /** Workspace folder (path); none for a folder-less session. */
  workspace?: string;
  /** Extra workspace folders. */
  folders?: string[];
  /** `kubeLabelLint` settings answered to workspace/configuration (per scopeUri: a function). */
  settings?: Record<string, unknown> | ((scopeUri: string | undefined) => Record<string, unknown>);
  /** Merged over the default client capabilities. */
  capabilities?: ClientCapabilities;
  serverPath?: string;
  /** Arguments after `--stdio`. */
  serverArgs?: string[];
  /** Echo the server's log and stderr (debugging). */
  verbose?: boolean;
  /** Default time limit for waits, ms. */
  timeoutMs?: number;
}

/** Custom status notification (server/src/protocol.ts). */
export interface StatusParamsLike {
  scanning: boolean;
  busy: boolean;
  passes: number;
  folders: { folderUri?: string; taxonomy: string; taxonomyUri?: string; taxonomyError?: string; errors: number; warnings: number; infos: number; files: number }[];
}

interface Waiter {
  check: () => boolean;
}

export const DEFAULT_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
    workspaceEdit: { documentChanges: true },
    codeLens: { refreshSupport: true },
  },
  window: { workDoneProgress: true },
  textDocument: {
    synchronization: { didSave: true, dynamicRegistration: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } }, isPreferredSupport: true, dataSupport: true },
    completion: { completionItem: { documentationFormat: ['markdown', 'plaintext'], tagSupport: { valueSet: [1] } } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
};

function merge<T>(base: T, over: unknown): T {
  if (!over || typeof over !== 'object' || Array.isArray(over)) return (over ?? base) as T;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) out[k] = merge(out[k], v);
  return out as T;
}

export class LspTestClient {
  readonly connection: ProtocolConnection;
  readonly proc: ChildProcess;
  /** uri → every publishDiagnostics for it, in arrival order. */
  readonly publishes = new Map<string, PublishDiagnosticsParams[]>();
  readonly statuses: StatusParamsLike[] = [];
  readonly messages: { type: number; message: string }[] = [];
  readonly logs: string[] = [];
  readonly registrations: Registration[] = [];
  /** Progress tokens the server created, and what it reported for each. */
  readonly progress = new Map<string | number, { kind: string; message?: string; percentage?: number }[]>();
  codeLensRefreshes = 0;
  initializeResult: InitializeResult | undefined;
  stderr = '';
  exited = false;
  private readonly docs = new Map<string, { text: string; version: number; languageId: string }>();
  private waiters: Waiter[] = [];
  private settings: StartOptions['settings'];
  private readonly timeoutMs: number;

  private constructor(private readonly options: StartOptions) {
    this.settings = options.settings ?? {};
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.proc = spawn(process.execPath, [options.serverPath ?? SERVER_PATH, '--stdio', ...(options.serverArgs ?? [])], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (b: Buffer) => {
      this.stderr += b.toString();
      if (options.verbose) process.stderr.write(`[server stderr] ${b}`);
    });
    this.proc.once('exit', () => {
      this.exited = true;
      this.notify();
    });
    this.connection = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.wire();
    this.connection.listen();
  }

  static async start(options: StartOptions = {}): Promise<LspTestClient> {
    const client = new LspTestClient(options);
    await client.initialize();
    return client;
  }

  private wire(): void {
    const c = this.connection;
    c.onNotification(PublishDiagnosticsNotification.type, (p) => {
      const list = this.publishes.get(p.uri) ?? [];
      list.push(p);
      this.publishes.set(p.uri, list);
      this.notify();
    });
    c.onNotification('kubeLabelLint/status', (p: StatusParamsLike) => {
      this.statuses.push(p);
      this.notify();
    });
    c.onNotification(ShowMessageNotification.type, (p) => {
      this.messages.push(p);
      this.notify();
    });
    c.onRequest(ShowMessageRequest.type, (p) => {
      this.messages.push(p);
      this.notify();
      return null;
    });
    c.onNotification(LogMessageNotification.type, (p) => {
      this.logs.push(p.message);
      if (this.options.verbose) process.stderr.write(`[server log] ${p.message}\n`);
      this.notify();
    });
    c.onNotification('$/progress', (p: { token: string | number; value: { kind: string; message?: string; percentage?: number } }) => {
      const list = this.progress.get(p.token) ?? [];
      list.push(p.value);
      this.progress.set(p.token, list);
      this.notify();
    });
    c.onRequest(WorkDoneProgressCreateRequest.type, (p) => {
      this.progress.set(p.token, []);
    });
    c.onRequest(ConfigurationRequest.type, (p) =>
      p.items.map((item) => {
        const s = typeof this.settings === 'function' ? this.settings(item.scopeUri) : this.settings;
        return item.section === 'kubeLabelLint' ? s : null;
      }),
    );
    c.onRequest(RegistrationRequest.type, (p) => {
      this.registrations.push(...p.registrations);
      this.notify();
    });
    c.onRequest(UnregistrationRequest.type, () => undefined);
    c.onRequest('workspace/codeLens/refresh', () => {
      this.codeLensRefreshes++;
      this.notify();
      return null;
    });
    c.onRequest('workspace/diagnostic/refresh', () => null);
    c.onRequest('window/showDocument', () => ({ success: true }));
  }

  private async initialize(): Promise<void> {
    const folders = [...(this.options.workspace ? [this.options.workspace] : []), ...(this.options.folders ?? [])];
    this.initializeResult = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folders[0] ? fileUri(folders[0]) : null,
      workspaceFolders: folders.map((f) => ({ uri: fileUri(f), name: path.basename(f) })),
      capabilities: merge(DEFAULT_CAPABILITIES, this.options.capabilities),
      initializationOptions: typeof this.settings === 'object' ? { settings: this.settings } : undefined,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  // ---------------------------------------------------------------------------------------------
  // Waiting

  private notify(): void {
    this.waiters = this.waiters.filter((w) => !w.check());
  }

  /** Resolves with the first non-undefined value of `probe`, re-checked on every message from the server. */
  waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = this.timeoutMs): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${this.stderr ? `\nserver stderr:\n${this.stderr.slice(-2000)}` : ''}`));
      }, timeoutMs);
      const waiter: Waiter = {
        check: () => {
          if (this.exited) {
            clearTimeout(timer);
            reject(new Error(`server exited while waiting for ${what}\n${this.stderr.slice(-2000)}`));
            return true;
          }
          let value: T | undefined | false;
          try {
            value = probe();
          } catch (e) {
            clearTimeout(timer);
            reject(e);
            return true;
          }
          if (value === undefined || value === false) return false;
          clearTimeout(timer);
          resolve(value);
          return true;
        },
      };
      if (!waiter.check()) this.waiters.push(waiter);
    });
  }

  /** The latest diagnostics published for a uri (undefined: none yet). */
  diagnostics(uri: string): Diagnostic[] | undefined {
    const list = this.publishes.get(uri);
    return list?.[list.length - 1]?.diagnostics;
  }

  /**
   * Waits for a publishDiagnostics of `uri` that satisfies the options: `version` (that version
   * or a later one), `after` (more publishes than this count), `predicate` on the diagnostics.
   */
  waitForDiagnostics(
    uri: string,
    opts: { version?: number; after?: number; predicate?: (d: Diagnostic[]) => boolean; timeoutMs?: number } = {},
  ): Promise<Diagnostic[]> {
    return this.waitFor(
      () => {
        const list = this.publishes.get(uri) ?? [];
        if (list.length <= (opts.after ?? 0)) return undefined;
        const last = list[list.length - 1];
        if (opts.version !== undefined && (last.version === undefined || last.version === null || last.version < opts.version)) return undefined;
        if (opts.predicate && !opts.predicate(last.diagnostics)) return undefined;
        return last.diagnostics;
      },
      `diagnostics for ${uri}${opts.version !== undefined ? ` (version ${opts.version})` : ''}`,
      opts.timeoutMs,
    );
  }

  publishCount(uri: string): number {
    return this.publishes.get(uri)?.length ?? 0;
  }

  /** The initial workspace scan ended (work-done progress `end`, or the status says so). */
  waitForScan(): Promise<void> {
    return this.waitFor(
      () => {
        const ended = [...this.progress.values()].some((l) => l.some((v) => v.kind === 'end'));
        const status = this.statuses[this.statuses.length - 1];
        return (ended && status && !status.scanning) || (status && !status.scanning && !status.busy) ? true : undefined;
      },
      'the workspace scan',
    ).then(() => undefined);
  }

  /** A status with nothing queued that arrived after `afterCount` statuses. */
  waitForIdle(afterCount = this.statuses.length): Promise<StatusParamsLike> {
    return this.waitFor(() => this.statuses.slice(afterCount).find((s) => !s.busy && !s.scanning), 'an idle status');
  }

  /**
   * Resolves once the server has nothing queued: `kubeLabelLint/connectivity` answers only when
   * the analyzer is idle, so every diagnostic of the work before it has been received by then.
   */
  async settled(timeoutMs = this.timeoutMs): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for the server to settle`)), timeoutMs);
    });
    try {
      await Promise.race([this.connection.sendRequest('kubeLabelLint/connectivity', {}), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  latestStatus(): StatusParamsLike | undefined {
    return this.statuses[this.statuses.length - 1];
  }

  // ---------------------------------------------------------------------------------------------
  // Documents

  open(uri: string, text: string, languageId = 'yaml'): number {
    this.docs.set(uri, { text, version: 1, languageId });
    void this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return 1;
  }

  text(uri: string): string {
    const d = this.docs.get(uri);
    if (!d) throw new Error(`${uri} is not open`);
    return d.text;
  }

  /** Incremental edits (LSP ranges against the current text, applied in order); returns the new version. */
  edit(uri: string, ...changes: { range: Range; text: string }[]): number {
    const d = this.docs.get(uri);
    if (!d) throw new Error(`${uri} is not open`);
    for (const c of changes) d.text = applyChange(d.text, c);
    d.version++;
    void this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: d.version },
      contentChanges: changes as TextDocumentContentChangeEvent[],
    });
    return d.version;
  }

  /** Replaces the first occurrence of `search` (after `from`) with `replacement`, as an incremental edit. */
  replace(uri: string, search: string, replacement: string, from = 0): number {
    const text = this.text(uri);
    const at = text.indexOf(search, from);
    if (at < 0) throw new Error(`"${search}" not found in ${uri}`);
    return this.edit(uri, { range: { start: positionAt(text, at), end: positionAt(text, at + search.length) }, text: replacement });
  }

  /** Inserts text at an offset. */
  insert(uri: string, offset: number, text: string): number {
    const p = positionAt(this.text(uri), offset);
    return this.edit(uri, { range: { start: p, end: p }, text });
  }

  /** Replaces the whole text (a full-document change event). */
  setText(uri: string, text: string): number {
    const d = this.docs.get(uri);
    if (!d) throw new Error(`${uri} is not open`);
    d.text = text;
    d.version++;
    void this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: d.version }, contentChanges: [{ text }] });
    return d.version;
  }

  version(uri: string): number {
    return this.docs.get(uri)?.version ?? 0;
  }

  save(uri: string): void {
    void this.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
  }

  close(uri: string): void {
    this.docs.delete(uri);
    void this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  filesChanged(changes: FileEvent[]): void {
    void this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  setSettings(settings: StartOptions['settings']): void {
    this.settings = settings;
    void this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { kubeLabelLint: typeof settings === 'object' ? settings : {} } });
  }

  // ---------------------------------------------------------------------------------------------
  // Requests

  codeActions(uri: string, range: Range, context: Partial<CodeActionContext> = {}): Promise<(CodeAction | Command)[] | null> {
    return this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: [], ...context } });
  }

  completion(uri: string, position: Position): Promise<CompletionList | CompletionItem[] | null> {
    return this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
  }

  /** Completion at the end of the first occurrence of `marker` in the open document. */
  completionAfter(uri: string, marker: string, from = 0): Promise<CompletionItem[]> {
    const text = this.text(uri);
    const at = text.indexOf(marker, from);
    if (at < 0) throw new Error(`"${marker}" not found in ${uri}`);
    return this.completion(uri, positionAt(text, at + marker.length)).then((r) => (r ? (Array.isArray(r) ? r : r.items) : []));
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  codeLenses(uri: string): Promise<CodeLens[] | null> {
    return this.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
  }

  /** Sends a request and cancels it right away; resolves with its outcome (result or error). */
  async requestAndCancel<R>(method: string, params: unknown): Promise<{ result?: R; error?: { code: number; message: string } }> {
    const source = new CancellationTokenSource();
    const promise = this.connection.sendRequest<R>(method, params, source.token);
    source.cancel();
    try {
      return { result: await promise };
    } catch (e) {
      return { error: e as { code: number; message: string } };
    }
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    const killTimer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), exited]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      this.proc.kill('SIGKILL');
    }
    await exited;
    clearTimeout(killTimer);
    this.connection.dispose();
  }
}

// The test kit's other helpers, for the tests' one import.
export { positionAt, offsetAt, applyChange, applyTextEdits, positionOf } from './lspText';
export { copyFixture, removeDir, registeredRules } from './fixtures';
