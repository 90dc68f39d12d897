import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isYaml11NonString, labelKeyProblem, labelValueProblem } from '../../../engine/src/labels/syntax';

describe('label key syntax (IsQualifiedName)', () => {
  const valid = ['a', 'app.kubernetes.io/name', 'example.com/A_b.c-D', 'x'.repeat(63), `${'a'.repeat(253)}/n`, 'k8s-app', 'a1/b'];
  for (const k of valid) it(`accepts ${k.length > 40 ? `${k.slice(0, 20)}… (${k.length})` : k}`, () => assert.equal(labelKeyProblem(k), undefined));
  const invalid: [string, string][] = [
    ['', 'empty'],
    ['/a', 'prefixInvalid'],
    ['Example.com/a', 'prefixInvalid'],
    ['a_b.com/a', 'prefixInvalid'],
    [`${'a'.repeat(254)}/n`, 'prefixTooLong'],
    ['example.com/', 'nameEmpty'],
    ['x'.repeat(64), 'nameTooLong'],
    ['-a', 'nameInvalid'],
    ['a.', 'nameInvalid'],
    ['a b', 'nameInvalid'],
    ['a/b/c', 'nameInvalid'],
  ];
  for (const [k, kind] of invalid) it(`rejects ${JSON.stringify(k.length > 40 ? k.slice(0, 20) : k)}: ${kind}`, () => assert.equal(labelKeyProblem(k)?.kind, kind));
});

describe('label value syntax (IsValidLabelValue)', () => {
  for (const v of ['', 'a', 'A-b_c.d', '1', 'x'.repeat(63)]) it(`accepts ${JSON.stringify(v.slice(0, 20))}`, () => assert.equal(labelValueProblem(v), undefined));
  it('rejects too long', () => assert.equal(labelValueProblem('x'.repeat(64))?.kind, 'tooLong'));
  for (const v of ['-a', 'a-', 'a b', 'a@b', 'v1+2', '_a']) it(`rejects ${v}`, () => assert.equal(labelValueProblem(v)?.kind, 'invalid'));
});

describe('YAML 1.1 scalars kubectl does not read as strings', () => {
  for (const s of ['yes', 'No', 'ON', 'off', 'y', 'N', 'true', 'Null', '~', '1_000', '0b101', '0x1F', '0755', '.5', '1e3', '.inf', '.NaN']) {
    it(`${s} is not a string`, () => assert.equal(isYaml11NonString(s), true));
  }
  for (const s of ['yes-please', 'onward', 'v1', '1.2.3', '2024-01-01', '1:30', 'Y2K']) {
    it(`${s} is a string`, () => assert.equal(isYaml11NonString(s), false));
  }
});
