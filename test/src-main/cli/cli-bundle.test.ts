import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NODE_OUT } from '../../../scripts/build-node.mjs';

// What the CLI's commands load from its build (scripts/build-node.mjs, built by the global setup): start-up
// is most of a one-shot command's time, so `tessera otp …` must not drag in the push client, the
// Management API commands or the server, nor load a file per chunk.
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

const FOREIGN_TO_OTP = new RegExp('^(' + [
  // server/factors/otp.ts (a few constants around otplib) is where the vault's code and the server share it.
  'server/(?!factors/otp\\.ts)', 'src-main/cli/admin/', 'src-main/cli/device', 'src-main/desktop/',
  'src-main/push-device/(?!errors\\.ts|types\\.ts)', 'node_modules/(jose|fastify|@fastify|auth0|qrcode|nodemailer|@homebridge|xml2js)/',
].join('|') + ')');

describe('the CLI build', () => {
  it('names every chunk it imports', () => {
    const files = new Set(readdirSync(NODE_OUT));
    for (const file of loadedFiles('cli.mjs', /./)) expect(files).toContain(file);
  });

  it('`tessera otp …` runs from one file, with the vault and nothing of admin, device, push or server', () => {
    expect([...loadedFiles('otp.mjs', /./)]).toEqual(['otp.mjs']);
    const sources = [...bundledSources(['otp.mjs'])];
    expect(sources).toEqual(expect.arrayContaining(['src-main/cli/otp-commands.ts', 'src-main/vault/vault.ts', 'src-main/vault/os-secret-store.ts']));
    expect(sources.filter((source) => FOREIGN_TO_OTP.test(source))).toEqual([]);
  });

  it('the file that begins the vault key read holds that read and nothing else', () => {
    expect([...loadedFiles('otp-start.mjs', /./)]).toEqual(['otp-start.mjs']);
    expect([...bundledSources(['otp-start.mjs'])].sort()).toEqual([
      'src-main/cli/early-vault-key.ts', 'src-main/vault/early-secret-read.ts',
      'src-main/vault/keyring-module.ts', 'src-main/vault/vault-key.ts',
    ]);
  });

  // A split build turns a dynamic import of a module it bundles as CommonJS into a chunk whose only export
  // is `default`: for a built-in, `const { createInterface } = await import('node:readline/promises')` then
  // finds nothing. The built-ins' dynamic imports must stay Node's own.
  it('no chunk loaded by a dynamic import stands for a built-in of Node', async () => {
    const files = readdirSync(NODE_OUT).filter((file) => file.endsWith('.mjs'));
    const text = (file: string) => readFileSync(path.join(NODE_OUT, file), 'utf8');
    const required = createRequire(import.meta.url);
    const builtins = [...new Set(files.flatMap((file) => [...text(file).matchAll(/__require\("(node:[^"]+)"\)/g)].map((match) => match[1]!)))];
    const wrappers = [...new Set(files.flatMap((file) => imports(file).dynamic))].filter((file) => /^export default require_\w+\(\);$/m.test(text(file)));
    expect(builtins).toContain('node:readline/promises');
    for (const wrapper of wrappers) {
      const loaded = ((await import(pathToFileURL(path.join(NODE_OUT, wrapper)).href)) as { default: unknown }).default;
      expect({ wrapper, builtins: builtins.filter((name) => required(name) === loaded) }).toEqual({ wrapper, builtins: [] });
    }
    expect(text('otp.mjs')).toContain('await import("node:readline/promises")');
  });

  it("the whole CLI's entry loads no command group before it runs", () => {
    const sources = [...bundledSources(loadedFiles('cli.mjs', /^$/))];
    expect(sources).toContain('src-main/cli/router.ts');
    expect(sources.filter((source) => /^(src-main\/cli\/(admin\/|device|otp-)|src-main\/vault\/vault\.ts|server\/)/.test(source))).toEqual([]);
  });
});
