// Request names and shapes of the generation commands, shared by the server and the client
// (no imports, so the client bundle does not pull in the engine).
export type PolicyFlavor = 'kubernetes' | 'calico' | 'calico-staged';

export const GENERATE_POLICY_REQUEST = 'kubeLabelLint/generatePolicy';
export const GENERATE_NAMESPACE_REQUEST = 'kubeLabelLint/generateNamespace';
export const LIST_WORKLOADS_REQUEST = 'kubeLabelLint/listWorkloads';
export const DRAFT_TAXONOMY_REQUEST = 'kubeLabelLint/draftTaxonomy';

export interface GeneratePolicyParams {
  uri: string;
  /** The cursor; or `workload` when the user picked one. */
  position?: { line: number; character: number };
  workload?: { namespace: string; name: string };
  flavor: PolicyFlavor;
}

export interface GenerateNamespaceParams {
  uri: string;
  position?: { line: number; character: number };
  namespace?: string;
  flavor: PolicyFlavor;
}

/** `text` when something was generated; otherwise `error` (and `workloads`/`namespaces` to pick from). */
export interface GenerateResponse {
  text?: string;
  warnings: string[];
  error?: string;
  workloads?: string[];
  namespaces?: string[];
}


/**
 * The text to insert at the very end of `existing` so that `documents` (YAML documents separated
 * by `---`) become new documents of that file, in the file's line ending. Shared by the generator
 * quick fixes (server) and "append to a file" (client), so both write the same bytes.
 */
export function appendedDocumentsInsertion(existing: string, documents: string): string {
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const body = (documents.endsWith('\n') ? documents : `${documents}\n`).replace(/\r?\n/g, eol);
  if (existing.trim().length === 0) return body;
  const lead = existing.endsWith('\n') || existing.endsWith('\r') ? '' : eol;
  // A file that already ends with a document marker needs no second one.
  const separator = /(^|\n)---[ \t]*\r?\n?$/.test(existing) ? '' : `---${eol}`;
  return `${lead}${separator}${body}`;
}
