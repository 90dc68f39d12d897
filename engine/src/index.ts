// API boundary of the engine: everything the CLI and the language server use comes from here.
// Inputs are texts and a taxonomy; outputs are plain findings with offsets. No IO.

export * from './types';
export { LineIndex, Position } from './text/lineIndex';
export { parseManifestFile, ManifestFile, ManifestDocument, MAX_ALIAS_COUNT, DISABLE_NEXT_LINE } from './parse/manifestFile';
export { sameViewOf, updateManifestFile, type Reparse } from './parse/incremental';
export { treeOf } from './parse/movedObject';
export { labelsUnreadByIndex } from './workspace/crossView';
export { K8sObject, LabelEntry, LabelBlock, isWorkloadKind } from './model/object';
export { WorkspaceIndex, type SameView } from './workspace/index';
export { compactObjects, SyntaxTrees } from './workspace/compact';
export { detachObjects, attachObjects, DetachedObject } from './model/detach';
export { analyzeFile, analyzeDocuments, mergeDocumentFindings, AnalyzeOptions, DocumentFindings } from './analyze';
export { recheckCrossRules, updateDocumentFindings, type FindingsBeforeEdit } from './analyzeEdit';
export { applyEdits, applyFixes, nonOverlappingFixes } from './fix/apply';
export { ALL_RULES } from './rules/index';
export { RULE_IDS, RuleId, Rule } from './rules/rule';
export { Taxonomy, TaxonomyError, LabelSpec } from './taxonomy/types';
export { TOOL_NAME, TOOL_VERSION, HOMEPAGE, ruleDocsUrl } from './meta';

export { lintTexts, type SourceText, type LintOptions, type FileResult } from './lintTexts';
