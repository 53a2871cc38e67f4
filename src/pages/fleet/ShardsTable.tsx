import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Stack, useStyles2 } from '@grafana/ui';
import React from 'react';
import { Link } from '../../shared/Link';
import { PermissionButton } from '../../shared/PermissionButton';
import { Actions, type ShardView } from '../../contract';
import { ShardStatusBadge } from '../../shared/ShardStatusBadge';
import { shardUrl } from '../../shared/routing';
import type { ShardAction } from '../../shared/shardActions';
import { dataTableStyle } from '../../shared/tableStyles';
import { testIds } from '../../shared/testIds';

interface Props {
  items: ShardView[];
  loadError: string | null;
  busy: boolean;
  onAction(shardId: string, action: ShardAction): void;
}

const pct = (u: number | null) => (u === null ? '—' : `${Math.round(u * 100)} %`);

/** Shards of one service kind. Actions a shard's status does not allow are disabled with the reason. */
export function ShardsTable({ items, loadError, busy, onAction }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <>
      {loadError && (
        <Alert severity="warning" title="Load unavailable" data-testid={testIds.placement.loadError}>
          Utilization cannot be shown: {loadError}
        </Alert>
      )}
      <table className={styles.table} data-testid={testIds.placement.shards} aria-busy={busy}>
        <thead>
          <tr>
            <th>Shard</th>
            <th>Status</th>
            <th>Environment</th>
            <th>Region</th>
            <th>Version</th>
            <th className={styles.num}>Tenants</th>
            <th className={styles.num}>Load (rps)</th>
            <th className={styles.num}>Capacity</th>
            <th>Utilization</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {items.map((s) => (
            <tr key={s.id} data-testid={testIds.placement.shardRow} data-shard={s.id}>
              <td>
                <Link to={shardUrl(s.id)} data-testid={testIds.placement.shardLink}>
                  {s.id}
                </Link>
              </td>
              <td>
                <ShardStatusBadge status={s.status} />
              </td>
              <td>{s.labels.env ?? '—'}</td>
              <td>{s.region}</td>
              <td>{s.version}</td>
              <td className={styles.num}>{s.tenants}</td>
              <td className={styles.num}>{s.load === null ? '—' : s.load.toFixed(1)}</td>
              <td className={styles.num}>{s.capacity}</td>
              <td>
                <div className={styles.bar} title={pct(s.utilization)}>
                  <div className={styles.fill(s.utilization)} />
                </div>
                {pct(s.utilization)}
              </td>
              <td>
                <Stack direction="row" gap={1}>
                  <PermissionButton
                    action={Actions.placementWrite}
                    size="sm"
                    variant="secondary"
                    disabled={s.status !== 'ready'}
                    title={s.status !== 'ready' ? `Only a ready shard can be cordoned (it is ${s.status})` : undefined}
                    onClick={() => onAction(s.id, 'cordon')}
                  >
                    Cordon
                  </PermissionButton>
                  <PermissionButton
                    action={Actions.placementWrite}
                    size="sm"
                    variant="secondary"
                    disabled={s.status !== 'cordoned'}
                    title={
                      s.status !== 'cordoned'
                        ? `Only a cordoned shard can be uncordoned (it is ${s.status})`
                        : undefined
                    }
                    onClick={() => onAction(s.id, 'uncordon')}
                  >
                    Uncordon
                  </PermissionButton>
                  <PermissionButton
                    action={Actions.placementWrite}
                    size="sm"
                    variant="destructive"
                    disabled={s.tenants === 0 || s.status === 'draining'}
                    title={
                      s.tenants === 0 ? 'No tenants to move' : s.status === 'draining' ? 'Already draining' : undefined
                    }
                    onClick={() => onAction(s.id, 'drain')}
                  >
                    Drain
                  </PermissionButton>
                </Stack>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css(dataTableStyle(theme)),
  num: css({ textAlign: 'right' }),
  bar: css({
    display: 'inline-block',
    width: 80,
    height: 8,
    marginRight: theme.spacing(1),
    background: theme.colors.background.secondary,
    borderRadius: 4,
    overflow: 'hidden',
  }),
  fill: (u: number | null) =>
    css({
      width: `${Math.min(100, Math.round((u ?? 0) * 100))}%`,
      height: '100%',
      background:
        (u ?? 0) > 0.9
          ? theme.colors.error.main
          : (u ?? 0) > 0.75
            ? theme.colors.warning.main
            : theme.colors.success.main,
    }),
});
