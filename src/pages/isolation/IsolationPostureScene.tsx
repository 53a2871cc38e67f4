import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { type SceneComponentProps } from '@grafana/scenes';
import { Alert, Button, EmptyState, LoadingPlaceholder, useStyles2 } from '@grafana/ui';
import React from 'react';
import { isolationApi, type IsolationApi } from '../../api/isolationApi';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { testIds } from '../../shared/testIds';
import type { IsolationPage, IsolationVerdict } from '../../contract';
import { EventIsolationProbed } from '../../shared/events';
import { IsolationProbeScene } from '../../shared/IsolationProbeScene';
import { PagedListScene, PagerButtons, type FilterPatch, type PagedListState } from '../../shared/PagedListScene';
import {
  emptyIsolationFilters,
  hasIsolationFilters,
  isolationUrlState,
  toIsolationQuery,
  type IsolationFilters,
} from './isolationUrlState';
import { PostureTable } from './PostureTable';
import { PostureToolbar } from './PostureToolbar';

export interface IsolationPostureSceneState extends PagedListState<IsolationFilters, IsolationPage> {
  probe: IsolationProbeScene;
}

export type IsolationFilterPatch = FilterPatch<IsolationFilters>;

/**
 * Fleet isolation posture (the shared paged list): counts by verdict, violations first, filters
 * and cursor in the URL, a re-probe per tenant. Observational: it only reads verdicts the sidecar computed.
 */
export class IsolationPostureScene extends PagedListScene<IsolationFilters, IsolationPage, IsolationPostureSceneState> {
  static Component = IsolationPostureRenderer;
  private readonly api: IsolationApi;

  constructor(state: Partial<IsolationPostureSceneState> = {}, api: IsolationApi = isolationApi) {
    super(
      { filters: emptyIsolationFilters(), loading: true, probe: new IsolationProbeScene({}, api), ...state },
      isolationUrlState
    );
    this.api = api;
    this.addActivationHandler(() => {
      const sub = this.subscribeToEvent(EventIsolationProbed, () => this.load());
      return () => sub.unsubscribe();
    });
  }

  protected fetchPage(filters: IsolationFilters): Promise<IsolationPage> {
    return this.api.listIsolation(toIsolationQuery(filters));
  }

  toggleVerdict = (verdict: IsolationVerdict) => {
    const current = this.state.filters.verdict;
    this.setFilters({
      verdict: current.includes(verdict) ? current.filter((v) => v !== verdict) : [...current, verdict],
    });
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
      {!error && (
        <PagerButtons list={model} prevTestId={testIds.isolation.prevPage} nextTestId={testIds.isolation.nextPage} />
      )}
      <probe.Component model={probe} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
});
