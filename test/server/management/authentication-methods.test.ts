import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GRANT_TYPES } from '../../../server/grants/types.js';
import {
  auditRows,
  authenticatorRows,
  expectStatus,
  invalidBody,
  iso,
  mgmtError,
  otpGrant,
  seedMfaTenant,
  seedUser,
  snapshot,
  T0,
  T0_MS,
  USER_NOT_FOUND,
  type AdminCall,
  type Method,
  type SeededUser,
} from '../../helpers/mfa-admin.js';
import { queryRows } from '../../helpers/db.js';
import {
  ADMIN,
  buildTestServer,
  enrollOtp,
  json,
  loginForMfaToken,
  oathtool,
  PASSWORD,
  tokenRequest,
  type TestClient,
  type TestServer,
} from '../../helpers/server.js';

const TOTP_ID = /^totp\|dev_[A-Za-z0-9]{16}$/;
const PHONE_ID = /^phone\|dev_[A-Za-z0-9]{16}$/;
const EMAIL_ID = /^email\|dev_[A-Za-z0-9]{16}$/;
const METHOD_NOT_FOUND = mgmtError(404, 'inexistent_authentication_method', 'The authentication method could not be found.');
const METHOD_EXISTS = mgmtError(409, 'authentication_method_conflict', 'Authentication method already exists.');
/** The schema patterns, as the validation message quotes them. */
const E164 = '^\\+[1-9][0-9]{6,14}$';
const BASE32 = '^ *(?:[A-Za-z2-7] *){16,}=*$';
const UK_PHONE = '+447700900123';
/** Base32 by the pattern, but no key an authenticator could use: refused before it is stored. */
const UNUSABLE_SECRET = invalidBody("'Expected a Base32 secret of 10 to 64 bytes' on property totp_secret");

const linkOf = (id: string) => id.slice(id.indexOf('|') + 1);
/** Races are 50 parallel requests, as in test/server/concurrency.test.ts. */
const RACE = 50;
const answers = (responses: LightMyRequestResponse[]) => responses.map((response) => ({ status: response.statusCode, body: response.body === '' ? undefined : json(response) }));

interface MethodView {
  id: string;
  type: string;
  link_id?: string;
  [key: string]: unknown;
}

