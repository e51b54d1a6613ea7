import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Account, CodeView } from '../../src-main/ipc/contract';
import { ErrorMessage } from '../components/ErrorMessage';
import { Toast, type ToastMessage } from '../components/Toast';
import { useCodes } from '../hooks/use-codes';
import { useListKeys } from '../hooks/use-list-keys';
import { useLive } from '../hooks/use-live';
import { useOutcome } from '../hooks/use-outcome';
import { useRowDrag } from '../hooks/use-row-drag';
import { useSortOrder } from '../hooks/use-sort-order';
import { AccountEditor } from './AccountEditor';
import { accountName, accountTitle, AccountRow } from './AccountRow';
import { AccountsToolbar } from './AccountsToolbar';
import { BackupReminderBanner } from './BackupReminderBanner';
import { dropAccount, filterAccounts, groupsOf, moveAccount, SortOrder, sortAccounts } from './account-order';
import { TrashPanel } from './TrashPanel';

/** How long Undo is offered after a remove (the account stays in the trash for 30 days after). */
const UNDO_SECONDS = 10;

/** The account list: live codes, copy on click, keyboard search and selection, sorting, drag to reorder, remove with undo. */
export function AccountsScreen({ onAdd, initialSelection, onOpenBackup }: { onAdd: () => void; initialSelection?: string | null; onOpenBackup: () => void }) {
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
  const [sort, setSort] = useSortOrder();
  const [selected, setSelected] = useState<string | null>(initialSelection ?? null);
  const [editing, setEditing] = useState<string | null>(null);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const clearToast = useCallback(() => setToast(null), []);
  const search = useRef<HTMLInputElement>(null);

  const hideCodes = settings.value?.hideCodes ?? false;
  // Turning hiding on hides every code again, including the ones revealed before.
  useEffect(() => {
    if (hideCodes) setRevealed(new Set());
  }, [hideCodes]);

  const list = accounts.value?.ok ? accounts.value.value : [];
  const ordered = useMemo(() => sortAccounts(list, SortOrder.custom), [list]);
  const sorted = useMemo(() => sortAccounts(list, sort), [list, sort]);
  const visible = useMemo(() => filterAccounts(sorted, query, group), [sorted, query, group]);
  const groups = useMemo(() => groupsOf(list), [list]);
  const codeById = new Map<string, CodeView>(codes?.ok ? codes.value.map((code) => [code.id, code]) : []);
  for (const [id, code] of hotpCodes) codeById.set(id, code);
  const listError = accounts.value && !accounts.value.ok ? accounts.value.error.message : null;
  // A selection hidden by the search is no selection; with a search, the top match is selected.
  const current = visible.find((account) => account.id === selected) ?? (query.trim() !== '' ? visible[0] : undefined);
  const drag = useRowDrag(sort === SortOrder.custom && query === '' && group === '', (dragged, target, after) => void reorder(dropAccount(ordered, dragged, target, after)));

  // Not before the settings are known either, so a hidden code is never shown for a moment.
  const ready = accounts.value !== undefined && (settings.value !== undefined || settings.failed);
  // Again once the rows exist: the selection (e.g. the account just added) can be known before them.
  useEffect(() => {
    if (current && ready) document.getElementById(`account-${current.id}`)?.scrollIntoView({ block: 'nearest' });
  }, [current, ready]);

  async function copy(account: Account) {
    setSelected(account.id);
    const outcome = await run(() => api.copyCode(account.id));
    if (!outcome.ok) return;
    // HOTP: main copied the code on show, or took the next one for this copy; the row shows what was copied.
    const copiedHotp = outcome.value.hotp;
    if (copiedHotp) setHotpCodes((now) => new Map(now).set(account.id, copiedHotp));
    const seconds = outcome.value.clearsAfterSeconds;
    setToast({ seconds, text: (left) => `Copied ${accountTitle(account)} code, clears in ${left} s` });
  }

  async function nextHotp(account: Account) {
    const outcome = await run(() => api.nextHotp(account.id));
    if (outcome.ok) setHotpCodes((now) => new Map(now).set(account.id, outcome.value));
  }

  async function reorder(ids: string[]) {
    if ((await run(() => api.reorderAccounts(ids))).ok) await accounts.refresh();
  }

  async function pin(account: Account) {
    if ((await run(() => api.updateAccount(account.id, { pinned: !account.pinned }))).ok) await accounts.refresh();
  }

  async function restore(account: Account) {
    if (!(await run(() => api.restoreAccount(account.id))).ok) return;
    await accounts.refresh();
    setSelected(account.id);
    setToast({ seconds: 5, text: () => `Restored ${accountName(account)}.` });
  }

  async function remove(account: Account) {
    if (!(await run(() => api.removeAccount(account.id))).ok) return;
    await accounts.refresh();
    setToast({ seconds: UNDO_SECONDS, text: () => `Removed ${accountName(account)}.`, action: { label: 'Undo', run: () => void restore(account) } });
  }

  useListKeys(search, {
    type: (text) => setQuery((now) => now + text),
    move(step) {
      const at = current ? visible.indexOf(current) : step === 1 ? -1 : visible.length;
      const next = visible[Math.max(0, Math.min(visible.length - 1, at + step))];
      if (next) setSelected(next.id);
    },
    enter() {
      const target = current ?? (visible.length === 1 ? visible[0] : undefined);
      if (target) void copy(target);
    },
    escape() {
      if (query === '' && selected === null) return false;
      setQuery('');
      setSelected(null);
      return true;
    },
  });

  if (!ready) return <p>Loading accounts…</p>;

  return (
    <section aria-labelledby="accounts-title" className="accounts-screen">
      <AccountsToolbar search={search} query={query} onQuery={setQuery} groups={groups} group={group} onGroup={setGroup} sort={sort} onSort={setSort} activeRowId={current && `account-${current.id}`} />
      <ErrorMessage message={listError ?? error} />
      {list.length > 0 && <BackupReminderBanner onOpenBackup={onOpenBackup} />}
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
          <ul id="account-list" className="accounts" aria-label="Accounts">
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
                  selected={current?.id === account.id}
                  isFirst={index === 0}
                  isLast={index === visible.length - 1}
                  drag={drag.handlersFor(account.id)}
                  dropTarget={drag.overId === account.id}
                  onReveal={() => setRevealed((now) => new Set(now).add(account.id))}
                  onCopy={() => void copy(account)}
                  onNextHotp={() => void nextHotp(account)}
                  onPin={() => void pin(account)}
                  onMove={(step) => void reorder(moveAccount(ordered, visible, account.id, step))}
                  onEdit={() => setEditing(account.id)}
                  onRemove={() => void remove(account)}
                />
              ),
            )}
          </ul>
        </>
      )}
      <TrashPanel onRestored={(id) => void accounts.refresh().then(() => setSelected(id))} />
      <Toast toast={toast} onDone={clearToast} />
    </section>
  );
}
