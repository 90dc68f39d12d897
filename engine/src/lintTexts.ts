// The whole-workspace lint (the CLI's). Each file is parsed, checked with the rules that read
// only the file, and its objects compacted (`workspace/compact.ts`) so that its YAML trees can go
// before the next file is parsed; once every file is indexed, the rules that read the workspace
// (and the checks that turned out to read the index) run over the compact objects. The findings,
// and their order, are those of parsing everything and then running every rule over a full
// index; but only one file's trees are alive at a time, where keeping them all made garbage
// collection the largest cost of a run after the parse.
import type { Finding, Severity } from './types';
import { parseManifestFile, type ManifestFile } from './parse/manifestFile';
import type { Taxonomy } from './taxonomy/types';
import { WorkspaceIndex } from './workspace/index';
import { compactObjects, type SyntaxTrees } from './workspace/compact';
import { analyzeDocuments, mergeDocumentFindings, type AnalyzeOptions, type DocumentFindings } from './analyze';
import { recheckCrossRules } from './analyzeEdit';
import { ALL_RULES } from './rules/index';

export interface SourceText {
  uri: string;
  text: string;
}

export interface LintOptions {
  taxonomy: Taxonomy;
  defaultNamespace?: string;
  severityOverrides?: Readonly<Record<string, Severity>>;
}

export interface FileResult {
  file: ManifestFile;
  findings: Finding[];
}

const WORKSPACE_RULES: ReadonlySet<string> = new Set(ALL_RULES.filter((r) => r.scope === 'workspace').map((r) => r.id));
const FILE_RULES: ReadonlySet<string> = new Set(ALL_RULES.filter((r) => r.scope !== 'workspace').map((r) => r.id));

/** Lints the texts as one workspace: every file's findings (files in the order given). */
export function lintTexts(sources: readonly SourceText[], options: LintOptions): FileResult[] {
  const index = new WorkspaceIndex();
  const parseOptions = { defaultNamespace: options.defaultNamespace };
  const firstPass: { file: ManifestFile; byDocument: DocumentFindings[]; trees: SyntaxTrees }[] = [];
  for (const source of sources) {
    const file = parseManifestFile(source.uri, source.text, parseOptions);
    // A check of the second pass that reads a tree (rare) parses the text again (dropped after).
    const trees = compactObjects(file, () => parseManifestFile(source.uri, source.text, parseOptions), () => undefined);
    const objects = file.documents.flatMap((d) => d.objects);
    index.setFile(file.uri, objects);
    const alone = new WorkspaceIndex();
    alone.setFile(file.uri, objects);
    // A rule that reads the index here is marked in `crossRules` and runs again below.
    const byDocument = analyzeDocuments(file, analyzeOptions(options, alone), () => FILE_RULES);
    trees.drop();
    firstPass.push({ file, byDocument, trees });
  }
  const full = analyzeOptions(options, index);
  return firstPass.map(({ file, byDocument, trees }) => {
    const byDocumentNow = recheckCrossRules(file, byDocument, full, WORKSPACE_RULES) ?? byDocument;
    trees.drop();
    return { file, findings: mergeDocumentFindings(byDocumentNow) };
  });
}

function analyzeOptions(options: LintOptions, index: WorkspaceIndex): AnalyzeOptions {
  return { taxonomy: options.taxonomy, index, severityOverrides: options.severityOverrides };
}
