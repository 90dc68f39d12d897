// Who talks to whom, as the manifests say it (SPEC §5). Edges are inferred statically from what a
// container is configured with — its `env` values, `args`, `command`, and the ConfigMap values it
// reads (`envFrom.configMapRef`, `env[].valueFrom.configMapKeyRef`) — when those name a Service of
// the workspace (the matching rules are in references.ts). A Service leads to the workloads it
// selects (same namespace) and, through `port` → `targetPort` (a number or a named container port),
// to the destination port and protocol. A Service of type LoadBalancer/NodePort, and one that an
// Ingress or a Gateway API route sends traffic to, is reachable from outside the cluster.
//
// Every edge keeps its evidence: the object, the field, the value and the offsets of the reference.
// The graph is built once per index version (`index.derive`) with hash lookups by Service name, so
// generating for one workload after that is a few map reads.
import type { Scalar } from 'yaml';
import type { K8sObject } from '../model/object';
import { isWorkloadKind, labelMap, podTemplatePath } from '../model/object';
import {
  AnyNode,
  deref,
  isMap,
  isScalar,
  keyString,
  mapGet,
  mapPairs,
  mapPath,
  numberValue,
  scalarText,
  seqItems,
  stringValue,
} from '../parse/yamlAccess';
import type { WorkspaceIndex } from '../workspace/index';
import { findHostReferences, HostReference, isAddressName, SCHEME_PORTS } from './references';
import { OUTSIDE, workloadKey, workloadRef, type Edge, type EdgeGraph, type Evidence, type ServiceRef, type Unresolved, type WorkloadRef } from './edgeTypes';
import { readService, serviceRef, type ServiceInfo, type ServicePort } from './services';

export { OUTSIDE, workloadKey, workloadRef, type Edge, type EdgeGraph, type Evidence, type ServiceRef, type Unresolved, type WorkloadRef } from './edgeTypes';

/** The edge graph of the index, built once per index version. */
export function inferEdges(index: WorkspaceIndex): EdgeGraph {
  return index.derive('generate/edges', buildGraph);
}

// ---------------------------------------------------------------------------------------------
// The build

interface Destination {
  workload: K8sObject;
  port: number;
  protocol: string;
  service: ServiceRef;
}

class GraphBuilder {
  readonly workloads = new Map<string, K8sObject>();
  private readonly services = new Map<string, ServiceInfo>(); // `ns/name`
  private readonly podsByLabel = new Map<string, K8sObject[]>(); // `ns\0key\0value`
  private readonly selected = new Map<ServiceInfo, K8sObject[]>();
  private readonly configMaps = new Map<string, K8sObject>(); // `ns/name`
  private readonly edges = new Map<string, Edge>();
  private readonly unresolved = new Map<string, Unresolved[]>();

  constructor(private readonly index: WorkspaceIndex) {
    for (const obj of index.objects()) {
      if (obj.podTemplate && isWorkloadKind(obj.kind) && obj.name) {
        const key = workloadKey(obj);
        if (this.workloads.has(key)) continue; // a duplicate object: the first one counts
        this.workloads.set(key, obj);
        for (const e of obj.podTemplate.labels.entries) push(this.podsByLabel, `${obj.namespace}\0${e.key}\0${e.value}`, obj);
      } else if (obj.kind === 'Service' && obj.apiVersion === 'v1' && obj.name) {
        const key = `${obj.namespace}/${obj.name}`;
        if (!this.services.has(key)) this.services.set(key, readService(obj));
      } else if (obj.kind === 'ConfigMap' && obj.apiVersion === 'v1' && obj.name) {
        const key = `${obj.namespace}/${obj.name}`;
        if (!this.configMaps.has(key)) this.configMaps.set(key, obj);
      }
    }
  }

