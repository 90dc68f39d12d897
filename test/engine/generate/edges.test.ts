// Edge inference (SPEC §5) against a real application whose containers name their peers in env
// values (GoogleCloudPlatform/microservices-demo, read in place), and against the shop fixture,
// which covers URLs, full DNS names, ConfigMaps, args, command, named ports, Ingress, HTTPRoute
// and NodePort. The expected edges were written by reading the manifests, not by running the code.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { inferEdges, OUTSIDE, type Edge } from '../../../engine/src/generate/index';
import { DEMO, SHOP, demoAvailable, indexOf, readSources } from './helpers';

function describeEdge(e: Edge, qualified: boolean): string {
  const name = (w: { namespace: string; name: string }) => (qualified ? `${w.namespace}/${w.name}` : w.name);
  return `${e.from === OUTSIDE ? OUTSIDE : name(e.from)} -> ${name(e.to)}:${e.port}/${e.protocol}`;
}

// client -> server:containerPort, from each Deployment's env (Service port -> targetPort):
const DEMO_EDGES = [
  // frontend.yaml: PRODUCT_CATALOG…AD_SERVICE_ADDR (SHOPPING_ASSISTANT_SERVICE_ADDR names no Service)
  'frontend -> productcatalogservice:3550/TCP',
  'frontend -> currencyservice:7000/TCP',
  'frontend -> cartservice:7070/TCP',
  'frontend -> recommendationservice:8080/TCP',
  'frontend -> shippingservice:50051/TCP',
  'frontend -> checkoutservice:5050/TCP',
  'frontend -> adservice:9555/TCP',
  // checkoutservice.yaml (emailservice: Service port 5000 -> targetPort 8080)
  'checkoutservice -> productcatalogservice:3550/TCP',
  'checkoutservice -> shippingservice:50051/TCP',
  'checkoutservice -> paymentservice:50051/TCP',
  'checkoutservice -> emailservice:8080/TCP',
  'checkoutservice -> currencyservice:7000/TCP',
  'checkoutservice -> cartservice:7070/TCP',
  // cartservice.yaml: REDIS_ADDR
  'cartservice -> redis-cart:6379/TCP',
  // recommendationservice.yaml
  'recommendationservice -> productcatalogservice:3550/TCP',
  // loadgenerator.yaml: FRONTEND_ADDR=frontend:80 (Service frontend port 80 -> targetPort 8080)
  'loadgenerator -> frontend:8080/TCP',
  // frontend.yaml: Service frontend-external, type LoadBalancer, port 80 -> 8080
  'outside -> frontend:8080/TCP',
].sort();

