import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfiguredServer } from '../helpers/configured-server.js';
import { createClient, createUser, enableMfa, json, loginForMfaToken, managementToken, type TestServer } from '../helpers/server.js';

/**
 * Every route, fed generated garbage (bodies, content types, queries, headers), with and without a valid
 * token: never a 5xx, and every error body in its area's shape, exactly. Deterministic: fixed seed.
 */

const SEED = 9_2026;
const RUNS = 4000;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Area = 'oauth' | 'management' | 'enroll';
interface Route { method: Method; url: string; area: Area }

const OAUTH_KEYS = ['error', 'error_description'];
const MANAGEMENT_KEYS = ['error', 'errorCode', 'message', 'statusCode'];

/** The routes the OpenAPI document leaves out: HTML pages and the device event stream. */
const UNDOCUMENTED: Route[] = [
  { method: 'GET', url: '/guardian/enroll', area: 'enroll' },
  { method: 'POST', url: '/guardian/enroll/start', area: 'enroll' },
  { method: 'GET', url: '/guardian/enroll/setup', area: 'enroll' },
  { method: 'POST', url: '/guardian/enroll/confirm', area: 'enroll' },
  { method: 'GET', url: '/appliance-mfa/api/device-accounts/x/events', area: 'management' },
  { method: 'POST', url: '/oauth/token', area: 'oauth' },
];

const areaOf = (url: string): Area => (url.startsWith('/api/v2') || url.startsWith('/appliance-mfa') ? 'management' : 'oauth');

const PATH_VALUES = ['x', 'auth0|0', '%00', '9'.repeat(400), 'totp|dev_x', 'con_x', '..', 'ü'];
const huge = (n: number) => 'a'.repeat(n);

const bodyText = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.integer({ min: 1, max: 20_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.integer({ min: 1, max: 5_000 }).map((depth) => `${'{"user_metadata":'.repeat(depth)}1${'}'.repeat(depth)}`),
  fc.integer({ min: 1, max: 5_000 }).map((depth) => `{"name":"x","app_metadata":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`),
  fc.constantFrom('1e999999', '-1e999999', '123456789012345678901234567890', '{"page":1e400}', '{"per_page":-0}', 'NaN', '{"enabled":"true"}'),
  fc.record({ grant_type: fc.string(), client_id: fc.string(), name: fc.string({ unit: 'binary' }), email: fc.string({ unit: 'grapheme' }) }).map((v) => JSON.stringify(v)),
  fc.string({ unit: 'binary' }).map((s) => JSON.stringify({ name: `${s}\u0000`, user_id: s, ticket: s, challenge_response: s })),
  fc.array(fc.jsonValue(), { maxLength: 5 }).map((value) => JSON.stringify(value)),
  fc.constantFrom(huge(70_000), JSON.stringify({ name: huge(60_000) }), `grant_type=${huge(10_000)}`),
  fc.string(),
  fc.constant(''),
);
const contentType = fc.constantFrom(
  'application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/xml', 'multipart/form-data; boundary=x',
  'application/json; charset=utf-16', 'application/json; charset=latin1', '', undefined,
);
/** Weighted towards the values and names that have broken servers before: paging bounds, Lucene `q`. */
const queryValue = fc.oneof(
  { arbitrary: fc.constantFrom('9'.repeat(400), '1e400', '1e21', '-1', 'NaN', 'true', '%00', huge(5_000), 'email:"a*"', 'type:"x" AND (', '*'), weight: 3 },
  { arbitrary: fc.string(), weight: 1 },
);
const QUERY_NAMES = ['page', 'per_page', 'include_totals', 'q', 'sort', 'fields', 'ticket', 'from', 'take', 'search_engine', 'type'] as const;
/** Mostly one parameter at a time: a second, unknown one would stop most requests at validation. */
const query = fc.oneof(
  { arbitrary: fc.constant({}), weight: 1 },
  { arbitrary: fc.tuple(fc.constantFrom(...QUERY_NAMES), queryValue).map(([name, value]) => ({ [name]: value })), weight: 4 },
  { arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...QUERY_NAMES), fc.string()), queryValue, { maxKeys: 4 }), weight: 1 },
);

