import type { SceneObjectUrlValues } from '@grafana/scenes';
import type { QueryOf } from '../../api/client';
import { SecurityDecisionSchema, type SecurityDecision } from '../../contract';
import type { ListUrlState } from '../../shared/PagedListScene';
import { hasKey, oneOf, optionalValue } from '../../shared/urlState';

/** The security log's shareable state: the decision shown and the page cursor. */
export interface SecurityFilters {
  decision?: SecurityDecision;
  cursor?: string;
}

export const SECURITY_URL_KEYS = ['decision', 'cursor'] as const;
export const SECURITY_DECISIONS = SecurityDecisionSchema.options;
const SECURITY_PAGE_SIZE = 50;

export const securityUrlState: ListUrlState<SecurityFilters> = {
  keys: SECURITY_URL_KEYS,
  empty: () => ({}),
  fromUrl(values: SceneObjectUrlValues, current: SecurityFilters): SecurityFilters {
    const next = { ...current };
    if (hasKey(values, 'decision')) next.decision = oneOf(values.decision, SECURITY_DECISIONS);
    if (hasKey(values, 'cursor')) next.cursor = optionalValue(values.cursor);
    return next;
  },
  toUrl: (f) => ({ decision: f.decision ?? null, cursor: f.cursor ?? null }),
};

export function toSecurityQuery(f: SecurityFilters, limit = SECURITY_PAGE_SIZE): QueryOf<'listSecurityEvents'> {
  return { limit, decision: f.decision, cursor: f.cursor };
}
