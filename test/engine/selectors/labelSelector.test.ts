import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  K8sLabelSelector,
  indexHint,
  isEmptySelector,
  labelSelectorProblems,
  matchesLabelSelector,
  requiredLabelPairs,
  selectorKeys,
  toK8sLabelSelector,
} from '../../../engine/src/selectors/labelSelector';

type Labels = Record<string, string>;

function sel(partial: Partial<K8sLabelSelector>): K8sLabelSelector {
  return { matchLabels: partial.matchLabels ?? {}, matchExpressions: partial.matchExpressions ?? [] };
}

const web: Labels = { app: 'web', tier: 'frontend', env: 'prod' };
const db: Labels = { app: 'db', tier: 'backend' };
const bare: Labels = {};

// [description, selector, labels, expected]
const MATCH_ROWS: [string, K8sLabelSelector, Labels, boolean][] = [
  ['empty selector selects a labelled object', sel({}), web, true],
  ['empty selector selects an unlabelled object', sel({}), bare, true],
  ['matchLabels equal', sel({ matchLabels: { app: 'web' } }), web, true],
  ['matchLabels different value', sel({ matchLabels: { app: 'web' } }), db, false],
  ['matchLabels key absent', sel({ matchLabels: { app: 'web' } }), bare, false],
  ['matchLabels all pairs needed', sel({ matchLabels: { app: 'web', tier: 'frontend' } }), web, true],
  ['matchLabels one pair wrong', sel({ matchLabels: { app: 'web', tier: 'backend' } }), web, false],
  ['matchLabels empty value needs the label with ""', sel({ matchLabels: { canary: '' } }), { canary: '' }, true],
  ['matchLabels empty value, label absent', sel({ matchLabels: { canary: '' } }), bare, false],
  ['In matches a listed value', sel({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend', 'edge'] }] }), web, true],
  ['In misses an unlisted value', sel({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['edge'] }] }), web, false],
  ['In misses an absent key', sel({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }), web, false],
  ['NotIn matches another value', sel({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['backend'] }] }), web, true],
  ['NotIn misses a listed value', sel({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['backend'] }] }), db, false],
  ['NotIn matches an object lacking the key', sel({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }), web, true],
  ['NotIn matches an unlabelled object', sel({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }), bare, true],
  ['Exists with the key', sel({ matchExpressions: [{ key: 'env', operator: 'Exists', values: [] }] }), web, true],
  ['Exists without the key', sel({ matchExpressions: [{ key: 'env', operator: 'Exists', values: [] }] }), db, false],
  ['Exists with an empty value', sel({ matchExpressions: [{ key: 'canary', operator: 'Exists', values: [] }] }), { canary: '' }, true],
  ['DoesNotExist without the key', sel({ matchExpressions: [{ key: 'env', operator: 'DoesNotExist', values: [] }] }), db, true],
  ['DoesNotExist with the key', sel({ matchExpressions: [{ key: 'env', operator: 'DoesNotExist', values: [] }] }), web, false],
  ['DoesNotExist on an unlabelled object', sel({ matchExpressions: [{ key: 'env', operator: 'DoesNotExist', values: [] }] }), bare, true],
  [
    'matchLabels AND matchExpressions both hold',
    sel({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] }),
    web,
    true,
  ],
  [
    'matchLabels holds, expression fails',
    sel({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }),
    web,
    false,
  ],
  [
    'several expressions ANDed',
    sel({
      matchExpressions: [
        { key: 'app', operator: 'Exists', values: [] },
        { key: 'tier', operator: 'NotIn', values: ['frontend'] },
        { key: 'env', operator: 'DoesNotExist', values: [] },
      ],
    }),
    db,
    true,
  ],
  ['values are case-sensitive', sel({ matchLabels: { app: 'Web' } }), web, false],
  ['keys are case-sensitive', sel({ matchLabels: { App: 'web' } }), web, false],
  ['prefixed keys', sel({ matchLabels: { 'app.kubernetes.io/name': 'web' } }), { 'app.kubernetes.io/name': 'web' }, true],
  ['operators are case-sensitive: "in" is invalid and matches nothing', sel({ matchExpressions: [{ key: 'app', operator: 'in', values: ['web'] }] }), web, false],
  ['unknown operator matches nothing', sel({ matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] }), web, false],
  ['In without values is invalid and matches nothing', sel({ matchExpressions: [{ key: 'app', operator: 'In', values: [] }] }), web, false],
  ['NotIn without values is invalid and matches nothing', sel({ matchExpressions: [{ key: 'x', operator: 'NotIn', values: [] }] }), web, false],
  ['Exists with values is invalid and matches nothing', sel({ matchExpressions: [{ key: 'app', operator: 'Exists', values: ['web'] }] }), web, false],
  ['inherited object keys are not labels', sel({ matchExpressions: [{ key: 'constructor', operator: 'Exists', values: [] }] }), bare, false],
  ['inherited object keys: DoesNotExist', sel({ matchExpressions: [{ key: 'toString', operator: 'DoesNotExist', values: [] }] }), bare, true],
];

describe('matchesLabelSelector', () => {
  for (const [name, selector, labels, expected] of MATCH_ROWS) {
    it(`${name} (record labels)`, () => {
      assert.equal(matchesLabelSelector(selector, labels), expected);
    });
    it(`${name} (Map labels)`, () => {
      assert.equal(matchesLabelSelector(selector, new Map(Object.entries(labels))), expected);
    });
  }
});

