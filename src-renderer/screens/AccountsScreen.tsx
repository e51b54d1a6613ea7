import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Account, CodeView } from '../../src-main/ipc/contract';
import { ErrorMessage } from '../components/ErrorMessage';
import { Toast, type ToastMessage } from '../components/Toast';
import { useOutcome } from '../hooks/use-outcome';
import { useCodes } from '../hooks/use-codes';
import { useLive } from '../hooks/use-live';
import { AccountEditor } from './AccountEditor';
import { AccountRow } from './AccountRow';
import { filterAccounts, groupsOf, moveAccount, orderAccounts } from './account-order';

/** The account list: live codes, copy, reveal, HOTP, pin, reorder, search and group filter. */
export function AccountsScreen({ onAdd }: { onAdd: () => void }) {
  const api = window.tessera;
  const accounts = useLive(api.listAccounts, ['accounts']);
  // Live: "hide codes" turned on anywhere applies to this open list at once.
  const settings = useLive(api.getSettings, ['settings']);
  const codes = useCodes();
  const { error, run } = useOutcome();
  const [revealed, setRevealed] = useState<ReadonlySet<string>>(new Set());
  const [hotpCodes, setHotpCodes] = useState<ReadonlyMap<string, CodeView>>(new Map());
  const [query, setQuery] = useState('');
  const [group, setGroup] = useState('');
  const [removing, setRemoving] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const clearToast = useCallback(() => setToast(null), []);

  const hideCodes = settings.value?.hideCodes ?? false;
  // Turning hiding on hides every code again, including the ones revealed before.
  useEffect(() => {
    if (hideCodes) setRevealed(new Set());
  }, [hideCodes]);

  const list = accounts.value?.ok ? accounts.value.value : [];
  const ordered = useMemo(() => orderAccounts(list), [list]);
  const visible = useMemo(() => filterAccounts(ordered, query, group), [ordered, query, group]);
  const groups = useMemo(() => groupsOf(list), [list]);
  const codeById = new Map<string, CodeView>(codes?.ok ? codes.value.map((code) => [code.id, code]) : []);
  for (const [id, code] of hotpCodes) codeById.set(id, code);
  const listError = accounts.value && !accounts.value.ok ? accounts.value.error.message : null;

  async function copy(account: Account) {
    const outcome = await run(() => api.copyCode(account.id));
    if (!outcome.ok) return;
    // HOTP: main copied the code on show, or took the next one for this copy; the row shows what was copied.
    const copiedHotp = outcome.value.hotp;
    if (copiedHotp) setHotpCodes((current) => new Map(current).set(account.id, copiedHotp));
    const seconds = outcome.value.clearsAfterSeconds;
    setToast({ seconds, text: (left) => `Copied ${account.issuer || account.label} code — clears in ${left}s` });
  }

  async function nextHotp(account: Account) {
    const outcome = await run(() => api.nextHotp(account.id));
    if (outcome.ok) setHotpCodes((current) => new Map(current).set(account.id, outcome.value));
  }

  async function pin(account: Account) {
    if ((await run(() => api.updateAccount(account.id, { pinned: !account.pinned }))).ok) await accounts.refresh();
  }

  async function move(account: Account, step: -1 | 1) {
    const ids = moveAccount(ordered, visible, account.id, step);
    if ((await run(() => api.reorderAccounts(ids))).ok) await accounts.refresh();
  }

  async function confirmRemove(account: Account) {
    setRemoving(null);
    if ((await run(() => api.removeAccount(account.id))).ok) await accounts.refresh();
  }

  function reveal(id: string) {
    setRevealed((current) => new Set(current).add(id));
  }

  // Not before the settings are known either, so a hidden code is never shown for a moment.
  if (accounts.value === undefined || (settings.value === undefined && !settings.failed)) return <p>Loading accounts…</p>;

  return (
    <section aria-labelledby="accounts-title">
      <div className="screen-head">
        <h2 id="accounts-title">Accounts</h2>
        <div className="filters">
          <label>
            <span className="visually-hidden">Search accounts</span>
            <input type="search" placeholder="Search issuer or account" value={query} onChange={(event) => setQuery(event.target.value)} />
          </label>
          {groups.length > 0 && (
            <label>
              <span className="visually-hidden">Group</span>
              <select value={group} onChange={(event) => setGroup(event.target.value)}>
                <option value="">All groups</option>
                {groups.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
      </div>
      <ErrorMessage message={listError ?? error} />
      {list.length === 0 && !listError ? (
        <div className="empty">
          <p>No accounts yet.</p>
          <button type="button" className="primary" onClick={onAdd}>
            Add an account
          </button>
        </div>
      ) : (
        <>
          {visible.length === 0 && list.length > 0 && <p className="muted">No account matches “{query}”.</p>}
          <ul className="accounts" aria-label="Accounts">
            {visible.map((account, index) =>
              editing === account.id ? (
                <li key={account.id}>
                  <AccountEditor
                    account={account}
                    onDone={(saved) => {
                      setEditing(null);
                      if (saved) void accounts.refresh();
                    }}
                  />
                </li>
              ) : (
                <AccountRow
                  key={account.id}
                  account={account}
                  code={codeById.get(account.id)}
                  hidden={hideCodes && !revealed.has(account.id)}
                  isFirst={index === 0}
                  isLast={index === visible.length - 1}
                  onReveal={() => reveal(account.id)}
                  onCopy={() => void copy(account)}
                  onNextHotp={() => void nextHotp(account)}
                  onPin={() => void pin(account)}
                  onMove={(step) => void move(account, step)}
                  onEdit={() => setEditing(account.id)}
                  confirmingRemove={removing === account.id}
                  onRemove={() => setRemoving(account.id)}
                  onConfirmRemove={() => void confirmRemove(account)}
                  onCancelRemove={() => setRemoving(null)}
                />
              ),
            )}
          </ul>
        </>
      )}
      <Toast toast={toast} onDone={clearToast} />
    </section>
  );
}
