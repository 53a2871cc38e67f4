import type { SceneObjectUrlValues } from '@grafana/scenes';
import { SERVICE_KINDS, SHARD_STATUSES, type ServiceKind, type ShardStatus } from '../../contract';
import { oneOf, optionalValue } from '../../shared/urlState';

/** What the fleet page keeps in the URL: the service-kind tab, a status filter and the page cursor. */
export interface FleetUrlState {
  kind: ServiceKind;
  status?: ShardStatus;
  cursor?: string;
}

export const FLEET_URL_KEYS = ['kind', 'status', 'cursor'] as const;

export function fleetStateFromUrl(values: SceneObjectUrlValues): FleetUrlState {
  return {
    kind: oneOf(values.kind, SERVICE_KINDS) ?? 'gateway',
    status: oneOf(values.status, SHARD_STATUSES),
    cursor: optionalValue(values.cursor),
  };
}

export function fleetStateToUrl(s: FleetUrlState): SceneObjectUrlValues {
  return { kind: s.kind, status: s.status ?? null, cursor: s.cursor ?? null };
}

export const sameFleetState = (a: FleetUrlState, b: FleetUrlState) =>
  a.kind === b.kind && a.status === b.status && a.cursor === b.cursor;
