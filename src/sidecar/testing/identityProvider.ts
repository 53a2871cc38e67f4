/**
 * A stand-in for Grafana's ID-token signer: a real ES256 key pair, a JWKS served on 127.0.0.1 at
 * Grafana's path (/api/signing-keys/keys), and token minting with Grafana's claim shape.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTPayload } from 'jose';
import type { Clock } from '../kernel/clock';
import { testClock } from './testClock';

export interface TokenOptions {
  claims?: Partial<JWTPayload> & Record<string, unknown>;
  /** Seconds from now; negative for an expired token. Default 600 (Grafana's 10 minutes). */
  expiresIn?: number;
  issuer?: string;
  audience?: string | string[];
  /** Sign with a key the JWKS does not publish (a forged token). */
  forged?: boolean;
  kid?: string;
}

export interface IdentityProvider {
  /** Base URL to use as GRAFANA_URL. */
  url: string;
  /** `host:port` of `url`, for SWITCHYARD_OUTBOUND_HOSTS. */
  host: string;
  issuer: string;
  mint(opts?: TokenOptions): Promise<string>;
  /** How many times the JWKS was fetched. */
  jwksFetches(): number;
  /** Replaces the signing key: the JWKS stops publishing the old kid; new tokens use the new key. */
  rotateKey(): Promise<void>;
  close(): Promise<void>;
}

/** `clock`: the sidecar's clock under test, so tokens are valid at its "now". */
export async function startIdentityProvider(clock: Clock = testClock()): Promise<IdentityProvider> {
  const rogue = await generateKeyPair('ES256', { extractable: true });
  const newSigningKey = async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const id = `id-${Math.random().toString(36).slice(2, 10)}`;
    return { pair, kid: id, jwk: { ...(await exportJWK(pair.publicKey)), kid: id, alg: 'ES256', use: 'sig' } };
  };
  let { pair: real, kid, jwk } = await newSigningKey();
  let fetches = 0;
  const server: Server = createServer((req, res) => {
    if (req.url === '/api/signing-keys/keys') {
      fetches += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${url}/`;

  async function mint(opts: TokenOptions = {}): Promise<string> {
    const key: CryptoKey = opts.forged ? rogue.privateKey : real.privateKey;
    const now = Math.floor(clock.now().getTime() / 1000);
    return new SignJWT({
      username: 'alice',
      role: 'Editor',
      namespace: 'default',
      type: 'user',
      identifier: 'u-alice',
      ...opts.claims,
    })
      .setProtectedHeader({ alg: 'ES256', kid: opts.kid ?? kid, typ: 'jwt' })
      .setSubject(String(opts.claims?.sub ?? 'user:1'))
      .setIssuer(opts.issuer ?? issuer)
      .setAudience(opts.audience ?? ['org:1'])
      .setIssuedAt(now - 5)
      .setExpirationTime(now + (opts.expiresIn ?? 600))
      .sign(key);
  }

  return {
    url,
    host: new URL(url).host,
    issuer,
    mint,
    jwksFetches: () => fetches,
    rotateKey: async () => {
      ({ pair: real, kid, jwk } = await newSigningKey());
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
