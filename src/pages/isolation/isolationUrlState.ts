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

export const ISOLATION_PAGE_SIZE = 50;

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

function first(value: SceneObjectUrlValues[string]): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** A comma list from the URL, keeping only values the contract knows, in the contract's order. */
function oneOf<T extends string>(value: SceneObjectUrlValues[string], allowed: readonly T[]): T[] {
  const items = first(value)
    .split(',')
    .map((s) => s.trim());
  return allowed.filter((a) => items.includes(a));
}

/** Applies the URL keys present in `values` on top of `current` (absent keys keep their value). */
export function isolationFiltersFromUrl(values: SceneObjectUrlValues, current: IsolationFilters): IsolationFilters {
  const next = { ...current };
  const has = (k: IsolationUrlKey) => Object.prototype.hasOwnProperty.call(values, k);
  if (has('verdict')) next.verdict = oneOf(values.verdict, ISOLATION_VERDICTS);
  if (has('check')) next.check = oneOf(values.check, ISOLATION_CHECKS);
  if (has('environment')) next.environment = oneOf(values.environment, ENVIRONMENTS);
  if (has('cursor')) next.cursor = first(values.cursor) || undefined;
  return next;
}

/** Every key, `null` for empty values so the URL stays clean. */
export function isolationFiltersToUrl(f: IsolationFilters): Record<IsolationUrlKey, string | null> {
  const list = (v: string[]) => (v.length > 0 ? v.join(',') : null);
  return { verdict: list(f.verdict), check: list(f.check), environment: list(f.environment), cursor: f.cursor ?? null };
}

export function hasIsolationFilters(f: IsolationFilters): boolean {
  return f.verdict.length + f.check.length + f.environment.length > 0;
}

export function sameIsolationFilters(a: IsolationFilters, b: IsolationFilters): boolean {
  return JSON.stringify(isolationFiltersToUrl(a)) === JSON.stringify(isolationFiltersToUrl(b));
}

export function toIsolationQuery(f: IsolationFilters, limit = ISOLATION_PAGE_SIZE): QueryOf<'listIsolation'> {
  return {
    limit,
    verdict: f.verdict.length ? f.verdict : undefined,
    check: f.check.length ? f.check : undefined,
    environment: f.environment.length ? f.environment : undefined,
    cursor: f.cursor,
  };
}
