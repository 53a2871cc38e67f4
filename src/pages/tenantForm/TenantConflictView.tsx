import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, Button, Stack, useStyles2 } from '@grafana/ui';
import React from 'react';
import type { Tenant, UpdateTenant } from '../../contract';
import { testIds } from '../../shared/testIds';
import { conflictRows, fieldLabel } from './tenantDraft';

const show = (v: unknown) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));

export interface TenantConflictViewProps {
  /** The tenant your edit started from. */
  base: Tenant;
  /** The tenant as it is stored now. */
  theirs: Tenant;
  yours: UpdateTenant;
  onReapply: () => void;
  onDiscard: () => void;
}

/**
 * Someone saved the tenant after you loaded it (412): per field, what you started from, what they
 * saved and what you want. "Reload and reapply" puts your changes on top of theirs and plans again;
 * nothing is saved until you save the new plan.
 */
export function TenantConflictView({ base, theirs, yours, onReapply, onDiscard }: TenantConflictViewProps) {
  const styles = useStyles2(getStyles);
  const rows = conflictRows(base, theirs, yours);
  return (
    <div data-testid={testIds.tenantForm.conflict}>
      <Stack direction="column" gap={2}>
        <Alert severity="warning" title={`Tenant ${theirs.id} changed while you were editing`}>
          You edited version {base.version}; version {theirs.version} was saved since (updated {theirs.updatedAt}).
          Nothing of yours was saved.
        </Alert>
        <table className={styles.table}>
          <thead>
            <tr>
              <th>Field</th>
              <th>You started from</th>
              <th>Theirs (now)</th>
              <th>Yours</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.field} data-testid={testIds.tenantForm.conflictRow} data-field={r.field}>
                <td>
                  {fieldLabel(r.field)} {r.theyChanged && r.field in yours && <Badge color="red" text="both changed" />}
                </td>
                <td className={styles.muted}>{show(r.base)}</td>
                <td className={r.theyChanged ? styles.changed : undefined}>{show(r.theirs)}</td>
                <td className={r.field in yours ? styles.changed : styles.muted}>{show(r.yours)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Stack direction="row" gap={1}>
          <Button icon="sync" onClick={onReapply} data-testid={testIds.tenantForm.reapply}>
            Reload and reapply my changes
          </Button>
          <Button variant="secondary" onClick={onDiscard}>
            Discard mine and reload
          </Button>
        </Stack>
      </Stack>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': {
      textAlign: 'left',
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      wordBreak: 'break-word',
    },
  }),
  muted: css({ color: theme.colors.text.secondary }),
  changed: css({ fontWeight: theme.typography.fontWeightMedium }),
});
