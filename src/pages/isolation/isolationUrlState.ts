import type { SceneObjectUrlValues } from '@grafana/scenes';
import type { QueryOf } from '../../api/client';
import {
  ENVIRONMENTS,
  ISOLATION_CHECKS,
  ISOLATION_VERDICTS,
  type Environment,
  type IsolationCheckId,
  type IsolationVerdict,
} from '../../contract';
import type { ListUrlState } from '../../shared/PagedListScene';
import { hasKey, listOf, listToUrl, optionalValue } from '../../shared/urlState';

const ISOLATION_PAGE_SIZE = 50;

/** What a security admin shares when they share a posture URL. */
export interface IsolationFilters {
  verdict: IsolationVerdict[];
  /** Tenants where any of these checks did not pass. */
  check: IsolationCheckId[];
  environment: Environment[];
  /** Opaque keyset cursor of the page shown; absent on the first page. */
  cursor?: string;
}

export const ISOLATION_URL_KEYS = ['verdict', 'check', 'environment', 'cursor'] as const;
export type IsolationUrlKey = (typeof ISOLATION_URL_KEYS)[number];

export const emptyIsolationFilters = (): IsolationFilters => ({ verdict: [], check: [], environment: [] });

/** Applies the URL keys present in `values` on top of `current` (absent keys keep their value). */
export function isolationFiltersFromUrl(values: SceneObjectUrlValues, current: IsolationFilters): IsolationFilters {
  const next = { ...current };
  const has = (k: IsolationUrlKey) => hasKey(values, k);
  if (has('verdict')) next.verdict = listOf(values.verdict, ISOLATION_VERDICTS);
  if (has('check')) next.check = listOf(values.check, ISOLATION_CHECKS);
  if (has('environment')) next.environment = listOf(values.environment, ENVIRONMENTS);
  if (has('cursor')) next.cursor = optionalValue(values.cursor);
  return next;
}

/** Every key, `null` for empty values so the URL stays clean. */
export function isolationFiltersToUrl(f: IsolationFilters): Record<IsolationUrlKey, string | null> {
  return {
    verdict: listToUrl(f.verdict),
    check: listToUrl(f.check),
    environment: listToUrl(f.environment),
    cursor: f.cursor ?? null,
  };
}

export function hasIsolationFilters(f: IsolationFilters): boolean {
  return f.verdict.length + f.check.length + f.environment.length > 0;
}

/** The posture list's URL state, for the shared paged-list scene. */
export const isolationUrlState: ListUrlState<IsolationFilters> = {
  keys: ISOLATION_URL_KEYS,
  empty: emptyIsolationFilters,
  fromUrl: isolationFiltersFromUrl,
  toUrl: isolationFiltersToUrl,
};

export function toIsolationQuery(f: IsolationFilters, limit = ISOLATION_PAGE_SIZE): QueryOf<'listIsolation'> {
  return {
    limit,
    verdict: f.verdict.length ? f.verdict : undefined,
    check: f.check.length ? f.check : undefined,
    environment: f.environment.length ? f.environment : undefined,
    cursor: f.cursor,
  };
}
