import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../../src-main/cli/context';
import { main } from '../../../src-main/cli/main';
import { main as otpMain } from '../../../src-main/cli/otp-main';
import { fixedClock } from '../../helpers/clock';

/** One run's exit code and output, with no terminal and a home that is never reached (no vault opens). */
async function outcome(run: typeof main, argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const context: CliContext = {
    stdout, stderr, stdin: new PassThrough(), env: { TESSERA_HOME: '/nonexistent/tessera-home' }, platform: 'linux', homedir: '/home/u',
    hostname: 'test-host', fetch: () => Promise.reject(new Error('no network in this test')), clock: fixedClock(0), signal: new AbortController().signal,
  };
  const code = await run(argv, context);
  return { code, out, err };
}

// The bin runs `tessera otp …` from its own build (src-main/cli/otp-main.ts): it must answer as the whole CLI does.
describe('the otp-only entry', () => {
  it.each([
    [['otp']], [['otp', 'help']], [['otp', '--help']], [['otp', 'list', '--help']], [['otp', 'code', '-h']],
    [['otp', 'bogus']], [['otp', 'code']], [['otp', 'list', 'extra']], [['otp', 'import', '/nonexistent/file.txt']],
  ])('answers %j as the whole CLI does', async (argv) => {
    const expected = await outcome(main, argv);
    expect(expected.out + expected.err).not.toBe('');
    expect(await outcome(otpMain, argv)).toEqual(expected);
  });
});
