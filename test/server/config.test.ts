import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';

const BASE = { TESSERA_DATA_DIR: '/nonexistent/tessera-config-test' };

describe('loadConfig: HTTP limits', () => {
  it('reads every TESSERA_* limit', () => {
    const config = loadConfig({
      ...BASE,
      TESSERA_REQUEST_TIMEOUT_MS: '1000',
      TESSERA_HEADERS_TIMEOUT_MS: '500',
      TESSERA_IDLE_TIMEOUT_MS: '2000',
      TESSERA_KEEP_ALIVE_TIMEOUT_MS: '3000',
      TESSERA_MAX_REQUESTS_PER_SOCKET: '10',
      TESSERA_MAX_CONNECTIONS: '20',
    });
    expect(config.http).toEqual({
      requestTimeoutMs: 1000, headersTimeoutMs: 500, idleTimeoutMs: 2000, keepAliveTimeoutMs: 3000, maxRequestsPerSocket: 10, maxConnections: 20,
    });
  });

  it('leaves unset limits to the defaults', () => {
    expect(loadConfig(BASE).http).toEqual({});
  });

  it.each([
    ['TESSERA_REQUEST_TIMEOUT_MS', '0'],
    ['TESSERA_MAX_CONNECTIONS', '-5'],
    ['TESSERA_IDLE_TIMEOUT_MS', '1.5'],
    ['TESSERA_HEADERS_TIMEOUT_MS', 'ten'],
  ])('refuses %s=%s: 0 or nonsense would mean no limit', (name, value) => {
    expect(() => loadConfig({ ...BASE, [name]: value })).toThrow(new Error(`${name} must be a positive integer: ${value}`));
  });
});

describe('loadConfig: TESSERA_LOG_STREAM_SUSPEND_AFTER_S', () => {
  it('defaults to 7 days, as Auth0 pauses a stream it cannot reach for 7 consecutive days', () => {
    expect(loadConfig(BASE).logStreamSuspendAfterS).toBe(604_800);
  });

  it('reads the variable', () => {
    expect(loadConfig({ ...BASE, TESSERA_LOG_STREAM_SUSPEND_AFTER_S: '86400' }).logStreamSuspendAfterS).toBe(86_400);
  });

  it.each(['0', '-1', '1.5', '1e3', 'week'])('refuses %s', (value) => {
    expect(() => loadConfig({ ...BASE, TESSERA_LOG_STREAM_SUSPEND_AFTER_S: value })).toThrow(new Error(`TESSERA_LOG_STREAM_SUSPEND_AFTER_S must be a positive integer: ${value}`));
  });
});

describe('loadConfig: TESSERA_LOG_RETENTION_DAYS', () => {
  it('defaults to 30 days, as Auth0 keeps logs on its paid plans', () => {
    expect(loadConfig(BASE).logRetentionDays).toBe(30);
  });

  it('reads the variable', () => {
    expect(loadConfig({ ...BASE, TESSERA_LOG_RETENTION_DAYS: '90' }).logRetentionDays).toBe(90);
  });

  it.each(['0', '-1', '1.5', 'month'])('refuses %s', (value) => {
    expect(() => loadConfig({ ...BASE, TESSERA_LOG_RETENTION_DAYS: value })).toThrow(new Error(`TESSERA_LOG_RETENTION_DAYS must be a positive integer: ${value}`));
  });
});

describe('loadConfig: TESSERA_IMPORT_FILE_LIMIT', () => {
  it('defaults to 32 MiB, reads the variable, refuses nonsense', () => {
    expect(loadConfig(BASE).importFileLimit).toBe(32 * 1024 * 1024);
    expect(loadConfig({ ...BASE, TESSERA_IMPORT_FILE_LIMIT: '512000' }).importFileLimit).toBe(512_000);
    expect(() => loadConfig({ ...BASE, TESSERA_IMPORT_FILE_LIMIT: '10MB' })).toThrow('TESSERA_IMPORT_FILE_LIMIT must be a positive integer: 10MB');
  });
});

describe('loadConfig: TESSERA_DELIVERY', () => {
  it('sends through the provider unless told to keep codes in the outbox', () => {
    expect(loadConfig(BASE).delivery).toBe('provider');
    expect(loadConfig({ ...BASE, TESSERA_DELIVERY: '' }).delivery).toBe('provider');
    expect(loadConfig({ ...BASE, TESSERA_DELIVERY: 'provider' }).delivery).toBe('provider');
    expect(loadConfig({ ...BASE, TESSERA_DELIVERY: 'outbox' }).delivery).toBe('outbox');
  });

  it.each(['Outbox', 'twilio', 'outbox '])('refuses %j at start-up rather than send codes somewhere unexpected', (value) => {
    expect(() => loadConfig({ ...BASE, TESSERA_DELIVERY: value })).toThrow(new Error(`TESSERA_DELIVERY must be provider or outbox: ${value}`));
  });
});
