import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SUPPORTED_FACTORS } from '../../../server/store/tenant.js';
import { invalidBody, mgmtError } from '../../helpers/management.js';
import { buildTestServer, json, managementToken, mgmt, type TestServer } from '../../helpers/server.js';

/** `GuardianFactor.name` (https://auth0.com/docs/api/management/v2/guardian/get-factors), in the order the Management API lists them. */
const FACTOR_NAMES = ['push-notification', 'sms', 'email', 'duo', 'otp', 'webauthn-roaming', 'webauthn-platform', 'recovery-code'];
const factors = (enabled: string[] = []) => FACTOR_NAMES.map((name) => ({ enabled: enabled.includes(name), trial_expired: false, name }));

describe('Management API: Guardian factors and MFA policies', () => {
  let server: TestServer;
  let token: string;
  beforeEach(async () => {
    server = await buildTestServer();
    token = await managementToken(server.app);
  });
  afterEach(() => server.close());

  const getFactors = async () => json(await mgmt(server.app, 'GET', '/api/v2/guardian/factors', undefined, token));
  const putFactor = (name: string, body: unknown) => mgmt(server.app, 'PUT', `/api/v2/guardian/factors/${name}`, body, token);

  describe('factors', () => {
    it('lists all eight factors, all disabled, on a fresh tenant', async () => {
      const response = await mgmt(server.app, 'GET', '/api/v2/guardian/factors', undefined, token);
      expect(response.statusCode).toBe(200);
      expect(json(response)).toEqual(factors());
    });

    it('enables otp: 200 {enabled:true}, reflected in the list', async () => {
      const response = await putFactor('otp', { enabled: true });
      expect(response.statusCode).toBe(200);
      expect(json(response)).toEqual({ enabled: true });
      expect(await getFactors()).toEqual(factors(['otp']));
    });

    it('enables recovery-code and otp independently, and disables again', async () => {
      await putFactor('otp', { enabled: true });
      await putFactor('recovery-code', { enabled: true });
      expect(await getFactors()).toEqual(factors(['otp', 'recovery-code']));
      const off = await putFactor('otp', { enabled: false });
      expect(json(off)).toEqual({ enabled: false });
      expect(await getFactors()).toEqual(factors(['recovery-code']));
    });

    it('is idempotent', async () => {
      await putFactor('otp', { enabled: true });
      const again = await putFactor('otp', { enabled: true });
      expect(again.statusCode).toBe(200);
      expect(json(again)).toEqual({ enabled: true });
      expect(await getFactors()).toEqual(factors(['otp']));
    });

    it.each([...SUPPORTED_FACTORS])('enables %s, which this server implements', async (name) => {
      const response = await putFactor(name, { enabled: true });
      expect(response.statusCode).toBe(200);
      expect(json(response)).toEqual({ enabled: true });
      expect(await getFactors()).toEqual(factors([name]));
    });

    // The server's own list decides which factors are implemented; every other listed factor must stay off.
    it.each(FACTOR_NAMES.filter((name) => !(SUPPORTED_FACTORS as readonly string[]).includes(name)))(
      'refuses to enable %s, which this server does not implement: 400 feature_not_supported',
      async (name) => {
        const response = await putFactor(name, { enabled: true });
        expect(response.statusCode).toBe(400);
        expect(json(response)).toEqual(mgmtError(400, 'feature_not_supported', `The ${name} factor is not available on this server.`));
        expect(await getFactors()).toEqual(factors());
        const off = await putFactor(name, { enabled: false });
        expect(off.statusCode).toBe(200);
        expect(json(off)).toEqual({ enabled: false });
      },
    );

    it.each(['voice', 'phone', 'OTP', 'totp', '__proto__'])('answers 404 for an unknown factor name %s', async (name) => {
      const response = await putFactor(name, { enabled: true });
      expect(response.statusCode).toBe(404);
      expect(json(response)).toEqual(mgmtError(404, 'inexistent_factor', `Factor "${name}" does not exist.`));
      expect(await getFactors()).toEqual(factors());
    });

    it.each<[string, unknown, string]>([
      ['an empty object', {}, "'Missing required property: enabled'"],
      ['enabled as a string', { enabled: 'true' }, "'Expected type boolean but found type string' on property enabled"],
      ['enabled as a number', { enabled: 1 }, "'Expected type boolean but found type integer' on property enabled"],
      ['an extra property', { enabled: true, trial_expired: true }, "'Additional properties not allowed: trial_expired'"],
      ['an array', [true], "'Expected type object but found type array'"],
    ])('refuses %s: 400 invalid_body', async (_label, body, detail) => {
      const response = await putFactor('otp', body);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidBody(detail));
      expect(await getFactors()).toEqual(factors());
    });
  });

  describe('policies', () => {
    const getPolicies = async () => json(await mgmt(server.app, 'GET', '/api/v2/guardian/policies', undefined, token));

    it('starts empty, takes a bare array, and reads it back', async () => {
      const initial = await mgmt(server.app, 'GET', '/api/v2/guardian/policies', undefined, token);
      expect(initial.statusCode).toBe(200);
      expect(json(initial)).toEqual([]);
      const put = await mgmt(server.app, 'PUT', '/api/v2/guardian/policies', ['all-applications'], token);
      expect(put.statusCode).toBe(200);
      expect(json(put)).toEqual(['all-applications']);
      expect(await getPolicies()).toEqual(['all-applications']);
      const cleared = await mgmt(server.app, 'PUT', '/api/v2/guardian/policies', [], token);
      expect(json(cleared)).toEqual([]);
      expect(await getPolicies()).toEqual([]);
    });

    it('accepts confidence-score', async () => {
      const put = await mgmt(server.app, 'PUT', '/api/v2/guardian/policies', ['confidence-score'], token);
      expect(put.statusCode).toBe(200);
      expect(json(put)).toEqual(['confidence-score']);
    });

    it.each<[string, unknown, string]>([
      ['an unknown policy', ['never'], "'must be equal to constant' on property 0"],
      ['a repeated policy', ['all-applications', 'all-applications'], "'must NOT have duplicate items (items ## 0 and 1 are identical)'"],
      ['an object', { policies: ['all-applications'] }, "'Expected type array but found type object'"],
      ['a bare string', 'all-applications', "'Expected type array but found type string'"],
      ['a number inside', [1], "'Expected type string but found type integer' on property 0"],
    ])('refuses %s: 400 invalid_body and keeps the policies', async (_label, body, detail) => {
      await mgmt(server.app, 'PUT', '/api/v2/guardian/policies', ['all-applications'], token);
      const response = await mgmt(server.app, 'PUT', '/api/v2/guardian/policies', body, token);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidBody(detail));
      expect(await getPolicies()).toEqual(['all-applications']);
    });
  });
});
