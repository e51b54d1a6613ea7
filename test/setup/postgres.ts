import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migratePostgres } from '../../server/store/postgres/migrate.js';
import { findPostgresBin, startPostgresCluster, type PostgresCluster } from '../helpers/postgres-cluster.js';

/**
 * Global setup of the `postgres` project: one PostgreSQL server for the whole run, with a migrated
 * template database that each test file copies (test/helpers/postgres.ts), so no file migrates its own.
 * Without PostgreSQL the project's tests skip, except under CI, where a missing server fails the run.
 */
export const TEMPLATE_DATABASE = 'tessera_template';
const INSTALL_HINT = 'apt-get install postgresql (Debian), or put a PostgreSQL bin folder with initdb and postgres on PATH';

async function createTemplate(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${TEMPLATE_DATABASE}`;
  const pool = new pg.Pool({ connectionString: url.href, max: 1 });
  try {
    await migratePostgres(pool);
  } finally {
    await pool.end();
  }
  // CREATE DATABASE … TEMPLATE fails while anyone is connected to the template: nobody may be.
  const closer = new pg.Client({ connectionString: adminUrl });
  await closer.connect();
  try {
    await closer.query(`ALTER DATABASE ${TEMPLATE_DATABASE} WITH ALLOW_CONNECTIONS false`);
  } finally {
    await closer.end();
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const bin = findPostgresBin();
  if (!bin) {
    if (process.env.CI) throw new Error(`PostgreSQL is required under CI but is not installed: ${INSTALL_HINT}.`);
    // Each skipped file prints this (test/helpers/postgres.ts), beside its name.
    project.provide('postgres', { skipReason: `PostgreSQL is not installed, so the PostgreSQL tests are skipped (${INSTALL_HINT}).` });
    return undefined;
  }
  let cluster: PostgresCluster | undefined = await startPostgresCluster(bin);
  try {
    await createTemplate(cluster.adminUrl);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  project.provide('postgres', { adminUrl: cluster.adminUrl, template: TEMPLATE_DATABASE });
  return async () => {
    await cluster?.stop();
    cluster = undefined;
  };
}
