// The accessors' fast paths (no merge-key list for plain maps, no toJS context for plain trees)
// against the general ones they stand in for.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isSeq, parseAllDocuments, visit, type Document, type Node } from 'yaml';
import { mapGet, scalarText, toPlainData } from '../../../engine/src/parse/yamlAccess';
import { yamlFilesUnder } from '../../yamlFiles';

const FIXTURES = path.resolve('test/fixtures');

describe('parse: yamlAccess', () => {
  it('toPlainData equals yaml toJS for every collection of every fixture document', () => {
    let compared = 0;
    for (const file of yamlFilesUnder(FIXTURES)) {
      for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'), { merge: true, uniqueKeys: true }) as Document[]) {
        if (doc.errors.length) continue;
        visit(doc, {
          Collection(_key, node) {
            let expected: unknown;
            try {
              expected = (node as Node).toJS(doc, { maxAliasCount: 100 });
            } catch {
              expected = undefined;
            }
            assert.deepEqual(toPlainData(node as Node, doc), expected, `${file} at ${(node as Node).range?.[0]}`);
            compared++;
          },
        });
      }
    }
    assert.ok(compared > 1000, `${compared} collections compared`);
  });

  it('mapGet: own keys win over merged ones, the first merged map over later ones (test/fixtures/yaml-access/merge-order.yaml)', () => {
    const doc = parseAllDocuments(fs.readFileSync(path.join(FIXTURES, 'yaml-access/merge-order.yaml'), 'utf8'), { merge: true })[0] as Document;
    const get = (map: string, key: string) => scalarText(mapGet(mapGet(doc.contents, map, doc), key, doc));
    assert.equal(get('single', 'owner'), 'bob');
    assert.equal(get('single', 'tier'), 'backend');
    assert.equal(get('several', 'tier'), 'backend');
    assert.equal(get('several', 'team'), 'payments');
    assert.equal(get('ownFirst', 'tier'), 'data');
    assert.equal(get('ownFirst', 'team'), 'payments');
    assert.equal(get('ownFirst', 'missing'), undefined);
    assert.ok(isMap(mapGet(doc.contents, 'defaults', doc)) && !isSeq(mapGet(doc.contents, 'defaults', doc)));
  });
});
