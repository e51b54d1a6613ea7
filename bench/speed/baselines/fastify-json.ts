import Fastify from 'fastify';
import pg from 'pg';
import type { BaselineMessage } from '../baseline-process.js';

/**
 * The floor for a JSON route: the project's Fastify version, logger off, one GET that returns the body
 * given on the command line (the same JSON the measured route answers with), no hooks, no schema.
 * With a PostgreSQL URL as argv[3] (not a goal's baseline: a floor, for information), the route first sends
 * one statement through node-postgres, as the server's pool does, and answers when it is back: the least a
 * route that reads the database once costs in this process.
 */
const body: unknown = JSON.parse(process.argv[2] ?? '{}');
const databaseUrl = process.argv[3];
const pool = databaseUrl ? new pg.Pool({ connectionString: databaseUrl, max: 4 }) : undefined;
const app = Fastify({ logger: false });
app.get('/json', async function bareJsonRoute(request) {
  if (pool) await pool.query('SELECT $1::text AS authorization', [request.headers.authorization ?? '']);
  return body;
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (address === null || typeof address === 'string') throw new Error('no port');
process.send!({ ready: true, port: address.port } satisfies BaselineMessage);
process.on('SIGTERM', () => void app.close().then(() => pool?.end()).then(() => process.exit(0)));
