// The semantic signature (server/src/signature.ts) decides whether an edit re-checks the other
// files of the folder: equal for formatting, comments and a workload's own `metadata.labels`
// (nothing of another file reads them); different for anything another file's check can read,
// including a scalar's written form (`1.0` → `1.00`, quoting) that the model keeps.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseManifestFile } from '../../engine/src/index';
import { semanticSignature } from '../../server/src/signature';
import { REPO_ROOT } from '../sharedPaths';

const fixture = (name: string) => fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/signature', name), 'utf8');
const signatureOf = (text: string) => semanticSignature(parseManifestFile('file:///w/workloads.yaml', text));

const CASES: { what: string; file?: string; from: string; to: string; same: boolean }[] = [
  { what: 'a comment', from: "# the workload's own label", to: '# changed', same: true },
  { what: 'indentation and flow style of the Service selector', from: '  selector:\n    app: web\n  ports', to: '  selector: {app: web}\n  ports', same: true },
  { what: 'the workload’s own label value', from: 'tier: data', to: 'tier: database', same: true },
  { what: 'a label added to the workload’s own labels', from: '    tier: data', to: '    tier: data\n    owner: ops', same: true },
  { what: 'a pod template label value', from: '        app: web\n        version', to: '        app: webx\n        version', same: false },
  { what: 'a number’s written form in a pod template label', from: 'version: 1.0', to: 'version: 1.00', same: false },
  { what: 'quoting a number', from: 'version: 1.0', to: 'version: "1.0"', same: false },
  { what: 'a Namespace label', from: 'team: checkout', to: 'team: payments', same: false },
  { what: 'a Service selector', from: '  selector:\n    app: web\n  ports', to: '  selector:\n    app: api\n  ports', same: false },
  { what: 'a container port', from: 'containerPort: 8080', to: 'containerPort: 8081', same: false },
  { what: 'the workload’s name', from: '  name: web\n  namespace: shop\n  labels', to: '  name: webx\n  namespace: shop\n  labels', same: false },
  { what: 'own labels that an alias repeats in the pod template', file: 'aliased-labels.yaml', from: 'tier: data', to: 'tier: database', same: false },
];

describe('server: semantic signature', () => {
  for (const c of CASES) {
    it(`${c.same ? 'keeps' : 'changes'} the signature: ${c.what}`, () => {
      const before = fixture(c.file ?? 'workloads.yaml');
      assert.ok(before.includes(c.from), `the fixture has no ${JSON.stringify(c.from)}`);
      const after = before.replace(c.from, c.to);
      const file = parseManifestFile('file:///w/x.yaml', after);
      assert.ok(file.documents.every((d) => !d.error), 'the edit keeps the YAML valid');
      assert.equal(signatureOf(after) === signatureOf(before), c.same);
    });
  }

  it('is the same for the same text, and differs when a document is added', () => {
    const text = fixture('workloads.yaml');
    assert.equal(signatureOf(text), signatureOf(`${text}`));
    assert.notEqual(signatureOf(text), signatureOf(`${text}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n`));
  });
});
