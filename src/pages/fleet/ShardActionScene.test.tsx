import type { OperationsApi } from '../../api/operationsApi';
import { ShardActionScene, shardJobBody } from './ShardActionScene';

function fakeOps(blocked = false) {
  const plan = {
    blocked,
    preflight: [{ name: 'shard-status', ok: !blocked, message: 'Shard is ready', measured: 'ready' }],
    steps: [],
    diff: [],
  };
  return {
    createJob: jest
      .fn()
      .mockImplementation(async (_b, dryRun: boolean) => ({ dryRun, plan, job: dryRun ? null : { id: 'job-7' } })),
  } as unknown as jest.Mocked<OperationsApi>;
}

describe('ShardActionScene', () => {
  it('open runs the preflight as a dry run; run creates the job with the reason and keeps one idempotency key', async () => {
    const ops = fakeOps();
    const scene = new ShardActionScene({}, ops);
    await scene.open('gateway-prod-1', 'cordon');
    expect(ops.createJob).toHaveBeenLastCalledWith(
      expect.objectContaining({ type: 'shard.cordon', params: { shardId: 'gateway-prod-1' } }),
      true,
      expect.any(String)
    );
    expect(scene.state.plan?.blocked).toBe(false);
    scene.setReason('hardware maintenance');
    await scene.run();
    await scene.run();
    const runs = ops.createJob.mock.calls.filter((c) => c[1] === false);
    expect(runs).toHaveLength(2);
    expect(runs[0][0]).toEqual(expect.objectContaining({ reason: 'hardware maintenance' }));
    expect(runs[0][2]).toBe(runs[1][2]);
    expect(scene.state.jobId).toBe('job-7');
  });

  it('drain creates a shard.drain job with a concurrency limit', () => {
    expect(shardJobBody('drain', 's-1', 'r')).toEqual(
      expect.objectContaining({ type: 'shard.drain', params: { shardId: 's-1', concurrency: 2 } })
    );
    expect(shardJobBody('uncordon', 's-1', 'r').type).toBe('shard.uncordon');
  });
});
