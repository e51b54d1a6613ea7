import { useState, type FormEvent } from 'react';
import type { Account, AccountPatch } from '../../src-main/ipc/contract';
import { ErrorMessage } from '../components/ErrorMessage';
import { useOutcome } from '../hooks/use-outcome';

const DEFAULT_COLOUR = '#3451d1';

/** Edits what the user arranges (names, group, colour); the secret and code parameters are not editable. */
export function AccountEditor({ account, onDone }: { account: Account; onDone: (saved: boolean) => void }) {
  const [issuer, setIssuer] = useState(account.issuer);
  const [label, setLabel] = useState(account.label);
  const [group, setGroup] = useState(account.group ?? '');
  const [colour, setColour] = useState(account.colour);
  const { error, run } = useOutcome();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const patch: AccountPatch = { issuer: issuer.trim(), label: label.trim(), group: group.trim() === '' ? null : group.trim(), colour };
    if ((await run(() => window.tessera.updateAccount(account.id, patch))).ok) onDone(true);
  }

  return (
    <form className="card editor" onSubmit={(event) => void submit(event)} aria-label={`Edit ${account.issuer || account.label}`}>
      <div className="grid">
        <label>
          Issuer
          <input value={issuer} onChange={(event) => setIssuer(event.target.value)} />
        </label>
        <label>
          Account name
          <input value={label} onChange={(event) => setLabel(event.target.value)} />
        </label>
        <label>
          Group
          <input value={group} onChange={(event) => setGroup(event.target.value)} placeholder="Work, Personal…" />
        </label>
        <label>
          Colour
          <input type="color" value={colour ?? DEFAULT_COLOUR} onChange={(event) => setColour(event.target.value)} />
        </label>
      </div>
      <ErrorMessage message={error} />
      <div className="row">
        <button type="submit" className="primary" disabled={label.trim() === '' && issuer.trim() === ''}>
          Save
        </button>
        {colour !== null && (
          <button type="button" onClick={() => setColour(null)}>
            No colour
          </button>
        )}
        <button type="button" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
