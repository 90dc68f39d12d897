// Compact objects (a closed file in the language server's index): the plain data and the
// per-object caches serve other files' checks without the YAML trees; a check of the file itself
// gets its trees back by parsing again, with the same findings.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseManifestFile, type ManifestFile } from '../../../engine/src/parse/manifestFile';
import { WorkspaceIndex } from '../../../engine/src/workspace/index';
import { analyzeDocuments, analyzeFile, mergeDocumentFindings } from '../../../engine/src/analyze';
import { recheckCrossRules } from '../../../engine/src/analyzeEdit';
import { compactObjects } from '../../../engine/src/workspace/compact';
import { loadTaxonomy } from '../../../engine/src/taxonomy/load';

const DIR = path.resolve('test/fixtures/incremental');
const read = (name: string) => readFileSync(path.join(DIR, name), 'utf8');
const taxonomy = loadTaxonomy(path.join(DIR, 'label-taxonomy.yaml'), read('label-taxonomy.yaml'), () => undefined).taxonomy!;
const OPTIONS = { defaultNamespace: 'team-a' };

/** The generated file cut in two: the second half's Services select the first half's pods and the other way round. */
function halves(): [string, string] {
  const text = read('generated-12-apps.yaml');
  const cut = text.indexOf('\n---', text.length >> 1) + 1;
  return [text.slice(0, cut), text.slice(cut)];
}

function index(...files: ManifestFile[]): WorkspaceIndex {
  const ix = new WorkspaceIndex();
  for (const f of files) ix.setFile(f.uri, f.documents.flatMap((d) => d.objects));
  return ix;
}

describe('compact objects', () => {
  const [a, b] = halves();
  const parseA = () => parseManifestFile('file:///w/a.yaml', a, OPTIONS);
  const parseB = () => parseManifestFile('file:///w/b.yaml', b, OPTIONS);

  it("another file's check reads a compact file's caches, not its trees, and finds the same", () => {
    const expected = analyzeFile(parseB(), { taxonomy, index: index(parseA(), parseB()) });
    assert.ok(expected.some((f) => f.related.some((r) => r.uri === 'file:///w/a.yaml')) || expected.length > 0, 'b has findings to compare');
    const fileA = parseA();
    let reparsed = 0;
    const trees = compactObjects(fileA, () => (reparsed++, parseA()), () => undefined);
    trees.drop();
    const fileB = parseB();
    assert.deepStrictEqual(analyzeFile(fileB, { taxonomy, index: index(fileA, fileB) }), expected);
    assert.equal(reparsed, 0, 'the compact file was parsed again for another file’s check');
    assert.equal(trees.present, false);
  });

  it("the compact file's own check parses it again once and finds the same", () => {
    const expected = analyzeFile(parseA(), { taxonomy, index: index(parseA(), parseB()) });
    assert.ok(expected.length > 0);
    const fileA = parseA();
    let reparsed = 0;
    let restored = 0;
    const trees = compactObjects(fileA, () => (reparsed++, parseA()), () => restored++);
    trees.drop();
    assert.deepStrictEqual(analyzeFile(fileA, { taxonomy, index: index(fileA, parseB()) }), expected);
    assert.equal(reparsed, 1);
    assert.equal(restored, 1);
    assert.equal(trees.present, true, 'the trees stay until the owner drops them');
  });

  it('a compact object reads like the object it replaced (data, then trees)', () => {
    const full = parseA();
    const compact = parseA();
    compactObjects(compact, parseA, () => undefined).drop();
    const objects = (f: ManifestFile) => f.documents.flatMap((d) => d.objects);
    const data = (f: ManifestFile) => JSON.parse(JSON.stringify(objects(f), (k, v) => (k === 'node' || k === 'doc' ? undefined : v instanceof Map || v instanceof Set ? [...v] : v)));
    assert.deepStrictEqual(data(compact), data(full));
    objects(compact).forEach((o, i) => assert.deepStrictEqual(o.node.toJSON(), objects(full)[i].node.toJSON()));
  });

  it('after another file changed, re-running only the rules that read the workspace finds what a whole check finds', () => {
    const fileB = parseB();
    const byDocument = analyzeDocuments(fileB, { taxonomy, index: index(parseA(), fileB) });
    // Every pod label of the other file renamed: Services and policies of b now select nothing there.
    const changed = parseManifestFile('file:///w/a.yaml', a.replace(/app\.kubernetes\.io\/name: /g, 'app.kubernetes.io/name: x-'), OPTIONS);
    const ix = index(changed, fileB);
    const expected = analyzeFile(fileB, { taxonomy, index: ix });
    assert.notDeepStrictEqual(expected, mergeDocumentFindings(byDocument), 'the change must change b’s findings');
    const trees = compactObjects(fileB, parseB, () => assert.fail('b’s trees were needed'));
    trees.drop();
    // Compact objects, as the server has them for a closed file: cross rules run without trees.
    assert.deepStrictEqual(mergeDocumentFindings(recheckCrossRules(fileB, byDocument, { taxonomy, index: index(changed, fileB) })!), expected);
  });
});
