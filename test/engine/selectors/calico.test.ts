import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CalicoSelector,
  MAX_SELECTOR_LENGTH,
  calicoIndexHint,
  calicoSelectorKeys,
  evaluateCalico,
  globalSelectorProblem,
  isCalicoSelectAll,
  parseCalicoSelector,
} from '../../../engine/src/selectors/calico';

type Labels = Record<string, string>;

function parseOk(text: string): CalicoSelector {
  const result = parseCalicoSelector(text);
  if (!result.ok) assert.fail(`expected ${JSON.stringify(text)} to parse, got: ${result.error.message}`);
  return result.ast;
}

// [selector, labels, expected]
const MATCH_ROWS: [string, Labels, boolean][] = [
  // Equality and inequality; absent labels.
  [`a == "b"`, { a: 'b' }, true],
  [`a == "b"`, { a: 'b', c: 'd' }, true],
  [`a == "b"`, {}, false],
  [`a == "b"`, { a: 'c' }, false],
  [`a == "b"`, { c: 'b' }, false],
  [`a == ''`, { a: '' }, true],
  [`a == ''`, {}, false],
  [`a != 'b'`, { a: 'c' }, true],
  [`a != 'b'`, { a: 'b' }, false],
  [`a != 'b'`, {}, true],
  [`a != ''`, {}, true],
  [`a!='b'`, { a: 'b' }, false],
  [`a=="b"`, { a: 'b' }, true],
  // Sets.
  [`a in {'x', "y"}`, { a: 'y' }, true],
  [`a in {'x', "y"}`, { a: 'z' }, false],
  [`a in {'x', "y"}`, {}, false],
  [`a in {"'", '"', "c"}`, { a: '"' }, true],
  [`a in {"'", '"', "c"}`, { a: "'" }, true],
  [`a not in {'x', 'y'}`, { a: 'z' }, true],
  [`a not in {'x', 'y'}`, { a: 'x' }, false],
  [`a not in {'x', 'y'}`, {}, true],
  [`a in {}`, { a: '' }, false],
  [`a not in {}`, {}, true],
  [`a not in {}`, { a: 'x' }, true],
  [`a in {'x',}`, { a: 'x' }, true],
  [`a in {'x', 'x'}`, { a: 'x' }, true],
  [`a in{'x'}`, { a: 'x' }, true],
  [`a notin{'x'}`, { a: 'y' }, true],
  [`a not \t in {'x'}`, { a: 'x' }, false],
  // String operators.
  [`a contains 'ab'`, { a: 'xaby' }, true],
  [`a contains 'ab'`, { a: 'xy' }, false],
  [`a contains 'ab'`, {}, false],
  [`a contains ''`, { a: '' }, true],
  [`a contains ''`, {}, false],
  [`a contains"b"`, { a: 'abc' }, true],
  [`a starts with 'ab'`, { a: 'abc' }, true],
  [`a starts with 'ab'`, { a: 'cab' }, false],
  [`a starts with 'ab'`, {}, false],
  [`a startswith 'ab'`, { a: 'abc' }, true],
  [`a starts  with 'ab'`, { a: 'abc' }, true],
  [`a ends with 'bc'`, { a: 'abc' }, true],
  [`a ends with 'bc'`, { a: 'bca' }, false],
  [`a ends with 'bc'`, {}, false],
  [`a endswith "bc"`, { a: 'abc' }, true],
  // has(), all(), global(), the empty selector.
  [`has(a)`, { a: '' }, true],
  [`has(a)`, { b: 'a' }, false],
  [`has( a )`, { a: 'x' }, true],
  [`!has(a)`, {}, true],
  [`!has(a)`, { a: 'x' }, false],
  [`! has(a)`, { a: 'x' }, false],
  [`!!has(a)`, { a: 'x' }, true],
  [`!!!has(a)`, { a: 'x' }, false],
  [`!! ! has(a)`, { a: 'x' }, false],
  [`all()`, {}, true],
  [`all( )`, { a: 'b' }, true],
  [`!all()`, { a: 'b' }, false],
  [`global()`, {}, true],
  [``, {}, true],
  [` \t `, { a: 'b' }, true],
  // Precedence: ! > && > ||.
  [`a == 'x' || b == 'y' && c == 'z'`, { a: 'x' }, true],
  [`a == 'x' || b == 'y' && c == 'z'`, { b: 'y' }, false],
  [`a == 'x' || b == 'y' && c == 'z'`, { b: 'y', c: 'z' }, true],
  [`(a == 'x' || b == 'y') && c == 'z'`, { a: 'x' }, false],
  [`(a == 'x' || b == 'y') && c == 'z'`, { a: 'x', c: 'z' }, true],
  [`!a == 'x' && b == 'y'`, { b: 'y' }, true],
  [`!a == 'x' && b == 'y'`, { a: 'x', b: 'y' }, false],
  [`!(a == 'x' || b == 'y')`, { b: 'y' }, false],
  [`!(a == 'x' || b == 'y')`, { c: 'z' }, true],
  [`!(!has(a) || has(b))`, { a: 'a' }, true],
  [`! a == 'a1' || ! b == 'b1'`, { a: 'a1', b: 'b1' }, false],
  [`a != 'a1' || b != 'b1'`, { a: 'a1' }, true],
  [`(((a == 'x')))`, { a: 'x' }, true],
  [`\ta == 'x'\t&&\tb == 'y' `, { a: 'x', b: 'y' }, true],
  // Keys that look like keywords, unusual but valid keys and values.
  [`contains contains 'contains'`, { contains: 'xcontainsx' }, true],
  [`in in {'in'}`, { in: 'in' }, true],
  [`has == 'x'`, { has: 'x' }, true],
  [`all == 'x'`, { all: 'x' }, true],
  [`global == 'x'`, { global: 'x' }, true],
  [`calico/k8s_NS-.1/role == 'x'`, { 'calico/k8s_NS-.1/role': 'x' }, true],
  [`-.-/_ == 'x'`, { '-.-/_': 'x' }, true],
  [`a == "it's"`, { a: "it's" }, true],
  [`a == '"q"'`, { a: '"q"' }, true],
  [`a == 'x y'`, { a: 'x y' }, true],
  [`a == 'é'`, { a: 'é' }, true],
  [`a == 'B'`, { a: 'b' }, false],
  // libcalico-go quirk: a string may hold any character, a newline included (only *between*
  // tokens are space and tab the only separators).
  ['a == \'x\ny\'', { a: 'x\ny' }, true],
  // Inherited object keys are not labels.
  [`has(constructor)`, {}, false],
  [`toString != 'x'`, {}, true],
];

