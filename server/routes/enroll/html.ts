/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** A tagged template whose interpolations are escaped unless wrapped in `raw()`. */
export class Raw {
  constructor(readonly html: string) {}
}
export const raw = (html: string) => new Raw(html);

export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    const parts = Array.isArray(value) ? value : [value];
    out += parts.map((part) => (part instanceof Raw ? part.html : escapeHtml(String(part ?? '')))).join('');
    out += strings[i + 1] ?? '';
  });
  return new Raw(out);
}

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;background:#f4f5f7;color:#1d2330;margin:0;display:flex;justify-content:center}
main{background:#fff;max-width:30rem;margin:3rem 1rem;padding:2rem;border-radius:12px;box-shadow:0 2px 12px #0001}
h1{font-size:1.4rem;margin-top:0}code,.secret{font-family:ui-monospace,monospace;word-break:break-all}
.secret{background:#eef1f6;padding:.5rem;border-radius:6px;display:block;letter-spacing:.1em}
img.qr{display:block;margin:1rem auto;image-rendering:pixelated}
input{font:inherit;font-size:1.4rem;letter-spacing:.3em;width:9ch;padding:.3rem .5rem}
button,.button{font:inherit;background:#3451d1;color:#fff;border:0;border-radius:6px;padding:.5rem 1rem;cursor:pointer;text-decoration:none;display:inline-block}
.error{color:#b00020}.muted{color:#5b6475;font-size:.9rem}
.recovery{font-size:1.3rem;text-align:center}`;

/** A whole page. Styles carry the response's CSP nonce; there is no script at all. */
export function page(title: string, nonce: string, body: Raw): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style nonce="${escapeHtml(nonce)}">${STYLE}</style></head><body><main>${body.html}</main></body></html>`;
}
