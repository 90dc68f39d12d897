'use strict';
// Throwaway extension for the harness self-test: an Error diagnostic on every whole word `BAD` in
// YAML documents, and a quick fix "Replace BAD" that turns it into `GOOD`.
const vscode = require('vscode');

const SOURCE = 'kll-e2e-selftest';
const MESSAGE = 'Found BAD token';
const FIX_TITLE = 'Replace BAD';

function lint(doc, collection) {
  if (doc.languageId !== 'yaml') return;
  const diags = [];
  const re = /\bBAD\b/g;
  for (let line = 0; line < doc.lineCount; line++) {
    const text = doc.lineAt(line).text;
    let m;
    while ((m = re.exec(text))) {
      const d = new vscode.Diagnostic(
        new vscode.Range(line, m.index, line, m.index + 3),
        MESSAGE,
        vscode.DiagnosticSeverity.Error,
      );
      d.source = SOURCE;
      d.code = 'bad-token';
      diags.push(d);
    }
  }
  collection.set(doc.uri, diags);
}

function activate(context) {
  const collection = vscode.languages.createDiagnosticCollection(SOURCE);
  context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument((d) => lint(d, collection)),
    vscode.workspace.onDidChangeTextDocument((e) => lint(e.document, collection)),
    vscode.workspace.onDidCloseTextDocument((d) => collection.delete(d.uri)),
    vscode.languages.registerCodeActionsProvider({ language: 'yaml' }, {
      provideCodeActions(doc, _range, ctx) {
        return ctx.diagnostics
          .filter((d) => d.source === SOURCE)
          .map((d) => {
            const a = new vscode.CodeAction(FIX_TITLE, vscode.CodeActionKind.QuickFix);
            a.diagnostics = [d];
            a.isPreferred = true;
            a.edit = new vscode.WorkspaceEdit();
            a.edit.replace(doc.uri, d.range, 'GOOD');
            return a;
          });
      },
    }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
  );
  for (const d of vscode.workspace.textDocuments) lint(d, collection);
  return { MESSAGE, FIX_TITLE };
}

function deactivate() {}

module.exports = { activate, deactivate };