// Real selectors from the Calico corpora (tigera/docs, projectcalico/calico), with labels.
const CORPUS_ROWS: [string, Labels, boolean][] = [
  [`role == 'frontend'`, { role: 'frontend' }, true],
  [`k8s-app == "kube-dns"`, { 'k8s-app': 'kube-dns' }, true],
  [`has(node-role.kubernetes.io/control-plane)`, { 'node-role.kubernetes.io/control-plane': '' }, true],
  [`projectcalico.org/namespace not in  {'kube-system', 'calico-system', 'calico-apiserver'}`, { 'projectcalico.org/namespace': 'default' }, true],
  [`projectcalico.org/namespace not in {'kube-system', 'calico-system', 'calico-apiserver'}`, { 'projectcalico.org/namespace': 'kube-system' }, false],
  [`projectcalico.org/namespace in {"foo", "bar"} && color == "red"`, { 'projectcalico.org/namespace': 'bar', color: 'red' }, true],
  [`projectcalico.org/namespace == 'istio-system' && istio == 'pilot'`, { 'projectcalico.org/namespace': 'istio-system' }, false],
  [`ip-deny-list == 'true' && !has(projectcalico.org/namespace)`, { 'ip-deny-list': 'true' }, true],
  [`ip-deny-list == 'true' && !has(projectcalico.org/namespace)`, { 'ip-deny-list': 'true', 'projectcalico.org/namespace': 'x' }, false],
  [`has(kubernetes-host) && environment == 'dev'`, { 'kubernetes-host': '', environment: 'dev' }, true],
  [`has(sg.projectcalico.org/openstack-a7734e61-b545-452d-a3cd-0189cbd9747a)`, {}, false],
  [
    `has(projectcalico.org/name) && projectcalico.org/name not in {"kube-system", "calico-system", "calico-apiserver"}`,
    { 'projectcalico.org/name': 'shop' },
    true,
  ],
  [`kubernetes.io/metadata.name not in {"calico-system", "kube-public", "kube-system", "tigera-operator"}`, { 'kubernetes.io/metadata.name': 'kube-public' }, false],
  [`!has(calico-route-reflector)`, {}, true],
  [`env != "stage"`, {}, true],
  [`projectcalico.org/openstack-project-name == 'superman'`, { 'projectcalico.org/openstack-project-name': 'superman' }, true],
  [`app.kubernetes.io/name == "gateway-helm"`, { 'app.kubernetes.io/name': 'gateway-helm' }, true],
  [`projectcalico.org/orchestrator == 'kubernetes'`, { 'projectcalico.org/orchestrator': 'k8s' }, false],
  [`all()`, {}, true],
];

