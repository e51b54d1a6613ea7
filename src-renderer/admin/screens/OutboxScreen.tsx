import { useState, type JSX } from 'react';
import type { OutboxMessageView } from '../../../src-main/ipc/contract';
import { ErrorMessage } from '../../components/ErrorMessage';
import { describeAdminError } from './admin-outcome';
import { OutboxRow } from './OutboxRow';
import { useOutboxTail } from './use-outbox-tail';
import './admin-screens.css';

/** As many as the server keeps at most: the screen shows what the outbox holds, no more. */
const MAX_SHOWN = 500;

/**
 * The developer outbox: the SMS, voice and email messages the server kept instead of sending, newest
 * first and live, each with its code. This is the one screen that shows a code on the page: a developer
 * opens it to read the code a sign-in just sent, on a server of their own (the embedded one, or a Tessera
 * with TESSERA_DELIVERY=outbox). Any other server (Auth0 too) has no outbox, and the screen says so.
 */
export function OutboxScreen(): JSX.Element {
  const [messages, setMessages] = useState<OutboxMessageView[] | null>(null);
  const [unavailable, setUnavailable] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useOutboxTail({
    onUnavailable: setUnavailable,
    onMessages: (batch, first) => setMessages((shown) => (first ? batch : [...batch, ...(shown ?? [])]).slice(0, MAX_SHOWN)),
    onError: (failure) => setError(failure === null ? null : describeAdminError(failure)),
  });

  return (
    <section aria-labelledby="outbox-title" className="admin-screen">
      <h2 id="outbox-title">Outbox</h2>
      <ErrorMessage message={error} />
      {unavailable !== null && <p className="muted">{unavailable}</p>}
      {unavailable === null && messages === null && !error && <p className="muted">Loading…</p>}
      {messages !== null && messages.length === 0 && <p className="muted">No messages yet: codes sent by sign-ins and enrollments appear here as they are sent.</p>}
      {messages !== null && messages.length > 0 && (
        <div className="card admin-table-wrap">
          <table className="admin-table" aria-label="Outbox messages">
            <thead>
              <tr>
                <th scope="col">Sent</th>
                <th scope="col">Channel</th>
                <th scope="col">Recipient</th>
                <th scope="col">Message</th>
                <th scope="col">Code</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((message) => (
                <OutboxRow key={message.id} message={message} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
