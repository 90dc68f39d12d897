// Completion of label keys and values from the taxonomy (SPEC §4): in `labels:`,
// `matchLabels:`, Service selectors, `matchExpressions` and Calico selector strings.
import { CompletionItemKind, CompletionItemTag, InsertTextFormat, MarkupKind, TextEdit, type CompletionItem, type CompletionList } from 'vscode-languageserver/node';
import { LineIndex, type Taxonomy } from '../../engine/src/index';
import type { FileState } from './fileState';
import { describeLabel } from './hover';
import { labelSiteAt, type LabelSite } from './labelContext';
import { toRange } from './positions';

export const TRIGGER_CHARACTERS = [':', ' ', '"', "'", '{', ',', '(', '=', '-'];

/** A YAML plain scalar that would not read back as the same string gets quotes. */
function yamlScalar(value: string): string {
  const risky = value === '' || /^(true|false|yes|no|on|off|y|n|null|~)$/i.test(value) || /^[-+.]?\d/.test(value) || /^[\s!&*?|>'"%@`#,[\]{}-]/.test(value) || /: |\s#/.test(value);
  return risky ? JSON.stringify(value) : value;
}

export function complete(file: FileState, offset: number, tax: Taxonomy): CompletionList {
  const lines = file.lines();
  const site = labelSiteAt(file.text, lines, offset);
  const items = site ? (site.role === 'key' ? keyItems(file, lines, site, tax) : valueItems(file, lines, site, tax)) : [];
  return { isIncomplete: false, items };
}

function keyItems(file: FileState, lines: LineIndex, site: Extract<LabelSite, { role: 'key' }>, tax: Taxonomy): CompletionItem[] {
  const range = toRange(lines, site.start, site.end);
  const items: CompletionItem[] = [];
  for (const spec of tax.labels.values()) {
    if (site.existing.has(spec.key)) continue;
    const addColon = site.needsColon && (site.style === 'block' || site.style === 'flow');
    const newText = addColon ? `${spec.key}: ` : spec.key;
    const rank = spec.deprecated ? 2 : spec.required ? 0 : 1;
    const item: CompletionItem = {
      label: spec.key,
      kind: CompletionItemKind.Property,
      detail: spec.deprecated ? `deprecated${spec.replacedBy ? ` → ${spec.replacedBy}` : ''}` : spec.required ? 'required label' : 'label',
      documentation: { kind: MarkupKind.Markdown, value: describeLabel(tax, spec.key) },
      sortText: `${rank}${spec.key}`,
      filterText: spec.key,
      textEdit: TextEdit.replace(range, newText),
      insertTextFormat: InsertTextFormat.PlainText,
    };
    if (spec.deprecated) item.tags = [CompletionItemTag.Deprecated];
    // After `key: `, offer the values right away.
    if (addColon && spec.values?.length) item.command = { title: 'Suggest values', command: 'editor.action.triggerSuggest' };
    items.push(item);
  }
  void file;
  return items;
}

function valueItems(file: FileState, lines: LineIndex, site: Extract<LabelSite, { role: 'value' }>, tax: Taxonomy): CompletionItem[] {
  const spec = tax.labels.get(site.key);
  if (!spec?.values) return [];
  const range = toRange(lines, site.start, site.end);
  // Right after `key:` with no space, the value needs one.
  const space = (site.style === 'block' || site.style === 'flow') && file.text[site.start - 1] === ':' ? ' ' : '';
  // VS Code filters on the text between the range start and the cursor: a quote typed counts.
  const typedQuote = /["']/.test(file.text[site.start] ?? '') && site.style !== 'calico' ? file.text[site.start] : '';
  return spec.values.map((value, i) => {
    let newText: string;
    if (site.style === 'calico') newText = site.quote ? `${site.quote}${value}${site.quote}` : value;
    else newText = space + yamlScalar(value);
    return {
      label: value,
      kind: CompletionItemKind.EnumMember,
      detail: site.key,
      documentation: spec.description ? { kind: MarkupKind.Markdown, value: spec.description } : undefined,
      sortText: String(i).padStart(4, '0'),
      filterText: site.style === 'calico' && site.quote ? `${site.quote}${value}` : `${typedQuote}${value}`,
      textEdit: TextEdit.replace(range, newText),
      insertTextFormat: InsertTextFormat.PlainText,
    };
  });
}
