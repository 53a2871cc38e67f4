/**
 * kill -9 of the sidecar at every step of every job type, against the simulator: the test watches
 * the job's step state over HTTP and SIGKILLs the sidecar process as soon as the job reaches step k,
 * starts a new sidecar on the same SQLite file, and then checks that the job reached a terminal
 * state, that the simulator's side-effect counters show each effect exactly once, and that the
 * audit chain verifies. No test hook in the product: the kill comes from outside.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { JobDetail } from '../../src/contract';
import { tenantIdFor } from '../../src/simulator/model';
import { simSecretValue, startSim, type SimHandle } from '../../src/sidecar/testing/jobsTestkit';
import {
  apiClient,
  isTerminal,
  sidecarEnv,
  spawnSidecar,
  tempSqlite,
  type ApiClient,
  type SidecarProcess,
} from './harness';

const ENVS = ['dev', 'staging', 'prod'] as const;
const envOf = (i: number) => ENVS[i % 3];
const ns = (env: string) => `platform-${env}`;

interface Case {
  type: string;
  steps: number;
  /** Simulator tenant indexes the lane's sidecar must know. */
  tenants?: number[];
  /** Params for kill point k, and what must hold after the job finished. */
  make(
    k: number,
    lane: Lane
  ): {
    params: Record<string, unknown>;
    seed?: () => Promise<void>;
    check: (job: JobDetail, eff: Record<string, number>) => Promise<void> | void;
    /** An outside party the job waits for (the credentials agent), started before or after the kill. */
    drive?: { beforeKill: boolean; run(jobId: string): Promise<void> };
  };
}

interface Lane {
  sidecar: SidecarProcess;
  env: Record<string, string>;
  url(): string;
}

