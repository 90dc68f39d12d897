// Sets of traffic by protocol and destination port, closed under union, intersection and
// difference: what a rule matches, what a policy side allows, and what an edge carries. Calico's
// first-match rule order needs the difference ("what is left after this Deny"), so a set is not
// a list of ports but, per protocol, sorted disjoint port intervals, plus one flag for every
// protocol the set does not name (`rest`). `ALL` = every protocol, every port; `NONE` = nothing.

export type Interval = readonly [number, number];

export interface PortSet {
  /** Whether protocols absent from `protocols` are in the set (every port of each). */
  readonly rest: boolean;
  /** Per canonical protocol name: sorted, disjoint, non-adjacent intervals within [MIN_PORT, MAX_PORT]. */
  readonly protocols: ReadonlyMap<string, readonly Interval[]>;
}

export const MIN_PORT = 1;
export const MAX_PORT = 65535;
const FULL: readonly Interval[] = [[MIN_PORT, MAX_PORT]];
const EMPTY: readonly Interval[] = [];

export const ALL: PortSet = { rest: true, protocols: new Map() };
export const NONE: PortSet = { rest: false, protocols: new Map() };

/** The protocols that have ports, as Kubernetes knows them: what `rest` stands for in a port list. */
export const PORT_PROTOCOLS: readonly string[] = ['TCP', 'UDP', 'SCTP'];

const CANONICAL: Record<string, string> = { ICMPV6: 'ICMPv6', UDPLITE: 'UDPLite' };

/** `tcp` → `TCP`, `icmpv6` → `ICMPv6`; Calico numbers are named by the policy parser already. */
export function canonicalProtocol(protocol: string): string {
  const upper = protocol.trim().toUpperCase();
  return CANONICAL[upper] ?? upper;
}

/** Every port of one protocol, or the ports `lo..hi` of it. */
export function protocolPorts(protocol: string, lo = MIN_PORT, hi = MAX_PORT): PortSet {
  const a = Math.max(MIN_PORT, Math.min(lo, hi));
  const b = Math.min(MAX_PORT, Math.max(lo, hi));
  if (a > b) return NONE;
  return { rest: false, protocols: new Map([[canonicalProtocol(protocol), [[a, b] as Interval]]]) };
}

export function isEmpty(s: PortSet): boolean {
  return !s.rest && s.protocols.size === 0;
}

export function isAll(s: PortSet): boolean {
  return s.rest && s.protocols.size === 0;
}

export function contains(s: PortSet, protocol: string, port: number): boolean {
  const intervals = s.protocols.get(canonicalProtocol(protocol));
  if (!intervals) return s.rest;
  return intervals.some(([lo, hi]) => port >= lo && port <= hi);
}

export function union(a: PortSet, b: PortSet): PortSet {
  if (isAll(a) || isEmpty(b)) return a;
  if (isAll(b) || isEmpty(a)) return b;
  return combine(a, b, (x, y) => x || y);
}

export function intersect(a: PortSet, b: PortSet): PortSet {
  if (isEmpty(a) || isAll(b)) return a;
  if (isEmpty(b) || isAll(a)) return b;
  return combine(a, b, (x, y) => x && y);
}

export function subtract(a: PortSet, b: PortSet): PortSet {
  if (isEmpty(a) || isEmpty(b)) return a;
  if (isAll(b)) return NONE;
  return combine(a, b, (x, y) => x && !y);
}

export function equals(a: PortSet, b: PortSet): boolean {
  if (a.rest !== b.rest || a.protocols.size !== b.protocols.size) return false;
  for (const [p, ia] of a.protocols) {
    const ib = b.protocols.get(p);
    if (!ib || ia.length !== ib.length) return false;
    for (let i = 0; i < ia.length; i++) if (ia[i][0] !== ib[i][0] || ia[i][1] !== ib[i][1]) return false;
  }
  return true;
}

