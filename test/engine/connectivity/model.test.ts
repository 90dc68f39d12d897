// The connectivity model's finer points, each on a workspace written inline: the port algebra,
// named ports, ipBlock peers and the outside, hostNetwork pods, Calico rules that match part of
// the traffic, unknown actions, Tier defaultAction Pass, duplicate workloads, decidedBy
// trimming, the JSON shape and --focus, and the cost on a few hundred workloads.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ALL_PORTS,
  NO_PORTS,
  connectivityJson,
  connectivityModel,
  contains,
  equals,
  formatPorts,
  intersect,
  isAll,
  isEmpty,
  protocolPorts,
  subtract,
  toPortList,
  union,
  type ConnectivityModel,
} from '../../../engine/src/connectivity/index';
import { LineIndex } from '../../../engine/src/text/lineIndex';
import { parseManifestFile } from '../../../engine/src/parse/manifestFile';
import { WorkspaceIndex } from '../../../engine/src/workspace/index';
import { policyIds } from './table';

function workspace(files: Record<string, string>): { index: WorkspaceIndex; lines: Map<string, LineIndex> } {
  const index = new WorkspaceIndex();
  const lines = new Map<string, LineIndex>();
  for (const [uri, text] of Object.entries(files)) {
    const f = parseManifestFile(uri, text);
    index.setFile(uri, f.documents.flatMap((d) => d.objects));
    lines.set(uri, f.lines);
  }
  return { index, lines };
}

function modelOf(text: string): ConnectivityModel {
  return connectivityModel(workspace({ 'm.yaml': text }).index);
}

/** `allow <ports> by <policies>` or `deny`, for one pair. */
function verdict(model: ConnectivityModel, from: string, to: string, mode: 'now' | 'staged' = 'now'): string {
  const a = model.node(from);
  const b = model.node(to);
  assert.ok(a && b, `${from} / ${to}`);
  const v = model.evaluate(a, b, mode);
  if (isEmpty(v.allowed)) return 'deny';
  const by = policyIds(v);
  return `allow ${formatPorts(toPortList(v.allowed))} by ${by.length ? by.join(', ') : '-'}`;
}

function pod(name: string, labels: Record<string, string>, extra = '', namespace = 'default'): string {
  const l = Object.entries(labels)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${namespace}, labels: {${l}}}
spec:
${extra}  containers:
    - name: main
      image: x
      ports: [{name: http, containerPort: 8080}, {name: dns, containerPort: 5353, protocol: UDP}]
