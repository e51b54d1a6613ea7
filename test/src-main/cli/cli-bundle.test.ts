import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_OUT } from '../../../scripts/build-node.mjs';

// What `tessera otp list` loads from the CLI's build (scripts/build-node.mjs, built by the global setup):
// start-up is most of a one-shot command's time, so the otp commands must not drag in the push client,
// the Management API commands or the server.
const IMPORT = /(?:^|\n)import\s*(?:[^'"]*?from\s*)?"(\.\/[^"]+)"|import\("(\.\/[^"]+)"\)/g;

function imports(file: string): { static: string[]; dynamic: string[] } {
  const text = readFileSync(path.join(NODE_OUT, file), 'utf8');
  const found = { static: [] as string[], dynamic: [] as string[] };
  for (const match of text.matchAll(IMPORT)) {
    if (match[1]) found.static.push(path.basename(match[1]));
    else found.dynamic.push(path.basename(match[2]!));
  }
  return found;
}

/** The files loaded from `entry`: its static imports, and the dynamic ones `follow` names, transitively. */
function loadedFiles(entry: string, follow: RegExp): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const found = imports(file);
    found.static.forEach(visit);
    found.dynamic.filter((name) => follow.test(name)).forEach(visit);
  };
  visit(entry);
  return seen;
}

/** The sources bundled into these files, from the `// path` line esbuild puts before each one. */
function bundledSources(files: Iterable<string>): Set<string> {
  const sources = new Set<string>();
  for (const file of files) {
    for (const match of readFileSync(path.join(NODE_OUT, file), 'utf8').matchAll(/^\/\/ ((?:src-main|server|node_modules)\/\S+)$/gm)) sources.add(match[1]!);
  }
  return sources;
}

describe('the CLI build', () => {
  it('names every chunk it imports', () => {
    const files = new Set(readdirSync(NODE_OUT));
    for (const file of loadedFiles('cli.mjs', /./)) expect(files).toContain(file);
  });

  it('`tessera otp list` loads the vault and nothing of admin, device, push or server', () => {
    const sources = [...bundledSources(loadedFiles('cli.mjs', /^(otp-commands|vault|keyring)-/))];
    expect(sources).toEqual(expect.arrayContaining(['src-main/cli/otp-commands.ts', 'src-main/vault/vault.ts', 'src-main/vault/os-secret-store.ts']));
    // server/factors/otp.ts (a few constants around otplib) shares otplib's chunk: esbuild groups modules
    // by the entries that reach them, and the server and the vault both reach otplib.
    const foreign = /^(server\/(?!factors\/otp\.ts)|src-main\/cli\/admin\/|src-main\/cli\/device|src-main\/desktop\/|src-main\/push-device\/(?!errors\.ts|types\.ts)|node_modules\/(jose|fastify|@fastify|auth0|qrcode|nodemailer)\/)/;
    expect(sources.filter((source) => foreign.test(source))).toEqual([]);
  });
});