function combine(a: PortSet, b: PortSet, op: (x: boolean, y: boolean) => boolean): PortSet {
  const rest = op(a.rest, b.rest);
  const restIntervals = rest ? FULL : EMPTY;
  const protocols = new Map<string, readonly Interval[]>();
  for (const p of new Set([...a.protocols.keys(), ...b.protocols.keys()])) {
    const ia = a.protocols.get(p) ?? (a.rest ? FULL : EMPTY);
    const ib = b.protocols.get(p) ?? (b.rest ? FULL : EMPTY);
    const r = combineIntervals(ia, ib, op);
    if (!sameIntervals(r, restIntervals)) protocols.set(p, r);
  }
  return { rest, protocols: sortedMap(protocols) };
}

function sortedMap(m: Map<string, readonly Interval[]>): Map<string, readonly Interval[]> {
  return new Map([...m].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}

function sameIntervals(a: readonly Interval[], b: readonly Interval[]): boolean {
  return a.length === b.length && a.every((x, i) => x[0] === b[i][0] && x[1] === b[i][1]);
}

function inIntervals(list: readonly Interval[], port: number): boolean {
  for (const [lo, hi] of list) {
    if (port < lo) return false;
    if (port <= hi) return true;
  }
  return false;
}

/** Sweeps the elementary segments between every boundary of both lists. */
function combineIntervals(a: readonly Interval[], b: readonly Interval[], op: (x: boolean, y: boolean) => boolean): Interval[] {
  const points = new Set<number>([MIN_PORT, MAX_PORT + 1]);
  for (const [lo, hi] of a) points.add(lo).add(hi + 1);
  for (const [lo, hi] of b) points.add(lo).add(hi + 1);
  const sorted = [...points].sort((x, y) => x - y);
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const lo = sorted[i];
    const hi = sorted[i + 1] - 1;
    if (!op(inIntervals(a, lo), inIntervals(b, lo))) continue;
    const last = out[out.length - 1];
    if (last && last[1] + 1 === lo) last[1] = hi;
    else out.push([lo, hi]);
  }
  return out;
}

/** One entry of a port list: a port, a range (`endPort`), or every port of a protocol (`port: "all"`). */
export interface PortEntry {
  port: number | 'all';
  endPort?: number;
  protocol: string;
}

/**
 * The set as SPEC §3 writes it: `"all"`, or a list of `{ port, protocol }` sorted by port (`"all"`
 * first) then protocol. A set that holds every protocol but some (Calico: Deny TCP 22, then Allow
 * everything) lists TCP, UDP and SCTP explicitly; other port-less protocols are then left out.
 */
export function toPortList(s: PortSet): 'all' | PortEntry[] {
  if (isAll(s)) return 'all';
  const out: PortEntry[] = [];
  const protocols = new Map(s.protocols);
  if (s.rest) for (const p of PORT_PROTOCOLS) if (!protocols.has(p)) protocols.set(p, FULL);
  for (const [protocol, intervals] of protocols) {
    for (const [lo, hi] of intervals) {
      if (lo === MIN_PORT && hi === MAX_PORT) out.push({ port: 'all', protocol });
      else if (lo === hi) out.push({ port: lo, protocol });
      else out.push({ port: lo, endPort: hi, protocol });
    }
  }
  return out.sort(comparePortEntries);
}

export function comparePortEntries(a: PortEntry, b: PortEntry): number {
  const pa = a.port === 'all' ? -1 : a.port;
  const pb = b.port === 'all' ? -1 : b.port;
  if (pa !== pb) return pa - pb;
  return a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0;
}

/** `8080/TCP`, `8000-8080/TCP`, `TCP` (every port); `all` for the whole set. */
export function formatPorts(ports: 'all' | readonly PortEntry[]): string {
  if (ports === 'all') return 'all';
  if (ports.length === 0) return 'none';
  return ports.map(formatPortEntry).join(', ');
}

export function formatPortEntry(p: PortEntry): string {
  if (p.port === 'all') return `${p.protocol}`;
  return `${p.port}${p.endPort !== undefined ? `-${p.endPort}` : ''}/${p.protocol}`;
}
