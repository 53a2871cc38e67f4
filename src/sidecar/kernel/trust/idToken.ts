/**
 * Verifies Grafana's ID token (`X-Grafana-Id`): ES256 only, keys from Grafana's JWKS (cached by kid,
 * refetched at most once per cooldown), `iss` = Grafana's root URL, `aud` containing `org:<id>` for an
 * allowed org, `exp` required. Verified tokens are cached until they expire: Grafana reuses a token
 * per identity for ~10 minutes, so the hot path is one map lookup.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
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
}

const CACHE_MAX = 10_000;
const CLOCK_TOLERANCE_S = 5;

export class IdTokenVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;
  private readonly audiences: string[];
  private readonly verified = new Map<string, { caller: Caller; expMs: number }>();
  private readonly now: () => number;

  constructor(private readonly opts: IdTokenOptions) {
    this.jwks = createRemoteJWKSet(new URL(opts.jwksUrl), {
      cooldownDuration: opts.cooldownMs,
      cacheMaxAge: opts.cacheMaxAgeMs,
      timeoutDuration: 5_000,
    });
    this.audiences = opts.allowedOrgs.map((o) => `org:${o}`);
    this.now = () => opts.clock.now().getTime();
  }

  async verify(token: string): Promise<Caller> {
    const hit = this.verified.get(token);
    if (hit) {
      if (hit.expMs > this.now()) return hit.caller;
      this.verified.delete(token);
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, {
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
    if (this.verified.size >= CACHE_MAX) {
      this.verified.delete(this.verified.keys().next().value as string);
    }
    this.verified.set(token, { caller, expMs: (payload.exp as number) * 1000 });
    return caller;
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
