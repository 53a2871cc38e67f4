import React from 'react';
import type { TenantStatus } from '../contract';
import { LookBadge, type BadgeLook } from './LookBadge';
import { testIds } from './testIds';

const LOOK: Record<TenantStatus, BadgeLook> = {
  provisioning: { color: 'blue', icon: 'plus-circle', label: 'Provisioning' },
  active: { color: 'green', icon: 'check-circle', label: 'Active' },
  draining: { color: 'orange', icon: 'arrow-down', label: 'Draining' },
  migrating: { color: 'purple', icon: 'exchange-alt', label: 'Migrating' },
  degraded: { color: 'orange', icon: 'exclamation-triangle', label: 'Degraded' },
  suspended: { color: 'red', icon: 'pause-circle', label: 'Suspended' },
  archived: { color: 'darkgrey', icon: 'archive-alt', label: 'Archived' },
};

export function statusLabel(status: TenantStatus): string {
  return LOOK[status].label;
}

/** A tenant status pill: colour and icon per lifecycle state, the state's name as text. */
export function StatusBadge({ status }: { status: TenantStatus }) {
  return <LookBadge look={LOOK[status]} kind="Status" data-testid={testIds.statusBadge} data-status={status} />;
}
