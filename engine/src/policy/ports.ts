// What a rule allows in terms of protocols and ports, and the allow-all test.
import type { Container } from '../model/object';
import { peerCoversEverything } from './selection';
import type { PolicyPort, PolicyRule } from './types';

/** Only `Allow` rules let traffic through (Kubernetes rules always do). */
export function isAllowRule(rule: PolicyRule): boolean {
  return rule.action === 'Allow';
}

/** Numbers of a named container port with that protocol on any of the containers. */
export function resolveNamedPort(containers: readonly Container[], name: string, protocol: string | undefined): number[] {
  const out: number[] = [];
  for (const c of containers) {
    for (const p of c.ports) {
      if (p.name === name && p.containerPort !== undefined && (protocol === undefined || p.protocol === protocol)) out.push(p.containerPort);
    }
  }
  return out;
}

function portCovers(p: PolicyPort, protocol: string, port: number, containers: readonly Container[]): boolean {
  if (p.protocol !== undefined && p.protocol !== protocol) return false;
  if (p.name !== undefined) return resolveNamedPort(containers, p.name, protocol).includes(port);
  if (p.port === undefined) return true;
  return port >= p.port && port <= (p.endPort ?? p.port);
}

/**
 * Whether the rule lets `protocol`/`port` through to a pod with these containers (named ports
 * resolve against them). Peers are not considered here.
 */
export function ruleAllowsPort(rule: PolicyRule, protocol: string, port: number, containers: readonly Container[]): boolean {
  if (!isAllowRule(rule)) return false;
  if (rule.notProtocol !== undefined && rule.notProtocol === protocol) return false;
  if (rule.notPorts && rule.notPorts.some((p) => portCovers(p, protocol, port, containers))) return false;
  if (!rule.ports) return true;
  return rule.ports.some((p) => portCovers(p, protocol, port, containers));
}

/** Every port of every protocol, and nothing else that narrows the rule (ICMP, HTTP, source ports…). */
export function portsUnrestricted(rule: PolicyRule): boolean {
  return !rule.ports && !rule.notPorts && rule.notProtocol === undefined && !rule.narrowed;
}

/** Peers that cover every address: no `from`/`to` (or source/destination peer fields), `{}`, `0.0.0.0/0` without except. */
export function ruleCoversEveryPeer(rule: PolicyRule): boolean {
  return !rule.peers || rule.peers.some(peerCoversEverything);
}

/** SPEC's allow-all: an allowing rule whose peers cover every address and whose ports are unrestricted. */
export function isAllowAllRule(rule: PolicyRule): boolean {
  return isAllowRule(rule) && ruleCoversEveryPeer(rule) && portsUnrestricted(rule);
}
