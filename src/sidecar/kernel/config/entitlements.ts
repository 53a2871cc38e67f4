/**
 * Entitlements (a section of the one schema in config.ts). `off` (the default) keeps every reader on
 * every tenant; `on` limits non-Admins to what the entitlement rules map their Grafana teams and org
 * role to. Teams are read from Grafana's team API with SWITCHYARD_GRAFANA_SA_TOKEN, so `on` needs it.
 */
import { z } from 'zod';
import { int } from './helpers';

export const EntitlementsEnvShape = {
  SWITCHYARD_ENTITLEMENTS: z.enum(['off', 'on'], { error: 'must be `off` or `on`' }).default('off'),
  SWITCHYARD_ENTITLEMENTS_TEAM_TTL_MS: int(30_000, 0, 3_600_000),
};

export interface EntitlementsConfig {
  enforced: boolean;
  /** How long Grafana's team membership is trusted before it is read again; 0 reads it on every request. */
  teamTtlMs: number;
}

type EntitlementsEnv = z.output<z.ZodObject<typeof EntitlementsEnvShape>>;

export function toEntitlementsConfig(e: EntitlementsEnv): EntitlementsConfig {
  return { enforced: e.SWITCHYARD_ENTITLEMENTS === 'on', teamTtlMs: e.SWITCHYARD_ENTITLEMENTS_TEAM_TTL_MS };
}
