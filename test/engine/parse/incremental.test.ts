// Property test of the incremental re-parse: many random edits (characters, lines, whole blocks,
// `---` markers typed and deleted) to real multi-document files; after each edit the reused parse
// must equal a fresh full parse of the new text, and the file's findings a fresh analysis.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isCollection, isNode, isPair, type Document } from 'yaml';
import { parseManifestFile, type ManifestFile } from '../../../engine/src/parse/manifestFile';
import { updateManifestFile } from '../../../engine/src/parse/incremental';
import { WorkspaceIndex } from '../../../engine/src/workspace/index';
import { analyzeDocuments, analyzeFile, mergeDocumentFindings } from '../../../engine/src/analyze';
import { updateDocumentFindings } from '../../../engine/src/analyzeEdit';
import type { DocumentFindings } from '../../../engine/src/analyze';
import { loadTaxonomy } from '../../../engine/src/taxonomy/load';
import { MAX_ALIAS_COUNT } from '../../../engine/src/parse/manifestFile';
import { policyOf } from '../../../engine/src/policy/parse';
import { serviceSpec } from '../../../engine/src/policy/selection';
import { seededPicks } from '../../seededRandom';

const DIR = path.resolve('test/fixtures/incremental');
const read = (name: string) => readFileSync(path.join(DIR, name), 'utf8');
const taxonomy = loadTaxonomy(path.join(DIR, 'label-taxonomy.yaml'), read('label-taxonomy.yaml'), () => undefined).taxonomy!;
const URI = 'file:///work/all.yaml';
const OPTIONS = { defaultNamespace: 'team-a' };

interface Edit {
  start: number;
  end: number;
  insert: string;
}

const CHARS = ['a', 'x', '1', ' ', '\n', '-', ':', '#', '"', "'", '{', '}', '[', ',', '*', '&', '|', '\t', 'é'];

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

/** One random edit, weighted toward what typing does (single characters) but with every shape. */
function randomEdit(text: string, pick: (n: number) => number, eol: string): Edit {
  const at = pick(text.length + 1);
  const starts = lineStarts(text);
  const line = starts[pick(starts.length)];
  switch (pick(10)) {
    case 0:
    case 1:
    case 2:
      return { start: at, end: at, insert: CHARS[pick(CHARS.length)] };
    case 3:
      return { start: at, end: Math.min(text.length, at + 1), insert: '' };
    case 4: // a multi-line deletion
      return { start: at, end: Math.min(text.length, at + 1 + pick(300)), insert: '' };
    case 5: // a multi-line paste of another part of the file
    {
      const from = pick(text.length);
      return { start: at, end: at, insert: text.slice(from, from + pick(200)) };
    }
    case 6: // a marker line typed at a line start
      return { start: line, end: line, insert: ['---', '---' + eol, '-', '--', '--- # c' + eol][pick(5)] };
    case 7: // a marker line deleted (or a part of it)
    {
      const marker = starts.filter((s) => text.startsWith('---', s));
      const s = marker.length ? marker[pick(marker.length)] : line;
      return { start: s, end: Math.min(text.length, s + 1 + pick(4)), insert: '' };
    }
    case 8: // typing into a label value (or any value): replace one character
      return { start: at, end: Math.min(text.length, at + 1), insert: CHARS[pick(3)] };
    default: // a whole line replaced
    {
      const end = text.indexOf('\n', line);
      return { start: line, end: end < 0 ? text.length : end, insert: '  app.kubernetes.io/name: edited' };
    }
  }
}

/** Everything a parse holds, as plain data: objects, ranges, errors, YAML node ranges and values. */
function snapshot(file: ManifestFile): unknown {
  const nodeRanges = (doc: Document): unknown[] => {
    const out: unknown[] = [doc.range];
    const walk = (n: unknown): void => {
      if (!isNode(n)) return;
      out.push(n.range);
      if (isCollection(n)) for (const it of n.items) isPair(it) ? (walk(it.key), walk(it.value)) : walk(it);
    };
    walk(doc.contents);
    return out;
  };
  const plain = (value: unknown): unknown =>
    JSON.parse(
      JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
        if (key === 'node') return undefined;
        // `this[key]`: the value before its own toJSON (a Document has one).
        const doc = this[key] as Document;
        if (key === 'doc') return { ranges: nodeRanges(doc), js: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
        if (v instanceof Map) return [...v.entries()];
        if (v instanceof Set) return [...v];
        return v;
      }),
    );
  return plain({ text: file.text, lineCount: file.lines.lineCount, skipped: file.skipped, documents: file.documents, suppressions: file.suppressions });
}