describe('evaluateCalico', () => {
  for (const [text, labels, expected] of [...MATCH_ROWS, ...CORPUS_ROWS]) {
    it(`${JSON.stringify(text)} on ${JSON.stringify(labels)} is ${expected}`, () => {
      const ast = parseOk(text);
      assert.equal(evaluateCalico(ast, new Map(Object.entries(labels))), expected, 'Map labels');
      assert.equal(evaluateCalico(ast, labels), expected, 'record labels');
      assert.equal(evaluateCalico(ast.root, labels), expected, 'root node');
    });
  }
});

// [selector, 1-based error column, optional message fragment]
const INVALID_ROWS: [string, number, string?][] = [
  ['b == b', 6, 'quoted string'],
  ['b contains b', 12],
  ['b starts with b', 3],
  ['b ends with b', 3],
  ["'b1' == b", 1],
  ['b', 2, 'end of selector'],
  ['a b', 3, 'operator'],
  ['!', 2],
  ['!!', 3],
  ['foo == "bar" &', 14, 'unexpected "&"'],
  ['foo == "bar" |', 14, 'unexpected "|"'],
  ['foo != ||', 8],
  ['foo in {"", ||', 13, '"}"'],
  ['foo in ""', 8, '"{"'],
  ['"FOO', 1, 'unterminated string'],
  [`"FOO'`, 1, 'unterminated string'],
  ["'FOO", 1, 'unterminated string'],
  ['(', 2],
  ['(a == "foo"', 12, '")"'],
  ["((a == 'x')", 12],
  [')', 1],
  ['()', 2],
  ['%', 1, 'unexpected "%"'],
  ['a == "b" && %', 13],
  ['a == "b" || %', 13],
  ['a ', 3],
  ['has(foo) &&', 12],
  ['label starts foo "value"', 7],
  ['label squiggles "value"', 7],
  ["a == 'b'\n&& c == 'd'", 9, 'newline'],
  ["a == 'b' &&\nc == 'd'", 12, 'newline'],
  ["a == 'b'\r", 9, 'carriage return'],
  ["a == 'b'\u000b", 9],
  ["a\u00a0== 'b'", 2],
  ["a = 'b'", 3, '"="'],
  ["a === 'b'", 5],
  ['has (a)', 5],
  ['HAS(a)', 4],
  ['has()', 5, 'label name'],
  ['has(a b)', 7, '")"'],
  ['has(a', 6],
  ['all(x)', 5],
  ['global(1)', 8],
  ["a in {'x' 'y'}", 11],
  ['a in {,}', 7],
  ["a in {'x',,}", 11],
  ["a in ('x')", 6],
  ["a in {'x'", 10],
  ["a not {'x'}", 3],
  ["a not in'x'", 9],
  ["a inx {}", 3],
  ["a containsx 'y'", 3],
  ["a == 'x' b == 'y'", 10],
  ["a == 'x' && && b == 'y'", 13],
  ["&& a == 'x'", 1],
  ["a == 'x' ||", 12],
  ["a == 'x' (b == 'y')", 10],
  ['all() all()', 7],
  ["a == 'b')", 9, 'no matching'],
  ['a == é', 6, '"é"'],
  ["ünicode == 'x'", 1],
  ['a == \'b\' && c == "d', 18, 'unterminated'],
  ["a.b/c-d_e == 'x' && f:g == 'y'", 22, '":"'],
  ["a == 'x' && b", 14],
];

