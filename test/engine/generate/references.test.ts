// The matching rules of references.ts, as a table: what counts as a host reference, and what not.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findHostReferences, isAddressName } from '../../../engine/src/generate/references';

type Row = [value: string, expected: string[]];

/** Each reference as `form host[:port]` (with `scheme+` for URLs), then the referencing text must be what it says. */
function show(value: string): string[] {
  return findHostReferences(value).map((r) => {
    const text = value.slice(r.start, r.end);
    return `${r.form} ${r.scheme ? `${r.scheme}+` : ''}${r.host}${r.port !== undefined ? `:${r.port}` : ''} [${text}]`;
  });
}

const COUNTS: Row[] = [
  // the whole value
  ['frontend', ['whole frontend [frontend]']],
  ['  frontend  ', ['whole frontend [frontend]']],
  ['frontend.shop', ['whole frontend.shop [frontend.shop]']],
  ['Frontend', ['whole frontend [Frontend]']],
  ['--upstream=frontend', ['whole frontend [frontend]']],
  ['UPSTREAM=frontend', ['whole frontend [frontend]']],
  // host:port, anywhere
  ['productcatalogservice:3550', ['host-port productcatalogservice:3550 [productcatalogservice:3550]']],
  ['redis-cart:6379/0', ['host-port redis-cart:6379 [redis-cart:6379]']],
  ['connect to cart:7070 now', ['host-port cart:7070 [cart:7070]']],
  ['--addr=cart.shop:7070', ['host-port cart.shop:7070 [cart.shop:7070]']],
  ['a:1,b:2', ['host-port a:1 [a:1]', 'host-port b:2 [b:2]']],
  ['user@db:5432', ['host-port db:5432 [db:5432]']],
  ['(see cart:7070).', ['host-port cart:7070 [cart:7070]']],
  // qualified names, anywhere
  ['cart.shop.svc', ['qualified cart.shop.svc [cart.shop.svc]']],
  ['use cart.shop.svc.cluster.local.', ['qualified cart.shop.svc.cluster.local [cart.shop.svc.cluster.local]']],
  ['cart.shop.svc.cluster.local:7070', ['host-port cart.shop.svc.cluster.local:7070 [cart.shop.svc.cluster.local:7070]']],
  // URLs
  ['http://frontend:8080/path', ['url http+frontend:8080 [frontend:8080]']],
  ['http://frontend/path?q=1', ['url http+frontend [frontend]']],
  ['redis://svc.ns:6379', ['url redis+svc.ns:6379 [svc.ns:6379]']],
  ['postgres://app:secret@db.data.svc:5432/catalog', ['url postgres+db.data.svc:5432 [db.data.svc:5432]']],
  ['mongodb://a:27017,b:27018/db', ['url mongodb+a:27017 [a:27017]', 'url mongodb+b:27018 [b:27018]']],
  ['dns:///productcatalogservice:3550', ['url dns+productcatalogservice:3550 [productcatalogservice:3550]']],
  ['fetch http://frontend:80 then https://api.example.com', ['url http+frontend:80 [frontend:80]', 'url https+api.example.com [api.example.com]']],
  ['--db=postgres://db:5432/x --cache=redis:6379', ['url postgres+db:5432 [db:5432]', 'host-port redis:6379 [redis:6379]']],
];

const IGNORED: string[] = [
  'Pinging frontend now',
  'frontend-v2 is the new UI',
  'my_frontend',
  'see frontend.shop for details',
  '8080',
  '0',
  '',
  ':9090',
  '--listen=:9090',
  'frontend:',
  'frontend:99999',
  '/bin/frontend',
  'http://${FRONTEND_ADDR}',
  '10.0.0.1:80',
  '::1',
  'fe80::1:80',
  '-frontend-',
];

describe('host references (references.ts matching rules)', () => {
  for (const [value, expected] of COUNTS) {
    it(`counts ${JSON.stringify(value)}`, () => assert.deepEqual(show(value), expected));
  }
  for (const value of IGNORED) {
    it(`ignores ${JSON.stringify(value)}`, () => assert.deepEqual(show(value), []));
  }
  it('reads IPv4 hosts as no reference', () => assert.deepEqual(show('http://10.1.2.3:8080'), []));
  it('keeps the name before = of a whole value', () => {
    assert.equal(findHostReferences('--upstream=frontend')[0].assignedTo, '--upstream');
    assert.equal(findHostReferences('frontend')[0].assignedTo, undefined);
  });
});

describe('field names that may hold a host (isAddressName)', () => {
  const yes = ['REDIS_ADDR', 'DB_HOST', 'MYSQL_DB_HOST', 'upstream', 'CATALOG', '--backend', 'apiUrl', 'SE_EVENT_BUS_HOST', 'FELIX_TYPHAK8SSERVICENAME', 'USER_SERVICE_ENDPOINT'];
  const no = ['MYSQL_USER', 'MYSQL_PASSWORD', 'POSTGRES_DB_NAME', 'OTEL_SERVICE_NAME', 'LOG_LEVEL', 'APP_ENV', 'dbPassword', '--mode', 'KAFKA_TOPIC', 'BUCKET'];
  for (const name of yes) it(`${name}: yes`, () => assert.equal(isAddressName(name), true));
  for (const name of no) it(`${name}: no`, () => assert.equal(isAddressName(name), false));
});