/** Without the object a value points to (compared on its own) and as JSON. */
const plainModel = (value: unknown) => JSON.parse(JSON.stringify(value ?? null, (key, v) => (key === 'obj' ? undefined : v instanceof Set ? [...v] : v)));

function assertSameMovedCaches(file: ManifestFile, fresh: ManifestFile, context: string): void {
  const objects = file.documents.flatMap((d) => d.objects);
  const freshObjects = fresh.documents.flatMap((d) => d.objects);
  assert.equal(objects.length, freshObjects.length, context);
  objects.forEach((obj, k) => {
    const policy = policyOf(obj);
    assert.deepStrictEqual(plainModel(policy), plainModel(policyOf(freshObjects[k])), `${context} (policy of object ${k})`);
    if (policy) assert.equal(policy.obj, obj, context);
    if (obj.kind === 'Service') assert.deepStrictEqual(plainModel(serviceSpec(obj)), plainModel(serviceSpec(freshObjects[k])), `${context} (Service ${k})`);
  });
}

function optionsFor(file: ManifestFile) {
  const index = new WorkspaceIndex();
  index.setFile(file.uri, file.documents.flatMap((d) => d.objects));
  return { taxonomy, index };
}

const findingsOf = (file: ManifestFile) => analyzeFile(file, optionsFor(file));

function run(name: string, text: string, seed: number, edits: number): { incremental: number; reused: number } {
  const pick = seededPicks(seed);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let current = parseManifestFile(URI, text, OPTIONS);
  let byDocument: DocumentFindings[] = analyzeDocuments(current, optionsFor(current));
  let incremental = 0;
  let reused = 0;
  for (let i = 0; i < edits; i++) {
    // Start over from the original now and then, so the text stays a realistic manifest.
    const base = i % 25 === 0 ? text : current.text;
    if (base !== current.text) {
      current = parseManifestFile(URI, base, OPTIONS);
      byDocument = analyzeDocuments(current, optionsFor(current));
    }
    const e = randomEdit(base, pick, eol);
    const next = base.slice(0, e.start) + e.insert + base.slice(e.end);
    const before = { file: current, byDocument };
    const result = updateManifestFile(URI, next, current, OPTIONS);
    if (result.reparsed !== undefined) incremental++;
    const full = parseManifestFile(URI, next, OPTIONS);
    const context = `${name}, seed ${seed}, edit ${i}: ${JSON.stringify(e)}`;
    const expected = findingsOf(full);
    // The policy models and Service selectors moved with their objects equal fresh ones.
    assertSameMovedCaches(result.file, full, context);
    // The findings kept from the other documents, moved, equal a fresh analysis too (this reads
    // only the trees it needs: the others' shifts stay pending over the next edits).
    const options = optionsFor(result.file);
    const updated = result.reparsed === undefined ? undefined : updateDocumentFindings(before, result.file, result.reparsed, options);
    if (updated) reused++;
    byDocument = updated ?? analyzeDocuments(result.file, options);
    assert.deepStrictEqual(mergeDocumentFindings(byDocument), expected, `${context} (findings kept from the other documents)`);
    // Every third edit, the whole parse (every tree read, so shifted) and a whole analysis of it.
    if (i % 3 === 0) {
      assert.deepStrictEqual(snapshot(result.file), snapshot(full), context);
      assert.deepStrictEqual(findingsOf(result.file), expected, context);
    }
    current = result.file;
  }
  return { incremental, reused };
}

