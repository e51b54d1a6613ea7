import { generateKeyPairSync, sign } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';

/**
 * What two RS256 signatures cost in a plain Node process, by the way they are made: jose's `SignJWT`
 * (WebCrypto on libuv's pool: the verify bench's baseline), WebCrypto's `subtle.sign` alone, and
 * `crypto.sign` synchronously (on the calling thread) and with a callback (on the pool). CPU of the whole
 * process (every thread) per pair, three rounds of 300 pairs after a warm-up.
 *   npx tsx bench/sign-variants.ts
 */
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const cryptoKey = await importPKCS8(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 'RS256');
const payload = { sub: 'auth0|abc', aud: 'https://api.example.com/', iss: 'https://tessera.example.com/', scope: 'openid profile email', azp: 'client' };
const data = Buffer.from(`eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`);

const jwt = () => new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'k' }).setIssuedAt().setExpirationTime('1h').sign(cryptoKey);
const signAsync = () => new Promise<Buffer>((resolve, reject) => sign('sha256', data, privateKey, (error, signature) => (error ? reject(error) : resolve(signature))));
const cases: Record<string, () => Promise<unknown>> = {
  'jose SignJWT': () => Promise.all([jwt(), jwt()]),
  'subtle.sign': () => Promise.all([crypto.subtle.sign('RSASSA-PKCS1-v1_5', cryptoKey, data), crypto.subtle.sign('RSASSA-PKCS1-v1_5', cryptoKey, data)]),
  'crypto.sign (sync)': async () => [sign('sha256', data, privateKey), sign('sha256', data, privateKey)],
  'crypto.sign (callback)': () => Promise.all([signAsync(), signAsync()]),
};

const cpu = () => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};
for (const run of Object.values(cases)) for (let i = 0; i < 200; i++) await run();
for (let round = 1; round <= 3; round++) {
  const line: string[] = [];
  for (const [name, run] of Object.entries(cases)) {
    const start = cpu();
    for (let i = 0; i < 300; i++) await run();
    line.push(`${name} ${Math.round((cpu() - start) / 300)} µs`);
  }
  console.log(`round ${round}, CPU per pair: ${line.join(' | ')}`);
}
