import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { findPostgresBin, startPostgresCluster } from '../../test/helpers/postgres-cluster.js';
import { parentPid, processTreeCpuMs } from './pg-cpu.js';

/**
 * A throwaway PostgreSQL for a bench run: the same server the `postgres` test project starts
 * (test/helpers/postgres-cluster.ts: a temp data folder, a free loopback port, trust authentication,
 * fsync off), so the numbers measure Tessera's queries, not this machine's disk.
 */
export interface BenchPostgres {
  /** A new empty database on it; the server migrates it on its first start. */
  createDatabase(): Promise<string>;
  /** PostgreSQL's CPU so far, in ms: the postmaster and all its processes (processTreeCpuMs). */
  cpuMs(): number;
  stop(): Promise<void>;
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The postmaster is every backend's parent: ask one backend who it is, while it still exists. */
async function postmasterPid(adminUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return parentPid(rows[0]!.pid);
  } finally {
    await client.end();
  }
}

export async function startBenchPostgres(): Promise<BenchPostgres> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed: apt-get install postgresql (Debian), or put its bin folder on PATH');
  const cluster = await startPostgresCluster(bin);
  try {
    const postmaster = await postmasterPid(cluster.adminUrl);
    return {
      async createDatabase() {
        const name = `tessera_bench_${randomBytes(6).toString('hex')}`;
        await adminQuery(cluster.adminUrl, `CREATE DATABASE ${name}`);
        const url = new URL(cluster.adminUrl);
        url.pathname = `/${name}`;
        return url.href;
      },
      cpuMs: () => processTreeCpuMs(postmaster),
      stop: () => cluster.stop(),
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
