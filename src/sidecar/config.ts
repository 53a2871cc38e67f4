/**
 * Sidecar configuration: parsed ONCE from the environment at start-up (see main.ts).
 * A bad value throws ConfigError naming the variable; main.ts prints it and exits non-zero.
 *
 * Environment variables (one line each; the README table is generated from these comments):
 * - SWITCHYARD_HOST: interface to listen on. Default `127.0.0.1` (only Grafana, on the same host, should reach it).
 * - SWITCHYARD_PORT: TCP port. Default `8787`.
 * - DATABASE_URL: `postgres://` or `postgresql://` URL → PostgreSQL store. Unset → SQLite.
 * - SWITCHYARD_SQLITE_PATH: SQLite file used when DATABASE_URL is unset. Default `./var/switchyard.db`; the folder is created.
 * - SWITCHYARD_PROXY_SECRET: required, at least 32 characters, no commas. Must equal the app's secureJsonData.proxySecret.
 * - GRAFANA_URL: required, http(s) URL of Grafana. The ID-token JWKS is fetched from `${GRAFANA_URL}/api/signing-keys/keys`.
 * - GRAFANA_ISSUER: expected `iss` of Grafana ID tokens (Grafana's root_url). Default GRAFANA_URL with a trailing slash.
 * - GRAFANA_ALLOWED_ORGS: comma-separated Grafana org ids whose tokens are accepted (`aud` = `org:<id>`). Default `1`.
 * - LOG_LEVEL: pino level (fatal|error|warn|info|debug|trace|silent). Default `info`.
 * - SWITCHYARD_BODY_LIMIT_BYTES: maximum request body size. Default `262144` (256 KiB).
 * - SWITCHYARD_JWKS_COOLDOWN_MS: minimum time between JWKS refetches on an unknown `kid`. Default `30000`.
 * - SWITCHYARD_JWKS_CACHE_MAX_AGE_MS: how long fetched signing keys are trusted before refetching. Default `600000`.
 * - SWITCHYARD_IDEMPOTENCY_TTL_HOURS: how long Idempotency-Key results are kept for replay. Default `24`.
 * - SWITCHYARD_IDEMPOTENCY_LOCK_MS: after this long an unfinished (crashed) request's key can be taken over. Default `60000`.
 * - SWITCHYARD_PG_POOL_MAX: PostgreSQL pool size. Default `10`.
 * - SWITCHYARD_VALIDATE_RESPONSES: `true` validates every response against the contract (tests, staging). Default `false`.
 * - SWITCHYARD_SHUTDOWN_TIMEOUT_MS: grace period for in-flight requests on SIGTERM/SIGINT. Default `10000`.
 */
import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly variable: string, detail: string) {
    super(`Invalid configuration: ${variable}: ${detail}`);
    this.name = 'ConfigError';
  }
}

const bool = z
  .enum(['true', 'false', '1', '0'])
  .default('false')
  .transform((v) => v === 'true' || v === '1');
const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .transform((u) => u.replace(/\/+$/, ''));

const EnvSchema = z.object({
  SWITCHYARD_HOST: z.string().min(1).default('127.0.0.1'),
  SWITCHYARD_PORT: int(8787, 0, 65535),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  SWITCHYARD_SQLITE_PATH: z.string().min(1).default('./var/switchyard.db'),
  SWITCHYARD_PROXY_SECRET: z
    .string({ error: 'is required' })
    .min(32, 'must be at least 32 characters')
    .refine((s) => !s.includes(','), 'must not contain a comma'),
  GRAFANA_URL: httpUrl,
  GRAFANA_ISSUER: z.string().min(1).optional(),
  GRAFANA_ALLOWED_ORGS: z
    .string()
    .default('1')
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^\d+$/, 'must be comma-separated numeric org ids')).min(1)),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SWITCHYARD_BODY_LIMIT_BYTES: int(262_144, 1024, 10_485_760),
  SWITCHYARD_JWKS_COOLDOWN_MS: int(30_000, 0, 3_600_000),
  SWITCHYARD_JWKS_CACHE_MAX_AGE_MS: int(600_000, 1_000, 86_400_000),
  SWITCHYARD_IDEMPOTENCY_TTL_HOURS: int(24, 1, 24 * 30),
  SWITCHYARD_IDEMPOTENCY_LOCK_MS: int(60_000, 1_000, 3_600_000),
  SWITCHYARD_PG_POOL_MAX: int(10, 1, 200),
  SWITCHYARD_VALIDATE_RESPONSES: bool,
  SWITCHYARD_SHUTDOWN_TIMEOUT_MS: int(10_000, 0, 300_000),
});

export type StoreConfig = { kind: 'postgres'; url: string; poolMax: number } | { kind: 'sqlite'; path: string };

export interface Config {
  host: string;
  port: number;
  store: StoreConfig;
  proxySecret: string;
  grafana: { url: string; jwksUrl: string; issuer: string; allowedOrgs: number[] };
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  bodyLimitBytes: number;
  jwks: { cooldownMs: number; cacheMaxAgeMs: number };
  idempotency: { ttlMs: number; lockMs: number };
  validateResponses: boolean;
  shutdownTimeoutMs: number;
}

/** Parses the environment into a Config; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue.path[0] ?? 'environment');
    // Never echo the offending value: it may be a secret.
    throw new ConfigError(variable, issue.message);
  }
  const e = parsed.data;
  return {
    host: e.SWITCHYARD_HOST,
    port: e.SWITCHYARD_PORT,
    store: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolMax: e.SWITCHYARD_PG_POOL_MAX }
      : { kind: 'sqlite', path: e.SWITCHYARD_SQLITE_PATH },
    proxySecret: e.SWITCHYARD_PROXY_SECRET,
    grafana: {
      url: e.GRAFANA_URL,
      jwksUrl: `${e.GRAFANA_URL}/api/signing-keys/keys`,
      issuer: e.GRAFANA_ISSUER ?? `${e.GRAFANA_URL}/`,
      allowedOrgs: e.GRAFANA_ALLOWED_ORGS.map(Number),
    },
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.SWITCHYARD_BODY_LIMIT_BYTES,
    jwks: { cooldownMs: e.SWITCHYARD_JWKS_COOLDOWN_MS, cacheMaxAgeMs: e.SWITCHYARD_JWKS_CACHE_MAX_AGE_MS },
    idempotency: { ttlMs: e.SWITCHYARD_IDEMPOTENCY_TTL_HOURS * 3_600_000, lockMs: e.SWITCHYARD_IDEMPOTENCY_LOCK_MS },
    validateResponses: e.SWITCHYARD_VALIDATE_RESPONSES,
    shutdownTimeoutMs: e.SWITCHYARD_SHUTDOWN_TIMEOUT_MS,
  };
}
