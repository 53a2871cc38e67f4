import { type SceneComponentProps } from '@grafana/scenes';
import { EmptyState, LoadingPlaceholder, Stack } from '@grafana/ui';
import React from 'react';
import { operationsApi, type OperationsApi } from '../../api/operationsApi';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { ListRefreshPicker, PagedListScene, PagerButtons, type PagedListState } from '../../shared/PagedListScene';
import { testIds } from '../../shared/testIds';
import type { JobPage } from '../../contract';
import { JobsTable, JobsToolbar } from './JobsTable';
import { emptyJobsFilters, hasJobsFilters, jobsUrlState, toJobsQuery, type JobsFilters } from './jobsUrlState';

export type JobsListSceneState = PagedListState<JobsFilters, JobPage>;

/** Jobs, active first, then history (the shared paged list): filters and the keyset cursor live in the URL. */
export class JobsListScene extends PagedListScene<JobsFilters, JobPage> {
  static Component = JobsListRenderer;
  private readonly api: OperationsApi;

  constructor(state: Partial<JobsListSceneState> = {}, api: OperationsApi = operationsApi) {
    super({ filters: emptyJobsFilters(), loading: true, ...state }, jobsUrlState);
    this.api = api;
  }

  protected fetchPage(filters: JobsFilters): Promise<JobPage> {
    return this.api.listJobs(toJobsQuery(filters));
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