  build(): EdgeGraph {
    for (const w of this.workloads.values()) this.scanWorkload(w);
    for (const svc of this.services.values()) {
      if (svc.type === 'LoadBalancer' || svc.type === 'NodePort') this.exposeByServiceType(svc);
    }
    for (const obj of this.index.byKind('Ingress')) this.exposeByIngress(obj);
    for (const kind of ROUTE_KINDS) for (const obj of this.index.byKind(kind)) this.exposeByRoute(obj);

    const edges = [...this.edges.values()].sort(compareEdges);
    const outOf = new Map<string, Edge[]>();
    const into = new Map<string, Edge[]>();
    for (const e of edges) {
      e.evidence.sort(compareEvidence);
      e.services.sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || a.port - b.port);
      if (e.from !== OUTSIDE) push(outOf, workloadKey(e.from), e);
      push(into, workloadKey(e.to), e);
    }
    for (const list of this.unresolved.values()) list.sort((a, b) => compareEvidence(a.evidence, b.evidence) || cmp(a.reason, b.reason));
    return { edges, outOf, into, unresolved: this.unresolved, workloads: this.workloads };
  }

  // -- clients ---------------------------------------------------------------------------------

  private scanWorkload(w: K8sObject): void {
    const { doc } = w;
    const path = w.kind === 'Pod' ? ['spec'] : [...(podTemplatePath(w.kind) ?? []), 'spec'];
    const podSpec = mapPath(w.node, path, doc);
    if (!podSpec) return;
    for (const list of ['initContainers', 'containers']) {
      for (const c of seqItems(mapGet(podSpec, list, doc), doc)) {
        if (!isMap(c)) continue;
        const container = stringValue(mapGet(c, 'name', doc)) ?? '';
        for (const env of seqItems(mapGet(c, 'env', doc), doc)) {
          const name = scalarText(mapGet(env, 'name', doc)) ?? '';
          const valueNode = mapGet(env, 'value', doc);
          if (valueNode) this.scanScalar(w, container, `env ${name}`, '=', valueNode, w, name);
          const ref = mapPath(env, ['valueFrom', 'configMapKeyRef'], doc);
          if (ref) {
            const cmName = scalarText(mapGet(ref, 'name', doc));
            const key = scalarText(mapGet(ref, 'key', doc));
            const cm = cmName ? this.configMaps.get(`${w.namespace}/${cmName}`) : undefined;
            if (cm && key !== undefined) {
              const v = mapPath(cm.node, ['data', key], cm.doc);
              if (v) this.scanScalar(w, container, `ConfigMap ${cmName} ${key}`, '=', v, cm, key);
            }
          }
        }
        for (const from of seqItems(mapGet(c, 'envFrom', doc), doc)) {
          const cmName = scalarText(mapPath(from, ['configMapRef', 'name'], doc));
          const cm = cmName ? this.configMaps.get(`${w.namespace}/${cmName}`) : undefined;
          if (!cm) continue;
          const data = mapGet(cm.node, 'data', cm.doc);
          if (!isMap(data)) continue;
          for (const { pair } of mapPairs(data, cm.doc)) {
            const key = keyString(pair.key);
            if (key === undefined) continue;
            this.scanScalar(w, container, `ConfigMap ${cmName} ${key}`, '=', deref(pair.value, cm.doc), cm, key);
          }
        }
        for (const field of ['command', 'args']) {
          seqItems(mapGet(c, field, doc), doc).forEach((item, i) => this.scanScalar(w, container, `${field}[${i}]`, ' ', item, w));
        }
      }
    }
  }

  /** `name`: the env variable or ConfigMap key holding the value (judges whole-value words). */
  private scanScalar(client: K8sObject, container: string, field: string, joiner: string, node: AnyNode, holder: K8sObject, name?: string): void {
    if (!isScalar(node)) return;
    const value = scalarText(node);
    if (!value) return;
    for (const ref of findHostReferences(value)) {
      if (ref.form === 'whole') {
        const fieldName = ref.assignedTo ?? name;
        if (fieldName !== undefined && !isAddressName(fieldName)) continue;
      }
      const reference = value.slice(ref.start, ref.end);
      const range = referenceRange(node, value, ref);
      const shown = !/[\r\n]/.test(value) && value.length <= 120 ? value : `…${reference}…`;
      const evidence: Evidence = {
        uri: holder.uri,
        kind: holder.kind,
        namespace: holder.namespace,
        name: holder.name,
        container: container || undefined,
        field,
        value: shown,
        reference,
        description: `${field}${joiner}${shown}`,
        start: range.start,
        end: range.end,
      };
      this.resolveReference(client, ref, evidence);
    }
  }

  private resolveReference(client: K8sObject, ref: HostReference, evidence: Evidence): void {
    const found = this.lookupHost(ref.host, client.namespace);
    if (!found) {
      // A bare word that is no Service is just a word; an address is worth a warning: egress to it
      // is not allowed by the generated policy.
      if (ref.form !== 'whole' && ref.host !== 'localhost') {
        this.addUnresolved(client, evidence, `'${ref.host}' names no Service of the workspace`);
      }
      return;
    }
    const { svc, pod } = found;
    let workloads = this.selectedBy(svc);
    if (pod !== undefined) workloads = workloads.filter((w) => w.kind === 'StatefulSet' && pod.startsWith(`${w.name}-`));
    // A workload naming its own Service by a bare word is an identity (OTEL_SERVICE_NAME=cart),
    // not traffic: only host:port, URL and qualified references to oneself count.
    if (ref.form === 'whole' && workloads.includes(client)) return;
    if (workloads.length === 0) {
      this.addUnresolved(client, evidence, `Service ${svc.obj.namespace}/${svc.obj.name} selects no workload of the workspace`);
      return;
    }
    let ports: ServicePort[];
    if (ref.port !== undefined) {
      ports = svc.ports.filter((p) => p.port === ref.port);
      if (ports.length === 0) {
        if (svc.headless) {
          // A headless Service resolves to the pods: any port is reached directly.
          for (const w of workloads) this.addEdge(workloadRef(client), w, ref.port, 'TCP', serviceRef(svc, { port: ref.port }), evidence);
          return;
        }
        this.addUnresolved(client, evidence, `Service ${svc.obj.namespace}/${svc.obj.name} has no port ${ref.port}`);
        return;
      }
    } else {
      const schemePort = ref.scheme ? SCHEME_PORTS[ref.scheme] : undefined;
      const byScheme = schemePort === undefined ? [] : svc.ports.filter((p) => p.port === schemePort);
      ports = byScheme.length ? byScheme : svc.ports;
    }
    for (const dest of this.destinations(svc, ports, workloads, client, evidence)) {
      this.addEdge(workloadRef(client), dest.workload, dest.port, dest.protocol, dest.service, evidence);
    }
  }

  /** The Service a host names from `namespace`, per Kubernetes DNS (search path `<ns>.svc.cluster.local`). */
  private lookupHost(host: string, namespace: string): { svc: ServiceInfo; pod?: string } | undefined {
    const labels = host.split('.');
    let rest = labels;
    if (host.endsWith('.svc.cluster.local')) rest = labels.slice(0, -3);
    else if (labels[labels.length - 1] === 'svc' && labels.length >= 3) rest = labels.slice(0, -1);
    else if (labels.length > 2) return undefined;
    const qualified = rest !== labels;
    if (rest.length === 1) {
      if (qualified) return undefined; // `x.svc` is not a Service name
      const svc = this.services.get(`${namespace}/${rest[0]}`);
      return svc ? { svc } : undefined;
    }
    if (rest.length === 2) {
      const svc = this.services.get(`${rest[1]}/${rest[0]}`);
      if (svc) return { svc };
      if (qualified) return undefined;
      // `pod.svc` of a headless Service, in the client's namespace.
      const headless = this.services.get(`${namespace}/${rest[1]}`);
      return headless?.headless ? { svc: headless, pod: rest[0] } : undefined;
    }
    if (rest.length === 3 && qualified) {
      // `pod.svc.ns.svc(.cluster.local)`: a StatefulSet pod behind a headless Service.
      const headless = this.services.get(`${rest[2]}/${rest[1]}`);
      return headless?.headless ? { svc: headless, pod: rest[0] } : undefined;
    }
    return undefined;
  }

  private selectedBy(svc: ServiceInfo): K8sObject[] {
    let list = this.selected.get(svc);
    if (list) return list;
    list = [];
    if (svc.selector) {
      const [firstKey, firstValue] = svc.selector.entries().next().value as [string, string];
      const candidates = this.podsByLabel.get(`${svc.obj.namespace}\0${firstKey}\0${firstValue}`) ?? [];
      list = candidates.filter((w) => {
        const labels = labelMap(w.podTemplate!.labels);
        for (const [k, v] of svc.selector!) if (labels.get(k) !== v) return false;
        return true;
      });
      list.sort((a, b) => cmp(workloadKey(a), workloadKey(b)));
    }
    this.selected.set(svc, list);
    return list;
  }

  /** Service ports → (workload, container port, protocol), named target ports resolved per workload. */
  private destinations(svc: ServiceInfo, ports: readonly ServicePort[], workloads: readonly K8sObject[], client: K8sObject | undefined, evidence: Evidence): Destination[] {
    const out: Destination[] = [];
    for (const p of ports) {
      for (const w of workloads) {
        const target = p.targetPort ?? p.port;
        let port: number | undefined;
        if (typeof target === 'number') port = target;
        else {
          for (const c of w.podTemplate?.containers ?? []) {
            const cp = c.ports.find((x) => x.name === target && x.containerPort !== undefined);
            if (cp) {
              port = cp.containerPort;
              break;
            }
          }
        }
        if (port === undefined) {
          if (client) this.addUnresolved(client, evidence, `targetPort '${target}' of Service ${svc.obj.namespace}/${svc.obj.name} is no port of ${w.kind} ${w.name}`);
          continue;
        }
        out.push({ workload: w, port, protocol: p.protocol, service: serviceRef(svc, p) });
      }
    }
    return out;
  }

  // -- exposure from outside -------------------------------------------------------------------

  private exposeByServiceType(svc: ServiceInfo): void {
    const typeNode = mapPath(svc.obj.node, ['spec', 'type'], svc.obj.doc);
    const evidence = objectEvidence(svc.obj, 'type', svc.type, typeNode);
    for (const dest of this.destinations(svc, svc.ports, this.selectedBy(svc), undefined, evidence)) {
      this.addEdge(OUTSIDE, dest.workload, dest.port, dest.protocol, dest.service, evidence);
    }
  }

  private exposeByIngress(obj: K8sObject): void {
    if (obj.apiVersion !== 'networking.k8s.io/v1' && obj.apiVersion !== 'extensions/v1beta1' && obj.apiVersion !== 'networking.k8s.io/v1beta1') return;
    const { doc } = obj;
    const spec = mapGet(obj.node, 'spec', doc);
    const backends: AnyNode[] = [mapGet(spec, 'defaultBackend', doc), mapGet(spec, 'backend', doc)];
    for (const rule of seqItems(mapGet(spec, 'rules', doc), doc)) {
      for (const path of seqItems(mapPath(rule, ['http', 'paths'], doc), doc)) backends.push(mapGet(path, 'backend', doc));
    }
    for (const backend of backends) {
      if (!isMap(backend)) continue;
      // v1: backend.service.{name, port.{number|name}}; v1beta1: backend.{serviceName, servicePort}.
      const service = mapGet(backend, 'service', doc);
      const nameNode = service ? mapGet(service, 'name', doc) : mapGet(backend, 'serviceName', doc);
      const name = scalarText(nameNode);
      if (!name) continue;
      let port: number | string | undefined;
      if (service) {
        const p = mapGet(service, 'port', doc);
        port = numberValue(mapGet(p, 'number', doc)) ?? stringValue(mapGet(p, 'name', doc));
      } else {
        const p = mapGet(backend, 'servicePort', doc);
        port = numberValue(p) ?? stringValue(p);
      }
      const shown = port === undefined ? name : `${name}:${port}`;
      this.exposeService(obj.namespace, name, port, objectEvidence(obj, 'backend', shown, nameNode));
    }
  }

  private exposeByRoute(obj: K8sObject): void {
    if (!obj.apiVersion.startsWith('gateway.networking.k8s.io/')) return;
    const { doc } = obj;
    for (const rule of seqItems(mapPath(obj.node, ['spec', 'rules'], doc), doc)) {
      for (const ref of seqItems(mapGet(rule, 'backendRefs', doc), doc)) {
        const kind = stringValue(mapGet(ref, 'kind', doc)) ?? 'Service';
        const group = stringValue(mapGet(ref, 'group', doc)) ?? '';
        if (kind !== 'Service' || group !== '') continue;
        const nameNode = mapGet(ref, 'name', doc);
        const name = scalarText(nameNode);
        if (!name) continue;
        const namespace = stringValue(mapGet(ref, 'namespace', doc)) ?? obj.namespace;
        const port = numberValue(mapGet(ref, 'port', doc));
        const shown = `${namespace === obj.namespace ? name : `${name}.${namespace}`}${port === undefined ? '' : `:${port}`}`;
        this.exposeService(namespace, name, port, objectEvidence(obj, 'backendRef', shown, nameNode));
      }
    }
  }

  private exposeService(namespace: string, name: string, port: number | string | undefined, evidence: Evidence): void {
    const svc = this.services.get(`${namespace}/${name}`);
    if (!svc) return;
    const ports = port === undefined ? svc.ports : svc.ports.filter((p) => (typeof port === 'number' ? p.port === port : p.name === port));
    for (const dest of this.destinations(svc, ports, this.selectedBy(svc), undefined, evidence)) {
      this.addEdge(OUTSIDE, dest.workload, dest.port, dest.protocol, dest.service, evidence);
    }
  }

  // -- bookkeeping -----------------------------------------------------------------------------

  private addEdge(from: WorkloadRef | typeof OUTSIDE, to: K8sObject, port: number, protocol: string, service: ServiceRef, evidence: Evidence): void {
    const fromKey = from === OUTSIDE ? OUTSIDE : workloadKey(from);
    const key = `${fromKey}\0${workloadKey(to)}\0${port}\0${protocol}`;
    let edge = this.edges.get(key);
    if (!edge) {
      edge = { from, to: workloadRef(to), port, protocol, services: [], evidence: [] };
      this.edges.set(key, edge);
    }
    if (!edge.services.some((s) => s.namespace === service.namespace && s.name === service.name && s.port === service.port)) edge.services.push(service);
    if (!edge.evidence.some((e) => sameEvidence(e, evidence))) edge.evidence.push(evidence);
  }

  private addUnresolved(client: K8sObject, evidence: Evidence, reason: string): void {
    const key = workloadKey(client);
    const list = this.unresolved.get(key) ?? [];
    if (!list.some((u) => u.reason === reason && sameEvidence(u.evidence, evidence))) list.push({ from: workloadRef(client), evidence, reason });
    this.unresolved.set(key, list);
  }
}

