import { Badge, Button, Stack, Text, TextLink } from '@grafana/ui';
import React from 'react';
import { Actions, type Alert } from '../../contract';
import { alertPanelUrl, alertRuleUrl } from '../../shared/alertPanels';
import { useLinkClass } from '../../shared/Link';
import { PermissionButton } from '../../shared/PermissionButton';
import { testIds } from '../../shared/testIds';
import { formatTimestamp } from '../../shared/timestamps';

export interface AlertRowHandlers {
  onAct(a: Alert): void;
  onAcknowledge(a: Alert): void;
  onSilence(a: Alert): void;
  onUnsilence(a: Alert): void;
}

function where(alert: Alert): string {
  return [
    alert.tenantId && `tenant ${alert.tenantId}`,
    alert.shard && `shard ${alert.shard}`,
    alert.service && `service ${alert.service}`,
    alert.environment,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** Who is on it: the silence muting the alert and the acknowledgement of this firing episode. */
function AlertState({ alert }: { alert: Alert }) {
  const { silence, acknowledgement: ack } = alert;
  if (!silence && !ack) {
    return <Text color="secondary">Open</Text>;
  }
  return (
    <Stack direction="column" gap={0.5}>
      {silence && (
        <span title={silence.comment}>
          <Badge color="blue" icon="bell-slash" text={`Silenced until ${formatTimestamp(silence.endsAt)}`} />{' '}
          <Text color="secondary" variant="bodySmall">
            by {silence.createdBy}
          </Text>
        </span>
      )}
      {ack && (
        <span title={ack.reason ?? undefined}>
          <Badge color="purple" icon="check" text={`Acknowledged by ${ack.by}`} />{' '}
          <Text color="secondary" variant="bodySmall">
            {formatTimestamp(ack.at)}
          </Text>
        </span>
      )}
    </Stack>
  );
}

function AlertLinks({ alert }: { alert: Alert }) {
  const rule = alertRuleUrl(alert);
  const panel = alertPanelUrl(alert);
  const runbook = alert.runbookUrl && /^https?:\/\//.test(alert.runbookUrl) ? alert.runbookUrl : null;
  const linkClass = useLinkClass();
  return (
    <Stack direction="row" gap={1} wrap="wrap">
      {panel && (
        // A Grafana dashboard: a page load out of the app, in this tab.
        <a href={panel} className={linkClass} data-testid={testIds.operations.alertPanelLink}>
          Panel
        </a>
      )}
      {rule && (
        <TextLink href={rule} external inline={false} data-testid={testIds.operations.alertRuleLink}>
          Rule
        </TextLink>
      )}
      {runbook && (
        <TextLink href={runbook} external inline={false}>
          Runbook
        </TextLink>
      )}
    </Stack>
  );
}

export function AlertRow({ alert, silencesOn, h }: { alert: Alert; silencesOn: boolean; h: AlertRowHandlers }) {
  const firing = alert.status === 'firing';
  return (
    <tr
      data-testid={testIds.operations.alertRow}
      data-fingerprint={alert.fingerprint}
      data-status={alert.status}
      data-environment={alert.environment ?? ''}
    >
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
        <AlertLinks alert={alert} />
      </td>
      <td>{where(alert)}</td>
      <td>{formatTimestamp(firing ? alert.startsAt : (alert.endsAt ?? alert.startsAt))}</td>
      <td data-testid={testIds.operations.alertState}>
        <AlertState alert={alert} />
      </td>
      <td>
        <Stack direction="row" gap={1} wrap="wrap">
          {alert.suggestion && firing && (
            <Button
              size="sm"
              variant={alert.suggestion.kind === 'open' ? 'secondary' : 'primary'}
              onClick={() => h.onAct(alert)}
              data-testid={testIds.operations.alertAction}
              data-kind={alert.suggestion.kind}
            >
              {alert.suggestion.title}
            </Button>
          )}
          {firing && !alert.acknowledgement && (
            <PermissionButton
              action={Actions.operationsExecute}
              size="sm"
              variant="secondary"
              icon="check"
              onClick={() => h.onAcknowledge(alert)}
              data-testid={testIds.operations.alertAcknowledge}
            >
              Acknowledge
            </PermissionButton>
          )}
          {firing && silencesOn && !alert.silence && (
            <PermissionButton
              action={Actions.operationsExecute}
              size="sm"
              variant="secondary"
              icon="bell-slash"
              onClick={() => h.onSilence(alert)}
              data-testid={testIds.operations.alertSilence}
            >
              Silence
            </PermissionButton>
          )}
          {silencesOn && alert.silence && (
            <PermissionButton
              action={Actions.operationsExecute}
              size="sm"
              variant="secondary"
              fill="outline"
              icon="bell"
              onClick={() => h.onUnsilence(alert)}
              data-testid={testIds.operations.alertUnsilence}
            >
              Unsilence
            </PermissionButton>
          )}
        </Stack>
      </td>
    </tr>
  );
}
