import { css, cx } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { Checkbox, Dropdown, IconButton, Menu, useStyles2 } from '@grafana/ui';
import React from 'react';
import { Link } from '../../shared/Link';
import { can, missingPermissionReason } from '../../shared/permissions';
import { tenantUrl, TENANT_TABS } from '../../shared/routing';
import { StatusBadge, statusLabel } from '../../shared/StatusBadge';
import { testIds } from '../../shared/testIds';
import { Actions, allowedNextStatuses, type Tenant, type TenantStatus } from '../../contract';
import { formatTimestamp } from '../../shared/timestamps';
import { dataTableStyle } from '../../shared/tableStyles';

const SORTABLE: Array<{ field: string; label: string }> = [
  { field: 'id', label: 'Id' },
  { field: 'displayName', label: 'Name' },
  { field: 'status', label: 'Status' },
];

export interface TenantsTableProps {
  items: Tenant[];
  sort: string;
  selected: string[];
  busy: boolean;
  onToggleSort: (field: string) => void;
  onToggleSelected: (id: string) => void;
  onToggleSelectAll: () => void;
  onChangeStatus: (ids: string[], to: TenantStatus) => void;
}

function ariaSort(sort: string, field: string): 'ascending' | 'descending' | 'none' {
  return sort === field ? 'ascending' : sort === `-${field}` ? 'descending' : 'none';
}

function RowActions({
  tenant,
  onChangeStatus,
}: {
  tenant: Tenant;
  onChangeStatus: TenantsTableProps['onChangeStatus'];
}) {
  const writable = can(Actions.tenantsWrite);
  const next = allowedNextStatuses(tenant.status);
  const menu = (
    <Menu>
      <Menu.Item label="Open" icon="eye" onClick={() => locationService.push(tenantUrl(tenant.id))} />
      <Menu.Item
        label="Activity"
        icon="history"
        onClick={() => locationService.push(tenantUrl(tenant.id, TENANT_TABS.activity))}
      />
      {next.length > 0 && <Menu.Divider />}
      {next.map((to) => (
        <Menu.Item
          key={to}
          label={`Change status to ${statusLabel(to)}…`}
          disabled={!writable}
          description={writable ? undefined : missingPermissionReason(Actions.tenantsWrite)}
          onClick={() => onChangeStatus([tenant.id], to)}
        />
      ))}
    </Menu>
  );
  return (
    <Dropdown overlay={menu} placement="bottom-end">
      <IconButton name="ellipsis-v" aria-label={`Actions for ${tenant.id}`} data-testid={testIds.tenants.rowActions} />
    </Dropdown>
  );
}

/** Plain semantic table (no core panel needed), with sortable headers, selection and row actions. */
export function TenantsTable(props: TenantsTableProps) {
  const { items, sort, selected, busy, onToggleSort, onToggleSelected, onToggleSelectAll, onChangeStatus } = props;
  const styles = useStyles2(getStyles);
  const allSelected = items.length > 0 && items.every((t) => selected.includes(t.id));
  const someSelected = !allSelected && items.some((t) => selected.includes(t.id));

  return (
    <table className={cx(styles.table, busy && styles.busy)} data-testid={testIds.tenants.table} aria-busy={busy}>
      <thead>
        <tr>
          <th className={styles.narrow}>
            <Checkbox
              aria-label="Select all tenants on this page"
              value={allSelected}
              indeterminate={someSelected}
              onChange={onToggleSelectAll}
              data-testid={testIds.tenants.selectAll}
            />
          </th>
          {SORTABLE.map(({ field, label }) => (
            <th key={field} aria-sort={ariaSort(sort, field)}>
              <button
                type="button"
                className={styles.sortButton}
                onClick={() => onToggleSort(field)}
                data-testid={`${testIds.tenants.sortPrefix}${field}`}
              >
                {label}
                {sort === field ? ' ▲' : sort === `-${field}` ? ' ▼' : ''}
              </button>
            </th>
          ))}
          <th>Environment</th>
          <th>Plan</th>
          <th>Labels</th>
          <th aria-sort={ariaSort(sort, 'updatedAt')}>
            <button
              type="button"
              className={styles.sortButton}
              onClick={() => onToggleSort('updatedAt')}
              data-testid={`${testIds.tenants.sortPrefix}updatedAt`}
            >
              Updated{sort === 'updatedAt' ? ' ▲' : sort === '-updatedAt' ? ' ▼' : ''}
            </button>
          </th>
          <th className={styles.narrow}>
            <span className={styles.srOnly}>Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((t) => (
          <tr
            key={t.id}
            data-testid={testIds.tenants.row}
            data-tenant-id={t.id}
            aria-selected={selected.includes(t.id)}
          >
            <td>
              <Checkbox
                aria-label={`Select ${t.id}`}
                value={selected.includes(t.id)}
                onChange={() => onToggleSelected(t.id)}
                data-testid={testIds.tenants.rowCheckbox}
              />
            </td>
            <td>
              <Link to={tenantUrl(t.id)} data-testid={testIds.tenants.rowLink} className={styles.link}>
                {t.id}
              </Link>
            </td>
            <td>{t.displayName}</td>
            <td>
              <StatusBadge status={t.status} />
            </td>
            <td>{t.environment}</td>
            <td>{t.plan}</td>
            <td className={styles.labels}>
              {Object.entries(t.labels)
                .map(([k, v]) => (v ? `${k}=${v}` : k))
                .join(', ')}
            </td>
            <td>{formatTimestamp(t.updatedAt)}</td>
            <td>
              <RowActions tenant={t} onChangeStatus={onChangeStatus} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css(dataTableStyle(theme)),
  busy: css({ opacity: 0.6 }),
  narrow: css({ width: theme.spacing(5) }),
  sortButton: css({
    all: 'unset',
    cursor: 'pointer',
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}` },
  }),
  link: css({ color: theme.colors.text.link, fontFamily: theme.typography.fontFamilyMonospace }),
  labels: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  srOnly: css({ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }),
});
