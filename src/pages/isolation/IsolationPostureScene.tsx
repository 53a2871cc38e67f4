import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import {
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  type SceneComponentProps,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import { Alert, Button, EmptyState, LoadingPlaceholder, Stack, useStyles2 } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import { isolationApi, type IsolationApi } from '../../api/isolationApi';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { testIds } from '../../shared/testIds';
import type { IsolationPage, IsolationVerdict } from '../../contract';
import { EventIsolationProbed } from '../../shared/events';
import { IsolationProbeScene } from '../../shared/IsolationProbeScene';
import { LatestRequest } from '../../shared/latestRequest';
import {
  emptyIsolationFilters,
  hasIsolationFilters,
  ISOLATION_URL_KEYS,
  isolationFiltersFromUrl,
  isolationFiltersToUrl,
  sameIsolationFilters,
  toIsolationQuery,
  type IsolationFilters,
} from './isolationUrlState';
import { PostureTable } from './PostureTable';
import { PostureToolbar } from './PostureToolbar';

export interface IsolationPostureSceneState extends SceneObjectState {
  filters: IsolationFilters;
  loading: boolean;
  page?: IsolationPage;
  error?: ApiRequestError;
  probe: IsolationProbeScene;
}

export type IsolationFilterPatch = Partial<Omit<IsolationFilters, 'cursor'>>;

/**
 * Fleet isolation posture: counts by verdict, violations first, filters and cursor in the URL,
 * a re-probe per tenant. Observational: it only reads verdicts the sidecar computed.
 */
export class IsolationPostureScene extends SceneObjectBase<IsolationPostureSceneState> {
  static Component = IsolationPostureRenderer;
  protected override _urlSync = new SceneObjectUrlSyncConfig(this, { keys: [...ISOLATION_URL_KEYS] });
  private readonly api: IsolationApi;
  private readonly request = new LatestRequest((patch) => this.setState(patch));

  constructor(state: Partial<IsolationPostureSceneState> = {}, api: IsolationApi = isolationApi) {
    super({ filters: emptyIsolationFilters(), loading: true, probe: new IsolationProbeScene({}, api), ...state });
    this.api = api;
    this.addActivationHandler(() => this.onActivate());
  }

  private onActivate() {
    const sub = this.subscribeToEvent(EventIsolationProbed, () => this.load());
    this.load();
    return () => {
      sub.unsubscribe();
      this.request.cancel();
    };
  }

  getUrlState(): SceneObjectUrlValues {
    return isolationFiltersToUrl(this.state.filters);
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    const filters = isolationFiltersFromUrl(values, this.state.filters);
    if (sameIsolationFilters(filters, this.state.filters)) {
      return;
    }
    this.setState({ filters });
    if (this.isActive) {
      this.load();
    }
  }

  /** Fetches the page for the current filters; only the latest request's answer is applied. */
  load = () =>
    this.request.run(
      () => this.api.listIsolation(toIsolationQuery(this.state.filters)),
      (page) => this.setState({ page, loading: false })
    );

  private navigate(filters: IsolationFilters) {
    this._urlSync.performBrowserHistoryAction(() => this.setState({ filters }));
    this.load();
  }

  setFilters = (patch: IsolationFilterPatch) => {
    const next = { ...this.state.filters, ...patch, cursor: undefined };
    if (!sameIsolationFilters(next, this.state.filters)) {
      this.navigate(next);
    }
  };

  toggleVerdict = (verdict: IsolationVerdict) => {
    const current = this.state.filters.verdict;
    this.setFilters({
      verdict: current.includes(verdict) ? current.filter((v) => v !== verdict) : [...current, verdict],
    });
  };

  clearFilters = () => this.setFilters(emptyIsolationFilters());

  nextPage = () => {
    const next = this.state.page?.nextCursor;
    if (next) {
      this.navigate({ ...this.state.filters, cursor: next });
    }
  };

  prevPage = () => {
    if (this.state.filters.cursor) {
      this.navigate({ ...this.state.filters, cursor: this.state.page?.prevCursor ?? undefined });
    }
  };

  reprobe = (tenantId: string) => this.state.probe.open(tenantId);
}

function IsolationPostureRenderer({ model }: SceneComponentProps<IsolationPostureScene>) {
  const styles = useStyles2(getStyles);
  const { filters, page, loading, error, probe } = model.useState();
  return (
    <div className={styles.page} data-testid={testIds.isolation.page}>
      {page && !page.configured && (
        <Alert
          severity="info"
          title="Isolation checks are not configured"
          data-testid={testIds.isolation.notConfigured}
        >
          The sidecar has no platform isolation API to ask. Set SWITCHYARD_PLATFORM_URL (and add its host to
          SWITCHYARD_OUTBOUND_HOSTS) on the sidecar; until then every tenant is unknown.
        </Alert>
      )}
      <PostureToolbar
        filters={filters}
        page={page}
        onToggleVerdict={model.toggleVerdict}
        onChange={model.setFilters}
        onClear={model.clearFilters}
      />
      {error && <ApiErrorAlert title="Could not load the isolation posture" error={error} onRetry={model.load} />}
      {!page && !error && <LoadingPlaceholder text="Loading isolation posture…" />}
      {page &&
        (page.items.length === 0 ? (
          <div data-testid={testIds.isolation.empty}>
            <EmptyState
              variant={hasIsolationFilters(filters) ? 'not-found' : 'completed'}
              message={hasIsolationFilters(filters) ? 'No tenant matches these filters' : 'No tenants to check yet'}
            >
              {hasIsolationFilters(filters) && (
                <Button variant="secondary" onClick={model.clearFilters}>
                  Clear filters
                </Button>
              )}
            </EmptyState>
          </div>
        ) : (
          <PostureTable items={page.items} busy={loading} configured={page.configured} onReprobe={model.reprobe} />
        ))}
      {page && (
        <Stack direction="row" justifyContent="flex-end" gap={1}>
          <Button
            size="sm"
            variant="secondary"
            icon="angle-left"
            disabled={!filters.cursor || loading}
            onClick={model.prevPage}
            data-testid={testIds.isolation.prevPage}
          >
            Previous
          </Button>
          <Button
            size="sm"
            variant="secondary"
            disabled={!page.nextCursor || loading}
            onClick={model.nextPage}
            data-testid={testIds.isolation.nextPage}
          >
            Next
          </Button>
        </Stack>
      )}
      <probe.Component model={probe} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
});
