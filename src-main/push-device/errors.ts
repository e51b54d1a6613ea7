/** The Guardian API error body (https://github.com/auth0/auth0-guardian.js README "Error codes"): `{ statusCode, error, message, errorCode }`. */
export interface GuardianErrorBody {
  statusCode?: number;
  error?: string;
  message?: string;
  errorCode?: string;
}

/** A non-2xx answer from the Guardian device API. */
export class GuardianApiError extends Error {
  override readonly name = 'GuardianApiError';

  constructor(
    readonly status: number,
    readonly errorCode: string | undefined,
    message: string,
    readonly body: GuardianErrorBody | undefined,
  ) {
    super(message);
  }
}

/** The enrollment QR / link content is not something this client can enroll with. */
export class EnrollmentUriError extends Error {
  override readonly name = 'EnrollmentUriError';
}

/** A local precondition failed (missing key, malformed server answer, number matching rules). */
export class PushDeviceError extends Error {
  override readonly name = 'PushDeviceError';
}

export async function guardianErrorFrom(response: Response): Promise<GuardianApiError> {
  const text = await response.text().catch(() => '');
  let body: GuardianErrorBody | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object') body = parsed as GuardianErrorBody;
  } catch {
    body = undefined;
  }
  const code = typeof body?.errorCode === 'string' ? body.errorCode : undefined;
  const detail = typeof body?.message === 'string' ? body.message : response.statusText || 'request failed';
  return new GuardianApiError(response.status, code, `${response.status}${code ? ` ${code}` : ''}: ${detail}`, body);
}
