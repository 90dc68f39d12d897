// "Kube Label Lint: Show connectivity" (kubeLabelLint.showConnectivity): a webview panel that draws
// the connectivity model the language server computes (request `kubeLabelLint/connectivity`,
// server/src/connectivityRequest.ts). The page is media/connectivity/index.html with view.css and
// out/view.js (the view and its layout library, bundled by esbuild.mjs), under a strict
// Content-Security-Policy (a nonce for the one script, nothing inline, no eval) and
// `localResourceRoots` limited to media/connectivity. The model is requested again when a
// YAML document is saved or edited (debounced) and when the panel becomes visible; a click in the
// view opens the workload's manifest or the policy rule that decides an edge. The webview only
// names node ids; which file opens is looked up here, in the model the server sent.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export const SHOW_CONNECTIVITY_COMMAND = 'kubeLabelLint.showConnectivity';
/** Method of server/src/connectivityRequest.ts (kept as a string: that module pulls in the engine). */
const CONNECTIVITY_REQUEST = 'kubeLabelLint/connectivity';
const VIEW_TYPE = 'kubeLabelLint.connectivity';
const SAVE_DEBOUNCE_MS = 300;
const EDIT_DEBOUNCE_MS = 1500;

interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
interface Location {
  uri: string;
  range: LspRange;
}
interface NodeJson {
  id: string;
  location?: Location;
}
interface DecidedByJson {
  policy: string;
  file: string;
  line: number;
  direction?: string;
  location?: Location;
}
interface EdgeJson {
  from: string;
  to: string;
  decidedBy: DecidedByJson[];
}
interface ModelJson {
  nodes: NodeJson[];
  edges: EdgeJson[];
}

type Inbound =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'openNode'; id: string }
  | { type: 'openEdge'; from: string; to: string };

let current: ConnectivityPanel | undefined;

/** Registers the command; `getClient` returns the running language client (or undefined). */
export function registerConnectivityView(context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_CONNECTIVITY_COMMAND, async () => {
      const client = getClient();
      if (!client) {
        void vscode.window.showWarningMessage('Kube Label Lint: the language server is not running.');
        return;
      }
      await showConnectivity(context, client);
    }),
  );
}

/** Opens the connectivity view (or reveals it and refreshes it when it is open already). */
export async function showConnectivity(context: vscode.ExtensionContext, client: LanguageClient): Promise<void> {
  if (current) {
    current.client = client;
    current.panel.reveal();
    await current.refresh();
    return;
  }
  current = new ConnectivityPanel(context, client);
}

function nonce(): string {
  return crypto.randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The page with its placeholders filled in (the headless test fills the same file). */
export function connectivityHtml(template: string, values: { cspSource: string; nonce: string; scriptUri: string; styleUri: string }): string {
  return template.replace(/\{\{(cspSource|nonce|scriptUri|styleUri)\}\}/g, (_, key: keyof typeof values) => escapeAttribute(values[key]));
}

class ConnectivityPanel {
  readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private model: ModelJson | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private requestSeq = 0;
  private ready = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    public client: LanguageClient,
  ) {
    const media = vscode.Uri.joinPath(context.extensionUri, 'media', 'connectivity');
    this.panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Connectivity', vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [media],
      retainContextWhenHidden: false,
    });
    const webview = this.panel.webview;
    const template = fs.readFileSync(vscode.Uri.joinPath(media, 'index.html').fsPath, 'utf8');
    webview.html = connectivityHtml(template, {
      cspSource: webview.cspSource,
      nonce: nonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'out', 'view.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'view.css')).toString(),
    });

    const isYaml = (doc: vscode.TextDocument) => doc.languageId === 'yaml';
    this.disposables.push(
      webview.onDidReceiveMessage((m: Inbound) => void this.onMessage(m)),
      vscode.workspace.onDidSaveTextDocument((doc) => isYaml(doc) && this.schedule(SAVE_DEBOUNCE_MS)),
      vscode.workspace.onDidChangeTextDocument((e) => isYaml(e.document) && e.contentChanges.length > 0 && this.schedule(EDIT_DEBOUNCE_MS)),
      vscode.workspace.onDidDeleteFiles(() => this.schedule(SAVE_DEBOUNCE_MS)),
      this.panel.onDidChangeViewState((e) => {
        // The page is rebuilt when it comes back (retainContextWhenHidden is off); it says `ready`.
        if (!e.webviewPanel.visible) this.ready = false;
      }),
    );
    this.panel.onDidDispose(() => this.dispose(), undefined, context.subscriptions);
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.panel.visible) void this.refresh();
    }, delay);
  }

  async refresh(): Promise<void> {
    const seq = ++this.requestSeq;
    void this.panel.webview.postMessage({ type: 'loading' });
    try {
      const model = await this.client.sendRequest<ModelJson>(CONNECTIVITY_REQUEST, {});
      if (seq !== this.requestSeq) return; // A newer request is on its way.
      this.model = model;
      if (this.ready) void this.panel.webview.postMessage({ type: 'model', model });
    } catch (e) {
      if (seq !== this.requestSeq) return;
      void this.panel.webview.postMessage({ type: 'error', message: `The connectivity model could not be computed: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  private async onMessage(m: Inbound): Promise<void> {
    if (!m || typeof m !== 'object') return;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (this.model) void this.panel.webview.postMessage({ type: 'model', model: this.model });
        await this.refresh();
        return;
      case 'refresh':
        await this.refresh();
        return;
      case 'openNode': {
        const node = this.model?.nodes.find((n) => n.id === m.id);
        if (node?.location) await this.open(node.location);
        else if (node) void vscode.window.showInformationMessage(`Kube Label Lint: ${node.id} is not a manifest of the workspace.`);
        return;
      }
      case 'openEdge': {
        const edge = this.model?.edges.find((e) => e.from === m.from && e.to === m.to);
        if (!edge) return;
        const rules = edge.decidedBy.filter((d) => d.location);
        if (rules.length === 0) {
          void vscode.window.showInformationMessage(`Kube Label Lint: no policy isolates ${edge.from} → ${edge.to}; nothing decides it.`);
          return;
        }
        let pick: DecidedByJson | undefined = rules[0];
        if (rules.length > 1) {
          const item = await vscode.window.showQuickPick(
            rules.map((d) => ({ label: d.policy, description: `${d.direction ?? ''} rule`, detail: `${d.file}:${d.line}`, rule: d })),
            { placeHolder: `Rules that allow ${edge.from} → ${edge.to}` },
          );
          pick = item?.rule;
        }
        if (pick?.location) await this.open(pick.location);
        return;
      }
      default:
        return;
    }
  }

  private async open(location: Location): Promise<void> {
    const r = location.range;
    const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(location.uri));
    await vscode.window.showTextDocument(doc, { selection: range, viewColumn: vscode.ViewColumn.One, preserveFocus: false });
  }

  private dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
    if (current === this) current = undefined;
  }
}
