const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function entity(whole: string, name: string): string {
  const point = /^#x[0-9a-f]+$/i.test(name) ? parseInt(name.slice(2), 16) : /^#\d+$/.test(name) ? Number(name.slice(1)) : undefined;
  // A number past Unicode's last code point is left as written (String.fromCodePoint would throw).
  if (point !== undefined) return point <= 0x10ffff ? String.fromCodePoint(point) : whole;
  return ENTITIES[name.toLowerCase()] ?? whole;
}

/**
 * The HTML's text, for an email's plain-text part: blocks become lines, tags and their invisible parts
 * go, entities are decoded last, so an escaped `&lt;` in a user's name comes out as the `<` it was and is
 * never taken for a tag. One pass over the entities: a decoded `&amp;lt;` stays `&lt;`.
 */
export function htmlText(html: string): string {
  return html
    .replace(/<(style|script|head|title)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>|<\/(p|div|h[1-6]|li|tr|table)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z0-9]+);/gi, entity);
}
