// The Node build of the standalone server and the `tessera` CLI: plain JavaScript in out/node/, so neither
// compiles TypeScript when it starts. esbuild bundles our sources and the pure-JavaScript packages they
// use (resolving hundreds of small ES modules one by one was most of the CLI's start-up), and splits what
// the two entries share into chunks; what must stay a file of node_modules is EXTERNAL. `tessera otp …`
// also gets a build of its own, one unsplit file (out/node/otp.mjs), for the bin's fastest start.
//
//   node scripts/build-node.mjs             build out/node/{server,cli,otp}.mjs
//   node scripts/build-node.mjs --if-stale  only when a source changed since the last build
//   import { buildNode, nodeBuildIsStale } from './build-node.mjs'
import { cpSync, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const NODE_OUT = path.join(ROOT, 'out', 'node');
/** Every source file the last build read, relative to the root, and when that build started. */
const MANIFEST = 'inputs.json';

const ENTRY_POINTS = { server: 'server/main.ts', cli: 'src-main/cli/main.ts' };
/** `tessera otp …` alone, in one file: built without splitting (src-main/cli/otp-main.ts says why). */
const OTP_ENTRY_POINTS = { otp: 'src-main/cli/otp-main.ts', 'otp-start': 'src-main/cli/otp-start.ts' };

/**
 * Loaded from node_modules at run time: native modules (@napi-rs/keyring finds its `.node` binding relative
 * to itself), the Swagger UI plugin (it serves its static files from its own folder) and Electron (never
 * imported by these entries; listed so a stray import fails loudly rather than bundling it).
 * better-sqlite3's JavaScript is bundled, its binding loaded as SQLITE_BINDING says.
 */
const EXTERNAL = ['@napi-rs/keyring', '@fastify/swagger-ui', 'electron'];

/**
 * The external packages that are CommonJS. An ES module that imports one makes Node 20 start its
 * WebAssembly CommonJS export lexer, whose background compilation the process then waits for before it
 * exits (about 30 ms after `tessera otp list` is done); `require` needs no lexer. @homebridge/dbus-native
 * (with xml2js, 350 kB) is needed only to move an item from keytar's layout, once: bundled, it would be
 * parsed at every start of out/node/otp.mjs.
 */
const REQUIRED_EXTERNALS = /^(@napi-rs\/keyring|@fastify\/swagger-ui|@homebridge\/dbus-native|bindings)$/;
const REQUIRED = 'tessera-required-external';

/**
 * better-sqlite3 finds its binding with the `bindings` package, which inspects a stack trace and tries a
 * dozen folders; node-gyp and prebuild-install both put it in build/Release, so that is tried first, and
 * `bindings` (from node_modules, told the package's folder) only when it is not there.
 */
const SQLITE_BINDING = `module.exports = function sqliteBinding(name) {
  try {
    return require('better-sqlite3/build/Release/' + name);
  } catch (error) {
    if (error.code !== 'MODULE_NOT_FOUND') throw error;
    const moduleRoot = require('node:path').dirname(require.resolve('better-sqlite3/package.json'));
    return require('bindings')({ bindings: name, module_root: moduleRoot });
  }
};`;
const SQLITE_BINDING_NAMESPACE = 'tessera-sqlite-binding';

/**
 * Node's built-ins are required too: an ES module import of one reads every export of the module to build
 * its namespace, and for node:crypto that loads and sets up Web Crypto (about 5 ms), which the CLI never
 * uses (the server's jose reaches it through `globalThis.crypto`, set up when first read).
 * Not a dynamic `import('node:…')`: already off the start-up path, and in a split build esbuild makes the
 * required module a chunk whose only export is `default` (Node's namespace of a CommonJS module,
 * https://nodejs.org/api/esm.html#commonjs-namespaces), so `const { createInterface } = await import(…)`
 * would find nothing. Left to Node, the import gets the built-in's own namespace, named exports and all.
 */
const BUILTIN = /^node:/;

/**
 * Turns `import … from '<package>'` of REQUIRED_EXTERNALS (static or dynamic) and of Node's built-ins (static) into
 * a `require` through REQUIRE_SHIM, and better-sqlite3's `require('bindings')` into SQLITE_BINDING.
 */
const requireExternals = {
  name: 'tessera-require-externals',
  setup(build) {
    build.onResolve({ filter: BUILTIN }, (args) => (args.namespace === REQUIRED || args.kind === 'require-call' || args.kind === 'dynamic-import' || args.path === 'node:module'
      ? { path: args.path, external: true }
      : { path: args.path, namespace: REQUIRED }));
    build.onResolve({ filter: /^bindings$/ }, (args) => (/node_modules[\\/]better-sqlite3[\\/]/.test(args.importer)
      ? { path: 'bindings', namespace: SQLITE_BINDING_NAMESPACE }
      : undefined));
    build.onLoad({ filter: /.*/, namespace: SQLITE_BINDING_NAMESPACE }, () => ({ contents: SQLITE_BINDING, loader: 'js' }));
    build.onResolve({ filter: REQUIRED_EXTERNALS }, (args) => (args.namespace === REQUIRED || args.namespace === SQLITE_BINDING_NAMESPACE
      ? { path: args.path, external: true }
      : { path: args.path, namespace: REQUIRED }));
    build.onLoad({ filter: /.*/, namespace: REQUIRED }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

/** Bundled CommonJS packages call `require` for Node's built-ins; an ES module has none of its own. */
const REQUIRE_SHIM = "import { createRequire as __tesseraCreateRequire } from 'node:module'; const require = __tesseraCreateRequire(import.meta.url);";

/**
 * Builds out/node/ from scratch; resolves when the files are in place. The build is written beside it
 * and swapped in, so a `tessera` starting meanwhile loads the old build or the new one, never half of one.
 */
export async function buildNode() {
  // esbuild is a build tool (a devDependency): only a build needs it, never a run of the output.
  const { build } = await import('esbuild');
  const startedAt = Date.now();
  const staging = `${NODE_OUT}.${process.pid}.${startedAt}`;
  const options = {
    absWorkingDir: ROOT,
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    external: EXTERNAL,
    plugins: [requireExternals],
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
    banner: { js: `// Built by scripts/build-node.mjs from the TypeScript sources; edit those.\n${REQUIRE_SHIM}` },
  };
  const results = await Promise.all([
    build({ ...options, entryPoints: ENTRY_POINTS, splitting: true }),
    build({ ...options, entryPoints: OTP_ENTRY_POINTS, splitting: false }),
  ]);
  // server/store/sqlite/db.ts reads its numbered SQL migrations from `./migrations/` next to the module; the
  // chunk that holds it sits at the top of out/node/.
  cpSync(path.join(ROOT, 'server/store/sqlite/migrations'), path.join(staging, 'migrations'), { recursive: true });
  // server/store/postgres/migrate.ts looks for its own beside the chunks under this other name.
  cpSync(path.join(ROOT, 'server/store/postgres/migrations'), path.join(staging, 'postgres-migrations'), { recursive: true });
  const inputs = [...new Set(results.flatMap((result) => Object.keys(result.metafile.inputs)))].filter((input) => !/^(node_modules\/|tessera-[a-z-]+:)/.test(input));
  writeFileSync(path.join(staging, MANIFEST), `${JSON.stringify({ startedAt, inputs: [...inputs, 'server/store/sqlite/migrations', 'server/store/postgres/migrations'] })}\n`);
  const retired = `${staging}.old`;
  if (existsSync(NODE_OUT)) renameSync(NODE_OUT, retired);
  renameSync(staging, NODE_OUT);
  rmSync(retired, { recursive: true, force: true });
}

/**
 * Whether out/node/ is missing or older than a source it was built from: the bin rebuilds before it runs,
 * so a checkout never runs yesterday's CLI. It is on every start's path: a few hundred `stat`s of paths
 * joined by hand (path.join's normalising cost more than the stats), about 4 ms, and none where the
 * sources are absent (a build shipped without them has nothing to be stale against). `root`: for tests.
 */
export function nodeBuildIsStale(root = ROOT) {
  const prefix = path.join(root, path.sep);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(prefix, 'out', 'node', MANIFEST), 'utf8'));
  } catch {
    return true;
  }
  if (![...Object.values(ENTRY_POINTS), ...Object.values(OTP_ENTRY_POINTS)].some((entry) => existsSync(prefix + entry))) return false;
  // A source edited since the build began, or removed; a new migration changes its folder's mtime.
  // The inputs are esbuild's root-relative paths with `/`, which every platform's stat accepts.
  for (const input of manifest.inputs) {
    const stats = statSync(prefix + input, { throwIfNoEntry: false });
    if (stats === undefined || stats.mtimeMs >= manifest.startedAt) return true;
  }
  return false;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const ifStale = process.argv.includes('--if-stale');
  (ifStale && !nodeBuildIsStale() ? Promise.resolve() : buildNode()).catch((error) => {
    console.error(`[build-node] ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