---
`;
}

describe('port sets', () => {
  it('union, intersection and difference by protocol and port interval', () => {
    const tcp80 = protocolPorts('TCP', 80, 80);
    const tcp = protocolPorts('tcp');
    assert.ok(isAll(union(ALL_PORTS, tcp80)));
    assert.ok(isEmpty(intersect(tcp80, protocolPorts('UDP', 80, 80))));
    assert.ok(equals(intersect(tcp, protocolPorts('TCP', 70, 90)), protocolPorts('TCP', 70, 90)));
    const noSsh = subtract(ALL_PORTS, protocolPorts('TCP', 22, 22));
    assert.ok(!contains(noSsh, 'TCP', 22) && contains(noSsh, 'TCP', 23) && contains(noSsh, 'UDP', 22) && contains(noSsh, 'ICMP', 0));
    assert.equal(formatPorts(toPortList(noSsh)), 'SCTP, UDP, 1-21/TCP, 23-65535/TCP');
    assert.ok(isAll(union(noSsh, protocolPorts('TCP', 22, 22))));
    assert.ok(isEmpty(subtract(tcp80, tcp)) && isEmpty(intersect(tcp80, NO_PORTS)));
    assert.deepEqual(toPortList(union(protocolPorts('TCP', 53, 53), protocolPorts('UDP', 53, 53))), [
      { port: 53, protocol: 'TCP' },
      { port: 53, protocol: 'UDP' },
    ]);
    assert.deepEqual(toPortList(union(protocolPorts('TCP', 8000, 8080), protocolPorts('TCP', 8081, 8090))), [{ port: 8000, endPort: 8090, protocol: 'TCP' }]);
    assert.deepEqual(toPortList(tcp), [{ port: 'all', protocol: 'TCP' }]);
    assert.equal(toPortList(ALL_PORTS), 'all');
  });
});

describe('connectivity model', () => {
  it('resolves named ports against the destination; an undeclared name lets nothing through', () => {
    const m = modelOf(
      pod('web', { app: 'web' }) +
        pod('client', { app: 'client' }) +
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: default}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
    - ports: [{port: http}, {port: dns, protocol: UDP}, {port: metrics}]
`,
    );
    assert.equal(verdict(m, 'default/client', 'default/web'), 'allow 5353/UDP, 8080/TCP by default/web');
    assert.equal(verdict(m, 'outside', 'default/web'), 'allow 5353/UDP, 8080/TCP by default/web');
  });

  it('ipBlock peers reach the outside, not pods; 0.0.0.0/0 reaches both', () => {
    const m = modelOf(
      pod('app', { app: 'app' }) +
        pod('other', { app: 'other' }) +
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: app-egress, namespace: default}
spec:
  podSelector: {matchLabels: {app: app}}
  policyTypes: [Egress]
  egress:
    - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
      ports: [{port: 443}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: other-egress, namespace: default}
spec:
  podSelector: {matchLabels: {app: other}}
  policyTypes: [Egress]
  egress:
    - to: [{ipBlock: {cidr: 0.0.0.0/0}}]
      ports: [{port: 80}]
`,
    );
    assert.equal(verdict(m, 'default/app', 'outside'), 'allow 443/TCP by default/app-egress');
    assert.equal(verdict(m, 'default/app', 'default/other'), 'deny');
    assert.equal(verdict(m, 'default/app', 'kube-dns'), 'deny');
    assert.equal(verdict(m, 'default/other', 'default/app'), 'allow 80/TCP by default/other-egress');
    assert.equal(verdict(m, 'default/other', 'outside'), 'allow 80/TCP by default/other-egress');
  });

  it('a hostNetwork pod is never isolated and is seen as an outside address', () => {
    const m = modelOf(
      pod('agent', { app: 'agent' }, '  hostNetwork: true\n') +
        pod('web', { app: 'web' }) +
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: default}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-from-agent, namespace: default}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: agent}}}]
`,
    );
    const agent = m.node('default/agent')!;
    assert.deepEqual(agent.isolated, { ingress: false, egress: false });
    assert.deepEqual(m.node('default/web')!.isolated, { ingress: true, egress: true });
    // The pod selector does not see the node's address; web cannot send anywhere.
    assert.equal(verdict(m, 'default/agent', 'default/web'), 'deny');
    assert.equal(verdict(m, 'default/web', 'default/agent'), 'deny');
    assert.equal(verdict(m, 'outside', 'default/agent'), 'allow all by -');
  });

  it('Calico: a partly matching Deny (ICMP) does not deny, an unknown action matches nothing, Log goes on', () => {
    const m = modelOf(
      pod('web', { app: 'web' }) +
        pod('client', { app: 'client' }) +
        `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: web, namespace: default}
spec:
  selector: app == 'web'
  ingress:
    - action: Log
    - action: Deny
      protocol: ICMP
      icmp: {type: 8}
    - action: Accept
      protocol: TCP
    - action: Allow
      protocol: TCP
      notProtocol: UDP
      destination:
        notPorts: [22]
`,
    );
    assert.equal(verdict(m, 'default/client', 'default/web'), 'allow 1-21/TCP, 23-65535/TCP by default/web');
  });

  it('a Tier with defaultAction Pass hands unmatched traffic to the next tier', () => {
    const tiers = (action: string) =>
      pod('web', { app: 'web' }) +
      pod('client', { app: 'client' }) +
      `apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: platform}
spec: {order: 10${action ? `, defaultAction: ${action}` : ''}}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: platform.metrics}
spec:
  tier: platform
  selector: app == 'web'
  types: [Ingress]
  ingress:
    - action: Allow
      protocol: TCP
      destination: {ports: [9090]}
`;
    assert.equal(verdict(modelOf(tiers('Pass')), 'default/client', 'default/web'), 'allow all by platform.metrics');
    assert.equal(verdict(modelOf(tiers('')), 'default/client', 'default/web'), 'allow 9090/TCP by platform.metrics');
  });

  it('decidedBy keeps the rules whose traffic survives the other side', () => {
    const m = modelOf(
      pod('web', { app: 'web' }) +
        pod('client', { app: 'client' }) +
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-egress, namespace: default}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress:
    - ports: [{port: 8080}]
    - ports: [{port: 9000}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-ingress, namespace: default}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
    - ports: [{port: 8080}]
`,
    );
    const v = m.evaluate(m.node('default/client')!, m.node('default/web')!);
    assert.equal(formatPorts(toPortList(v.allowed)), '8080/TCP');
    assert.deepEqual(
      v.decidedBy.map((r) => `${r.direction} ${r.policy.obj.name}`),
      ['egress client-egress', 'ingress web-ingress'],
    );
    assert.equal(v.decidedBy[0].rule, v.decidedBy[0].policy.egress[0]);
  });

  it('one node per workload: a copy of the same workload is dropped, another kind of the same name is told apart', () => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: x}]}
---
`;
    const m = modelOf(deployment + deployment + pod('web', { app: 'web-pod' }));
    assert.deepEqual(
      m.nodes.map((n) => n.id),
      ['default/web', 'default/web (Pod)', 'kube-dns', 'outside'],
    );
    assert.ok(!m.edges.some((e) => e.from === e.to), 'no self edges');
  });

  it('JSON: the SPEC shape, file and line of the deciding rule, and --focus', () => {
    const text =
      pod('web', { app: 'web' }) +
      pod('client', { app: 'client' }, '', 'other') +
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: default}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
    - from: [{namespaceSelector: {}}]
`;
    const { index, lines } = workspace({ '/ws/m.yaml': text });
    const options = { file: (uri: string) => uri.replace('/ws/', ''), position: (uri: string, offset: number) => lines.get(uri)!.positionAt(offset) };
    const json = connectivityJson(connectivityModel(index), options);
    assert.deepEqual(json.nodes[0], {
      id: 'default/web',
      kind: 'Pod',
      namespace: 'default',
      name: 'web',
      labels: { app: 'web' },
      isolated: { ingress: true, egress: false },
    });
    assert.deepEqual(
      json.nodes.map((n) => n.id),
      ['default/web', 'other/client', 'kube-dns', 'outside'],
    );
    const ruleLine = text.split('\n').indexOf('    - from: [{namespaceSelector: {}}]') + 1;
    assert.deepEqual(
      json.edges.find((e) => e.from === 'other/client' && e.to === 'default/web'),
      { from: 'other/client', to: 'default/web', ports: 'all', decidedBy: [{ policy: 'default/web', file: 'm.yaml', line: ruleLine }] },
    );
    assert.deepEqual(json.edges.find((e) => e.from === 'default/web' && e.to === 'other/client'), {
      from: 'default/web',
      to: 'other/client',
      ports: 'all',
      decidedBy: [],
    });
    for (const e of json.edges) assert.deepEqual(Object.keys(e), ['from', 'to', 'ports', 'decidedBy']);

    const focused = connectivityJson(connectivityModel(index), { ...options, focus: 'other' });
    assert.ok(focused.edges.length > 0);
    for (const e of focused.edges) assert.ok(e.from === 'other/client' || e.to === 'other/client', `${e.from} -> ${e.to}`);
    assert.deepEqual(
      focused.nodes.map((n) => n.id),
      ['default/web', 'other/client', 'kube-dns', 'outside'],
    );
    const kubeSystem = connectivityJson(connectivityModel(index), { ...options, focus: 'kube-system' });
    assert.deepEqual(
      kubeSystem.edges.map((e) => `${e.from} -> ${e.to}`),
      ['default/web -> kube-dns', 'other/client -> kube-dns'],
    );

    const editor = connectivityJson(connectivityModel(index), { ...options, locations: true, uri: (u) => `file://${u}` });
    assert.equal(editor.nodes[0].location?.uri, 'file:///ws/m.yaml');
    const d = editor.edges.find((e) => e.from === 'other/client' && e.to === 'default/web')!.decidedBy[0];
    assert.equal(d.direction, 'ingress');
    assert.equal(d.location?.range.start.line, ruleLine - 1);
  });

  it('stays fast on a few hundred workloads: 300 apps, default-deny and an allow policy each', () => {
    let text = '';
    for (let i = 0; i < 300; i++) {
      const ns = `ns${i % 10}`;
      text += pod(`app${i}`, { app: `app${i}` }, '', ns);
      text += `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: app${i}, namespace: ${ns}}
spec:
  podSelector: {matchLabels: {app: app${i}}}
  policyTypes: [Ingress, Egress]
  ingress:
    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ns${(i + 1) % 10}}}, podSelector: {matchLabels: {app: app${(i + 1) % 300}}}}]
      ports: [{port: http}]
  egress:
    - to: [{namespaceSelector: {}, podSelector: {matchLabels: {app: app${(i + 299) % 300}}}}]
---
`;
    }
    const { index } = workspace({ 'big.yaml': text });
    const started = Date.now();
    const m = connectivityModel(index);
    const elapsed = Date.now() - started;
    // Each app i reaches app i-1 (its egress rule and app i-1's ingress rule agree), nothing else.
    assert.equal(m.edges.length, 300);
    assert.ok(m.edges.every((e) => e.to.name === `app${(Number(e.from.name.slice(3)) + 299) % 300}`));
    assert.ok(elapsed < 5000, `${elapsed} ms`);
  });
});
