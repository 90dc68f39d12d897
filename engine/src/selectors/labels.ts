// A set of labels as the selector evaluators accept it: a Map, or a plain object as
// parsed from YAML. Lookups never allocate.

export type LabelSet = ReadonlyMap<string, string> | Readonly<Record<string, string>>;

const hasOwn = Object.prototype.hasOwnProperty;

/** The value of `key`, or undefined when the label is absent. */
export function labelValue(labels: LabelSet, key: string): string | undefined {
  if (labels instanceof Map) return labels.get(key);
  // hasOwn guards against keys such as "constructor" that a plain object inherits.
  const record = labels as Readonly<Record<string, string>>;
  return hasOwn.call(record, key) ? record[key] : undefined;
}
