/**
 * Health, alert inbox and annotation settings (a section of the one schema in config.ts, so they are
 * parsed once at start-up and a bad value names its variable). Kubernetes URL, token and namespace template
 * are the job engine's (SWITCHYARD_K8S_*); health watches the namespace of each listed environment.
 */
import { z } from 'zod';
import { ENVIRONMENTS, EnvironmentSchema, type Environment } from '../../../contract';
import { csv, int, optionalHttpUrl, optionalSecret } from './helpers';

export const OperationsEnvShape = {
  SWITCHYARD_HEALTH_ENVIRONMENTS: csv(ENVIRONMENTS.join(','))
    .pipe(z.array(EnvironmentSchema).min(1, `must list at least one of ${ENVIRONMENTS.join(', ')}`))
    .transform((l) => ENVIRONMENTS.filter((e) => l.includes(e))),
  /** Replaced by SWITCHYARD_HEALTH_ENVIRONMENTS; refused so that a deployment still setting it notices. */
  SWITCHYARD_HEALTH_ENVIRONMENT: z
    .undefined({ message: 'was replaced by SWITCHYARD_HEALTH_ENVIRONMENTS (health covers every listed environment)' })
    .optional(),
  SWITCHYARD_HEALTH_REFRESH_MS: int(15_000, 1_000, 600_000),
  SWITCHYARD_HEALTH_TIMEOUT_MS: int(5_000, 100, 60_000),
  SWITCHYARD_CRON_WINDOW_MINUTES: int(35, 1, 10_080),
  SWITCHYARD_ALERT_WEBHOOK_TOKEN: optionalSecret(16),
  SWITCHYARD_ALERT_RETENTION_HOURS: int(168, 1, 24 * 365),
  SWITCHYARD_GRAFANA_SA_TOKEN: optionalSecret(8),
  SWITCHYARD_GRAFANA_TIMEOUT_MS: int(5_000, 100, 60_000),
  SWITCHYARD_GRAFANA_API_URL: optionalHttpUrl,
  SWITCHYARD_CREDENTIALS_PUSH_TIMEOUT_MS: int(900_000, 1_000, 3_600_000),
  SWITCHYARD_ALERTMANAGER_URL: optionalHttpUrl,
  SWITCHYARD_ALERTMANAGER_TIMEOUT_MS: int(5_000, 100, 60_000),
};

export interface OperationsConfig {
  health: { environments: Environment[]; refreshMs: number; timeoutMs: number; cronWindowMinutes: number };
  /** `webhookToken` null → the Alertmanager receiver is disabled (404). */
  alerts: { webhookToken: string | null; retentionMs: number };
  /** `saToken` null → job annotations are off. */
  annotations: { saToken: string | null; timeoutMs: number; apiUrl: string | null };
  /** How long credentials.refresh waits for the credentials agent's push. */
  credentials: { pushTimeoutMs: number };
  /** `url` null → silences are off (the inbox shows none and refuses to create one). */
  alertmanager: { url: string | null; timeoutMs: number };
}

type OperationsEnv = z.output<z.ZodObject<typeof OperationsEnvShape>>;

export function toOperationsConfig(e: OperationsEnv): OperationsConfig {
  return {
    health: {
      environments: e.SWITCHYARD_HEALTH_ENVIRONMENTS,
      refreshMs: e.SWITCHYARD_HEALTH_REFRESH_MS,
      timeoutMs: e.SWITCHYARD_HEALTH_TIMEOUT_MS,
      cronWindowMinutes: e.SWITCHYARD_CRON_WINDOW_MINUTES,
    },
    alerts: {
      webhookToken: e.SWITCHYARD_ALERT_WEBHOOK_TOKEN ?? null,
      retentionMs: e.SWITCHYARD_ALERT_RETENTION_HOURS * 3_600_000,
    },
    annotations: {
      saToken: e.SWITCHYARD_GRAFANA_SA_TOKEN ?? null,
      timeoutMs: e.SWITCHYARD_GRAFANA_TIMEOUT_MS,
      apiUrl: e.SWITCHYARD_GRAFANA_API_URL ?? null,
    },
    credentials: { pushTimeoutMs: e.SWITCHYARD_CREDENTIALS_PUSH_TIMEOUT_MS },
    alertmanager: {
      url: e.SWITCHYARD_ALERTMANAGER_URL ?? null,
      timeoutMs: e.SWITCHYARD_ALERTMANAGER_TIMEOUT_MS,
    },
  };
}
