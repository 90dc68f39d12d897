// appendedDocumentsInsertion: the one insertion that the generator quick fixes (server) and
// "append to a file" (client) add at the end of a file. Table-driven: the file's ending decides
// the lead, the separator and the line ending; what comes before the insertion never changes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { appendedDocumentsInsertion } from '../../server/src/generationProtocol';

const POLICY = 'kind: NetworkPolicy\nmetadata:\n  name: a\n---\nkind: NetworkPolicy\nmetadata:\n  name: b\n';

const CASES: { name: string; existing: string; expected: string }[] = [
  { name: 'empty file: the documents alone', existing: '', expected: POLICY },
  { name: 'blank file: the documents alone', existing: '\n\n', expected: POLICY },
  { name: 'ends with a newline: a marker, then the documents', existing: 'kind: Service\n', expected: `---\n${POLICY}` },
  { name: 'no final newline: one first', existing: 'kind: Service', expected: `\n---\n${POLICY}` },
  { name: 'CRLF file: CRLF throughout', existing: 'kind: Service\r\n', expected: `---\r\n${POLICY.replace(/\n/g, '\r\n')}` },
  { name: 'ends with a document marker: no second one', existing: 'kind: Service\n---\n', expected: POLICY },
  { name: 'ends with a comment: kept, marker after it', existing: 'kind: Service\n# end\n', expected: `---\n${POLICY}` },
];

describe('appendedDocumentsInsertion', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const insertion = appendedDocumentsInsertion(c.existing, POLICY);
      assert.equal(insertion, c.expected);
      const names = parseAllDocuments(c.existing + insertion)
        .map((d) => d.toJS() as { metadata?: { name?: string } } | null)
        .map((o) => o?.metadata?.name)
        .filter(Boolean);
      assert.deepEqual(names.slice(-2), ['a', 'b']);
    });
  }

  it('documents without a final newline get one', () => {
    assert.equal(appendedDocumentsInsertion('a: 1\n', 'b: 2'), '---\nb: 2\n');
  });
});
