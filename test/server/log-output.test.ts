import { execFile } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { bufferedLogOutput, LOG_BATCH_BYTES, type BufferedLogOutput } from '../../server/log-output.js';

const WORKER = path.join(import.meta.dirname, 'fixtures', 'log-exit-worker.ts');
const WAIT = { timeout: 5_000, interval: 10 };
const HOUR = 3_600_000;

describe('the server\'s buffered log output', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A file to log to, and the output on it; ending the output closes the file and stops its timer. */
  function outputToFile(flushMs: number): { output: BufferedLogOutput; text: () => string } {
    const dir = mkdtempSync(path.join(tmpdir(), 'tessera-log-output-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'out.log');
    const output = bufferedLogOutput(openSync(file, 'w'), flushMs);
    cleanups.push(() => new Promise<void>((resolve) => {
      output.stream.once('close', () => resolve());
      output.stream.end();
    }));
    return { output, text: () => readFileSync(file, 'utf8') };
  }
  const lines = (text: string) => text.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { msg: string }).msg);

  it('holds short lines until flushed, and writes a full batch without being asked', async () => {
    const { output, text } = outputToFile(HOUR);
    const log = pino({ base: null, timestamp: false }, output.stream);
    log.info('one');
    log.info('two');
    // Nothing is written on the caller's turn: no write(2) per line.
    expect(text()).toBe('');
    output.flush();
    await expect.poll(() => lines(text()), WAIT).toEqual(['one', 'two']);

    const filler = 'x'.repeat(200);
    const count = Math.ceil(LOG_BATCH_BYTES / filler.length) + 1;
    for (let i = 0; i < count; i++) log.info(`${filler}${i}`);
    await expect.poll(() => lines(text()).length, WAIT).toBeGreaterThan(2);
  });

  it('writes a waiting line within its flush interval', async () => {
    const { output, text } = outputToFile(50);
    const log = pino({ base: null, timestamp: false }, output.stream);
    log.info('soon');
    await expect.poll(() => lines(text()), WAIT).toEqual(['soon']);
  });

  it.each([['exit', 3], ['throw', 1]])('writes what is buffered when the process ends by %s', async (how, code) => {
    const result = await promisify(execFile)(process.execPath, ['--import', 'tsx', WORKER, how]).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect({ code: 'code' in result ? result.code : 0, lines: lines(result.stdout) }).toEqual({ code, lines: ['first', 'second'] });
    if (how === 'throw') expect(result.stderr).toContain('Error: boom');
  });
});
