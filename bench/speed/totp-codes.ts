import { generateSync } from 'otplib';
import type { SeededUser } from './seed.js';

/**
 * Hands out TOTP codes the server will accept exactly once. Tessera accepts the current 30 s step and
 * the one before (RFC 6238 §5.2's allowance for delay) and remembers each authenticator's last step, so
 * a user yields the previous step's code and the current one, then one more per new step. When too few
 * users have a code left, `waitFor` waits (bounded) for the next step.
 */
const PERIOD_S = 30;
/** Near a step's end the previous step's code is about to expire: too close to call, so not used. */
const SAFETY_MS = 3_000;
const MAX_WAIT_MS = 2 * PERIOD_S * 1000;

export interface OtpAttempt {
  user: SeededUser;
  mfaToken: string;
  otp: string;
}

export function createCodeSupply(users: { user: SeededUser; mfaToken: string }[]) {
  const lastStep = new Map<string, number>();
  /**
   * Users given a code in this window: never two at once, or the current step's code could land
   * first and make the previous step's one a replay.
   */
  const inWindow = new Set<string>();
  let cursor = 0;

  function nextFree(userId: string, nowMs: number): number | undefined {
    const current = Math.floor(nowMs / 1000 / PERIOD_S);
    const previousUsable = nowMs + SAFETY_MS < (current + 1) * PERIOD_S * 1000;
    const last = lastStep.get(userId) ?? -Infinity;
    if (previousUsable && last < current - 1) return current - 1;
    return last < current ? current : undefined;
  }

  function takeOne(): OtpAttempt | undefined {
    const now = Date.now();
    for (let scanned = 0; scanned < users.length; scanned++) {
      const entry = users[cursor]!;
      cursor = (cursor + 1) % users.length;
      const step = inWindow.has(entry.user.userId) ? undefined : nextFree(entry.user.userId, now);
      if (step === undefined) continue;
      lastStep.set(entry.user.userId, step);
      inWindow.add(entry.user.userId);
      return { ...entry, otp: generateSync({ secret: entry.user.totpSecret!, epoch: step * PERIOD_S }) };
    }
    return undefined;
  }

  function available(): number {
    const now = Date.now();
    return users.filter((entry) => nextFree(entry.user.userId, now) !== undefined).length;
  }

  return {
    /** Starts a window: waits (bounded) until `count` users have a code, so none waits inside it. */
    async waitFor(count: number): Promise<void> {
      inWindow.clear();
      if (count > users.length) throw new Error(`${count} codes in one window needs more than ${users.length} users`);
      const deadline = Date.now() + MAX_WAIT_MS;
      while (available() < count) {
        if (Date.now() > deadline) throw new Error('no new TOTP step came in time');
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    /** The next attempt, its code made now (a window is over in seconds, well inside SAFETY_MS of slack). */
    take(): OtpAttempt {
      const attempt = takeOne();
      if (!attempt) throw new Error('TOTP codes ran out inside a window: call waitFor first');
      return attempt;
    },
  };
}
