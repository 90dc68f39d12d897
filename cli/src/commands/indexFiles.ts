// The subcommands that read a workspace as a whole (generate, inventory, connectivity): its
// manifests parsed into one WorkspaceIndex, with what their output needs to name places.
import { LineIndex, parseManifestFile, WorkspaceIndex } from '../../../engine/src/index';
import type { WorkspaceFile } from '../workspace';

export interface IndexedFiles {
  index: WorkspaceIndex;
  /** Per file uri: its line index (offsets → lines and columns). */
  lines: Map<string, LineIndex>;
  /** Per file uri: its path as outputs show it. */
  display: Map<string, string>;
}

/** Parses the files (skipped ones stay out) into one index. */
export function indexFiles(files: Iterable<WorkspaceFile>, defaultNamespace: string | undefined): IndexedFiles {
  const out: IndexedFiles = { index: new WorkspaceIndex(), lines: new Map(), display: new Map() };
  for (const f of files) {
    const file = parseManifestFile(f.uri, f.text, { defaultNamespace });
    if (file.skipped) continue;
    out.index.setFile(f.uri, file.documents.flatMap((d) => d.objects));
    out.lines.set(f.uri, file.lines);
    out.display.set(f.uri, f.display);
  }
  return out;
}
