/**
 * Entitlement endpoints: the rules that scope which tenants Grafana teams and org roles see, their preview,
 * and the signed-in user's own entitlements. Spread into `endpoints`.
 */
import { Actions } from './actions';
import { def } from './endpointDef';
import {
  EntitlementPreviewSchema,
  EntitlementRuleInputSchema,
  EntitlementRuleListSchema,
  EntitlementRuleSchema,
  EntitlementScopeSchema,
  GrafanaTeamListSchema,
  MyEntitlementsSchema,
  RuleIdParamsSchema,
} from './entitlements';

export const entitlementEndpoints = {
  listEntitlementRules: def({
    method: 'GET',
    path: '/api/v1/entitlements/rules',
    action: Actions.entitlementsAdmin,
    summary: 'Entitlement rules: which Grafana teams and org roles see which tenants',
    response: EntitlementRuleListSchema,
  }),
  createEntitlementRule: def({
    method: 'POST',
    path: '/api/v1/entitlements/rules',
    action: Actions.entitlementsAdmin,
    summary: 'Add an entitlement rule (audited)',
    body: EntitlementRuleInputSchema,
    response: EntitlementRuleSchema,
    idempotent: true,
    successStatus: 201,
  }),
  updateEntitlementRule: def({
    method: 'PUT',
    path: '/api/v1/entitlements/rules/:id',
    action: Actions.entitlementsAdmin,
    summary: 'Replace an entitlement rule (If-Match on the version, audited)',
    params: RuleIdParamsSchema,
    body: EntitlementRuleInputSchema,
    response: EntitlementRuleSchema,
    ifMatch: true,
  }),
  deleteEntitlementRule: def({
    method: 'DELETE',
    path: '/api/v1/entitlements/rules/:id',
    action: Actions.entitlementsAdmin,
    summary: 'Remove an entitlement rule (If-Match on the version, audited)',
    params: RuleIdParamsSchema,
    response: EntitlementRuleSchema,
    ifMatch: true,
  }),
  previewEntitlementScope: def({
    method: 'POST',
    path: '/api/v1/entitlements/preview',
    action: Actions.entitlementsAdmin,
    summary: 'How many tenants a scope grants today ("this rule grants N tenants")',
    body: EntitlementScopeSchema,
    response: EntitlementPreviewSchema,
  }),
  listGrafanaTeams: def({
    method: 'GET',
    path: '/api/v1/entitlements/teams',
    action: Actions.entitlementsAdmin,
    summary: "The org's Grafana teams (from Grafana's team API) a rule can name",
    response: GrafanaTeamListSchema,
  }),
  getMyEntitlements: def({
    method: 'GET',
    path: '/api/v1/me/entitlements',
    action: Actions.tenantsRead,
    summary: 'Which tenants and environments the signed-in user is entitled to',
    response: MyEntitlementsSchema,
  }),
} as const;
