import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import {
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  type SceneComponentProps,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import { Button, EmptyState, LoadingPlaceholder, Stack, useStyles2 } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import { switchyardApi, type SwitchyardApi } from '../../api/switchyardApi';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { testIds } from '../../shared/testIds';
import type { TenantPage, TenantStatus } from '../../contract';
import { EventTenantsChanged } from '../../shared/events';
import { LatestRequest } from '../../shared/latestRequest';
import { StatusChangeScene } from '../../shared/StatusChangeScene';
import { BulkBar } from './BulkBar';
import { TenantsTable } from './TenantsTable';
import { TenantsToolbar } from './TenantsToolbar';
import {
  emptyFilters,
  filtersFromUrl,
  filtersToUrl,
  hasActiveFilters,
  sameFilters,
  TENANTS_URL_KEYS,
  toListQuery,
  type TenantsFilters,
} from './tenantsUrlState';

export interface TenantsListSceneState extends SceneObjectState {
  filters: TenantsFilters;
  loading: boolean;
  page?: TenantPage;
  error?: ApiRequestError;
  /** Ids selected for a bulk change, on the page shown. */
  selected: string[];
  statusChange: StatusChangeScene;
}

/** Filter fields edited from the toolbar; changing any of them returns to the first page. */
export type FilterPatch = Partial<Omit<TenantsFilters, 'cursor'>>;

/**
 * The tenants list: filters, sort and cursor live in the URL (shareable); rows come from the
 * sidecar through the api client, one page at a time; stale responses are dropped.
 */
export class TenantsListScene extends SceneObjectBase<TenantsListSceneState> {
  static Component = TenantsListRenderer;
  protected override _urlSync = new SceneObjectUrlSyncConfig(this, { keys: [...TENANTS_URL_KEYS] });
  private readonly api: SwitchyardApi;
  private readonly request = new LatestRequest((patch) => this.setState(patch));

  constructor(state: Partial<TenantsListSceneState> = {}, api: SwitchyardApi = switchyardApi) {
    super({
      filters: emptyFilters(),
      loading: true,
      selected: [],
      statusChange: new StatusChangeScene({}, api),
      ...state,
    });
    this.api = api;
    this.addActivationHandler(() => this.onActivate());
  }

  private onActivate() {
    const sub = this.subscribeToEvent(EventTenantsChanged, () => this.load());
    this.load();
    return () => {
      sub.unsubscribe();
      this.request.cancel();
    };
  }

  getUrlState(): SceneObjectUrlValues {
    return filtersToUrl(this.state.filters);
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    const filters = filtersFromUrl(values, this.state.filters);
    if (sameFilters(filters, this.state.filters)) {
      return;
    }
    this.setState({ filters, selected: [] });
    if (this.isActive) {
      this.load();
    }
  }

  /** Fetches the page for the current filters; only the latest request's answer is applied. */
  load = () =>
    this.request.run(
      () => this.api.listTenants(toListQuery(this.state.filters)),
      (page) => {
        const visible = new Set(page.items.map((t) => t.id));
        this.setState({ page, loading: false, selected: this.state.selected.filter((id) => visible.has(id)) });
      }
    );

  private navigate(filters: TenantsFilters) {
    this._urlSync.performBrowserHistoryAction(() => this.setState({ filters, selected: [] }));
    this.load();
  }

  setFilters = (patch: FilterPatch) => {
    const next = { ...this.state.filters, ...patch, cursor: undefined };
    if (!sameFilters(next, this.state.filters)) {
      this.navigate(next);
    }
  };

  clearFilters = () => {
    this.setFilters({ ...emptyFilters(), sort: this.state.filters.sort });
  };

  /** Clicking the sorted column flips the direction; another column sorts ascending. */
  toggleSort = (field: string) => {
    const current = this.state.filters.sort;
    this.setFilters({ sort: current === field ? `-${field}` : field });
  };

  nextPage = () => {
    const cursor = this.state.page?.nextCursor;
    if (cursor) {
      this.navigate({ ...this.state.filters, cursor });
    }
  };

  prevPage = () => {
    if (this.state.filters.cursor) {
      // A null prevCursor means the previous page is the first one.
      this.navigate({ ...this.state.filters, cursor: this.state.page?.prevCursor ?? undefined });
    }
  };

  toggleSelected = (id: string) => {
    const selected = this.state.selected;
    this.setState({ selected: selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id] });
  };

  toggleSelectAll = () => {
    const ids = this.state.page?.items.map((t) => t.id) ?? [];
    const all = ids.length > 0 && ids.every((id) => this.state.selected.includes(id));
    this.setState({ selected: all ? [] : ids });
  };

  changeStatus = (ids: string[], to: TenantStatus) => {
    this.state.statusChange.open({ ids, to, bulk: ids.length > 1 });
  };

  bulkChangeStatus = (to: TenantStatus) => {
    if (this.state.selected.length > 0) {
      this.state.statusChange.open({ ids: [...this.state.selected], to, bulk: true });
    }
  };
}

function TenantsListRenderer({ model }: SceneComponentProps<TenantsListScene>) {
  const styles = useStyles2(getStyles);
  const { filters, loading, page, error, selected, statusChange } = model.useState();
  const items = page?.items ?? [];
  const filtered = hasActiveFilters(filters);

  return (
    <div className={styles.container} data-testid={testIds.tenants.list}>
      <TenantsToolbar filters={filters} onChange={model.setFilters} onClear={model.clearFilters} />
      <statusChange.Component model={statusChange} />
      {selected.length > 0 && <BulkBar count={selected.length} onChangeStatus={model.bulkChangeStatus} />}
      {error && <ApiErrorAlert title="Could not load tenants" error={error} onRetry={model.load} />}
      {!error && loading && !page && (
        <LoadingPlaceholder text="Loading tenants…" data-testid={testIds.tenants.loading} />
      )}
      {!error && page && items.length === 0 && (
        <div data-testid={testIds.tenants.empty}>
          <EmptyState
            variant={filtered ? 'not-found' : 'call-to-action'}
            message={filtered ? 'No tenants match these filters' : 'No tenants yet'}
            button={
              filtered ? (
                <Button
                  variant="secondary"
                  icon="times"
                  onClick={model.clearFilters}
                  data-testid={testIds.tenants.clearFilters}
                >
                  Clear filters
                </Button>
              ) : undefined
            }
          />
        </div>
      )}
      {!error && items.length > 0 && (
        <TenantsTable
          items={items}
          sort={filters.sort}
          selected={selected}
          busy={loading}
          onToggleSort={model.toggleSort}
          onToggleSelected={model.toggleSelected}
          onToggleSelectAll={model.toggleSelectAll}
          onChangeStatus={model.changeStatus}
        />
      )}
      {!error && page && (
        <Stack direction="row" justifyContent="flex-end" gap={1}>
          <Button
            variant="secondary"
            size="sm"
            icon="angle-left"
            disabled={!filters.cursor || loading}
            onClick={model.prevPage}
            data-testid={testIds.tenants.prevPage}
          >
            Previous
          </Button>
          <Button
            variant="secondary"
            size="sm"
            disabled={!page.nextCursor || loading}
            onClick={model.nextPage}
            data-testid={testIds.tenants.nextPage}
          >
            Next
          </Button>
        </Stack>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2), width: '100%' }),
});
