import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import {
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  type SceneComponentProps,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import { Badge, Button, EmptyState, LoadingPlaceholder, Stack, useStyles2 } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import { switchyardApi, type SwitchyardApi } from '../../api/switchyardApi';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { testIds } from '../../shared/testIds';
import { ACTIVITY_PAGE_SIZE } from '../../constants';
import type { AuditEntry } from '../../contract';
import { LatestRequest } from '../../shared/latestRequest';
import { formatTimestamp } from '../../shared/timestamps';
import { dataTableStyle } from '../../shared/tableStyles';
import { optionalValue } from '../../shared/urlState';

type AuditPage = Awaited<ReturnType<SwitchyardApi['listAudit']>>;

export const ACTIVITY_CURSOR_KEY = 'activityCursor';

export interface TenantActivitySceneState extends SceneObjectState {
  tenantId: string;
  /** Cursor of the page shown (in the URL); absent on the newest page. */
  cursor?: string;
  page?: AuditPage;
  loading: boolean;
  error?: ApiRequestError;
}

/** The tenant's audit trail (targetType=tenant, targetId=<id>), newest first, one page at a time. */
export class TenantActivityScene extends SceneObjectBase<TenantActivitySceneState> {
  static Component = TenantActivityRenderer;
  protected override _urlSync = new SceneObjectUrlSyncConfig(this, { keys: [ACTIVITY_CURSOR_KEY] });
  private readonly api: SwitchyardApi;
  private readonly request = new LatestRequest((patch) => this.setState(patch));

  constructor(
    state: Pick<TenantActivitySceneState, 'tenantId'> & Partial<TenantActivitySceneState>,
    api: SwitchyardApi = switchyardApi
  ) {
    super({ loading: true, ...state });
    this.api = api;
    this.addActivationHandler(() => {
      this.load();
      return this.request.cancel;
    });
  }

  getUrlState(): SceneObjectUrlValues {
    return { [ACTIVITY_CURSOR_KEY]: this.state.cursor ?? null };
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    const cursor = optionalValue(values[ACTIVITY_CURSOR_KEY]);
    if (cursor !== this.state.cursor) {
      this.setState({ cursor });
      if (this.isActive) {
        this.load();
      }
    }
  }

  load = () =>
    this.request.run(
      () =>
        this.api.listAudit({
          targetType: 'tenant',
          targetId: this.state.tenantId,
          cursor: this.state.cursor,
          limit: ACTIVITY_PAGE_SIZE,
        }),
      (page) => this.setState({ page, loading: false })
    );

  private goTo(cursor: string | undefined) {
    this._urlSync.performBrowserHistoryAction(() => this.setState({ cursor }));
    this.load();
  }

  nextPage = () => {
    const next = this.state.page?.nextCursor;
    if (next) {
      this.goTo(next);
    }
  };

  prevPage = () => {
    if (this.state.cursor) {
      this.goTo(this.state.page?.prevCursor ?? undefined);
    }
  };
}

const OUTCOME_COLOR = { success: 'green', failure: 'red', denied: 'orange' } as const;

function ActivityRow({ entry }: { entry: AuditEntry }) {
  return (
    <tr data-testid={testIds.tenant.activityRow}>
      <td>{formatTimestamp(entry.ts)}</td>
      <td>{entry.actor.login}</td>
      <td>
        <code>{entry.action}</code>
      </td>
      <td>
        <Badge color={OUTCOME_COLOR[entry.outcome]} text={entry.outcome} />
      </td>
      <td>{entry.reason ?? '—'}</td>
      <td>
        <code>{entry.requestId}</code>
      </td>
    </tr>
  );
}

function TenantActivityRenderer({ model }: SceneComponentProps<TenantActivityScene>) {
  const styles = useStyles2(getStyles);
  const { page, loading, error, cursor } = model.useState();
  if (error) {
    return <ApiErrorAlert title="Could not load the activity" error={error} onRetry={model.load} />;
  }
  if (!page) {
    return <LoadingPlaceholder text="Loading activity…" />;
  }
  return (
    <div data-testid={testIds.tenant.activity}>
      {page.items.length === 0 ? (
        <EmptyState variant="not-found" message="No recorded activity for this tenant" />
      ) : (
        <table className={styles.table} aria-busy={loading}>
          <thead>
            <tr>
              <th>Time</th>
              <th>Actor</th>
              <th>Action</th>
              <th>Outcome</th>
              <th>Reason</th>
              <th>Request id</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((entry) => (
              <ActivityRow key={entry.seq} entry={entry} />
            ))}
          </tbody>
        </table>
      )}
      <Stack direction="row" justifyContent="flex-end" gap={1}>
        <Button
          size="sm"
          variant="secondary"
          icon="angle-left"
          disabled={!cursor || loading}
          onClick={model.prevPage}
          data-testid={testIds.tenant.activityPrev}
        >
          Newer
        </Button>
        <Button
          size="sm"
          variant="secondary"
          disabled={!page.nextCursor || loading}
          onClick={model.nextPage}
          data-testid={testIds.tenant.activityNext}
        >
          Older
        </Button>
      </Stack>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    ...dataTableStyle(theme),
    marginBottom: theme.spacing(2),
  }),
});
