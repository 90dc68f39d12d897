// Inputs and the property for fuzzing the engine (test/robustness/fuzz.test.ts runs a few
// thousand inputs, scripts/fuzz.mjs as many as asked). Inputs are real manifests of the corpus
// under mutation, generated manifests, and random text; the property: `lintTexts` never throws
// nor hangs, and every result keeps the invariants of harness.ts, with the embedded default
// taxonomy and with the strict fixture (so every label rule speaks).
import fc from 'fast-check';
import { Document, isMap, YAMLMap } from 'yaml';
import type { SourceText } from '../../engine/src/index';
import { applyFixes } from '../../engine/src/fix/apply';
import { checkResults, TAXONOMIES, timedLint } from './harness';

/** The seed of the fuzz test and the default of scripts/fuzz.mjs ("kll"). */
export const FUZZ_SEED = 0x6b6c6c;

/** A generous hang guard per input and taxonomy (not a speed test). */
export const HANG_GUARD_MS = 10_000;

export interface Sample {
  rel: string;
  text: string;
}

// ---------------------------------------------------------------------------------------------
// Pools

/** Fragments that matter to a YAML parser or to this linter. */
export const FRAGMENTS: readonly string[] = [
  '{{ .Values.x }}', '{{- if .Values.enabled }}\n', '{{- end }}\n', '{{ include "x" . | nindent 4 }}', '"{{ .Values.tag }}"',
  '&a ', '*a', '<<: *a\n', '&anchor {a: b}', '*undefined', '\t', '\t\t', '\r\n', '\r', '\n', '\ufeff', '\u0000', '\u2028', '\u0085',
  '---\n', '--- ', '...\n', ': ', ':', '- ', '? ', '[', ']', '{', '}', ',', '"', "'", '#', ' # c', '|\n', '|-\n', '>+\n', '!!binary ',
  '!!str ', '!!int ', '!!map ', '!Ref ', '!<tag:x> ', '%YAML 1.1\n', '%TAG ! tag:x,2024:\n', '\\', '\\"', '\\u', '@', '`',
  'labels:\n', 'labels: {}', 'labels: []', 'labels: null', 'labels: ~\n', 'metadata:\n', 'metadata: {labels: {a: b}}\n',
  '  app.kubernetes.io/name: x\n', '    team: payments\n', '    app: nginx\n', 'kind: List\nitems:\n- ', 'kind: Deployment\n',
  'apiVersion: v1\n', 'selector:\n  matchLabels:\n    app: x\n', 'matchExpressions: [{key: app, operator: In, values: [a]}]',
  '# kube-label-lint-disable-next-line\n', '# kube-label-lint-disable-next-line label-required,label-unknown\n',
  'kube-label-lint.io/ignore: "*"\n', 'template:\n', 'spec:\n', 'podSelector: {}\n', "selector: app == 'x' && has(\n",
  'x'.repeat(70), '😀', '\ud83d', '\ude00', '\udbff\udfff', 'é', '\u0301', '\u200b', '\uffff', '\ufffd',
];

const LONE_SURROGATES: readonly string[] = ['\ud800', '\udbff', '\udc00', '\udfff', '\ud800\ud800', '\udc00\ud800'];

export const LABEL_KEYS: readonly string[] = [
  'app', 'app.kubernetes.io/name', 'app.kubernetes.io/nmae', 'app.kubernetes.io/instance', 'app.kubernetes.io/version',
  'app.kubernetes.io/component', 'app.kubernetes.io/part-of', 'app.kubernetes.io/managed-by', 'team', 'taem', 'tema', 'owner',
  'component', 'environment', 'enviroment', 'tier', 'tiers', 'role', 'version', 'name', 'k8s-app', 'k8s-apps',
  'example.com/team', 'kubernetes.io/metadata.name', 'projectcalico.org/x', 'helm.sh/chart', 'UPPER', '-bad', 'bad-', 'a/b/c',
  '/x', 'x/', 'x'.repeat(64), `${'a'.repeat(254)}/x`, '"quoted/key"', "'single'", '1', '1.5', 'true', 'null', '~', '<<',
  '? complex', '[a, b]', '{a: b}', 'é', 'a b', 'a:b', '"a: b"', '!!str k', '&k key', '*k',
];

