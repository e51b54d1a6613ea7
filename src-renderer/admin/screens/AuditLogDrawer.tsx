import { useEffect, useRef } from 'react';
import type { LogEventView } from '../../../src-main/ipc/contract';
import { formatTime } from '../../format';

/** Every field of one event and its details as indented JSON. Escape or Close shuts it and focus returns to the row. */
export function AuditLogDrawer({ event, onClose }: { event: LogEventView; onClose(): void }) {
  const close = useRef<HTMLButtonElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    close.current?.focus();
    // On the document, so Escape works wherever focus is while the drawer is open.
    function closeOnEscape(keyEvent: KeyboardEvent) {
      if (keyEvent.key === 'Escape') onCloseRef.current();
    }
    document.addEventListener('keydown', closeOnEscape);
    return () => {
      document.removeEventListener('keydown', closeOnEscape);
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const fields: [string, string | null][] = [
    ['Date', formatTime(event.date)],
    ['Type', `${event.typeLabel} (${event.type})`],
    ['Description', event.description],
    ['User', event.userName],
    ['User id', event.userId],
    ['Application', event.clientName],
    ['Client id', event.clientId],
    ['IP', event.ip],
    ['Log id', event.logId],
  ];
  return (
    <aside className="admin-drawer" role="dialog" aria-labelledby="log-drawer-title">
      <div className="admin-drawer-head">
        <h3 id="log-drawer-title">{event.typeLabel}</h3>
        <button ref={close} type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <dl className="facts">
        {fields.map(([name, value]) => (
          <div key={name} style={{ display: 'contents' }}>
            <dt>{name}</dt>
            <dd>{value ?? '—'}</dd>
          </div>
        ))}
      </dl>
      <h4>Details</h4>
      <pre aria-label="Event details">{event.details === null ? 'none' : JSON.stringify(event.details, null, 2)}</pre>
    </aside>
  );
}