describe('kill -9 at every step of every job type (SQLite)', { concurrency: 4 }, () => {
  let sim: SimHandle;
  let api: ApiClient;
  const landed: string[] = [];
  const cleanups: Array<() => void> = [];

  const tenantCall = async (lane: Lane, id: string, to: string) => {
    const r = await api.call(lane.url(), 'changeTenantStatus', {
      params: { id },
      body: { to, reason: 'crash test setup' },
    });
    assert.equal(r.status, 200, JSON.stringify(r.json));
  };
  const tenantStatus = async (lane: Lane, id: string) =>
    (await api.call(lane.url(), 'getTenant', { params: { id } })).json.status as string;
  const statusAudits = async (lane: Lane, id: string, jobId: string) => {
    const r = await api.call(lane.url(), 'listAudit', {
      query: { targetType: 'tenant', targetId: id, jobId, action: 'tenant.status' },
    });
    return (r.json.items as unknown[]).length;
  };
  const shardsOf = (tenant: string) => Object.values(sim.sim.model.placementOf(tenant));

  /**
   * The credentials agent: once the job waits for its push, pushes the value the secret holds (one
   * Idempotency-Key per job), through sidecar restarts (connection errors are retried).
   */
  const pushWhenWaiting = (lane: Lane) => async (jobId: string) => {
    for (let pushed = false; !pushed; await new Promise((r) => setTimeout(r, 20))) {
      try {
        const j = await api.job(lane.url(), jobId);
        if (isTerminal(j)) return;
        const waiting = j.steps.find((s) => s.name === 'await-push');
        if (waiting?.status !== 'running' || !waiting.startedAt) continue;
        const p = j.params as { environment: string; secret: string; key: string };
        const r = await api.call(lane.url(), 'pushCredentials', {
          params: { id: jobId },
          body: {
            environment: p.environment,
            secret: p.secret,
            key: p.key,
            value: simSecretValue(sim, ns(p.environment), p.secret, p.key),
            // The sidecar's own clock (it may run offset): the agent applied it when the wait began.
            issuedAt: waiting.startedAt,
          },
          headers: { 'idempotency-key': `push-${jobId}` },
        });
        pushed = r.status === 200 || (r.status === 409 && /already received/.test(r.json.message));
      } catch {
        // The sidecar is being killed or restarted: try again.
      }
    }
  };

  /** One sidecar process and SQLite file per job type, with the simulator's tenants it uses. */
  async function lane(tenants: number[]): Promise<Lane> {
    const db = tempSqlite();
    cleanups.push(db.cleanup);
    const env = sidecarEnv(api.idp, sim.url, { SWITCHYARD_SQLITE_PATH: db.path });
    const l: Lane = { sidecar: await spawnSidecar(env), env, url: () => l.sidecar.url };
    for (const i of tenants) {
      const t = sim.sim.model.tenants[i];
      const r = await api.call(l.url(), 'createTenant', {
        body: {
          id: t.id,
          displayName: t.displayName,
          plan: t.plan,
          environment: t.env,
          organizationId: t.organizationId,
          applicationId: t.applicationId,
        },
        headers: { 'idempotency-key': `seed-tenant-${t.id}` },
      });
      assert.equal(r.status, 201, JSON.stringify(r.json));
      await tenantCall(l, t.id, 'active');
    }
    return l;
  }

  before(async () => {
    sim = await startSim({ tenants: 40, rolloutDelayMs: 150 });
    // Slow platform calls so each step is visible for a while (never slower than the client timeout).
    await sim.scenarios({ nodeAdminDelayMs: 60, k8sDelayMs: 60 });
    api = await apiClient();
  });
  after(async () => {
    await sim?.close();
    await api?.idp.close();
    for (const c of cleanups) c();
    process.stdout.write(`# kill points landed (in = during step k, afterN = at step N > k): ${landed.join(' ')}\n`);
  });

  const cases: Case[] = [
    {
      type: 'tenant.drain',
      steps: 4,
      tenants: [0, 1, 2, 3],
      make: (k, lane) => {
        const tenantId = tenantIdFor(k);
        return {
          params: { tenantId, drainTimeoutSeconds: 30 },
          check: async (_j, eff) => {
            for (const s of shardsOf(tenantId))
              assert.equal(eff[`drain:${tenantId}@${s}`], 1, `drain ${tenantId}@${s}`);
            assert.equal(await tenantStatus(lane, tenantId), 'draining');
          },
        };
      },
    },
    {
      type: 'tenant.undrain',
      steps: 3,
      tenants: [4, 5, 6],
      make: (k, lane) => {
        const tenantId = tenantIdFor(4 + k);
        return {
          params: { tenantId },
          seed: async () => {
            await tenantCall(lane, tenantId, 'draining');
            for (const s of shardsOf(tenantId)) sim.sim.model.draining.add(`${tenantId}|${s}`);
          },
          check: async (_j, eff) => {
            for (const s of shardsOf(tenantId))
              assert.equal(eff[`undrain:${tenantId}@${s}`], 1, `undrain ${tenantId}@${s}`);
            assert.equal(await tenantStatus(lane, tenantId), 'active');
          },
        };
      },
    },
    {
      type: 'tenant.suspend',
      steps: 2,
      tenants: [7, 8],
      make: (k, lane) => {
        const tenantId = tenantIdFor(7 + k);
        return {
          params: { tenantId },
          check: async (j) => {
            assert.equal(await tenantStatus(lane, tenantId), 'suspended');
            assert.equal(await statusAudits(lane, tenantId, j.id), 1, 'exactly one status change');
          },
        };
      },
    },
    {
      type: 'tenant.resume',
      steps: 2,
      tenants: [9, 10],
      make: (k, lane) => {
        const tenantId = tenantIdFor(9 + k);
        return {
          params: { tenantId },
          seed: () => tenantCall(lane, tenantId, 'suspended'),
          check: async (j) => {
            assert.equal(await tenantStatus(lane, tenantId), 'active');
            assert.equal(await statusAudits(lane, tenantId, j.id), 1, 'exactly one status change');
          },
        };
      },
    },
    {
      type: 'deployment.restart',
      steps: 2,
      make: (k, _lane) => ({
        params: { environment: 'dev', deployment: `gateway-dev-${k}` },
        check: (_j, eff) => assert.equal(eff[`restart:platform-dev/gateway-dev-${k}`], 1),
      }),
    },
    {
      type: 'deployment.scale',
      steps: 2,
      make: (k, _lane) => ({
        params: { environment: 'staging', deployment: `aggregate-staging-${k}`, replicas: 3 },
        check: (_j, eff) => assert.equal(eff[`scale:platform-staging/aggregate-staging-${k}`], 1),
      }),
    },
    {
      type: 'secret.rotate',
      steps: 4,
      make: (k, _lane) => {
        const t = 11 + k;
        const secret = `tenant-${tenantIdFor(t)}-db`;
        const n = ns(envOf(t));
        return {
          params: { environment: envOf(t), secret, key: 'dsn', format: 'url-password' },
          check: (_j, eff) => {
            assert.equal(eff[`secretWrite:${n}/${secret}-next`], 1, 'staging written once');
            assert.equal(eff[`secretWrite:${n}/${secret}`], 1, 'promoted once');
            assert.equal(eff[`secretDelete:${n}/${secret}-next`], 1, 'staging retired once');
          },
        };
      },
    },
    {
      type: 'credentials.refresh',
      steps: 5,
      make: (k, lane) => {
        const t = 15 + k;
        const secret = `tenant-${tenantIdFor(t)}-db`;
        const e = envOf(t);
        const deployment = `projection-${e}-${Math.floor(k / 3)}`;
        return {
          params: { environment: e, secret, deployment, key: 'dsn', format: 'url-password' },
          check: (_j, eff) => {
            assert.equal(eff[`secretDelete:${ns(e)}/${secret}`], 1, 'deleted once');
            assert.equal(eff[`secretWrite:${ns(e)}/${secret}`], 1, 'created once');
            assert.equal(eff[`restart:${ns(e)}/${deployment}`], 1, 'restarted once');
          },
          // Up to the wait itself the push comes after the restart of the sidecar; later kill points need it before.
          drive: { beforeKill: k > 2, run: pushWhenWaiting(lane) },
        };
      },
    },
  ];

  /** Audit entries of one job with one action (every page). */
  const auditsOf = async (lane: Lane, jobId: string, action: string) => {
    const out: Array<{ targetId: string }> = [];
    let cursor: string | undefined;
    do {
      const r = await api.call(lane.url(), 'listAudit', {
        query: { jobId, action, limit: '200', ...(cursor ? { cursor } : {}) },
      });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      out.push(...(r.json.items as Array<{ targetId: string }>));
      cursor = r.json.nextCursor ?? undefined;
    } while (cursor);
    return out;
  };

  // inventory.sync writes the control plane from what the platform runs; each kill point needs a
  // control plane that has not imported yet, so each one gets its own sidecar and SQLite file.
  test('inventory.sync: kill -9 at each of its 5 steps', async (t) => {
    for (let k = 0; k < 5; k++) {
      await t.test(`kill -9 at step ${k}`, async () => {
        const l = await lane([]);
        try {
          const r = await api.call(l.url(), 'createJob', {
            body: { type: 'inventory.sync', params: {}, reason: `crash at step ${k}` },
            headers: { 'idempotency-key': `crash-inventory.sync-${k}` },
          });
          assert.equal(r.status, 201, JSON.stringify(r.json));
          const id = r.json.job.id as string;
          const at = await api.waitJob(
            l.url(),
            id,
            (j) => isTerminal(j) || j.currentStep > k || j.steps[k].status === 'running',
            30_000,
            2
          );
          await l.sidecar.kill9();
          landed.push(
            `inventory.sync@${k}:${at.steps[k]?.status === 'running' ? 'in' : isTerminal(at) ? 'done' : `after${at.currentStep}`}`
          );
          l.sidecar = await spawnSidecar(l.env);
          const done = await api.waitJob(l.url(), id, isTerminal, 60_000);
          assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
          // Each platform tenant imported exactly once (one audited create each), nothing twice.
          const imports = await auditsOf(l, id, 'tenant.import');
          const tenants = sim.sim.model.tenants.map((x) => x.id).sort();
          assert.deepEqual(imports.map((a) => a.targetId).sort(), tenants, 'one tenant.import per platform tenant');
          assert.ok((await auditsOf(l, id, 'inventory.shards')).length <= 1, 'shards imported in one entry');
          assert.ok((await auditsOf(l, id, 'inventory.placements')).length <= 1, 'placements imported in one entry');
          // The verify step read both sides again: nothing left to create or update.
          const verify = done.steps[4].observed as {
            tenants: { create: number; update: number };
            shards: { create: number; update: number };
            placements: { create: number };
          };
          assert.deepEqual(
            [verify.tenants.create, verify.tenants.update, verify.shards.create, verify.shards.update],
            [0, 0, 0, 0]
          );
          assert.equal(verify.placements.create, 0);
          const chain = await api.call(l.url(), 'verifyAudit');
          assert.equal(chain.json.ok, true, JSON.stringify(chain.json));
        } finally {
          await l.sidecar.stop();
        }
      });
    }
  });

  for (const c of cases) {
    test(`${c.type}: kill -9 at each of its ${c.steps} steps`, async (t) => {
      const l = await lane(c.tenants ?? []);
      try {
        for (let k = 0; k < c.steps; k++) {
          await t.test(`kill -9 at step ${k}`, async () => {
            const { params, seed, check, drive } = c.make(k, l);
            await seed?.();
            const r = await api.call(l.url(), 'createJob', {
              body: { type: c.type, params, reason: `crash at step ${k}` },
              headers: { 'idempotency-key': `crash-${c.type}-${k}` },
            });
            assert.equal(r.status, 201, JSON.stringify(r.json));
            const id = r.json.job.id as string;
            const driving = drive?.beforeKill ? drive.run(id) : undefined;
            const at = await api.waitJob(
              l.url(),
              id,
              (j) => isTerminal(j) || j.currentStep > k || j.steps[k].status === 'running',
              30_000,
              2
            );
            await l.sidecar.kill9();
            landed.push(
              `${c.type}@${k}:${at.steps[k]?.status === 'running' ? 'in' : isTerminal(at) ? 'done' : `after${at.currentStep}`}`
            );
            l.sidecar = await spawnSidecar(l.env);
            const drivenAfter = drive && !drive.beforeKill ? drive.run(id) : undefined;
            const done = await api.waitJob(l.url(), id, isTerminal, 60_000);
            await Promise.all([driving, drivenAfter]);
            assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
            assert.ok(done.steps.every((s) => s.status === 'succeeded' && s.observed !== null));
            await check(done, (await sim.effects()).byTarget);
            const verify = await api.call(l.url(), 'verifyAudit');
            assert.equal(verify.json.ok, true, JSON.stringify(verify.json));
          });
        }
      } finally {
        await l.sidecar.stop();
      }
    });
  }
});

