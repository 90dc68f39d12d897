// A minimal LSP client for the benchmark: spawns a language server on stdio and drives it over
// vscode-languageserver-protocol's ProtocolConnection, like an editor would, recording the arrival
// time of every publishDiagnostics and $/progress notification.
//
//   const s = await LspServer.start({ name, command, args, cwd, timeoutMs, configuration });
//   await s.initialize(folderPath);          // initialize + initialized
//   s.open(uri, text); s.change(uri, version, changes); s.close(uri);
//   await s.waitForDiagnostics(uri, { after, version, predicate, timeoutMs });
//   await s.waitForIndexing({ timeoutMs });  // work-done progress ended (or diagnostics quiet)
//   s.memory();                              // VmRSS of the server process
//   await s.stop();                          // shutdown + exit, then SIGKILL by pid
//
// Plain ESM JavaScript, no build step.
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { basename } from 'node:path';
import protocol from 'vscode-languageserver-protocol/node';
import { killChild, procMemory, trackChild, sleep } from './util.mjs';

const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = protocol;

export const fileUri = (path) => pathToFileURL(path).href;

/** The code of an LSP diagnostic as a string (`code` may be a string, a number or absent). */
export const diagCode = (d) => (d.code == null ? '' : typeof d.code === 'object' ? String(d.code.value) : String(d.code));

export class LspServer {
  /**
   * @param {object} o
   * @param {string} o.name            label for messages
   * @param {string} o.command         executable (usually process.execPath)
   * @param {string[]} o.args          e.g. ['server/out/server.js', '--stdio']
   * @param {string} o.cwd
   * @param {number} o.timeoutMs       hard limit on the server's lifetime; killed by pid after it
   * @param {(section: string|undefined, scopeUri: string|undefined) => unknown} [o.configuration]
   *                                   answers workspace/configuration items
   * @param {boolean} [o.verbose]      echo the server's stderr and window/logMessage
   */
  static async start(o) {
    const s = new LspServer(o);
    await s.spawned;
    return s;
  }

  constructor({ name, command, args, cwd, timeoutMs = 300_000, configuration, verbose = false, env }) {
    this.name = name;
    this.verbose = verbose;
    this.configuration = configuration ?? (() => null);
    this.spawnTime = performance.now();
    this.proc = trackChild(spawn(command, args, { cwd, env: env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] }));
    this.pid = this.proc.pid;
    this.stderr = '';
    this.logs = [];
    this.exited = false;
    this.spawned = new Promise((resolve, reject) => {
      this.proc.once('spawn', resolve);
      this.proc.once('error', reject);
    });
    this.proc.once('exit', (code, signal) => {
      this.exited = true;
      this.exitInfo = { code, signal };
      this.#rejectAll(new Error(`${name}: server exited (code ${code}, signal ${signal})${this.#stderrTail()}`));
    });
    this.proc.stderr.on('data', (b) => {
      this.stderr += b;
      if (this.stderr.length > 64_000) this.stderr = this.stderr.slice(-32_000);
      if (verbose) process.stderr.write(`[${name} stderr] ${b}`);
    });
    this.lifetimeTimer = setTimeout(() => {
      console.error(`${name}: lifetime limit of ${timeoutMs} ms reached, killing pid ${this.pid}`);
      killChild(this.proc);
    }, timeoutMs);
    this.lifetimeTimer.unref();

    // --- state recorded from the server's notifications ---
    /** uri -> [{ t, version, diagnostics }] in arrival order */
    this.publishes = new Map();
    this.publishCount = 0;
    this.lastPublishTime = this.spawnTime;
    /** progress tokens: token -> { begin, end, title } */
    this.progress = new Map();
    this.progressBegun = false;
    this.lastProgressEnd = null;
    this.waiters = new Set();