describe('parseCalicoSelector rejects invalid selectors', () => {
  for (const [text, column, fragment] of INVALID_ROWS) {
    it(`${JSON.stringify(text)} at column ${column}`, () => {
      const result = parseCalicoSelector(text);
      assert.equal(result.ok, false, 'should not parse');
      if (result.ok) return;
      assert.equal(result.error.offset + 1, column, result.error.message);
      const named = /at column (\d+)/.exec(result.error.message);
      assert.ok(named, `message names a column: ${result.error.message}`);
      assert.equal(Number(named[1]), column, result.error.message);
      assert.ok(result.error.offset + result.error.length <= text.length);
      if (fragment) assert.ok(result.error.message.includes(fragment), `${result.error.message} should mention ${fragment}`);
    });
  }
});

describe('length limits', () => {
  const valueFor = (total: number) => 'v'.repeat(total - `x == ''`.length);
  it(`accepts a selector of exactly ${MAX_SELECTOR_LENGTH} characters`, () => {
    const text = `x == '${valueFor(MAX_SELECTOR_LENGTH)}'`;
    assert.equal(text.length, MAX_SELECTOR_LENGTH);
    assert.ok(parseCalicoSelector(text).ok);
  });
  it('rejects a longer one at the first character over the limit', () => {
    const text = `x == '${valueFor(MAX_SELECTOR_LENGTH + 1)}'`;
    const result = parseCalicoSelector(text);
    assert.ok(!result.ok);
    if (result.ok) return;
    assert.equal(result.error.offset, MAX_SELECTOR_LENGTH);
    assert.match(result.error.message, new RegExp(`at column ${MAX_SELECTOR_LENGTH + 1}\\b`));
  });
  it('counts characters, not UTF-16 units', () => {
    const text = `x == '${'😀'.repeat(MAX_SELECTOR_LENGTH - 7)}'`;
    assert.ok(text.length > MAX_SELECTOR_LENGTH);
    assert.ok(parseCalicoSelector(text).ok);
  });
  it('accepts a 512-character label and rejects 513', () => {
    assert.ok(parseCalicoSelector(`${'k'.repeat(512)} == 'v'`).ok);
    const long = parseCalicoSelector(`${'k'.repeat(513)} == 'v'`);
    assert.ok(!long.ok && long.error.offset === 0 && long.error.length === 513);
    const inHas = parseCalicoSelector(`has(${'k'.repeat(513)})`);
    assert.ok(!inHas.ok && inHas.error.offset === 4);
  });
});

describe('global()', () => {
  it('parses by default and is rejected with allowGlobal: false', () => {
    assert.ok(parseCalicoSelector('global()').ok);
    const result = parseCalicoSelector("a == 'x' || global()", { allowGlobal: false });
    assert.ok(!result.ok);
    if (!result.ok) {
      assert.equal(result.error.offset, 12);
      assert.match(result.error.message, /global\(\) at column 13/);
    }
  });
  const rows: [string, 'ruleNamespaceSelector' | 'other', number | undefined][] = [
    ['global()', 'ruleNamespaceSelector', undefined],
    [' global( ) ', 'ruleNamespaceSelector', undefined],
    ["a == 'b'", 'ruleNamespaceSelector', undefined],
    ["global() && a == 'b'", 'ruleNamespaceSelector', 1],
    ['(global())', 'ruleNamespaceSelector', 2],
    ['!!global()', 'ruleNamespaceSelector', 3],
    // Calico's checks are textual: `global(` inside a string counts too.
    ["a == 'global('", 'ruleNamespaceSelector', 7],
    ['global()', 'other', 1],
    ["a == 'x' && global()", 'other', 13],
    ['has(a)', 'other', undefined],
  ];
  for (const [text, field, column] of rows) {
    it(`globalSelectorProblem(${JSON.stringify(text)}, ${field})`, () => {
      const problem = globalSelectorProblem(text, field);
      assert.equal(problem ? problem.offset + 1 : undefined, column);
      if (problem) assert.match(problem.message, new RegExp(`at column ${column}\\b`));
    });
  }
});

