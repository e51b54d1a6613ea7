import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKUP_FILE_PATTERN, backupFileName, pruneBackups, writeBackupAtomically } from '../../../../src-main/desktop/backup/backup-file';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'tessera-backup-file-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const names = () => readdirSync(folder).sort();
const at = (iso: string) => backupFileName(Date.parse(iso));

describe('backup file names', () => {
  it.each([
    ['2026-11-23T12:00:05Z', 'tessera-backup-2026-11-23-120005.json'],
    ['2027-01-02T03:04:05.999Z', 'tessera-backup-2027-01-02-030405.json'],
    ['2026-12-31T23:59:59Z', 'tessera-backup-2026-12-31-235959.json'],
  ])('%s → %s (UTC), which the retention pattern matches', (iso, name) => {
    expect(at(iso)).toBe(name);
    expect(BACKUP_FILE_PATTERN.test(name)).toBe(true);
  });

  it.each(['tessera-backup.json', 'tessera-backup-2026-11-23-120005.json.tmp', '.tessera-backup-2026-11-23-120005.json.ab12.tmp', 'tessera-backup-2026-11-23-1200.json', 'my-tessera-backup-2026-11-23-120005.json'])(
    'the pattern leaves %s alone', (name) => expect(BACKUP_FILE_PATTERN.test(name)).toBe(false),
  );
});

describe('writeBackupAtomically', () => {
  it('writes the whole text under the name, owner-only (0600), with no temp file left', async () => {
    const path = await writeBackupAtomically(folder, 'tessera-backup-2026-11-23-120005.json', '{"a":1}\n');
    expect(path).toBe(join(folder, 'tessera-backup-2026-11-23-120005.json'));
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(names()).toEqual(['tessera-backup-2026-11-23-120005.json']);
  });

  it('replaces a file of the same name whole', async () => {
    writeFileSync(join(folder, 'b.json'), 'old and longer text');
    await writeBackupAtomically(folder, 'b.json', 'new');
    expect(readFileSync(join(folder, 'b.json'), 'utf8')).toBe('new');
  });

  it('fails without leaving a temp file or touching what was there when the rename cannot happen', async () => {
    // A folder where the file should go: the rename fails after the temp file was written.
    mkdirSync(join(folder, 'taken.json'));
    writeFileSync(join(folder, 'taken.json', 'inside'), 'kept');
    await expect(writeBackupAtomically(folder, 'taken.json', 'text')).rejects.toMatchObject({ code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST)$/) });
    expect(names()).toEqual(['taken.json']);
    expect(readFileSync(join(folder, 'taken.json', 'inside'), 'utf8')).toBe('kept');
  });

  it('rejects with ENOENT when the folder is gone', async () => {
    rmSync(folder, { recursive: true });
    await expect(writeBackupAtomically(folder, 'x.json', 'text')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('pruneBackups', () => {
  it('keeps the newest N backups and never deletes other files or folders', async () => {
    const backups = ['2026-11-20T10:00:00Z', '2026-11-21T10:00:00Z', '2026-11-22T10:00:00Z', '2026-11-22T10:00:01Z', '2027-01-01T00:00:00Z'].map(at);
    const others = ['notes.txt', 'tessera-backup.json', 'tessera-accounts.txt', '.tessera-backup-2026-11-20-100000.json.x.tmp'];
    for (const name of [...backups, ...others]) writeFileSync(join(folder, name), name);
    mkdirSync(join(folder, at('2026-01-01T00:00:00Z')));

    expect(await pruneBackups(folder, 2)).toEqual(backups.slice(0, 3));
    expect(names()).toEqual([...others, at('2026-01-01T00:00:00Z'), ...backups.slice(3)].sort());
    expect(await pruneBackups(folder, 2)).toEqual([]);
  });

  it('deletes nothing while there are N or fewer', async () => {
    writeFileSync(join(folder, at('2026-11-20T10:00:00Z')), 'x');
    expect(await pruneBackups(folder, 1)).toEqual([]);
    expect(names()).toEqual([at('2026-11-20T10:00:00Z')]);
  });
});
