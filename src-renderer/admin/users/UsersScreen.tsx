import { useEffect, useState, type FormEvent, type JSX } from 'react';
import { UserFilter, type UserPage, type UserQuery } from '../../../src-main/ipc/contract';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useAdminCall } from '../screens/use-admin-call';
import { UsersTable } from './UsersTable';

const PER_PAGE = 25;
/** Auth0 serves at most 100 a page. */
const PAGE_SIZES = [10, 25, 50, 100];
const FILTERS: { value: UserFilter; label: string }[] = [
  { value: UserFilter.all, label: 'Everyone' },
  { value: UserFilter.enrolled, label: 'MFA enrolled' },
  { value: UserFilter.notEnrolled, label: 'Not enrolled' },
  { value: UserFilter.pushLocked, label: 'Push locked' },
];

/** Finds people: a search (email, name, user id, or a query such as `email:ada*`), a filter, pages, a selection. */
export function UsersScreen({ onOpenUser, onBulkReset }: { onOpenUser(userId: string): void; onBulkReset(userIds: string[]): void }): JSX.Element {
  const [query, setQuery] = useState<UserQuery>({ search: '', filter: UserFilter.all, page: 0, perPage: PER_PAGE });
  const [typed, setTyped] = useState('');
  const [result, setResult] = useState<UserPage | null>(null);
  const [loading, setLoading] = useState(true);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const { error, run } = useAdminCall();

  useEffect(() => {
    let current = true;
    setLoading(true);
    void run(() => window.tessera.adminListUsers(query)).then((outcome) => {
      if (!current) return;
      setLoading(false);
      setResult(outcome.ok ? outcome.value : null);
    });
    // Only the latest query's answer is drawn: a slow page cannot replace a newer one.
    return () => void (current = false);
  }, [query, run]);

  function search(event: FormEvent) {
    event.preventDefault();
    setQuery({ ...query, search: typed.trim(), page: 0 });
  }

  const total = result?.total ?? 0;
  const first = total === 0 ? 0 : query.page * query.perPage + 1;
  const last = Math.min(total, (query.page + 1) * query.perPage);
  const lastPage = Math.max(0, Math.ceil(total / query.perPage) - 1);

  return (
    <section className="admin-screen admin-users" aria-labelledby="users-title">
      <div className="screen-head">
        <h2 id="users-title">Users</h2>
        {selected.size > 0 && (
          <button type="button" className="danger" onClick={() => onBulkReset([...selected])}>
            Reset MFA for {selected.size}…
          </button>
        )}
      </div>
      <form className="row admin-search" role="search" onSubmit={search}>
        <label className="admin-search-box">
          Search users
          <input type="search" value={typed} placeholder="Email, name, user id, or email:ada*" onChange={(event) => setTyped(event.target.value)} />
        </label>
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      <div className="row admin-chips" role="group" aria-label="Show">
        {FILTERS.map((filter) => (
          <button
            key={filter.value}
            type="button"
            className="chip"
            aria-pressed={query.filter === filter.value}
            onClick={() => setQuery({ ...query, filter: filter.value, page: 0 })}
          >
            {filter.label}
          </button>
        ))}
      </div>
      <ErrorMessage message={error} />
      {result && <UsersTable users={result.users} selected={selected} onSelect={setSelected} onOpen={onOpenUser} />}
      {result && result.users.length === 0 && <p className="empty muted">No users match. Clear the search or choose “Everyone”.</p>}
      <div className="row admin-paging">
        <span role="status" aria-live="polite">
          {loading ? 'Loading…' : `${first}–${last} of ${total}`}
          {selected.size > 0 && ` · ${selected.size} selected`}
        </span>
        <label className="admin-page-size">
          Per page
          <select value={query.perPage} onChange={(event) => setQuery({ ...query, perPage: Number(event.target.value), page: 0 })}>
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={loading || query.page === 0} onClick={() => setQuery({ ...query, page: query.page - 1 })}>
          Previous page
        </button>
        <button type="button" disabled={loading || query.page >= lastPage} onClick={() => setQuery({ ...query, page: query.page + 1 })}>
          Next page
        </button>
      </div>
    </section>
  );
}
