import type { IssuerMark } from './issuer-catalogue';

const DOMAIN = /(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}/g;

/** "Amazon Web Services" → "amazonwebservices": the form marks list their names in. */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function domainsIn(text: string): string[] {
  return text.toLowerCase().match(DOMAIN) ?? [];
}

function byDomain(marks: readonly IssuerMark[], text: string): IssuerMark | undefined {
  for (const domain of domainsIn(text)) {
    const found = marks.find((mark) => mark.domains.some((known) => domain === known || domain.endsWith(`.${known}`)));
    if (found) return found;
  }
  return undefined;
}

/**
 * The mark for an account: by its whole issuer name ("Amazon Web Services"), then the issuer's first
 * word ("Google Workspace", "GitHub Enterprise"), then a domain in the issuer ("github.com"). A domain in
 * the label (`alice@github.com`) counts only when there is no issuer: "ACME" with a Gmail address is an
 * ACME account, and a Google mark on it would mislead.
 */
export function matchIssuer(marks: readonly IssuerMark[], issuer: string, label: string): IssuerMark | undefined {
  const whole = normaliseName(issuer);
  if (whole !== '') {
    const named = marks.find((mark) => mark.names.includes(whole));
    if (named) return named;
    const first = normaliseName(issuer.trim().split(/[\s:/|,(]+/)[0] ?? '');
    const byFirstWord = first.length > 1 ? marks.find((mark) => mark.names.includes(first)) : undefined;
    if (byFirstWord) return byFirstWord;
    return byDomain(marks, issuer);
  }
  return byDomain(marks, label);
}
