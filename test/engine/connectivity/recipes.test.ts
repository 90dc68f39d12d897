// The connectivity model against hand-checked allow/deny tables: the Kubernetes network-policy
// recipes (ahmetb/kubernetes-network-policy-recipes; each recipe's policy read from the corpus in
// place, the workloads it assumes written in test/fixtures/connectivity/recipes/<recipe>/), and
// Calico cases (order, Deny, tiers, Pass, Log, GlobalNetworkSet, staged policies).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, RECIPES_CORPUS, checkTable, readTable } from './table';

const RECIPES = path.join(FIXTURES, 'recipes');
const CALICO = path.join(FIXTURES, 'calico');
const corpusAvailable = fs.existsSync(RECIPES_CORPUS);

describe('connectivity: Kubernetes network-policy recipes', { skip: corpusAvailable ? false : 'recipes corpus not available' }, () => {
  const recipes = fs.readdirSync(RECIPES).sort();

  it('covers every recipe of the corpus', () => {
    const inCorpus = fs.readdirSync(RECIPES_CORPUS).map((d) => d.replace(/\.md$/, ''));
    const covered = new Set(recipes.flatMap((r) => readTable(path.join(RECIPES, r, 'expected.txt')).corpus.map((c) => c.split('.md/')[0])));
    assert.deepEqual(inCorpus.filter((r) => !covered.has(r)), []);
  });

  for (const recipe of recipes) {
    it(recipe, () => {
      const { table } = checkTable(path.join(RECIPES, recipe));
      assert.ok(table.corpus.length > 0, 'names its corpus policy');
    });
  }
});

describe('connectivity: Calico cases', () => {
  for (const name of fs.readdirSync(CALICO).sort()) {
    it(name, () => {
      checkTable(path.join(CALICO, name));
    });
  }
});
