import { homedir } from 'node:os';
import { join } from 'node:path';

export interface ServerConfig {
  /** Public base URL with a trailing slash; every audience and token `iss` derives from it. */
  issuer: string;
  /** Friendly tenant name shown in authenticator apps (the otpauth issuer). */
  tenantName: string;
  /** Largest request body accepted, in bytes; larger bodies are refused before parsing. */
  bodyLimit: number;
  /** Outgoing email (enrollment invitations): an SMTP URL such as smtp://user:pass@host:587. */
  mail?: { smtpUrl: string; from: string };
  /** Interval of keep-alive comments on device event streams (default 15 s). */
  sseHeartbeatMs?: number;
  /** Socket timeouts and caps; any left out take DEFAULT_HTTP_LIMITS. */
  http?: Partial<HttpLimits>;
  /** A log stream whose deliveries keep failing this long is suspended (default LOG_STREAM_SUSPEND_AFTER_S). */
  logStreamSuspendAfterS?: number;
  /** Audit log entries older than this many days are deleted in the background (default LOG_RETENTION_DAYS). */
  logRetentionDays?: number;
  /** Largest users file an import job accepts, in bytes (default IMPORT_FILE_LIMIT). */
  importFileLimit?: number;
}

/** As long as Auth0 keeps logs on its paid plans (https://auth0.com/docs/deploy-monitor/logs/log-data-retention). */
export const LOG_RETENTION_DAYS = 30;

/**
 * Auth0 caps an import file at 500 KB (https://auth0.com/docs/manage-users/user-migration/bulk-user-imports),
 * which splits a 100,000-user tenant into hundreds of jobs. Tessera serves one tenant and runs one job at a
 * time, so it takes a whole export in one file: 32 MiB holds about 100,000 users with bcrypt hashes and TOTP
 * seeds. The file is parsed in memory (a few times its size), which is what bounds it. A larger file gets
 * Auth0's 413.
 */
export const IMPORT_FILE_LIMIT = 32 * 1024 * 1024;

/**
 * "If we fail to reach your server for 7 consecutive days, we'll automatically pause the stream"
 * (https://auth0.com/docs/customize/log-streams); the Management API reports such a stream as `suspended`.
 */
export const LOG_STREAM_SUSPEND_AFTER_S = 7 * 24 * 3600;

function positiveInteger(variable: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1) throw new Error(`${variable} must be a positive integer: ${raw}`);
  return value;
}

/**
 * How long a client may take and how many sockets it may hold: without them a body that stalls after
 * one byte keeps its socket forever, and a few hundred such sockets exhaust the server.
 */
export interface HttpLimits {
  /** Longest time to receive a whole request, headers and body (Node `requestTimeout`). */
  requestTimeoutMs: number;
  /** Longest time to receive the headers (Node `headersTimeout`); capped at requestTimeoutMs. */
  headersTimeoutMs: number;
  /** A socket with no traffic in either direction for this long is closed (Fastify `connectionTimeout`). */
  idleTimeoutMs: number;
  /** How long an idle keep-alive socket waits for its next request. */
  keepAliveTimeoutMs: number;
  maxRequestsPerSocket: number;
  /** Sockets beyond this many are closed as they arrive (Node `server.maxConnections`). */
  maxConnections: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  idleTimeoutMs: 60_000,
  // Longer than the 60 s idle timeout of common proxies and load balancers, so they close first (Fastify's default).
  keepAliveTimeoutMs: 72_000,
  maxRequestsPerSocket: 1000,
  maxConnections: 1024,
};

/** The TESSERA_* variable of each limit. */
export const HTTP_LIMIT_VARIABLES: Record<keyof HttpLimits, string> = {
  requestTimeoutMs: 'TESSERA_REQUEST_TIMEOUT_MS',
  headersTimeoutMs: 'TESSERA_HEADERS_TIMEOUT_MS',
  idleTimeoutMs: 'TESSERA_IDLE_TIMEOUT_MS',
  keepAliveTimeoutMs: 'TESSERA_KEEP_ALIVE_TIMEOUT_MS',
  maxRequestsPerSocket: 'TESSERA_MAX_REQUESTS_PER_SOCKET',
  maxConnections: 'TESSERA_MAX_CONNECTIONS',
};

