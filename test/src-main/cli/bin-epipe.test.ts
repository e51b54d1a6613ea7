import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(import.meta.dirname, '../../..');
const BIN = path.join(ROOT, 'bin', 'tessera.mjs');

describe('the tessera bin', () => {
  // As `tessera help | head -0`: the reader is gone before the first write, so every write meets EPIPE.
  // `tessera otp …` runs from a build of its own (out/node/otp.mjs), the rest from out/node/cli.mjs.
  it.each([[['help']], [['otp', 'help']]])('%j exits quietly with its own code when its output is closed early', async (argv) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });
});
