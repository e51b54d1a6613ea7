import { generateDeviceKey, type DeviceAccount } from '../../../src-main/push-device';
import { memoryKeyStore } from './fake-guardian';

export const ENROLLMENT_ID = 'dev_0123456789abcdef';
export const USER_ID = 'auth0|5f1e2d3c4b5a69788796a5b4';
export const IDENTIFIER = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
export const NOW_MS = Date.UTC(2026, 10, 23, 12, 0, 0);
export const NOW_S = NOW_MS / 1000;

export function account(baseUrl = 'http://127.0.0.1:3000/appliance-mfa/'): DeviceAccount {
  return {
    enrollmentId: ENROLLMENT_ID,
    userId: USER_ID,
    baseUrl,
    identifier: IDENTIFIER,
    issuer: 'Tessera',
    name: 'test laptop',
    totp: null,
    enrolledAt: new Date(NOW_MS).toISOString(),
  };
}

/** A key store already holding a fresh device key for `ENROLLMENT_ID`, plus that key's public half. */
export async function keyStoreWithDeviceKey() {
  const keyStore = memoryKeyStore();
  const { privateJwk, publicJwk } = await generateDeviceKey();
  await keyStore.save(ENROLLMENT_ID, privateJwk);
  return { keyStore, publicJwk };
}

/** A push event body as the server sends it (Guardian notification + Tessera context). */
export function pushData(txtkn: string, overrides: Record<string, unknown> = {}) {
  return {
    dai: ENROLLMENT_ID,
    txtkn,
    c: `challenge-${txtkn}`,
    d: '2026-11-23T12:00:00.000Z',
    sh: '127.0.0.1:3000',
    s: { b: { n: 'Chrome', v: '131' }, os: { n: 'Linux', v: '' } },
    l: null,
    tessera: {
      client_name: 'Demo App',
      ip: '203.0.113.7',
      user_agent: 'Mozilla/5.0 (X11; Linux x86_64)',
      requested_at: '2026-11-23T12:00:00.000Z',
      number_choices: ['12', '47', '83'],
      expires_at: '2026-11-23T12:05:00.000Z',
    },
    ...overrides,
  };
}

export function sseEvent(id: string, data: unknown, type = 'push'): string {
  return `event: ${type}\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`;
}
