import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecretBox } from '../../../server/crypto/secret-box.js';
import { systemRandom } from '../../../server/crypto/random.js';
import { createOutboxDelivery, isOutboxDelivery, openOutboxMessage, OUTBOX_KEEP, OUTBOX_RETENTION_MS } from '../../../server/delivery/outbox.js';
import { maskRecipient } from '../../../server/delivery/mask-recipient.js';
import { DeliveryError } from '../../../server/delivery/types.js';
import type { Store } from '../../../server/store/index.js';
import { fixedClock } from '../../helpers/clock.js';
import { openFreshStore } from '../../helpers/db.js';

const TEMPLATE = '{{code}} is your verification code for {{tenant.friendly_name}}';

describe('the developer outbox delivery', () => {
  let dir: string;
  let store: Store;
  const clock = fixedClock();
  const secrets = createSecretBox(randomBytes(32), systemRandom);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-outbox-'));
    store = openFreshStore(join(dir, 'tessera.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const outbox = () => createOutboxDelivery({ store, secrets, clock, random: systemRandom });

  it('keeps the rendered message sealed, the code nowhere in the database file in the clear', async () => {
    const result = await outbox().send({ channel: 'sms', to: '+14155550123', code: '913572', template: TEMPLATE, tenantName: 'Acme' });
    expect(result).toEqual({ provider: 'outbox', messageId: expect.stringMatching(/^msg_[0-9a-f]{24}$/) });
    const row = await store.outbox.find(result.messageId);
    expect(row).toEqual({ seq: expect.any(Number), id: result.messageId, channel: 'sms', recipient: '+14155550123', messageEnc: expect.stringMatching(/^v1\./), createdAt: clock.now() });
    expect(openOutboxMessage(secrets, row!)).toEqual({ message: '913572 is your verification code for Acme', code: '913572' });
    expect(() => openOutboxMessage(secrets, { ...row!, id: 'msg_other' })).toThrow();
    await store.close();
    expect(readFileSync(join(dir, 'tessera.db')).includes('913572')).toBe(false);
    store = openFreshStore(join(dir, 'other.db'));
  });

  it('renders email as the SMTP provider would, subject without the code', async () => {
    const { messageId } = await outbox().send({ channel: 'email', to: 'ada@example.com', code: '204816', template: TEMPLATE });
    expect(openOutboxMessage(secrets, (await store.outbox.find(messageId))!)).toEqual({
      subject: 'Your verification code',
      message: '204816 is your verification code for \n\nIf you did not ask for this code, you can ignore this email.\n',
      code: '204816',
    });
  });

  it.each([
    ['a template without {{code}}', 'sms' as const, 'Hello', 'The message template cannot be used: The template must contain {{code}}.'],
    ['an SMS past 320 characters', 'sms' as const, `{{code}} ${'x'.repeat(320)}`, 'The SMS template renders longer than 320 characters.'],
  ])('refuses %s as the provider would, keeping nothing', async (_name, channel, template, message) => {
    const sending = outbox().send({ channel, to: '+14155550123', code: '123456', template });
    await expect(sending).rejects.toEqual(new DeliveryError('outbox', message, { retryable: false }));
    await expect(sending).rejects.toMatchObject({ provider: 'outbox', retryable: false });
    expect(await store.outbox.newest(10)).toEqual([]);
  });

  it(`keeps the newest ${OUTBOX_KEEP} of the last day`, async () => {
    const delivery = outbox();
    const send = () => delivery.send({ channel: 'voice', to: '+14155550123', code: '123456', template: TEMPLATE });
    const old = await send();
    clock.advance(OUTBOX_RETENTION_MS);
    await send();
    expect(await store.outbox.find(old.messageId)).toEqual(expect.objectContaining({ id: old.messageId }));
    clock.advance(1);
    await send();
    expect(await store.outbox.find(old.messageId)).toBeUndefined();
    for (let i = 0; i < OUTBOX_KEEP; i++) await send();
    expect((await store.outbox.after(0, 1000)).length).toBe(OUTBOX_KEEP);
  });

  it('is told apart from other deliveries', () => {
    expect(isOutboxDelivery(outbox())).toBe(true);
    expect(isOutboxDelivery({ send: outbox().send })).toBe(false);
    expect(isOutboxDelivery(undefined)).toBe(false);
  });

  it.each([
    ['+14155550123', '+XXXXXXX0123'],
    ['ada@example.com', 'a***@example.com'],
    ['+123', 'XXX'],
    ['4155550123', 'XXXXXX0123'],
  ])('masks %s as %s', (recipient, masked) => {
    expect(maskRecipient(recipient)).toBe(masked);
  });
});