describe('edges of microservices-demo', { skip: demoAvailable() ? false : 'corpus not available' }, () => {
  const sources = demoAvailable() ? readSources(DEMO) : [];
  const graph = inferEdges(indexOf(sources));

  it('finds exactly the edges the manifests name, with the destination ports', () => {
    assert.deepEqual(graph.edges.map((e) => describeEdge(e, false)).sort(), DEMO_EDGES);
  });

  it('puts every workload in the default namespace', () => {
    for (const e of graph.edges) {
      assert.equal(e.to.namespace, 'default');
      if (e.from !== OUTSIDE) assert.equal(e.from.namespace, 'default');
    }
  });

  it('keeps the evidence: field, value and the exact offsets of the reference', () => {
    const edge = graph.edges.find((e) => describeEdge(e, false) === 'frontend -> productcatalogservice:3550/TCP')!;
    assert.equal(edge.evidence.length, 1);
    const ev = edge.evidence[0];
    assert.equal(ev.description, 'env PRODUCT_CATALOG_SERVICE_ADDR=productcatalogservice:3550');
    assert.equal(ev.kind, 'Deployment');
    assert.equal(ev.container, 'server');
    const text = sources.find((s) => s.uri === ev.uri)!.text;
    assert.equal(text.slice(ev.start, ev.end), 'productcatalogservice:3550');
    assert.deepEqual(edge.services, [{ namespace: 'default', name: 'productcatalogservice', port: 3550, portName: 'grpc' }]);
  });

  it('counts the init container and the main container of loadgenerator as two pieces of evidence for one edge', () => {
    const edge = graph.edges.find((e) => describeEdge(e, false) === 'loadgenerator -> frontend:8080/TCP')!;
    assert.deepEqual(edge.evidence.map((e) => e.container), ['frontend-check', 'main']);
  });

  it('ignores the bare word "frontend" inside the init container script', () => {
    const edge = graph.edges.find((e) => describeEdge(e, false) === 'loadgenerator -> frontend:8080/TCP')!;
    assert.ok(edge.evidence.every((e) => e.field.startsWith('env ')));
  });

  it('reports the reference to a Service the workspace does not declare', () => {
    const frontend = [...graph.unresolved.entries()].find(([k]) => k.endsWith('/frontend'))?.[1] ?? [];
    assert.deepEqual(
      frontend.map((u) => `${u.evidence.description}: ${u.reason}`),
      ["env SHOPPING_ASSISTANT_SERVICE_ADDR=shoppingassistantservice:80: 'shoppingassistantservice' names no Service of the workspace"],
    );
  });

  it('evidences the exposure by the Service type', () => {
    const edge = graph.edges.find((e) => e.from === OUTSIDE)!;
    assert.equal(edge.evidence[0].description, 'Service frontend-external type LoadBalancer');
  });
});

const SHOP_EDGES = [
  // frontend: CATALOG_URL=http://catalog:8080/api/v1 (Service port 8080 -> targetPort `api` = 9090)
  'shop/frontend -> shop/catalog:9090/TCP',
  // frontend: CART_ADDR=cart.shop.svc.cluster.local:7070 (targetPort absent = port)
  'shop/frontend -> shop/cart:7070/TCP',
  // frontend: envFrom ConfigMap frontend-config SESSION_STORE=redis://redis.data:6379/0 (targetPort `redis`)
  'shop/frontend -> data/redis:6379/TCP',
  // cart: configMapKeyRef cart-config/redis = redis.data.svc.cluster.local:6379
  'shop/cart -> data/redis:6379/TCP',
  // catalog: args[1] --db=postgres://catalog@db.data.svc:5432/catalog (targetPort `pg`)
  'shop/catalog -> data/db:5432/TCP',
  // migrate (a Job): command[2] … postgres://db:5432/catalog …
  'data/migrate -> data/db:5432/TCP',
  // reports: CATALOG=http://catalog.shop:8080 (another namespace)
  'legacy/reports -> shop/catalog:9090/TCP',
  // Ingress shop -> frontend:80; HTTPRoute partner-api -> catalog:8080; Service reports type NodePort
  'outside -> shop/frontend:8080/TCP',
  'outside -> shop/catalog:9090/TCP',
  'outside -> legacy/reports:8000/TCP',
].sort();

