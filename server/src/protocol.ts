// Custom messages between the language server and the VS Code client. Plain data and method
// names only (no imports), so both sides compile it: the server from here, the client through a
// relative import that esbuild bundles. The LSP itself covers everything else.

/**
 * Server argument: the folder for the server's V8 code cache (server/src/codeCache.ts). The
 * client passes a folder of the extension's global storage.
 */
export const CODE_CACHE_DIR_ARG = '--code-cache-dir=';

/** Server → client notification: what the status bar shows. Sent when it changes. */
export const STATUS_NOTIFICATION = 'kubeLabelLint/status';

export interface FolderStatus {
  /** Workspace folder uri; absent for files outside every folder. */
  folderUri?: string;
  /** File name of the taxonomy in force, or `default` for the embedded one. */
  taxonomy: string;
  /** Uri of the taxonomy file in force (absent for the default). */
  taxonomyUri?: string;
  /** The taxonomy file (or the configured `taxonomyPath`) has errors: the last valid one, or the default, is in force. */
  taxonomyError?: string;
  /** Findings per severity over the folder's files. */
  errors: number;
  warnings: number;
  infos: number;
  /** Files checked. */
  files: number;
}

export interface StatusParams {
  /** The workspace scan has not finished yet. */
  scanning: boolean;
  /** Analysis work is queued (diagnostics may still change). */
  busy: boolean;
  /** Analysis passes completed so far (one per burst of changes); a status is sent after each. */
  passes: number;
  folders: FolderStatus[];
}

/**
 * Client → server notification: the last editor tab of a file that no longer exists on disk was
 * closed. VS Code may keep such a document open (no didClose) long after that; the server then
 * treats it as closed, until the document shows in a tab again (EDITOR_REOPENED_NOTIFICATION) or
 * is edited.
 */
export const EDITOR_CLOSED_NOTIFICATION = 'kubeLabelLint/editorClosed';
/** Client → server notification: a document EDITOR_CLOSED_NOTIFICATION named shows in a tab again. */
export const EDITOR_REOPENED_NOTIFICATION = 'kubeLabelLint/editorReopened';

/** Parameters of EDITOR_CLOSED_NOTIFICATION and EDITOR_REOPENED_NOTIFICATION. */
export interface EditorClosedParams {
  /** The document's uri, as in didOpen. */
  uri: string;
}

/** Client command run by the "selects N workloads" / "isolated by" code lenses. */
export const SHOW_REFERENCES_COMMAND = 'kubeLabelLint.showReferences';
/** Client command run by the "Show documentation for <rule>" code action; argument: rule id. */
export const SHOW_DOCUMENTATION_COMMAND = 'kubeLabelLint.showDocumentation';

/** The kind of the fix-all source action (`editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = 'source.fixAll.kube-label-lint';

/** `Diagnostic.data` of every finding: how a code action finds the finding again. */
export interface DiagnosticData {
  ruleId: string;
  messageId: string;
  /** Revision of the server's copy of the file that the finding was computed on. */
  revision: number;
  /** Index of the finding in that revision's findings. */
  index: number;
  /** The finding has a safe fix (fix-all applies it). */
  fixable?: boolean;
}
