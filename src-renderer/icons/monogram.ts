import { contrastRatio, hslToRgb, parseHex, textOn, toHex, WHITE } from './contrast';

/** WCAG AA for normal text: a monogram letter is small, so it gets the text threshold, not the 3:1 of graphics. */
export const MONOGRAM_MIN_CONTRAST = 4.5;

export interface Monogram {
  letters: string;
  background: string;
  foreground: string;
}

/** A stable hue per name (FNV-1a), so an account keeps its colour between runs and machines. */
function hueOf(name: string): number {
  let hash = 0x811c9dc5;
  for (const char of name.toLowerCase()) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return hash % 360;
}

/** One or two letters: "Bank of Example" → "BE", "gitea" → "G"; symbols only → "?". */
export function monogramLetters(name: string): string {
  const words = name.match(/[\p{L}\p{N}]+/gu) ?? [];
  const significant = words.filter((word) => !/^(of|the|and|for|inc|ltd|llc)$/i.test(word));
  const picked = (significant.length > 0 ? significant : words).slice(0, 2);
  const letters = picked.map((word) => [...word][0] ?? '').join('');
  return letters === '' ? '?' : letters.toLocaleUpperCase();
}

/**
 * The fallback tile: the name's hue, darkened until white text on it reaches 4.5:1. The tile's own
 * colour does not depend on the theme, so it reads the same in light and dark mode. A colour the user
 * chose is kept, with whichever text colour reads on it.
 */
export function monogramFor(name: string, chosenColour: string | null): Monogram {
  const letters = monogramLetters(name);
  const chosen = chosenColour === null ? null : parseHex(chosenColour);
  if (chosen) return { letters, background: toHex(chosen), foreground: toHex(textOn(chosen)) };
  const hue = hueOf(name);
  let lightness = 0.5;
  let background = hslToRgb(hue, 0.6, lightness);
  while (contrastRatio(background, WHITE) < MONOGRAM_MIN_CONTRAST && lightness > 0.1) {
    lightness -= 0.02;
    background = hslToRgb(hue, 0.6, lightness);
  }
  return { letters, background: toHex(background), foreground: toHex(WHITE) };
}