describe('edges of the shop fixture', () => {
  const sources = readSources(SHOP);
  const graph = inferEdges(indexOf(sources));
  const find = (s: string) => graph.edges.find((e) => describeEdge(e, true) === s)!;
  const textAt = (uri: string, start: number, end: number) => fs.readFileSync(uri, 'utf8').slice(start, end);

  it('finds exactly the expected edges', () => {
    assert.deepEqual(graph.edges.map((e) => describeEdge(e, true)).sort(), SHOP_EDGES);
  });

  it('does not count OTEL_SERVICE_NAME=frontend (a workload naming itself), a sentence or frontend-v2', () => {
    assert.ok(!graph.edges.some((e) => e.from !== OUTSIDE && e.from.name === 'frontend' && e.to.name === 'frontend'));
    assert.equal(graph.unresolved.size, 0);
  });

  it('points ConfigMap evidence at the ConfigMap value', () => {
    const ev = find('shop/cart -> data/redis:6379/TCP').evidence[0];
    assert.equal(ev.kind, 'ConfigMap');
    assert.equal(ev.name, 'cart-config');
    assert.equal(ev.container, 'cart');
    assert.equal(ev.description, 'ConfigMap cart-config redis=redis.data.svc.cluster.local:6379');
    assert.equal(textAt(ev.uri, ev.start, ev.end), 'redis.data.svc.cluster.local:6379');
    const envFrom = find('shop/frontend -> data/redis:6379/TCP').evidence[0];
    assert.equal(envFrom.description, 'ConfigMap frontend-config SESSION_STORE=redis://redis.data:6379/0');
    assert.equal(textAt(envFrom.uri, envFrom.start, envFrom.end), 'redis.data:6379');
  });

  it('points args and command evidence at the reference inside the item', () => {
    const args = find('shop/catalog -> data/db:5432/TCP').evidence[0];
    assert.equal(args.field, 'args[1]');
    assert.equal(textAt(args.uri, args.start, args.end), 'db.data.svc:5432');
    const command = find('data/migrate -> data/db:5432/TCP').evidence[0];
    assert.equal(command.field, 'command[2]');
    assert.equal(textAt(command.uri, command.start, command.end), 'db:5432');
  });

  it('evidences exposure by Ingress, HTTPRoute and NodePort', () => {
    assert.deepEqual(find('outside -> shop/frontend:8080/TCP').evidence.map((e) => e.description), ['Ingress shop backend frontend:80']);
    assert.deepEqual(find('outside -> shop/catalog:9090/TCP').evidence.map((e) => e.description), ['HTTPRoute partner-api backendRef catalog:8080']);
    assert.deepEqual(find('outside -> legacy/reports:8000/TCP').evidence.map((e) => e.description), ['Service reports type NodePort']);
  });

  it('is built once per index version', () => {
    const index = indexOf(sources);
    const a = inferEdges(index);
    assert.equal(inferEdges(index), a);
    index.setFile('extra.yaml', []);
    assert.notEqual(inferEdges(index), a);
  });
});

