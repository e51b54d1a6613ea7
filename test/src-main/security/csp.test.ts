import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, withContentSecurityPolicy } from '../../../src-main/security/csp';

const directives = (policy: string) => policy.split(';').map((d) => d.trim()).filter(Boolean);

describe('CONTENT_SECURITY_POLICY', () => {
  it('is the agreed strict policy', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
  });

  // Browsers ignore frame-ancestors in a <meta> CSP, so the page carries every other directive.
  it('is repeated in index.html, minus frame-ancestors', () => {
    const html = readFileSync(new URL('../../../src-renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBeDefined();
    const expected = directives(CONTENT_SECURITY_POLICY).filter((d) => !d.startsWith('frame-ancestors'));
    expect(directives(meta?.[1] ?? '')).toEqual(expected);
  });
});

describe('withContentSecurityPolicy', () => {
  it('replaces any CSP the response carried, whatever its case, and keeps other headers', () => {
    const headers = {
      'content-security-policy': ["default-src *"],
      'Content-Security-Policy-Report-Only': ["default-src 'none'"],
      'Content-Type': ['text/html'],
    };
    expect(withContentSecurityPolicy(headers)).toEqual({
      'Content-Security-Policy-Report-Only': ["default-src 'none'"],
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
  });

  it('adds the CSP when the response had no headers', () => {
    expect(withContentSecurityPolicy(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});