export const LABEL_VALUES: readonly string[] = [
  '', '""', "''", 'true', 'false', '1.0', '1', '0x1F', '1e3', '.inf', 'null', '~', 'yes', 'on', 'Off', '2024-01-01',
  'payments', 'paymnets', 'checkout', 'prod', 'production', 'staging', 'dev', 'v1', 'v1.2.3', '1.2.3', 'x'.repeat(63),
  'x'.repeat(64), '-bad-', 'has space', '"quoted"', "'single'", 'ünïcödé', '😀', '[a, b]', '{a: b}', '&x v', '*x',
  '!!str 1', '|\n      block', '>-\n      folded', 'TODO', 'frontend', 'fronted', 'backedn', 'kube-prometheus', 'kube-prometeus',
  'a/b', 'a_b', 'a.b', '_a', 'nginx', 'ngnix', 'redis', '"{{ .Values.x }}"', '{{ .Values.x }}', '# comment', 'a # comment',
];

// ---------------------------------------------------------------------------------------------
// Mutations of a text

export type Op =
  | { k: 'truncate'; at: number }
  | { k: 'delete'; at: number; len: number }
  | { k: 'insert'; at: number; s: string }
  | { k: 'indent'; line: number; lines: number; delta: number }
  | { k: 'tabs'; line: number; lines: number }
  | { k: 'crlf' }
  | { k: 'cr' }
  | { k: 'bom' }
  | { k: 'nest'; at: number; depth: number; style: number }
  | { k: 'longLine'; at: number; len: number; flow: boolean }
  | { k: 'manyDocs'; n: number }
  | { k: 'anchor'; line: number; other: number; bomb: boolean }
  | { k: 'label'; which: number; action: 'value' | 'key' | 'delete' | 'duplicate' | 'add'; key: string; value: string }
  | { k: 'swap'; a: number; b: number }
  | { k: 'dupLine'; a: number; times: number };

const position = fc.nat({ max: 1_000_000 });

const insertion: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...FRAGMENTS), weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 12 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }), weight: 1 },
  { arbitrary: fc.constantFrom(...LONE_SURROGATES), weight: 1 },
  { arbitrary: fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 2, maxLength: 8 }).map((a) => a.join('')), weight: 2 },
);

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ k: fc.constant('truncate' as const), at: position }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('delete' as const), at: position, len: fc.integer({ min: 1, max: 40 }) }), weight: 3 },
  { arbitrary: fc.record({ k: fc.constant('insert' as const), at: position, s: insertion }), weight: 6 },
  { arbitrary: fc.record({ k: fc.constant('indent' as const), line: position, lines: fc.integer({ min: 1, max: 20 }), delta: fc.integer({ min: -4, max: 8 }) }), weight: 3 },
  { arbitrary: fc.record({ k: fc.constant('tabs' as const), line: position, lines: fc.integer({ min: 1, max: 10 }) }), weight: 1 },
  { arbitrary: fc.constant({ k: 'crlf' as const }), weight: 1 },
  { arbitrary: fc.constant({ k: 'cr' as const }), weight: 1 },
  { arbitrary: fc.constant({ k: 'bom' as const }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant('nest' as const), at: position, depth: fc.oneof(fc.integer({ min: 1, max: 140 }), fc.integer({ min: 100, max: 3000 })), style: fc.nat({ max: 5 }) }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('longLine' as const), at: position, len: fc.oneof(fc.integer({ min: 64, max: 5000 }), fc.integer({ min: 5000, max: 200_000 })), flow: fc.boolean() }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant('manyDocs' as const), n: fc.integer({ min: 2, max: 40 }) }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant('anchor' as const), line: position, other: position, bomb: fc.boolean() }), weight: 2 },
  {
    arbitrary: fc.record({
      k: fc.constant('label' as const),
      which: position,
      action: fc.constantFrom('value' as const, 'key' as const, 'delete' as const, 'duplicate' as const, 'add' as const),
      key: fc.oneof({ arbitrary: fc.constantFrom(...LABEL_KEYS), weight: 5 }, { arbitrary: fc.string({ unit: 'binary', maxLength: 10 }), weight: 1 }),
      value: fc.oneof({ arbitrary: fc.constantFrom(...LABEL_VALUES), weight: 5 }, { arbitrary: fc.string({ unit: 'binary', maxLength: 10 }), weight: 1 }),
    }),
    weight: 8,
  },
  { arbitrary: fc.record({ k: fc.constant('swap' as const), a: position, b: position }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant('dupLine' as const), a: position, times: fc.integer({ min: 1, max: 5 }) }), weight: 1 },
);

function splitLines(text: string): string[] {
  return text.split('\n');
}

