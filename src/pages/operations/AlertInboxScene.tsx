import { locationService } from '@grafana/runtime';
import { SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
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

const PAGE_SIZE = 25;
const REFRESH_MS = 30_000;

export interface AlertInboxSceneState extends SceneObjectState {
  page?: AlertPage;
  cursor?: string;
  error?: ApiRequestError;
}

/** Alertmanager alerts, firing first, each with one click to its suggested action's preflight. */
export class AlertInboxScene extends SceneObjectBase<AlertInboxSceneState> {
  static Component = AlertInboxRenderer;
  private readonly api: OperationsApi;
  private timer?: ReturnType<typeof setInterval>;
  private seq = 0;

  constructor(state: Partial<AlertInboxSceneState> = {}, api: OperationsApi = operationsApi) {
    super(state);
    this.api = api;
    this.addActivationHandler(() => {
      void this.load();
      this.timer = setInterval(() => void this.load(), REFRESH_MS);
      return () => {
        clearInterval(this.timer);
        this.seq++;
      };
    });
  }

  load = async () => {
    const seq = ++this.seq;
    try {
      const page = await this.api.listAlerts({ limit: PAGE_SIZE, cursor: this.state.cursor });
      if (seq === this.seq) {
        this.setState({ page, error: undefined });
      }
    } catch (e) {
      if (seq === this.seq) {
        this.setState({ error: toApiRequestError(e) });
      }
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
  const { page, error, cursor } = m.useState();
  const tableClass = useDataTableClass();
  return (
    <section aria-label="Alert inbox" data-testid={testIds.operations.alerts}>
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
