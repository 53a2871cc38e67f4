/**
 * Property-based test (fast-check) of the job state machine on the real app and workers: random
 * sequences of create (suspend/resume, prod needs approval), approve (by the requester or a second
 * operator, with the right or a stale plan hash) and cancel, interleaved with the workers. After
 * every command: at most one active job per tenant, no job ever leaves a terminal state or moves
 * backwards, API answers are only the documented ones. At the end: the tenant's status is what
 * its last successful job made it, and the audit chain verifies.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { JobDetail, JobStatus } from '../../src/contract';
import { getJob, waitForJob } from '../../src/sidecar/testing/jobsTestkit';
import { idempotencyKey, startTestApp, tenantBody, type TestApp } from '../../src/sidecar/testing/testApp';

/** Where a job may be seen next, given where it was seen (several transitions may happen between two looks). */
const REACHABLE: Record<JobStatus, JobStatus[]> = {
  awaiting_approval: ['awaiting_approval', 'queued', 'running', 'succeeded', 'failed', 'cancelled'],
  queued: ['queued', 'awaiting_approval', 'running', 'succeeded', 'failed', 'cancelled'],
  running: ['running', 'succeeded', 'failed', 'cancelled'],
  succeeded: ['succeeded'],
  failed: ['failed'],
  cancelled: ['cancelled'],
};

type Cmd =
  | { kind: 'create'; type: 'tenant.suspend' | 'tenant.resume'; tenant: number; login: 'alice' | 'bob' }
  | { kind: 'approve'; job: number; login: 'alice' | 'bob' | 'carol'; stale: boolean }
  | { kind: 'cancel'; job: number }
  | { kind: 'settle'; ms: number };

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    type: fc.constantFrom('tenant.suspend' as const, 'tenant.resume' as const),
    tenant: fc.nat(2),
    login: fc.constantFrom('alice' as const, 'bob' as const),
  }),
  fc.record({
    kind: fc.constant('approve' as const),
    job: fc.nat(9),
    login: fc.constantFrom('alice' as const, 'bob' as const, 'carol' as const),
    stale: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('cancel' as const), job: fc.nat(9) }),
  fc.record({ kind: fc.constant('settle' as const), ms: fc.integer({ min: 0, max: 60 }) })
);

describe('job state machine (property-based, SQLite)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('sqlite', { SWITCHYARD_APPROVAL_POLICY: 'prod:*', SWITCHYARD_JOB_POLL_MS: '20' });
  });
  after(() => t?.close());

  const as = (login: string) => ({ claims: { username: login, sub: `user:${login}` } });

  test('invariants hold for random command sequences', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(cmdArb, { minLength: 3, maxLength: 12 }), async (cmds) => {
        run += 1;
        const tenants: string[] = [];
        for (const env of ['prod', 'dev', 'prod']) {
          const body = tenantBody({ id: `sm-${run}-${tenants.length}-${process.pid}`, environment: env });
          assert.equal(
            (await t.call('createTenant', { body, headers: { 'idempotency-key': idempotencyKey() } })).statusCode,
            201
          );
          assert.equal(
            (
              await t.call('changeTenantStatus', {
                params: { id: body.id as string },
                body: { to: 'active', reason: 'property setup' },
              })
            ).statusCode,
            200
          );
          tenants.push(body.id as string);
        }
        const jobs: JobDetail[] = [];
        const seen = new Map<string, JobStatus>();
        const observe = async () => {
          for (const j of jobs) {
            const now = await getJob(t, j.id);
            const prev = seen.get(j.id) ?? 'awaiting_approval';
            assert.ok(REACHABLE[prev].includes(now.status), `job ${j.id} went ${prev} → ${now.status}`);
            seen.set(j.id, now.status);
            if (now.status === 'succeeded') assert.ok(now.steps.every((s) => s.status === 'succeeded'));
          }
          for (const id of tenants) {
            const active = jobs.filter(
              (j) => j.tenantId === id && ['awaiting_approval', 'queued', 'running'].includes(seen.get(j.id) as string)
            );
            assert.ok(active.length <= 1, `tenant ${id} has ${active.length} active jobs`);
          }
        };
        for (const c of cmds) {
          if (c.kind === 'create') {
            const r = await t.call('createJob', {
              body: { type: c.type, params: { tenantId: tenants[c.tenant] }, reason: 'property' },
              headers: { 'idempotency-key': idempotencyKey() },
              token: as(c.login),
            });
            assert.ok([201, 409].includes(r.statusCode), `create → ${r.statusCode} ${r.body}`);
            if (r.statusCode === 201) {
              jobs.push(r.json().job);
              seen.set(r.json().job.id, r.json().job.status);
            }
          } else if (c.kind === 'approve' && jobs.length) {
            const j = await getJob(t, jobs[c.job % jobs.length].id);
            const r = await t.call('approveJob', {
              params: { id: j.id },
              body: { planHash: c.stale ? '0'.repeat(64) : j.approval.planHash },
              token: as(c.login),
            });
            assert.ok([200, 403, 409].includes(r.statusCode), `approve → ${r.statusCode}`);
            if (c.login === j.requestedBy.login) assert.notEqual(r.statusCode, 200, 'the requester can never approve');
            if (c.stale) assert.notEqual(r.statusCode, 200, 'a stale plan hash is never accepted');
          } else if (c.kind === 'cancel' && jobs.length) {
            const r = await t.call('cancelJob', {
              params: { id: jobs[c.job % jobs.length].id },
              body: { reason: 'property cancel' },
            });
            assert.ok([200, 409].includes(r.statusCode), `cancel → ${r.statusCode}`);
          } else if (c.kind === 'settle') {
            await new Promise((r) => setTimeout(r, c.ms));
          }
          await observe();
        }
        // Drain the run: cancel what waits for approval, let the rest finish.
        for (const j of jobs) {
          const now = await getJob(t, j.id);
          if (now.status === 'awaiting_approval')
            await t.call('cancelJob', { params: { id: j.id }, body: { reason: 'property end' } });
        }
        const final = await Promise.all(jobs.map((j) => waitForJob(t, j.id, undefined, 15_000)));
        await observe();
        for (const id of tenants) {
          const mine = final
            .filter((j) => j.tenantId === id && j.status === 'succeeded')
            .sort((x, y) => String(x.finishedAt).localeCompare(String(y.finishedAt)));
          const last = mine[mine.length - 1];
          const expected = last?.type === 'tenant.suspend' ? 'suspended' : 'active';
          const tenant = (await t.call('getTenant', { params: { id } })).json();
          assert.equal(tenant.status, expected, `tenant ${id}`);
          assert.equal(tenant.featureFlags.killSwitch, expected === 'suspended');
        }
        assert.equal((await t.call('verifyAudit')).json().ok, true);
      }),
      { numRuns: 12 }
    );
  });
});