describe('edge inference details', () => {
  const svc = (name: string, ns: string, extra = '', ports = '    - port: 80\n      targetPort: 8080') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
${extra}  selector:
    app: ${name}
  ports:
${ports}
`;
  const deploy = (name: string, ns: string, env: Record<string, string> = {}, containerPorts = '            - containerPort: 8080') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: main
          image: x
          ports:
${containerPorts}
${Object.keys(env).length ? `          env:\n${Object.entries(env).map(([k, v]) => `            - name: ${k}\n              value: ${JSON.stringify(v)}`).join('\n')}\n` : ''}`;
  const edgesOf = (files: string[]) =>
    inferEdges(indexOf(files.map((text, i) => ({ uri: `f${i}.yaml`, text }))))
      .edges.map((e) => describeEdge(e, true))
      .sort();

  it('resolves a bare name in the client namespace only', () => {
    assert.deepEqual(edgesOf([deploy('api', 'a'), svc('api', 'a'), deploy('web', 'b', { API: 'api:80' })]), []);
    assert.deepEqual(edgesOf([deploy('api', 'a'), svc('api', 'a'), deploy('web', 'a', { API: 'api:80' })]), ['a/web -> a/api:8080/TCP']);
  });

  it('resolves svc.ns, svc.ns.svc and svc.ns.svc.cluster.local', () => {
    for (const host of ['api.a', 'api.a.svc', 'api.a.svc.cluster.local']) {
      assert.deepEqual(edgesOf([deploy('api', 'a'), svc('api', 'a'), deploy('web', 'b', { API: `${host}:80` })]), ['b/web -> a/api:8080/TCP'], host);
    }
  });

  it('uses every Service port when the reference names none, the scheme port when it is one of them', () => {
    const ports = '    - name: http\n      port: 80\n      targetPort: 8080\n    - name: metrics\n      port: 9090\n      targetPort: 9090';
    const cp = '            - containerPort: 8080\n            - containerPort: 9090';
    assert.deepEqual(edgesOf([deploy('api', 'a', {}, cp), svc('api', 'a', '', ports), deploy('web', 'a', { API: 'api' })]), [
      'a/web -> a/api:8080/TCP',
      'a/web -> a/api:9090/TCP',
    ]);
    assert.deepEqual(edgesOf([deploy('api', 'a', {}, cp), svc('api', 'a', '', ports), deploy('web', 'a', { API: 'http://api/x' })]), ['a/web -> a/api:8080/TCP']);
  });

  it('does not invent a port the Service does not have, but reports it', () => {
    const index = indexOf([deploy('api', 'a'), svc('api', 'a'), deploy('web', 'a', { API: 'api:81' })].map((text, i) => ({ uri: `f${i}.yaml`, text })));
    const graph = inferEdges(index);
    assert.equal(graph.edges.length, 0);
    assert.deepEqual([...graph.unresolved.values()].flat().map((u) => u.reason), ['Service a/api has no port 81']);
  });

  it('takes the port as it is for a headless Service', () => {
    assert.deepEqual(edgesOf([deploy('api', 'a'), svc('api', 'a', '  clusterIP: None\n'), deploy('web', 'a', { API: 'api:7000' })]), ['a/web -> a/api:7000/TCP']);
  });

  it('keeps the Service port protocol', () => {
    const ports = '    - port: 53\n      protocol: UDP';
    assert.deepEqual(edgesOf([deploy('dns', 'a'), svc('dns', 'a', '', ports), deploy('web', 'a', { DNS: 'dns:53' })]), ['a/web -> a/dns:53/UDP']);
  });

  it('leads to every workload the Service selects, and to none in another namespace', () => {
    const sel = (name: string, ns: string) => deploy(name, ns).replace(/app: (\S+)/g, 'app: api').replace(`name: ${name}\n  namespace`, `name: ${name}\n  namespace`);
    assert.deepEqual(edgesOf([sel('api-v1', 'a'), sel('api-v2', 'a'), sel('api-x', 'b'), svc('api', 'a'), deploy('web', 'a', { API: 'api:80' })]), [
      'a/web -> a/api-v1:8080/TCP',
      'a/web -> a/api-v2:8080/TCP',
    ]);
  });

  it('counts a workload calling its own Service by host:port but not by bare name', () => {
    assert.deepEqual(edgesOf([deploy('api', 'a', { SELF: 'api:80', PEER: 'api' }), svc('api', 'a')]), ['a/api -> a/api:8080/TCP']);
    assert.deepEqual(edgesOf([deploy('api', 'a', { PEER: 'api' }), svc('api', 'a')]), []);
  });

  it('judges a whole-value word by the name of its field', () => {
    const files = (env: Record<string, string>) => [deploy('mysql', 'a'), svc('mysql', 'a'), deploy('web', 'a', env)];
    for (const name of ['MYSQL_USER', 'MYSQL_PASSWORD', 'MYSQL_DATABASE', 'SERVICE_NAME', 'dbUser']) {
      assert.deepEqual(edgesOf(files({ [name]: 'mysql' })), [], name);
    }
    for (const name of ['MYSQL_HOST', 'DB_HOST', 'MYSQL', 'UPSTREAM', 'databaseUrl', 'MYSQL_USER_HOST']) {
      assert.deepEqual(edgesOf(files({ [name]: 'mysql' })), ['a/web -> a/mysql:8080/TCP'], name);
    }
    // host:port and URLs count whatever the name
    assert.deepEqual(edgesOf(files({ MYSQL_USER: 'mysql:80' })), ['a/web -> a/mysql:8080/TCP']);
  });
});
