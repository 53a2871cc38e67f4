/**
 * The fleet page's graphs of one service kind: load per shard and utilization against capacity
 * (shared builders), each series named with its shard's state when not ready ("gw-2 (draining)").
 */
import type { DataFrame } from '@grafana/data';
import type { CustomTransformOperator, SceneDataQuery } from '@grafana/scenes';
import { map } from 'rxjs';
import type { ServiceKind, ShardStatus } from '../../contract';
import { shardLoad, shardUtilization } from '../../shared/queries';
import type { TimeseriesSpec } from '../../shared/panels/observedPanels';

export function shardLoadQueries(kind: ServiceKind): SceneDataQuery[] {
  return [
    { refId: 'load', expr: shardLoad(kind), legendFormat: '{{shard}}' },
    { refId: 'utilization', expr: shardUtilization(kind), legendFormat: '{{shard}}' },
  ];
}

/** Series names with the shard's state when it is not ready: `gw-2 (cordoned)`. */
export function markShardStatus(frames: DataFrame[], statuses: ReadonlyMap<string, ShardStatus>): DataFrame[] {
  return frames.map((frame) => {
    let changed = false;
    const fields = frame.fields.map((field) => {
      const shard = field.labels?.shard;
      const status = shard ? statuses.get(shard) : undefined;
      if (!shard || !status || status === 'ready') return field;
      changed = true;
      return { ...field, config: { ...field.config, displayNameFromDS: `${shard} (${status})` } };
    });
    return changed ? { ...frame, fields } : frame;
  });
}

/** {@link markShardStatus} as a panel transformation reading the statuses the page last loaded. */
export function shardStatusTransform(statuses: () => ReadonlyMap<string, ShardStatus>): CustomTransformOperator {
  return () => (source) => source.pipe(map((frames: DataFrame[]) => markShardStatus(frames, statuses())));
}

export function shardLoadPanels(kind: ServiceKind, transform: CustomTransformOperator): TimeseriesSpec[] {
  const empty = `No ${kind} load in this range`;
  return [
    { title: `${kind} load per shard`, unit: 'ops', refIds: ['load'], emptyText: empty, transform },
    {
      title: 'Utilization against capacity',
      unit: 'percentunit',
      refIds: ['utilization'],
      emptyText: empty,
      transform,
    },
  ];
}
