/**
 * Entitlements: which tenants a user may see and act on. A rule maps a subject (a Grafana team, or an
 * org role) to a scope (all tenants, environments, a tenant label selector, or explicit tenant ids).
 * A user's grant is the union of the scopes of every rule whose subject they match; org Admins and an
 * "all tenants" grant see everything. Outside the grant a tenant answers 404, exactly like a missing one.
 */
import { z } from 'zod';
import { IsoDateSchema } from './common';
import { EnvironmentSchema, LabelsSchema, TenantIdSchema } from './tenants';

export const ORG_ROLES = ['Viewer', 'Editor', 'Admin'] as const;
export const OrgRoleSchema = z.enum(ORG_ROLES);

/** Grafana team names: what Grafana's team API returns (trimmed, bounded). */
export const TeamNameSchema = z
  .string()
  .trim()
  .min(1, 'Name the Grafana team')
  .max(190, 'Grafana team names are at most 190 characters');

export const EntitlementSubjectSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('team'), team: TeamNameSchema }),
  z.object({ type: z.literal('role'), role: OrgRoleSchema }),
]);
export type EntitlementSubject = z.infer<typeof EntitlementSubjectSchema>;

export const EntitlementScopeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('all') }),
  z.object({
    type: z.literal('environments'),
    environments: z
      .array(EnvironmentSchema)
      .min(1, 'Pick at least one environment')
      .max(3)
      .transform((e) => [...new Set(e)].sort()),
  }),
  z.object({
    type: z.literal('labels'),
    /** Every label must match (a selector like `team=payments,tier=gold`). */
    labels: LabelsSchema.refine((l) => Object.keys(l).length > 0, 'Give at least one label, e.g. team=payments'),
  }),
  z.object({
    type: z.literal('tenants'),
    tenantIds: z
      .array(TenantIdSchema)
      .min(1, 'List at least one tenant id')
      .max(500, 'At most 500 tenant ids per rule; use a label selector for more')
      .transform((ids) => [...new Set(ids)].sort()),
  }),
]);
export type EntitlementScope = z.infer<typeof EntitlementScopeSchema>;

export const EntitlementRuleInputSchema = z.object({
  subject: EntitlementSubjectSchema,
  scope: EntitlementScopeSchema,
  description: z.string().trim().max(200, 'Keep the description under 200 characters').default(''),
});
export type EntitlementRuleInput = z.infer<typeof EntitlementRuleInputSchema>;

export const EntitlementRuleSchema = z.object({
  id: z.string(),
  subject: EntitlementSubjectSchema,
  scope: EntitlementScopeSchema,
  description: z.string(),
  version: z.number().int().min(1),
  createdAt: IsoDateSchema,
  updatedAt: IsoDateSchema,
  updatedBy: z.string(),
});
export type EntitlementRule = z.infer<typeof EntitlementRuleSchema>;

export const RuleIdParamsSchema = z.object({ id: z.string().regex(/^[0-9a-f-]{36}$/, 'Not a rule id') });

export const EntitlementRuleListSchema = z.object({
  items: z.array(EntitlementRuleSchema),
  /** Whether SWITCHYARD_ENTITLEMENTS is on (off: every reader sees every tenant, rules are kept but unused). */
  enforced: z.boolean(),
});
export type EntitlementRuleList = z.infer<typeof EntitlementRuleListSchema>;

export const EntitlementPreviewSchema = z.object({
  /** How many tenants the scope grants today. */
  tenants: z.number().int().min(0),
  /** A few of them, by id, to show what the rule means. */
  sample: z.array(z.string()),
});
export type EntitlementPreview = z.infer<typeof EntitlementPreviewSchema>;

export const GrafanaTeamListSchema = z.object({
  items: z.array(z.object({ name: z.string(), memberCount: z.number().int().min(0) })),
});
export type GrafanaTeamList = z.infer<typeof GrafanaTeamListSchema>;

/** What the signed-in user may see (`GET /api/v1/me/entitlements`). */
export const MyEntitlementsSchema = z.object({
  enforced: z.boolean(),
  /** True when the user sees every tenant (entitlements off, org Admin, or an "all tenants" rule). */
  all: z.boolean(),
  /**
   * Why: `not_enforced` (entitlements off), `admin` (org Admin), `all_tenants` (an "all tenants" rule),
   * `service` (the data source's own principal, e.g. alert evaluation), or `rules` (limited to the scopes below).
   */
  basis: z.enum(['not_enforced', 'admin', 'all_tenants', 'service', 'rules']),
  teams: z.array(z.string()),
  environments: z.array(EnvironmentSchema),
  labelSelectors: z.array(z.record(z.string(), z.string())),
  tenantIds: z.array(z.string()),
  /** Environments the user can see at least one tenant in (what filters should offer). */
  visibleEnvironments: z.array(EnvironmentSchema),
});
export type MyEntitlements = z.infer<typeof MyEntitlementsSchema>;

/** Renders a label selector as `key=value,key=value` (the settings page's input format). */
export function formatSelector(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** Parses `key=value,key=value`; null when a part is not `key=value`. */
export function parseSelector(text: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const i = part.indexOf('=');
    if (i <= 0) return null;
    out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}
