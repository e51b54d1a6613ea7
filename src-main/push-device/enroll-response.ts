import { PushDeviceError } from './errors';
import { TotpAlgorithm, type TotpParameters } from './types';

/** The fields of the enroll answer this client relies on (Guardian.Android `EnrollRequest`, Guardian.swift `Enrollment`). */
export interface EnrollResponseBody {
  id: string;
  user_id: string;
  issuer: string;
  totp: TotpParameters | null;
  /** A recovery code the server issued with this enrollment (Guardian.swift's test mock carries one); for the user's eyes only. */
  recovery_code: string | null;
}

// Guardian.swift `OTPParameters` defaults when the server leaves a field out.
const TOTP_DEFAULTS = { algorithm: TotpAlgorithm.sha1, digits: 6, period: 30 } as const;

function requiredString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') throw new PushDeviceError(`enroll response has no ${field}`);
  return value;
}

function parseTotp(value: unknown): TotpParameters | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object') throw new PushDeviceError('enroll response totp is not an object');
  const totp = value as Record<string, unknown>;
  if (typeof totp.secret !== 'string' || totp.secret === '') throw new PushDeviceError('enroll response totp has no secret');
  const algorithm = typeof totp.algorithm === 'string' ? totp.algorithm.toLowerCase() : TOTP_DEFAULTS.algorithm;
  if (!Object.values<string>(TotpAlgorithm).includes(algorithm)) {
    throw new PushDeviceError(`enroll response totp algorithm ${algorithm} is not supported`);
  }
  const digits = typeof totp.digits === 'number' ? totp.digits : TOTP_DEFAULTS.digits;
  const period = typeof totp.period === 'number' ? totp.period : TOTP_DEFAULTS.period;
  return { secret: totp.secret, algorithm: algorithm as TotpAlgorithm, digits, period };
}

function optionalString(body: Record<string, unknown>, field: string): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value === '') throw new PushDeviceError(`enroll response ${field} is not a string`);
  return value;
}

export function parseEnrollResponse(json: unknown): EnrollResponseBody {
  if (json === null || typeof json !== 'object') throw new PushDeviceError('enroll response is not a JSON object');
  const body = json as Record<string, unknown>;
  return {
    id: requiredString(body, 'id'),
    user_id: requiredString(body, 'user_id'),
    issuer: requiredString(body, 'issuer'),
    totp: parseTotp(body.totp),
    recovery_code: optionalString(body, 'recovery_code'),
  };
}
