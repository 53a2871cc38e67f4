import { locationService } from '@grafana/runtime';
import {
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  type SceneComponentProps,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import { Badge, Button, LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import { operationsApi, type OperationsApi } from '../../api/operationsApi';
import { toApiRequestError } from '../../api/toApiRequestError';
import { suggestionUrl } from '../../shared/routing';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { testIds } from '../../shared/testIds';
import type { Alert, AlertPage } from '../../contract';
import { useDataTableClass } from '../../shared/tableStyles';
import { formatTimestamp } from '../../shared/timestamps';
import { LiveRefresh, refreshFromUrl, refreshToUrl, type RefreshInterval } from '../../shared/liveRefresh';
import { RefreshPicker } from '../../shared/RefreshPicker';

const PAGE_SIZE = 25;
/** URL key of the inbox's refresh interval (the jobs list on the same page has `refresh`). */
export const ALERTS_REFRESH_KEY = 'alertsRefresh';
const DEFAULT_REFRESH: RefreshInterval = '30s';

export interface AlertInboxSceneState extends SceneObjectState {
  page?: AlertPage;
  cursor?: string;
  error?: ApiRequestError;
  refresh: RefreshInterval;
  refreshFailures: number;
}

/** Alertmanager alerts, firing first, each with one click to its suggested action's preflight. */
export class AlertInboxScene extends SceneObjectBase<AlertInboxSceneState> {
  static Component = AlertInboxRenderer;
  private readonly api: OperationsApi;
  private seq = 0;
  private readonly live = new LiveRefresh({ interval: () => this.state.refresh, refresh: () => this.load() });
  protected override _urlSync = new SceneObjectUrlSyncConfig(this, { keys: [ALERTS_REFRESH_KEY] });

  constructor(state: Partial<AlertInboxSceneState> = {}, api: OperationsApi = operationsApi) {
    super({ refresh: DEFAULT_REFRESH, refreshFailures: 0, ...state });
    this.api = api;
    this.addActivationHandler(() => {
      void this.load();
      const stop = this.live.start();
      return () => {
        stop();
        this.seq++;
      };
    });
  }

  getUrlState(): SceneObjectUrlValues {
    return { [ALERTS_REFRESH_KEY]: refreshToUrl(this.state.refresh, DEFAULT_REFRESH) };
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    if (!(ALERTS_REFRESH_KEY in values)) return;
    const refresh = refreshFromUrl(values[ALERTS_REFRESH_KEY], DEFAULT_REFRESH);
    if (refresh !== this.state.refresh) {
      this.setState({ refresh, refreshFailures: 0 });
      this.live.reschedule();
    }
  }

  setRefresh = (refresh: RefreshInterval) => {
    if (refresh === this.state.refresh) return;
    this._urlSync.performBrowserHistoryAction(() => this.setState({ refresh, refreshFailures: 0 }));
    this.live.reschedule();
  };

  /** Loads the page shown; the rows stay while it loads. Resolves false when it failed. */
  load = async (): Promise<boolean> => {
    const seq = ++this.seq;
    try {
      const page = await this.api.listAlerts({ limit: PAGE_SIZE, cursor: this.state.cursor });
      if (seq === this.seq) {
        this.setState({ page, error: undefined, refreshFailures: 0 });
      }
      return true;
    } catch (e) {
      if (seq === this.seq) {
        this.setState({ error: toApiRequestError(e), refreshFailures: this.state.refreshFailures + 1 });
      }
      return false;
    }
  };

  goTo = (cursor: string | null | undefined) => {
    this.setState({ cursor: cursor ?? undefined });
    void this.load();
  };

  act = (alert: Alert) => {
    if (alert.suggestion) {
      locationService.push(suggestionUrl(alert.suggestion));
    }
  };
}

function AlertRow({ alert, onAct }: { alert: Alert; onAct: (a: Alert) => void }) {
  const firing = alert.status === 'firing';
  const where = [
    alert.tenantId && `tenant ${alert.tenantId}`,
    alert.shard && `shard ${alert.shard}`,
    alert.service && `service ${alert.service}`,
    alert.environment,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <tr data-testid={testIds.operations.alertRow} data-fingerprint={alert.fingerprint} data-status={alert.status}>
      <td>
        <Badge color={firing ? 'red' : 'green'} text={firing ? 'Firing' : 'Resolved'} />
      </td>
      <td>
        <Text weight="medium">{alert.alertname}</Text>{' '}
        {alert.severity && <Text color="secondary">({alert.severity})</Text>}
        {alert.summary && (
          <div>
            <Text color="secondary">{alert.summary}</Text>
          </div>
        )}
      </td>
      <td>{where}</td>
      <td>{formatTimestamp(firing ? alert.startsAt : (alert.endsAt ?? alert.startsAt))}</td>
      <td>
        {alert.suggestion && firing && (
          <Button
            size="sm"
            variant={alert.suggestion.kind === 'open' ? 'secondary' : 'primary'}
            onClick={() => onAct(alert)}
            data-testid={testIds.operations.alertAction}
            data-kind={alert.suggestion.kind}
          >
            {alert.suggestion.title}
          </Button>
        )}
        {alert.runbookUrl && /^https?:\/\//.test(alert.runbookUrl) && (
          <a href={alert.runbookUrl} target="_blank" rel="noreferrer noopener">
            Runbook
          </a>
        )}
      </td>
    </tr>
  );
}

function AlertInboxRenderer({ model: m }: SceneComponentProps<AlertInboxScene>) {
  const { page, error, cursor, refresh, refreshFailures } = m.useState();
  const tableClass = useDataTableClass();
  return (
    <section aria-label="Alert inbox" data-testid={testIds.operations.alerts}>
      <Stack direction="row" justifyContent="flex-end">
        <RefreshPicker value={refresh} onChange={m.setRefresh} failures={refreshFailures} what="alerts" />
      </Stack>
      {error && <ApiErrorAlert title="Could not load alerts" error={error} onRetry={m.load} />}
      {!page && !error && <LoadingPlaceholder text="Loading alerts…" />}
      {page && page.items.length === 0 && (
        <Text color="secondary">No alerts received. Alertmanager posts to the sidecar&apos;s webhook.</Text>
      )}
      {page && page.items.length > 0 && (
        <table className={tableClass}>
          <thead>
            <tr>
              <th>Status</th>
              <th>Alert</th>
              <th>Where</th>
              <th>Since</th>
              <th>Action</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((a) => (
              <AlertRow key={a.fingerprint} alert={a} onAct={m.act} />
            ))}
          </tbody>
        </table>
      )}
      {page && (cursor || page.nextCursor) && (
        <Stack direction="row" gap={1}>
          <Button size="sm" variant="secondary" disabled={!cursor} onClick={() => m.goTo(page.prevCursor)}>
            Previous
          </Button>
          <Button size="sm" variant="secondary" disabled={!page.nextCursor} onClick={() => m.goTo(page.nextCursor)}>
            Next
          </Button>
        </Stack>
      )}
    </section>
  );
}
