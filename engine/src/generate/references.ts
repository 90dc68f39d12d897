// Finds the host names that a configuration string may use to reach a Service (SPEC §5).
//
// The matching rules, from the strongest signal to the weakest:
//
// 1. URLs anywhere in the value: `scheme://[user[:pass]@]host[:port][/…]` (several hosts separated
//    by `,` as in `mongodb://a:27017,b:27017/db`), and gRPC's `dns:///host:port` / `dns://auth/host`.
// 2. `host:port` tokens anywhere in the value, the port being 1–65535 digits, optionally followed by
//    a path (`redis-cart:6379/0`). Tokens are separated by white space and `, ; " ' ( ) [ ] { } < > |`;
//    a `--flag=` or `KEY=` before the host is not part of it, nor is a `user@`.
// 3. Fully qualified Service names (`svc.ns.svc`, `svc.ns.svc.cluster.local`, with or without a
//    trailing dot) as tokens anywhere in the value.
// 4. Any other host form (`svc`, `svc.ns`) only when it is the whole value (white space trimmed), or
//    the whole right-hand side of a value that is a single `--flag=HOST` / `KEY=HOST` token.
//
// A whole-value host whose name (the env variable, the ConfigMap key, or the `--flag`/`KEY` before
// `=`) says it is something else is not a reference: a name with a token such as USER, PASSWORD,
// SECRET, TOKEN, KEY, DATABASE, NAME, ID, MODE, LEVEL (`MYSQL_USER=mysql`, `SERVICE_NAME=cart`),
// unless it also has an address token: HOST, HOSTNAME, ADDR, ADDRESS, URL, URI, ENDPOINT, SERVER,
// DSN (`DB_HOST=mysql` counts). See `isAddressName`.
//
// So `frontend` counts in `FRONTEND=frontend`, `frontend:80`, `http://frontend/x` and
// `--upstream=frontend`, but not in "Pinging frontend now", `frontend-v2`, `my_frontend` or
// `frontend.css`-like words inside a sentence. Whether a host names a Service of the workspace is
// decided later (edges.ts); this module only says which substrings are host references.
// Hosts are returned lower-cased (DNS is case-insensitive) with a trailing dot removed.

export type ReferenceForm = 'url' | 'host-port' | 'qualified' | 'whole';

export interface HostReference {
  host: string;
  port?: number;
  /** Lower-cased URL scheme (`http`, `redis`, `dns`…), for URLs. */
  scheme?: string;
  form: ReferenceForm;
  /** For `--flag=HOST` / `KEY=HOST`: the name before `=` (`--flag`, `KEY`). */
  assignedTo?: string;
  /** The referencing text inside the value: [start, end) in UTF-16 code units. */
  start: number;
  end: number;
}

