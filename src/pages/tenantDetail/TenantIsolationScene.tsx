import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import { Alert, LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import { isolationApi, type IsolationApi } from '../../api/isolationApi';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { PermissionButton } from '../../shared/PermissionButton';
import { testIds } from '../../shared/testIds';
import { VerdictBadge } from '../../shared/VerdictBadge';
import { Actions, type TenantIsolation } from '../../contract';
import { EventIsolationProbed } from '../../shared/events';
import { IsolationProbeScene } from '../../shared/IsolationProbeScene';
import { LatestRequest } from '../../shared/latestRequest';
import { IsolationChecksTable, IsolationHistory } from './TenantIsolationTables';
import { formatTimestamp, formatTimeAgo } from '../../shared/timestamps';

export interface TenantIsolationSceneState extends SceneObjectState {
  tenantId: string;
  data?: TenantIsolation;
  loading: boolean;
  error?: ApiRequestError;
  probe: IsolationProbeScene;
}

/**
 * Tenant → Isolation: every check with expected vs observed, evidence and remediation, the naming
 * contract spelled out, and the history of verdict changes. Observational; re-probe is audited.
 */
export class TenantIsolationScene extends SceneObjectBase<TenantIsolationSceneState> {
  static Component = TenantIsolationRenderer;
  private readonly api: IsolationApi;
  private readonly request = new LatestRequest((patch) => this.setState(patch));

  constructor(
    state: Pick<TenantIsolationSceneState, 'tenantId'> & Partial<TenantIsolationSceneState>,
    api: IsolationApi = isolationApi
  ) {
    super({ loading: true, probe: new IsolationProbeScene({}, api), ...state });
    this.api = api;
    this.addActivationHandler(() => {
      const sub = this.subscribeToEvent(EventIsolationProbed, () => {
        const result = this.state.probe.state.result;
        if (result?.tenantId === this.state.tenantId) {
          this.request.cancel();
          this.setState({ data: result, loading: false, error: undefined });
        } else {
          this.load();
        }
      });
      this.load();
      return () => {
        sub.unsubscribe();
        this.request.cancel();
      };
    });
  }

  load = () =>
    this.request.run(
      () => this.api.getTenantIsolation(this.state.tenantId),
      (data) => this.setState({ data, loading: false })
    );

  reprobe = () => this.state.probe.open(this.state.tenantId);
}

function NamingWarning({ data }: { data: TenantIsolation }) {
  const naming = data.checks.find((c) => c.check === 'naming_contract');
  if (!naming || naming.result !== 'warning') {
    return null;
  }
  return (
    <Alert
      severity="warning"
      title="The app database name breaks the naming contract"
      data-testid={testIds.isolation.namingWarning}
    >
      <Stack direction="column" gap={0.5}>
        <Text>
          Expected <code>{naming.expected}</code>, actual <code>{naming.observed}</code>.
        </Text>
        <Text color="secondary">{naming.evidence}</Text>
        {naming.remediation && <Text>{naming.remediation}</Text>}
      </Stack>
    </Alert>
  );
}

function Header({ data, onReprobe }: { data: TenantIsolation; onReprobe: () => void }) {
  return (
    <Stack direction="row" alignItems="center" gap={2} wrap="wrap">
      <VerdictBadge verdict={data.verdict} />
      <span data-testid={testIds.isolation.probedAt}>
        {data.probedAt ? (
          <Text color="secondary">
            Probed {formatTimeAgo(data.probedAt)} ({formatTimestamp(data.probedAt)})
          </Text>
        ) : (
          <Text color="secondary">Not probed yet</Text>
        )}
      </span>
      <PermissionButton
        action={Actions.isolationProbe}
        size="sm"
        variant="secondary"
        icon="sync"
        disabled={!data.configured}
        tooltip={data.configured ? undefined : 'The platform isolation API is not configured'}
        data-testid={testIds.isolation.reprobe}
        onClick={onReprobe}
      >
        Re-probe
      </PermissionButton>
    </Stack>
  );
}

function TenantIsolationRenderer({ model }: SceneComponentProps<TenantIsolationScene>) {
  const styles = useStyles2(getStyles);
  const { data, error, probe } = model.useState();
  if (error) {
    return <ApiErrorAlert title="Could not load the isolation checks" error={error} onRetry={model.load} />;
  }
  if (!data) {
    return <LoadingPlaceholder text="Loading isolation checks…" />;
  }
  return (
    <div className={styles.tab} data-testid={testIds.isolation.tab} data-verdict={data.verdict}>
      <Header data={data} onReprobe={model.reprobe} />
      {!data.configured && (
        <Alert
          severity="info"
          title="Isolation checks are not configured"
          data-testid={testIds.isolation.notConfigured}
        >
          Set SWITCHYARD_PLATFORM_URL (and add its host to SWITCHYARD_OUTBOUND_HOSTS) on the sidecar.
        </Alert>
      )}
      {data.configured && data.error && (
        <Alert severity="warning" title="The platform gave no isolation report: the verdict is unknown">
          {data.error.message}
        </Alert>
      )}
      {!data.known && (
        <Alert
          severity="info"
          title="Switchyard has no tenant record for this id: the runtime’s reported ids were used."
        />
      )}
      <NamingWarning data={data} />
      <IsolationChecksTable checks={data.checks} />
      <IsolationHistory history={data.history} />
      <probe.Component model={probe} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  tab: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
});