// Block nesting grows with the square of the depth: kept to 400 levels (80,000 characters).
const NESTINGS: readonly ((depth: number) => string)[] = [
  (d) => '['.repeat(d) + ']'.repeat(d),
  (d) => '{a: '.repeat(d) + 'x' + '}'.repeat(d),
  (d) => '\n' + Array.from({ length: Math.min(d, 400) }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' v\n',
  (d) => '\n' + '- '.repeat(d) + 'x\n',
  (d) => '['.repeat(d),
  (d) => '\n' + Array.from({ length: Math.min(d, 200) }, (_, i) => `${' '.repeat(i * 2)}- k:`).join('\n') + ' v\n',
];

const ALIAS_BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
].join('\n');

interface LabelLine {
  start: number;
  end: number;
  indent: string;
  key: string;
  value: string;
}

/** `key: value` lines under a `labels:` / `matchLabels:` line (a textual view, good enough to mutate). */
export function labelLines(text: string): LabelLine[] {
  const out: LabelLine[] = [];
  const lines = splitLines(text);
  let offset = 0;
  let blockIndent = -1;
  for (const line of lines) {
    const start = offset;
    offset += line.length + 1;
    const indent = /^[ ]*/.exec(line)![0].length;
    if (/^\s*(labels|matchLabels):\s*(#.*)?\r?$/.test(line)) {
      blockIndent = indent;
      continue;
    }
    if (blockIndent < 0) continue;
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (indent <= blockIndent) {
      blockIndent = -1;
      continue;
    }
    const m = /^([ ]*)([^\s:#][^:#]*?):\s*(.*?)\r?$/.exec(line);
    if (m) out.push({ start, end: start + line.length, indent: m[1], key: m[2], value: m[3] });
  }
  return out;
}

export function applyOp(text: string, op: Op): string {
  const at = (p: number) => p % (text.length + 1);
  switch (op.k) {
    case 'truncate':
      return text.slice(0, at(op.at));
    case 'delete': {
      const s = at(op.at);
      return text.slice(0, s) + text.slice(s + op.len);
    }
    case 'insert': {
      const s = at(op.at);
      return text.slice(0, s) + op.s + text.slice(s);
    }
    case 'indent':
    case 'tabs': {
      const lines = splitLines(text);
      const first = op.line % lines.length;
      for (let i = first; i < Math.min(lines.length, first + op.lines); i++) {
        if (op.k === 'tabs') lines[i] = lines[i].replace(/^( {2})+/, (m) => '\t'.repeat(m.length / 2));
        else if (op.delta >= 0) lines[i] = ' '.repeat(op.delta) + lines[i];
        else lines[i] = lines[i].replace(new RegExp(`^ {0,${-op.delta}}`), '');
      }
      return lines.join('\n');
    }
    case 'crlf':
      return text.replace(/\r?\n/g, '\r\n');
    case 'cr':
      return text.replace(/\r?\n/g, '\r');
    case 'bom':
      return '\ufeff' + text;
    case 'nest': {
      const s = at(op.at);
      return text.slice(0, s) + NESTINGS[op.style % NESTINGS.length](op.depth) + text.slice(s);
    }
    case 'longLine': {
      const s = at(op.at);
      const line = op.flow ? `\n{"data": "${'x'.repeat(op.len)}"}\n` : `\n  long: ${'y'.repeat(op.len)}\n`;
      return text.slice(0, s) + line + text.slice(s);
    }
    case 'manyDocs': {
      // At most about 400,000 characters: many documents, not a benchmark.
      const n = Math.max(1, Math.min(op.n, Math.floor(400_000 / Math.max(text.length, 1))));
      return Array.from({ length: n }, () => text).join('\n---\n');
    }
    case 'anchor': {
      const lines = splitLines(text);
      if (op.bomb) {
        const i = op.line % lines.length;
        lines.splice(i, 0, ALIAS_BOMB);
        return lines.join('\n');
      }
      // Put an anchor on a `key: value` line and an alias to it on another.
      const candidates = lines.map((l, i) => (/^\s*[\w./-]+:\s+\S/.test(l) ? i : -1)).filter((i) => i >= 0);
      if (candidates.length === 0) return text;
      const a = candidates[op.line % candidates.length];
      const b = candidates[op.other % candidates.length];
      lines[a] = lines[a].replace(/:\s+/, ': &anc ');
      if (b !== a) lines[b] = lines[b].replace(/:\s+.*$/, ': *anc');
      return lines.join('\n');
    }
    case 'label': {
      const entries = labelLines(text);
      if (entries.length === 0) return text;
      const e = entries[op.which % entries.length];
      const before = text.slice(0, e.start);
      const after = text.slice(e.end);
      switch (op.action) {
        case 'value':
          return `${before}${e.indent}${e.key}: ${op.value}${after}`;
        case 'key':
          return `${before}${e.indent}${op.key}: ${e.value}${after}`;
        case 'delete':
          return before + after.replace(/^\n/, '');
        case 'duplicate':
          return `${before}${e.indent}${e.key}: ${e.value}\n${text.slice(e.start)}`;
        case 'add':
          return `${before}${e.indent}${op.key}: ${op.value}\n${text.slice(e.start)}`;
      }
      return text;
    }
    case 'swap': {
      const lines = splitLines(text);
      const a = op.a % lines.length;
      const b = op.b % lines.length;
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 'dupLine': {
      const lines = splitLines(text);
      const a = op.a % lines.length;
      lines.splice(a, 0, ...Array.from({ length: op.times }, () => lines[a]));
      return lines.join('\n');
    }
  }
}

export function applyOps(text: string, ops: readonly Op[]): string {
  return ops.reduce(applyOp, text);
}

// ---------------------------------------------------------------------------------------------
// Generated manifests (so cross-object rules see selectors, services and policies in all shapes)

const NAMESPACES = ['default', 'prod-a', 'production', 'kube-system', 'shop', 'ns with space', ''];
const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod', 'ReplicationController'];

const labelsArb = fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES, 'a', 'b'), { maxKeys: 5 });

/** A label map written as YAML values: mostly strings, sometimes what YAML would read otherwise. */
const objectArb: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    kind: fc.constantFrom(...WORKLOADS, 'Service', 'NetworkPolicy', 'Namespace', 'ConfigMap', 'CalicoNetworkPolicy', 'GlobalNetworkPolicy', 'List'),
    name: fc.constantFrom('web', 'api', 'db', 'cache', 'x', ''),
    namespace: fc.constantFrom(...NAMESPACES, undefined),
    labels: fc.option(labelsArb),
    templateLabels: labelsArb,
    selector: fc.option(labelsArb),
    matchExpressions: fc.boolean(),
    calicoSelector: fc.constantFrom("app == 'web'", 'all()', "has(team) && tier in {'a', 'b'}", '!has(x)', 'app ==', "a == 'x' ||", ''),
    port: fc.oneof(fc.integer({ min: 0, max: 70000 }), fc.constantFrom('http', 'metrics', '')),
    ignore: fc.option(fc.constantFrom('*', 'label-required', 'label-unknown,label-value-not-allowed')),
  })
  .map((r) => {
    const metadata: Record<string, unknown> = { name: r.name };
    if (r.namespace !== undefined) metadata.namespace = r.namespace;
    if (r.labels) metadata.labels = r.labels;
    if (r.ignore) metadata.annotations = { 'kube-label-lint.io/ignore': r.ignore };
    const podSpec = { containers: [{ name: 'c', ports: [{ name: typeof r.port === 'string' ? r.port : 'p', containerPort: typeof r.port === 'number' ? r.port : 80 }] }] };
    const template = { metadata: { labels: r.templateLabels }, spec: podSpec };
    const selector: Record<string, unknown> = { matchLabels: r.selector ?? r.templateLabels };
    if (r.matchExpressions) selector.matchExpressions = [{ key: 'tier', operator: 'NotIn', values: ['x'] }, { key: 'team', operator: 'Exists' }];
    switch (r.kind) {
      case 'Pod':
        return { apiVersion: 'v1', kind: 'Pod', metadata: { ...metadata, labels: r.templateLabels }, spec: podSpec };
      case 'CronJob':
        return { apiVersion: 'batch/v1', kind: 'CronJob', metadata, spec: { schedule: '* * * * *', jobTemplate: { spec: { template } } } };
      case 'Job':
        return { apiVersion: 'batch/v1', kind: 'Job', metadata, spec: { template } };
      case 'Service':
        return { apiVersion: 'v1', kind: 'Service', metadata, spec: { selector: r.selector ?? r.templateLabels, ports: [{ port: 80, targetPort: r.port }] } };
      case 'NetworkPolicy':
        return {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata,
          spec: {
            podSelector: selector,
            policyTypes: ['Ingress', 'Egress'],
            ingress: [{ from: [{ podSelector: { matchLabels: r.templateLabels } }, {}], ports: [{ port: r.port }] }],
            egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }] }],
          },
        };
      case 'Namespace':
        return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: r.namespace || 'ns', labels: r.labels ?? {} } };
      case 'ConfigMap':
        return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { URL: `http://${r.name}.${r.namespace ?? 'default'}.svc:8080` } };
      case 'CalicoNetworkPolicy':
      case 'GlobalNetworkPolicy':
        return {
          apiVersion: 'projectcalico.org/v3',
          kind: r.kind === 'GlobalNetworkPolicy' ? 'GlobalNetworkPolicy' : 'NetworkPolicy',
          metadata,
          spec: {
            selector: r.calicoSelector,
            types: ['Ingress'],
            ingress: [{ action: 'Allow', protocol: 'TCP', source: { selector: r.calicoSelector }, destination: { ports: [r.port] } }],
          },
        };
      case 'List':
        return { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: { selector, template } }] };
      default:
        return { apiVersion: 'apps/v1', kind: r.kind, metadata, spec: { selector, template } };
    }
  });