const HOST_RE = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
const URL_RE = /([A-Za-z][A-Za-z0-9+.-]*):\/\/([^\s"'<>|(){}\[\]]*)/g;
const TOKEN_SEPARATORS = /[\s,;"'()\[\]{}<>|]/;

/** A syntactically valid DNS host name (lower case), not an IPv4 address. */
export function isHostName(host: string): boolean {
  if (host.length === 0 || host.length > 253 || !HOST_RE.test(host)) return false;
  if (/^[0-9.]+$/.test(host)) return false;
  return host.split('.').every((label) => label.length <= 63);
}

/** `svc.ns.svc` or `svc.ns.svc.cluster.local` (and the headless-pod forms with one more label). */
export function isQualifiedServiceName(host: string): boolean {
  const labels = host.split('.');
  if (host.endsWith('.svc.cluster.local')) return labels.length >= 5;
  return labels.length >= 3 && labels[labels.length - 1] === 'svc';
}

function parsePort(text: string): number | undefined {
  if (!/^[0-9]{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
}

function normalizeHost(raw: string): string | undefined {
  let host = raw.toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  return isHostName(host) ? host : undefined;
}

/** Every host reference in `value`, in text order, per the rules above. */
export function findHostReferences(value: string): HostReference[] {
  const out: HostReference[] = [];
  const covered: [number, number][] = [];

  // 1. URLs.
  URL_RE.lastIndex = 0;
  for (let m = URL_RE.exec(value); m; m = URL_RE.exec(value)) {
    const scheme = m[1].toLowerCase();
    const restStart = m.index + m[1].length + 3;
    const rest = m[2];
    covered.push([m.index, m.index + m[0].length]);
    // Authority: up to the first `/`, `?` or `#`.
    const authEnd = rest.search(/[/?#]/);
    let authority = authEnd < 0 ? rest : rest.slice(0, authEnd);
    let authorityStart = restStart;
    if (authority === '' && rest.startsWith('/') && scheme === 'dns') {
      // dns:///host:port — the target is the first path segment.
      const path = rest.slice(1);
      const segEnd = path.search(/[/?#]/);
      authority = segEnd < 0 ? path : path.slice(0, segEnd);
      authorityStart = restStart + 1;
    } else if (scheme === 'dns' && authEnd >= 0 && rest[authEnd] === '/') {
      // dns://resolver/host:port — the authority is the DNS server, the path the target.
      const path = rest.slice(authEnd + 1);
      const segEnd = path.search(/[/?#]/);
      authority = path.slice(0, segEnd < 0 ? path.length : segEnd);
      authorityStart = restStart + authEnd + 1;
    }
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      authorityStart += at + 1;
      authority = authority.slice(at + 1);
    }
    let offset = authorityStart;
    for (const part of authority.split(',')) {
      const colon = part.lastIndexOf(':');
      const hostText = colon >= 0 ? part.slice(0, colon) : part;
      const port = colon >= 0 ? parsePort(part.slice(colon + 1)) : undefined;
      const host = normalizeHost(hostText);
      if (host && (colon < 0 || port !== undefined)) {
        out.push({ host, port, scheme, form: 'url', start: offset, end: offset + part.length });
      }
      offset += part.length + 1;
    }
  }

  // 2–4. Tokens outside URLs.
  const trimmedStart = value.length - value.trimStart().length;
  const trimmedEnd = value.trimEnd().length;
  let i = 0;
  while (i < value.length) {
    while (i < value.length && TOKEN_SEPARATORS.test(value[i])) i++;
    const start = i;
    while (i < value.length && !TOKEN_SEPARATORS.test(value[i])) i++;
    if (i === start) continue;
    if (covered.some(([a, b]) => start < b && i > a)) continue;
    const ref = tokenReference(value.slice(start, i), start, start === trimmedStart && i === trimmedEnd);
    if (ref) out.push(ref);
  }
  return out.sort((a, b) => a.start - b.start);
}

function tokenReference(token: string, offset: number, whole: boolean): HostReference | undefined {
  let text = token;
  let start = offset;
  let assignedTo: string | undefined;
  // `--flag=value`, `KEY=value`: the value is what counts.
  const eq = text.indexOf('=');
  if (eq >= 0) {
    assignedTo = text.slice(0, eq);
    start += eq + 1;
    text = text.slice(eq + 1);
  }
  const at = text.lastIndexOf('@');
  if (at >= 0) {
    start += at + 1;
    text = text.slice(at + 1);
  }
  // A path after host:port (`redis:6379/0`) is not part of the host.
  const slash = text.indexOf('/');
  if (slash >= 0) text = text.slice(0, slash);
  // Sentence punctuation after a host (`see svc.ns.svc.cluster.local.`) is dropped below.
  const colon = text.indexOf(':');
  if (colon >= 0) {
    if (slash < 0 && colon !== text.lastIndexOf(':')) return undefined; // IPv6, a:b:c
    const portText = text.slice(colon + 1).replace(/\.+$/, '');
    const port = parsePort(portText);
    const host = normalizeHost(text.slice(0, colon));
    if (port === undefined || !host) return undefined;
    return { host, port, form: 'host-port', start, end: start + colon + 1 + portText.length };
  }
  const bare = text.replace(/\.+$/, '');
  const host = normalizeHost(bare);
  if (!host) return undefined;
  if (isQualifiedServiceName(host)) return { host, form: 'qualified', start, end: start + bare.length };
  if (whole && slash < 0) return { host, form: 'whole', ...(assignedTo ? { assignedTo } : {}), start, end: start + bare.length };
  return undefined;
}

const ADDRESS_TOKENS: ReadonlySet<string> = new Set(['host', 'hostname', 'hosts', 'addr', 'address', 'addresses', 'url', 'urls', 'uri', 'endpoint', 'endpoints', 'server', 'servers', 'dsn']);
const NOT_ADDRESS_TOKENS: ReadonlySet<string> = new Set([
  'user', 'username', 'password', 'pass', 'passwd', 'pwd', 'secret', 'token', 'key', 'cert',
  'database', 'dbname', 'schema', 'table', 'bucket', 'topic', 'queue', 'login', 'account', 'role',
  'name', 'id', 'label', 'tag', 'mode', 'level', 'type', 'kind', 'env', 'environment', 'profile',
  'path', 'file', 'dir', 'image', 'version', 'region', 'zone', 'tier', 'component', 'app', 'namespace',
]);

/**
 * Whether a field name may hold a host: false when one of its tokens (split at `_ - .` and camel
 * case) names something else (USER, PASSWORD, NAME…) and none names an address (HOST, ADDR, URL…).
 */
export function isAddressName(name: string): boolean {
  const tokens = name
    .replace(/^-+/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_\-.]+/)
    .filter(Boolean);
  if (tokens.some((t) => ADDRESS_TOKENS.has(t))) return true;
  return !tokens.some((t) => NOT_ADDRESS_TOKENS.has(t));
}

/** Well-known default ports of URL schemes, for URLs that name no port. */
export const SCHEME_PORTS: Readonly<Record<string, number>> = {
  http: 80,
  ws: 80,
  https: 443,
  wss: 443,
  grpc: 80,
  grpcs: 443,
  redis: 6379,
  rediss: 6379,
  postgres: 5432,
  postgresql: 5432,
  mysql: 3306,
  mongodb: 27017,
  amqp: 5672,
  amqps: 5671,
  nats: 4222,
  kafka: 9092,
  memcached: 11211,
  ldap: 389,
  ldaps: 636,
  ftp: 21,
  smtp: 25,
};
