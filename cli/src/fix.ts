// `--fix` (SPEC §3, §2 *Fixes*): lint, apply every safe fix whose edits do not overlap another's,
// lint again (a fix can reveal or settle others, and cross-object rules see the new texts), until
// no safe fix is left or after MAX_PASSES. Only safe fixes; texts keep their BOM and line endings
// (the engine's edits use the file's own), and only files whose text changed are written.
import { applyFixes, parseManifestFile } from '../../engine/src/index';
import { writeSourceFile } from '../../io/src/files';
import { lintWorkspace, type LintedFile, type Workspace, type WorkspaceFile } from './workspace';

export const MAX_PASSES = 10;

export interface FixResult {
  /** The final lint, over the fixed texts: what is left to report. */
  linted: LintedFile[];
  /** Fixed text of every file that changed, by uri. */
  texts: Map<string, string>;
  /** The files whose text changed, in path order. */
  changed: WorkspaceFile[];
  /** Lint passes that applied at least one fix. */
  passes: number;
}

/** Runs the fix loop in memory; nothing is written. */
export function computeFixes(ws: Workspace, defaultNamespace: string | undefined): FixResult {
  const texts = new Map<string, string>();
  // Files whose fixes made the YAML worse: left as they are from then on (a safety net).
  const frozen = new Set<string>();
  let linted = lintWorkspace(ws, { defaultNamespace, texts });
  let passes = 0;
  while (passes < MAX_PASSES) {
    let applied = false;
    for (const { file, result } of linted) {
      if (frozen.has(file.uri)) continue;
      const safe = result.findings.flatMap((f) => f.fixes.filter((x) => x.safe));
      if (!safe.length) continue;
      const before = texts.get(file.uri) ?? file.text;
      const after = applyFixes(before, safe).text;
      if (after === before) continue;
      if (yamlErrors(file.uri, after) > yamlErrors(file.uri, before)) {
        frozen.add(file.uri);
        continue;
      }
      texts.set(file.uri, after);
      applied = true;
    }
    if (!applied) break;
    passes++;
    linted = lintWorkspace(ws, { defaultNamespace, texts });
  }
  const changed: WorkspaceFile[] = [];
  for (const { file } of linted) {
    const text = texts.get(file.uri);
    if (text !== undefined && text !== file.text) changed.push(file);
    else texts.delete(file.uri);
  }
  return { linted, texts, changed, passes };
}

function yamlErrors(uri: string, text: string): number {
  return parseManifestFile(uri, text).documents.filter((d) => d.error).length;
}

/** Writes the changed files back (with their BOM). Returns the files written and those that failed. */
export function writeFixes(fix: FixResult): { written: WorkspaceFile[]; failed: { file: WorkspaceFile; message: string }[] } {
  const written: WorkspaceFile[] = [];
  const failed: { file: WorkspaceFile; message: string }[] = [];
  for (const file of fix.changed) {
    try {
      writeSourceFile(file.path, fix.texts.get(file.uri) as string, file.bom);
      written.push(file);
    } catch (e) {
      failed.push({ file, message: (e as Error).message });
    }
  }
  return { written, failed };
}
