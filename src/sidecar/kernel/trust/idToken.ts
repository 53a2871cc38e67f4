/**
 * Verifies Grafana's ID token (`X-Grafana-Id`): ES256 only, keys from Grafana's JWKS (cached by kid,
 * refetched at most once per cooldown), `iss` = Grafana's root URL, `aud` containing `org:<id>` for an
 * allowed org, `exp` required. Verified tokens are cached until they expire: Grafana reuses a token
 * per identity for ~10 minutes, so the hot path is one hash and one map lookup. The cache is keyed by
 * the token's SHA-256 (the raw token is never held as a key) and never outlives what an uncached check
 * would accept: an entry is dropped once its signing key (`kid`) is no longer in the JWKS last fetched,
 * and re-verified once it is older than the JWKS cache's max age (when the JWKS is refetched anyway).
 * The JWKS is fetched through the one outbound client, so GRAFANA_URL is called only when its host
 * is on SWITCHYARD_OUTBOUND_HOSTS (config refuses to start otherwise).
 */
import { hash } from 'node:crypto';
import {
  createRemoteJWKSet,
  customFetch,
  errors,
  jwksCache,
  jwtVerify,
  type ExportedJWKSCache,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';
import { unauthenticated, unavailable } from '../errors';
import type { Clock } from '../clock';

export interface Caller {
  /** Grafana login (`username` claim), or the subject for identities without one. */
  login: string;
  orgId: number;
  role?: string;
  sub: string;
  type?: string;
  namespace?: string;
}

export interface IdTokenOptions {
  jwksUrl: string;
  issuer: string;
  allowedOrgs: number[];
  cooldownMs: number;
  cacheMaxAgeMs: number;
  clock: Clock;
  /**
   * Fetches the JWKS: the platform's outbound client (platform/grafana.ts `grafanaKeysFetch`), which
   * calls only hosts on SWITCHYARD_OUTBOUND_HOSTS.
   */
  fetchKeys: KeysFetch;
}

/** What jose's remote key set calls to fetch the JWKS. */
export type KeysFetch = (url: string, init: { headers?: Headers; signal?: AbortSignal }) => Promise<Response>;

const JWKS_TIMEOUT_MS = 5_000;

const CACHE_MAX = 10_000;

interface VerifiedToken {
  caller: Caller;
  expMs: number;
  /** The key the token was signed with; the entry holds only while the JWKS still publishes it. */
  kid: string;
  verifiedAtMs: number;
}

const tokenKey = (token: string) => hash('sha256', token, 'base64url');
const CLOCK_TOLERANCE_S = 5;

export class IdTokenVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;
  private readonly audiences: string[];
  private readonly verified = new Map<string, VerifiedToken>();
  private readonly now: () => number;
  /** The JWKS as jose last fetched it (jose writes `jwks` here on every applied refetch). */
  private readonly fetched: Partial<ExportedJWKSCache> = {};
  /** The kids of `fetched.jwks`, rebuilt when jose replaces it. */
  private kids: { of: JSONWebKeySet; kids: Set<unknown> } | null = null;

  constructor(private readonly opts: IdTokenOptions) {
    this.jwks = createRemoteJWKSet(new URL(opts.jwksUrl), {
      cooldownDuration: opts.cooldownMs,
      cacheMaxAge: opts.cacheMaxAgeMs,
      timeoutDuration: JWKS_TIMEOUT_MS,
      [jwksCache]: this.fetched as Record<string, never>,
      [customFetch]: (url, init) => opts.fetchKeys(url, { headers: init.headers, signal: init.signal }),
    });
    this.audiences = opts.allowedOrgs.map((o) => `org:${o}`);
    this.now = () => opts.clock.now().getTime();
  }

  async verify(token: string): Promise<Caller> {
    const key = tokenKey(token);
    const hit = this.verified.get(key);
    if (hit) {
      const now = this.now();
      if (hit.expMs > now && now - hit.verifiedAtMs < this.opts.cacheMaxAgeMs && this.published(hit.kid)) {
        return hit.caller;
      }
      this.verified.delete(key);
    }
    let payload: JWTPayload;
    let kid: string | undefined;
    try {
      ({
        payload,
        protectedHeader: { kid },
      } = await jwtVerify(token, this.jwks, {
        algorithms: ['ES256'],
        issuer: this.opts.issuer,
        audience: this.audiences,
        requiredClaims: ['exp', 'sub', 'aud', 'iss'],
        clockTolerance: CLOCK_TOLERANCE_S,
        currentDate: new Date(this.now()),
      }));
    } catch (err) {
      if (err instanceof errors.JWKSTimeout || !(err instanceof errors.JOSEError)) {
        // Grafana's key endpoint is unreachable: we cannot tell who is calling.
        throw unavailable('Cannot verify the Grafana ID token right now');
      }
      throw unauthenticated('The Grafana ID token is not valid');
    }
    const caller = this.toCaller(payload);
    // A token without a kid cannot be tied to a published key, so it is verified every time.
    if (kid === undefined) return caller;
    if (this.verified.size >= CACHE_MAX) {
      this.verified.delete(this.verified.keys().next().value as string);
    }
    this.verified.set(key, { caller, expMs: (payload.exp as number) * 1000, kid, verifiedAtMs: this.now() });
    return caller;
  }

  /** Whether the JWKS as last fetched still publishes `kid` (a set lookup; no copy of the JWKS). */
  private published(kid: string): boolean {
    const jwks = this.fetched.jwks;
    if (!jwks) return false;
    if (this.kids?.of !== jwks) this.kids = { of: jwks, kids: new Set(jwks.keys.map((k) => k.kid)) };
    return this.kids.kids.has(kid);
  }

  private toCaller(p: JWTPayload): Caller {
    const aud = Array.isArray(p.aud) ? p.aud : [p.aud];
    const org = aud.find((a): a is string => typeof a === 'string' && this.audiences.includes(a));
    const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
    if (!org || !p.sub) throw unauthenticated('The Grafana ID token is not valid');
    return {
      login: str(p.username) ?? p.sub,
      orgId: Number(org.slice(4)),
      role: str(p.role),
      sub: p.sub,
      type: str(p.type),
      namespace: str(p.namespace),
    };
  }
}
