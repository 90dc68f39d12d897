// Policy generation (SPEC §5): the allow policy of a workload in each flavor, the namespace
// policies, determinism, and "generated policies lint clean" against every registered rule.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments, isSeq, type YAMLMap, type YAMLSeq } from 'yaml';
import { lintTexts, type Finding, type SourceText } from '../../../engine/src/index';
import { ALL_RULES } from '../../../engine/src/rules/index';
import { DEFAULT_TAXONOMY } from '../../../engine/src/taxonomy/default';
import type { Taxonomy } from '../../../engine/src/taxonomy/types';
import {
  generateForNamespace,
  generateForWorkload,
  findWorkloadAt,
  listWorkloads,
  POLICY_FLAVORS,
  UnknownWorkloadError,
  type PolicyFlavor,
} from '../../../engine/src/generate/index';
import { DEMO, GEN_WORKSPACE, SHOP, demoAvailable, indexOf, readSources, taxonomyAt } from './helpers';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DNS_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
};
const DNS_PORTS = [
  { protocol: 'UDP', port: 53 },
  { protocol: 'TCP', port: 53 },
];

/** The comment lines above each item of `spec.<list>` in every document of `text`. */
function ruleComments(text: string, list: 'ingress' | 'egress'): string[][] {
  const out: string[][] = [];
  for (const doc of parseAllDocuments(text)) {
    const seq = (doc.get('spec') as YAMLMap | undefined)?.get(list) as YAMLSeq | undefined;
    if (!isSeq(seq)) continue;
    // The parser hangs a comment above the first item on the list itself.
    seq.items.forEach((item, i) => {
      const comment = (item as YAMLMap).commentBefore ?? (i === 0 ? seq.commentBefore : undefined) ?? '';
      out.push(comment.split('\n').map((l) => l.trim()).filter(Boolean));
    });
  }
  return out;
}

function parsed(text: string): Obj[] {
  return parseAllDocuments(text).map((d) => {
    assert.deepEqual(d.errors, []);
    return d.toJS() as Obj;
  });
}

