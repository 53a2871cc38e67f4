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
 * - GRAFANA_URL: required, http(s) URL of Grafana. The ID-token JWKS is fetched from `${GRAFANA_URL}/api/signing-keys/keys`. Its host must be in SWITCHYARD_OUTBOUND_HOSTS.
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
 * - SWITCHYARD_CLOCK_OFFSET_MS: shifts the sidecar's clock by this many milliseconds (tests run the suites as if on a later date). Default `0`.
 * - SWITCHYARD_SHUTDOWN_TIMEOUT_MS: grace period for in-flight requests on SIGTERM/SIGINT. Default `10000`.
 * - SWITCHYARD_OUTBOUND_HOSTS: comma-separated hosts (`host` or `host:port`) the sidecar may call. Default empty (none).
 * - SWITCHYARD_PLATFORM_URL: http(s) base URL of the platform API (runtime isolation). Unset → isolation checks disabled ("not configured"). Its host must be in SWITCHYARD_OUTBOUND_HOSTS.
 * - SWITCHYARD_PLATFORM_TIMEOUT_MS: timeout of one platform API call. Default `5000`.
 * - SWITCHYARD_REGISTRY_URL: base URL of the image registry (Docker Registry HTTP API v2) the deploy preflight checks. Default `<SWITCHYARD_PLATFORM_URL>/registry`. Its host must be in SWITCHYARD_OUTBOUND_HOSTS.
 * - SWITCHYARD_REGISTRY_REPOSITORY: the image repository of a service kind, `{kind}` replaced. Default `demo/{kind}`.
 * - SWITCHYARD_ISOLATION_TTL_MS: how long an isolation probe result is served before it is re-probed. Default `300000`.
 * - SWITCHYARD_ISOLATION_REFRESH_MS: interval of the background isolation refresh over all tenants; `0` disables it. Default `60000`.
 * - SWITCHYARD_ISOLATION_CONCURRENCY: maximum concurrent isolation probes. Default `8`.
 * - SWITCHYARD_APPDB_PREFIX_LENGTH: application-id characters in the app database naming contract. Default `8`.
 * - SWITCHYARD_ISOLATION_PROBE_MAX_AGE_MS: a platform privilege probe older than this is stale (warning). Default `86400000`.
 * - SWITCHYARD_K8S_URL: http(s) URL of the Kubernetes API used by jobs (deployments, secrets). Unset → Kubernetes jobs fail preflight. Its host must be in SWITCHYARD_OUTBOUND_HOSTS.
 * - SWITCHYARD_K8S_TOKEN: bearer token for SWITCHYARD_K8S_URL. Never logged.
 * - SWITCHYARD_K8S_NAMESPACE: platform namespace; `{env}` is replaced by the job's environment. Default `platform-{env}`.
 * - SWITCHYARD_APPROVAL_POLICY: comma-separated `<env|*>:<job type|*>` pairs needing a second operator's approval, or `none`. Default: prod drain, suspend, restart, scale, secret rotation, credentials refresh.
 * - SWITCHYARD_JOB_WORKERS: `false` runs no job workers on this replica (API-only). Default `true`.
 * - SWITCHYARD_JOB_CONCURRENCY: jobs one replica runs at once. Default `4`.
 * - SWITCHYARD_JOB_LEASE_MS: job lease; a job whose worker died is taken over after this. Default `10000`.
 * - SWITCHYARD_JOB_POLL_MS: how often idle workers look for jobs (new local jobs wake them at once). Default `500`.
 * - SWITCHYARD_JOB_MAX_ATTEMPTS: attempts of a step on transient errors. Default `5`.
 * - SWITCHYARD_JOB_RETRY_BASE_MS / SWITCHYARD_JOB_RETRY_MAX_MS: capped exponential backoff with jitter between attempts. Defaults `200` / `5000`.
 * - SWITCHYARD_JOB_WAIT_TIMEOUT_MS: upper bound of convergence waits (rollouts). Default `120000`.
 * - SWITCHYARD_HEALTH_ENVIRONMENTS: comma-separated environments whose namespaces (SWITCHYARD_K8S_NAMESPACE) the platform health watches, one snapshot each; narrow it when the Kubernetes token reaches only some namespaces. Default `dev,staging,prod`. (The former SWITCHYARD_HEALTH_ENVIRONMENT is refused.)
 * - SWITCHYARD_HEALTH_REFRESH_MS: interval of the background Kubernetes health read. Default `15000`.
 * - SWITCHYARD_HEALTH_TIMEOUT_MS: time box of one health read; past it the snapshot is `unknown`. Default `5000`.
 * - SWITCHYARD_CRON_WINDOW_MINUTES: a cron job is healthy when its last success is this recent (per-job annotation `switchyard.dev/health-window-minutes` overrides). Default `35`.
 * - SWITCHYARD_ALERT_WEBHOOK_TOKEN: bearer token Alertmanager sends to `POST /api/v1/alerts/webhook` (≥16 chars). Unset → the receiver is disabled (404). Never logged.
 * - SWITCHYARD_ALERT_RETENTION_HOURS: resolved alerts are deleted after this. Default `168`.
 * - SWITCHYARD_GRAFANA_SA_TOKEN: Grafana service account token used to annotate job start/finish (`POST GRAFANA_URL/api/annotations`). Unset → no annotations. Never logged.
 * - SWITCHYARD_GRAFANA_TIMEOUT_MS: timeout of one Grafana API call (annotations, teams, the ID-token JWKS). Default `5000`.
 * - SWITCHYARD_GRAFANA_API_URL: base URL the sidecar calls Grafana's HTTP API at (annotations), when it differs from GRAFANA_URL (e.g. an internal address). Default GRAFANA_URL. Its host must be in SWITCHYARD_OUTBOUND_HOSTS.
 * - SWITCHYARD_ENTITLEMENTS: `on` limits every non-Admin to the tenants the entitlement rules map their Grafana teams and org role to (others answer 404); `off` lets every reader see every tenant. Default `off`. `on` needs SWITCHYARD_GRAFANA_SA_TOKEN (teams are read from Grafana).
 * - SWITCHYARD_ENTITLEMENTS_TEAM_TTL_MS: how long a Grafana team membership read is reused; Grafana unreachable after that → 503. Default `30000`.
 * - SWITCHYARD_CREDENTIALS_PUSH_TIMEOUT_MS: how long a credentials refresh waits for the credentials agent to push the new credentials. Default `900000`.
 * - SWITCHYARD_ALERTMANAGER_URL: http(s) base URL of Alertmanager, for alert silences (API v2). Unset → silences are off. Its host must be in SWITCHYARD_OUTBOUND_HOSTS.
 * - SWITCHYARD_ALERTMANAGER_TIMEOUT_MS: timeout of one Alertmanager API call. Default `5000`.
 * - Placement (SWITCHYARD_PLACEMENT_STORE, NATS_URL, SWITCHYARD_PLACEMENT_BUCKET, SWITCHYARD_VM_URL, SWITCHYARD_VM_TIMEOUT_MS, SWITCHYARD_MIGRATION_*, SWITCHYARD_INVENTORY_RECONCILE_MS): see placement.ts.
 */
