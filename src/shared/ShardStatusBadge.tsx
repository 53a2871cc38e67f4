import { Badge, type BadgeColor } from '@grafana/ui';
import React from 'react';
import type { ShardStatus } from '../contract';

const STATUS_COLOR: Record<ShardStatus, BadgeColor> = {
  ready: 'green',
  cordoned: 'orange',
  draining: 'blue',
  down: 'red',
};

/** A shard's status as the fleet and shard pages draw it. */
export function ShardStatusBadge({ status }: { status: ShardStatus }) {
  return <Badge color={STATUS_COLOR[status]} text={status} aria-label={`Shard status: ${status}`} />;
}