interface Case { route: Route; pathValue: string; body: string | undefined; type: string | undefined; query: Record<string, string>; auth: string; extra: Record<string, string> }

describe('route fuzz', () => {
  let server: TestServer;
  let routes: Route[];
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    server = await buildConfiguredServer();
    tokens.management = await managementToken(server.app);
    await enableMfa(server.app);
    const client = await createClient(server.app);
    await createUser(server.app);
    tokens.mfa = await loginForMfaToken(server.app, client);
    const document = json(await server.app.inject({ method: 'GET', url: '/api/v2/openapi.json' })) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).filter((m) => m !== 'head').map((method) => ({ method: method.toUpperCase() as Method, url: path, area: areaOf(path) })));
    routes = [...documented, ...UNDOCUMENTED];
  });
  afterAll(() => server.close());

  it('enumerates every documented route plus the undocumented ones', () => {
    expect(routes.length).toBeGreaterThanOrEqual(40);
    for (const prefix of ['/api/v2/', '/mfa/', '/appliance-mfa/api/', '/oauth/token', '/guardian/enroll']) {
      expect(routes.some((route) => route.url.startsWith(prefix)), prefix).toBe(true);
    }
  });

  it('answers every generated request with a non-5xx, and every error in its area shape', async () => {
    const violations: string[] = [];
    const auth = fc.constantFrom('none', 'valid', 'valid', 'valid', 'garbage', 'huge');
    const extra = fc.dictionary(fc.constantFrom('x-forwarded-for', 'accept', 'accept-encoding', 'user-agent', 'cookie', 'origin'), fc.string({ unit: 'binary', maxLength: 300 }), { maxKeys: 3 });
    const cases = fc.record({
      route: fc.constantFrom(...routes), pathValue: fc.constantFrom(...PATH_VALUES), body: fc.option(bodyText, { nil: undefined }), type: contentType, query, auth, extra,
    }) as fc.Arbitrary<Case>;

    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const url = c.route.url.replace(/\{[^}]+\}|:[A-Za-z_]+/g, encodeURIComponent(c.pathValue));
        const bearer = c.auth === 'valid' ? (c.route.url.startsWith('/api/v2') ? tokens.management : tokens.mfa)
          : c.auth === 'garbage' ? 'eyJhbGciOiJub25lIn0.e30.' : c.auth === 'huge' ? huge(8_000) : undefined;
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(c.extra)) if (/^[\t\x20-\x7e\x80-\xff]*$/.test(value)) headers[name] = value;
        if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
        if (c.type !== undefined) headers['content-type'] = c.type;
        const hasBody = c.body !== undefined && c.route.method !== 'GET';
        const response = await server.app.inject({
          method: c.route.method, url, query: c.query, headers, ...(hasBody ? { payload: c.body } : {}),
        });
        const problem = check(response, c.route.area);
        if (problem) violations.push(`${c.route.method} ${c.route.url} [${summary(c)}] → ${String(response.statusCode)} ${problem}: ${response.body.slice(0, 200)}`);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: false },
    );
    expect(violations).toEqual([]);
  }, 120_000);
});

function summary(c: Case): string {
  const body = c.body === undefined ? 'no body' : `${String(c.body.length)}B ${JSON.stringify(c.body.slice(0, 40))}`;
  return `${body}, type ${String(c.type)}, query ${JSON.stringify(c.query).slice(0, 80)}, auth ${c.auth}`;
}

/** Undefined when the answer is acceptable, else what is wrong with it. */
function check(response: LightMyRequestResponse, area: Area): string | undefined {
  if (response.statusCode >= 500) return '5xx';
  if (response.statusCode < 400) return undefined;
  const type = String(response.headers['content-type'] ?? '');
  if (area === 'enroll' && type.startsWith('text/html')) return undefined;
  if (!type.startsWith('application/json')) return `not JSON (${type})`;
  const keys = Object.keys(JSON.parse(response.body) as object).sort();
  const expected = area === 'management' ? MANAGEMENT_KEYS : OAUTH_KEYS;
  return JSON.stringify(keys) === JSON.stringify(expected) ? undefined : `keys ${JSON.stringify(keys)}`;
}

