#!/usr/bin/env node
// The `tessera` CLI launcher: registers tsx so the TypeScript sources run as they are, then hands over
// to src-main/cli/main.ts. The project's tsconfig is named explicitly so the CLI behaves the same from
// any working directory.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
