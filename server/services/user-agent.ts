/**
 * Browser and OS names for the push notification's `s` field (Guardian shape `{ b: {n, v}, os: {n, v} }`),
 * so the approving device can say "Chrome on Windows". A rough reading; the raw string travels too.
 */
const BROWSERS: [RegExp, string][] = [
  [/Edg\/([\d.]+)/, 'Edge'],
  [/OPR\/([\d.]+)/, 'Opera'],
  [/Firefox\/([\d.]+)/, 'Firefox'],
  [/Chrom(?:e|ium)\/([\d.]+)/, 'Chrome'],
  [/Version\/([\d.]+).*Safari\//, 'Safari'],
  [/curl\/([\d.]+)/, 'curl'],
  [/node(?:-fetch)?\/?([\d.]*)/i, 'Node.js'],
];
const SYSTEMS: [RegExp, string][] = [
  [/Windows NT ([\d.]+)/, 'Windows'],
  [/iPhone OS ([\d_]+)/, 'iOS'],
  [/Android ([\d.]+)/, 'Android'],
  [/Mac OS X ([\d_.]+)/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

function first(table: [RegExp, string][], ua: string): { n: string; v: string } {
  for (const [pattern, name] of table) {
    const match = pattern.exec(ua);
    if (match) return { n: name, v: (match[1] ?? '').replace(/_/g, '.') };
  }
  return { n: 'Unknown', v: '' };
}

export function describeUserAgent(ua: string | null): { b: { n: string; v: string }; os: { n: string; v: string } } {
  return { b: first(BROWSERS, ua ?? ''), os: first(SYSTEMS, ua ?? '') };
}
