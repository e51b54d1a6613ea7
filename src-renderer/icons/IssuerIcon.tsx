import { useMemo } from 'react';
import { ISSUER_MARKS } from './issuer-catalogue';
import { ISSUER_DRAWINGS } from './issuer-drawings';
import { matchIssuer } from './match-issuer';
import { monogramFor } from './monogram';

/** The account's tile: a bundled mark for a known issuer, else its coloured initials. Decorative: the name is beside it. */
export function IssuerIcon({ issuer, label, colour }: { issuer: string; label: string; colour: string | null }) {
  const mark = useMemo(() => matchIssuer(ISSUER_MARKS, issuer, label), [issuer, label]);
  const monogram = useMemo(() => monogramFor(issuer || label, colour), [issuer, label, colour]);
  const draw = mark && ISSUER_DRAWINGS[mark.id];
  if (mark && draw) {
    return (
      <svg className="issuer-icon" data-icon={mark.id} viewBox="0 0 32 32" width="36" height="36" aria-hidden="true">
        <rect width="32" height="32" rx="7" fill={mark.background} />
        {draw()}
      </svg>
    );
  }
  return (
    <span className="issuer-icon monogram" data-icon="monogram" aria-hidden="true" style={{ backgroundColor: monogram.background, color: monogram.foreground }}>
      {monogram.letters}
    </span>
  );
}