function loadHttpLimits(env: NodeJS.ProcessEnv): Partial<HttpLimits> {
  const limits: Partial<HttpLimits> = {};
  for (const [key, variable] of Object.entries(HTTP_LIMIT_VARIABLES) as [keyof HttpLimits, string][]) {
    const raw = env[variable];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    // 0 would mean "no limit" to Node: exactly what these settings exist to prevent.
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1) throw new Error(`${variable} must be a positive integer: ${raw}`);
    limits[key] = value;
  }
  return limits;
}

export interface ListenConfig {
  host: string;
  port: number;
  dataDir: string;
  /** `TESSERA_DATABASE_URL`: a PostgreSQL database shared by every instance; SQLite in `dataDir` when unset. */
  databaseUrl?: string;
  /** `TESSERA_DELIVERY`: `outbox` keeps one-time-code messages in the developer outbox instead of sending them. */
  delivery: DeliveryMode;
}

/** Where one-time codes go: the configured provider (Twilio, the webhook, SMTP), or the developer outbox. */
export const DELIVERY_MODES = ['provider', 'outbox'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

function parseDeliveryMode(raw: string | undefined): DeliveryMode {
  if (raw === undefined || raw === '') return 'provider';
  const mode = DELIVERY_MODES.find((candidate) => candidate === raw);
  if (mode === undefined) throw new Error(`TESSERA_DELIVERY must be ${DELIVERY_MODES.join(' or ')}: ${raw}`);
  return mode;
}

/** A `postgres://` or `postgresql://` URL, refused with a message that never echoes it (it may hold a password). */
function parseDatabaseUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  const protocol = URL.canParse(raw) ? new URL(raw).protocol : '';
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') throw new Error('TESSERA_DATABASE_URL must be a postgres:// or postgresql:// URL.');
  return raw;
}

export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** The OS app-data folder: %APPDATA%, ~/Library/Application Support, or $XDG_DATA_HOME. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Tessera', 'server');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Tessera', 'server');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'tessera', 'server');
}

export function normalizeIssuer(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`TESSERA_ISSUER must be an absolute http(s) URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`TESSERA_ISSUER must be http(s): ${raw}`);
  url.search = '';
  url.hash = '';
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`TESSERA_PORT must be a port number: ${raw}`);
  return port;
}

/** Reads settings from the environment, with `--host/--port/--data-dir/--issuer` flags taking precedence. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = []): ServerConfig & ListenConfig {
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  };
  const host = flag('host') ?? env.TESSERA_HOST ?? '127.0.0.1';
  const port = parsePort(flag('port') ?? env.TESSERA_PORT);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const issuer = flag('issuer') ?? env.TESSERA_ISSUER;
  // Tokens and audiences name the issuer's port; a port the OS picks at listen time cannot be in it.
  if (port === 0 && issuer === undefined) throw new Error('TESSERA_PORT=0 needs TESSERA_ISSUER: the issuer must name the port clients connect to.');
  return {
    host,
    port,
    dataDir: flag('data-dir') ?? env.TESSERA_DATA_DIR ?? defaultDataDir(env),
    ...(parseDatabaseUrl(env.TESSERA_DATABASE_URL) === undefined ? {} : { databaseUrl: env.TESSERA_DATABASE_URL }),
    delivery: parseDeliveryMode(env.TESSERA_DELIVERY),
    issuer: normalizeIssuer(issuer ?? `http://${urlHost}:${port}/`),
    tenantName: env.TESSERA_TENANT_NAME ?? 'Tessera',
    bodyLimit: DEFAULT_BODY_LIMIT,
    http: loadHttpLimits(env),
    logStreamSuspendAfterS: positiveInteger('TESSERA_LOG_STREAM_SUSPEND_AFTER_S', env.TESSERA_LOG_STREAM_SUSPEND_AFTER_S) ?? LOG_STREAM_SUSPEND_AFTER_S,
    logRetentionDays: positiveInteger('TESSERA_LOG_RETENTION_DAYS', env.TESSERA_LOG_RETENTION_DAYS) ?? LOG_RETENTION_DAYS,
    importFileLimit: positiveInteger('TESSERA_IMPORT_FILE_LIMIT', env.TESSERA_IMPORT_FILE_LIMIT) ?? IMPORT_FILE_LIMIT,
    ...(env.TESSERA_SMTP_URL ? { mail: { smtpUrl: env.TESSERA_SMTP_URL, from: env.TESSERA_MAIL_FROM ?? 'Tessera <no-reply@localhost>' } } : {}),
  };
}
