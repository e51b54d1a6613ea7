/** Types of scripts/run-server.mjs, for the TypeScript that imports it (the benchmarks, the tests). */
export declare const SERVER_MALLOC_ENV: Readonly<{ MALLOC_ARENA_MAX: string; MALLOC_MMAP_THRESHOLD_: string; MALLOC_TRIM_THRESHOLD_: string }>;
/** The environment `npm run server` gives the server: `env` plus SERVER_MALLOC_ENV on Linux, where `env` does not set them. */
export declare function serverProcessEnv(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): NodeJS.ProcessEnv;
