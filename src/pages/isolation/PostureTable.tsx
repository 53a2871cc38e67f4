import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { Badge, Text, Tooltip, useStyles2 } from '@grafana/ui';
import React from 'react';
import { Link } from '../../shared/Link';
import { tenantUrl, TENANT_TABS } from '../../shared/routing';
import { PermissionButton } from '../../shared/PermissionButton';
import { testIds } from '../../shared/testIds';
import { VerdictBadge } from '../../shared/VerdictBadge';
import { Actions, CHECK_LABELS, type IsolationSummary } from '../../contract';
import { formatTimestamp, formatTimeAgo } from '../../shared/timestamps';
import { dataTableStyle } from '../../shared/tableStyles';

const RESULT_COLOR = { violation: 'red', unknown: 'darkgrey', warning: 'orange', pass: 'green' } as const;
const MAX_FAILING_SHOWN = 4;

export interface PostureTableProps {
  items: IsolationSummary[];
  busy: boolean;
  configured: boolean;
  onReprobe: (tenantId: string) => void;
}

function ProbedAt({ item }: { item: IsolationSummary }) {
  if (!item.probedAt) {
    return <Text color="secondary">{item.error?.code === 'not_configured' ? 'Not configured' : 'Not probed yet'}</Text>;
  }
  return (
    <Tooltip content={formatTimestamp(item.probedAt)}>
      <span>{formatTimeAgo(item.probedAt)}</span>
    </Tooltip>
  );
}

function Failing({ item }: { item: IsolationSummary }) {
  if (item.error && item.error.code !== 'not_probed' && item.error.code !== 'not_configured') {
    return <Text color="warning">No report: {item.error.message}</Text>;
  }
  if (item.failing.length === 0 || item.error) {
    return <Text color="secondary">—</Text>;
  }
  const rest = item.failing.length - MAX_FAILING_SHOWN;
  return (
    <span>
      {item.failing.slice(0, MAX_FAILING_SHOWN).map((f) => (
        <Badge key={f.check} color={RESULT_COLOR[f.result]} text={CHECK_LABELS[f.check]} />
      ))}
      {rest > 0 && <Text color="secondary"> +{rest} more</Text>}
    </span>
  );
}

/** One row per tenant, most severe verdict first (the sidecar's order). */
export function PostureTable({ items, busy, configured, onReprobe }: PostureTableProps) {
  const styles = useStyles2(getStyles);
  return (
    <table className={styles.table} aria-busy={busy} data-testid={testIds.isolation.table}>
      <thead>
        <tr>
          <th>Verdict</th>
          <th>Tenant</th>
          <th>Environment</th>
          <th>Failing checks</th>
          <th>Probed</th>
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr
            key={item.tenantId}
            data-testid={testIds.isolation.row}
            data-tenant-id={item.tenantId}
            data-verdict={item.verdict}
            data-environment={item.environment ?? ''}
          >
            <td>
              <VerdictBadge verdict={item.verdict} />
            </td>
            <td>
              {item.known ? (
                <Link to={tenantUrl(item.tenantId, TENANT_TABS.isolation)} data-testid={testIds.isolation.rowLink}>
                  {item.tenantId}
                </Link>
              ) : (
                <Tooltip content="Reported by the platform; Switchyard has no tenant record for it">
                  <span>{item.tenantId} (unregistered)</span>
                </Tooltip>
              )}
            </td>
            <td>{item.environment ?? '—'}</td>
            <td>
              <Failing item={item} />
            </td>
            <td>
              <ProbedAt item={item} />
            </td>
            <td className={styles.actions}>
              <PermissionButton
                action={Actions.isolationProbe}
                size="sm"
                variant="secondary"
                icon="sync"
                disabled={!configured}
                tooltip={configured ? undefined : 'The platform isolation API is not configured'}
                data-testid={testIds.isolation.reprobe}
                aria-label={`Re-probe ${item.tenantId}`}
                onClick={() => onReprobe(item.tenantId)}
              >
                Re-probe
              </PermissionButton>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    ...dataTableStyle(theme),
    'td span > div': { marginRight: theme.spacing(0.5) },
  }),
  actions: css({ textAlign: 'right' }),
});
