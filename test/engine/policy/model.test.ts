// The policy model and its workspace analysis, through their API (engine/src/policy).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile } from '../../../engine/src/parse/manifestFile';
import { WorkspaceIndex } from '../../../engine/src/workspace/index';
import { analyzeFile } from '../../../engine/src/analyze';
import { DEFAULT_TAXONOMY } from '../../../engine/src/taxonomy/default';
import egressDenyBlocksDns from '../../../engine/src/rules/egress-deny-blocks-dns';
import { CalicoSelectorRef, isolates, policyAnalysis, policyOf, policyWorkspace } from '../../../engine/src/policy/index';

function workspace(files: Record<string, string>) {
  const index = new WorkspaceIndex();
  const parsed = Object.entries(files).map(([uri, text]) => parseManifestFile(uri, text));
  for (const f of parsed) index.setFile(f.uri, f.documents.flatMap((d) => d.objects));
  return { index, parsed, objects: parsed.flatMap((f) => f.documents.flatMap((d) => d.objects)) };
}

const calico = (selector: string) => `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: p, namespace: ns}
spec:
  selector: ${selector}
`;

function selectorOf(text: string): { ref: CalicoSelectorRef; text: string } {
  const { objects } = workspace({ 'p.yaml': text });
  const policy = policyOf(objects[0]);
  assert.ok(policy && policy.selector?.kind === 'calico');
  return { ref: policy.selector, text };
}

describe('Calico selector positions', () => {
  it('plain and quoted scalars map character for character', () => {
    for (const written of ["app == 'web'", `"app == 'web'"`, `'app == "web"'`]) {
      const { ref, text } = selectorOf(calico(written));
      assert.ok(ref.textStart !== undefined, written);
      assert.equal(text.slice(ref.textStart, ref.textStart + ref.text.length), ref.text);
      assert.equal(text.slice(ref.keys[0].range.start, ref.keys[0].range.end), 'app');
    }
  });
  it('escaped, folded and block scalars fall back to the whole scalar', () => {
    for (const written of [`"app == \\"web\\""`, `'app == ''web'''`, `>-\n    app == 'web'`, `app ==\n    'web'`]) {
      const { ref } = selectorOf(calico(written));
      assert.equal(ref.textStart, undefined, written);
      assert.ok(ref.result.ok, written);
      assert.deepEqual(ref.keys[0].range, ref.range);
      assert.equal(ref.keys[0].editable, false);
    }
  });
});

describe('policy types', () => {
  const k8s = (rest: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p}
spec:
  podSelector: {}
${rest}`;
  const typesOf = (text: string) => policyOf(workspace({ 'p.yaml': text }).objects[0])?.types;
  it('Kubernetes: Ingress, plus Egress when egress has rules', () => {
    assert.deepEqual(typesOf(k8s('')), { ingress: true, egress: false });
    assert.deepEqual(typesOf(k8s('  egress: [{}]\n')), { ingress: true, egress: true });
    assert.deepEqual(typesOf(k8s('  egress: []\n')), { ingress: true, egress: false });
    assert.deepEqual(typesOf(k8s('  policyTypes: [Egress]\n')), { ingress: false, egress: true });
  });
  it('Calico: Egress alone when there are egress rules but no ingress rules', () => {
    assert.deepEqual(typesOf(calico('all()')), { ingress: true, egress: false });
    assert.deepEqual(typesOf(calico('all()') + '  egress: [{action: Allow}]\n'), { ingress: false, egress: true });
    assert.deepEqual(typesOf(calico('all()') + '  ingress: [{action: Allow}]\n  egress: [{action: Allow}]\n'), { ingress: true, egress: true });
  });
  it('staged policies isolate nothing', () => {
    const policy = policyOf(workspace({ 'p.yaml': calico('all()').replace('kind: NetworkPolicy', 'kind: StagedNetworkPolicy') }).objects[0]);
    assert.ok(policy?.staged && policy.types.ingress && !isolates(policy, 'ingress'));
  });
});

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ns}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx}]}
`;
const DENY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: ns}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;

describe('workspace analysis', () => {
  it('isolation per direction, DNS, default-deny; Calico automatic labels', () => {
    const { index, objects } = workspace({ 'web.yaml': DEPLOYMENT, 'deny.yaml': DENY });
    const analysis = policyAnalysis(index);
    const pod = analysis.ws.podOf(objects[0]);
    assert.ok(pod);
    assert.equal(analysis.isolatedBy(pod, 'ingress').length, 1);
    assert.equal(analysis.isolatedBy(pod, 'egress').length, 1);
    assert.equal(analysis.reachesDns(pod), false);
    assert.equal(analysis.hasDefaultDeny('ns'), true);
    assert.equal(analysis.hasDefaultDeny('other'), false);
    assert.equal(pod.calicoLabels.get('projectcalico.org/namespace'), 'ns');
    assert.equal(pod.labels.has('projectcalico.org/namespace'), false);
    assert.deepEqual(
      analysis.ws.namespacesWith('kubernetes.io/metadata.name', 'kube-system').map((n) => n.name),
      ['kube-system'],
      'undeclared namespaces exist for selectors',
    );
  });
  it('egress-deny-blocks-dns names the blocked workloads as related locations', () => {
    const { index, parsed } = workspace({ 'web.yaml': DEPLOYMENT, 'deny.yaml': DENY });
    const [finding] = analyzeFile(parsed[1], { taxonomy: DEFAULT_TAXONOMY, index, rules: [egressDenyBlocksDns] });
    assert.equal(finding.related.length, 1);
    assert.equal(finding.related[0].uri, 'web.yaml');
    assert.equal(parsed[0].text.slice(finding.related[0].start, finding.related[0].end), 'web');
  });
  it('lookups are rebuilt per index version; unchanged objects are not re-parsed', () => {
    const { index, objects, parsed } = workspace({ 'web.yaml': DEPLOYMENT, 'deny.yaml': DENY });
    const before = policyWorkspace(index);
    assert.equal(policyWorkspace(index), before, 'same version: same lookups');
    const policy = policyOf(objects[1]);
    index.setFile('web.yaml', parseManifestFile('web.yaml', parsed[0].text).documents.flatMap((d) => d.objects));
    const after = policyWorkspace(index);
    assert.notEqual(after, before);
    assert.equal(after.policies[0], policy, 'the policy of the unchanged file is the same model object');
  });
});
