import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeXml, voiceTwiml } from '../../../server/delivery/twiml.js';

/** The XML 1.0 entities escapeXml writes, undone: what a TwiML parser hands to the voice. */
const unescapeXml = (text: string) => text.replace(/&(amp|lt|gt|quot|apos);/g, (_m, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name] ?? '');

describe('voiceTwiml', () => {
  it('keeps any tenant name inside its <Say>: no markup gets through, and the voice reads the name as given', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1 }), (name) => {
        const readable = name.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '').trim();
        fc.pre(readable !== '');
        const twiml = voiceTwiml('{{tenant.friendly_name}} {{code}}', { code: '42', channel: 'voice', tenantName: name });
        const body = twiml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>/, '');
        // Outside the elements Tessera writes, only escaped text remains.
        const tags = body.match(/<[^>]*>/g) ?? [];
        expect(new Set(tags)).toEqual(new Set(['<Response>', '</Response>', '<Say>', '</Say>', '<Pause length="1"/>', '<Pause length="2"/>']));
        const said = [...body.matchAll(/<Say>([^<]*)<\/Say>/g)].map((m) => unescapeXml(m[1] ?? ''));
        expect(said).toEqual([readable, '4', '2', readable, '4', '2']);
      }),
    );
  });

  it('trims what remains once the characters XML cannot hold are gone', () => {
    expect(voiceTwiml('{{tenant.friendly_name}}{{code}}', { code: '1', channel: 'voice', tenantName: '\u0000 Ada \u0001' })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Ada</Say><Say>1</Say><Pause length="1"/><Pause length="2"/><Say>Ada</Say><Say>1</Say><Pause length="1"/></Response>',
    );
  });

  it('escapes the five XML specials and drops what XML 1.0 cannot hold', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
    expect(escapeXml('a\u0000b\u001bc\uFFFEd\uD800e\tf😀')).toBe('abcde\tf😀');
  });
});
