import type { ActionIntent } from './ActionFlowScene';
import { Actions, SHARD_PAGE_ACTIONS, type CreateJob, type ShardPageAction } from '../contract';

/** Shard actions (cordon, uncordon, drain) as intents of the shared action flow; the fleet and shard pages launch them. */

/** What a shard page can run (and open from `?action=`): the contract's list. */
export const SHARD_ACTIONS = SHARD_PAGE_ACTIONS;
export type ShardAction = ShardPageAction;

const SHARD_ACTION_LABEL: Record<ShardAction, string> = {
  cordon: 'Cordon',
  uncordon: 'Uncordon',
  drain: 'Drain',
};

export function shardJobBody(action: ShardAction, shardId: string, reason: string, ref = 'placement/fleet'): CreateJob {
  const source = { kind: 'page' as const, ref };
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
export function shardActionIntent(action: ShardAction, shardId: string, ref?: string): ActionIntent {
  return {
    id: `shard.${action}:${shardId}`,
    action,
    title: `${SHARD_ACTION_LABEL[action]} shard ${shardId}`,
    permission: Actions.placementWrite,
    runLabel: SHARD_ACTION_LABEL[action],
    body: (reason) => shardJobBody(action, shardId, reason, ref),
  };
}