describe('isEmptySelector', () => {
  it('is true for {}', () => assert.equal(isEmptySelector(sel({})), true));
  it('is false with matchLabels', () => assert.equal(isEmptySelector(sel({ matchLabels: { a: 'b' } })), false));
  it('is false with matchExpressions', () =>
    assert.equal(isEmptySelector(sel({ matchExpressions: [{ key: 'a', operator: 'Exists', values: [] }] })), false));
});

describe('toK8sLabelSelector', () => {
  it('returns undefined for an absent selector (the caller decides what absence means)', () => {
    assert.equal(toK8sLabelSelector(undefined), undefined);
    assert.equal(toK8sLabelSelector(null), undefined);
  });
  it('returns undefined for non-mappings', () => {
    assert.equal(toK8sLabelSelector('app=web'), undefined);
    assert.equal(toK8sLabelSelector([]), undefined);
  });
  it('reads {} as the empty selector', () => {
    const s = toK8sLabelSelector({});
    assert.ok(s && isEmptySelector(s));
  });
  it('reads matchLabels and matchExpressions', () => {
    const s = toK8sLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'staging'] }, { key: 'x', operator: 'Exists' }],
    });
    assert.deepEqual(s, {
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'staging'] },
        { key: 'x', operator: 'Exists', values: [] },
      ],
    });
  });
  it('reads non-string scalars as their text, null as ""', () => {
    const s = toK8sLabelSelector({ matchLabels: { version: 2, enabled: true, empty: null } });
    assert.deepEqual(s?.matchLabels, { version: '2', enabled: 'true', empty: '' });
  });
  it('keeps a malformed entry as a requirement that cannot match (never widens the selector)', () => {
    const s = toK8sLabelSelector({ matchLabels: { app: { nested: 1 } }, matchExpressions: ['oops'] });
    assert.ok(s);
    assert.equal(matchesLabelSelector(s, { app: 'web' }), false);
    assert.equal(labelSelectorProblems(s).length, 2);
  });
});

describe('labelSelectorProblems', () => {
  const rows: [string, K8sLabelSelector, (string | number)[][]][] = [
    ['valid selector', sel({ matchLabels: { a: 'b' }, matchExpressions: [{ key: 'c', operator: 'In', values: ['d'] }] }), []],
    ['unknown operator', sel({ matchExpressions: [{ key: 'c', operator: 'Equals', values: ['d'] }] }), [['matchExpressions', 0, 'operator']]],
    ['In without values', sel({ matchExpressions: [{ key: 'c', operator: 'In', values: [] }] }), [['matchExpressions', 0, 'values']]],
    [
      'DoesNotExist with values, second requirement',
      sel({
        matchExpressions: [
          { key: 'a', operator: 'Exists', values: [] },
          { key: 'c', operator: 'DoesNotExist', values: ['x'] },
        ],
      }),
      [['matchExpressions', 1, 'values']],
    ],
  ];
  for (const [name, selector, paths] of rows) {
    it(name, () => {
      assert.deepEqual(
        labelSelectorProblems(selector).map((p) => p.path),
        paths,
      );
    });
  }
  it('names the operator in the message', () => {
    const [problem] = labelSelectorProblems(sel({ matchExpressions: [{ key: 'c', operator: 'Equals', values: ['d'] }] }));
    assert.match(problem.message, /unknown operator "Equals"/);
  });
});

describe('selectorKeys, requiredLabelPairs and indexHint', () => {
  const mixed = sel({
    matchLabels: { app: 'web', tier: 'frontend' },
    matchExpressions: [
      { key: 'env', operator: 'In', values: ['prod'] },
      { key: 'zone', operator: 'In', values: ['a', 'b'] },
      { key: 'canary', operator: 'DoesNotExist', values: [] },
    ],
  });
  it('lists every key with its operator and values', () => {
    assert.deepEqual(
      selectorKeys(mixed).map((u) => [u.key, u.operator, u.values]),
      [
        ['app', 'matchLabels', ['web']],
        ['tier', 'matchLabels', ['frontend']],
        ['env', 'In', ['prod']],
        ['zone', 'In', ['a', 'b']],
        ['canary', 'DoesNotExist', []],
      ],
    );
  });
  it('lists the required pairs (matchLabels and single-value In)', () => {
    assert.deepEqual(requiredLabelPairs(mixed), [
      { key: 'app', value: 'web' },
      { key: 'tier', value: 'frontend' },
      { key: 'env', value: 'prod' },
    ]);
  });
  const hintRows: [string, K8sLabelSelector, { key: string; value: string } | undefined][] = [
    ['first matchLabels pair', mixed, { key: 'app', value: 'web' }],
    ['single-value In', sel({ matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] }), { key: 'env', value: 'prod' }],
    ['no hint for {}', sel({}), undefined],
    ['no hint for multi-value In', sel({ matchExpressions: [{ key: 'env', operator: 'In', values: ['a', 'b'] }] }), undefined],
    ['no hint for NotIn/Exists', sel({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['a'] }, { key: 'x', operator: 'Exists', values: [] }] }), undefined],
  ];
  for (const [name, selector, expected] of hintRows) {
    it(`indexHint: ${name}`, () => assert.deepEqual(indexHint(selector), expected));
  }
  it('indexHint pairs are necessary: a match always carries the pair', () => {
    const labelsList: Labels[] = [web, db, bare, { app: 'web', tier: 'frontend', env: 'prod' }, { env: 'prod' }];
    for (const [, selector] of hintRows) {
      const hint = indexHint(selector);
      if (!hint) continue;
      for (const labels of labelsList) {
        if (matchesLabelSelector(selector, labels)) assert.equal(labels[hint.key], hint.value);
      }
    }
  });
});
