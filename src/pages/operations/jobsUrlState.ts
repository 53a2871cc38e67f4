import type { SceneObjectUrlValues } from '@grafana/scenes';
import type { QueryOf } from '../../api/client';
import { serializeQuery } from '../../api/serializeQuery';
import {
  ENVIRONMENTS,
  JOB_STATUSES,
  JOB_TYPES,
  TENANT_ID_PATTERN,
  type Environment,
  type JobStatus,
  type JobType,
} from '../../contract';
import type { ListUrlState } from '../../shared/PagedListScene';
import { firstValue, hasKey, listOf, listToUrl, optionalValue } from '../../shared/urlState';

/** What a user shares when they share an operations hub URL. */
export interface JobsFilters {
  environment: Environment[];
  type: JobType[];
  status: JobStatus[];
  tenant: string;
  /** Opaque keyset cursor of the page shown; absent on the first page. */
  cursor?: string;
}

export const JOBS_URL_KEYS = ['environment', 'type', 'status', 'tenant', 'cursor'] as const;
export type JobsUrlKey = (typeof JOBS_URL_KEYS)[number];
const JOBS_PAGE_SIZE = 50;

export const emptyJobsFilters = (): JobsFilters => ({ environment: [], type: [], status: [], tenant: '' });

/** Applies the URL keys present in `values` on top of `current` (absent keys keep their value; null clears). */
export function jobsFiltersFromUrl(values: SceneObjectUrlValues, current: JobsFilters): JobsFilters {
  const next = { ...current };
  const has = (k: JobsUrlKey) => hasKey(values, k);
  if (has('environment')) {
    next.environment = listOf(values.environment, ENVIRONMENTS);
  }
  if (has('type')) {
    next.type = listOf(values.type, JOB_TYPES);
  }
  if (has('status')) {
    next.status = listOf(values.status, JOB_STATUSES);
  }
  if (has('tenant')) {
    const t = firstValue(values.tenant);
    next.tenant = TENANT_ID_PATTERN.test(t) ? t : '';
  }
  if (has('cursor')) {
    next.cursor = optionalValue(values.cursor);
  }
  return next;
}

/** Every key, with `null` for defaults so the URL stays short. */
export function jobsFiltersToUrl(f: JobsFilters): Record<JobsUrlKey, string | null> {
  return {
    environment: listToUrl(f.environment),
    type: listToUrl(f.type),
    status: listToUrl(f.status),
    tenant: f.tenant || null,
    cursor: f.cursor ?? null,
  };
}

export function hasJobsFilters(f: JobsFilters): boolean {
  return Boolean(f.environment.length || hasJobsToolbarFilters(f));
}

/** The filters of the jobs toolbar (type, status, tenant); the environment is the hub's filter. */
export function hasJobsToolbarFilters(f: JobsFilters): boolean {
  return Boolean(f.type.length || f.status.length || f.tenant);
}

/** The jobs list's URL state, for the shared paged-list scene. */
export const jobsUrlState: ListUrlState<JobsFilters> = {
  keys: JOBS_URL_KEYS,
  empty: emptyJobsFilters,
  fromUrl: jobsFiltersFromUrl,
  toUrl: jobsFiltersToUrl,
};

/** The bounded listJobs query for these filters (the sidecar lists active jobs first). */
export function toJobsQuery(f: JobsFilters, limit = JOBS_PAGE_SIZE): QueryOf<'listJobs'> {
  return {
    limit,
    environment: f.environment.length ? f.environment : undefined,
    type: f.type.length ? f.type : undefined,
    status: f.status.length ? f.status : undefined,
    tenant: f.tenant || undefined,
    cursor: f.cursor,
  };
}

/** The key of a listJobs request, for the prefetched first page. */
export function listJobsKey(query: QueryOf<'listJobs'>): string {
  return `listJobs${serializeQuery(query)}`;
}
