// ticketInBarcode moved to the device library, which the CLI shares; desktop modules still import it here.
export { ticketInBarcode } from '../push-device';

/** The one-button dialog that shows a first enrollment's recovery code, once, in main (never to the page). */
export function recoveryCodeNotice(issuer: string, code: string): [message: string, detail: string] {
  const host = new URL(issuer).host;
  return ['Save your recovery code', `${code}\n\nIt signs you in to ${host} if you lose this computer. Keep it somewhere safe: it is shown only this once.`];
}