describe('allow policy of a workload (microservices-demo, embedded taxonomy)', { skip: demoAvailable() ? false : 'corpus not available' }, () => {
  const index = demoAvailable() ? indexOf(readSources(DEMO)) : indexOf([]);
  const gen = (name: string, flavor: PolicyFlavor = 'kubernetes', taxonomy: Taxonomy = DEFAULT_TAXONOMY) =>
    generateForWorkload(index, taxonomy, { namespace: 'default', name }, flavor);

  it('selects the workload by spec.selector.matchLabels when it has no identity label, both types', () => {
    const [policy] = parsed(gen('frontend').text);
    assert.equal(policy.apiVersion, 'networking.k8s.io/v1');
    assert.equal(policy.kind, 'NetworkPolicy');
    assert.deepEqual(policy.metadata, { name: 'frontend-allow', namespace: 'default' });
    assert.deepEqual(policy.spec.podSelector, { matchLabels: { app: 'frontend' } });
    assert.deepEqual(policy.spec.policyTypes, ['Ingress', 'Egress']);
  });

  it('has an ingress rule per client on the container port, and one from outside when exposed', () => {
    const [policy] = parsed(gen('frontend').text);
    assert.deepEqual(policy.spec.ingress, [
      { from: [{ podSelector: { matchLabels: { app: 'loadgenerator' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
      { ports: [{ protocol: 'TCP', port: 8080 }] },
    ]);
    assert.deepEqual(ruleComments(gen('frontend').text, 'ingress'), [
      ['loadgenerator: env FRONTEND_ADDR=frontend:80'],
      ['outside: Service frontend-external type LoadBalancer'],
    ]);
  });

  it('has an egress rule per server, then DNS', () => {
    const { text } = gen('checkoutservice');
    const [policy] = parsed(text);
    const servers = ['cartservice:7070', 'currencyservice:7000', 'emailservice:8080', 'paymentservice:50051', 'productcatalogservice:3550', 'shippingservice:50051'];
    assert.deepEqual(
      policy.spec.egress.slice(0, -1).map((r: Obj) => `${r.to[0].podSelector.matchLabels.app}:${r.ports.map((p: Obj) => p.port).join(',')}`),
      servers,
    );
    assert.deepEqual(policy.spec.egress.at(-1), { to: [DNS_PEER], ports: DNS_PORTS });
    const comments = ruleComments(text, 'egress');
    assert.equal(comments.length, 7);
    assert.deepEqual(comments[2], ['checkoutservice: env EMAIL_SERVICE_ADDR=emailservice:5000']);
    assert.deepEqual(comments[6], ['DNS: kube-dns in kube-system, UDP and TCP 53']);
  });

  it('names the evidence on the server side as the SPEC example does', () => {
    const { text } = gen('productcatalogservice');
    assert.match(text, /^ {4}# frontend: env PRODUCT_CATALOG_SERVICE_ADDR=productcatalogservice:3550$/m);
    assert.deepEqual(parsed(text)[0].spec.ingress.map((r: Obj) => r.from[0].podSelector.matchLabels.app), ['checkoutservice', 'frontend', 'recommendationservice']);
  });

  it('denies all ingress of a workload nobody calls, saying so', () => {
    const { text } = gen('loadgenerator');
    const [policy] = parsed(text);
    assert.deepEqual(policy.spec.ingress, []);
    assert.match(text, /# no client of loadgenerator found in the manifests: all ingress denied\n {2}ingress: \[\]/);
  });

  it('warns about a reference to a Service the workspace does not declare', () => {
    assert.deepEqual(gen('frontend').warnings, [
      "Deployment default/frontend: env SHOPPING_ASSISTANT_SERVICE_ADDR=shoppingassistantservice:80: 'shoppingassistantservice' names no Service of the workspace; no rule generated",
    ]);
  });

  it('warns when it selects by a key the taxonomy does not know', () => {
    const strict: Taxonomy = { ...DEFAULT_TAXONOMY, unknownLabels: 'warn' };
    assert.deepEqual(gen('cartservice', 'kubernetes', strict).warnings, [
      "Deployment default/cartservice: selected by 'app', not in the taxonomy (policy-unknown-label): list it, or give the workload its identity labels (app.kubernetes.io/name)",
    ]);
  });

  it('leaves DNS out when policy.requireDnsEgress is off', () => {
    const taxonomy: Taxonomy = { ...DEFAULT_TAXONOMY, policy: { ...DEFAULT_TAXONOMY.policy, requireDnsEgress: false } };
    const [policy] = parsed(gen('cartservice', 'kubernetes', taxonomy).text);
    assert.deepEqual(policy.spec.egress, [{ to: [{ podSelector: { matchLabels: { app: 'redis-cart' } } }], ports: [{ protocol: 'TCP', port: 6379 }] }]);
  });

  it('renders Calico: selector expressions, action Allow, protocol, destination ports', () => {
    const { text } = gen('frontend', 'calico');
    const [policy] = parsed(text);
    assert.equal(policy.apiVersion, 'projectcalico.org/v3');
    assert.equal(policy.kind, 'NetworkPolicy');
    assert.equal(policy.spec.selector, "app == 'frontend'");
    assert.deepEqual(policy.spec.types, ['Ingress', 'Egress']);
    assert.deepEqual(policy.spec.ingress, [
      { action: 'Allow', protocol: 'TCP', source: { selector: "app == 'loadgenerator'" }, destination: { ports: [8080] } },
      { action: 'Allow', protocol: 'TCP', destination: { ports: [8080] } },
    ]);
    assert.deepEqual(policy.spec.egress.slice(-2), [
      { action: 'Allow', protocol: 'UDP', destination: { namespaceSelector: "kubernetes.io/metadata.name == 'kube-system'", selector: "k8s-app == 'kube-dns'", ports: [53] } },
      { action: 'Allow', protocol: 'TCP', destination: { namespaceSelector: "kubernetes.io/metadata.name == 'kube-system'", selector: "k8s-app == 'kube-dns'", ports: [53] } },
    ]);
    assert.ok(ruleComments(text, 'egress').every((c) => c.length > 0));
    assert.equal(policy.spec.stagedAction, undefined);
  });

  it('renders a Calico StagedNetworkPolicy with stagedAction Set', () => {
    const [policy] = parsed(gen('frontend', 'calico-staged').text);
    assert.equal(policy.kind, 'StagedNetworkPolicy');
    assert.equal(policy.spec.stagedAction, 'Set');
    assert.deepEqual(policy.spec, { ...parsed(gen('frontend', 'calico').text)[0].spec, stagedAction: 'Set' });
  });

  it('returns the manifests it printed', () => {
    for (const flavor of POLICY_FLAVORS) {
      const r = gen('checkoutservice', flavor);
      assert.deepEqual(parsed(r.text), r.policies.map((p) => p.manifest));
    }
  });

  it('throws for an unknown workload, with close names', () => {
    assert.throws(
      () => gen('cartservce'),
      (e: unknown) => e instanceof UnknownWorkloadError && e.suggestions[0] === 'default/cartservice' && /did you mean default\/cartservice/.test(e.message),
    );
    assert.throws(
      () => generateForWorkload(index, DEFAULT_TAXONOMY, { namespace: 'prod', name: 'frontend' }),
      (e: unknown) => e instanceof UnknownWorkloadError && e.suggestions[0] === 'default/frontend',
    );
  });
});

describe('allow policy of a workload (shop fixture, its taxonomy)', () => {
  const index = indexOf(readSources(SHOP));
  const taxonomy = taxonomyAt(path.join(SHOP, 'label-taxonomy.yaml'));
  const gen = (id: string, flavor: PolicyFlavor = 'kubernetes') => {
    const [namespace, name] = id.split('/');
    return generateForWorkload(index, taxonomy, { namespace, name }, flavor);
  };

  it('selects by the identity labels and copies the required labels', () => {
    const r = gen('shop/catalog');
    const [policy] = parsed(r.text);
    assert.deepEqual(policy.metadata, { name: 'catalog-allow', namespace: 'shop', labels: { team: 'storefront' } });
    assert.deepEqual(policy.spec.podSelector, { matchLabels: { 'app.kubernetes.io/name': 'catalog' } });
    assert.deepEqual(r.warnings, []);
  });

  it('adds a namespace selector for a client or server in another namespace', () => {
    const [policy] = parsed(gen('shop/catalog').text);
    assert.deepEqual(policy.spec.ingress, [
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'legacy' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'reports' } } }],
        ports: [{ protocol: 'TCP', port: 9090 }],
      },
      { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'frontend' } } }], ports: [{ protocol: 'TCP', port: 9090 }] },
      { ports: [{ protocol: 'TCP', port: 9090 }] },
    ]);
    assert.deepEqual(policy.spec.egress[0], {
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'db' } } }],
      ports: [{ protocol: 'TCP', port: 5432 }],
    });
    assert.deepEqual(ruleComments(gen('shop/catalog').text, 'ingress'), [
      ['legacy/reports: env CATALOG=http://catalog.shop:8080'],
      ['frontend: env CATALOG_URL=http://catalog:8080/api/v1'],
      ['outside: HTTPRoute partner-api backendRef catalog:8080'],
    ]);
    const calico = parsed(gen('shop/catalog', 'calico').text)[0];
    assert.deepEqual(calico.spec.ingress[0].source, { namespaceSelector: "kubernetes.io/metadata.name == 'legacy'", selector: "app.kubernetes.io/name == 'reports'" });
  });

  it('names ConfigMap and args evidence in comments', () => {
    assert.deepEqual(ruleComments(gen('data/redis').text, 'ingress'), [
      ['shop/cart: ConfigMap cart-config redis=redis.data.svc.cluster.local:6379'],
      ['shop/frontend: ConfigMap frontend-config SESSION_STORE=redis://redis.data:6379/0'],
    ]);
    assert.deepEqual(ruleComments(gen('shop/catalog').text, 'egress')[0], ['catalog: args[1] --db=postgres://catalog@db.data.svc:5432/catalog']);
  });

  it('warns when a required label cannot be copied', () => {
    const bare = indexOf([
      ...readSources(SHOP),
      {
        uri: 'extra.yaml',
        text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: lonely\n  namespace: shop\n  labels:\n    app.kubernetes.io/name: lonely\nspec:\n  containers: [{ name: c, image: x }]\n',
      },
    ]);
    const r = generateForWorkload(bare, taxonomy, { namespace: 'shop', name: 'lonely' });
    assert.deepEqual(parsed(r.text)[0].metadata, { name: 'lonely-allow', namespace: 'shop' });
    assert.deepEqual(r.warnings, ["NetworkPolicy shop/lonely-allow: the taxonomy requires label 'team' on NetworkPolicy, and no allowed value could be copied: add it"]);
  });
});

