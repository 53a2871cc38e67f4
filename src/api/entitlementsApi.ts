import type {
  EntitlementPreview,
  EntitlementRule,
  EntitlementRuleInput,
  EntitlementRuleList,
  EntitlementScope,
  GrafanaTeamList,
  MyEntitlements,
} from '../contract';
import { entitlementEndpoints } from '../contract/entitlementEndpoints';
import { clientOf } from './client';

const callApi = clientOf(entitlementEndpoints);

/**
 * The entitlement calls the pages make: the rules settings page (Admins) and the filters that offer
 * only the environments the signed-in user may see. Scenes depend on this interface so tests can
 * hand them a fake; the implementation forwards to `callApi`.
 */
export interface EntitlementsApi {
  listRules(): Promise<EntitlementRuleList>;
  /** One Idempotency-Key per intent: a retry of the same add is answered from the stored response. */
  createRule(body: EntitlementRuleInput, idempotencyKey: string): Promise<EntitlementRule>;
  /** If-Match on `version`: a rule changed meanwhile answers 412 instead of being overwritten. */
  updateRule(id: string, version: number, body: EntitlementRuleInput): Promise<EntitlementRule>;
  deleteRule(id: string, version: number): Promise<EntitlementRule>;
  previewScope(scope: EntitlementScope): Promise<EntitlementPreview>;
  listTeams(): Promise<GrafanaTeamList>;
  getMine(): Promise<MyEntitlements>;
}

export const entitlementsApi: EntitlementsApi = {
  listRules: () => callApi('listEntitlementRules'),
  createRule: (body, idempotencyKey) => callApi('createEntitlementRule', { body, idempotencyKey }),
  updateRule: (id, version, body) => callApi('updateEntitlementRule', { params: { id }, body, ifMatch: version }),
  deleteRule: (id, version) => callApi('deleteEntitlementRule', { params: { id }, ifMatch: version }),
  previewScope: (scope) => callApi('previewEntitlementScope', { body: scope }),
  listTeams: () => callApi('listGrafanaTeams'),
  getMine: () => callApi('getMyEntitlements'),
};
