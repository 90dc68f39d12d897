// Golden files of the generate/inventory CLI tests: test/fixtures/generate/golden/<name>.
// `UPDATE_GOLDEN=1` rewrites them from the actual output (review the diff before committing).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from './helpers';

export const GOLDEN = path.join(REPO, 'test', 'fixtures', 'generate', 'golden');

export function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, actual);
  if (!fs.existsSync(file)) assert.fail(`golden file ${name} is missing (run with UPDATE_GOLDEN=1 to write it)`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `differs from golden ${name}`);
}
