import type { ReactElement } from 'react';

/**
 * Simple marks for common issuers, drawn here from basic shapes in each brand's colour (no logo files,
 * nothing fetched): enough to find an account at a glance, not a reproduction of anyone's logo.
 * Each draws on a 32×32 tile whose background is the issuer's `background` (issuer-catalogue.ts).
 */
const W = '#ffffff';

export const ISSUER_DRAWINGS: Readonly<Record<string, () => ReactElement>> = {
  github: () => <path fill={W} d="M9 9l3.5 3a9 9 0 0 1 7 0L23 9v6a7 7 0 0 1-14 0z M12 25h8v-3h-8z" />,
  google: () => (
    <g fill="none" strokeWidth="4">
      <path stroke="#ea4335" d="M22.4 10.4A8 8 0 0 0 9.6 11.2" />
      <path stroke="#fbbc05" d="M9.6 11.2a8 8 0 0 0 0 9.6" />
      <path stroke="#34a853" d="M9.6 20.8a8 8 0 0 0 13.9-2.8" />
      <path stroke="#4285f4" d="M23.5 18a8 8 0 0 0 .5-2H16" />
    </g>
  ),
  microsoft: () => (
    <g>
      <rect x="7" y="7" width="8.5" height="8.5" fill="#f25022" />
      <rect x="16.5" y="7" width="8.5" height="8.5" fill="#7fba00" />
      <rect x="7" y="16.5" width="8.5" height="8.5" fill="#00a4ef" />
      <rect x="16.5" y="16.5" width="8.5" height="8.5" fill="#ffb900" />
    </g>
  ),
  aws: () => (
    <g fill="none" strokeLinecap="round">
      <path stroke={W} strokeWidth="2.5" d="M9 10h14M9 14.5h14" />
      <path stroke="#ff9900" strokeWidth="2.5" d="M7 19c5 4 13 4 18 0M22 17.5l3 1.5-1 3" />
    </g>
  ),
  amazon: () => <path fill="none" stroke="#ff9900" strokeWidth="3" strokeLinecap="round" d="M7 17c5 5 13 5 18 0M21 15l4 2-1 4" />,
  dropbox: () => <path fill={W} d="M11 7l5 3.2-5 3.2-5-3.2zM21 7l5 3.2-5 3.2-5-3.2zM11 13.6l5 3.2-5 3.2-5-3.2zM21 13.6l5 3.2-5 3.2-5-3.2zM16 20.6l5 3.2-5 3.2-5-3.2z" />,
  slack: () => (
    <g strokeWidth="3.6" strokeLinecap="round">
      <path stroke="#36c5f0" d="M13 8v9" />
      <path stroke="#2eb67d" d="M24 13h-9" />
      <path stroke="#ecb22e" d="M19 24v-9" />
      <path stroke="#e01e5a" d="M8 19h9" />
    </g>
  ),
  gitlab: () => <path fill={W} d="M16 25L7 17.5 9 8l3 7.5h8L23 8l2 9.5z" />,
  discord: () => <path fill={W} fillRule="evenodd" d="M8 11c2-2 5-3 8-3s6 1 8 3l1.5 10c-2 2-4 2.5-5.5 2.5l-1-2h-6l-1 2C10.5 23.5 8.5 23 6.5 21zM12.5 15a1.8 2 0 1 0 0 4 1.8 2 0 1 0 0-4zM19.5 15a1.8 2 0 1 0 0 4 1.8 2 0 1 0 0-4z" />,
  x: () => <path stroke={W} strokeWidth="2.6" strokeLinecap="round" d="M9 8l14 16M23 8L9 24" />,
  facebook: () => <path fill="none" stroke={W} strokeWidth="3.2" d="M18 27V14a4 4 0 0 1 4-4h2M13 16.5h10" />,
  apple: () => (
    <g fill={W}>
      <path d="M16 12.5c-2.5-1.8-8-1.5-8 4.5 0 5 3 9 5 9 1.3 0 1.8-.7 3-.7s1.7.7 3 .7c2 0 5-4 5-9 0-6-5.5-6.3-8-4.5z" />
      <ellipse cx="18.5" cy="8.5" rx="1.6" ry="3" transform="rotate(35 18.5 8.5)" />
    </g>
  ),
  cloudflare: () => (
    <g fill={W}>
      <circle cx="13" cy="16" r="5" />
      <circle cx="19.5" cy="14.5" r="6" />
      <rect x="6" y="17" width="21" height="5" rx="2.5" />
    </g>
  ),
  digitalocean: () => (
    <g fill={W}>
      <path d="M16 24v-3.5a4.5 4.5 0 1 0-4.5-4.5H8a8 8 0 1 1 8 8z" />
      <rect x="12" y="20.5" width="4" height="3.5" />
      <rect x="8.5" y="23.5" width="3.5" height="3" />
    </g>
  ),
  bitwarden: () => <path fill={W} d="M8 7h16v9c0 5-4 8-8 10-4-2-8-5-8-10zm8 2.5V23c2.5-1.5 5.5-3.5 5.5-7V9.5z" />,
  '1password': () => (
    <g fill="none" stroke={W}>
      <circle cx="16" cy="16" r="9" strokeWidth="2.5" />
      <path strokeWidth="3" strokeLinecap="round" d="M16 11.5v9" />
    </g>
  ),
  proton: () => <path fill="none" stroke={W} strokeWidth="3" strokeLinejoin="round" d="M11 25V8h6a5 5 0 0 1 0 10h-6" />,
  reddit: () => (
    <g fill={W}>
      <ellipse cx="16" cy="19" rx="9" ry="6.5" />
      <circle cx="22" cy="8.5" r="2" />
      <path d="M16 12.5l1.5-5 4.5 1" stroke={W} strokeWidth="1.3" fill="none" />
      <circle cx="12.5" cy="18.5" r="1.6" fill="#ff4500" />
      <circle cx="19.5" cy="18.5" r="1.6" fill="#ff4500" />
    </g>
  ),
  twitch: () => <path fill={W} fillRule="evenodd" d="M9 7h16v11l-5 5h-4l-3 3v-3H9zm5 4v6h2.2v-6zm5 0v6h2.2v-6z" />,
  steam: () => (
    <g fill="none" stroke={W}>
      <circle cx="20" cy="12.5" r="4" strokeWidth="2.4" />
      <circle cx="11.5" cy="21" r="3" strokeWidth="2.4" />
      <path strokeWidth="2.6" d="M17 15.5l-3.5 3.5" />
    </g>
  ),
  paypal: () => (
    <g fill="none" strokeWidth="2.6" strokeLinejoin="round">
      <path stroke="#009cde" d="M13.5 24l2.5-13h5a3.5 3.5 0 0 1 0 7h-4" />
      <path stroke={W} d="M9 22l3-15h5.5a3.5 3.5 0 0 1 0 7H13" />
    </g>
  ),
  coinbase: () => (
    <g fill={W}>
      <path d="M16 7a9 9 0 1 0 8.9 10.5h-4.1a5 5 0 1 1 0-3h4.1A9 9 0 0 0 16 7z" />
    </g>
  ),
  binance: () => <path fill="#f0b90b" d="M16 12.5l3.5 3.5-3.5 3.5-3.5-3.5zM16 5.5l5.5 5.5-2 2-3.5-3.5-3.5 3.5-2-2zM16 26.5l-5.5-5.5 2-2 3.5 3.5 3.5-3.5 2 2zM7.5 14l2 2-2 2-2-2zM24.5 14l2 2-2 2-2-2z" />,
  atlassian: () => (
    <g fill={W}>
      <path d="M11.5 16.5c.5-.6 1.3-.5 1.6.2l3.3 7.3H6.5z" />
      <path d="M16.3 7.5c.4-.7 1.3-.7 1.7 0L26 24h-6.5l-3.8-8.3c-.9-2-.5-5.7.6-8.2z" />
    </g>
  ),
  stripe: () => <path fill="none" stroke={W} strokeWidth="3" strokeLinecap="round" d="M21 10.5c-1-1-2.7-1.5-4.5-1.5-2.7 0-4.5 1.3-4.5 3.3 0 4.4 9 2.5 9 7.2 0 2.1-2 3.5-4.8 3.5-2 0-4-.7-5.2-2" />,
};
