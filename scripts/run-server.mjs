// `npm run server`'s last step: the built server (out/node/server.mjs) as a child process, with the
// allocator settings below, its flags, its output, and the signals this process gets.
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * glibc's allocator, set so that a password hash reuses its memory. scrypt at Tessera's cost (N=2^15, r=8)
 * takes one 32 MiB block per hash (128·N·r bytes, RFC 7914 §6). By default glibc maps a block that size
 * afresh and unmaps it on free (its mmap threshold stops growing at 32 MiB), or gives it back from the
 * per-thread arenas of libuv's pool, so each hash faults 8,192 new pages in: about a fifth of its CPU.
 * One arena, blocks up to 64 MiB from the heap, and no trim while less than 128 MiB lies free keep those
 * pages from one hash to the next (https://man7.org/linux/man-pages/man3/mallopt.3.html, "Environment
 * variables"). Measured (bench/README.md, "Eighth round"): a password grant takes 13–18% less CPU and the
 * server answers 15–24% more of them per second; the process keeps its peak memory (about 60 MB more after
 * a burst of logins) instead of handing it back. glibc reads these only when a process starts, hence this
 * launcher. Other C libraries ignore them; an operator's own value for any of them wins.
 */
export const SERVER_MALLOC_ENV = Object.freeze({
  MALLOC_ARENA_MAX: '1',
  MALLOC_MMAP_THRESHOLD_: String(64 * 1024 * 1024),
  MALLOC_TRIM_THRESHOLD_: String(128 * 1024 * 1024),
});

/** The environment the server gets: `env` plus SERVER_MALLOC_ENV on Linux, where `env` does not set them. */
export function serverProcessEnv(env = process.env, platform = process.platform) {
  return platform === 'linux' ? { ...SERVER_MALLOC_ENV, ...env } : { ...env };
}

const SERVER = fileURLToPath(new URL('../out/node/server.mjs', import.meta.url));
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function main() {
  const child = spawn(process.execPath, [SERVER, ...process.argv.slice(2)], { stdio: 'inherit', env: serverProcessEnv() });
  // A terminal's Ctrl-C reaches both processes; a supervisor's SIGTERM only this one. The server shuts
  // down once however often it is asked, so each is passed on.
  for (const signal of FORWARDED) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    console.error(`[run-server] ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal === null) process.exit(code ?? 1);
    // Ended by a signal: end the same way, so whoever waits on this process sees what happened.
    for (const forwarded of FORWARDED) process.removeAllListeners(forwarded);
    process.kill(process.pid, signal);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
