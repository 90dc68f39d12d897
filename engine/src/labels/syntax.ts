// Kubernetes label syntax (apimachinery validation.IsQualifiedName / IsValidLabelValue), and the
// YAML scalars that kubectl does not read as strings. Pure functions; the label-syntax rule
// turns their answers into findings, and fixes use them to decide whether an edit stays valid.

/** A DNS-1123 subdomain: lowercase alphanumerics, `-` and `.`, each part starting and ending alphanumeric. */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A label name or value: alphanumerics, `-`, `_` and `.`, starting and ending alphanumeric. */
const NAME_OR_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

export const MAX_PREFIX_LENGTH = 253;
export const MAX_NAME_LENGTH = 63;
export const MAX_VALUE_LENGTH = 63;

export type LabelKeyProblem =
  | { kind: 'empty' }
  | { kind: 'prefixTooLong'; prefix: string; length: number }
  | { kind: 'prefixInvalid'; prefix: string }
  | { kind: 'nameEmpty' }
  | { kind: 'nameTooLong'; name: string; length: number }
  | { kind: 'nameInvalid'; name: string };

export type LabelValueProblem = { kind: 'tooLong'; length: number } | { kind: 'invalid' };

/**
 * What is wrong with a label key, or undefined when Kubernetes accepts it. A key is an optional
 * prefix (a DNS subdomain of at most 253 characters) and `/`, then a name of at most 63 characters.
 * A second `/` makes the name invalid (`/` is not a name character), as Kubernetes reports it.
 */
export function labelKeyProblem(key: string): LabelKeyProblem | undefined {
  if (key === '') return { kind: 'empty' };
  const slash = key.indexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (slash >= 0) {
    const prefix = key.slice(0, slash);
    if (prefix.length > MAX_PREFIX_LENGTH) return { kind: 'prefixTooLong', prefix, length: prefix.length };
    if (!DNS1123_SUBDOMAIN.test(prefix)) return { kind: 'prefixInvalid', prefix };
  }
  if (name === '') return { kind: 'nameEmpty' };
  if (name.length > MAX_NAME_LENGTH) return { kind: 'nameTooLong', name, length: name.length };
  if (!NAME_OR_VALUE.test(name)) return { kind: 'nameInvalid', name };
  return undefined;
}

/** What is wrong with a label value, or undefined when Kubernetes accepts it (the empty value is valid). */
export function labelValueProblem(value: string): LabelValueProblem | undefined {
  if (value === '') return undefined;
  if (value.length > MAX_VALUE_LENGTH) return { kind: 'tooLong', length: value.length };
  if (!NAME_OR_VALUE.test(value)) return { kind: 'invalid' };
  return undefined;
}

export function isValidLabelKey(key: string): boolean {
  return labelKeyProblem(key) === undefined;
}

export function isValidLabelValue(value: string): boolean {
  return labelValueProblem(value) === undefined;
}

/**
 * Plain scalars that the `yaml` package (YAML 1.2 core schema) reads as strings but kubectl's
 * YAML 1.1 decoder (sigs.k8s.io/yaml, go-yaml v2) reads as booleans or null: `labels: {on: yes}`
 * is `{"true": true}` to kubectl, and the API server rejects the boolean value.
 */
const YAML11_BOOL_OR_NULL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|true|True|TRUE|false|False|FALSE|null|Null|NULL|~)$/;

/** YAML 1.1 numbers as go-yaml v2 reads them: `0755` (octal), `1_000`, `0b101`, `0x1F`, `1e3`, `.inf` (no base 60). */
const YAML11_NUMBER =
  /^[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?|\.(?:inf|Inf|INF))$|^\.(?:nan|NaN|NAN)$/;

/** True when kubectl's YAML 1.1 decoder reads this plain scalar as a boolean, null or number. */
export function isYaml11NonString(plain: string): boolean {
  return YAML11_BOOL_OR_NULL.test(plain) || YAML11_NUMBER.test(plain);
}
