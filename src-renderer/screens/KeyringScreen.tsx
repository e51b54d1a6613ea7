import { useEffect, useState } from 'react';

/**
 * While this screen shows, main is asked again this often: unlocking the keyring tells Tessera nothing,
 * so without it the accounts would stay closed until the user found Retry.
 */
export const KEYRING_RETRY_MS = 5_000;

export interface KeyringScreenProps {
  keyring: string;
  message: string;
  onRetry: () => Promise<void>;
}

/**
 * The accounts exist but their key is in an OS keyring Tessera cannot read right now. Never shown as
 * an empty list: an empty list would invite the user to re-add (or give up on) accounts that are fine.
 */
export function KeyringScreen({ keyring, message, onRetry }: KeyringScreenProps) {
  const [retrying, setRetrying] = useState(false);

  // Quiet retries, one timer at a time (the next is set once the last answer is in); the screen leaves
  // as soon as the keyring answers, which clears the timer, so no other screen retries.
  useEffect(() => {
    let timer: number | undefined;
    let active = true;
    function schedule() {
      timer = window.setTimeout(() => {
        const next = () => {
          if (active) schedule();
        };
        onRetry().then(next, next);
      }, KEYRING_RETRY_MS);
    }
    schedule();
    return () => {
      active = false;
      window.clearTimeout(timer);
    };
  }, [onRetry]);

  async function retry() {
    setRetrying(true);
    await onRetry();
    setRetrying(false);
  }

  return (
    <main className="full-screen">
      <section className="keyring card" role="alert" aria-labelledby="keyring-title">
        <h1 id="keyring-title">Tessera cannot open your accounts</h1>
        <p>
          Your accounts are safe, but the key that decrypts them is kept in the <strong className="keyring-name">{keyring}</strong>, and Tessera cannot read
          it right now.
        </p>
        <p className="muted keyring-message">{message}</p>
        <h2>How to fix it</h2>
        <ul>
          <li>Unlock the {keyring}: on Linux open “Passwords and Keys” (Seahorse) or KWallet and unlock the “login” keyring; on macOS unlock the login keychain in Keychain Access.</li>
          <li>Make sure a keyring service is running in your session (for example gnome-keyring or KWallet on Linux).</li>
          <li>Tessera tries again every few seconds, or press Retry. Nothing has been deleted, and nothing will be until the keyring answers.</li>
        </ul>
        <button type="button" className="primary" onClick={() => void retry()} disabled={retrying} autoFocus>
          {retrying ? 'Retrying…' : 'Retry'}
        </button>
      </section>
    </main>
  );
}
