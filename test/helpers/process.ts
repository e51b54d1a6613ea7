import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The repository root: `server/main.ts` is started from here, as `npm run server` does. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 10_000;

/** One pino line from the server's stdout. */
export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServerProcess {
  readonly child: ChildProcess;
  /** Parsed JSON lines of stdout, in order. */
  readonly logs: LogLine[];
  /** Everything written so far, for leak checks that must see non-JSON output too. */
  output(): { stdout: string; stderr: string };
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  readonly exited: Promise<Exit>;
  /** Sends `signal` and resolves with how the process ended. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

/** A port nobody listens on right now: the default issuer names the port, so it is chosen before the start. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('freePort: no TCP address');
  return address.port;
}

/** The parent's environment without any TESSERA_* setting, so each case states all of its own. */
function baseEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TESSERA_')));
}

/** The server as `npm run server` runs it: the JavaScript build, which test/global-setup.ts makes fresh. */
export const SERVER_ENTRY = 'out/node/server.mjs';

/** `npm run server`'s last step: the launcher that starts SERVER_ENTRY with its allocator settings. */
export const SERVER_LAUNCHER = 'scripts/run-server.mjs';

/** Spawns `node out/node/server.mjs` (or `node <argv>`) with exactly the TESSERA_* variables given. */
function spawnServer(running: Set<ChildProcess>, env: Record<string, string>, argv: readonly string[] = [SERVER_ENTRY]): ServerProcess {
  const child = spawn(process.execPath, argv, {
    cwd: ROOT,
    env: { ...baseEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  let pending = '';
  const logs: LogLine[] = [];
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((waiter) => waiter());

  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines.filter((l) => l.trim() !== '')) {
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        logs.push({ level: 0, msg: line });
      }
    }
    notify();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<Exit>((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
      notify();
    });
  });

  const describe = () => `stdout:\n${stdout}\nstderr:\n${stderr}`;
  return {
    child,
    logs,
    output: () => ({ stdout, stderr }),
    exited,
    waitForLog(match, timeoutMs = START_TIMEOUT_MS) {
      return new Promise<LogLine>((resolve, reject) => {
        const check = () => {
          const found = logs.find(match);
          if (found) return done(() => resolve(found));
          if (child.exitCode !== null || child.signalCode !== null) done(() => reject(new Error(`server exited before the expected log line\n${describe()}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`timed out waiting for a log line\n${describe()}`))), timeoutMs);
        const done = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

export interface RunningServer extends ServerProcess {
  port: number;
  /** `http://127.0.0.1:<port>/`: where to send requests (the issuer may differ). */
  url: string;
  /** The `Tessera listening on …` line. */
  listening: LogLine;
}

/** The server processes of one test, all killed when it ends, whatever happened. */
export class ServerGroup {
  private readonly running = new Set<ChildProcess>();

  /**
   * Starts the standalone server on loopback and waits until it listens. The port is a free one
   * unless given (or TESSERA_PORT is in `env`); `port` and `url` come from the logged listen line.
   */
  async start(dataDir: string, env: Record<string, string> = {}, fixedPort?: number, argv: readonly string[] = [SERVER_ENTRY]): Promise<RunningServer> {
    const requested = env.TESSERA_PORT ?? String(fixedPort ?? (await freePort()));
    const server = spawnServer(this.running, { TESSERA_DATA_DIR: dataDir, TESSERA_HOST: '127.0.0.1', ...env, TESSERA_PORT: requested }, argv);
    const listening = await server.waitForLog((line) => line.msg.startsWith('Tessera listening on '));
    const port = Number(/^Tessera listening on 127\.0\.0\.1:(\d+)$/.exec(listening.msg)?.[1]);
    if (!port) throw new Error(`unexpected listen line: ${listening.msg}`);
    return Object.assign(server, { port, url: `http://127.0.0.1:${port}/`, listening });
  }

  /** Spawns the server without waiting for anything (to kill it part-way through its start). */
  launch(dataDir: string, env: Record<string, string>): ServerProcess {
    return spawnServer(this.running, { TESSERA_DATA_DIR: dataDir, TESSERA_HOST: '127.0.0.1', ...env });
  }

  /** Runs the server to completion (for configurations it must refuse). */
  async runToExit(env: Record<string, string>, argv: readonly string[] = [SERVER_ENTRY]): Promise<Exit & { stdout: string; stderr: string }> {
    const server = spawnServer(this.running, env, argv);
    const timer = setTimeout(() => server.child.kill('SIGKILL'), START_TIMEOUT_MS);
    const exit = await server.exited;
    clearTimeout(timer);
    return { ...exit, ...server.output() };
  }

  /** Kills whatever is still running. */
  async killAll(): Promise<void> {
    await Promise.all(
      [...this.running].map(
        (child) =>
          new Promise<void>((resolve) => {
            child.once('exit', () => resolve());
            if (!child.kill('SIGKILL')) resolve();
          }),
      ),
    );
  }
}
