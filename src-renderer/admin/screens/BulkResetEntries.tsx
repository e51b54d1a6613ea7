import type { BulkResetEntry } from '../../../src-main/ipc/contract';

const KIND_LABELS: Record<string, string> = {
  otp: 'One-time password',
  push: 'Push',
  sms: 'SMS',
  voice: 'Voice',
  email: 'Email',
  'recovery-code': 'Recovery code',
  webauthn: 'Security key',
  other: 'Other',
};

/** Each person and their authenticators: what a reset would remove (preview) or removed (results). */
export function BulkResetEntries({ entries, caption }: { entries: BulkResetEntry[]; caption: string }) {
  return (
    <div className="admin-table-wrap">
      <table className="admin-table" aria-label={caption}>
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">User id</th>
            <th scope="col">Authenticators</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.userId} data-user-id={entry.userId}>
              <td>{entry.email ?? '(no email)'}</td>
              <td>
                <code>{entry.userId}</code>
              </td>
              <td>
                {entry.authenticators.length === 0 ? (
                  <span className="muted">none</span>
                ) : (
                  <ul className="admin-kinds">
                    {entry.authenticators.map((authenticator) => (
                      <li key={authenticator.id}>{KIND_LABELS[authenticator.kind] ?? authenticator.kind}</li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
