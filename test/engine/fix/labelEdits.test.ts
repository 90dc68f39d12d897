import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addLabelEdit, needsQuotes, removePairEdit, renameKeyEdit, replaceValueEdit, yamlScalar } from '../../../engine/src/fix/labelEdits';
import { applyEdits } from '../../../engine/src/fix/apply';
import type { Edit } from '../../../engine/src/types';

const at = (text: string, needle: string) => {
  const start = text.indexOf(needle);
  assert.ok(start >= 0, `${needle} in text`);
  return { start, end: start + needle.length };
};
const apply = (text: string, edit: Edit | undefined) => {
  assert.ok(edit, 'an edit');
  return applyEdits(text, [edit]);
};

describe('needsQuotes / yamlScalar', () => {
  const cases: [string, boolean][] = [
    ['payments', false],
    ['app.kubernetes.io/name', false],
    ['v1.2.3', false],
    ['2024-01-01', false],
    ['', true],
    ['true', true],
    ['on', true], // YAML 1.1 boolean for kubectl
    ['No', true],
    ['y', true],
    ['1.0', true],
    ['0755', true],
    ['1_000', true],
    ['~', true],
    ['null', true],
    ['-canary', true],
    ['a: b', true],
    ['a #b', true],
    [' lead', true],
  ];
  for (const [s, quote] of cases) {
    it(`${JSON.stringify(s)} ${quote ? 'needs' : 'does not need'} quotes`, () => assert.equal(needsQuotes(s), quote));
  }
  it('flow context quotes commas and brackets', () => {
    assert.equal(needsQuotes('a,b'), false);
    assert.equal(needsQuotes('a,b', { flow: true }), true);
  });
  it('keeps a preferred quote style; escapes single quotes by doubling', () => {
    assert.equal(yamlScalar('payments', "'"), "'payments'");
    assert.equal(yamlScalar("it's", "'"), "'it''s'");
    assert.equal(yamlScalar('on'), '"on"');
    assert.equal(yamlScalar('payments'), 'payments');
  });
});

describe('replaceValueEdit', () => {
  it('keeps the quote style and the comment', () => {
    const text = "labels:\n  env: 'stagng' # where\n";
    assert.equal(apply(text, replaceValueEdit(text, at(text, "'stagng'"), 'staging', false)), "labels:\n  env: 'staging' # where\n");
  });
  it('quotes a plain replacement that would not stay a string', () => {
    const text = 'labels:\n  flag: off-ish\n';
    assert.equal(apply(text, replaceValueEdit(text, at(text, 'off-ish'), 'off', false)), 'labels:\n  flag: "off"\n');
  });
  it('refuses block scalars, tags, anchors and empty values', () => {
    const text = 'a: |\n  x\nb: !!str y\nc: &k z\n';
    assert.equal(replaceValueEdit(text, at(text, '|'), 'v', false), undefined);
    assert.equal(replaceValueEdit(text, at(text, '!!str y'), 'v', false), undefined);
    assert.equal(replaceValueEdit(text, { start: 3, end: 3 }, 'v', false), undefined);
  });
});

describe('renameKeyEdit', () => {
  it('keeps double quotes on a quoted key', () => {
    const text = 'labels: {"owner": x}\n';
    assert.equal(apply(text, renameKeyEdit(text, at(text, '"owner"'), 'team', true)), 'labels: {"team": x}\n');
  });
});

describe('removePairEdit', () => {
  it('block map: the whole line with its line break (LF and CRLF)', () => {
    const lf = 'labels:\n  team: a\n  owner: a # old\n  x: y\n';
    assert.equal(apply(lf, removePairEdit(lf, at(lf, 'owner'), at(lf, 'owner: a').end, false)), 'labels:\n  team: a\n  x: y\n');
    const crlf = lf.replace(/\n/g, '\r\n');
    assert.equal(apply(crlf, removePairEdit(crlf, at(crlf, 'owner'), at(crlf, 'owner: a').end, false)), 'labels:\r\n  team: a\r\n  x: y\r\n');
  });
  it('block map: last line of a file without a final line break', () => {
    const text = 'labels:\n  team: a\n  owner: a';
    assert.equal(apply(text, removePairEdit(text, at(text, 'owner'), text.length, false)), 'labels:\n  team: a');
  });
  it('flow map: first, middle and last entries take one comma', () => {
    const text = '{a: 1, b: 2, c: 3}';
    assert.equal(apply(text, removePairEdit(text, at(text, 'a'), at(text, 'a: 1').end, true)), '{b: 2, c: 3}');
    assert.equal(apply(text, removePairEdit(text, at(text, 'b'), at(text, 'b: 2').end, true)), '{a: 1, c: 3}');
    assert.equal(apply(text, removePairEdit(text, at(text, 'c'), at(text, 'c: 3').end, true)), '{a: 1, b: 2}');
  });
  it('refuses a pair that shares its line with other content in a block map', () => {
    const text = '- owner: a\n';
    assert.equal(removePairEdit(text, at(text, 'owner'), at(text, 'owner: a').end, false), undefined);
  });
});

describe('addLabelEdit', () => {
  it('block insertion uses the indent, eol and quote style given', () => {
    const text = 'labels:\r\n  a: "x"\r\n';
    const edit = addLabelEdit({ kind: 'block', after: at(text, '"x"').end, indent: '  ', quote: '"', eol: '\r\n' }, 'team', 'payments');
    assert.equal(apply(text, edit), 'labels:\r\n  a: "x"\r\n  team: "payments"\r\n');
  });
  it('flow insertion quotes values that would not stay strings', () => {
    const text = 'labels: {a: x}\n';
    const edit = addLabelEdit({ kind: 'flow', before: at(text, 'x').end, empty: false, quote: '' }, 'enabled', 'true');
    assert.equal(apply(text, edit), 'labels: {a: x, enabled: "true"}\n');
  });
  it('none gives no edit', () => assert.equal(addLabelEdit({ kind: 'none' }, 'a', 'b'), undefined));
});