describe('finding the workload', () => {
  const web = (kind: string) => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: web
  namespace: a
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: web-${kind.toLowerCase()}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: web-${kind.toLowerCase()}
    spec:
      containers: [{ name: c, image: x }]
`;
  const text = `${web('StatefulSet')}---\n${web('Deployment')}`;
  const index = indexOf([{ uri: 'web.yaml', text }]);

  it('prefers a Deployment when kinds share a name, and says so', () => {
    const r = generateForWorkload(index, DEFAULT_TAXONOMY, { namespace: 'a', name: 'web' });
    assert.deepEqual(parsed(r.text)[0].spec.podSelector, { matchLabels: { 'app.kubernetes.io/name': 'web-deployment' } });
    assert.deepEqual(r.warnings, ['Deployment a/web: StatefulSet web shares the name; generated for the Deployment (name the kind to choose)']);
    const sts = generateForWorkload(index, DEFAULT_TAXONOMY, { namespace: 'a', name: 'web', kind: 'StatefulSet' });
    assert.deepEqual(parsed(sts.text)[0].spec.podSelector, { matchLabels: { 'app.kubernetes.io/name': 'web-statefulset' } });
  });

  it('finds the workload under an offset (the editor command)', () => {
    assert.equal(findWorkloadAt(index, 'web.yaml', text.indexOf('containers'))?.kind, 'StatefulSet');
    assert.equal(findWorkloadAt(index, 'web.yaml', text.lastIndexOf('containers'))?.kind, 'Deployment');
    assert.equal(findWorkloadAt(index, 'other.yaml', 0), undefined);
  });
});

describe('namespace policies', () => {
  const index = indexOf(readSources(SHOP));
  const taxonomy = taxonomyAt(path.join(SHOP, 'label-taxonomy.yaml'));

  it('are a default-deny (every pod, both types) and a DNS allow, labelled from the Namespace', () => {
    const r = generateForNamespace(index, taxonomy, 'legacy');
    assert.deepEqual(parsed(r.text), [
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'default-deny', namespace: 'legacy', labels: { team: 'platform' } },
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'allow-dns', namespace: 'legacy', labels: { team: 'platform' } },
        spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [DNS_PEER], ports: DNS_PORTS }] },
      },
    ]);
    assert.deepEqual(r.warnings, []);
  });

  it('in Calico: all(), and stagedAction Set when staged', () => {
    const [deny, dns] = parsed(generateForNamespace(index, taxonomy, 'legacy', 'calico-staged').text);
    assert.equal(deny.kind, 'StagedNetworkPolicy');
    assert.deepEqual(deny.spec, { stagedAction: 'Set', selector: 'all()', types: ['Ingress', 'Egress'] });
    assert.deepEqual(dns.spec.types, ['Egress']);
    assert.deepEqual(dns.spec.egress.map((r: Obj) => r.protocol), ['UDP', 'TCP']);
  });

  it('warns about a namespace the workspace does not know', () => {
    assert.deepEqual(generateForNamespace(index, DEFAULT_TAXONOMY, 'nowhere').warnings, ['namespace nowhere has no Namespace object and no workload in the workspace']);
  });
});

describe('determinism', () => {
  it('gives the same bytes for the same input, whatever the file order', () => {
    const sources = readSources(SHOP);
    const taxonomy = taxonomyAt(path.join(SHOP, 'label-taxonomy.yaml'));
    const a = indexOf(sources);
    const b = indexOf([...sources].reverse());
    for (const w of listWorkloads(a)) {
      for (const flavor of POLICY_FLAVORS) {
        const id = { namespace: w.namespace, name: w.name };
        const first = generateForWorkload(a, taxonomy, id, flavor);
        assert.equal(generateForWorkload(a, taxonomy, id, flavor).text, first.text);
        assert.equal(generateForWorkload(b, taxonomy, id, flavor).text, first.text, `${w.name} ${flavor}`);
        assert.deepEqual(generateForWorkload(b, taxonomy, id, flavor).warnings, first.warnings);
      }
    }
    for (const ns of ['shop', 'data', 'legacy']) {
      for (const flavor of POLICY_FLAVORS) assert.equal(generateForNamespace(b, taxonomy, ns, flavor).text, generateForNamespace(a, taxonomy, ns, flavor).text);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Generated policies lint clean: added to the workspace, a policy adds no finding, and removes the
// pod-not-isolated finding of its workload. Runs against whatever rules are registered.

function key(f: Finding): string {
  return `${f.uri}|${f.ruleId}|${f.start}|${f.end}|${f.message}`;
}

function checkLintsClean(sources: SourceText[], taxonomy: Taxonomy, label: string): number {
  const before = lintTexts(sources, { taxonomy }).flatMap((r) => r.findings);
  const beforeKeys = new Set(before.map(key));
  const index = indexOf(sources);
  let checked = 0;
  for (const w of listWorkloads(index)) {
    const objects = [...index.objectsOf(w.uri)].filter((o) => o.kind === w.kind && o.name === w.name && o.namespace === w.namespace);
    const workloadDoc = objects[0].docRange;
    for (const flavor of POLICY_FLAVORS) {
      const r = generateForWorkload(index, taxonomy, { namespace: w.namespace, name: w.name, kind: w.kind }, flavor);
      assert.ok(r.policies.length, `${label}: ${w.name} ${flavor}: no policy (${r.warnings.join('; ')})`);
      const after = lintTexts([...sources, { uri: 'generated-policy.yaml', text: r.text }], { taxonomy }).flatMap((x) => x.findings);
      const added = after.filter((f) => !beforeKeys.has(key(f)));
      assert.deepEqual(added.map((f) => `${f.ruleId}: ${f.message}`), [], `${label}: ${w.namespace}/${w.name} (${flavor}) adds findings`);
      const afterKeys = new Set(after.map(key));
      // A staged policy isolates nothing (SPEC §2): it is a preview, the finding stays until it is enforced.
      if (flavor !== 'calico-staged') {
        const notIsolated = after.filter((f) => f.ruleId === 'pod-not-isolated' && f.uri === w.uri && f.start >= workloadDoc.start && f.end <= workloadDoc.end);
        assert.deepEqual(notIsolated.map((f) => f.message), [], `${label}: ${w.name} (${flavor}) still not isolated`);
      }
      // What disappeared is what the policy answers.
      for (const f of before) if (!afterKeys.has(key(f))) assert.ok(['pod-not-isolated'].includes(f.ruleId), `${label}: ${w.name} (${flavor}) removed ${f.ruleId}: ${f.message}`);
      checked++;
    }
  }
  return checked;
}

describe('generated policies lint clean', () => {
  const registered = ALL_RULES.map((r) => r.id).join(', ');

  it(`in the shop fixture, every workload, every flavor (rules: ${registered})`, () => {
    const checked = checkLintsClean(readSources(SHOP), taxonomyAt(path.join(SHOP, 'label-taxonomy.yaml')), 'shop');
    assert.equal(checked, 7 * 3);
  });

  it('removes the pod-not-isolated finding of the workload in a namespace without policy', { skip: ALL_RULES.some((r) => r.id === 'pod-not-isolated') ? false : 'pod-not-isolated not registered yet' }, () => {
    const sources = readSources(SHOP);
    const taxonomy = taxonomyAt(path.join(SHOP, 'label-taxonomy.yaml'));
    const before = lintTexts(sources, { taxonomy }).flatMap((r) => r.findings).filter((f) => f.ruleId === 'pod-not-isolated');
    assert.equal(before.length, 1, 'legacy/reports is not isolated before');
    for (const flavor of POLICY_FLAVORS) {
      const r = generateForWorkload(indexOf(sources), taxonomy, { namespace: 'legacy', name: 'reports' }, flavor);
      const after = lintTexts([...sources, { uri: 'generated-policy.yaml', text: r.text }], { taxonomy }).flatMap((x) => x.findings);
      assert.equal(after.filter((f) => f.ruleId === 'pod-not-isolated').length, flavor === 'calico-staged' ? 1 : 0, flavor);
    }
  });

  it('in microservices-demo, every workload, every flavor (embedded taxonomy)', { skip: demoAvailable() ? false : 'corpus not available' }, () => {
    assert.equal(checkLintsClean(readSources(DEMO), DEFAULT_TAXONOMY, 'microservices-demo'), 12 * 3);
  });

  it('in a generated 30-app workspace (gen-workspace --apps 30 --seed 3 --clean)', { skip: fs.existsSync(GEN_WORKSPACE) ? false : 'gen-workspace not available' }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-gen-'));
    try {
      const run = spawnSync(process.execPath, [GEN_WORKSPACE, dir, '--apps', '30', '--seed', '3', '--clean'], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const checked = checkLintsClean(readSources(dir), taxonomyAt(path.join(dir, 'label-taxonomy.yaml')), 'gen-workspace');
      assert.equal(checked, 30 * 3);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('performance', () => {
  it('generates for a workload of a 2,000-app workspace in well under a second once the index is built', { skip: fs.existsSync(GEN_WORKSPACE) ? false : 'gen-workspace not available' }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kll-gen-'));
    try {
      const run = spawnSync(process.execPath, [GEN_WORKSPACE, dir, '--apps', '2000', '--seed', '7'], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const index = indexOf(readSources(dir));
      const taxonomy = taxonomyAt(path.join(dir, 'label-taxonomy.yaml'));
      const workloads = listWorkloads(index);
      assert.equal(workloads.length, 2000);
      let slowest = 0;
      // The first call also infers the edges of the whole workspace (once per index version).
      for (const w of workloads.filter((_, i) => i % 40 === 0)) {
        for (const flavor of POLICY_FLAVORS) {
          const t = performance.now();
          generateForWorkload(index, taxonomy, { namespace: w.namespace, name: w.name }, flavor);
          slowest = Math.max(slowest, performance.now() - t);
        }
      }
      assert.ok(slowest < 1000, `slowest generation took ${slowest.toFixed(0)} ms`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
