import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
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
import { ACTIVITY_PAGE_SIZE } from '../../constants';
import { Actions, type AuditEntry, type AuditPage } from '../../contract';
import { LatestRequest } from '../../shared/latestRequest';
import { formatTimestamp } from '../../shared/timestamps';
import { dataTableStyle } from '../../shared/tableStyles';
import { firstValue, optionalValue } from '../../shared/urlState';
import { AuditEntryDrawer, AuditOutcomeBadge, opensEntry } from '../../shared/AuditEntryDrawer';
import { changeSummary } from '../../shared/auditDiff';
import { AuditSearchLink } from '../../shared/AuditSearchLink';
import { can } from '../../shared/permissions';

export const ACTIVITY_CURSOR_KEY = 'activityCursor';
/** The entry open in the drawer (its sequence number). */
export const ACTIVITY_ENTRY_KEY = 'activityEntry';

export interface TenantActivitySceneState extends SceneObjectState {
  tenantId: string;
  /** Cursor of the page shown (in the URL); absent on the newest page. */
  cursor?: string;
  /** The entry open in the drawer (in the URL). */
  entry?: number;
  page?: AuditPage;
  loading: boolean;
  error?: ApiRequestError;
}

/**
 * The tenant's audit trail (entries about the tenant and its jobs), newest first, one page at a
 * time; a row opens the same entry drawer as the Audit page.
 */
export class TenantActivityScene extends SceneObjectBase<TenantActivitySceneState> {
  static Component = TenantActivityRenderer;
  protected override _urlSync = new SceneObjectUrlSyncConfig(this, { keys: [ACTIVITY_CURSOR_KEY, ACTIVITY_ENTRY_KEY] });
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
    return {
      [ACTIVITY_CURSOR_KEY]: this.state.cursor ?? null,
      [ACTIVITY_ENTRY_KEY]: this.state.entry !== undefined ? String(this.state.entry) : null,
    };
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    if (Object.prototype.hasOwnProperty.call(values, ACTIVITY_ENTRY_KEY)) {
      const seq = Number(firstValue(values[ACTIVITY_ENTRY_KEY]));
      const entry = Number.isInteger(seq) && seq > 0 ? seq : undefined;
      if (entry !== this.state.entry) {
        this.setState({ entry });
      }
    }
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
      () => this.api.tenantActivity(this.state.tenantId, { cursor: this.state.cursor, limit: ACTIVITY_PAGE_SIZE }),
      (page) => this.setState({ page, loading: false })
    );

  private goTo(cursor: string | undefined) {
    this._urlSync.performBrowserHistoryAction(() => this.setState({ cursor, entry: undefined }));
    this.load();
  }

  openEntry = (seq: number) => {
    this._urlSync.performBrowserHistoryAction(() => this.setState({ entry: seq }));
  };

  closeEntry = () => {
    this._urlSync.performBrowserHistoryAction(() => this.setState({ entry: undefined }));
  };

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

function ActivityRow({ entry, onOpen }: { entry: AuditEntry; onOpen: (seq: number) => void }) {
  return (
    <tr
      data-testid={testIds.tenant.activityRow}
      {...opensEntry(entry.seq, onOpen)}
      aria-label={`Entry ${entry.seq}: ${entry.action}`}
    >
      <td>{formatTimestamp(entry.ts)}</td>
      <td>{entry.actor.login}</td>
      <td>
        <code>{entry.action}</code>
        {entry.targetType === 'job' && <> (job)</>}
      </td>
      <td>{changeSummary(entry) || '—'}</td>
      <td>
        <AuditOutcomeBadge outcome={entry.outcome} />
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
  const { page, loading, error, cursor, entry, tenantId } = model.useState();
  if (error) {
    return <ApiErrorAlert title="Could not load the activity" error={error} onRetry={model.load} />;
  }
  if (!page) {
    return <LoadingPlaceholder text="Loading activity…" />;
  }
  const open = entry !== undefined ? page.items.find((e) => e.seq === entry) : undefined;
  return (
    <div data-testid={testIds.tenant.activity}>
      {can(Actions.auditRead) && (
        <Stack direction="row" justifyContent="flex-end">
          <AuditSearchLink query={{ tenant: tenantId }} testId={testIds.tenant.activityAuditLink}>
            Search in the audit trail
          </AuditSearchLink>
        </Stack>
      )}
      {page.items.length === 0 ? (
        <EmptyState variant="not-found" message="No recorded activity for this tenant" />
      ) : (
        <table className={styles.table} aria-busy={loading}>
          <thead>
            <tr>
              <th>Time</th>
              <th>Actor</th>
              <th>Action</th>
              <th>Change</th>
              <th>Outcome</th>
              <th>Reason</th>
              <th>Request id</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((entry) => (
              <ActivityRow key={entry.seq} entry={entry} onOpen={model.openEntry} />
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
      {open && <AuditEntryDrawer entry={open} onClose={model.closeEntry} />}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    ...dataTableStyle(theme),
    'tbody tr': { cursor: 'pointer' },
    marginBottom: theme.spacing(2),
  }),
});
