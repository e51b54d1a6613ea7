import pg from 'pg';

/**
 * The connection pool the PostgreSQL store runs on. Its own type parsers (not pg's process-wide ones, which
 * would change every other pool in the process): BIGINT columns hold millisecond times and counters that
 * the store hands out as numbers, as SQLite's INTEGER gives them.
 */
export interface PostgresPoolOptions extends Omit<pg.PoolConfig, 'connectionString' | 'types'> {
  /** An idle connection that failed (the server restarted, a network cut): the pool drops it and opens another. */
  onError?: (error: Error) => void;
}

/** Refuses, rather than rounds, a BIGINT beyond what a JavaScript number holds exactly. */
export function parseBigint(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`BIGINT ${text} is outside the range a JavaScript number holds exactly.`);
  return value;
}

export function createPostgresPool(connectionString: string, { onError, ...config }: PostgresPoolOptions = {}): pg.Pool {
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, parseBigint);
  const pool = new pg.Pool({ connectionString, types, ...config });
  // Without a listener, an idle connection's error is thrown from the pool and ends the process.
  pool.on('error', (error) => onError?.(error));
  return pool;
}
