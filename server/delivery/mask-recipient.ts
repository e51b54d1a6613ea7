/**
 * A recipient as a listing shows it unless asked for in full, as Auth0 masks phone numbers in its logs
 * and enrollments: the last four digits of a number (`+XXXXXXXX0123`), the first letter and domain of an
 * address (`a***@example.com`).
 */
export function maskRecipient(recipient: string): string {
  const at = recipient.lastIndexOf('@');
  if (at > 0) return `${recipient[0]}***${recipient.slice(at)}`;
  const digits = recipient.replace(/\D/g, '');
  if (digits.length <= 4) return 'X'.repeat(digits.length);
  return `${recipient.startsWith('+') ? '+' : ''}${'X'.repeat(digits.length - 4)}${digits.slice(-4)}`;
}
