import type { SceneObjectUrlValues } from '@grafana/scenes';
import type { QueryOf } from '../../api/client';
import {
  ENVIRONMENTS,
  JOB_STATUSES,
  JOB_TYPES,
  TENANT_ID_PATTERN,
  type Environment,
  type JobStatus,
  type JobType,
} from '../../contract';

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
export const JOBS_PAGE_SIZE = 50;

export const emptyJobsFilters = (): JobsFilters => ({ environment: [], type: [], status: [], tenant: '' });

function first(value: SceneObjectUrlValues[string]): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** A comma list from the URL, keeping only values the contract knows (a hand-edited URL cannot break the page). */
function oneOf<T extends string>(value: SceneObjectUrlValues[string], allowed: readonly T[]): T[] {
  const items = first(value)
    .split(',')
    .map((s) => s.trim());
  return allowed.filter((a) => items.includes(a));
}

/** Applies the URL keys present in `values` on top of `current` (absent keys keep their value; null clears). */
export function jobsFiltersFromUrl(values: SceneObjectUrlValues, current: JobsFilters): JobsFilters {
  const next = { ...current };
  const has = (k: JobsUrlKey) => Object.prototype.hasOwnProperty.call(values, k);
  if (has('environment')) {
    next.environment = oneOf(values.environment, ENVIRONMENTS);
  }
  if (has('type')) {
    next.type = oneOf(values.type, JOB_TYPES);
  }
  if (has('status')) {
    next.status = oneOf(values.status, JOB_STATUSES);
  }
  if (has('tenant')) {
    const t = first(values.tenant);
    next.tenant = TENANT_ID_PATTERN.test(t) ? t : '';
  }
  if (has('cursor')) {
    next.cursor = first(values.cursor) || undefined;
  }
  return next;
}

/** Every key, with `null` for defaults so the URL stays short. */
export function jobsFiltersToUrl(f: JobsFilters): Record<JobsUrlKey, string | null> {
  const list = (v: string[]) => (v.length > 0 ? v.join(',') : null);
  return {
    environment: list(f.environment),
    type: list(f.type),
    status: list(f.status),
    tenant: f.tenant || null,
    cursor: f.cursor ?? null,
  };
}

export function hasJobsFilters(f: JobsFilters): boolean {
  return Boolean(f.environment.length || f.type.length || f.status.length || f.tenant);
}

export function sameJobsFilters(a: JobsFilters, b: JobsFilters): boolean {
  return JSON.stringify(jobsFiltersToUrl(a)) === JSON.stringify(jobsFiltersToUrl(b));
}

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
