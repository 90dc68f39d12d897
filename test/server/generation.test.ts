// The generation requests behind the editor commands, over the real protocol, on a copy of
// examples/: a policy for the workload under the cursor (three flavors), the namespace's
// default-deny + DNS, the workload list when the cursor is on none, and the taxonomy draft.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { startOnExamples, type ExamplesSession } from './examplesSession';
import { LspTestClient, positionOf } from './lspClient';
import {
  DRAFT_TAXONOMY_REQUEST,
  GENERATE_NAMESPACE_REQUEST,
  GENERATE_POLICY_REQUEST,
  type GenerateResponse,
} from '../../server/src/generationProtocol';
import { lintTexts } from '../../engine/src/index';
import { loadTaxonomyFile } from '../../io/src/taxonomyDiscovery';

describe('server: generation requests', () => {
  let session: ExamplesSession;
  let c: LspTestClient;
  const uri = (p: string) => session.uri(p);
  const read = (p: string) => session.read(p);
  before(async () => {
    session = await startOnExamples('generation');
    c = session.c;
  });
  after(() => session.stop());

  const atCatalog = () => ({ uri: uri('shop/catalog.yaml'), position: positionOf(read('shop/catalog.yaml'), 'name: catalog', 2) });

  it('kubernetes flavor: the workload under the cursor, with its evidence', async () => {
    const r: GenerateResponse = await c.connection.sendRequest(GENERATE_POLICY_REQUEST, { ...atCatalog(), flavor: 'kubernetes' });
    assert.equal(r.error, undefined);
    const text = r.text ?? '';
    for (const part of ['kind: NetworkPolicy', 'name: catalog-allow', 'namespace: shop', 'app.kubernetes.io/name: catalog', 'port: 3550', 'CATALOG_ADDR=catalog:3550', 'k8s-app: kube-dns']) {
      assert.ok(text.includes(part), `${part} not in:\n${text}`);
    }
  });

  it('the generated policy lints clean next to the workspace (SPEC §5)', async () => {
    const r: GenerateResponse = await c.connection.sendRequest(GENERATE_POLICY_REQUEST, { ...atCatalog(), flavor: 'kubernetes' });
    const { taxonomy } = loadTaxonomyFile(path.join(session.dir, 'label-taxonomy.yaml'));
    const manifests = ['namespaces.yaml', 'shop/frontend.yaml', 'shop/catalog.yaml', 'shop/cart.yaml', 'shop/reports.yaml', 'shop/policies.yaml', 'payments/payment.yaml']
      .map((p) => ({ uri: p, text: read(p) }));
    const findings = (sources: { uri: string; text: string }[]) =>
      lintTexts(sources, { taxonomy: taxonomy! }).flatMap((x) => x.findings.map((f) => `${x.file.uri}: ${f.ruleId}: ${f.message}`));
    const before = new Set(findings(manifests));
    const added = findings([...manifests, { uri: 'generated.yaml', text: r.text ?? '' }]).filter((f) => !before.has(f));
    assert.deepEqual(added, []);
  });

  it('calico and calico-staged flavors', async () => {
    const calico: GenerateResponse = await c.connection.sendRequest(GENERATE_POLICY_REQUEST, { ...atCatalog(), flavor: 'calico' });
    assert.match(calico.text ?? '', /apiVersion: projectcalico\.org\/v3\nkind: NetworkPolicy/);
    assert.match(calico.text ?? '', /app\.kubernetes\.io\/name == 'catalog'/);
    const staged: GenerateResponse = await c.connection.sendRequest(GENERATE_POLICY_REQUEST, { ...atCatalog(), flavor: 'calico-staged' });
    assert.match(staged.text ?? '', /kind: StagedNetworkPolicy/);
    assert.match(staged.text ?? '', /stagedAction: Set/);
  });

  it('a cursor on no workload answers with the workloads to pick from', async () => {
    const r: GenerateResponse = await c.connection.sendRequest(GENERATE_POLICY_REQUEST, { uri: uri('namespaces.yaml'), position: { line: 0, character: 0 }, flavor: 'kubernetes' });
    assert.equal(r.text, undefined);
    assert.ok(r.workloads?.includes('shop/catalog') && r.workloads.includes('payments/ledger'), JSON.stringify(r.workloads));
    const picked: GenerateResponse = await c.connection.sendRequest(GENERATE_POLICY_REQUEST, { uri: uri('namespaces.yaml'), workload: { namespace: 'payments', name: 'ledger' }, flavor: 'kubernetes' });
    assert.match(picked.text ?? '', /name: ledger-allow/);
  });

  it('namespace default-deny + DNS from the object under the cursor', async () => {
    const r: GenerateResponse = await c.connection.sendRequest(GENERATE_NAMESPACE_REQUEST, {
      uri: uri('payments/payment.yaml'),
      position: positionOf(read('payments/payment.yaml'), 'name: payment', 2),
      flavor: 'kubernetes',
    });
    const text = r.text ?? '';
    for (const part of ['name: default-deny', 'namespace: payments', 'podSelector: {}', 'name: allow-dns', 'port: 53', 'protocol: UDP']) assert.ok(text.includes(part), `${part} not in:\n${text}`);
    assert.ok(!text.includes('namespace: shop'), text);
  });

  it('taxonomy draft from the labels in use', async () => {
    const r: GenerateResponse = await c.connection.sendRequest(DRAFT_TAXONOMY_REQUEST, { uri: uri('shop/cart.yaml') });
    const text = r.text ?? '';
    for (const part of ['version: 1', 'labels:', 'app.kubernetes.io/name:', 'team:']) assert.ok(text.includes(part), `${part} not in:\n${text}`);
  });
});
