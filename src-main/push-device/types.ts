import type { JWK } from 'jose';

/** Time is a parameter: milliseconds since the Unix epoch. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** The subset of the global `fetch` the device client uses, so tests and Electron can inject their own. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export const TotpAlgorithm = { sha1: 'sha1', sha256: 'sha256', sha512: 'sha512' } as const;
export type TotpAlgorithm = (typeof TotpAlgorithm)[keyof typeof TotpAlgorithm];

export interface TotpParameters {
  secret: string;
  algorithm: TotpAlgorithm;
  digits: number;
  period: number;
}

/** One enrollment of this device as a Guardian push authenticator (https://github.com/auth0/Guardian.swift `Guardian/Enrollment/EnrolledDevice.swift`). */
export interface DeviceAccount {
  /** The enrollment id (`dev_…`): `iss` of the device JWT and the `{id}` in device-account URLs. */
  enrollmentId: string;
  userId: string;
  /** Normalised Guardian base URL, always ending in `/` (e.g. `http://127.0.0.1:3000/appliance-mfa/`). */
  baseUrl: string;
  /** The device identifier sent at enrollment: `iss` of every challenge response. */
  identifier: string;
  issuer: string;
  name: string;
  /** The account label of the enrollment QR code (Auth0 writes the user's email or name there); absent for ticket enrollments. */
  accountLabel?: string | null;
  totp: TotpParameters | null;
  enrolledAt: string;
}

/**
 * Where device private keys live, one per enrollment. The desktop app backs this with the OS keychain;
 * the CLI uses `createFileKeyStore`.
 */
export interface KeyStore {
  save(enrollmentId: string, privateJwk: JWK): Promise<void>;
  load(enrollmentId: string): Promise<JWK | undefined>;
  remove(enrollmentId: string): Promise<void>;
}

/** Where account metadata lives (no private key material besides the TOTP parameters). */
export interface AccountStore {
  list(): Promise<DeviceAccount[]>;
  get(enrollmentId: string): Promise<DeviceAccount | undefined>;
  save(account: DeviceAccount): Promise<void>;
  remove(enrollmentId: string): Promise<void>;
}
