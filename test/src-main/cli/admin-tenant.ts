import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startHttpTessera, type HttpTessera } from '../../helpers/browser';
import { ADMIN, ALL_USER_GRANTS, enrollOtp, PASSWORD, type Enrollment, type TestClient } from '../../helpers/server';

/**
 * What the `tessera admin` tests run against: a real Tessera listening on loopback (its issuer is its
 * URL), with OTP and recovery codes on, MFA for every application, one web app and three people: Ada and
 * Bob enrolled with OTP (each holding a recovery code), Carol not enrolled.
 */
export interface AdminTenant {
  tessera: HttpTessera;
  baseUrl: string;
  client: TestClient;
  ada: { user_id: string; email: string; enrollment: Enrollment };
  bob: { user_id: string; email: string; enrollment: Enrollment };
  carol: { user_id: string; email: string };
  close(): Promise<void>;
}

export { ADMIN, PASSWORD };

async function management(tessera: HttpTessera, method: string, url: string, body: unknown, status: number): Promise<unknown> {
  const response = await tessera.management(method, url, body);
  if (response.status !== status) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function startAdminTenant(): Promise<AdminTenant> {
  const tessera = await startHttpTessera();
  for (const factor of ['otp', 'recovery-code']) await management(tessera, 'PUT', `/api/v2/guardian/factors/${factor}`, { enabled: true }, 200);
  await management(tessera, 'PUT', '/api/v2/guardian/policies', ['all-applications'], 200);
  const client = (await management(tessera, 'POST', '/api/v2/clients', { name: 'Web App', grant_types: ALL_USER_GRANTS }, 201)) as TestClient;
  const person = async (email: string) =>
    (await management(tessera, 'POST', '/api/v2/users', { connection: 'Username-Password-Authentication', email, password: PASSWORD }, 201)) as { user_id: string; email: string };
  const [ada, bob, carol] = [await person('ada@example.com'), await person('bob@example.com'), await person('carol@example.com')];
  const adaEnrollment = await enrollOtp(tessera, client, ada.email);
  const bobEnrollment = await enrollOtp(tessera, client, bob.email);
  return {
    tessera, baseUrl: tessera.issuer, client,
    ada: { ...ada, enrollment: adaEnrollment }, bob: { ...bob, enrollment: bobEnrollment }, carol,
    close: () => tessera.close(),
  };
}

/** A fresh CLI data folder (TESSERA_HOME) per test, removed after it. */
export async function tempHome(): Promise<{ home: string; remove(): Promise<void> }> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'tessera-admin-cli-'));
  return { home, remove: () => rm(home, { recursive: true, force: true }) };
}