/**
 * shard.drain moves every tenant off a shard in one step (drain on the source, placement written,
 * both nodes reloaded, drain cleared, per tenant). A kill at any point of it must leave no move half
 * done: after the restart each tenant was moved on the platform exactly once, drained and undrained
 * once, and the control plane and the platform agree. Its own simulator: the drains and moves of the
 * cases above must not share tenants with it.
 */
describe('kill -9 during a shard drain (SQLite)', () => {
  let sim: SimHandle;
  let api: ApiClient;
  const cleanups: Array<() => void> = [];
  const landed: string[] = [];
  before(async () => {
    sim = await startSim({ tenants: 24 });
    await sim.scenarios({ nodeAdminDelayMs: 40 });
    api = await apiClient();
  });
  after(async () => {
    await sim?.close();
    await api?.idp.close();
    for (const c of cleanups) c();
    process.stdout.write(`# shard drain kill points: ${landed.join('; ')}\n`);
  });

  // One runner shard per kill point, each in its own environment (so no tenant is moved twice).
  ENVS.forEach((env, k) => {
    test(`shard.drain: kill -9 at step ${k} of 3${k === 2 ? ', right after the first placement write' : ''}`, async () => {
      const db = tempSqlite();
      cleanups.push(db.cleanup);
      const env0 = sidecarEnv(api.idp, sim.url, { SWITCHYARD_SQLITE_PATH: db.path });
      let sidecar = await spawnSidecar(env0);
      try {
        const url = () => sidecar.url;
        const synced = await api.call(url(), 'syncPlacement');
        assert.equal(synced.status, 200, JSON.stringify(synced.json));
        const [shardId, other] = sim.sim.model.shardsOf('runner', env).map((s) => s.id) as [string, string];
        const moving = sim.sim.model.tenantsOn(shardId).map((t) => t.id);
        assert.ok(moving.length >= 2, `tenants on ${shardId}: ${moving.join()}`);
        const before = (await sim.effects()).byTarget as Record<string, number>;

        const r = await api.call(url(), 'createJob', {
          body: { type: 'shard.drain', params: { shardId, concurrency: 2 }, reason: `crash at step ${k}` },
          headers: { 'idempotency-key': `crash-shard.drain-${k}` },
        });
        assert.equal(r.status, 201, JSON.stringify(r.json));
        const id = r.json.job.id as string;
        await api.waitJob(
          url(),
          id,
          (j) => isTerminal(j) || j.currentStep > k || j.steps[k].status === 'running',
          30_000,
          2
        );
        if (k === 2) {
          // Inside the moves: right after the first placement write, while its nodes are reloaded.
          for (let left = moving.length; left === moving.length;) {
            const page = await api.call(url(), 'listShardTenants', { params: { id: shardId } });
            left = (page.json.items as unknown[]).length;
          }
        }
        await sidecar.kill9();
        const platformThen = moving.filter((t) => sim.sim.model.shardOf(t, 'runner') === other).length;
        landed.push(`shard.drain@${k}: ${platformThen}/${moving.length} moved on the platform at the kill`);
        sidecar = await spawnSidecar(env0);
        const done = await api.waitJob(url(), id, isTerminal, 60_000);
        assert.equal(done.status, 'succeeded', JSON.stringify(done.error));

        const after = (await sim.effects()).byTarget as Record<string, number>;
        const delta = (key: string) => (after[key] ?? 0) - (before[key] ?? 0);
        for (const t of moving) {
          assert.equal(sim.sim.model.shardOf(t, 'runner'), other, `the platform serves ${t} from ${other}`);
          assert.equal(delta(`placementChange:${t}/runner`), 1, `${t} moved on the platform once`);
          assert.equal(delta(`drain:${t}@${shardId}`), 1, `${t} drained once`);
          assert.equal(delta(`undrain:${t}@${shardId}`), 1, `${t} undrained once`);
          assert.equal(sim.sim.model.isDraining(t, shardId), false);
          const placed = await api.call(url(), 'getTenantPlacement', { params: { id: t } });
          const runner = (placed.json.kinds as Array<{ kind: string; assignment: { shardId: string } | null }>).find(
            (x) => x.kind === 'runner'
          );
          assert.equal(runner?.assignment?.shardId, other, `the control plane places ${t} on ${other}`);
        }
        const verify = await api.call(url(), 'verifyAudit');
        assert.equal(verify.json.ok, true, JSON.stringify(verify.json));
      } finally {
        await sidecar.stop();
      }
    });
  });
});