describe('calicoSelectorKeys', () => {
  it('lists keys and values with their ranges, in source order', () => {
    const text = `app == 'web' && tier in {'a', "b"} && !has(canary) || env contains 'pro' || !(zone != "z1")`;
    const refs = calicoSelectorKeys(parseOk(text));
    assert.deepEqual(
      refs.map((r) => [r.key, r.op, r.values.map((v) => v.value), r.negated]),
      [
        ['app', '==', ['web'], false],
        ['tier', 'in', ['a', 'b'], false],
        ['canary', 'has', [], true],
        ['env', 'contains', ['pro'], false],
        ['zone', '!=', ['z1'], true],
      ],
    );
    for (const ref of refs) {
      assert.equal(text.slice(ref.start, ref.end), ref.key);
      for (const v of ref.values) assert.equal(text.slice(v.start, v.end), v.value);
    }
  });
  it('returns nothing for all() and the empty selector', () => {
    assert.deepEqual(calicoSelectorKeys(parseOk('all()')), []);
    assert.deepEqual(calicoSelectorKeys(parseOk('')), []);
  });
  it('gives node ranges that cover parentheses and negations', () => {
    const text = ` !( a == 'x' ) && ( has(b) )`;
    const root = parseOk(text).root;
    assert.equal(root.kind, 'and');
    if (root.kind !== 'and') return;
    assert.equal(text.slice(root.operands[0].start, root.operands[0].end), `!( a == 'x' )`);
    assert.equal(text.slice(root.operands[1].start, root.operands[1].end), `( has(b) )`);
    assert.equal(text.slice(root.start, root.end), text.trim());
  });
});

describe('calicoIndexHint', () => {
  const rows: [string, { key: string; value: string } | undefined][] = [
    [`app == 'web'`, { key: 'app', value: 'web' }],
    [`has(a) && app == 'web'`, { key: 'app', value: 'web' }],
    [`app in {'web'}`, { key: 'app', value: 'web' }],
    [`app in {'web', 'web'}`, { key: 'app', value: 'web' }],
    [`!(app != 'web')`, { key: 'app', value: 'web' }],
    [`!app not in {'web'}`, { key: 'app', value: 'web' }],
    [`(a == 'x' && b == 'y') && c == 'z'`, { key: 'a', value: 'x' }],
    [`has(a) && (b == 'y')`, { key: 'b', value: 'y' }],
    [`app in {'web', 'db'}`, undefined],
    [`app == 'web' || app == 'db'`, undefined],
    [`!app == 'web'`, undefined],
    [`app != 'web'`, undefined],
    [`app contains 'web'`, undefined],
    [`all()`, undefined],
    [``, undefined],
  ];
  const labelSets: Labels[] = [{}, { app: 'web' }, { app: 'db' }, { a: 'x', b: 'y', c: 'z', app: 'web' }, { b: 'y', a: '' }];
  for (const [text, expected] of rows) {
    it(JSON.stringify(text), () => {
      const ast = parseOk(text);
      const hint = calicoIndexHint(ast);
      assert.deepEqual(hint, expected);
      // The hint is necessary for a match.
      if (hint) for (const labels of labelSets) if (evaluateCalico(ast, labels)) assert.equal(labels[hint.key], hint.value);
    });
  }
});

describe('isCalicoSelectAll', () => {
  const rows: [string, boolean][] = [
    ['', true],
    ['  ', true],
    ['all()', true],
    ['(all())', true],
    ['!!all()', true],
    ["all() || a == 'b'", true],
    ['all() && all()', true],
    ['!all()', false],
    ['all() && has(a)', false],
    ['global()', false],
    ['has(a)', false],
  ];
  for (const [text, expected] of rows) {
    it(`${JSON.stringify(text)} is ${expected}`, () => assert.equal(isCalicoSelectAll(parseOk(text)), expected));
  }
});

describe('robustness', () => {
  it('parses and evaluates deeply nested parentheses', () => {
    const depth = 500;
    const ast = parseOk(`${'('.repeat(depth)}!has(a)${')'.repeat(depth)}`);
    assert.equal(evaluateCalico(ast, {}), true);
    assert.equal(ast.root.end, 2 * depth + 7);
  });

  it('never throws and reports offsets inside the text', () => {
    const alphabet = fc.constantFrom(...`ab.-/ \t\n=!&|(){},'"%` .split(''), 'has(', 'all(', 'global(', ' in ', ' not in ', ' contains ', ' starts with ', '==', '&&', '||');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const result = parseCalicoSelector(text);
        if (!result.ok) {
          assert.ok(result.error.offset >= 0 && result.error.offset <= text.length);
          assert.ok(result.error.message.includes(`at column ${result.error.offset + 1}`), result.error.message);
          return;
        }
        evaluateCalico(result.ast, { a: 'b' });
        for (const ref of calicoSelectorKeys(result.ast)) assert.equal(text.slice(ref.start, ref.end), ref.key);
      }),
      { numRuns: 2000 },
    );
  });
});
