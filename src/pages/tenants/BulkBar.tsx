import { css } from '@emotion/css';
import type { GrafanaTheme2, SelectableValue } from '@grafana/data';
import { Select, Text, useStyles2 } from '@grafana/ui';
import React, { useState } from 'react';
import { PermissionButton } from '../../shared/PermissionButton';
import { statusLabel } from '../../shared/StatusBadge';
import { testIds } from '../../shared/testIds';
import { Actions, TENANT_STATUSES, type TenantStatus } from '../../contract';

/** Targets a bulk change can ask for; the sidecar checks each tenant's transition and reports per tenant. */
const TARGETS: Array<SelectableValue<TenantStatus>> = TENANT_STATUSES.filter((s) => s !== 'provisioning').map((s) => ({
  value: s,
  label: statusLabel(s),
}));

export interface BulkBarProps {
  count: number;
  onChangeStatus: (to: TenantStatus) => void;
}

export function BulkBar({ count, onChangeStatus }: BulkBarProps) {
  const styles = useStyles2(getStyles);
  const [to, setTo] = useState<TenantStatus | undefined>();
  return (
    <div className={styles.bar} data-testid={testIds.tenants.bulkBar} role="region" aria-label="Bulk actions">
      <Text weight="medium">{count === 1 ? '1 tenant selected' : `${count} tenants selected`}</Text>
      <div data-testid={testIds.tenants.bulkStatus}>
        <Select
          aria-label="New status for the selected tenants"
          placeholder="New status"
          options={TARGETS}
          value={to}
          width={24}
          onChange={(v) => setTo(v.value)}
        />
      </div>
      <PermissionButton
        action={Actions.tenantsWrite}
        disabled={!to}
        onClick={() => to && onChangeStatus(to)}
        data-testid={testIds.tenants.bulkSubmit}
      >
        Change status…
      </PermissionButton>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  bar: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    padding: theme.spacing(1, 2),
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
  }),
});
