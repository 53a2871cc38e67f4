/**
 * tenant.migrate's platform-facing steps run as the job runner runs them (the same step again after a
 * transient failure or a takeover, the signal aborted on a lost lease), against the SQL placement store
 * and a node admin stand-in that keeps the platform's placement: the job can only succeed when the
 * platform serves the tenant from the target, and a rollback, once begun, ends the job in a failure.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobParams } from '../../../../contract';
import type { StepContext } from '../../../jobs/jobType';
import { FencedOut } from '../../../jobs/jobs.store';
import { StepAborted, StepError } from '../../../jobs/stepErrors';
import { openSidecarDatabase } from '../../../app';
import { PlatformCallError } from '../../../platform/platformCallError';
import { VmUnavailable } from '../../../platform/victoriaMetrics';
import { fakeNodeAdmin } from '../../../testing/fakeNodeAdmin';
import { testClock } from '../../../testing/testClock';
import { SqlPlacementStore } from '../sqlPlacementStore';
import { tenantMigrate } from './migrate.job';
import type { PlacementJobTypeDeps } from './placementJobDeps';

const TENANT = 'acme-001';
type Ctx = StepContext<JobParams<'tenant.migrate'>, PlacementJobTypeDeps>;

/** VictoriaMetrics as the verify step reads it: each traffic read takes the next answer (the last one repeats). */
function fakeVm(traffic: Array<number | Error>) {
  let i = 0;
  return {
    tenantTrafficOn: async () => {
      const v = traffic[Math.min(i++, traffic.length - 1)];
      if (v instanceof Error) throw v;
      return v;
    },
    errorRatio: async () => 0,
  };
}

