import {
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  type SceneComponentProps,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import { Button, EmptyState, LoadingPlaceholder, Stack } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import { operationsApi, type OperationsApi } from '../../api/operationsApi';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { testIds } from '../../shared/testIds';
import type { JobPage } from '../../contract';
import { LatestRequest } from '../../shared/latestRequest';
import { JobsTable, JobsToolbar, type JobsFilterPatch } from './JobsTable';
import {
  emptyJobsFilters,
  hasJobsFilters,
  JOBS_URL_KEYS,
  jobsFiltersFromUrl,
  jobsFiltersToUrl,
  sameJobsFilters,
  toJobsQuery,
  type JobsFilters,
} from './jobsUrlState';

export interface JobsListSceneState extends SceneObjectState {
  filters: JobsFilters;
  loading: boolean;
  page?: JobPage;
  error?: ApiRequestError;
}

/** Jobs, active first, then history: filters and the keyset cursor live in the URL; one bounded page at a time. */
export class JobsListScene extends SceneObjectBase<JobsListSceneState> {
  static Component = JobsListRenderer;
  protected override _urlSync = new SceneObjectUrlSyncConfig(this, { keys: [...JOBS_URL_KEYS] });
  private readonly api: OperationsApi;
  private readonly request = new LatestRequest((patch) => this.setState(patch));

  constructor(state: Partial<JobsListSceneState> = {}, api: OperationsApi = operationsApi) {
    super({ filters: emptyJobsFilters(), loading: true, ...state });
    this.api = api;
    this.addActivationHandler(() => {
      void this.load();
      return this.request.cancel;
    });
  }

  getUrlState(): SceneObjectUrlValues {
    return jobsFiltersToUrl(this.state.filters);
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    const filters = jobsFiltersFromUrl(values, this.state.filters);
    if (!sameJobsFilters(filters, this.state.filters)) {
      this.setState({ filters });
      if (this.isActive) {
        void this.load();
      }
    }
  }

  load = () =>
    this.request.run(
      () => this.api.listJobs(toJobsQuery(this.state.filters)),
      (page) => this.setState({ page, loading: false })
    );

  private navigate(filters: JobsFilters) {
    this._urlSync.performBrowserHistoryAction(() => this.setState({ filters }));
    void this.load();
  }

  setFilters = (patch: JobsFilterPatch) => {
    const next = { ...this.state.filters, ...patch, cursor: undefined };
    if (!sameJobsFilters(next, this.state.filters)) {
      this.navigate(next);
    }
  };

  clearFilters = () => this.setFilters(emptyJobsFilters());

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
}

function JobsListRenderer({ model }: SceneComponentProps<JobsListScene>) {
  const { filters, loading, page, error } = model.useState();
  const items = page?.items ?? [];
  return (
    <Stack direction="column" gap={1}>
      <JobsToolbar filters={filters} onChange={model.setFilters} onClear={model.clearFilters} />
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
      {page && (filters.cursor || page.nextCursor) && (
        <Stack direction="row" gap={1}>
          <Button
            size="sm"
            variant="secondary"
            icon="angle-left"
            disabled={!filters.cursor}
            onClick={model.prevPage}
            data-testid={testIds.operations.prevPage}
          >
            Previous
          </Button>
          <Button
            size="sm"
            variant="secondary"
            icon="angle-right"
            disabled={!page.nextCursor}
            onClick={model.nextPage}
            data-testid={testIds.operations.nextPage}
          >
            Next
          </Button>
        </Stack>
      )}
    </Stack>
  );
}
