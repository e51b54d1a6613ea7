import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchEnv } from './tessera-process.js';

/**
 * A baseline runs in its own Node process, as the server does, so its CPU is read the same way
 * (/proc/PID/stat over a window). The parent and child talk over Node's IPC channel: `ready` once
 * warmed up, then `{ run: n }` → `{ done: n }` for work the child does itself (signing, hashing).
 */

export type BaselineMessage = { ready: true; port?: number } | { done: number };
export type ParentMessage = { run: number; concurrency?: number };

export interface BaselineProcess {
  pid: number;
  /** The port a baseline HTTP server listens on. */
  port?: number;
  /** Asks the child to do `units` of its work; resolves when it says it is done. */
  run(units: number, concurrency?: number): Promise<void>;
  stop(): Promise<void>;
}

function nextMessage(child: ChildProcess): Promise<BaselineMessage> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`baseline process exited (${code})`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message as BaselineMessage);
    });
  });
}

/** Forks `bench/speed/baselines/<name>.ts` (through tsx, as the bench itself runs; benchEnv) and waits for `ready`. */
export async function startBaseline(name: string, args: string[] = []): Promise<BaselineProcess> {
  const file = fileURLToPath(new URL(`./baselines/${name}.ts`, import.meta.url));
  const child = fork(file, args, { execArgv: ['--import', 'tsx'], env: benchEnv(), stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const ready = await nextMessage(child);
  if (!('ready' in ready)) throw new Error(`baseline ${name} did not report ready`);
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return {
    pid: child.pid!,
    port: ready.port,
    async run(units, concurrency) {
      const reply = nextMessage(child);
      child.send({ run: units, concurrency } satisfies ParentMessage);
      const message = await reply;
      if (!('done' in message) || message.done !== units) throw new Error(`baseline ${name} answered ${JSON.stringify(message)}`);
    },
    async stop() {
      child.kill('SIGTERM');
      await closed;
    },
  };
}

/** In a baseline child: answer each `{ run }` with `{ done }` once `work` has finished. */
export function serveRuns(work: (units: number, concurrency: number) => Promise<void>): void {
  process.on('message', (message: ParentMessage) => {
    work(message.run, message.concurrency ?? 1).then(
      () => process.send!({ done: message.run } satisfies BaselineMessage),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
  process.send!({ ready: true } satisfies BaselineMessage);
}
