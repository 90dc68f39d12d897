import { createRule, RuleReport } from './rule';
import { labelBlocksOf } from '../labels/blocks';
import { isYaml11NonString, labelKeyProblem, labelValueProblem, MAX_NAME_LENGTH, MAX_PREFIX_LENGTH, MAX_VALUE_LENGTH } from '../labels/syntax';
import { quoteStyleAt } from '../fix/labelEdits';
import { shownKey, shownValue } from '../labels/display';

const NAME_CHARS = 'letters, digits, "-", "_" and "."';

const messages = {
  keyEmpty: 'Label key is empty.',
  keyNotString: 'Label key {{key}} is read as a {{type}}, not a string: quote it ("{{key}}") so it stays the key you wrote.',
  prefixTooLong: `Label key "{{key}}": the prefix is {{length}} characters long; at most ${MAX_PREFIX_LENGTH} are allowed.`,
  prefixInvalid:
    'Label key "{{key}}": the prefix "{{prefix}}" is not a DNS subdomain (lowercase letters, digits, "-" and ".", each part starting and ending with a letter or digit).',
  nameEmpty: 'Label key "{{key}}" has an empty name after its prefix.',
  nameTooLong: `Label key "{{key}}": the name "{{name}}" is {{length}} characters long; at most ${MAX_NAME_LENGTH} are allowed.`,
  nameInvalid: `Label key "{{key}}": the name "{{name}}" must start and end with a letter or digit and contain only ${NAME_CHARS}.`,
  valueTooLong: `Label "{{key}}": the value is {{length}} characters long; at most ${MAX_VALUE_LENGTH} are allowed.`,
  valueInvalid: `Label "{{key}}": the value "{{value}}" must be empty, or start and end with a letter or digit and contain only ${NAME_CHARS}.`,
  valueNotString:
    'Label "{{key}}": the value {{value}} is read as a {{type}}, and Kubernetes rejects label values that are not strings; quote it: "{{value}}".',
  valueNull:
    'Label "{{key}}" has no value (null): the API server stores it as an empty value, and older kubectl versions drop every label of the object; write "" if an empty value is meant.',
  valueNotScalar: 'Label "{{key}}": the value is a {{type}}; Kubernetes label values are strings.',
};

/** Label keys and values that the Kubernetes API server rejects (or that kubectl does not read as strings). */
export default createRule({
  id: 'label-syntax',
  defaultSeverity: 'error',
  scope: 'object',
  description: 'Reports label keys and values that violate Kubernetes label syntax, and label keys or values that YAML does not read as strings.',
  messages,
  *check(obj, { file }): Generator<RuleReport<keyof typeof messages>> {
    for (const block of labelBlocksOf(obj)) {
      for (const e of block.entries) {
        const key = shownKey(e.key);
        const value = shownValue(e.value);
        const keyLoc = { start: e.keyRange.start, end: e.keyRange.end };
        // The key.
        const keyQuote = quoteStyleAt(file.text, e.keyRange.start);
        if (!e.keyIsString) {
          const source = file.text.slice(e.keyRange.start, e.keyRange.end);
          yield { messageId: 'keyNotString', data: { key: shownKey(source), type: describeKeyType(source) }, ...keyLoc };
        } else if (keyQuote === '' && isYaml11NonString(e.key)) {
          // `on: x` is a string key to YAML 1.2 but `true` to kubectl.
          yield { messageId: 'keyNotString', data: { key, type: yaml11Type(e.key) }, ...keyLoc };
        } else {
          const p = labelKeyProblem(e.key);
          if (p) {
            switch (p.kind) {
              case 'empty':
                yield { messageId: 'keyEmpty', ...keyLoc };
                break;
              case 'prefixTooLong':
                yield { messageId: 'prefixTooLong', data: { key, length: p.length }, ...keyLoc };
                break;
              case 'prefixInvalid':
                yield { messageId: 'prefixInvalid', data: { key, prefix: shownKey(p.prefix) }, ...keyLoc };
                break;
              case 'nameEmpty':
                yield { messageId: 'nameEmpty', data: { key }, ...keyLoc };
                break;
              case 'nameTooLong':
                yield { messageId: 'nameTooLong', data: { key, name: shownKey(p.name), length: p.length }, ...keyLoc };
                break;
              case 'nameInvalid':
                yield { messageId: 'nameInvalid', data: { key, name: shownKey(p.name) }, ...keyLoc };
                break;
            }
          }
        }
        // The value.
        const hasValueText = e.valueRange.end > e.valueRange.start;
        const valueLoc = hasValueText ? { start: e.valueRange.start, end: e.valueRange.end } : keyLoc;
        switch (e.valueKind) {
          case 'null':
            yield { messageId: 'valueNull', data: { key }, ...valueLoc };
            break;
          case 'number':
          case 'boolean':
            yield { messageId: 'valueNotString', data: { key, value, type: e.valueKind }, ...valueLoc };
            break;
          case 'other':
            // A nested map or list spans lines: point at its key.
            yield { messageId: 'valueNotScalar', data: { key, type: describeNodeText(file.text, e.valueRange.start) }, ...keyLoc };
            break;
          case 'string': {
            if (quoteStyleAt(file.text, e.valueRange.start) === '' && isYaml11NonString(e.value)) {
              yield { messageId: 'valueNotString', data: { key, value, type: yaml11Type(e.value) }, ...valueLoc };
              break;
            }
            const p = labelValueProblem(e.value);
            if (p?.kind === 'tooLong') yield { messageId: 'valueTooLong', data: { key, length: p.length }, ...valueLoc };
            else if (p) yield { messageId: 'valueInvalid', data: { key, value }, ...valueLoc };
            break;
          }
        }
      }
    }
  },
});

/** How kubectl's YAML 1.1 decoder reads a plain scalar that YAML 1.2 reads as a string. */
function yaml11Type(plain: string): string {
  if (/^(y|yes|n|no|on|off|true|false)$/i.test(plain)) return 'boolean by kubectl (YAML 1.1)';
  if (/^(null|~)$/i.test(plain)) return 'null by kubectl (YAML 1.1)';
  return 'number by kubectl (YAML 1.1)';
}

function describeKeyType(source: string): string {
  const t = source.trim();
  if (/^(true|false)$/i.test(t)) return 'boolean';
  if (/^(null|~)$/i.test(t) || t === '') return 'null';
  if (/^[[{]/.test(t) || t.startsWith('?')) return 'collection';
  return 'number';
}

function describeNodeText(text: string, start: number): string {
  const ch = text[start];
  if (ch === '[' || ch === '-') return 'list';
  if (ch === '{' || /^[^\n]*?:(\s|$)/.test(text.slice(start, start + 300))) return 'map';
  return 'non-string value';
}
