import { locationService } from '@grafana/runtime';
import type { SceneComponentProps } from '@grafana/scenes';
import { Alert as Notice, Button, Field, LoadingPlaceholder, RadioButtonGroup, Stack, Text } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import { newIdempotencyKey } from '../../api/idempotencyKey';
import { operationsApi, type OperationsApi } from '../../api/operationsApi';
import { toApiRequestError } from '../../api/toApiRequestError';
import { suggestionUrl } from '../../shared/routing';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { ReasonModal } from '../../shared/ReasonModal';
import { testIds } from '../../shared/testIds';
import type { Alert, AlertPage, Environment } from '../../contract';
import { useDataTableClass } from '../../shared/tableStyles';
import { AlertRow } from './AlertRow';

import type { RefreshInterval } from '../../shared/liveRefresh';
import { LiveScene, type LiveSceneState } from '../../shared/LiveScene';
import { ListRefreshPicker } from '../../shared/RefreshPicker';

const PAGE_SIZE = 25;
/** URL key of the inbox's refresh interval (the jobs list on the same page has `refresh`). */
export const ALERTS_REFRESH_KEY = 'alertsRefresh';
const DEFAULT_REFRESH: RefreshInterval = '30s';
/** Silence durations offered (minutes); the contract allows 5 min to 7 days. */
export const SILENCE_DURATIONS = [
  { label: '30 min', value: 30 },
  { label: '1 h', value: 60 },
  { label: '4 h', value: 240 },
  { label: '1 day', value: 1440 },
  { label: '7 days', value: 10_080 },
];

interface AlertDialog {
  kind: 'silence' | 'unsilence';
  alert: Alert;
  /** One Idempotency-Key per intent: a retry after an error sends the same one. */
  key: string;
}

export interface AlertInboxSceneState extends LiveSceneState {
  page?: AlertPage;
  cursor?: string;
  error?: ApiRequestError;
  dialog?: AlertDialog;
  durationMinutes: number;
  busy?: boolean;
  dialogError?: ApiRequestError;
  /** A failed acknowledgement (shown above the table). */
  actionError?: ApiRequestError;
  /** The hub's environment filter: only alerts of these environments (none selected: every alert). */
  environments: Environment[];
}

/**
 * Alertmanager alerts, firing first: one click to the suggested action's preflight, acknowledge,
 * silence for a chosen duration with a reason (Alertmanager), unsilence; links to the panel and rule.
 */
export class AlertInboxScene extends LiveScene<AlertInboxSceneState> {
  static Component = AlertInboxRenderer;
  private readonly api: OperationsApi;

  constructor(state: Partial<AlertInboxSceneState> = {}, api: OperationsApi = operationsApi) {
    super(
      { refresh: DEFAULT_REFRESH, refreshFailures: 0, durationMinutes: 60, environments: [], ...state },
      ALERTS_REFRESH_KEY,
      DEFAULT_REFRESH
    );
    this.api = api;
  }

  /** Loads the page shown; the rows stay while it loads. Resolves false when it failed. */
  load = (): Promise<boolean> =>
    this.loadLatest(
      () =>
        this.api.listAlerts({
          limit: PAGE_SIZE,
          cursor: this.state.cursor,
          environment: this.state.environments.length ? this.state.environments : undefined,
        }),
      (page) => ({ page, error: undefined }),
      (error) => ({ error })
    );

