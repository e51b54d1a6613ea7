/** Why a pasted text is not a setup link the vault can read, before asking main; null when it may be one. */
export function setupLinkProblem(text: string): string | null {
  const trimmed = text.trim();
  if (/^https?:\/\//i.test(trimmed)) {
    return (
      'This is a web address, not a setup link. Open it in your browser: the page shows a QR code to read with ' +
      '“Scan screen” or “Select screen area” above, or a “can’t scan?” link with a secret key to type below.'
    );
  }
  if (/^[a-z2-7 =-]{16,}$/i.test(trimmed) && !trimmed.includes(':')) {
    return 'This looks like a secret key, not a link: type it under “Enter a secret by hand” below, with the issuer and account.';
  }
  return null;
}
