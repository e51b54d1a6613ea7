import { afterEach, describe, expect, it, vi } from 'vitest';
import { BACKUP_DELAY_MS, createBackupScheduler } from '../../../../src-main/desktop/backup/backup-scheduler';
import { fixedClock } from '../../../helpers/clock';
import { virtualTimers } from '../../../helpers/virtual-timers';

// The console.error spies: files share a worker (and its console) in the main project.
afterEach(() => void vi.restoreAllMocks());

/** A run the test finishes by hand, so "a change while a backup runs" is a fact, not a race. */
function gatedRuns() {
  const started: number[] = [];
  const finishers: (() => void)[] = [];
  let active = 0;
  let maxActive = 0;
  return {
    started,
    maxActive: () => maxActive,
    run: () => new Promise<void>((done) => {
      started.push(started.length + 1);
      maxActive = Math.max(maxActive, ++active);
      finishers.push(() => (active--, done()));
    }),
    finishNext: () => finishers.shift()?.(),
  };
}

const turn = () => new Promise((done) => setImmediate(done));

describe('the backup scheduler', () => {
  it('runs once, BACKUP_DELAY_MS after the last change of a burst', async () => {
    const timers = virtualTimers(fixedClock());
    const runs = gatedRuns();
    const scheduler = createBackupScheduler(runs.run, timers);
    scheduler.changed();
    timers.advance(BACKUP_DELAY_MS - 1);
    scheduler.changed();
    timers.advance(BACKUP_DELAY_MS - 1);
    expect(runs.started).toEqual([]);
    expect(scheduler.pending()).toBe(true);
    timers.advance(1);
    expect(runs.started).toEqual([1]);
    expect(scheduler.pending()).toBe(false);
    expect(timers.armedMs()).toEqual([]);
    runs.finishNext();
    await scheduler.close();
  });

  it('never runs twice at once: a change during a run gives exactly one more run after it', async () => {
    const timers = virtualTimers(fixedClock());
    const runs = gatedRuns();
    const scheduler = createBackupScheduler(runs.run, timers);
    const first = scheduler.runNow();
    scheduler.changed();
    timers.advance(BACKUP_DELAY_MS);
    void scheduler.runNow();
    await turn();
    expect(runs.started).toEqual([1]);
    runs.finishNext();
    await turn();
    expect(runs.started).toEqual([1, 2]);
    runs.finishNext();
    await first;
    expect(runs.maxActive()).toBe(1);
    expect(runs.started).toEqual([1, 2]);
  });

  it('flush runs a waiting backup at once; close waits for a running one without starting another', async () => {
    const timers = virtualTimers(fixedClock());
    let runs = 0;
    const scheduler = createBackupScheduler(async () => void runs++, timers);
    await scheduler.flush();
    expect(runs).toBe(0);
    scheduler.changed();
    await scheduler.flush();
    expect(runs).toBe(1);
    expect(timers.armedMs()).toEqual([]);
    scheduler.changed();
    await scheduler.close();
    expect(runs).toBe(1);
    expect(timers.armedMs()).toEqual([]);
  });

  it('keeps running after a run throws, and logs the throw', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const timers = virtualTimers(fixedClock());
    const outcomes = [new Error('disk on fire'), null];
    let runs = 0;
    const scheduler = createBackupScheduler(async () => {
      runs++;
      const next = outcomes.shift();
      if (next) throw next;
    }, timers);
    await scheduler.runNow();
    await scheduler.runNow();
    expect(runs).toBe(2);
    expect(logged).toHaveBeenCalledWith('[backup] run failed', new Error('disk on fire'));
    logged.mockRestore();
  });
});
