/**
 * Two workers on PostgreSQL. (1) Two sidecar replicas (two composition roots, two pools, one
 * database) race for the same jobs: each step runs once (one `job.step` audit entry per step, one
 * platform effect per job). (2) A worker whose lease was taken over is fenced out: its writes are
 * refused and the new owner's succeed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/sidecar/app';
import { createJob, jobsEnv, startSim, waitForJob, type SimHandle } from '../../src/sidecar/testing/jobsTestkit';
import { FencedOut, claimNext, getJobRow, updateJobFenced } from '../../src/sidecar/jobs/jobs.store';
import { startTestApp, type TestApp } from '../../src/sidecar/testing/testApp';
import { pgSkipped } from '../../src/sidecar/testing/postgres';

describe('fencing on PostgreSQL', { skip: pgSkipped() ? 'SWITCHYARD_SKIP_PG=1' : false }, () => {
  let sim: SimHandle;
  let a: TestApp;
  let b: FastifyInstance;
  before(async () => {
    sim = await startSim({ rolloutDelayMs: 20 });
    await sim.scenarios({ k8sDelayMs: 20 });
    a = await startTestApp(
      'postgres',
      jobsEnv(sim.url, { SWITCHYARD_JOB_CONCURRENCY: '8', SWITCHYARD_JOB_LEASE_MS: '1500' })
    );
    // A second replica: same config and database, its own pool and workers.
    b = await buildApp(a.config, { logger: pino({ level: 'silent' }) });
  });
  after(async () => {
    await b?.close();
    await a?.close();
    await sim?.close();
  });

  test('two replicas racing for 12 jobs run every step exactly once', async () => {
    const ids: string[] = [];
    for (const env of ['dev', 'staging', 'prod']) {
      for (const kind of ['gateway', 'aggregate']) {
        for (const i of [0, 1]) {
          const r = await createJob(a, {
            type: 'deployment.restart',
            params: { environment: env, deployment: `${kind}-${env}-${i}` },
          });
          assert.equal(r.statusCode, 201, r.body);
          ids.push(r.json().job.id);
        }
      }
    }
    const jobs = await Promise.all(ids.map((id) => waitForJob(a, id, undefined, 60_000)));
    assert.deepEqual(
      jobs.map((j) => j.status),
      ids.map(() => 'succeeded')
    );
    const steps = await a.database.db
      .selectFrom('audit_entries')
      .select(['job_id', 'details'])
      .where('action', '=', 'job.step')
      .where('job_id', 'in', ids)
      .execute();
    const perStep = new Map<string, number>();
    for (const s of steps) {
      const k = `${s.job_id}:${JSON.parse(s.details).index}`;
      perStep.set(k, (perStep.get(k) ?? 0) + 1);
    }
    assert.equal(perStep.size, ids.length * 2);
    assert.ok(
      [...perStep.values()].every((n) => n === 1),
      'each step completed once'
    );
    const eff = (await sim.effects()).byTarget;
    for (const j of jobs) assert.equal(eff[`restart:${j.target.replace('/deployment/', '/')}`], 1, j.target);
    const owners = await a.database.db
      .selectFrom('audit_entries')
      .select('details')
      .where('action', '=', 'job.start')
      .where('job_id', 'in', ids)
      .execute();
    assert.equal(owners.length, ids.length, 'each job started once (no takeover while its worker was alive)');
  });

  test('a stale worker is fenced out after its lease was taken over', async () => {
    await b.close(); // only explicit claims from here on
    const r = await createJob(a, {
      type: 'deployment.scale',
      params: { environment: 'dev', deployment: 'runner-dev-1', replicas: 2 },
    });
    const id = r.json().job.id;
    await waitForJob(a, id);
    const db = a.database.db;
    // Re-queue it by hand and let two workers claim in turn, the first one's lease having expired.
    await db
      .updateTable('jobs' as never)
      .set({ status: 'queued', active: 1, lease_owner: null, lease_expires_at: null } as never)
      .where('id' as never, '=', id as never)
      .execute();
    const first = await claimNext(db, 'worker-a', new Date(), 60_000);
    assert.ok(first && first.jobId === id);
    const stolen = await claimNext(db, 'worker-b', new Date(Date.now() + 120_000), 60_000);
    assert.ok(
      stolen && stolen.jobId === id && stolen.fence === first.fence + 1,
      'the expired lease was taken over with a new fencing token'
    );
    await assert.rejects(updateJobFenced(db, first, { current_step: 0 }), FencedOut);
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await updateJobFenced(trx, first, { updated_at: new Date().toISOString() });
      }),
      FencedOut
    );
    await updateJobFenced(db, stolen, { status: 'succeeded', active: 0 });
    const row = await getJobRow(db, id);
    assert.equal(row?.lease_owner, 'worker-b');
    assert.equal(Number(row?.fence), stolen.fence);
  });
});
