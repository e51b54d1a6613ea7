import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAuditRows } from './audit-rows.js';
import { writePostgresAuditRows } from './pg-audit-rows.js';
import { getAllOk } from './pool.js';
import { measureCpu, perUnit, wholePerUnit, type CpuWindow } from './proc-cpu.js';
import { cpu, median, verdict } from './report.js';
import { benchUsers, importUsers, type SeededUser } from './seed.js';
import { ensureNodeBuild, newAdminCredentials, startTessera, type AdminCredentials, type TesseraProcess } from './tessera-process.js';

/**
 * Issue 12: every Management list and search costs as much at 100,000 users as at 100 (within 2×).
 * Two tenants, seeded the same way (users imported, half with TOTP; four audit entries per user written
 * into the stopped server's database, see audit-rows.ts), run side by side; each query's CPU per
 * request is measured on both in alternating windows. The SDK's list calls send include_totals=true,
 * so these do too.
 */
export const ROUNDS = 3;
const SIZES = { small: 100, large: 100_000 };
/** A window lasts about this long, so even a fast query adds up to many clock ticks of CPU. */
const WINDOW_TARGET_MS = 600;
const CALIBRATION = 5;
const CONCURRENCY = 2;

interface Tenant {
  server: TesseraProcess;
  users: SeededUser[];
  /** The user the per-user queries ask about: one with TOTP, in the middle of the tenant. */
  subject: SeededUser;
}

export function queries(tenant: Tenant): Record<string, string> {
  const id = encodeURIComponent(tenant.subject.userId);
  const q = (query: string) => encodeURIComponent(query);
  return {
    'users list': 'api/v2/users?per_page=50&page=0&include_totals=true',
    'users search by email': `api/v2/users?q=${q(`email:"${tenant.subject.email}"`)}&search_engine=v3&include_totals=true`,
    'logs by type': `api/v2/logs?q=${q('type:seotpft')}&per_page=50&include_totals=true`,
    'logs by user': `api/v2/logs?q=${q(`user_id:"${tenant.subject.userId}"`)}&per_page=50&include_totals=true`,
    'user logs': `api/v2/users/${id}/logs?per_page=50&include_totals=true`,
    'authentication methods': `api/v2/users/${id}/authentication-methods?include_totals=true`,
  };
}

/** Imports the users, stops the server, writes the audit log into its database, starts it again. */
async function seedTenant(size: number, prefix: string, dir: string, admin: AdminCredentials): Promise<Tenant> {
  const users = benchUsers(size, prefix);
  const first = await startTessera(dir, admin);
  try {
    await importUsers(first, users);
  } finally {
    await first.stop();
  }
  if (first.databaseUrl) await writePostgresAuditRows(first.databaseUrl, users, Date.now());
  else writeAuditRows(join(dir, 'tessera.db'), users, Date.now());
  const server = await startTessera(dir, admin);
  return { server, users, subject: users[Math.floor(size / 4) * 2]! };
}


async function measureQuery(tenants: Tenant[], authorizations: string[], path: (tenant: Tenant) => string): Promise<CpuWindow[][]> {
  const urls = tenants.map((tenant) => new URL(path(tenant), tenant.server.url).href);
  const counts = await Promise.all(
    urls.map(async (url, i) => {
      const started = performance.now();
      await getAllOk(url, authorizations[i]!, CALIBRATION, CONCURRENCY);
      const perRequest = (performance.now() - started) / CALIBRATION;
      return Math.min(1000, Math.max(10, Math.ceil(WINDOW_TARGET_MS / perRequest)));
    }),
  );
  const windows: CpuWindow[][] = tenants.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) windows[i]!.push(await measureCpu(tenants[i]!.server.pid, () => getAllOk(urls[i]!, authorizations[i]!, counts[i]!, CONCURRENCY)));
  }
  return windows;
}

export async function benchLists(): Promise<string[]> {
  await ensureNodeBuild();
  const root = mkdtempSync(join(tmpdir(), 'tessera-bench-lists-'));
  const tenants: Tenant[] = [];
  try {
    const seedStarted = performance.now();
    tenants.push(await seedTenant(SIZES.small, 'small', join(root, 'small'), newAdminCredentials()));
    tenants.push(await seedTenant(SIZES.large, 'large', join(root, 'large'), newAdminCredentials()));
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const authorizations = await Promise.all(tenants.map(async (tenant) => `Bearer ${await tenant.server.managementToken()}`));
    const lines: string[] = [];
    for (const name of Object.keys(queries(tenants[0]!))) {
      const [small, large] = await measureQuery(tenants, authorizations, (tenant) => queries(tenant)[name]!);
      const smallCpu = median(small!.map(perUnit));
      const largeCpu = median(large!.map(perUnit));
      lines.push(`${`${name}:`.padEnd(24)} ${cpu(largeCpu)} at 100,000 users | ${cpu(smallCpu)} at 100 | ${verdict(largeCpu / smallCpu, { kind: 'max', target: 2 })}`);
      if (large!.every((window) => window.attributedCpuMs !== undefined)) {
        const [wholeLarge, wholeSmall] = [median(large!.map(wholePerUnit)), median(small!.map(wholePerUnit))];
        lines.push(`${'  + PostgreSQL backends:'.padEnd(24)} ${cpu(wholeLarge)} at 100,000 users | ${cpu(wholeSmall)} at 100 | ratio ${(wholeLarge / wholeSmall).toFixed(2)}x (whole cost, for information)`);
      }
    }
    lines.push(
      `  (${tenants[0]!.server.databaseUrl ? 'PostgreSQL' : 'SQLite'} store; the Tessera process's CPU per request (the goal's count), medians of ${ROUNDS} windows of ~${WINDOW_TARGET_MS} ms each, alternating tenants; ` +
        `seeding both tenants took ${seedSeconds.toFixed(0)} s)`,
    );
    return lines;
  } finally {
    await Promise.all(tenants.map((tenant) => tenant.server.stop()));
    rmSync(root, { recursive: true, force: true });
  }
}
