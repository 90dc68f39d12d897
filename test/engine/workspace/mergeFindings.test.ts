// A file's findings from its documents' (`mergeDocumentFindings`): sorted by place, then rule;
// ties keep the order the rules reported them in; a rule's report repeated at the same place
// with the same message counts once, wherever the repeats came from.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mergeDocumentFindings } from '../../../engine/src/analyze';
import type { Finding } from '../../../engine/src/types';

function finding(ruleId: string, start: number, end: number, message: string): Finding {
  return { ruleId, messageId: 'm', data: {}, severity: 'warning', message, uri: 'file:///w/a.yaml', start, end, fixes: [], related: [] };
}
const shown = (fs: Finding[]) => fs.map((f) => `${f.start}-${f.end} ${f.ruleId} ${f.message}`);
const docs = (...lists: Finding[][]) => lists.map((findings) => ({ findings, crossRules: new Set<string>() }));

describe('engine: merging the findings of a file’s documents', () => {
  it('sorts by start, end and rule id', () => {
    const merged = mergeDocumentFindings(docs([finding('b-rule', 10, 12, 'x'), finding('a-rule', 10, 12, 'y')], [finding('a-rule', 3, 9, 'z'), finding('a-rule', 3, 5, 'w')]));
    assert.deepEqual(shown(merged), ['3-5 a-rule w', '3-9 a-rule z', '10-12 a-rule y', '10-12 b-rule x']);
  });

  it('keeps the report order of one rule at one place, and each message once', () => {
    const merged = mergeDocumentFindings(
      docs([finding('r', 5, 6, 'first'), finding('r', 5, 6, 'second'), finding('r', 5, 6, 'first')], [finding('r', 5, 6, 'second'), finding('r', 5, 6, 'third')]),
    );
    assert.deepEqual(shown(merged), ['5-6 r first', '5-6 r second', '5-6 r third']);
  });

  it('keeps the same message of another rule or at another place', () => {
    const merged = mergeDocumentFindings(docs([finding('r', 1, 2, 'm'), finding('s', 1, 2, 'm'), finding('r', 1, 3, 'm')], [finding('r', 1, 2, 'm')]));
    assert.deepEqual(shown(merged), ['1-2 r m', '1-2 s m', '1-3 r m']);
  });
});
