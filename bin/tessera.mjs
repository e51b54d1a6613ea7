#!/usr/bin/env node
// The `tessera` CLI launcher: runs the JavaScript build in out/node/ (scripts/build-node.mjs), so no
// TypeScript is compiled at run time. In a checkout whose sources changed since that build (or that was
// never built), it builds first, which takes about a second.
import { buildNode, nodeBuildIsStale } from '../scripts/build-node.mjs';

if (nodeBuildIsStale()) {
  try {
    await buildNode();
  } catch (error) {
    console.error(`tessera: cannot build the CLI (${error instanceof Error ? error.message : error}); run \`npm install\` and \`npm run build\``);
    process.exit(1);
  }
}
// `tessera otp list | head -1`: a reader that stops early is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
const { main } = await import('../out/node/cli.mjs');
process.exitCode = await main(process.argv.slice(2));
