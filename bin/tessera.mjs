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
const argv = process.argv.slice(2);
if (argv[0] === 'otp') {
  // `tessera otp …` has a build of its own, one file that starts faster than the whole CLI's chunks;
  // a smaller one first begins reading the vault key from the keychain (when the command needs it), so
  // the keychain answers while the rest loads.
  const { startVaultKeyRead } = await import('../out/node/otp-start.mjs');
  const vaultKey = startVaultKeyRead(argv, process.platform);
  const { main } = await import('../out/node/otp.mjs');
  process.exitCode = await main(argv, undefined, vaultKey);
} else {
  const { main } = await import('../out/node/cli.mjs');
  process.exitCode = await main(argv);
}
