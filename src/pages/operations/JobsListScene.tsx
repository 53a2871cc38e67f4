import { type SceneComponentProps } from '@grafana/scenes';
import { EmptyState, LoadingPlaceholder, Stack } from '@grafana/ui';
import React from 'react';
import { operationsApi, type OperationsApi } from '../../api/operationsApi';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { PagedListScene, PagerButtons, type FilterPatch, type PagedListState } from '../../shared/PagedListScene';
import { ListRefreshPicker } from '../../shared/RefreshPicker';
import { testIds } from '../../shared/testIds';
import { entitlementsApi, type EntitlementsApi } from '../../api/entitlementsApi';
import { ENVIRONMENTS, type Environment, type JobPage } from '../../contract';
import { JobsTable, JobsToolbar } from './JobsTable';
import {
  emptyJobsFilters,
  hasJobsFilters,
  jobsUrlState,
  listJobsKey,
  toJobsQuery,
  type JobsFilters,
} from './jobsUrlState';
import { takePrefetched } from '../../shared/prefetch';

export interface JobsListSceneState extends PagedListState<JobsFilters, JobPage> {
  /** Environments the hub's environment filter offers: those the user is entitled to (all until known). */
  environments: Environment[];
}

/**
 * Jobs, active first, then history (the shared paged list): filters and the keyset cursor live in the URL.
 * Its `filters.environment` (URL key `environment`) is also the hub's environment filter, which the hub
 * renders above every section (`HubEnvironmentFilter`) and health and the alert inbox follow.
 */
export class JobsListScene extends PagedListScene<JobsFilters, JobPage, JobsListSceneState> {
  static Component = JobsListRenderer;
  private readonly api: OperationsApi;

  constructor(
    state: Partial<JobsListSceneState> = {},
    api: OperationsApi = operationsApi,
    entitlements: Pick<EntitlementsApi, 'getMine'> = entitlementsApi
  ) {
    super({ filters: emptyJobsFilters(), loading: true, environments: [...ENVIRONMENTS], ...state }, jobsUrlState);
    this.api = api;
    this.addActivationHandler(() => {
      let active = true;
      visibleEnvironments(entitlements).then((environments) => active && this.setState({ environments }));
      return () => {
        active = false;
      };
    });
  }

  /** The jobs toolbar's "Clear filters" leaves the hub's environment filter alone. */
  protected override keptOnClear(): FilterPatch<JobsFilters> {
    return { environment: this.state.filters.environment };
  }

  /** The hub's environment filter changed (back to the first page, into the URL). */
  setEnvironments = (environment: Environment[]) => this.setFilters({ environment });

  protected fetchPage(filters: JobsFilters): Promise<JobPage> {
    const query = toJobsQuery(filters);
    return takePrefetched<JobPage>(listJobsKey(query)) ?? this.api.listJobs(query);
  }
}

/**
 * The environments a filter should offer the signed-in user: `visibleEnvironments` of their
 * entitlements, every environment when they see all tenants (entitlements off, Admin, an "all" rule).
 * A failed lookup offers every environment: the sidecar still answers only what the user may see.
 */
export async function visibleEnvironments(api: Pick<EntitlementsApi, 'getMine'>): Promise<Environment[]> {
  try {
    const mine = await api.getMine();
    return mine.all ? [...ENVIRONMENTS] : ENVIRONMENTS.filter((e) => mine.visibleEnvironments.includes(e));
  } catch {
    return [...ENVIRONMENTS];
  }
}

function JobsListRenderer({ model }: SceneComponentProps<JobsListScene>) {
  const { filters, loading, page, error } = model.useState();
  const items = page?.items ?? [];
  return (
    <Stack direction="column" gap={1}>
      <Stack direction="row" justifyContent="space-between" alignItems="flex-start" gap={2}>
        <JobsToolbar filters={filters} onChange={model.setFilters} onClear={model.clearFilters} />
        <ListRefreshPicker list={model} what="jobs" />
      </Stack>
      {error && <ApiErrorAlert title="Could not load jobs" error={error} onRetry={model.load} />}
      {!error && loading && !page && <LoadingPlaceholder text="Loading jobs…" />}
      {!error && page && items.length === 0 && (
        <div data-testid={testIds.operations.empty}>
          <EmptyState
            variant={hasJobsFilters(filters) ? 'not-found' : 'completed'}
            message={hasJobsFilters(filters) ? 'No jobs match these filters' : 'No jobs yet'}
          />
        </div>
      )}
      {items.length > 0 && <JobsTable items={items} />}
      {!error && (
        <PagerButtons list={model} prevTestId={testIds.operations.prevPage} nextTestId={testIds.operations.nextPage} />
      )}
    </Stack>
  );
}
