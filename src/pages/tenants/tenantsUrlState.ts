import type { SceneObjectUrlValues } from '@grafana/scenes';
import type { QueryOf } from '../../api/client';
import { serializeQuery } from '../../api/serializeQuery';
import { ENVIRONMENTS, PLANS, TENANT_STATUSES, type Environment, type Plan, type TenantStatus } from '../../contract';
import { TENANTS_PAGE_SIZE } from '../../constants';
import type { ListUrlState } from '../../shared/PagedListScene';
import { firstValue, hasKey, listOf, listToUrl, optionalValue } from '../../shared/urlState';

/** What a user shares when they share a tenants list URL. */
export interface TenantsFilters {
  q: string;
  status: TenantStatus[];
  environment: Environment[];
  plan: Plan[];
  /** `key` or `key=value`. */
  label: string;
  /** A sort field, `-` prefixed for descending. */
  sort: string;
  /** Opaque keyset cursor of the page shown; absent on the first page. */
  cursor?: string;
}

const DEFAULT_SORT = 'id';
export const TENANTS_URL_KEYS = ['q', 'status', 'environment', 'plan', 'label', 'sort', 'cursor'] as const;
export type TenantsUrlKey = (typeof TENANTS_URL_KEYS)[number];

export const LABEL_FILTER_PATTERN = /^[a-z0-9][a-z0-9_./-]*(=[^,]{0,63})?$/;
const SORT_PATTERN = /^-?(id|displayName|createdAt|updatedAt|status)$/;

export const emptyFilters = (): TenantsFilters => ({
  q: '',
  status: [],
  environment: [],
  plan: [],
  label: '',
  sort: DEFAULT_SORT,
});

/** Applies the URL keys present in `values` on top of `current` (absent keys keep their value; null clears). */
export function filtersFromUrl(values: SceneObjectUrlValues, current: TenantsFilters): TenantsFilters {
  const next = { ...current };
  const has = (k: TenantsUrlKey) => hasKey(values, k);
  if (has('q')) {
    next.q = firstValue(values.q).slice(0, 100);
  }
  if (has('status')) {
    next.status = listOf(values.status, TENANT_STATUSES);
  }
  if (has('environment')) {
    next.environment = listOf(values.environment, ENVIRONMENTS);
  }
  if (has('plan')) {
    next.plan = listOf(values.plan, PLANS);
  }
  if (has('label')) {
    const label = firstValue(values.label);
    next.label = LABEL_FILTER_PATTERN.test(label) ? label : '';
  }
  if (has('sort')) {
    const sort = firstValue(values.sort);
    next.sort = SORT_PATTERN.test(sort) ? sort : DEFAULT_SORT;
  }
  if (has('cursor')) {
    next.cursor = optionalValue(values.cursor);
  }
  return next;
}

/** Every key, with `null` for defaults so the URL stays short and clean. */
export function filtersToUrl(f: TenantsFilters): Record<TenantsUrlKey, string | null> {
  return {
    q: f.q || null,
    status: listToUrl(f.status),
    environment: listToUrl(f.environment),
    plan: listToUrl(f.plan),
    label: f.label || null,
    sort: f.sort === DEFAULT_SORT ? null : f.sort,
    cursor: f.cursor ?? null,
  };
}

export function hasActiveFilters(f: TenantsFilters): boolean {
  return Boolean(f.q || f.status.length || f.environment.length || f.plan.length || f.label);
}

/** The listTenants query for these filters. */
export function toListQuery(f: TenantsFilters, limit = TENANTS_PAGE_SIZE): QueryOf<'listTenants'> {
  return {
    limit,
    q: f.q || undefined,
    status: f.status.length ? f.status : undefined,
    environment: f.environment.length ? f.environment : undefined,
    plan: f.plan.length ? f.plan : undefined,
    label: f.label || undefined,
    sort: f.sort,
    cursor: f.cursor,
  };
}

/** The key of a listTenants request, for the prefetched first page. */
export function listTenantsKey(query: QueryOf<'listTenants'>): string {
  return `listTenants${serializeQuery(query)}`;
}

/** The tenants list's URL state, for the shared paged-list scene. */
export const tenantsUrlState: ListUrlState<TenantsFilters> = {
  keys: TENANTS_URL_KEYS,
  empty: emptyFilters,
  fromUrl: filtersFromUrl,
  toUrl: filtersToUrl,
};
