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
// `tessera otp …` has a build of its own, one file that starts faster than the whole CLI's chunks.
const argv = process.argv.slice(2);
const { main } = await (argv[0] === 'otp' ? import('../out/node/otp.mjs') : import('../out/node/cli.mjs'));
process.exitCode = await main(argv);