    const conn = createProtocolConnection(
      new StreamMessageReader(this.proc.stdout),
      new StreamMessageWriter(this.proc.stdin),
      { error: () => {}, warn: () => {}, info: () => {}, log: () => {} },
    );
    this.conn = conn;
    conn.onNotification('textDocument/publishDiagnostics', (p) => {
      const t = performance.now();
      this.publishCount++;
      this.lastPublishTime = t;
      let list = this.publishes.get(p.uri);
      if (!list) this.publishes.set(p.uri, (list = []));
      list.push({ t, version: p.version, diagnostics: p.diagnostics });
      this.#notify({ type: 'publish', t, params: p });
    });
    // vscode-jsonrpc routes $/progress to per-token handlers; tokens nobody registered (all of
    // them here) arrive as "unhandled progress".
    conn.onUnhandledProgress((p) => {
      const t = performance.now();
      const v = p.value ?? {};
      let e = this.progress.get(p.token);
      if (!e) this.progress.set(p.token, (e = { begin: null, end: null, title: undefined, last: undefined }));
      if (v.kind === 'begin') {
        e.begin = t;
        e.title = v.title;
        this.progressBegun = true;
      } else if (v.kind === 'report') {
        e.last = v;
      } else if (v.kind === 'end') {
        e.end = t;
        this.lastProgressEnd = t;
      }
      this.#notify({ type: 'progress', t, params: p });
    });
    conn.onNotification('window/logMessage', (p) => {
      this.logs.push(p.message);
      if (this.logs.length > 200) this.logs.shift();
      if (verbose) console.error(`[${name} log] ${p.message}`);
    });
    conn.onNotification('window/showMessage', (p) => {
      this.logs.push(`showMessage: ${p.message}`);
      if (verbose) console.error(`[${name} showMessage] ${p.message}`);
    });
    conn.onNotification(() => {}); // telemetry/event and anything else
    conn.onRequest('workspace/configuration', (p) =>
      p.items.map((it) => this.configuration(it.section, it.scopeUri)),
    );
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('client/unregisterCapability', () => null);
    conn.onRequest('workspace/workspaceFolders', () => this.folders ?? null);
    conn.onRequest('workspace/applyEdit', () => ({ applied: false }));
    conn.onRequest('window/showMessageRequest', () => null);
    conn.onRequest('window/showDocument', () => ({ success: false }));
    // workspace/*/refresh and anything else the server may ask: answer null.
    conn.onRequest(() => null);
    conn.onError(() => {});
    conn.onClose(() => {});
    conn.listen();
  }

  #stderrTail() {
    const tail = this.stderr.trim().split('\n').slice(-8).join('\n');
    return tail ? `\n--- ${this.name} stderr (tail) ---\n${tail}` : '';
  }

  #notify(ev) {
    for (const w of [...this.waiters]) {
      let done = false;
      try {
        done = w.check(ev);
      } catch (e) {
        this.waiters.delete(w);
        clearTimeout(w.timer);
        w.reject(e);
        continue;
      }
      if (done) {
        this.waiters.delete(w);
        clearTimeout(w.timer);
        w.resolve(done);
      }
    }
  }

  #rejectAll(err) {
    for (const w of [...this.waiters]) {
      this.waiters.delete(w);
      clearTimeout(w.timer);
      w.reject(err);
    }
  }

  /**
   * Waits until check(event) returns a truthy value (checked at once with a null event, then on
   * every publish/progress). Rejects after timeoutMs.
   */
  waitFor(check, { timeoutMs = 30_000, what = 'event' } = {}) {
    return new Promise((resolve, reject) => {
      if (this.exited) return reject(new Error(`${this.name}: server is not running${this.#stderrTail()}`));
      const now = check(null);
      if (now) return resolve(now);
      const w = { check, resolve, reject };
      w.timer = setTimeout(() => {
        this.waiters.delete(w);
        reject(new Error(`${this.name}: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(w);
    });
  }

  /**
   * The first publishDiagnostics for uri that arrives after `after` (a performance.now() time),
   * for `version` when the server sends versions, and for which predicate(diagnostics) holds.
   * Resolves { t, version, diagnostics }.
   */
  waitForDiagnostics(uri, { after = -Infinity, version, predicate, timeoutMs = 30_000 } = {}) {
    const matches = (e) =>
      e.t >= after &&
      (version === undefined || e.version == null || e.version >= version) &&
      (!predicate || predicate(e.diagnostics));
    return this.waitFor(
      () => (this.publishes.get(uri) ?? []).find(matches) ?? false,
      { timeoutMs, what: `diagnostics for ${basename(uri)}${version !== undefined ? ` v${version}` : ''}` },
    );
  }

  /** The diagnostics last published for uri (or undefined). */
  lastDiagnostics(uri) {
    const l = this.publishes.get(uri);
    return l?.[l.length - 1]?.diagnostics;
  }

  /** Resolves when no publishDiagnostics arrived for quietMs. */
  async waitQuiet(quietMs, { timeoutMs = 60_000 } = {}) {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (this.exited) throw new Error(`${this.name}: server exited${this.#stderrTail()}`);
      const idle = performance.now() - this.lastPublishTime;
      if (idle >= quietMs) return;
      if (performance.now() > deadline) throw new Error(`${this.name}: diagnostics never went quiet within ${timeoutMs} ms`);
      await sleep(Math.max(10, quietMs - idle));
    }
  }

  /**
   * Waits for the workspace scan to finish: every work-done progress the server began has ended.
   * If the server reports no progress within progressGraceMs, falls back to "diagnostics went
   * quiet for quietMs". Then waits for quietMs without a publish, so that the diagnostics of the
   * closed files are out. Resolves { by: 'progress'|'quiet', doneAt, publishes }.
   */
  async waitForIndexing({ timeoutMs = 300_000, progressGraceMs = 5_000, quietMs = 500 } = {}) {
    const start = performance.now();
    const allEnded = () => this.progressBegun && [...this.progress.values()].every((e) => !e.begin || e.end);
    let by = 'progress';
    try {
      await this.waitFor(() => this.progressBegun, { timeoutMs: progressGraceMs, what: 'work-done progress begin' });
    } catch (e) {
      if (this.exited) throw e;
      by = 'quiet';
    }
    let doneAt;
    if (by === 'progress') {
      await this.waitFor(() => allEnded(), { timeoutMs: timeoutMs - (performance.now() - start), what: 'work-done progress end' });
      doneAt = this.lastProgressEnd;
      await this.waitQuiet(quietMs, { timeoutMs: timeoutMs - (performance.now() - start) });
    } else {
      // require at least one publish, then quiet
      await this.waitFor(() => this.publishCount > 0, { timeoutMs: timeoutMs - (performance.now() - start), what: 'first diagnostics' });
      await this.waitQuiet(Math.max(quietMs, 1500), { timeoutMs: timeoutMs - (performance.now() - start) });
      doneAt = this.lastPublishTime;
    }
    return { by, doneAt, publishes: this.publishCount, uris: this.publishes.size };
  }

  /** initialize + initialized, with folderPath as the only workspace folder (or none). */
  async initialize(folderPath, { initializationOptions } = {}) {
    const folders = folderPath ? [{ uri: fileUri(folderPath), name: basename(folderPath) }] : null;
    this.folders = folders;
    const result = await this.request('initialize', {
      processId: process.pid,
      clientInfo: { name: 'kube-label-lint-bench', version: '1' },
      locale: 'en',
      rootPath: folderPath ?? null,
      rootUri: folders ? folders[0].uri : null,
      workspaceFolders: folders,
      initializationOptions,
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
          applyEdit: true,
          workspaceEdit: { documentChanges: true },
          codeLens: { refreshSupport: false },
          diagnostics: { refreshSupport: false },
        },
        textDocument: {
          synchronization: { dynamicRegistration: true, didSave: true, willSave: false },
          publishDiagnostics: {
            relatedInformation: true,
            versionSupport: true,
            codeDescriptionSupport: true,
            dataSupport: true,
            tagSupport: { valueSet: [1, 2] },
          },
          codeAction: { dynamicRegistration: true, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
          completion: { dynamicRegistration: true },
          hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
        },
        window: { workDoneProgress: true, showMessage: {}, showDocument: { support: false } },
        general: { positionEncodings: ['utf-16'] },
      },
    }, 60_000);
    this.initializeResult = result;
    await this.notify('initialized', {});
    return result;
  }

  async request(method, params, timeoutMs = 30_000) {
    let timer;
    try {
      return await Promise.race([
        this.conn.sendRequest(method, params),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${this.name}: ${method} timed out after ${timeoutMs} ms`)), timeoutMs);
        }),
        new Promise((_, reject) => this.proc.once('exit', () => reject(new Error(`${this.name}: exited during ${method}${this.#stderrTail()}`)))),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  notify(method, params) {
    return this.conn.sendNotification(method, params);
  }

  open(uri, text, version = 1, languageId = 'yaml') {
    return this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri, version, contentChanges) {
    return this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri) {
    return this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  memory() {
    return procMemory(this.pid);
  }

  /** shutdown + exit; SIGKILL by pid if it is still alive after graceMs. */
  async stop(graceMs = 3000) {
    clearTimeout(this.lifetimeTimer);
    if (!this.exited) {
      try {
        await this.request('shutdown', null, graceMs);
        await this.notify('exit', null);
      } catch {
        // killed below
      }
      const t0 = performance.now();
      while (!this.exited && performance.now() - t0 < graceMs) await sleep(20);
    }
    killChild(this.proc);
    try {
      this.conn.dispose();
    } catch {
      // ignore
    }
  }
}
