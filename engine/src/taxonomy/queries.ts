// Questions every rule asks of a taxonomy (SPEC §1). Pure functions over a loaded Taxonomy.
import picomatch from 'picomatch';
import type { Severity } from '../types';
import type { LabelSpec, Taxonomy, UnknownLabelsMode } from './types';

/** Keys that Kubernetes and Calico set themselves: always known, whatever `allowPrefixes` says. */
const AUTOMATIC_KEYS: ReadonlySet<string> = new Set(['kubernetes.io/metadata.name', 'k8s-app']);
const AUTOMATIC_PREFIXES: readonly string[] = ['projectcalico.org'];

/** The part of a label key before `/`, or undefined for an unprefixed key. */
function keyPrefix(key: string): string | undefined {
  const slash = key.indexOf('/');
  return slash < 0 ? undefined : key.slice(0, slash);
}

/** `d/` covers the prefix `d` and its subdomains (`kubernetes.io/` covers `app.kubernetes.io`). */
function prefixCovers(entry: string, prefix: string): boolean {
  const domain = entry.endsWith('/') ? entry.slice(0, -1) : entry;
  return prefix === domain || prefix.endsWith(`.${domain}`);
}

/** True when a key is listed in the taxonomy, under an `allowPrefixes` entry, or automatic. */
export function isKnownLabelKey(tax: Taxonomy, key: string): boolean {
  if (tax.labels.has(key) || AUTOMATIC_KEYS.has(key)) return true;
  const prefix = keyPrefix(key);
  if (prefix === undefined) return false;
  return AUTOMATIC_PREFIXES.includes(prefix) || tax.allowPrefixes.some((entry) => prefixCovers(entry, prefix));
}

// Namespace globs (`prod-*`) compiled once each; they are few and asked about often.
const globCache = new Map<string, (s: string) => boolean>();
function matchesGlob(glob: string, value: string): boolean {
  let match = globCache.get(glob);
  if (!match) {
    match = picomatch(glob, { dot: true });
    globCache.set(glob, match);
  }
  return match(value);
}

/**
 * The labels an object of `kind` in `namespace` must carry, in taxonomy order. A cluster-scoped
 * object (namespace undefined) matches only entries without a `namespaces` filter.
 */
export function requiredLabelsFor(tax: Taxonomy, kind: string, namespace: string | undefined): LabelSpec[] {
  const out: LabelSpec[] = [];
  for (const spec of tax.labels.values()) {
    const req = spec.required;
    if (!req || !req.kinds.includes(kind)) continue;
    if (req.namespaces && (namespace === undefined || !req.namespaces.some((g) => matchesGlob(g, namespace)))) continue;
    out.push(spec);
  }
  return out;
}

/** True when `value` is in the entry's `values` (if any) and matches its `pattern` (if any). */
export function isValueAllowed(spec: LabelSpec, value: string): boolean {
  if (spec.values && !spec.values.includes(value)) return false;
  if (spec.pattern && !spec.pattern.test(value)) return false;
  return true;
}

const SEVERITIES: ReadonlySet<string> = new Set(['error', 'warning', 'info', 'off']);
const isSeverity = (s: unknown): s is Severity => typeof s === 'string' && SEVERITIES.has(s);

const UNKNOWN_LABELS_SEVERITY: Record<UnknownLabelsMode, Severity> = { allow: 'off', info: 'info', warn: 'warning', error: 'error' };

/** What the taxonomy implies for a rule without naming it in `rules` (undefined: nothing). */
function derivedSeverity(ruleId: string, tax: Taxonomy): Severity | undefined {
  switch (ruleId) {
    case 'label-unknown':
      return UNKNOWN_LABELS_SEVERITY[tax.unknownLabels];
    case 'namespace-no-default-deny':
    case 'pod-not-isolated':
      return tax.policy.requireDefaultDeny ? undefined : 'off';
    case 'egress-deny-blocks-dns':
      return tax.policy.requireDnsEgress ? undefined : 'off';
    default:
      return undefined;
  }
}

/**
 * A rule's severity, first that is set (SPEC §1): the editor setting, the taxonomy's `rules`, what
 * `unknownLabels`/`policy` imply, the catalog default. A catalog default of `per-taxonomy` with
 * nothing derived falls back to `warning` (the `unknownLabels` default).
 */
export function resolveSeverity(
  ruleId: string,
  defaultSeverity: Severity | 'per-taxonomy',
  tax: Taxonomy,
  overrides?: Readonly<Record<string, Severity>>,
): Severity {
  // Settings come from user JSON: ignore a value that is not a severity rather than trust it.
  const override = overrides?.[ruleId];
  if (isSeverity(override)) return override;
  const fromRules = tax.rules[ruleId];
  if (isSeverity(fromRules)) return fromRules;
  return derivedSeverity(ruleId, tax) ?? (defaultSeverity === 'per-taxonomy' ? 'warning' : defaultSeverity);
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment): `tema` is one edit from
 * `team`, as a typist would count.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * Did-you-mean candidates for `target`: those within `maxDistance` edits (default
 * max(2, ⌊length/3⌋)), compared case-insensitively, nearest first; ties go to the candidate that
 * also matches the case better, then alphabetically. A candidate that would have to be rewritten
 * entirely (distance ≥ its length and the target's) is never offered; nor is `target` itself.
 */
export function nearestStrings(target: string, candidates: Iterable<string>, maxDistance?: number): string[] {
  const limit = maxDistance ?? Math.max(2, Math.floor(target.length / 3));
  const lower = target.toLowerCase();
  const scored: { candidate: string; distance: number; exact: number }[] = [];
  for (const candidate of new Set(candidates)) {
    if (candidate === target) continue;
    // Cheap bound first: lengths alone already differ by more than the limit.
    if (Math.abs(candidate.length - target.length) > limit) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance > limit || distance >= Math.max(target.length, candidate.length)) continue;
    scored.push({ candidate, distance, exact: editDistance(target, candidate) });
  }
  scored.sort((x, y) => x.distance - y.distance || x.exact - y.exact || compareText(x.candidate, y.candidate));
  return scored.map((s) => s.candidate);
}

function compareText(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  return la < lb ? -1 : la > lb ? 1 : a < b ? -1 : a > b ? 1 : 0;
}
