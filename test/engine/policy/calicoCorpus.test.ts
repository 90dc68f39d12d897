// Every projectcalico.org/v3 policy of the Calico documentation and repository corpus
// (../shared/corpus/tigera__docs, ../shared/corpus/projectcalico__calico), read in place, gets no
// calico-selector-syntax and no calico-policy-invalid finding — except the documents listed in
// KNOWN_INVALID, which Calico's API server really rejects (the reason is given for each).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { analyzeFile } from '../../../engine/src/analyze';
import { parseManifestFile } from '../../../engine/src/parse/manifestFile';
import { WorkspaceIndex } from '../../../engine/src/workspace/index';
import { DEFAULT_TAXONOMY } from '../../../engine/src/taxonomy/default';
import { isCalicoPolicy } from '../../../engine/src/policy/index';
import calicoSelectorSyntax from '../../../engine/src/rules/calico-selector-syntax';
import calicoPolicyInvalid from '../../../engine/src/rules/calico-policy-invalid';

const CORPUS = path.resolve('..', 'shared', 'corpus');
const SOURCES = ['tigera__docs', 'projectcalico__calico'];

/** `file:line ruleId` of each expected finding → why Calico rejects that policy. */
const KNOWN_INVALID: Record<string, string> = {
  'tigera__docs/_from-markdown/calico/network-policy/get-started/calico-policy/calico-labels.mdx/block-01.yaml:15 calico-policy-invalid':
    'destination.ports without a protocol: libcalico-go validateRule rejects it ("rules that specify ports must set protocol to TCP or UDP or SCTP")',
  'tigera__docs/_from-markdown/calico/network-policy/get-started/calico-policy/calico-labels.mdx/block-06.yaml:14 calico-policy-invalid':
    'destination.ports without a protocol (same example as block-01, other selector style)',
  'tigera__docs/_from-markdown/calico/network-policy/hosts/protect-hosts.mdx/block-01.yaml:13 calico-policy-invalid':
    'a placeholder "<your management CIDR>" where source.nets needs a CIDR',
  'tigera__docs/_from-markdown/calico/network-policy/hosts/protect-hosts.mdx/block-01.yaml:27 calico-policy-invalid':
    'a placeholder "<your etcd IP>/32" where destination.nets needs a CIDR',
  'tigera__docs/_from-markdown/calico/network-policy/services/services-cluster-ips.mdx/block-01.yaml:19 calico-policy-invalid':
    'the doc writes "10.20.30.40/32  Cluster IP A" (an annotation inside the YAML string): not a CIDR',
  'tigera__docs/_from-markdown/calico/network-policy/services/services-cluster-ips.mdx/block-01.yaml:27 calico-policy-invalid':
    'likewise "10.20.30.41/32  Cluster IP B"',
  'tigera__docs/_from-markdown/calico/network-policy/services/services-cluster-ips.mdx/block-02.yaml:16 calico-policy-invalid':
    'likewise "192.168.0.0/16  Pod CIDR"',
  'tigera__docs/_from-markdown/calico/network-policy/services/services-cluster-ips.mdx/block-03.yaml:10 calico-policy-invalid':
    'the `ingress:` key is missing, so the two rules land in `types` (a list of Ingress/Egress)',
  'tigera__docs/_from-markdown/calico/network-policy/services/services-cluster-ips.mdx/block-03.yaml:16 calico-policy-invalid':
    'second rule of the same missing-`ingress:` mistake',
};

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

describe('Calico corpus: every projectcalico.org/v3 policy is valid', { skip: existsSync(CORPUS) ? false : `no corpus at ${CORPUS}` }, () => {
  const found = new Map<string, string>();
  const kinds = new Map<string, number>();
  let policies = 0;
  for (const source of SOURCES) {
    for (const file of yamlFiles(path.join(CORPUS, source))) {
      const uri = path.relative(CORPUS, file).split(path.sep).join('/');
      const parsed = parseManifestFile(uri, readFileSync(file, 'utf8'));
      const objects = parsed.documents.flatMap((d) => d.objects);
      const mine = objects.filter((o) => o.apiVersion === 'projectcalico.org/v3' && isCalicoPolicy(o));
      if (mine.length === 0) continue;
      policies += mine.length;
      for (const o of mine) kinds.set(o.kind, (kinds.get(o.kind) ?? 0) + 1);
      const index = new WorkspaceIndex();
      index.setFile(uri, objects);
      for (const f of analyzeFile(parsed, { taxonomy: DEFAULT_TAXONOMY, index, rules: [calicoSelectorSyntax, calicoPolicyInvalid] })) {
        found.set(`${uri}:${parsed.lines.oneBased(f.start).line} ${f.ruleId}`, f.message);
      }
    }
  }

  it('reads the corpus policies (every kind)', (t) => {
    t.diagnostic(`${policies} policies: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    assert.ok(policies >= 90, `only ${policies} policies found`);
    for (const kind of ['NetworkPolicy', 'GlobalNetworkPolicy', 'StagedNetworkPolicy', 'StagedGlobalNetworkPolicy', 'StagedKubernetesNetworkPolicy']) {
      assert.ok(kinds.get(kind), `no ${kind} in the corpus`);
    }
  });

  it('no calico-selector-syntax / calico-policy-invalid finding on a valid policy', () => {
    const unexpected = [...found].filter(([key]) => !(key in KNOWN_INVALID)).map(([key, message]) => `${key}: ${message}`);
    assert.deepEqual(unexpected, []);
  });

  it('each known-invalid policy is reported, with its reason', () => {
    const missing = Object.keys(KNOWN_INVALID).filter((key) => !found.has(key));
    assert.deepEqual(missing, []);
  });
});
