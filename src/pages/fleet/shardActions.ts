import type { ActionIntent } from '../../shared/ActionFlowScene';
import { Actions, type CreateJob } from '../../contract';

export type ShardAction = 'cordon' | 'uncordon' | 'drain';

const SHARD_ACTION_LABEL: Record<ShardAction, string> = {
  cordon: 'Cordon',
  uncordon: 'Uncordon',
  drain: 'Drain',
};

export function shardJobBody(action: ShardAction, shardId: string, reason: string): CreateJob {
  const source = { kind: 'page' as const, ref: 'placement/fleet' };
  if (action === 'drain') {
    return { type: 'shard.drain', params: { shardId, concurrency: 2 }, reason, source } as CreateJob;
  }
  return {
    type: action === 'cordon' ? 'shard.cordon' : 'shard.uncordon',
    params: { shardId },
    reason,
    source,
  } as CreateJob;
}

/** A shard action as an intent of the shared plan → reason → run flow. */
export function shardActionIntent(action: ShardAction, shardId: string): ActionIntent {
  return {
    id: `shard.${action}:${shardId}`,
    action,
    title: `${SHARD_ACTION_LABEL[action]} shard ${shardId}`,
    permission: Actions.placementWrite,
    runLabel: SHARD_ACTION_LABEL[action],
    body: (reason) => shardJobBody(action, shardId, reason),
  };
}
