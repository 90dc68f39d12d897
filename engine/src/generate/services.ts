// A Service as the edge inference reads it: type, selector, ports and target ports.
import type { K8sObject } from '../model/object';
import { deref, isMap, keyString, mapGet, mapPairs, numberValue, scalarText, seqItems, stringValue } from '../parse/yamlAccess';
import type { ServiceRef } from './edgeTypes';

export interface ServicePort {
  name?: string;
  port: number;
  protocol: string;
  /** Number, name, or undefined (= `port`). */
  targetPort?: number | string;
}

export interface ServiceInfo {
  obj: K8sObject;
  type: string;
  headless: boolean;
  selector?: ReadonlyMap<string, string>;
  ports: ServicePort[];
}

export function readService(obj: K8sObject): ServiceInfo {
  const { doc } = obj;
  const spec = mapGet(obj.node, 'spec', doc);
  const selectorNode = mapGet(spec, 'selector', doc);
  let selector: Map<string, string> | undefined;
  if (isMap(selectorNode)) {
    selector = new Map();
    for (const { pair } of mapPairs(selectorNode, doc)) {
      const k = keyString(pair.key);
      if (k !== undefined) selector.set(k, scalarText(deref(pair.value, doc)) ?? '');
    }
    if (selector.size === 0) selector = undefined; // an empty selector selects no pod for a Service
  }
  const ports: ServicePort[] = [];
  for (const p of seqItems(mapGet(spec, 'ports', doc), doc)) {
    const port = numberValue(mapGet(p, 'port', doc));
    if (port === undefined) continue;
    const t = mapGet(p, 'targetPort', doc);
    const targetPort = numberValue(t) ?? (stringValue(t) !== undefined ? toPortOrName(stringValue(t) as string) : undefined);
    ports.push({
      name: stringValue(mapGet(p, 'name', doc)),
      port,
      protocol: (stringValue(mapGet(p, 'protocol', doc)) ?? 'TCP').toUpperCase(),
      targetPort,
    });
  }
  return {
    obj,
    type: stringValue(mapGet(spec, 'type', doc)) ?? 'ClusterIP',
    headless: stringValue(mapGet(spec, 'clusterIP', doc)) === 'None',
    selector,
    ports,
  };
}

export function toPortOrName(text: string): number | string {
  return /^[0-9]+$/.test(text) ? Number(text) : text;
}

export function serviceRef(svc: ServiceInfo, port: { port: number; name?: string }): ServiceRef {
  return { namespace: svc.obj.namespace, name: svc.obj.name, port: port.port, ...(port.name ? { portName: port.name } : {}) };
}