/** One generated file: objects rendered by `yaml`, label maps sometimes in flow style. */
export const generatedFileArb: fc.Arbitrary<string> = fc
  .record({ objects: fc.array(objectArb, { minLength: 1, maxLength: 5 }), flow: fc.boolean(), quote: fc.boolean() })
  .map(({ objects, flow, quote }) =>
    objects
      .map((o) => {
        const doc = new Document(o);
        if (flow) {
          const meta = doc.get('metadata');
          const labels = isMap(meta) ? (meta as YAMLMap).get('labels', true) : undefined;
          if (isMap(labels)) labels.flow = true;
        }
        return doc.toString({ defaultStringType: quote ? 'QUOTE_DOUBLE' : 'PLAIN', defaultKeyType: 'PLAIN', lineWidth: 0 });
      })
      .join('---\n'),
  );

// ---------------------------------------------------------------------------------------------
// Inputs

export type FuzzInput =
  | { kind: 'mutated'; base: number; ops: Op[]; neighbours: number[] }
  | { kind: 'generated'; files: string[] }
  | { kind: 'random'; text: string };

export function inputArb(samples: readonly Sample[]): fc.Arbitrary<FuzzInput> {
  const index = fc.nat({ max: samples.length - 1 });
  return fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant('mutated' as const), base: index, ops: fc.array(opArb, { minLength: 1, maxLength: 6 }), neighbours: fc.array(index, { maxLength: 2 }) }), weight: 12 },
    { arbitrary: fc.record({ kind: fc.constant('generated' as const), files: fc.array(generatedFileArb, { minLength: 1, maxLength: 3 }) }), weight: 4 },
    {
      arbitrary: fc.record({
        kind: fc.constant('random' as const),
        text: fc.oneof(
          fc.string({ unit: 'binary', maxLength: 400 }),
          fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((a) => a.join('')),
          fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'binary', maxLength: 4 }), fc.constantFrom(...LONE_SURROGATES)), { maxLength: 80 }).map((a) => a.join('')),
        ),
      }),
      weight: 2,
    },
  );
}

