import { useState, type JSX } from 'react';
import type { OutboxMessageView } from '../../../src-main/ipc/contract';
import { describeAdminError } from './admin-outcome';

const CHANNEL_LABEL = { sms: 'SMS', voice: 'Voice call', email: 'Email' } as const;

/** One kept message: when, how, to whom, what it said, and its code with a Copy button. */
export function OutboxRow({ message }: { message: OutboxMessageView }): JSX.Element {
  const [copied, setCopied] = useState<{ text: string; tone: 'notice' | 'error' } | null>(null);

  // Through main's clipboard, which clears itself after the user's setting, as every copied secret does.
  async function copy() {
    try {
      const outcome = await window.tessera.adminCopySecret(message.code);
      setCopied(outcome.ok ? { text: `Copied; clears in ${outcome.value.clearsAfterSeconds} s.`, tone: 'notice' } : { text: describeAdminError(outcome.error), tone: 'error' });
    } catch {
      setCopied({ text: 'Could not copy: select the code and copy it by hand.', tone: 'error' });
    }
  }

  return (
    <tr>
      <td>
        <time dateTime={message.createdAt}>{new Date(message.createdAt).toLocaleString()}</time>
      </td>
      <td>{CHANNEL_LABEL[message.channel]}</td>
      <td>{message.recipient}</td>
      <td className="outbox-message">
        {message.subject !== null && <strong>{message.subject}</strong>}
        <span>{message.message}</span>
      </td>
      <td>
        <code className="secret-value outbox-code" aria-label={`Code sent to ${message.recipient}`}>
          {message.code}
        </code>{' '}
        <button type="button" onClick={() => void copy()} aria-label={`Copy code ${message.code}`}>
          Copy
        </button>
        {copied && (
          <span className={copied.tone} role={copied.tone === 'error' ? 'alert' : 'status'}>
            {' '}
            {copied.text}
          </span>
        )}
      </td>
    </tr>
  );
}
