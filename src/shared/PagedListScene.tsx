import {
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import { Button, Stack } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../api/ApiRequestError';
import { LatestRequest } from './latestRequest';
import { LiveRefresh, refreshFromUrl, refreshToUrl, type RefreshInterval, type Visibility } from './liveRefresh';
import { RefreshPicker } from './RefreshPicker';
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

export interface PagedListState<F extends PagedListFilters, P extends CursorPage> extends SceneObjectState {
  filters: F;
  loading: boolean;
  page?: P;
  error?: ApiRequestError;
  /** How often the list refreshes itself (in the URL under the list's refresh key). */
  refresh?: RefreshInterval;
  /** Background refreshes that failed in a row (the list backs off meanwhile). */
  refreshFailures?: number;
}

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

/**
 * The one paged-list scene: filters, sort and cursor live in the URL (shareable, back/forward
 * work); one bounded page at a time from the sidecar; only the latest request's answer is applied
 * and the one in flight is dropped on deactivate. Lists (tenants, jobs, isolation posture) extend
 * it with `fetchPage` and their renderer; `PagerButtons` is its Previous/Next pair.
 */
export abstract class PagedListScene<
  F extends PagedListFilters,
  P extends CursorPage,
  S extends PagedListState<F, P> = PagedListState<F, P>,
> extends SceneObjectBase<S> {
  protected override _urlSync: SceneObjectUrlSyncConfig;
  private readonly request = new LatestRequest((patch) => this.setState(patch as Partial<S>));
  private readonly refreshKey: string;
  private readonly refreshDefault: RefreshInterval;
  private readonly live: LiveRefresh;

  constructor(
    state: S,
    private readonly urlState: ListUrlState<F>,
    live: LiveListOptions = {}
  ) {
    super({ refresh: live.default ?? 'off', refreshFailures: 0, ...state });
    this.refreshKey = live.key ?? 'refresh';
    this.refreshDefault = live.default ?? 'off';
    this.live = new LiveRefresh({
      interval: () => this.state.refresh ?? 'off',
      refresh: this.refreshInBackground,
      visibility: live.visibility,
    });
    this._urlSync = new SceneObjectUrlSyncConfig(this, { keys: [...urlState.keys, this.refreshKey] });
    this.addActivationHandler(() => {
      void this.load();
      const stop = this.live.start();
      return () => {
        stop();
        this.request.cancel();
      };
    });
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

  /** State to reset when the filters or the page change (e.g. a selection). */
  protected onNavigate(): Partial<S> {
    return {};
  }

  getUrlState(): SceneObjectUrlValues {
    return {
      ...this.urlState.toUrl(this.state.filters),
      [this.refreshKey]: refreshToUrl(this.state.refresh ?? 'off', this.refreshDefault),
    };
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    if (this.refreshKey in values) {
      const refresh = refreshFromUrl(values[this.refreshKey], this.refreshDefault);
      if (refresh !== this.state.refresh) {
        this.setState({ refresh, refreshFailures: 0 } as Partial<S>);
        this.live.reschedule();
      }
    }
    const filters = this.urlState.fromUrl(values, this.state.filters);
    if (this.same(filters, this.state.filters)) {
      return;
    }
    this.setState({ filters, ...this.onNavigate() } as Partial<S>);
    if (this.isActive) {
      void this.load();
    }
  }

  /** Fetches the page for the current filters. */
  load = () =>
    this.request.run(
      () => this.fetchPage(this.state.filters),
      (page) => this.setState({ page, loading: false, ...this.withPage(page) } as Partial<S>)
    );

  /** The user picked another interval: into the URL, and the countdown starts again. */
  setRefresh = (refresh: RefreshInterval) => {
    if (refresh === this.state.refresh) return;
    this._urlSync.performBrowserHistoryAction(() => this.setState({ refresh, refreshFailures: 0 } as Partial<S>));
    this.live.reschedule();
  };

  /**
   * One background refresh of the page shown: rows and selection stay until the new page arrives
   * (no loading state, no flicker); a failure keeps the page and counts towards the back-off.
   * Skipped while a load the user asked for is in flight.
   */
  refreshInBackground = async (): Promise<boolean> => {
    if (this.state.loading) return true;
    const failed = await this.request.quiet(
      () => this.fetchPage(this.state.filters),
      (page) => this.setState({ page, error: undefined, refreshFailures: 0, ...this.withPage(page) } as Partial<S>)
    );
    if (failed) this.setState({ refreshFailures: (this.state.refreshFailures ?? 0) + 1 } as Partial<S>);
    return !failed;
  };

  setFilters = (patch: FilterPatch<F>) => {
    const next = { ...this.state.filters, ...patch, cursor: undefined };
    if (!this.same(next, this.state.filters)) {
      this.navigate(next);
    }
  };

  /** Back to no filters (the sort, if any, stays). */
  clearFilters = () => {
    const { cursor: _cursor, ...empty } = this.urlState.empty();
    this.setFilters({ ...empty, ...this.keptOnClear() } as FilterPatch<F>);
  };

  /** Filter fields `clearFilters` keeps (e.g. the sort). */
  protected keptOnClear(): FilterPatch<F> {
    return {};
  }

  nextPage = () => {
    const cursor = this.state.page?.nextCursor;
    if (cursor) {
      this.navigate({ ...this.state.filters, cursor });
    }
  };

  prevPage = () => {
    if (this.state.filters.cursor) {
      this.navigate({ ...this.state.filters, cursor: this.state.page?.prevCursor ?? undefined });
    }
  };

  private navigate(filters: F) {
    this._urlSync.performBrowserHistoryAction(() => this.setState({ filters, ...this.onNavigate() } as Partial<S>));
    void this.load();
  }

  private same(a: F, b: F): boolean {
    return sameUrlState(this.urlState.toUrl, a, b);
  }
}

/** What the refresh picker needs of a live list. */
export interface LiveList {
  useState(): { refresh?: RefreshInterval; refreshFailures?: number };
  setRefresh(refresh: RefreshInterval): void;
}

/** The refresh picker of a live paged list (the interval lives in the page URL). */
export function ListRefreshPicker({ list, what }: { list: LiveList; what: string }) {
  const { refresh, refreshFailures } = list.useState();
  return <RefreshPicker value={refresh ?? 'off'} onChange={list.setRefresh} failures={refreshFailures} what={what} />;
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