async function setup(traffic: Array<number | Error>, opts: { remember?: () => Promise<void> } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sy-migrate-'));
  const db = await openSidecarDatabase({ kind: 'sqlite', path: join(dir, 'p.db') });
  const store = new SqlPlacementStore(db.db);
  const clock = testClock();
  await store.createAssignment(TENANT, 'gateway', 'gw-src', { at: clock.now(), actor: 't', reason: null, jobId: null });
  const platform = fakeNodeAdmin();
  platform.placed.set(TENANT, 'gw-src');
  const tenant = { id: TENANT, status: 'active' };
  const context: Record<string, unknown> = {};
  const lease = new AbortController();
  const ctx = {
    jobId: 'job-1',
    reason: 'move off a hot shard',
    signal: lease.signal,
    context,
    remember: async (patch: Record<string, unknown>) => {
      await opts.remember?.();
      Object.assign(context, patch);
    },
    params: { tenantId: TENANT, kind: 'gateway', targetShardId: 'gw-dst', drainTimeoutSeconds: 5, verifySeconds: 1 },
    target: { environment: 'dev', tenantId: TENANT, target: TENANT, lockKey: `tenant:${TENANT}` },
    mutation: { actor: { login: 'alice', orgId: 1 }, requestId: 'r', jobId: 'job-1' },
    deps: {
      clock,
      pollIntervalMs: 1,
      waitTimeoutMs: 5_000,
      tenants: {
        get: async () => ({ ...tenant }),
        changeStatus: async (_m: unknown, _id: string, to: string) => Object.assign(tenant, { status: to }),
      },
      placement: { store, platform, vm: fakeVm(traffic), thresholds: { maxErrorRatio: 0.2 } },
    },
  } as unknown as Ctx;
  const step = (name: string) => {
    const s = tenantMigrate.steps.find((x) => x.name === name)!;
    return () => s.run(ctx);
  };
  /** The steps up to and including `last`, in order. */
  const runThrough = async (last: string) => {
    for (const s of tenantMigrate.steps) {
      await s.run(ctx);
      if (s.name === last) return;
    }
  };
  /**
   * A cancellation as the runner carries it out once the steps up to `last` succeeded (checked between
   * steps): each succeeded step's compensation, newest first, stopping at the first that fails.
   */
  const cancelAfter = async (last: string) => {
    const done = tenantMigrate.steps.slice(0, tenantMigrate.steps.findIndex((x) => x.name === last) + 1);
    for (const s of [...done].reverse()) await s.compensate?.run(ctx);
  };
  return {
    store,
    platform,
    tenant,
    context,
    lease,
    step,
    runThrough,
    cancelAfter,
    shardInStore: async () => (await store.getAssignment(TENANT, 'gateway'))?.shardId,
    close: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const rolledBack = (err: unknown) => err instanceof StepError && err.code === 'migration_rolled_back';

describe('tenant.migrate against the platform', () => {
  test('succeeds only once the platform serves the tenant from the target', async () => {
    const s = await setup([7.5]);
    try {
      await s.runThrough('mark-active');
      assert.equal(await s.shardInStore(), 'gw-dst');
      assert.equal(s.platform.placed.get(TENANT), 'gw-dst');
      assert.deepEqual([...s.platform.draining], []);
      assert.equal(s.tenant.status, 'active');
    } finally {
      await s.close();
    }
  });

  test('traffic on the target in VictoriaMetrics does not pass verification while the platform still serves from the source', async () => {
    // Earlier traffic on the target is still inside the rate window; the reload never reached the platform.
    const s = await setup([7.5]);
    try {
      await s.runThrough('update-placement');
      await assert.rejects(s.step('verify')(), (err) => {
        assert.ok(rolledBack(err), String(err));
        assert.match((err as Error).message, /placed on gw-src/);
        return true;
      });
      assert.equal(await s.shardInStore(), 'gw-src');
      assert.equal(s.platform.placed.get(TENANT), 'gw-src');
      assert.equal(s.tenant.status, 'active');
    } finally {
      await s.close();
    }
  });

  test('a rollback interrupted by a transient platform error is finished by the retried step, which fails: never a success on the source', async () => {
    const s = await setup([new VmUnavailable('VictoriaMetrics did not answer within 5000 ms'), 7.5]);
    try {
      await s.runThrough('reload-nodes');
      assert.equal(s.platform.placed.get(TENANT), 'gw-dst');
      s.platform.failNext('undrain', new PlatformCallError('node-admin', 'timeout', 'no answer within 5000 ms'));
      // First attempt: verification fails, the rollback moves store and platform back, then the undrain times out.
      await assert.rejects(s.step('verify')(), (err) => err instanceof PlatformCallError && err.transient);
      assert.equal(await s.shardInStore(), 'gw-src');
      assert.equal(s.platform.placed.get(TENANT), 'gw-src');
      // The runner retries the step (as a worker taking the job over would resume it): the rollback is finished.
      await assert.rejects(s.step('verify')(), (err) => rolledBack(err));
      assert.equal(await s.shardInStore(), 'gw-src');
      assert.equal(s.platform.placed.get(TENANT), 'gw-src');
      assert.deepEqual([...s.platform.draining], [], 'the source is undrained');
      assert.equal(s.tenant.status, 'active');
    } finally {
      await s.close();
    }
  });

  test('a verification aborted by a lost lease leaves the placement to the worker that took the job over', async () => {
    const s = await setup([0]);
    try {
      await s.runThrough('reload-nodes');
      setTimeout(() => s.lease.abort(new StepAborted('lease_lost')), 20);
      await assert.rejects(s.step('verify')(), (err) => err instanceof StepAborted && err.why === 'lease_lost');
      assert.equal(s.context.rollback, undefined);
      assert.equal(await s.shardInStore(), 'gw-dst', 'placement not rolled back');
      assert.equal(s.platform.placed.get(TENANT), 'gw-dst');
      assert.equal(s.tenant.status, 'migrating');
    } finally {
      await s.close();
    }
  });

  test('a worker fenced out of the job cannot start a rollback', async () => {
    let fenced = false;
    const s = await setup([new VmUnavailable('VictoriaMetrics answered HTTP 503')], {
      remember: async () => {
        if (fenced) throw new FencedOut('job-1', 1);
      },
    });
    try {
      await s.runThrough('reload-nodes');
      fenced = true;
      await assert.rejects(s.step('verify')(), (err) => err instanceof FencedOut);
      assert.equal(await s.shardInStore(), 'gw-dst', 'placement not rolled back');
      assert.equal(s.platform.placed.get(TENANT), 'gw-dst');
    } finally {
      await s.close();
    }
  });

  /** Control plane and platform agree on the source, which serves the tenant undrained, and the tenant is active. */
  async function assertBackOnSource(s: Awaited<ReturnType<typeof setup>>) {
    assert.equal(await s.shardInStore(), 'gw-src', 'store');
    assert.equal(s.platform.placed.get(TENANT), 'gw-src', 'platform');
    assert.deepEqual([...s.platform.draining], [], 'nothing left draining');
    assert.equal(s.tenant.status, 'active');
  }

  for (const last of ['update-placement', 'reload-nodes', 'verify', 'undrain-source']) {
    test(`a cancellation after ${last} moves placement and platform back to the source`, async () => {
      const s = await setup([7.5]);
      try {
        await s.runThrough(last);
        await s.cancelAfter(last);
        await assertBackOnSource(s);
        assert.equal(s.context.rollback, 'migration cancelled', 'recorded in the job before it changed anything');
        const [undone] = await s.store.history(TENANT, 'gateway', 1);
        assert.equal(undone?.jobId, 'job-1');
        assert.equal(undone?.previousShardId, 'gw-dst');
      } finally {
        await s.close();
      }
    });
  }

  test('a cancellation after update-placement reloads only the nodes that need it', async () => {
    const s = await setup([7.5]);
    try {
      await s.runThrough('update-placement');
      const before = s.platform.effects().length;
      await s.cancelAfter('update-placement');
      // The platform never took the move: no reload, the drain cleared.
      assert.deepEqual(s.platform.effects().slice(before), ['undrain acme-001@gw-src']);
      await assertBackOnSource(s);
    } finally {
      await s.close();
    }
  });

  test('a cancellation whose placement step wrote the store but was not recorded done (crash) still undoes the move', async () => {
    const s = await setup([7.5]);
    try {
      await s.runThrough('update-placement');
      await s.step('reload-nodes')();
      // The worker stopped inside update-placement as far as the runner knows: only the steps before it compensate.
      await s.cancelAfter('drain-source');
      await assertBackOnSource(s);
    } finally {
      await s.close();
    }
  });

  test('a compensation interrupted by a platform error is finished when the cancellation is carried out again', async () => {
    const s = await setup([7.5]);
    try {
      await s.runThrough('reload-nodes');
      s.platform.failNext('reload', new PlatformCallError('node-admin', 'timeout', 'no answer within 5000 ms'));
      await assert.rejects(s.cancelAfter('reload-nodes'), (err) => err instanceof PlatformCallError);
      assert.equal(await s.shardInStore(), 'gw-src');
      assert.equal(s.platform.placed.get(TENANT), 'gw-dst', 'the platform has not taken it yet');
      await s.cancelAfter('reload-nodes');
      await assertBackOnSource(s);
    } finally {
      await s.close();
    }
  });

  test('a cancellation leaves a placement another writer changed alone and fails', async () => {
    const s = await setup([7.5]);
    try {
      await s.runThrough('reload-nodes');
      const a = await s.store.getAssignment(TENANT, 'gateway');
      await s.store.moveAssignment(TENANT, 'gateway', a!.revision, 'gw-other', {
        at: new Date(0),
        actor: 'bob',
        reason: 'manual',
        jobId: null,
      });
      await assert.rejects(
        s.cancelAfter('reload-nodes'),
        (err) => err instanceof StepError && err.code === 'placement_changed' && /written by bob/.test(err.message)
      );
      assert.equal(await s.shardInStore(), 'gw-other');
    } finally {
      await s.close();
    }
  });

  test('a worker fenced out of the job cannot undo the placement on cancellation', async () => {
    let fenced = false;
    const s = await setup([7.5], {
      remember: async () => {
        if (fenced) throw new FencedOut('job-1', 1);
      },
    });
    try {
      await s.runThrough('reload-nodes');
      fenced = true;
      await assert.rejects(s.cancelAfter('reload-nodes'), (err) => err instanceof FencedOut);
      assert.equal(await s.shardInStore(), 'gw-dst');
      assert.equal(s.platform.placed.get(TENANT), 'gw-dst');
    } finally {
      await s.close();
    }
  });
});
