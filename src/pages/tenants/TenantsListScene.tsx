import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { type SceneComponentProps } from '@grafana/scenes';
import { locationService } from '@grafana/runtime';
import { Button, EmptyState, LoadingPlaceholder, Stack, useStyles2 } from '@grafana/ui';
import React from 'react';
import { switchyardApi, type SwitchyardApi } from '../../api/switchyardApi';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { testIds } from '../../shared/testIds';
import { Actions, type TenantPage, type TenantStatus } from '../../contract';
import { PermissionButton } from '../../shared/PermissionButton';
import { tenantNewUrl } from '../../shared/routing';
import { EventTenantsChanged } from '../../shared/events';
import { PagedListScene, PagerButtons, type FilterPatch, type PagedListState } from '../../shared/PagedListScene';
import { ListRefreshPicker } from '../../shared/RefreshPicker';
import { StatusChangeScene } from '../../shared/StatusChangeScene';
import { takePrefetched } from '../../shared/prefetch';
import { BulkBar } from './BulkBar';
import { TenantsTable } from './TenantsTable';
import { TenantsToolbar } from './TenantsToolbar';
import {
  emptyFilters,
  hasActiveFilters,
  listTenantsKey,
  tenantsUrlState,
  toListQuery,
  type TenantsFilters,
} from './tenantsUrlState';

export interface TenantsListSceneState extends PagedListState<TenantsFilters, TenantPage> {
  /** Ids selected for a bulk change, on the page shown. */
  selected: string[];
  statusChange: StatusChangeScene;
}

/** Filter fields edited from the toolbar; changing any of them returns to the first page. */
export type TenantsFilterPatch = FilterPatch<TenantsFilters>;

/**
 * The tenants list (the shared paged list): filters, sort and cursor live in the URL (shareable);
 * rows come from the sidecar through the api client, one page at a time; stale responses are dropped.
 */
export class TenantsListScene extends PagedListScene<TenantsFilters, TenantPage, TenantsListSceneState> {
  static Component = TenantsListRenderer;
  private readonly api: SwitchyardApi;

  constructor(state: Partial<TenantsListSceneState> = {}, api: SwitchyardApi = switchyardApi) {
    super(
      {
        filters: emptyFilters(),
        loading: true,
        selected: [],
        statusChange: new StatusChangeScene({}, api),
        ...state,
      },
      tenantsUrlState
    );
    this.api = api;
    this.addActivationHandler(() => {
      const sub = this.subscribeToEvent(EventTenantsChanged, () => this.load());
      return () => sub.unsubscribe();
    });
  }

  protected fetchPage(filters: TenantsFilters): Promise<TenantPage> {
    const query = toListQuery(filters);
    return takePrefetched<TenantPage>(listTenantsKey(query)) ?? this.api.listTenants(query);
  }

  /** The selection keeps only rows still shown. */
  protected override withPage(page: TenantPage): Partial<TenantsListSceneState> {
    const visible = new Set(page.items.map((t) => t.id));
    return { selected: this.state.selected.filter((id) => visible.has(id)) };
  }

  protected override onNavigate(): Partial<TenantsListSceneState> {
    return { selected: [] };
  }

  protected override keptOnClear(): TenantsFilterPatch {
    return { sort: this.state.filters.sort };
  }

  /** Clicking the sorted column flips the direction; another column sorts ascending. */
  toggleSort = (field: string) => {
    const current = this.state.filters.sort;
    this.setFilters({ sort: current === field ? `-${field}` : field });
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
      <Stack direction="row" justifyContent="space-between" alignItems="flex-start" gap={2}>
        <TenantsToolbar filters={filters} onChange={model.setFilters} onClear={model.clearFilters} />
        <Stack direction="row" gap={2} alignItems="center">
          <ListRefreshPicker list={model} what="tenants" />
          <PermissionButton
            action={Actions.tenantsWrite}
            icon="plus"
            onClick={() => locationService.push(tenantNewUrl())}
            data-testid={testIds.tenantForm.createLink}
          >
            New tenant
          </PermissionButton>
        </Stack>
      </Stack>
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
      {!error && (
        <PagerButtons list={model} prevTestId={testIds.tenants.prevPage} nextTestId={testIds.tenants.nextPage} />
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2), width: '100%' }),
});
