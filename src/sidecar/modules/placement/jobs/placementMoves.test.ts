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
import { fakeNodeAdmin } from '../../../testing/fakeNodeAdmin';

async function setup(failOn: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'sy-moves-'));
  const db = await openSidecarDatabase({ kind: 'sqlite', path: join(dir, 'p.db') });
  const store = new SqlPlacementStore(db.db);
  const meta = { at: testClock().now(), actor: 't', reason: null, jobId: null };
  const platform = fakeNodeAdmin(new Set(failOn));
  const moves: PlannedMoveRef[] = [];
  for (let i = 0; i < 8; i++) {
    await store.createAssignment(`t-${i}`, 'runner', 'src', meta);
    platform.placed.set(`t-${i}`, 'src');
    moves.push({ tenantId: `t-${i}`, kind: 'runner', from: 'src', to: i % 2 ? 'dst-b' : 'dst-a' });
  }
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
      for (const m of s.moves) {
        assert.equal((await s.store.getAssignment(m.tenantId, 'runner'))?.shardId, m.to);
        assert.equal(s.platform.placed.get(m.tenantId), m.to, `the platform serves ${m.tenantId} from ${m.to}`);
      }
      assert.deepEqual([...s.platform.draining], [], 'no drain left behind');
      const sent = s.platform.effects().length;
      const again = await runMoves(s.ctx, s.moves, { concurrency: 3, maxFailures: 1, drainTimeoutSeconds: 5 });
      assert.deepEqual(again.tally, { moved: 0, skipped: 8, failed: 0 });
      assert.equal(s.platform.effects().length, sent, 'a replay of finished moves sends nothing');
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

  /** Move 0 as the job ran it up to a crash: the drain sent and, when `written`, the placement written. */
  async function crashedMove(s: Awaited<ReturnType<typeof setup>>, written: { jobId: string } | null) {
    const m = s.moves[0]!;
    await s.platform.drain(m.from, m.tenantId);
    if (written) {
      const a = (await s.store.getAssignment(m.tenantId, 'runner'))!;
      await s.store.moveAssignment(m.tenantId, 'runner', a.revision, m.to, {
        at: testClock().now(),
        actor: 'alice',
        reason: 'rebalance',
        jobId: written.jobId,
      });
    }
    s.platform.calls.length = 0;
    return m;
  }

  test('a crash after the placement write: the replay finishes the move on the platform, each call once', async () => {
    const s = await setup([]);
    try {
      const m = await crashedMove(s, { jobId: 'job-1' });
      assert.equal(s.platform.placed.get(m.tenantId), 'src', 'the platform has not taken the move yet');
      const r = await runMoves(s.ctx, [m], { concurrency: 1, maxFailures: 1, drainTimeoutSeconds: 5 });
      assert.deepEqual(r.tally, { moved: 1, skipped: 0, failed: 0 });
      assert.equal(s.platform.placed.get(m.tenantId), m.to);
      assert.deepEqual([...s.platform.draining], []);
      assert.deepEqual(s.platform.effects(), [`reload ${m.to}`, `undrain ${m.tenantId}@src`]);
      assert.equal((await s.store.history(m.tenantId, 'runner', 5)).length, 2, 'the placement was written once');
      const again = await runMoves(s.ctx, [m], { concurrency: 1, maxFailures: 1, drainTimeoutSeconds: 5 });
      assert.deepEqual(again.tally, { moved: 0, skipped: 1, failed: 0 });
      assert.equal(s.platform.effects().length, 2, 'nothing sent twice');
    } finally {
      await s.close();
    }
  });

  test('a crash after the drain: the replay does not drain again, and moves once', async () => {
    const s = await setup([]);
    try {
      const m = await crashedMove(s, null);
      const r = await runMoves(s.ctx, [m], { concurrency: 1, maxFailures: 1, drainTimeoutSeconds: 5 });
      assert.deepEqual(r.tally, { moved: 1, skipped: 0, failed: 0 });
      assert.deepEqual(s.platform.effects(), [`reload ${m.to}`, `undrain ${m.tenantId}@src`]);
      assert.equal(s.platform.placed.get(m.tenantId), m.to);
    } finally {
      await s.close();
    }
  });

  test("another writer's move is not this job's to finish: skipped, nothing sent", async () => {
    const s = await setup([]);
    try {
      const m = await crashedMove(s, { jobId: 'another-job' });
      const r = await runMoves(s.ctx, [m], { concurrency: 1, maxFailures: 1, drainTimeoutSeconds: 5 });
      assert.deepEqual(r.tally, { moved: 0, skipped: 1, failed: 0 });
      assert.deepEqual(s.platform.effects(), []);
    } finally {
      await s.close();
    }
  });
});
