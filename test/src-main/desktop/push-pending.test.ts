import { describe, expect, it, vi } from 'vitest';
import { createPendingRequests, PENDING_TTL_MS } from '../../../src-main/desktop/push-pending';
import { parsePushEvent, type PushRequest } from '../../../src-main/push-device';
import { fixedClock } from '../../helpers/clock';
import { account, NOW_MS, pushData } from '../push-device/fixtures';

/** A request as the stream hands it on; `expires_at` as the server states it (null: a server that does not). */
function request(txtkn: string, expiresAt: string | null): PushRequest {
  const data = pushData(txtkn);
  return parsePushEvent({ type: 'push', lastEventId: `tx-${txtkn}`, data: JSON.stringify({ ...data, tessera: { ...data.tessera, expires_at: expiresAt } }) });
}

describe('pending push requests', () => {
  it("leave at the server's stated deadline, even when the request arrived late (a reconnect replay)", () => {
    const clock = fixedClock(NOW_MS);
    const pending = createPendingRequests(clock);
    // Replayed four minutes into its five: one minute left, not five.
    expect(pending.add(account(), request('a', new Date(NOW_MS + 60_000).toISOString()))).toBe(true);
    clock.advance(59_999);
    expect(pending.list().map((entry) => entry.request.transactionId)).toEqual(['tx-a']);
    clock.advance(1);
    expect(pending.list()).toEqual([]);
  });

  it('keep Guardian’s five minutes from arrival when the server states no deadline', () => {
    const clock = fixedClock(NOW_MS);
    const pending = createPendingRequests(clock);
    expect(pending.add(account(), request('b', null))).toBe(true);
    expect(pending.add(account(), request('b', null))).toBe(false);
    clock.advance(PENDING_TTL_MS - 1);
    expect(pending.get('tx-b')?.expiresAtMs).toBe(NOW_MS + PENDING_TTL_MS);
    clock.advance(1);
    expect(pending.get('tx-b')).toBeUndefined();
  });

  it('tell of each arrival and departure, a request expiring unanswered included', async () => {
    let changes = 0;
    const pending = createPendingRequests(Date, () => void (changes += 1));
    expect(pending.add(account(), request('c', new Date(Date.now() + 50).toISOString()))).toBe(true);
    expect(pending.add(account(), request('c', new Date(Date.now() + 50).toISOString()))).toBe(false);
    expect(changes).toBe(1);
    // Nobody asks for the list: the deadline alone takes the card off the screen.
    await vi.waitFor(() => expect(changes).toBe(2));
    expect(pending.list()).toEqual([]);

    pending.add(account(), request('d', null));
    pending.remove('tx-d');
    pending.remove('tx-d');
    expect(changes).toBe(4);
    pending.add(account(), request('e', null));
    pending.forgetDevice(account().enrollmentId);
    pending.forgetDevice(account().enrollmentId);
    expect(changes).toBe(6);
    pending.close();
  });
});
