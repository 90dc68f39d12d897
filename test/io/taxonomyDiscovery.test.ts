import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  findTaxonomyFile,
  findTaxonomyInFolder,
  isTaxonomyFileName,
  loadTaxonomyFile,
  readTaxonomyText,
} from '../../io/src/taxonomyDiscovery';

const DISCOVERY = path.resolve('test/fixtures/taxonomy/discovery');
const rel = (p: string | undefined) => (p === undefined ? undefined : path.relative(DISCOVERY, p).split(path.sep).join('/'));

// An empty folder outside the repository, for "nothing found" (no fixture can sit above it).
const EMPTY = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-taxonomy-'));
after(() => fs.rmSync(EMPTY, { recursive: true, force: true }));

describe('findTaxonomyInFolder (editor: the workspace folder only)', () => {
  const cases: [folder: string, expected: string | undefined][] = [
    ['root', 'root/label-taxonomy.yaml'],
    ['json', 'json/label-taxonomy.json'],
    ['dot', 'dot/.label-taxonomy.yaml'],
    ['vscode', 'vscode/.vscode/label-taxonomy.yaml'],
    ['both', 'both/label-taxonomy.yaml'], // first name in the list wins
    ['root/sub', undefined], // parents are not searched
  ];
  for (const [folder, expected] of cases) {
    it(`${folder} → ${expected}`, () => assert.equal(rel(findTaxonomyInFolder(path.join(DISCOVERY, folder))), expected));
  }
  it('finds nothing in an empty folder', () => assert.equal(findTaxonomyInFolder(EMPTY), undefined));
});

describe('findTaxonomyFile (CLI: the folder, then its parents)', () => {
  const cases: [start: string, upToRoot: boolean, expected: string | undefined][] = [
    ['root', true, 'root/label-taxonomy.yaml'],
    ['root/sub/deeper', true, 'root/label-taxonomy.yaml'],
    ['root/sub/deeper/configmap.yaml', true, 'root/label-taxonomy.yaml'], // a file starts from its folder
    ['root/sub/deeper', false, undefined],
    ['nested/inner', true, 'nested/inner/.vscode/label-taxonomy.yaml'], // the nearer folder wins, whatever the name
    ['nested', true, 'nested/label-taxonomy.yaml'],
  ];
  for (const [start, upToRoot, expected] of cases) {
    it(`${start}${upToRoot ? '' : ' (this folder only)'} → ${expected}`, () => {
      assert.equal(rel(findTaxonomyFile(path.join(DISCOVERY, start), upToRoot)), expected);
    });
  }
  it('walks up to the file-system root and finds nothing', () => assert.equal(findTaxonomyFile(path.join(EMPTY, 'a', 'b')), undefined));
  it('accepts a relative start folder', () => {
    assert.equal(rel(findTaxonomyFile(path.relative(process.cwd(), path.join(DISCOVERY, 'root/sub')))), 'root/label-taxonomy.yaml');
  });
});

describe('loadTaxonomyFile', () => {
  it('loads a YAML file', () => {
    const { taxonomy, errors, sources } = loadTaxonomyFile(path.join(DISCOVERY, 'root/label-taxonomy.yaml'));
    assert.deepEqual(errors, []);
    assert.deepEqual(taxonomy!.labels.get('team')!.values, ['root']);
    assert.equal(taxonomy!.uri, path.join(DISCOVERY, 'root/label-taxonomy.yaml'));
    assert.deepEqual(sources, [path.join(DISCOVERY, 'root/label-taxonomy.yaml')]);
  });

  it('loads a JSON file', () => {
    assert.equal(loadTaxonomyFile(path.join(DISCOVERY, 'json/label-taxonomy.json')).taxonomy!.unknownLabels, 'info');
  });

  it('strips a UTF-8 byte-order mark, so offsets are those of the text without it', () => {
    const file = path.join(DISCOVERY, 'bom/label-taxonomy.yaml');
    assert.equal(fs.readFileSync(file)[0], 0xef, 'the fixture starts with a BOM');
    const { errors } = loadTaxonomyFile(file);
    const text = readTaxonomyText(file)!;
    assert.equal(text.startsWith('version'), true);
    assert.deepEqual(
      errors.map((e) => [e.uri, e.message, e.start, e.end, text.slice(e.start, e.end)]),
      [[file, 'unknownLabels must be one of allow, info, warn, error', 26, 31, 'bogus']],
    );
  });

  it('follows extends on disk, with error uris of the extended files', () => {
    const file = path.resolve('test/fixtures/taxonomy/extends/broken/label-taxonomy.yaml');
    const { taxonomy, errors } = loadTaxonomyFile(file);
    assert.equal(taxonomy, undefined);
    assert.deepEqual(
      errors.map((e) => path.basename(e.uri)),
      ['label-taxonomy.yaml', 'base.yaml'],
    );
    const ok = loadTaxonomyFile(path.resolve('test/fixtures/taxonomy/extends/team/label-taxonomy.yaml'));
    assert.deepEqual(ok.errors, []);
    assert.equal(ok.taxonomy!.unknownLabels, 'error');
  });

  it('reports a file that does not exist', () => {
    const file = path.join(EMPTY, 'label-taxonomy.yaml');
    assert.deepEqual(loadTaxonomyFile(file), {
      errors: [{ uri: file, message: 'cannot read the taxonomy file: file not found', start: 0, end: 0 }],
      sources: [file],
    });
  });

  it('reads nothing from a folder', () => assert.equal(readTaxonomyText(DISCOVERY), undefined));
});

describe('isTaxonomyFileName', () => {
  const cases: [p: string, expected: boolean][] = [
    ['label-taxonomy.yaml', true],
    ['/repo/label-taxonomy.json', true],
    ['/repo/.label-taxonomy.yaml', true],
    ['/repo/.vscode/label-taxonomy.yaml', true],
    ['C:\\repo\\label-taxonomy.yaml', true],
    ['/repo/deploy.yaml', false],
    ['/repo/my-label-taxonomy.yaml', false],
    ['/repo/label-taxonomy.yaml/deploy.yaml', false],
  ];
  for (const [p, expected] of cases) it(`${p} → ${expected}`, () => assert.equal(isTaxonomyFileName(p), expected));
});
