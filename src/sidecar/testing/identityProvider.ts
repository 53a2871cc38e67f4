/**
 * A stand-in for Grafana's ID-token signer: a real ES256 key pair, a JWKS served on 127.0.0.1 at
 * Grafana's path (/api/signing-keys/keys), and token minting with Grafana's claim shape. It also
 * serves Grafana's team API as the sidecar reads it (`/api/teams/search`, `/api/teams/:id/members`,
 * service account bearer token only), with teams set by the test and a switch that makes it fail.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTPayload } from 'jose';
import type { Clock } from '../kernel/clock';
import { testClock } from './testClock';

/** The service account token the stand-in's team API accepts (SWITCHYARD_GRAFANA_SA_TOKEN in tests). */
export const TEST_SA_TOKEN = 'test-grafana-sa-token-0123456789';

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
  /** Team name → member logins, served by the team API (ids are assigned in order, from 1). */
  setTeams(teams: Record<string, readonly string[]>): void;
  /** `false`: the team API drops every connection (Grafana unreachable). */
  setTeamsUp(up: boolean): void;
  /** How many team API requests were answered or dropped. */
  teamRequests(): number;
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
  let teams: Array<{ id: number; name: string; members: readonly string[] }> = [];
  let teamsUp = true;
  let teamRequests = 0;
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  function serveTeams(req: IncomingMessage, res: ServerResponse, url: URL): void {
    teamRequests += 1;
    if (!teamsUp) {
      req.socket.destroy();
      return;
    }
    if (req.headers.authorization !== `Bearer ${TEST_SA_TOKEN}`) return json(res, 401, { message: 'Unauthorized' });
    if (url.pathname === '/api/teams/search') {
      const perPage = Number(url.searchParams.get('perpage') ?? 1000);
      const page = Number(url.searchParams.get('page') ?? 1);
      const slice = teams.slice((page - 1) * perPage, page * perPage);
      return json(res, 200, {
        totalCount: teams.length,
        page,
        perPage,
        teams: slice.map((t) => ({ id: t.id, orgId: 1, name: t.name, email: '', memberCount: t.members.length })),
      });
    }
    const m = /^\/api\/teams\/(\d+)\/members$/.exec(url.pathname);
    const team = m ? teams.find((t) => t.id === Number(m[1])) : undefined;
    if (!team) return json(res, 404, { message: 'Team not found' });
    return json(
      res,
      200,
      team.members.map((login, i) => ({
        orgId: 1,
        teamId: team.id,
        userId: 100 + i,
        login,
        email: `${login}@example.com`,
      }))
    );
  }
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://idp');
    if (url.pathname === '/api/signing-keys/keys') {
      fetches += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    if (url.pathname.startsWith('/api/teams/') && req.method === 'GET') return serveTeams(req, res, url);
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
    setTeams: (t) => {
      teams = Object.entries(t).map(([name, members], i) => ({ id: i + 1, name, members }));
    },
    setTeamsUp: (up) => {
      teamsUp = up;
    },
    teamRequests: () => teamRequests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