describe('Management API: authentication methods', () => {
  let server: TestServer;
  let admin: AdminCall;
  let client: TestClient;
  let ada: SeededUser;
  beforeEach(async () => {
    server = await buildTestServer();
    ({ admin, client, ada } = await seedMfaTenant(server));
  });
  afterEach(() => server.close());

  const methods = (userId: string, rest = '') => `/api/v2/users/${encodeURIComponent(userId)}/authentication-methods${rest}`;
  const methodPath = (userId: string, id: string) => methods(userId, `/${encodeURIComponent(id)}`);
  const create = async (body: Record<string, unknown>, userId = ada.user_id) => expectStatus<MethodView>(await admin('POST', methods(userId), body), 201);

  /** Three methods, a second apart: TOTP, phone, email. */
  async function threeMethods(): Promise<[MethodView, MethodView, MethodView]> {
    const totp = await create({ type: 'totp', totp_secret: 'JBSWY3DPEHPK3PXP' });
    server.clock.advance(1000);
    const phone = await create({ type: 'phone', phone_number: UK_PHONE });
    server.clock.advance(1000);
    const email = await create({ type: 'email', email: 'ada@work.example' });
    return [totp, phone, email];
  }

  describe('POST /api/v2/users/{id}/authentication-methods', () => {
    it.each([
      ['the Base32 example secret', 'JBSWY3DPEHPK3PXP', 'JBSWY3DPEHPK3PXP'],
      ['a 32-character (160-bit) secret', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'],
      ['a lower-case secret grouped by spaces, with padding', 'mfrg gzdf mztw q2lk====', 'MFRGGZDFMZTWQ2LK'],
    ])('creates a confirmed TOTP method from %s; the user then logs in with its codes, no enrollment step', async (_label, secret, canonical) => {
      const response = await admin('POST', methods(ada.user_id), { type: 'totp', totp_secret: secret });
      expect(response.statusCode).toBe(201);
      const created = json(response) as MethodView;
      expect(created).toEqual({ id: expect.stringMatching(TOTP_ID), type: 'totp', confirmed: true, created_at: T0, enrolled_at: T0 });

      const password = await tokenRequest(server.app, { grant_type: 'password', client_id: client.client_id, client_secret: client.client_secret, username: ada.email, password: PASSWORD });
      const mfa = json(password) as { mfa_token: string; mfa_requirements: unknown };
      expect(mfa.mfa_requirements).toEqual({ challenge: [{ type: 'otp' }] });
      const login = await otpGrant(server.app, client, mfa.mfa_token, oathtool(canonical, server.clock.now()));
      expect(login.statusCode, login.body).toBe(200);
      expect(json(login)).toMatchObject({ access_token: expect.any(String), token_type: 'Bearer' });

      expect(json(await admin('GET', methodPath(ada.user_id, created.id)))).toEqual({ ...created, last_auth_at: T0 });
    });

    it('keeps a name when given one', async () => {
      expect(await create({ type: 'totp', totp_secret: 'JBSWY3DPEHPK3PXP', name: 'Work laptop' })).toEqual({
        id: expect.stringMatching(TOTP_ID),
        type: 'totp',
        confirmed: true,
        name: 'Work laptop',
        created_at: T0,
        enrolled_at: T0,
      });
    });

    it('creates a phone method as linked sms and voice methods, with the preferred one', async () => {
      const phone = await create({ type: 'phone', phone_number: UK_PHONE, preferred_authentication_method: 'voice' });
      const link = linkOf(phone.id);
      expect(phone).toEqual({
        id: expect.stringMatching(PHONE_ID),
        type: 'phone',
        confirmed: true,
        name: UK_PHONE,
        phone_number: UK_PHONE,
        preferred_authentication_method: 'voice',
        authentication_methods: [
          { id: `sms|${link}`, type: 'sms' },
          { id: `voice|${link}`, type: 'voice' },
        ],
        link_id: link,
        created_at: T0,
        enrolled_at: T0,
      });
      expect(await authenticatorRows(server, ada.user_id)).toEqual([
        { id: `sms|${link}`, user_id: ada.user_id, kind: 'sms', link_id: link, active: 1 },
        { id: `voice|${link}`, user_id: ada.user_id, kind: 'voice', link_id: link, active: 1 },
      ]);
    });

    it('prefers sms when no preference is given, and names the phone as asked', async () => {
      const phone = await create({ type: 'phone', phone_number: '+14155550123', name: 'Desk phone' });
      expect(phone).toMatchObject({ name: 'Desk phone', phone_number: '+14155550123', preferred_authentication_method: 'sms' });
    });

    it('creates an email method', async () => {
      expect(await create({ type: 'email', email: 'ada@work.example' })).toEqual({
        id: expect.stringMatching(EMAIL_ID),
        type: 'email',
        confirmed: true,
        name: 'ada@work.example',
        email: 'ada@work.example',
        created_at: T0,
        enrolled_at: T0,
      });
    });

    it('logs the creation without the secret', async () => {
      const totp = await create({ type: 'totp', totp_secret: 'JBSWY3DPEHPK3PXP' });
      expect((await auditRows(server, 'sapi')).at(-1)).toEqual({
        type: 'sapi',
        description: 'Create an authentication method',
        user_id: ada.user_id,
        client_id: ADMIN.clientId,
        details: { type: 'totp', id: totp.id },
      });
    });

    it.each([
      ['the same TOTP secret, spelled differently', { type: 'totp', totp_secret: 'JBSWY3DPEHPK3PXP' }, { type: 'totp', totp_secret: 'jbsw y3dp ehpk 3pxp' }],
      ['the same phone number', { type: 'phone', phone_number: UK_PHONE }, { type: 'phone', phone_number: UK_PHONE, preferred_authentication_method: 'voice' }],
      ['the same email in another case', { type: 'email', email: 'ada@work.example' }, { type: 'email', email: 'ADA@Work.Example' }],
    ])('refuses %s: 409, nothing changed', async (_label, first, second) => {
      await create(first);
      const before = await snapshot(server);
      const response = await admin('POST', methods(ada.user_id), second);
      expect(response.statusCode).toBe(409);
      expect(json(response)).toEqual(METHOD_EXISTS);
      expect(await snapshot(server)).toEqual(before);
    });

    it("allows a secret, phone or email another user already has (duplicates are per user)", async () => {
      const grace = await seedUser(admin, 'grace@example.com');
      for (const body of [{ type: 'totp', totp_secret: 'JBSWY3DPEHPK3PXP' }, { type: 'phone', phone_number: UK_PHONE }]) {
        await create(body);
        await create(body, grace.user_id);
      }
    });

    it.each<[string, unknown, ReturnType<typeof invalidBody>]>([
      ['totp without totp_secret', { type: 'totp' }, invalidBody("'Missing required property: totp_secret'")],
      ['phone without phone_number', { type: 'phone' }, invalidBody("'Missing required property: phone_number'")],
      ['email without email', { type: 'email' }, invalidBody("'Missing required property: email'")],
      ['no type', { totp_secret: 'JBSWY3DPEHPK3PXP' }, invalidBody("'Missing required property: type'")],
      ['an unsupported type', { type: 'webauthn-roaming' }, invalidBody("'must be equal to constant' on property type")],
      ['passkey', { type: 'passkey' }, invalidBody("'must be equal to constant' on property type")],
      ['a secret too short', { type: 'totp', totp_secret: 'JBSWY3DPEHPK3PX' }, invalidBody(`'must match pattern "${BASE32}"' on property totp_secret`)],
      ['a secret of spaces only', { type: 'totp', totp_secret: ' '.repeat(16) }, invalidBody(`'must match pattern "${BASE32}"' on property totp_secret`)],
      ['a short secret padded with spaces', { type: 'totp', totp_secret: `AB${' '.repeat(14)}` }, invalidBody(`'must match pattern "${BASE32}"' on property totp_secret`)],
      ['a secret with a non-Base32 digit', { type: 'totp', totp_secret: 'JBSWY3DPEHPK3PX1' }, invalidBody(`'must match pattern "${BASE32}"' on property totp_secret`)],
      ['a secret of 17 characters (no whole number of bytes)', { type: 'totp', totp_secret: 'JBSWY3DPEHPK3PXPA' }, UNUSABLE_SECRET],
      ['a secret whose last character carries stray bits', { type: 'totp', totp_secret: 'JBSWY3DPEHPK3PXPAB' }, UNUSABLE_SECRET],
      ['a secret over 64 bytes', { type: 'totp', totp_secret: 'A'.repeat(104) }, UNUSABLE_SECRET],
      ['a national phone number', { type: 'phone', phone_number: '07700900123' }, invalidBody(`'must match pattern "${E164}"' on property phone_number`)],
      ['a phone number with spaces', { type: 'phone', phone_number: '+44 7700 900123' }, invalidBody(`'must match pattern "${E164}"' on property phone_number`)],
      ['a phone number with country code 0', { type: 'phone', phone_number: '+0447700900123' }, invalidBody(`'must match pattern "${E164}"' on property phone_number`)],
      [
        'a preferred method that is not sms or voice',
        { type: 'phone', phone_number: UK_PHONE, preferred_authentication_method: 'push' },
        invalidBody("'must be equal to constant' on property preferred_authentication_method"),
      ],
      ['an email that is not one', { type: 'email', email: 'ada at example' }, invalidBody(`'must match format "email"' on property email`)],
      ['an unknown property', { type: 'email', email: 'ada@work.example', confirmed: false }, invalidBody("'Additional properties not allowed: confirmed'")],
      ['an empty name', { type: 'email', email: 'ada@work.example', name: '' }, invalidBody("'must NOT have fewer than 1 characters' on property name")],
      ['an array body', [], invalidBody("'Expected type object but found type array'")],
    ])('refuses %s: 400, nothing changed', async (_label, body, expected) => {
      const before = await snapshot(server);
      const response = await admin('POST', methods(ada.user_id), body);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(expected);
      expect(await snapshot(server)).toEqual(before);
    });
  });

  describe('under 50 parallel requests', () => {
    const raceOf = (call: (index: number) => ReturnType<AdminCall>) => Promise.all(Array.from({ length: RACE }, (_, index) => call(index)));

    it.each<[string, Record<string, unknown>, string[], RegExp]>([
      ['TOTP secret', { type: 'totp', totp_secret: 'JBSWY3DPEHPK3PXP' }, ['totp'], TOTP_ID],
      ['phone number', { type: 'phone', phone_number: UK_PHONE }, ['sms', 'voice'], PHONE_ID],
      ['email', { type: 'email', email: 'ada@work.example' }, ['email'], EMAIL_ID],
    ])('50 identical creations of one %s: one 201, 49 409s, one method stored', async (_label, body, kinds, idPattern) => {
      const responses = answers(await raceOf(() => admin('POST', methods(ada.user_id), body)));
      const created = responses.filter((answer) => answer.status === 201);
      expect(created).toEqual([{ status: 201, body: expect.objectContaining({ id: expect.stringMatching(idPattern), type: body.type, confirmed: true }) }]);
      expect(responses.filter((answer) => answer.status !== 201)).toEqual(Array.from({ length: RACE - 1 }, () => ({ status: 409, body: METHOD_EXISTS })));
      const link = linkOf((created[0]!.body as MethodView).id);
      expect(await authenticatorRows(server, ada.user_id)).toEqual(kinds.map((kind) => ({ id: `${kind}|${link}`, user_id: ada.user_id, kind, link_id: link, active: 1 })));
      expect(json(await admin('GET', methods(ada.user_id)))).toEqual([created[0]!.body]);
      expect((await auditRows(server, 'sapi')).filter((row) => row.description === 'Create an authentication method')).toHaveLength(1);
    });

    it('50 replacements, each with another email: all 200, and the last to commit is the whole set left', async () => {
      const responses = answers(await raceOf((index) => admin('PUT', methods(ada.user_id), [{ type: 'email', email: `ada+${index}@work.example` }])));
      expect(responses.map((answer) => answer.status)).toEqual(Array.from({ length: RACE }, () => 200));
      const left = json(await admin('GET', methods(ada.user_id))) as MethodView[];
      expect(left).toHaveLength(1);
      expect(responses).toContainEqual({ status: 200, body: left });
      expect(await authenticatorRows(server, ada.user_id)).toEqual([{ id: left[0]!.id, user_id: ada.user_id, kind: 'email', link_id: linkOf(left[0]!.id), active: 1 }]);
    });

    it('50 deletions of one method: one 204, 49 404s, one gd_unenroll logged', async () => {
      const [totp, phone] = await threeMethods();
      const responses = answers(await raceOf(() => admin('DELETE', methodPath(ada.user_id, phone.id))));
      expect(responses.filter((answer) => answer.status === 204)).toEqual([{ status: 204, body: undefined }]);
      expect(responses.filter((answer) => answer.status !== 204)).toEqual(Array.from({ length: RACE - 1 }, () => ({ status: 404, body: METHOD_NOT_FOUND })));
      expect((await authenticatorRows(server, ada.user_id)).map((row) => row.link_id)).not.toContain(phone.link_id);
      expect((await authenticatorRows(server, ada.user_id)).map((row) => row.id)).toContain(totp.id);
      expect(await auditRows(server, 'gd_unenroll')).toHaveLength(1);
    });
  });

  describe('GET /api/v2/users/{id}/authentication-methods', () => {
    it('lists every method, oldest first, as a bare array', async () => {
      const created = await threeMethods();
      const response = await admin('GET', methods(ada.user_id));
      expect(response.statusCode).toBe(200);
      expect(json(response)).toEqual(created);
    });

    it('lists what the MFA API enrolled, the recovery code included', async () => {
      const enrollment = await enrollOtp(server, client);
      const recovery = (await authenticatorRows(server, ada.user_id)).find((row) => row.kind === 'recovery-code');
      expect(json(await admin('GET', methods(ada.user_id)))).toEqual([
        { id: recovery?.id, type: 'recovery-code', confirmed: true, created_at: T0, enrolled_at: T0 },
        { id: enrollment.authenticatorId, type: 'totp', confirmed: true, created_at: T0, enrolled_at: T0, last_auth_at: T0 },
      ]);
    });

    it('pages with page and per_page, and wraps with include_totals', async () => {
      const created = await threeMethods();
      expect(json(await admin('GET', methods(ada.user_id, '?per_page=2')))).toEqual(created.slice(0, 2));
      expect(json(await admin('GET', methods(ada.user_id, '?per_page=2&page=1')))).toEqual(created.slice(2));
      expect(json(await admin('GET', methods(ada.user_id, '?per_page=2&page=1&include_totals=true')))).toEqual({
        start: 2,
        limit: 2,
        total: 3,
        authenticators: created.slice(2),
      });
      expect(json(await admin('GET', methods(ada.user_id, '?include_totals=true')))).toEqual({ start: 0, limit: 50, total: 3, authenticators: created });
      expect(json(await admin('GET', methods(ada.user_id, '?page=5&include_totals=true')))).toEqual({ start: 250, limit: 50, total: 3, authenticators: [] });
    });

    it.each([
      ['per_page=101', "'must be <= 100' on property per_page"],
      ['page=-1', "'must be >= 0' on property page"],
      ['include_totals=maybe', "'Expected type boolean but found type string' on property include_totals"],
      ['q=type:totp', "'Additional properties not allowed: q'"],
    ])('refuses ?%s: 400 invalid_query_string', async (search, detail) => {
      const response = await admin('GET', methods(ada.user_id, `?${search}`));
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(mgmtError(400, 'invalid_query_string', `Query validation error: ${detail}.`));
    });
  });

  describe('GET /api/v2/users/{id}/authentication-methods/{method}', () => {
    it('answers each method by its id; a phone also by the id of its sms or voice part', async () => {
      const created = await threeMethods();
      for (const method of created) expect(json(await admin('GET', methodPath(ada.user_id, method.id)))).toEqual(method);
      const phone = created[1];
      for (const part of ['sms', 'voice']) {
        expect(json(await admin('GET', methodPath(ada.user_id, `${part}|${phone.link_id ?? ''}`)))).toEqual(phone);
      }
    });

    it.each([
      ['an unknown id', () => 'totp|dev_0000000000000000'],
      ['text that is no id', () => 'nope'],
      ['a link id with the wrong type', (phone: MethodView) => `email|${phone.link_id ?? ''}`],
      ["another user's method", (_phone: MethodView, graces: MethodView) => graces.id],
    ])('answers 404 for %s', async (_label, pick) => {
      const [, phone] = await threeMethods();
      const grace = await seedUser(admin, 'grace@example.com');
      const graces = await create({ type: 'email', email: 'grace@work.example' }, grace.user_id);
      const response = await admin('GET', methodPath(ada.user_id, pick(phone, graces)));
      expect(response.statusCode).toBe(404);
      expect(json(response)).toEqual(METHOD_NOT_FOUND);
    });
  });

  describe('PATCH /api/v2/users/{id}/authentication-methods/{method}', () => {
    it('renames a method', async () => {
      const [totp] = await threeMethods();
      const response = await admin('PATCH', methodPath(ada.user_id, totp.id), { name: 'Phone app' });
      expect(response.statusCode).toBe(200);
      expect(json(response)).toEqual({ ...totp, name: 'Phone app' });
      expect(json(await admin('GET', methodPath(ada.user_id, totp.id)))).toEqual({ ...totp, name: 'Phone app' });
    });

    it("changes a phone's preferred method and name, on both its linked parts", async () => {
      const [, phone] = await threeMethods();
      const response = await admin('PATCH', methodPath(ada.user_id, phone.id), { name: 'Mobile', preferred_authentication_method: 'voice' });
      expect(json(response)).toEqual({ ...phone, name: 'Mobile', preferred_authentication_method: 'voice' });
      expect(await queryRows(server, 'SELECT kind, name, preferred_method FROM authenticators WHERE link_id = $1 ORDER BY kind', phone.link_id)).toEqual([
        { kind: 'sms', name: 'Mobile', preferred_method: 'voice' },
        { kind: 'voice', name: 'Mobile', preferred_method: 'voice' },
      ]);
    });

    it('changes nothing with an empty body', async () => {
      const [totp] = await threeMethods();
      expect(json(await admin('PATCH', methodPath(ada.user_id, totp.id), {}))).toEqual(totp);
    });

    it.each<[string, number, (created: MethodView[]) => string, unknown, unknown]>([
      [
        'preferred_authentication_method on a TOTP method',
        400,
        ([totp]) => totp?.id ?? '',
        { preferred_authentication_method: 'voice' },
        invalidBody('preferred_authentication_method applies to phone methods only'),
      ],
      [
        'preferred_authentication_method on an email method',
        400,
        (created) => created[2]?.id ?? '',
        { preferred_authentication_method: 'sms' },
        invalidBody('preferred_authentication_method applies to phone methods only'),
      ],
      ['a field PATCH does not change', 400, ([totp]) => totp?.id ?? '', { totp_secret: 'MFRGGZDFMZTWQ2LK' }, invalidBody("'Additional properties not allowed: totp_secret'")],
      ['an empty name', 400, ([totp]) => totp?.id ?? '', { name: '' }, invalidBody("'must NOT have fewer than 1 characters' on property name")],
      ['an unknown method', 404, () => 'totp|dev_0000000000000000', { name: 'x' }, METHOD_NOT_FOUND],
    ])('refuses %s, nothing changed', async (_label, status, pick, body, expected) => {
      const created = await threeMethods();
      const before = await snapshot(server);
      const response = await admin('PATCH', methodPath(ada.user_id, pick(created)), body);
      expect(response.statusCode).toBe(status);
      expect(json(response)).toEqual(expected);
      expect(await snapshot(server)).toEqual(before);
    });
  });

  describe('DELETE /api/v2/users/{id}/authentication-methods/{method}', () => {
    it('deletes a phone with both its linked parts; the others stay; gd_unenroll is logged', async () => {
      const [totp, phone, email] = await threeMethods();
      const response = await admin('DELETE', methodPath(ada.user_id, phone.id));
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
      expect((await authenticatorRows(server, ada.user_id)).map((row) => row.id)).toEqual([email.id, totp.id]);
      expect(json(await admin('GET', methods(ada.user_id)))).toEqual([totp, email]);
      expect(json(await admin('GET', methodPath(ada.user_id, phone.id)))).toEqual(METHOD_NOT_FOUND);
      expect(await auditRows(server, 'gd_unenroll')).toEqual([
        {
          type: 'gd_unenroll',
          description: 'Unenroll device account',
          user_id: ada.user_id,
          client_id: ADMIN.clientId,
          details: { enrollment: { _id: phone.link_id }, initiator: 'admin' },
        },
      ]);
    });

    it('deletes the whole phone when addressed by its voice part', async () => {
      const [totp, phone, email] = await threeMethods();
      expect((await admin('DELETE', methodPath(ada.user_id, `voice|${phone.link_id ?? ''}`))).statusCode).toBe(204);
      expect((await authenticatorRows(server, ada.user_id)).map((row) => row.id)).toEqual([email.id, totp.id]);
    });

    it('answers 404 the second time, and for an unknown method, changing nothing', async () => {
      const [totp] = await threeMethods();
      expect((await admin('DELETE', methodPath(ada.user_id, totp.id))).statusCode).toBe(204);
      const before = await snapshot(server);
      for (const id of [totp.id, 'totp|dev_0000000000000000']) {
        const response = await admin('DELETE', methodPath(ada.user_id, id));
        expect(response.statusCode).toBe(404);
        expect(json(response)).toEqual(METHOD_NOT_FOUND);
      }
      expect(await snapshot(server)).toEqual(before);
    });
  });

  describe('PUT /api/v2/users/{id}/authentication-methods', () => {
    it('replaces every method but the recovery code, which keeps working', async () => {
      const enrollment = await enrollOtp(server, client);
      const recovery = (await authenticatorRows(server, ada.user_id)).find((row) => row.kind === 'recovery-code');
      const at = iso(server.clock.now());

      const response = await admin('PUT', methods(ada.user_id), [
        { type: 'email', email: 'ada@work.example' },
        { type: 'totp', totp_secret: 'MFRGGZDFMZTWQ2LK', name: 'New phone' },
      ]);
      expect(response.statusCode).toBe(200);
      const replaced = json(response) as MethodView[];
      expect(replaced).toEqual([
        { id: expect.stringMatching(EMAIL_ID), type: 'email', confirmed: true, name: 'ada@work.example', email: 'ada@work.example', created_at: at, enrolled_at: at },
        { id: expect.stringMatching(TOTP_ID), type: 'totp', confirmed: true, name: 'New phone', created_at: at, enrolled_at: at },
      ]);
      expect(json(await admin('GET', methods(ada.user_id)))).toEqual([
        { id: recovery?.id, type: 'recovery-code', confirmed: true, created_at: T0, enrolled_at: T0 },
        ...replaced,
      ]);

      // The old TOTP secret no longer logs in; the new one and the old recovery code do.
      const oldSecret = await otpGrant(server.app, client, await loginForMfaToken(server.app, client), oathtool(enrollment.secret, server.clock.now()));
      expect(json(oldSecret)).toEqual({ error: 'invalid_grant', error_description: 'Invalid otp_code.' });
      const newSecret = await otpGrant(server.app, client, await loginForMfaToken(server.app, client), oathtool('MFRGGZDFMZTWQ2LK', server.clock.now()));
      expect(newSecret.statusCode, newSecret.body).toBe(200);
      const recovered = await tokenRequest(server.app, {
        grant_type: GRANT_TYPES.mfaRecoveryCode,
        client_id: client.client_id,
        client_secret: client.client_secret,
        mfa_token: await loginForMfaToken(server.app, client),
        recovery_code: enrollment.recoveryCode ?? '',
      });
      expect(recovered.statusCode, recovered.body).toBe(200);
    });

    it('replaces with nothing: every method but the recovery code goes', async () => {
      await enrollOtp(server, client);
      const response = await admin('PUT', methods(ada.user_id), []);
      expect(response.statusCode).toBe(200);
      expect(json(response)).toEqual([]);
      expect((await authenticatorRows(server, ada.user_id)).map((row) => row.kind)).toEqual(['recovery-code']);
    });

    it.each<[string, unknown[], number, unknown]>([
      [
        'the second item lacks its field',
        [{ type: 'totp', totp_secret: 'MFRGGZDFMZTWQ2LK' }, { type: 'phone' }],
        400,
        invalidBody("'Missing required property: phone_number'"),
      ],
      [
        'the second item repeats the first',
        [{ type: 'email', email: 'ada@work.example' }, { type: 'email', email: 'Ada@Work.Example' }],
        409,
        METHOD_EXISTS,
      ],
      [
        'the second item has an unknown type',
        [{ type: 'totp', totp_secret: 'MFRGGZDFMZTWQ2LK' }, { type: 'push' }],
        400,
        invalidBody("'must be equal to constant' on property 1.type"),
      ],
      [
        'the second item has an empty secret',
        [{ type: 'email', email: 'ada@work.example' }, { type: 'totp', totp_secret: ' '.repeat(20) }],
        400,
        invalidBody(`'must match pattern "${BASE32}"' on property 1.totp_secret`),
      ],
      [
        'the second item has a secret no authenticator could use',
        [{ type: 'email', email: 'ada@work.example' }, { type: 'totp', totp_secret: 'JBSWY3DPEHPK3PXPA' }],
        400,
        UNUSABLE_SECRET,
      ],
      ['the body is an object', { type: 'email', email: 'ada@work.example' } as unknown as unknown[], 400, invalidBody("'Expected type array but found type object'")],
    ])('is atomic: when %s, nothing changes', async (_label, body, status, expected) => {
      await enrollOtp(server, client);
      const before = await snapshot(server);
      const response = await admin('PUT', methods(ada.user_id), body);
      expect(response.statusCode).toBe(status);
      expect(json(response)).toEqual(expected);
      expect(await snapshot(server)).toEqual(before);
    });
  });

  describe('DELETE /api/v2/users/{id}/authentication-methods', () => {
    it("deletes every method, the recovery code included, and leaves other users' alone", async () => {
      const grace = await seedUser(admin, 'grace@example.com');
      const graceEnrollment = await enrollOtp(server, client, grace.email);
      const graceRows = await authenticatorRows(server, grace.user_id);
      await enrollOtp(server, client);
      const [totp, phone, email] = await threeMethods();
      const removed = (json(await admin('GET', methods(ada.user_id))) as MethodView[]).map((method) => method.id);
      expect(removed).toContain(totp.id);

      const response = await admin('DELETE', methods(ada.user_id));
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
      expect(await authenticatorRows(server, ada.user_id)).toEqual([]);
      expect(json(await admin('GET', methods(ada.user_id)))).toEqual([]);
      expect(await authenticatorRows(server, grace.user_id)).toEqual(graceRows);
      expect(graceRows.map((row) => row.id)).toContain(graceEnrollment.authenticatorId);
      expect((await auditRows(server, 'sapi')).at(-1)).toEqual({
        type: 'sapi',
        description: 'Delete all authentication methods',
        user_id: ada.user_id,
        client_id: ADMIN.clientId,
        details: { removed },
      });
      expect([phone.id, email.id].every((id) => removed.includes(id))).toBe(true);
    });

    it('answers 204 for a user with no method', async () => {
      expect((await admin('DELETE', methods(ada.user_id))).statusCode).toBe(204);
    });
  });

  it.each<[Method, string, unknown]>([
    ['GET', '', undefined],
    ['POST', '', { type: 'email', email: 'ada@work.example' }],
    ['PUT', '', [{ type: 'email', email: 'ada@work.example' }]],
    ['DELETE', '', undefined],
    ['GET', '/totp%7Cdev_0000000000000000', undefined],
    ['PATCH', '/totp%7Cdev_0000000000000000', { name: 'x' }],
    ['DELETE', '/totp%7Cdev_0000000000000000', undefined],
  ])('%s …/authentication-methods%s for an unknown user → 404 The user does not exist.', async (method, rest, body) => {
    const before = await snapshot(server);
    const response = await admin(method, methods('auth0|000000000000000000000000', rest), body);
    expect(response.statusCode).toBe(404);
    expect(json(response)).toEqual(USER_NOT_FOUND);
    expect(await snapshot(server)).toEqual(before);
  });

  it('dates each method by when it was created', async () => {
    server.clock.set(T0_MS + 3_600_000);
    expect(await create({ type: 'email', email: 'ada@work.example' })).toMatchObject({ created_at: '2026-11-23T13:00:00.000Z', enrolled_at: '2026-11-23T13:00:00.000Z' });
  });
});
