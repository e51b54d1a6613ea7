import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Certificate {
  /** PEM private key. */
  key: string;
  /** PEM self-signed certificate, also the only CA a client needs to trust. */
  cert: string;
}

/** A throwaway certificate for 127.0.0.1 and localhost, made by `openssl` (apt), valid one day. */
export function selfSignedCertificate(): Certificate {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost',
        '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-days', '1',
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An HTTPS server on a free loopback port; requests are handed to `handler` once it is set. */
export async function listenHttps(certificate: Certificate): Promise<{ server: Server; port: number }> {
  const server = createServer({ key: certificate.key, cert: certificate.cert });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('listenHttps: no TCP address');
  return { server, port: address.port };
}

/** An https.Agent that trusts only `ca` (no keep-alive, so closing the server never waits on idle sockets). */
export function trustingAgent(ca: string): Agent {
  return new Agent({ ca, keepAlive: false });
}

/**
 * A WHATWG `fetch` over node:https with `agent`. Node 20's global fetch (undici) takes its CA only
 * from a dispatcher of the `undici` package (not a dependency here) or NODE_EXTRA_CA_CERTS (read at
 * startup only); so the SDK and the test get this fetch, and verification stays on.
 */
export function trustingFetch(agent: Agent): typeof fetch {
  return async function fetchOverHttps(input, init) {
    // The SDK passes its `agent` as a non-standard `dispatcher`; this fetch has its own agent.
    const { dispatcher: _dispatcher, ...standard } = (init ?? {}) as RequestInit & { dispatcher?: unknown };
    const outgoing = new Request(input, standard);
    const body = outgoing.body === null ? undefined : Buffer.from(await outgoing.arrayBuffer());
    return new Promise<Response>((resolve, reject) => {
      const req = request(outgoing.url, { method: outgoing.method, headers: Object.fromEntries(outgoing.headers), agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            for (const item of [value ?? []].flat()) headers.append(name, item);
          }
          const status = res.statusCode ?? 0;
          const payload = status === 204 || status === 304 ? null : Buffer.concat(chunks);
          resolve(new Response(payload, { status, statusText: res.statusMessage ?? '', headers }));
        });
      });
      req.on('error', reject);
      const signal = outgoing.signal;
      signal.addEventListener('abort', () => req.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted')), { once: true });
      req.end(body);
    });
  };
}
