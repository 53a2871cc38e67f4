import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StepContext } from '../../../jobs/jobType';
import { runMoves, type PlannedMoveRef } from './placementMoves';
import { SqlPlacementStore } from '../sqlPlacementStore';
import { testClock } from '../../../testing/testClock';
import { openSidecarDatabase } from '../../../app';
import type { PlacementJobTypeDeps } from './placementJobDeps';

/** A node admin stand-in: records calls; reloads of `failOn` shards fail. */
function fakePlatform(failOn: Set<string>) {
  const calls: string[] = [];
  let running = 0;
  let peak = 0;
  const track = async <T>(name: string, v: T) => {
    running += 1;
    peak = Math.max(peak, running);
    calls.push(name);
    await new Promise((r) => setTimeout(r, 5));
    running -= 1;
    return v;
  };
  return {
    calls,
    peak: () => peak,
    drain: (shard: string, tenant: string) => track(`drain ${tenant}@${shard}`, undefined),
    undrain: (shard: string, tenant: string) => track(`undrain ${tenant}@${shard}`, undefined),
    placementStatus: (shard: string) => track(`status ${shard}`, { shard, tenants: [] }),
    reload: async (shard: string) => {
      if (failOn.has(shard)) throw new Error(`reload of ${shard} failed`);
      return track(`reload ${shard}`, { tenants: [] });
    },
  };
}

async function setup(failOn: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'sy-moves-'));
  const db = await openSidecarDatabase({ kind: 'sqlite', path: join(dir, 'p.db') });
  const store = new SqlPlacementStore(db.db);
  const meta = { at: testClock().now(), actor: 't', reason: null, jobId: null };
  const moves: PlannedMoveRef[] = [];
  for (let i = 0; i < 8; i++) {
    await store.createAssignment(`t-${i}`, 'runner', 'src', meta);
    moves.push({ tenantId: `t-${i}`, kind: 'runner', from: 'src', to: i % 2 ? 'dst-b' : 'dst-a' });
  }
  const platform = fakePlatform(new Set(failOn));
  const ctx = {
    jobId: 'job-1',
    reason: 'rebalance',
    signal: new AbortController().signal,
    context: {},
    params: {},
    mutation: { actor: { login: 'alice', orgId: 1 }, requestId: 'r' },
    deps: { pollIntervalMs: 1, clock: testClock(), placement: { store, platform, vm: {}, thresholds: {} } },
  } as unknown as StepContext<unknown, PlacementJobTypeDeps>;
  return {
    store,
    platform,
    ctx,
    moves,
    close: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('batch moves (shard drain, rebalance apply)', () => {
  test('run every move with at most `concurrency` at once; a replay skips moves already done', async () => {
    const s = await setup([]);
    try {
      const r = await runMoves(s.ctx, s.moves, { concurrency: 3, maxFailures: 1, drainTimeoutSeconds: 5 });
      assert.deepEqual(r.tally, { moved: 8, skipped: 0, failed: 0 });
      assert.ok(s.platform.peak() <= 3, `peak concurrency ${s.platform.peak()}`);
      for (const m of s.moves) assert.equal((await s.store.getAssignment(m.tenantId, 'runner'))?.shardId, m.to);
      const again = await runMoves(s.ctx, s.moves, { concurrency: 3, maxFailures: 1, drainTimeoutSeconds: 5 });
      assert.deepEqual(again.tally, { moved: 0, skipped: 8, failed: 0 });
    } finally {
      await s.close();
    }
  });

  test('stop condition: after maxFailures failed moves no new move starts', async () => {
    const s = await setup(['dst-b']);
    try {
      const r = await runMoves(s.ctx, s.moves, { concurrency: 1, maxFailures: 2, drainTimeoutSeconds: 5 });
      assert.equal(r.tally.failed, 2);
      assert.equal(r.tally.moved, 2, 't-0 and t-2 moved before the second failure (t-3)');
      assert.equal(r.notStarted, 4);
      assert.match(r.failures[0].error, /reload of dst-b failed/);
      // A failed move is rolled back: the store does not claim a placement the platform refused.
      assert.equal((await s.store.getAssignment('t-1', 'runner'))?.shardId, 'src');
      assert.equal((await s.store.history('t-1', 'runner', 5))[0].reason, 'rollback: reload of dst-b failed');
      assert.ok(s.platform.calls.includes('undrain t-1@src'));
    } finally {
      await s.close();
    }
  });
});