/** Gateway API route kinds whose `backendRefs` send traffic from outside. */
const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'];

function buildGraph(index: WorkspaceIndex): EdgeGraph {
  return new GraphBuilder(index).build();
}


function objectEvidence(obj: K8sObject, field: string, value: string, node: AnyNode): Evidence {
  const r = node?.range ? { start: node.range[0], end: node.range[1] } : obj.nameRange;
  const f = `${obj.kind} ${obj.name} ${field}`;
  return { uri: obj.uri, kind: obj.kind, namespace: obj.namespace, name: obj.name, field: f, value, reference: value, description: `${f} ${value}`, start: r.start, end: r.end };
}

/**
 * The reference's offsets in the file. Exact for one-line plain and quoted scalars written without
 * escapes (the source is then the value itself); otherwise the whole scalar.
 */
function referenceRange(node: Scalar, value: string, ref: HostReference): { start: number; end: number } {
  const r = node.range;
  if (!r) return { start: 0, end: 0 };
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  if ((quoted || node.type === 'PLAIN') && !/[\r\n]/.test(value) && r[1] - r[0] === value.length + (quoted ? 2 : 0)) {
    const base = r[0] + (quoted ? 1 : 0);
    return { start: base + ref.start, end: base + ref.end };
  }
  return { start: r[0], end: r[1] };
}

function sameEvidence(a: Evidence, b: Evidence): boolean {
  return a.uri === b.uri && a.start === b.start && a.end === b.end && a.field === b.field && a.container === b.container;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareEvidence(a: Evidence, b: Evidence): number {
  return cmp(a.uri, b.uri) || a.start - b.start || a.end - b.end || cmp(a.container ?? '', b.container ?? '') || cmp(a.field, b.field);
}

function endpointKey(e: WorkloadRef | typeof OUTSIDE): string {
  return e === OUTSIDE ? '\uffff' : workloadKey(e);
}

function compareEdges(a: Edge, b: Edge): number {
  return cmp(endpointKey(a.from), endpointKey(b.from)) || cmp(workloadKey(a.to), workloadKey(b.to)) || a.port - b.port || cmp(a.protocol, b.protocol);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
