import Fastify from 'fastify';
import type { BaselineMessage } from '../baseline-process.js';

/**
 * The floor for a JSON route: the project's Fastify version, logger off, one GET that returns the body
 * given on the command line (the same JSON the measured route answers with), no hooks, no schema.
 */
const body: unknown = JSON.parse(process.argv[2] ?? '{}');
const app = Fastify({ logger: false });
app.get('/json', async function bareJsonRoute() {
  return body;
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (address === null || typeof address === 'string') throw new Error('no port');
process.send!({ ready: true, port: address.port } satisfies BaselineMessage);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
