import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contrastRatio, parseHex } from '../../src-renderer/icons/contrast';
import { ISSUER_MARKS } from '../../src-renderer/icons/issuer-catalogue';
import { matchIssuer } from '../../src-renderer/icons/match-issuer';
import { monogramFor, monogramLetters } from '../../src-renderer/icons/monogram';

/** The list's issuer tiles: which bundled mark an account gets, and monograms that stay readable. */
const markOf = (issuer: string, label: string) => matchIssuer(ISSUER_MARKS, issuer, label)?.id ?? null;

describe('matchIssuer', () => {
  it.each([
    ['GitHub', 'octocat', 'github'],
    ['github', 'octocat', 'github'],
    ['GitHub Enterprise', 'octocat', 'github'],
    ['Amazon Web Services', 'ada', 'aws'],
    ['Amazon', 'ada', 'amazon'],
    ['Google Workspace', 'ada@acme.com', 'google'],
    ['Twitter', '@ada', 'x'],
    ['X', '@ada', 'x'],
    ['1Password', 'ada', '1password'],
    ['Steam', 'gamer', 'steam'],
    ['accounts.google.com', 'ada', 'google'],
    // A domain in the label counts only without an issuer: "ACME" with a Gmail address is ACME's.
    ['', 'alice@github.com', 'github'],
    ['', 'ada@mail.protonmail.com', 'proton'],
    ['ACME', 'alice@gmail.com', null],
    ['Xerox', 'ada', null],
    ['Git', 'ada', null],
    ['', 'ada', null],
  ])('%s / %s → %s', (issuer, label, expected) => {
    expect(markOf(issuer, label)).toBe(expected);
  });

  it('gives each mark a distinct id and at least 25 issuers', () => {
    expect(new Set(ISSUER_MARKS.map((mark) => mark.id)).size).toBe(ISSUER_MARKS.length);
    expect(ISSUER_MARKS.length).toBeGreaterThanOrEqual(25);
  });
});

describe('monogramFor', () => {
  it('picks one or two letters', () => {
    expect([monogramLetters('First Bank'), monogramLetters('Bank of Example'), monogramLetters('gitea'), monogramLetters('***')]).toEqual(['FB', 'BE', 'G', '?']);
  });

  it('keeps its text at 4.5:1 or more on its tile, for any name and any colour the user picks', () => {
    fc.assert(
      fc.property(fc.string(), fc.option(fc.integer({ min: 0, max: 0xffffff }).map((n) => `#${n.toString(16).padStart(6, '0')}`)), (name, colour) => {
        const tile = monogramFor(name, colour);
        const ratio = contrastRatio(parseHex(tile.background)!, parseHex(tile.foreground)!);
        // A colour the user chose is kept as it is; only the text colour adapts to it.
        return ratio >= 4.5 && (colour === null || tile.background === colour);
      }),
    );
  });

  it('gives a name the same colour every time', () => {
    expect(monogramFor('ACME Intranet', null)).toEqual(monogramFor('ACME Intranet', null));
  });
});