/** The files an input stands for (a mutated file may come with unmodified neighbours: a workspace). */
export function inputSources(input: FuzzInput, samples: readonly Sample[]): SourceText[] {
  switch (input.kind) {
    case 'mutated':
      return [
        { uri: `file:///fuzz/${samples[input.base].rel}`, text: applyOps(samples[input.base].text, input.ops) },
        ...[...new Set(input.neighbours)].filter((n) => n !== input.base).map((n) => ({ uri: `file:///corpus/${samples[n].rel}`, text: samples[n].text })),
      ];
    case 'generated':
      return input.files.map((text, i) => ({ uri: `file:///gen/f${i}.yaml`, text }));
    case 'random':
      return [{ uri: 'file:///random.yaml', text: input.text }];
  }
}

/** What an input exercises, for the counts of a run: its kind, and each mutation it went through. */
export function inputClasses(input: FuzzInput): string[] {
  if (input.kind !== 'mutated') return [input.kind];
  const out = new Set<string>(['mutated']);
  for (const op of input.ops) {
    if (op.k === 'label') out.add(`label-${op.action}`);
    else if (op.k === 'anchor') out.add(op.bomb ? 'alias-bomb' : 'anchor-alias');
    else if (op.k === 'nest') out.add(op.depth > 128 ? 'nest-over-limit' : 'nest');
    else if (op.k === 'insert') out.add(/\{\{/.test(op.s) ? 'insert-template' : /[\ud800-\udfff]/.test(op.s) ? 'insert-surrogates' : 'insert');
    else out.add(op.k);
  }
  if (input.neighbours.some((n) => n !== input.base)) out.add('workspace');
  return [...out];
}

// ---------------------------------------------------------------------------------------------
// The property

export interface FuzzStats {
  inputs: number;
  lints: number;
  findings: number;
  fixes: number;
  fixedRelints: number;
  skippedFiles: number;
  documentErrors: number;
  byRule: Record<string, number>;
  byKind: Record<string, number>;
  maxMs: number;
  totalChars: number;
}

export function emptyStats(): FuzzStats {
  return { inputs: 0, lints: 0, findings: 0, fixes: 0, fixedRelints: 0, skippedFiles: 0, documentErrors: 0, byRule: {}, byKind: {}, maxMs: 0, totalChars: 0 };
}

/**
 * Lints the sources with each taxonomy and returns the broken invariants (empty: all good).
 * A throw from the engine is returned as a problem too, with its stack.
 */
export function checkSources(sources: readonly SourceText[], stats: FuzzStats, kind = 'input'): string[] {
  const problems: string[] = [];
  stats.inputs++;
  stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1;
  for (const s of sources) stats.totalChars += s.text.length;
  for (const tax of TAXONOMIES) {
    const label = `[taxonomy ${tax.name}]`;
    let run: ReturnType<typeof timedLint>;
    try {
      run = timedLint(sources, tax.get());
    } catch (e) {
      problems.push(`${label} lintTexts threw: ${(e as Error).stack ?? e}`);
      continue;
    }
    stats.lints++;
    stats.maxMs = Math.max(stats.maxMs, run.ms);
    if (run.ms > HANG_GUARD_MS) problems.push(`${label} lintTexts took ${Math.round(run.ms)} ms (hang guard ${HANG_GUARD_MS} ms)`);
    const checked = checkResults(sources, run.results);
    stats.findings += checked.findings;
    stats.fixes += checked.fixes;
    problems.push(...checked.problems.map((p) => `${label} ${p}`));
    for (const r of run.results) {
      if (r.file.skipped !== undefined) stats.skippedFiles++;
      stats.documentErrors += r.file.documents.filter((d) => d.error).length;
      for (const f of r.findings) stats.byRule[f.ruleId] = (stats.byRule[f.ruleId] ?? 0) + 1;
    }
    // Lint the result of `--fix` again: it must hold the same invariants.
    const fixed = sources.map((s, i) => {
      const safe = run.results[i].findings.flatMap((f) => f.fixes).filter((x) => x.safe);
      return safe.length ? { uri: s.uri, text: applyFixes(s.text, safe).text } : s;
    });
    if (fixed.some((s, i) => s !== sources[i])) {
      try {
        const again = timedLint(fixed, tax.get());
        stats.fixedRelints++;
        problems.push(...checkResults(fixed, again.results).problems.map((p) => `${label} after --fix: ${p}`));
      } catch (e) {
        problems.push(`${label} lintTexts threw on the --fix result: ${(e as Error).stack ?? e}`);
      }
    }
  }
  return problems;
}

/** The fast-check property over `inputArb(samples)`: throws (with the problems) on a broken invariant. */
export function fuzzProperty(samples: readonly Sample[], stats: FuzzStats): fc.IPropertyWithHooks<[FuzzInput]> {
  return fc.property(inputArb(samples), (input) => {
    const problems = checkSources(inputSources(input, samples), stats, input.kind);
    if (problems.length > 0) throw new Error(problems.slice(0, 10).join('\n') + (problems.length > 10 ? `\n… and ${problems.length - 10} more` : ''));
  });
}

/** A counterexample as files a person can save and lint (JSON-escaped texts). */
export function describeInput(input: FuzzInput, samples: readonly Sample[]): string {
  const sources = inputSources(input, samples);
  const head = input.kind === 'mutated' ? `mutated ${samples[input.base].rel} with ${JSON.stringify(input.ops).slice(0, 2000)}` : input.kind;
  return `${head}\n${sources.map((s) => `--- ${s.uri} (${s.text.length} chars)\n${JSON.stringify(s.text.length > 4000 ? s.text.slice(0, 4000) + '…' : s.text)}`).join('\n')}`;
}