describe('incremental re-parse equals a full parse after every edit', () => {
  const fixtures: [name: string, edits: number][] = [
    ['generated-12-apps.yaml', 100],
    ['online-boutique-namespaced.yaml', 60],
    ['bookinfo.yaml', 120],
  ];
  for (const [name, edits] of fixtures) {
    it(`${name}: ${edits} random edits`, () => {
      const { incremental, reused } = run(name, read(name), name.length * 7919, edits);
      assert.ok(reused > edits / 5, `only ${reused} of ${edits} edits kept the other documents' findings`);
      // Many edits must take the one-document path, or the test proves nothing about it (random
      // quotes and brackets make YAML errors, which take the whole-file path).
      assert.ok(incremental > edits / 5, `only ${incremental} of ${edits} edits were incremental`);
    });
  }
  it('CRLF line breaks: 60 random edits', () => {
    const text = read('generated-12-apps.yaml').replace(/\n/g, '\r\n');
    const { incremental } = run('generated-12-apps.yaml (CRLF)', text, 42, 60);
    assert.ok(incremental > 12, `only ${incremental} of 60 edits were incremental`);
  });
  it('typing a label value in the middle document is incremental, and equal', () => {
    const text = read('generated-12-apps.yaml');
    const at = text.indexOf('tier: ', text.length >> 1) + 'tier: '.length;
    let current = parseManifestFile(URI, text, OPTIONS);
    for (const ch of 'abc') {
      const next = current.text.slice(0, at) + ch + current.text.slice(at);
      const result = updateManifestFile(URI, next, current, OPTIONS);
      assert.notEqual(result.reparsed, undefined);
      assert.deepStrictEqual(snapshot(result.file), snapshot(parseManifestFile(URI, next, OPTIONS)));
      current = result.file;
    }
  });
  it('a whole-file parse when an edit brings in Helm braces, a directive, `...`, a BOM, NUL or a lone CR', () => {
    const text = read('bookinfo.yaml');
    const at = text.indexOf('app: details') + 'app: details'.length;
    const lineEnd = text.indexOf('\n', at);
    const edits: [string, string][] = [
      ['{{', text.slice(0, at) + '{{' + text.slice(at)],
      ['{ next to {', text.slice(0, at) + '{{' + text.slice(at)],
      ['% at a line start', text.slice(0, lineEnd + 1) + '%' + text.slice(lineEnd + 1)],
      ['... line', text.slice(0, lineEnd + 1) + '...' + text.slice(lineEnd)],
      ['BOM', text.slice(0, at) + '\uFEFF' + text.slice(at)],
      ['NUL', text.slice(0, at) + '\0' + text.slice(at)],
      ['lone CR', text.slice(0, at) + '\r' + text.slice(at)],
    ];
    let current = parseManifestFile(URI, text, OPTIONS);
    // A `{` after `details` first (incremental), then one more typed next to it.
    const braced = text.slice(0, at) + '{' + text.slice(at);
    const first = updateManifestFile(URI, braced, current, OPTIONS);
    assert.notEqual(first.reparsed, undefined);
    current = first.file;
    for (const [what, next] of edits) {
      const base = what === '{ next to {' ? current : parseManifestFile(URI, text, OPTIONS);
      const result = updateManifestFile(URI, next, base, OPTIONS);
      assert.equal(result.reparsed, undefined, what);
      assert.deepStrictEqual(snapshot(result.file), snapshot(parseManifestFile(URI, next, OPTIONS)), what);
    }
  });
  it('a whole-file fallback for edits on a marker line, and for a BOM, directives or `...`', () => {
    const text = read('bookinfo.yaml');
    const marker = text.indexOf('\n---', 100) + 1;
    const onMarker = text.slice(0, marker + 3) + ' # x' + text.slice(marker + 3);
    assert.equal(updateManifestFile(URI, onMarker, parseManifestFile(URI, text, OPTIONS), OPTIONS).reparsed, undefined);
    for (const variant of ['\uFEFF' + text, '%YAML 1.2\n---\n' + text, text + '...\n']) {
      const prev = parseManifestFile(URI, variant, OPTIONS);
      const next = variant.replace('app: details', 'app: detailz');
      const result = updateManifestFile(URI, next, prev, OPTIONS);
      assert.equal(result.reparsed, undefined);
      assert.deepStrictEqual(snapshot(result.file), snapshot(parseManifestFile(URI, next, OPTIONS)));
    }
  });
});
