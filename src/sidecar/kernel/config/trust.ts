/** The trust boundary's section: the proxy secret, Grafana's ID tokens (JWKS) and idempotency keys. */
import { z } from 'zod';
import { csv, httpUrl, int, optionalSecret } from './helpers';

export const TrustEnvShape = {
  SWITCHYARD_PROXY_SECRET: z
    .string({ error: 'is required' })
    .min(32, 'must be at least 32 characters')
    .refine((s) => !s.includes(','), 'must not contain a comma'),
  /** The data source's read-only bearer credential (its secureJsonData.sidecarToken). */
  SWITCHYARD_DATASOURCE_TOKEN: optionalSecret(32),
  GRAFANA_URL: httpUrl,
  GRAFANA_ISSUER: z.string().min(1).optional(),
  GRAFANA_ALLOWED_ORGS: csv('1').pipe(
    z.array(z.string().regex(/^\d+$/, 'must be comma-separated numeric org ids')).min(1)
  ),
  SWITCHYARD_JWKS_COOLDOWN_MS: int(30_000, 0, 3_600_000),
  SWITCHYARD_JWKS_CACHE_MAX_AGE_MS: int(600_000, 1_000, 86_400_000),
  SWITCHYARD_IDEMPOTENCY_TTL_HOURS: int(24, 1, 24 * 30),
  SWITCHYARD_IDEMPOTENCY_LOCK_MS: int(60_000, 1_000, 3_600_000),
};

type TrustEnv = z.output<z.ZodObject<typeof TrustEnvShape>>;

export interface TrustConfig {
  proxySecret: string;
  /** The data source's read-only bearer credential; null when the data source is not set up. */
  datasourceToken: string | null;
  grafana: { url: string; jwksUrl: string; issuer: string; allowedOrgs: number[] };
  jwks: { cooldownMs: number; cacheMaxAgeMs: number };
  idempotency: { ttlMs: number; lockMs: number };
}

export function toTrustConfig(e: TrustEnv): TrustConfig {
  return {
    proxySecret: e.SWITCHYARD_PROXY_SECRET,
    datasourceToken: e.SWITCHYARD_DATASOURCE_TOKEN ?? null,
    grafana: {
      url: e.GRAFANA_URL,
      jwksUrl: `${e.GRAFANA_URL}/api/signing-keys/keys`,
      issuer: e.GRAFANA_ISSUER ?? `${e.GRAFANA_URL}/`,
      allowedOrgs: e.GRAFANA_ALLOWED_ORGS.map(Number),
    },
    jwks: { cooldownMs: e.SWITCHYARD_JWKS_COOLDOWN_MS, cacheMaxAgeMs: e.SWITCHYARD_JWKS_CACHE_MAX_AGE_MS },
    idempotency: { ttlMs: e.SWITCHYARD_IDEMPOTENCY_TTL_HOURS * 3_600_000, lockMs: e.SWITCHYARD_IDEMPOTENCY_LOCK_MS },
  };
}
