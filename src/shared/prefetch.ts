import type { SceneObjectUrlValues } from '@grafana/scenes';
import type { Action } from '../contract';
import type { ListUrlState, PagedListFilters } from './PagedListScene';
import { can } from './permissions';

/**
 * The first request of the page the browser opened, started as soon as the page's chunk has loaded
 * (the app root preloads it), so it runs while the app renders instead of after. The page takes it
 * once, for the same request and within a few seconds; otherwise it asks the sidecar itself.
 */
const FRESH_MS = 5_000;
const pending = new Map<string, { at: number; answer: Promise<unknown> }>();

export function prefetch(key: string, request: () => Promise<unknown>, now = Date.now()): void {
  const answer = request();
  // Whoever takes it handles a failure; one nobody takes must not be an unhandled rejection.
  answer.catch(() => undefined);
  pending.set(key, { at: now, answer });
}

/** The prefetched answer for `key` (once), or undefined: none, already taken, or too old. */
export function takePrefetched<T>(key: string, now = Date.now()): Promise<T> | undefined {
  const hit = pending.get(key);
  pending.delete(key);
  return hit && now - hit.at <= FRESH_MS ? (hit.answer as Promise<T>) : undefined;
}

/** The URL values of `keys` in a search string, as Scenes hands them to `updateFromUrl` (first value). */
export function urlValues(search: string, keys: readonly string[]): SceneObjectUrlValues {
  const params = new URLSearchParams(search);
  return Object.fromEntries(keys.filter((k) => params.has(k)).map((k) => [k, params.get(k)]));
}

/** A list page's first request, as its URL describes it. */
export interface ListFirstRequest<F extends PagedListFilters, Q> {
  /** Nothing is requested without it (the page shows why). */
  action: Action;
  urlState: ListUrlState<F>;
  toQuery(filters: F): Q;
  key(query: Q): string;
  request(query: Q): Promise<unknown>;
}

/** Prefetches the first page the URL's `search` asks for (the list takes it on activation). */
export function prefetchListFromUrl<F extends PagedListFilters, Q>(search: string, list: ListFirstRequest<F, Q>): void {
  if (!can(list.action)) {
    return;
  }
  const filters = list.urlState.fromUrl(urlValues(search, list.urlState.keys), list.urlState.empty());
  const query = list.toQuery(filters);
  prefetch(list.key(query), () => list.request(query));
}
