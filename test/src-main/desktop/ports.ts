import { createServer, type Server } from 'node:net';

/** A listener on a free loopback port, to learn a port or to hold one taken. */
export async function holdPort(): Promise<{ port: number; release(): Promise<void> }> {
  const server: Server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return { port: address.port, release: () => new Promise<void>((done) => server.close(() => done())) };
}

export { freePort } from '../../helpers/process.js';
