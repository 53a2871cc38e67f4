import { Actions } from '../contract';
import { shardActionIntent, shardJobBody } from './shardActions';

describe('shard actions', () => {
  it('drain creates a shard.drain job with a concurrency limit', () => {
    expect(shardJobBody('drain', 's-1', 'r')).toEqual(
      expect.objectContaining({ type: 'shard.drain', params: { shardId: 's-1', concurrency: 2 } })
    );
    expect(shardJobBody('uncordon', 's-1', 'r').type).toBe('shard.uncordon');
  });

  it('an intent per shard and action: the body carries the reason, placement:write is needed', () => {
    const intent = shardActionIntent('cordon', 'gateway-prod-1');
    expect(intent.id).not.toBe(shardActionIntent('cordon', 'gateway-prod-2').id);
    expect(intent.id).not.toBe(shardActionIntent('drain', 'gateway-prod-1').id);
    expect(intent.permission).toBe(Actions.placementWrite);
    expect(intent.body('hardware maintenance')).toEqual({
      type: 'shard.cordon',
      params: { shardId: 'gateway-prod-1' },
      reason: 'hardware maintenance',
      source: { kind: 'page', ref: 'placement/fleet' },
    });
  });
});
