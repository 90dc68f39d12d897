// The block-subset parser against `yaml` itself: wherever it answers, its documents must be
// node for node what `parseAllDocuments` composes (class, range, value, type, source, flow,
// tag, anchor, document range and marker; comments are not attached, see blockSubset.ts).
// Inputs: the fixtures, the corpus of real manifests, a generated workspace, and random
// mutations of them (a seeded PRNG: a failure replays).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document } from 'yaml';
import { parseBlockSubset } from '../../../engine/src/parse/blockSubset';
import { CORPUS_DIR, GEN_WORKSPACE } from '../../sharedPaths';
import { seededPicks } from '../../seededRandom';
import { yamlFilesUnder } from '../../yamlFiles';

const OPTIONS = { merge: true, prettyErrors: false, uniqueKeys: true };
const FIXTURES = path.resolve('test/fixtures');
const SUBSET = path.join(FIXTURES, 'block-subset');

/** What the engine can read of a node: everything but comments. */
function shape(node: unknown): unknown {
  if (node === null || node === undefined) return node;
  if (isPair(node)) return { pair: [shape(node.key), shape(node.value)] };
  const n = node as Record<string, unknown>;
  const kind = isMap(node) ? 'map' : isSeq(node) ? 'seq' : isScalar(node) ? 'scalar' : isAlias(node) ? 'alias' : 'other';
  const out: Record<string, unknown> = { kind, range: n.range, type: n.type, tag: n.tag, anchor: n.anchor, flow: n.flow, format: n.format };
  if (isScalar(node)) {
    out.value = Object.is(node.value, -0) ? '-0' : node.value;
    out.valueType = typeof node.value;
    out.source = node.source;
    out.minFractionDigits = node.minFractionDigits;
  }
  if (isMap(node) || isSeq(node)) out.items = (node.items as unknown[]).map(shape);
  return out;
}

function documentsShape(docs: readonly Document[]): unknown {
  return docs.map((d) => ({
    range: d.range,
    errors: d.errors.length,
    warnings: d.warnings.length,
    docStart: d.directives?.docStart ?? null,
    contents: shape(d.contents),
  }));
}

/**
 * The subset's answer for `text`: 'outside', or asserts it equals yaml's and returns 'same': the
 * nodes, and what yaml itself makes of them (plain data; the YAML it writes, where no comment
 * or blank line is left out; a clone).
 */
function compare(text: string, label: string): 'same' | 'outside' {
  const mine = parseBlockSubset(text, OPTIONS);
  if (!mine) return 'outside';
  const theirs = parseAllDocuments(text, OPTIONS) as Document[];
  const where = `${label}: ${JSON.stringify(text.slice(0, 400))}`;
  assert.deepEqual(documentsShape(mine), documentsShape(theirs), where);
  assert.deepEqual(
    mine.map((d) => d.toJS()),
    theirs.map((d) => d.toJS()),
    where,
  );
  // Comments and blank lines (`spaceBefore`) are not attached: the written YAML would lack them.
  if (!text.includes('#') && !/\n[ ]*\n/.test(text)) assert.deepEqual(mine.map(String), theirs.map(String), where);
  assert.deepEqual(documentsShape(mine.map((d) => d.clone())), documentsShape(theirs), where);
  return 'same';
}

describe('parse: block subset', () => {
  it('answers for the subset (test/fixtures/block-subset/inside), the same as yaml', () => {
    for (const file of yamlFilesUnder(path.join(SUBSET, 'inside'))) {
      assert.equal(compare(fs.readFileSync(file, 'utf8'), file), 'same', `${file} should be in the subset`);
    }
  });

  it('leaves everything else to yaml (test/fixtures/block-subset/outside: one construct per file)', () => {
    const files = yamlFilesUnder(path.join(SUBSET, 'outside'));
    assert.ok(files.length >= 20);
    for (const file of files) assert.equal(parseBlockSubset(fs.readFileSync(file, 'utf8'), OPTIONS), undefined, file);
  });

  it('equals yaml on every fixture and corpus file it answers for, and answers for most manifests', () => {
    const files = [...yamlFilesUnder(FIXTURES), ...yamlFilesUnder(CORPUS_DIR)];
    let same = 0;
    for (const file of files) if (compare(fs.readFileSync(file, 'utf8'), file) === 'same') same++;
    assert.ok(same > files.length / 2, `${same} of ${files.length} files in the subset`);
  });

  it('equals yaml on a generated workspace, all of which is in the subset', { skip: fs.existsSync(GEN_WORKSPACE) ? false : 'gen-workspace not available' }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-subset-'));
    try {
      const gen = spawnSync(process.execPath, [GEN_WORKSPACE, dir, '--apps', '60', '--seed', '5'], { encoding: 'utf8' });
      assert.equal(gen.status, 0, gen.stderr);
      const files = yamlFilesUnder(dir).filter((f) => !f.endsWith('label-taxonomy.yaml'));
      assert.ok(files.length >= 60);
      for (const file of files) assert.equal(compare(fs.readFileSync(file, 'utf8'), file), 'same', `${file} should be in the subset`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('equals yaml on 3,000 random mutations of real manifests (or leaves them to it)', () => {
    const sources = [...yamlFilesUnder(path.join(FIXTURES, 'rules')), ...yamlFilesUnder(CORPUS_DIR)]
      .map((f) => fs.readFileSync(f, 'utf8'))
      .filter((t) => t.length < 20_000);
    const pick = seededPicks(20261203);
    const pieces = ['|', '|-', ': |\n  x', '\\n', '\\"', '\\u00e9', "''", '\n# c', '\n  # c', '\n    # c', '\n      # c', '\n\n  # c\n', ' ', '  ', ':', ': ', '-', '- ', '#', ' #', '\n', '\n  ', '\n- ', '"', "'", '{', '}', '[', ']', ',', 'a', '1', '0', '.', '~', 'null', 'true', '---\n', 'x: y', '\\', '&a', '*a', '!', '|', '%', '?', '1.5', '-1', '<<'];
    let answered = 0;
    for (let i = 0; i < 3000; i++) {
      let text = sources[pick(sources.length)];
      for (let m = 1 + pick(3); m > 0; m--) {
        const at = pick(text.length + 1);
        const how = pick(3);
        if (how === 0) text = text.slice(0, at) + pieces[pick(pieces.length)] + text.slice(at);
        else if (how === 1) text = text.slice(0, at) + text.slice(at + 1 + pick(3));
        else text = text.slice(0, at) + text[pick(text.length)] + text.slice(at + 1);
      }
      if (compare(text, `mutation ${i}`) === 'same') answered++;
    }
    // Most mutations keep the text in the subset: the comparison is not vacuous.
    assert.ok(answered > 600, `${answered} of 3000 mutations answered`);
  });
});
