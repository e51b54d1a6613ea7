import type { RefObject } from 'react';
import { isSortOrder, SortOrder } from './account-order';

const SORT_LABELS: Record<SortOrder, string> = { custom: 'My order', name: 'Name', issuer: 'Issuer', used: 'Most used' };

export interface AccountsToolbarProps {
  search: RefObject<HTMLInputElement | null>;
  query: string;
  onQuery(query: string): void;
  groups: readonly string[];
  group: string;
  onGroup(group: string): void;
  sort: SortOrder;
  onSort(sort: SortOrder): void;
  /** The selected row's element id, so a screen reader follows the arrows from the search field. */
  activeRowId: string | undefined;
}

/** The list's heading row: search (with its keyboard hint), group filter and sort order. */
export function AccountsToolbar(props: AccountsToolbarProps) {
  return (
    <div className="screen-head">
      <h2 id="accounts-title" className="visually-hidden">
        Accounts
      </h2>
      <label className="search">
        <span className="visually-hidden">Search accounts</span>
        <input
          ref={props.search}
          type="search"
          placeholder="Search issuer or account"
          aria-keyshortcuts="/ Control+F Meta+F"
          aria-describedby="search-hint"
          aria-controls="account-list"
          aria-activedescendant={props.activeRowId}
          value={props.query}
          onChange={(event) => props.onQuery(event.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
      </label>
      <span id="search-hint" className="muted hint">
        Type to search, arrows to choose, Enter to copy
      </span>
      <div className="filters">
        {props.groups.length > 0 && (
          <label>
            <span className="visually-hidden">Group</span>
            <select value={props.group} onChange={(event) => props.onGroup(event.target.value)}>
              <option value="">All groups</option>
              {props.groups.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          <span className="visually-hidden">Sort accounts</span>
          <select value={props.sort} onChange={(event) => isSortOrder(event.target.value) && props.onSort(event.target.value)} aria-label="Sort accounts">
            {Object.values(SortOrder).map((order) => (
              <option key={order} value={order}>
                Sort: {SORT_LABELS[order]}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}