import { z } from 'zod';
import { ConfigError, requireAllowedHost } from './helpers';
import { EntitlementsEnvShape, toEntitlementsConfig, type EntitlementsConfig } from './entitlements';
import { JobsEnvShape, toJobsConfig, type JobsConfig } from './jobs';
import { OperationsEnvShape, toOperationsConfig, type OperationsConfig } from './operations';
import { PlacementEnvShape, toPlacementConfig, type PlacementConfig } from './placement';
import { PlatformEnvShape, toPlatformConfig, type PlatformConfig } from './platform';
import { ServerEnvShape, toServerConfig, type ServerConfig } from './server';
import { StoreEnvShape, toStoreConfig, type StoreConfig } from './store';
import { TrustEnvShape, toTrustConfig, type TrustConfig } from './trust';

export { ConfigError } from './helpers';
export type { StoreConfig } from './store';

/** The one schema over the environment: one section per file in this folder. */
const EnvSchema = z.object({
  ...ServerEnvShape,
  ...StoreEnvShape,
  ...TrustEnvShape,
  ...PlatformEnvShape,
  ...JobsEnvShape,
  ...OperationsEnvShape,
  ...PlacementEnvShape,
  ...EntitlementsEnvShape,
});

/** Every environment variable the sidecar reads. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(EnvSchema.shape);

export interface Config extends ServerConfig, TrustConfig, PlatformConfig {
  store: StoreConfig;
  jobs: JobsConfig;
  /** Platform health, alert inbox, job annotations. */
  operations: OperationsConfig;
  /** Placement store, VictoriaMetrics and migration thresholds (placement.ts). */
  placement: PlacementConfig;
  /** Who sees which tenant (entitlements.ts). */
  entitlements: EntitlementsConfig;
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
  // Grafana (ID-token keys, annotations, teams) is called like every other dependency: only on an allowed host.
  requireAllowedHost('GRAFANA_URL', e.GRAFANA_URL, e.SWITCHYARD_OUTBOUND_HOSTS);
  requireAllowedHost('SWITCHYARD_GRAFANA_API_URL', e.SWITCHYARD_GRAFANA_API_URL, e.SWITCHYARD_OUTBOUND_HOSTS);
  if (e.SWITCHYARD_ENTITLEMENTS === 'on' && !e.SWITCHYARD_GRAFANA_SA_TOKEN) {
    throw new ConfigError(
      'SWITCHYARD_ENTITLEMENTS',
      'is `on` but SWITCHYARD_GRAFANA_SA_TOKEN is unset: teams are read from Grafana with that token'
    );
  }
  requireAllowedHost('SWITCHYARD_ALERTMANAGER_URL', e.SWITCHYARD_ALERTMANAGER_URL, e.SWITCHYARD_OUTBOUND_HOSTS);
  return {
    ...toServerConfig(e),
    ...toTrustConfig(e),
    ...toPlatformConfig(e),
    store: toStoreConfig(e),
    operations: toOperationsConfig(e),
    placement: toPlacementConfig(e, e.SWITCHYARD_OUTBOUND_HOSTS),
    jobs: toJobsConfig(e, e.SWITCHYARD_OUTBOUND_HOSTS),
    entitlements: toEntitlementsConfig(e),
  };
}
