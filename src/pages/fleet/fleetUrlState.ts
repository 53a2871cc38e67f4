import type { SceneObjectUrlValues } from '@grafana/scenes';
import { SERVICE_KINDS, SHARD_STATUSES, type ServiceKind, type ShardStatus } from '../../contract';

/** What the fleet page keeps in the URL: the service-kind tab, a status filter and the page cursor. */
export interface FleetUrlState {
  kind: ServiceKind;
  status?: ShardStatus;
  cursor?: string;
}

export const FLEET_URL_KEYS = ['kind', 'status', 'cursor'] as const;

const one = (v: SceneObjectUrlValues[string]): string | undefined => (Array.isArray(v) ? v[0] : v) ?? undefined;

export function fleetStateFromUrl(values: SceneObjectUrlValues): FleetUrlState {
  const kind = one(values.kind);
  const status = one(values.status);
  const cursor = one(values.cursor);
  return {
    kind: SERVICE_KINDS.includes(kind as ServiceKind) ? (kind as ServiceKind) : 'gateway',
    status: SHARD_STATUSES.includes(status as ShardStatus) ? (status as ShardStatus) : undefined,
    cursor: cursor || undefined,
  };
}

export function fleetStateToUrl(s: FleetUrlState): SceneObjectUrlValues {
  return { kind: s.kind, status: s.status ?? null, cursor: s.cursor ?? null };
}

export const sameFleetState = (a: FleetUrlState, b: FleetUrlState) =>
  a.kind === b.kind && a.status === b.status && a.cursor === b.cursor;
