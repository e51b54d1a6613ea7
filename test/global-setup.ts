import { buildNode, nodeBuildIsStale } from '../scripts/build-node.mjs';

/**
 * Once per run, before any worker: the JavaScript build of the server and the CLI that the process tests
 * spawn (as `npm run server` and `bin/tessera.mjs` run it), so they test today's sources. Each project
 * calls this; the second finds the build fresh.
 */
export async function setup(): Promise<void> {
  if (nodeBuildIsStale()) await buildNode();
}