  /** The hub's environment filter changed: back to the first page of the alerts of those environments. */
  setEnvironments = (environments: Environment[]) => {
    if (environments.join(',') === this.state.environments.join(',')) return;
    this.setState({ environments, cursor: undefined });
    if (this.isActive) void this.load();
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

  /** Puts the changed alert in place (no reload, no flicker). */
  private replace(next: Alert) {
    const page = this.state.page;
    if (page) {
      this.setState({
        page: { ...page, items: page.items.map((a) => (a.fingerprint === next.fingerprint ? next : a)) },
      });
    }
  }

  acknowledge = async (alert: Alert) => {
    try {
      this.replace(await this.api.acknowledgeAlert(alert.fingerprint, newIdempotencyKey()));
      this.setState({ actionError: undefined });
    } catch (e) {
      this.setState({ actionError: toApiRequestError(e) });
    }
  };

  openDialog = (kind: AlertDialog['kind'], alert: Alert) =>
    this.setState({ dialog: { kind, alert, key: newIdempotencyKey() }, dialogError: undefined });
  closeDialog = () => this.setState({ dialog: undefined, dialogError: undefined, busy: false });
  setDuration = (durationMinutes: number) => this.setState({ durationMinutes });

  submitDialog = async (reason: string) => {
    const { dialog, durationMinutes } = this.state;
    if (!dialog) {
      return;
    }
    this.setState({ busy: true, dialogError: undefined });
    try {
      if (dialog.kind === 'silence') {
        this.replace(await this.api.silenceAlert(dialog.alert.fingerprint, durationMinutes, reason, dialog.key));
      } else if (dialog.alert.silence) {
        await this.api.expireSilence(dialog.alert.silence.id, reason, dialog.key);
        this.replace({ ...dialog.alert, silence: null });
      }
      this.closeDialog();
    } catch (e) {
      this.setState({ busy: false, dialogError: toApiRequestError(e) });
    }
  };
}

function SilenceDialog({ model: m }: { model: AlertInboxScene }) {
  const { dialog, durationMinutes, busy, dialogError } = m.useState();
  const silencing = dialog?.kind === 'silence';
  const name = dialog?.alert.alertname ?? '';
  return (
    <ReasonModal
      isOpen={Boolean(dialog)}
      title={silencing ? `Silence ${name}` : `Unsilence ${name}`}
      confirmText={silencing ? 'Silence' : 'Unsilence'}
      busy={busy}
      error={dialogError?.message}
      onSubmit={(reason) => void m.submitDialog(reason)}
      onDismiss={m.closeDialog}
      description={
        silencing ? (
          <Field label="Duration" description="Alertmanager stops notifying for this alert (exactly its labels).">
            <RadioButtonGroup
              options={SILENCE_DURATIONS}
              value={durationMinutes}
              onChange={m.setDuration}
              data-testid={testIds.operations.alertSilenceDuration}
            />
          </Field>
        ) : (
          <Text>Alertmanager notifies about this alert again at once.</Text>
        )
      }
    />
  );
}

function SilencesNotice({ state }: { state: AlertPage['silences'] }) {
  if (state === 'ok') {
    return null;
  }
  return (
    <Notice severity="info" title={state === 'off' ? 'Silences are off' : 'Silences unknown'}>
      <span data-testid={testIds.operations.silencesNotice}>
        {state === 'off'
          ? 'Set SWITCHYARD_ALERTMANAGER_URL on the sidecar to see and create Alertmanager silences here.'
          : 'Alertmanager could not be read: alerts may be silenced without showing it. Retry shortly.'}
      </span>
    </Notice>
  );
}

function AlertInboxRenderer({ model: m }: SceneComponentProps<AlertInboxScene>) {
  const { page, error, cursor, actionError, environments } = m.useState();
  const tableClass = useDataTableClass();
  const handlers = {
    onAct: m.act,
    onAcknowledge: (a: Alert) => void m.acknowledge(a),
    onSilence: (a: Alert) => m.openDialog('silence', a),
    onUnsilence: (a: Alert) => m.openDialog('unsilence', a),
  };
  return (
    <section aria-label="Alert inbox" data-testid={testIds.operations.alerts}>
      <Stack direction="row" justifyContent={environments.length ? 'space-between' : 'flex-end'} alignItems="center">
        {environments.length > 0 && (
          <span data-testid={testIds.operations.alertsEnvironments}>
            <Text color="secondary">
              Environments: {environments.join(', ')} (the environment filter of the jobs below)
            </Text>
          </span>
        )}
        <ListRefreshPicker list={m} what="alerts" />
      </Stack>
      {error && <ApiErrorAlert title="Could not load alerts" error={error} onRetry={m.load} />}
      {actionError && <ApiErrorAlert title="Could not acknowledge the alert" error={actionError} />}
      {!page && !error && <LoadingPlaceholder text="Loading alerts…" />}
      {page && <SilencesNotice state={page.silences} />}
      {page && page.items.length === 0 && (
        <Text color="secondary">
          {environments.length
            ? `No alerts in ${environments.join(', ')}.`
            : 'No alerts received. Alertmanager posts to the sidecar’s webhook.'}
        </Text>
      )}
      {page && page.items.length > 0 && (
        <table className={tableClass}>
          <thead>
            <tr>
              <th>Status</th>
              <th>Alert</th>
              <th>Where</th>
              <th>Since</th>
              <th>Handled</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((a) => (
              <AlertRow key={a.fingerprint} alert={a} silencesOn={page.silences === 'ok'} h={handlers} />
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
      <SilenceDialog model={m} />
    </section>
  );
}
