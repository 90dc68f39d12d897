// Plain data shared by the engine, the CLI and the language server.
// Offsets are UTF-16 code-unit offsets into the file text (JavaScript string indices);
// adapters convert them to LSP positions or 1-based CLI/SARIF lines and columns.

export type Severity = 'error' | 'warning' | 'info' | 'off';

/** Replace text[start, end) with `text`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** A fix is `safe` when it cannot change what the cluster does (SPEC §2 "Fixes"). */
export interface Fix {
  title: string;
  safe: boolean;
  edits: Edit[];
}

/** Another place that explains a finding (the Service, the policy). */
export interface RelatedLocation {
  uri: string;
  start: number;
  end: number;
  message: string;
}

export interface Finding {
  ruleId: string;
  /** Which of the rule's messages; with `data`, lets code actions recognise a finding. */
  messageId: string;
  data?: Record<string, string | number>;
  severity: Exclude<Severity, 'off'>;
  message: string;
  uri: string;
  start: number;
  end: number;
  fixes: Fix[];
  related: RelatedLocation[];
}

/** A note that is not a finding: a skipped Helm template, a non-Kubernetes file. */
export interface FileNote {
  uri: string;
  message: string;
}
