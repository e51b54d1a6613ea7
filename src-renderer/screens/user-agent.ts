/** The browser and OS of a sign-in, read from its User-Agent for people, not machines: "Chrome 131 on Windows". */
export interface UserAgentSummary {
  browser: string | null;
  os: string | null;
}

// Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari", every iOS browser is WebKit.
const BROWSERS: readonly [name: string, pattern: RegExp][] = [
  ['Edge', /\bEdg(?:e|A|iOS)?\/(\d+)/],
  ['Opera', /\b(?:OPR|OPiOS)\/(\d+)/],
  ['Samsung Internet', /\bSamsungBrowser\/(\d+)/],
  ['Firefox', /\b(?:Firefox|FxiOS)\/(\d+)/],
  ['Chrome', /\b(?:Chrome|CriOS)\/(\d+)/],
  ['Safari', /\bVersion\/(\d+)(?:\.\d+)*(?: Mobile\/\w+)? Safari\//],
];

const SYSTEMS: readonly [pattern: RegExp, name: (match: RegExpMatchArray) => string][] = [
  [/\b(?:iPhone|iPad|iPod)\b.*?OS (\d+)[_.]/, (m) => `iOS ${m[1]}`],
  [/\bAndroid (\d+)/, (m) => `Android ${m[1]}`],
  [/\bWindows NT 10\.0\b/, () => 'Windows'],
  [/\bWindows NT 6\.3\b/, () => 'Windows 8.1'],
  [/\bWindows NT 6\.1\b/, () => 'Windows 7'],
  [/\bWindows\b/, () => 'Windows'],
  [/\bCrOS\b/, () => 'ChromeOS'],
  [/\bMac OS X\b/, () => 'macOS'],
  [/\bLinux\b/, () => 'Linux'],
];

export function parseUserAgent(userAgent: string | null): UserAgentSummary {
  if (!userAgent) return { browser: null, os: null };
  let browser: string | null = null;
  for (const [name, pattern] of BROWSERS) {
    const match = pattern.exec(userAgent);
    if (match) {
      browser = `${name} ${match[1]}`;
      break;
    }
  }
  let os: string | null = null;
  for (const [pattern, name] of SYSTEMS) {
    const match = pattern.exec(userAgent);
    if (match) {
      os = name(match);
      break;
    }
  }
  return { browser, os };
}

/** "Chrome 131 on Windows", "Firefox 133", "an unknown browser on Linux", or null with nothing known. */
export function describeUserAgent(userAgent: string | null): string | null {
  const { browser, os } = parseUserAgent(userAgent);
  if (browser === null && os === null) return null;
  if (os === null) return browser;
  return `${browser ?? 'An unknown browser'} on ${os}`;
}
