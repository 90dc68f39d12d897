// The status bar item: the taxonomy in force for the active editor's folder ("default" for the
// embedded one), the findings count, a warning look when the taxonomy has errors. Click: output.
import * as vscode from 'vscode';
import type { FolderStatus, StatusParams } from '../../server/src/protocol';

export type ServerState = 'starting' | 'running' | 'stopped';

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private status: StatusParams | undefined;
  private state: ServerState = 'starting';
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(showOutputCommand: string) {
    this.item = vscode.window.createStatusBarItem('kubeLabelLint.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Kube Label Lint';
    this.item.command = showOutputCommand;
    this.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(() => this.render()));
    this.render();
    this.item.show();
  }

  update(status: StatusParams): void {
    this.status = status;
    this.render();
  }

  setState(state: ServerState): void {
    this.state = state;
    this.render();
  }

  /** The folder of the active editor, else the first one. */
  private folder(): FolderStatus | undefined {
    const folders = this.status?.folders ?? [];
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    if (active) {
      const inside = folders.filter((f) => f.folderUri && (active === f.folderUri || active.startsWith(`${f.folderUri.replace(/\/$/, '')}/`)));
      inside.sort((a, b) => b.folderUri!.length - a.folderUri!.length);
      if (inside[0]) return inside[0];
      const loose = folders.find((f) => !f.folderUri);
      if (loose && !vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(active))) return loose;
    }
    return folders.find((f) => f.folderUri) ?? folders[0];
  }

  private render(): void {
    const item = this.item;
    item.backgroundColor = undefined;
    if (this.state === 'stopped') {
      item.text = '$(circle-slash) Kube Label Lint';
      item.tooltip = 'The kube-label-lint server is not running. Click to show its output; run "Kube Label Lint: Restart Server" to start it again.';
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      return;
    }
    const f = this.folder();
    if (this.state === 'starting' || !f) {
      item.text = '$(sync~spin) Kube Label Lint';
      item.tooltip = 'kube-label-lint is starting';
      return;
    }
    const busy = this.status?.scanning || this.status?.busy;
    const counts = `$(error) ${f.errors} $(warning) ${f.warnings}`;
    item.text = `${busy ? '$(sync~spin)' : f.taxonomyError ? '$(warning)' : '$(tag)'} ${f.taxonomy} ${counts}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**Kube Label Lint**\n\n`);
    tooltip.appendMarkdown(`Taxonomy: ${f.taxonomy === 'default' ? 'the embedded default' : `\`${f.taxonomy}\``}\n\n`);
    if (f.taxonomyError) tooltip.appendMarkdown(`$(warning) ${escape(f.taxonomyError)}\n\n`);
    tooltip.appendMarkdown(`${f.errors} error(s), ${f.warnings} warning(s), ${f.infos} info in ${f.files} file(s)${this.status?.scanning ? ' (scanning…)' : ''}\n\n`);
    tooltip.appendMarkdown('Click to show the output.');
    item.tooltip = tooltip;
    if (f.taxonomyError) item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}

function escape(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|]/g, '\\$&');
}
