import { useMemo } from 'react';
import { ISSUER_MARKS } from './issuer-marks';
import { matchIssuer } from './match-issuer';
import { monogramFor } from './monogram';

/** The account's tile: a bundled mark for a known issuer, else its coloured initials. Decorative: the name is beside it. */
export function IssuerIcon({ issuer, label, colour }: { issuer: string; label: string; colour: string | null }) {
  const mark = useMemo(() => matchIssuer(ISSUER_MARKS, issuer, label), [issuer, label]);
  const monogram = useMemo(() => (mark ? null : monogramFor(issuer || label, colour)), [mark, issuer, label, colour]);
  if (mark) {
    return (
      <svg className="issuer-icon" data-icon={mark.id} viewBox="0 0 32 32" width="36" height="36" aria-hidden="true">
        <rect width="32" height="32" rx="7" fill={mark.background} />
        {mark.draw()}
      </svg>
    );
  }
  const tile = monogram ?? monogramFor('?', null);
  return (
    <span className="issuer-icon monogram" data-icon="monogram" aria-hidden="true" style={{ backgroundColor: tile.background, color: tile.foreground }}>
      {tile.letters}
    </span>
  );
}
