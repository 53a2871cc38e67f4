import type { SceneObjectUrlValues } from '@grafana/scenes';
import { Button, Stack } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../api/ApiRequestError';
import { LiveScene, type LiveSceneState, type SceneUrlState } from './LiveScene';
import type { RefreshInterval, Visibility } from './liveRefresh';
import { sameUrlState } from './urlState';

/** A list's shareable state: its filters and sort, and the keyset cursor of the page shown (absent on the first). */
export interface PagedListFilters {
  cursor?: string;
}

/** One page of a keyset-paginated list as the sidecar returns it. */
export interface CursorPage {
  nextCursor: string | null;
  /** Null means the previous page is the first one. */
  prevCursor?: string | null;
}

/** `refresh` (how often the list refreshes itself, in the URL under the list's refresh key) and `refreshFailures` come from the live scene. */
export interface PagedListState<F extends PagedListFilters, P extends CursorPage> extends LiveSceneState {
  filters: F;
  loading: boolean;
  page?: P;
  error?: ApiRequestError;
}

/** What a list hands in: its state, where the refresh interval and its failure count start at their defaults. */
export type PagedListInit<S extends LiveSceneState> = Omit<S, keyof LiveSceneState> & Partial<LiveSceneState>;

/** A live list: the URL key of its refresh interval and the interval when the URL has none. */
export interface LiveListOptions {
  key?: string;
  default?: RefreshInterval;
  visibility?: Visibility;
}

/** How a list's filters live in the URL (see `urlState.ts` for the readers). */
export interface ListUrlState<F extends PagedListFilters> {
  keys: readonly string[];
  empty(): F;
  /** Applies the keys present in `values` on top of `current` (absent keys keep their value; null clears). */
  fromUrl(values: SceneObjectUrlValues, current: F): F;
  /** Every key, `null` for defaults so the URL stays short. */
  toUrl(filters: F): SceneObjectUrlValues;
}

/** Filter fields a toolbar edits; changing any of them returns to the first page. */
export type FilterPatch<F extends PagedListFilters> = Partial<Omit<F, 'cursor'>>;

/** The part of a list's state in the URL (beside its refresh interval): the filters. */
interface ListFiltersState<F extends PagedListFilters> {
  filters: F;
}

/** A list's filters as the live scene's URL state. */
function filtersInUrl<F extends PagedListFilters>(urlState: ListUrlState<F>): SceneUrlState<ListFiltersState<F>> {
  return {
    keys: urlState.keys,
    fromUrl: (values, current) => ({ filters: urlState.fromUrl(values, current.filters) }),
    toUrl: (state) => urlState.toUrl(state.filters),
  };
}

/**
 * The one paged-list scene, a live scene (refresh interval in the URL, paused while the tab is
 * hidden, backing off on errors, only the latest answer applied and the one in flight dropped on
 * deactivate): filters, sort and cursor live in the URL (shareable, back/forward work); one bounded
 * page at a time from the sidecar. Lists (tenants, jobs, isolation posture) extend it with
 * `fetchPage` and their renderer; `PagerButtons` is its Previous/Next pair.
 */
export abstract class PagedListScene<
  F extends PagedListFilters,
  P extends CursorPage,
  S extends PagedListState<F, P> = PagedListState<F, P>,
> extends LiveScene<S, ListFiltersState<F>> {
  constructor(
    state: PagedListInit<S>,
    private readonly filtersUrl: ListUrlState<F>,
    live: LiveListOptions = {}
  ) {
    const refreshDefault = live.default ?? 'off';
    super(
      { refresh: refreshDefault, refreshFailures: 0, ...state } as S,
      live.key ?? 'refresh',
      refreshDefault,
      filtersInUrl(filtersUrl),
      live.visibility
    );
  }

  /** Resolves once the list is not loading (its first page, or the error, is shown). */
  settled(): Promise<void> {
    if (!this.state.loading) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const sub = this.subscribeToState((s) => {
        if (!s.loading) {
          sub.unsubscribe();
          resolve();
        }
      });
    });
  }

  /** The page for these filters, from the sidecar. */
  protected abstract fetchPage(filters: F): Promise<P>;

  /** State to set with a loaded page, besides the page itself (e.g. a selection kept to visible rows). */
  protected withPage(_page: P): Partial<S> {
    return {};
  }

  /** Fetches the page for the current filters (loading meanwhile, the page shown stays). */
  load = (): Promise<boolean> => {
    this.setState({ loading: true, error: undefined } as Partial<S>);
    return this.loadLatest(
      () => this.fetchPage(this.state.filters),
      (page) => ({ page, loading: false, ...this.withPage(page) }) as Partial<S>,
      (error) => ({ loading: false, error }) as Partial<S>
    );
  };

  /**
   * One background refresh of the page shown: rows and selection stay until the new page arrives
   * (no loading state, no flicker); a failure keeps the page and counts towards the back-off.
   * Skipped while a load the user asked for is in flight.
   */
  override async refreshInBackground(): Promise<boolean> {
    if (this.state.loading) return true;
    return this.loadLatest(
      () => this.fetchPage(this.state.filters),
      (page) => ({ page, error: undefined, ...this.withPage(page) }) as Partial<S>,
      () => ({}) as Partial<S>
    );
  }

  setFilters = (patch: FilterPatch<F>) => {
    const next = { ...this.state.filters, ...patch, cursor: undefined };
    if (!this.same(next, this.state.filters)) {
      this.showPage(next);
    }
  };

  /** Back to no filters (the sort, if any, stays). */
  clearFilters = () => {
    const { cursor: _cursor, ...empty } = this.filtersUrl.empty();
    this.setFilters({ ...empty, ...this.keptOnClear() } as FilterPatch<F>);
  };

  /** Filter fields `clearFilters` keeps (e.g. the sort). */
  protected keptOnClear(): FilterPatch<F> {
    return {};
  }

  nextPage = () => {
    const cursor = this.state.page?.nextCursor;
    if (cursor) {
      this.showPage({ ...this.state.filters, cursor });
    }
  };

  prevPage = () => {
    if (this.state.filters.cursor) {
      this.showPage({ ...this.state.filters, cursor: this.state.page?.prevCursor ?? undefined });
    }
  };

  /** The user changed the filters or the page: into the URL as one history entry, then loaded. */
  private showPage(filters: F) {
    this.navigate({ filters });
    void this.load();
  }

  private same(a: F, b: F): boolean {
    return sameUrlState(this.filtersUrl.toUrl, a, b);
  }
}

/** What the pager needs of a paged list. */
export interface Pager {
  useState(): PagedListState<PagedListFilters, CursorPage>;
  prevPage(): void;
  nextPage(): void;
}

export interface PagerButtonsProps {
  list: Pager;
  prevTestId: string;
  nextTestId: string;
}

/** Previous / Next of a paged list: both disabled while a page loads, Previous on the first page, Next on the last. */
export function PagerButtons({ list, prevTestId, nextTestId }: PagerButtonsProps) {
  const { filters, page, loading } = list.useState();
  if (!page) {
    return null;
  }
  return (
    <Stack direction="row" justifyContent="flex-end" gap={1}>
      <Button
        variant="secondary"
        size="sm"
        icon="angle-left"
        disabled={!filters.cursor || loading}
        onClick={list.prevPage}
        data-testid={prevTestId}
      >
        Previous
      </Button>
      <Button
        variant="secondary"
        size="sm"
        icon="angle-right"
        disabled={!page.nextCursor || loading}
        onClick={list.nextPage}
        data-testid={nextTestId}
      >
        Next
      </Button>
    </Stack>
  );
}
