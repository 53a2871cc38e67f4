/**
 * Effective config as applied: for a tenant, the versions applied in its environment to the
 * default, environment, plan and tenant scopes, resolved per kind (the built-in default stands in
 * for a kind whose default document is not applied there).
 */
import {
  CONFIG_KINDS,
  type ConfigKind,
  type ConfigVersion,
  type EffectiveConfig,
  type Environment,
  type Plan,
} from '../../../contract';
import { BUILT_IN_CONFIG_DEFAULTS, resolveEffectiveConfig, type ConfigLayer } from '../../../changes';

export interface TenantPlacement {
  tenantId: string;
  environment: Environment;
  plan: Plan;
}

export const scopesOf = (t: TenantPlacement): string[] => [
  'default',
  `environment:${t.environment}`,
  `plan:${t.plan}`,
  `tenant:${t.tenantId}`,
];

const layerOf = (v: ConfigVersion | undefined): ConfigLayer | null =>
  v ? { scope: v.scope, version: v.version, value: v.value } : null;

/** `applied`: versions applied in the tenant's environment (any kinds and scopes; others are ignored). */
export function effectiveOf(
  t: TenantPlacement,
  kind: ConfigKind,
  applied: ReadonlyMap<string, ConfigVersion>
): EffectiveConfig {
  const at = (scope: string) => layerOf(applied.get(`${kind}|${scope}`));
  return resolveEffectiveConfig(kind, {
    default: at('default') ?? { scope: 'default', version: null, value: { ...BUILT_IN_CONFIG_DEFAULTS[kind] } },
    environment: at(`environment:${t.environment}`),
    plan: at(`plan:${t.plan}`),
    tenant: at(`tenant:${t.tenantId}`),
  });
}

export const byKindAndScope = (versions: readonly ConfigVersion[]) =>
  new Map(versions.map((v) => [`${v.kind}|${v.scope}`, v]));

export function effectiveOfEveryKind(t: TenantPlacement, applied: readonly ConfigVersion[]): EffectiveConfig[] {
  const map = byKindAndScope(applied);
  return CONFIG_KINDS.map((kind) => effectiveOf(t, kind, map));
}
