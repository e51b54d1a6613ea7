import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(import.meta.dirname, '../../..');
const BIN = path.join(ROOT, 'bin', 'tessera.mjs');

describe('the tessera bin', () => {
  // As `tessera help | head -0`: the reader is gone before the first write, so every write meets EPIPE.
  it('exits quietly with its own code when its output is closed early', async () => {
    const child = spawn(process.execPath, [BIN, 'help'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });
});
